//! Literal gates: what every match of a phrase rule must contain, and where.
//!
//! Running ninety regexes over a megabyte costs far more than the 20 ms budget, yet almost all
//! of that text cannot match: every rule needs certain words. For each rule the table in
//! `gate_table.rs` lists *requirements*: sets of literals such that every match contains one
//! literal of each set, starting at most `pre` bytes after the match start and ending at most
//! `post` bytes before the match end. A rule runs only in windows `[hit - pre, hit + len +
//! post]` around the hits of one requirement (chosen per text: the one whose windows cover
//! least) that also hold a hit of every other requirement, merged. No match can lie elsewhere,
//! and none crosses a window edge (it would lie in the window of its own hit, which would have
//! been merged), so the windowed search finds exactly the matches of a whole-text search
//! (`patterns::tests` checks this on the dev corpus and on generated texts). A requirement
//! marked `word_start` counts only hits after a non-word byte, where the rule has a word
//! boundary or a non-word character before the literal.
//!
//! The literals are lowercase and are looked for in the ASCII-lowercased text, which is also
//! what case-insensitive rules are compiled for ([`lower_hir`]: no uppercase ASCII left), so
//! their automata carry no case variants. Where a case-sensitive rule spells a requirement's
//! literals in one case only (`Human|User|Assistant`), the table keeps that spelling (`case`)
//! and a hit counts only where the text has it: "your user" on every line of a page no longer
//! opens a window for a `User:` turn marker. The table is derived from the rules' syntax trees by
//! a test (not at run time: parsing every rule would cost a fresh hook process several ms);
//! `BELAY_BLESS_GATES=1 cargo test -p belay-inject gate_table` rewrites it after a rule
//! changes, and the test fails while it is stale.
//!
//! Unbounded repetitions (`\s+`, `\w*`) are counted as at most `REPEAT_CAP` repetitions for
//! `pre` and `post`: a match needing a longer run (a phrase padded with 40 spaces between two
//! words) is the one thing a window can miss. The trigger windows this replaces (±400 bytes
//! around a trigger word) had the same kind of limit.

use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange};
use regex_syntax::hir::{Hir, HirKind};

/// Repetitions counted for an unbounded `*` / `+` when bounding match lengths.
#[cfg(test)]
pub const REPEAT_CAP: u32 = 32;

/// One rule's gate: every match contains a literal of each requirement.
pub struct Gate {
    pub reqs: &'static [Req],
}

/// A set of literals one of which every match of a rule contains, starting at most `pre`
/// bytes after the match start and ending at most `post` bytes before its end. With
/// `word_start`, the literal always follows a non-word byte (the rule has a word boundary or a
/// non-word character there). Windows are built around the hits of one requirement (the one
/// that makes the least text to search) and must hold hits of all the others. With `case`,
/// the literal occurs in the text exactly as listed (the rule is case-sensitive there).
pub struct Req {
    pub word_start: bool,
    /// The literals are as the (case-sensitive) rule spells them, and count only where the
    /// text has them in that case; otherwise they are lowercase.
    pub case: bool,
    pub pre: usize,
    pub post: usize,
    pub lits: &'static [&'static [u8]],
    /// Where each literal, lowercased, is in [`LITS`] (so that a hook process need not
    /// collect them).
    pub ids: &'static [u16],
}

pub use crate::gate_table::{GATES, LITS};

/// `h` for ASCII-lowercased text: uppercase ASCII letters leave every class and literal (their
/// lowercase partners are added where missing), and the characters that `normalize::fold`
/// replaces (long s, Kelvin sign) are dropped, since the screened text never holds them.
/// A case-insensitive rule compiled from this matches the lowercased text exactly where the
/// original matches the original text.
pub fn lower_hir(h: &Hir) -> Hir {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => h.clone(),
        HirKind::Literal(lit) if !lit.0.iter().any(u8::is_ascii_uppercase) => h.clone(),
        HirKind::Literal(lit) => Hir::literal(lit.0.to_ascii_lowercase()),
        // Each class once through its ranges, without set operations: a case-insensitive rule
        // has one per letter (`[Aa]`), and this runs in every hook process that compiles one.
        HirKind::Class(Class::Bytes(c)) => {
            if !c
                .ranges()
                .iter()
                .any(|r| r.start() <= b'Z' && b'A' <= r.end())
            {
                return h.clone();
            }
            let mut out = Vec::with_capacity(c.ranges().len() + 2);
            for r in c.ranges() {
                let (s, e) = (r.start(), r.end());
                if s < b'A' {
                    out.push(ClassBytesRange::new(s, e.min(b'A' - 1)));
                }
                if s <= b'Z' && b'A' <= e {
                    let (ls, le) = (s.max(b'A'), e.min(b'Z'));
                    out.push(ClassBytesRange::new(
                        ls.to_ascii_lowercase(),
                        le.to_ascii_lowercase(),
                    ));
                }
                if e > b'Z' {
                    out.push(ClassBytesRange::new(s.max(b'Z' + 1), e));
                }
            }
            Hir::class(Class::Bytes(ClassBytes::new(out)))
        }
        HirKind::Class(Class::Unicode(c)) => {
            // Uppercase ASCII, long s and the Kelvin sign leave; lowercase ASCII comes in.
            const GONE: [(char, char); 3] =
                [('A', 'Z'), ('\u{17F}', '\u{17F}'), ('\u{212A}', '\u{212A}')];
            let hit =
                |r: &ClassUnicodeRange| GONE.iter().any(|&(a, b)| r.start() <= b && a <= r.end());
            if !c.ranges().iter().any(hit) {
                return h.clone();
            }
            let mut out = Vec::with_capacity(c.ranges().len() + 4);
            for r in c.ranges() {
                let (s, e) = (r.start(), r.end());
                if s <= 'Z' && 'A' <= e {
                    let (ls, le) = (s.max('A'), e.min('Z'));
                    out.push(ClassUnicodeRange::new(
                        ls.to_ascii_lowercase(),
                        le.to_ascii_lowercase(),
                    ));
                }
                // What is left of the range once the gone characters are cut out.
                let mut from = Some(s);
                for &(a, b) in &GONE {
                    let Some(f) = from else { break };
                    if b < f || e < a {
                        continue;
                    }
                    if f < a {
                        out.push(ClassUnicodeRange::new(f, prev(a)));
                    }
                    from = (b < e).then(|| next(b));
                }
                if let Some(f) = from {
                    out.push(ClassUnicodeRange::new(f, e));
                }
            }
            Hir::class(Class::Unicode(ClassUnicode::new(out)))
        }
        HirKind::Repetition(r) => {
            let mut r = r.clone();
            r.sub = Box::new(lower_hir(&r.sub));
            Hir::repetition(r)
        }
        HirKind::Capture(c) => {
            let mut c = c.clone();
            c.sub = Box::new(lower_hir(&c.sub));
            Hir::capture(c)
        }
        HirKind::Concat(v) => Hir::concat(v.iter().map(lower_hir).collect()),
        HirKind::Alternation(v) => Hir::alternation(v.iter().map(lower_hir).collect()),
    }
}

/// The characters just before and after `c` (none of the gone ones borders a surrogate).
fn prev(c: char) -> char {
    char::from_u32(c as u32 - 1).unwrap_or(c)
}
fn next(c: char) -> char {
    char::from_u32(c as u32 + 1).unwrap_or(c)
}

/// Longest match of `h` in bytes, unbounded repetitions counted as [`REPEAT_CAP`] more.
#[cfg(test)]
pub fn max_len(h: &Hir) -> usize {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => 0,
        HirKind::Literal(l) => l.0.len(),
        HirKind::Class(Class::Bytes(_)) => 1,
        HirKind::Class(Class::Unicode(c)) => c.ranges().last().map_or(0, |r| r.end().len_utf8()),
        HirKind::Repetition(r) => {
            let n = r.max.unwrap_or(r.min.saturating_add(REPEAT_CAP));
            (n as usize).saturating_mul(max_len(&r.sub))
        }
        HirKind::Capture(c) => max_len(&c.sub),
        HirKind::Concat(v) => v.iter().map(max_len).sum(),
        HirKind::Alternation(v) => v.iter().map(max_len).max().unwrap_or(0),
    }
}

/// Deriving the table (test only; see the module comment).
#[cfg(test)]
pub mod derive {
    use super::*;

    /// Largest literal set carried along (cross products beyond it are cut).
    const MAX_SET: usize = 16;
    /// Sets of classes with up to this many members are spelled out.
    const MAX_CLASS: usize = 4;
    /// Requirements used per rule (the primary and up to three more).
    const MAX_REQS: usize = 4;

    type Set = Vec<Vec<u8>>;

    /// A requirement: a set of literals one of which every match contains, at most `pre`
    /// bytes after the match start and ending at most `post` bytes before its end.
    #[derive(Clone, PartialEq)]
    struct Req {
        set: Set,
        pre: usize,
        post: usize,
        /// In every match, the literal follows a non-word byte (or the text start).
        word_start: bool,
    }

    impl Req {
        fn shift(mut self, pre: usize, post: usize) -> Req {
            self.pre += pre;
            self.post += post;
            self
        }
    }

    struct Info {
        /// Every string `h` can match, when that is a short list.
        exact: Option<Set>,
        reqs: Vec<Req>,
    }

    fn norm(mut s: Set) -> Set {
        s.sort();
        s.dedup();
        s
    }

    /// Words so frequent in tool output (prose, code, logs, markup) that a set holding one
    /// gates little; such sets come last.
    const COMMON: &[&[u8]] = &[
        b"the", b"and", b"for", b"you", b"your", b"all", b"any", b"use", b"user", b"data", b"add",
        b"get", b"set", b"system", b"this", b"that", b"with", b"new", b"not", b"can", b"are",
        b"http", b"file", b"run", b"then", b"from", b"have", b"will", b"need", b"page", b"list",
        b"find", b"read", b"post", b"note", b"type", b"name", b"value", b"error",
    ];

    /// Can this set be a requirement, and how selective is it (higher is better)? Longer
    /// literals are rarer; non-ASCII bytes count twice (rarer in most tool output).
    fn score(s: &Set) -> Option<(bool, usize, std::cmp::Reverse<usize>)> {
        let weight = |l: &Vec<u8>| l.len() + l.iter().filter(|&&b| b >= 0x80).count();
        // Single bytes match almost anywhere; "@" (mail addresses, mentions) and "$" (amounts)
        // are rarer.
        let ok = s.iter().all(|l| l.len() >= 2 || l == b"@" || l == b"$");
        let rare = !s
            .iter()
            .any(|l| COMMON.contains(&l.to_ascii_lowercase().as_slice()));
        let w = s.iter().map(weight).min()?;
        ok.then_some((rare, w, std::cmp::Reverse(s.len())))
    }

    /// Gates on its own: no literal is a short one that may sit anywhere in a word.
    fn strong(q: &Req) -> bool {
        score(&q.set).is_some()
            && (q.word_start || q.set.iter().all(|l| l.len() >= 3 || l == b"@" || l == b"$"))
    }

    fn class_members(c: &Class) -> Option<Set> {
        match c {
            Class::Bytes(b) => {
                let n: usize = b
                    .ranges()
                    .iter()
                    .map(|r| (r.end() - r.start()) as usize + 1)
                    .sum();
                (n <= MAX_CLASS).then(|| {
                    b.ranges()
                        .iter()
                        .flat_map(|r| (r.start()..=r.end()).map(|x| vec![x]))
                        .collect()
                })
            }
            Class::Unicode(u) => {
                let n: usize = u
                    .ranges()
                    .iter()
                    .map(|r| (r.end() as usize) - (r.start() as usize) + 1)
                    .sum();
                (n <= MAX_CLASS).then(|| {
                    u.ranges()
                        .iter()
                        .flat_map(|r| (r.start()..=r.end()).map(|c| c.to_string().into_bytes()))
                        .collect()
                })
            }
        }
    }

    /// Every literal starts with a word byte (only then does a word boundary before it say
    /// that a non-word byte precedes it).
    fn starts_word(set: &Set) -> bool {
        set.iter().all(|l| {
            l.first()
                .is_some_and(|&x| x.is_ascii_alphanumeric() || x == b'_')
        })
    }

    /// A requirement of a whole (exact) part, preceded by a non-word byte if `after_non_word`.
    fn whole(set: Set, after_non_word: bool) -> Req {
        Req {
            word_start: after_non_word && starts_word(&set),
            set,
            pre: 0,
            post: 0,
        }
    }

    /// Does `h` (just before a literal) guarantee a non-word byte or a word boundary there?
    fn ends_non_word(h: &Hir) -> bool {
        use regex_syntax::hir::Look;
        let non_word =
            |c: &Class| match c {
                Class::Bytes(b) => b.ranges().iter().all(|r| {
                    (r.start()..=r.end()).all(|x| !(x.is_ascii_alphanumeric() || x == b'_'))
                }),
                Class::Unicode(u) => u.ranges().iter().all(|r| {
                    (r.start()..=r.end()).all(|x| !(x.is_ascii_alphanumeric() || x == '_'))
                }),
            };
        match h.kind() {
            // Word boundaries, and line or text starts (after a newline or nothing).
            HirKind::Look(
                Look::WordAscii
                | Look::WordStartAscii
                | Look::WordStartHalfAscii
                | Look::Start
                | Look::StartLF
                | Look::StartCRLF,
            ) => true,
            HirKind::Class(c) => non_word(c),
            HirKind::Literal(l) => {
                l.0.last()
                    .is_some_and(|&x| !(x.is_ascii_alphanumeric() || x == b'_'))
            }
            HirKind::Repetition(r) if r.min >= 1 => ends_non_word(&r.sub),
            HirKind::Capture(c) => ends_non_word(&c.sub),
            HirKind::Concat(v) => prefix_ends_non_word(v, false),
            HirKind::Alternation(v) => v.iter().all(ends_non_word),
            _ => false,
        }
    }

    /// Does the concatenation `v` end with a non-word byte or boundary? An optional part that
    /// ends non-word (`\s*`, `(?:please\s+)?`) defers to what precedes it, and where all of
    /// `v` may be empty, what precedes `v` decides (`before`: a non-word byte or boundary).
    fn prefix_ends_non_word(v: &[Hir], before: bool) -> bool {
        let Some((last, rest)) = v.split_last() else {
            return before;
        };
        if ends_non_word(last) {
            return true;
        }
        match last.kind() {
            HirKind::Repetition(r) if r.min == 0 && ends_non_word(&r.sub) => {
                prefix_ends_non_word(rest, before)
            }
            _ => false,
        }
    }

    /// What every match of `h` contains; `after_non_word`: in the rule, every match of `h`
    /// follows a non-word byte or boundary (or the text start).
    fn info(h: &Hir, after_non_word: bool) -> Info {
        match h.kind() {
            HirKind::Empty | HirKind::Look(_) => Info {
                exact: Some(vec![Vec::new()]),
                reqs: vec![],
            },
            HirKind::Literal(l) => Info {
                exact: Some(vec![l.0.to_vec()]),
                reqs: vec![],
            },
            HirKind::Class(c) => Info {
                exact: class_members(c),
                reqs: vec![],
            },
            HirKind::Capture(c) => info(&c.sub, after_non_word),
            HirKind::Repetition(r) => {
                // Later repetitions follow the one before.
                let sub_after = after_non_word && (r.max == Some(1) || ends_non_word(&r.sub));
                let s = info(&r.sub, sub_after);
                if r.min == 0 {
                    let exact = match (r.max, s.exact) {
                        (Some(1), Some(mut e)) => {
                            e.push(Vec::new());
                            Some(norm(e))
                        }
                        _ => None,
                    };
                    return Info {
                        exact,
                        reqs: vec![],
                    };
                }
                if r.max == Some(1) {
                    return s;
                }
                // The literal may lie in any of the repetitions.
                let n = r.max.unwrap_or(r.min.saturating_add(REPEAT_CAP)) as usize;
                let extra = n.saturating_sub(1) * max_len(&r.sub);
                let mut reqs: Vec<Req> =
                    s.reqs.into_iter().map(|q| q.shift(extra, extra)).collect();
                if let Some(e) = s.exact {
                    reqs.push(whole(e, sub_after).shift(extra, extra));
                }
                Info { exact: None, reqs }
            }
            HirKind::Concat(v) => {
                let lens: Vec<usize> = v.iter().map(max_len).collect();
                let total: usize = lens.iter().sum();
                let mut reqs = Vec::new();
                // The run of exact children: its strings, the offset where it starts, and
                // whether a non-word byte precedes it.
                let mut run: Option<(Set, usize, bool)> = Some((vec![Vec::new()], 0, false));
                let mut all_exact = true;
                let mut at = 0;
                let flush = |set: Set, from: usize, to: usize, ws: bool, reqs: &mut Vec<Req>| {
                    // A word boundary only tells about a literal that starts with a word byte.
                    let ws = ws
                        && set.iter().all(|l| {
                            l.first()
                                .is_some_and(|&x| x.is_ascii_alphanumeric() || x == b'_')
                        });
                    reqs.push(Req {
                        set,
                        pre: from,
                        post: total - to,
                        word_start: ws,
                    });
                };
                for (k, (c, &len)) in v.iter().zip(&lens).enumerate() {
                    let before_non_word = prefix_ends_non_word(&v[..k], after_non_word);
                    let ci = info(c, before_non_word);
                    reqs.extend(ci.reqs.into_iter().map(|mut q| {
                        // A literal always at the child's start follows what precedes it.
                        if q.pre == 0 && before_non_word && starts_word(&q.set) {
                            q.word_start = true;
                        }
                        q.shift(at, total - at - len)
                    }));
                    match (run.take(), ci.exact) {
                        (Some((r, from, ws)), Some(e)) => {
                            // Nothing but look-arounds so far: what precedes this child
                            // precedes the run's literals.
                            let ws = if r == [Vec::<u8>::new()] {
                                ws || before_non_word
                            } else {
                                ws
                            };
                            if r.len() * e.len() > MAX_SET {
                                flush(r, from, at, ws, &mut reqs);
                                run = Some((e, at, before_non_word));
                                all_exact = false;
                            } else {
                                let mut p = Vec::with_capacity(r.len() * e.len());
                                for a in &r {
                                    for b in &e {
                                        let mut x = a.clone();
                                        x.extend_from_slice(b);
                                        p.push(x);
                                    }
                                }
                                run = Some((norm(p), from, ws));
                            }
                        }
                        (Some((r, from, ws)), None) => {
                            flush(r, from, at, ws, &mut reqs);
                            all_exact = false;
                        }
                        // A new run starts at an exact child. (Not after an inexact one: its
                        // literals would not start where that child starts, nor follow what
                        // precedes it.)
                        (None, e) => {
                            all_exact = false;
                            run = e.map(|e| (e, at, before_non_word));
                        }
                    }
                    at += len;
                }
                if let Some((r, from, ws)) = &run {
                    flush(r.clone(), *from, at, *ws, &mut reqs);
                }
                Info {
                    exact: if all_exact { run.map(|r| r.0) } else { None },
                    reqs,
                }
            }
            HirKind::Alternation(v) => {
                let infos: Vec<Info> = v.iter().map(|b| info(b, after_non_word)).collect();
                let exact = infos
                    .iter()
                    .map(|i| i.exact.clone())
                    .collect::<Option<Vec<Set>>>()
                    .map(|s| norm(s.concat()))
                    .filter(|s| s.len() <= MAX_SET);
                // Every match lies in one branch, so the union of one requirement from each
                // branch is a requirement; the k-th union takes each branch's k-th best.
                let mut ranked: Vec<Vec<Req>> = Vec::new();
                for i in &infos {
                    let mut own: Vec<Req> = i
                        .reqs
                        .iter()
                        .cloned()
                        .chain(i.exact.clone().map(|e| whole(e, after_non_word)))
                        .collect();
                    own.retain(|q| score(&q.set).is_some());
                    if own.is_empty() {
                        return Info {
                            exact,
                            reqs: vec![],
                        };
                    }
                    // Sets that would gate nothing on their own (short literals anywhere in
                    // a word) rank last: a union with one would be as weak.
                    own.sort_by_key(|q| {
                        (
                            std::cmp::Reverse(strong(q)),
                            std::cmp::Reverse(score(&q.set)),
                        )
                    });
                    ranked.push(own);
                }
                let deepest = ranked.iter().map(Vec::len).max().unwrap_or(0).min(MAX_REQS);
                let union = |pick: Vec<&Req>| Req {
                    set: norm(pick.iter().flat_map(|q| q.set.clone()).collect()),
                    pre: pick.iter().map(|q| q.pre).max().unwrap_or(0),
                    post: pick.iter().map(|q| q.post).max().unwrap_or(0),
                    word_start: pick.iter().all(|q| q.word_start),
                };
                let mut reqs: Vec<Req> = (0..deepest)
                    .map(|k| union(ranked.iter().map(|r| &r[k.min(r.len() - 1)]).collect()))
                    .collect();
                // And the union of each branch's leading words (its strong set nearest the
                // start), where they are words: phrases that open with a verb are gated by
                // their verbs together.
                let lead = union(
                    ranked
                        .iter()
                        .map(|r| {
                            r.iter()
                                .filter(|q| strong(q))
                                .min_by_key(|q| q.pre)
                                .unwrap_or(&r[0])
                        })
                        .collect(),
                );
                let words = lead
                    .set
                    .iter()
                    .all(|l| l.iter().all(|&b| b.is_ascii_alphabetic() || b == b'-'));
                if words && !reqs.contains(&lead) {
                    reqs.push(lead);
                }
                Info { exact, reqs }
            }
        }
    }

    /// A set without members that contain another member (where "agents" occurs, so does
    /// "agent"); with `prefixes`, only members that start with another ("notes" for "note"),
    /// so that every member that started a word is still found at a word start ("remove"
    /// stays beside "move").
    fn minimal(s: Set, prefixes: bool) -> Set {
        let keep: Vec<bool> = s
            .iter()
            .map(|a| {
                !s.iter().any(|b| {
                    b != a
                        && if prefixes {
                            a.starts_with(b)
                        } else {
                            a.windows(b.len().max(1)).any(|w| w == &b[..])
                        }
                })
            })
            .collect();
        s.into_iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(a, _)| a)
            .collect()
    }

    /// Requirements of `h` (the parsed, lowercased rule), best first. With `fold` false, `h`
    /// is a case-sensitive rule as written and the literals keep their case.
    fn requirements(h: &Hir, fold: bool) -> Vec<Req> {
        let i = info(h, false);
        // Looked for in lowercased text (case-sensitive rules too: an occurrence in the text
        // is one in its lowercased copy). Dropping members that contain another member keeps
        // an occurrence of the contained one, up to their length difference later or earlier
        // in the match, so `pre` and `post` grow by that.
        let lower = |q: Req| {
            let set: Set = if fold {
                norm(q.set.iter().map(|l| l.to_ascii_lowercase()).collect())
            } else {
                q.set.clone()
            };
            let longest = set.iter().map(Vec::len).max().unwrap_or(0);
            let full = set.clone();
            let set = minimal(set, q.word_start);
            let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
            // A member dropped for a prefix of it ("notes" for "note") keeps its start.
            let prefixed = full.iter().all(|a| set.iter().any(|b| a.starts_with(b)));
            Req {
                word_start: q.word_start && prefixed,
                set,
                pre: q.pre + longest - shortest,
                post: q.post + longest - shortest,
            }
        };
        let mut all: Vec<Req> = i
            .reqs
            .into_iter()
            .chain(i.exact.map(|e| whole(e, false)))
            .map(lower)
            .collect();
        all.retain(|q| score(&q.set).is_some());
        // Most selective first; among equals, the one with the shortest reach.
        all.sort_by_key(|q| (std::cmp::Reverse(score(&q.set)), q.pre + q.post));
        all.dedup_by(|a, b| a.set == b.set);
        // Short literals (two letters) match inside many words; they gate a rule only when
        // it has nothing better or when they must start a word.
        if all.iter().any(strong) {
            all.retain(strong);
        } else {
            all.truncate(1);
        }
        // Sets holding a very common word gate little and cost a hit at every occurrence:
        // kept only when a rule has nothing else.
        let rare = |q: &Req| score(&q.set).is_some_and(|(rare, ..)| rare);
        if all.iter().any(rare) {
            all.retain(rare);
        }
        // A set holding every member of another is implied by it.
        let copy: Vec<Set> = all.iter().map(|q| q.set.clone()).collect();
        all.retain(|a| {
            !copy.iter().any(|b| {
                *b != a.set && b.len() < a.set.len() && b.iter().all(|x| a.set.contains(x))
            })
        });
        all.truncate(MAX_REQS);
        all
    }

    /// The source of `gate_table.rs` for these rules: (source, lowercased tree, and for
    /// case-sensitive rules the tree as written).
    pub fn table(rules: &[(String, Hir, Option<Hir>)]) -> String {
        let gates: Vec<Vec<(Req, bool)>> = rules
            .iter()
            .map(|(_, h, cased)| {
                // A case-sensitive rule's own literals, where they are the lowercased ones in
                // their case (no two alike but for case): a hit counts only in that case.
                let exact = cased
                    .as_ref()
                    .map_or(Vec::new(), |c| requirements(c, false));
                requirements(h, true)
                    .into_iter()
                    .map(|q| {
                        let same = |e: &&Req| {
                            let low = norm(e.set.iter().map(|l| l.to_ascii_lowercase()).collect());
                            low.len() == e.set.len() && low == q.set
                        };
                        match exact.iter().find(same) {
                            Some(e) => (e.clone(), true),
                            None => (q, false),
                        }
                    })
                    .collect()
            })
            .collect();
        let all: Set = norm(
            gates
                .iter()
                .flatten()
                .flat_map(|(q, _)| q.set.iter().map(|l| l.to_ascii_lowercase()))
                .collect(),
        );
        let quote = |l: &[u8]| format!("b\"{}\"", l.escape_ascii());
        let mut out = String::from(
            "//! Generated from the phrase rules by `gates::derive` (test `gate_table_is_current`);\n\
             //! regenerate with `BELAY_BLESS_GATES=1 cargo test -p belay-inject gate_table`.\n\n\
             use crate::gates::{Gate, Req};\n\n\
             /// Every literal of the requirements, lowercased, once.\n\
             #[rustfmt::skip]\n\
             pub static LITS: &[&[u8]] = &[\n",
        );
        let mut line = String::from("   ");
        for l in &all {
            let q = quote(l);
            if line.len() + q.len() > 96 {
                out.push_str(&line);
                out.push('\n');
                line = String::from("   ");
            }
            line.push_str(&format!(" {q},"));
        }
        out.push_str(&line);
        out.push('\n');
        out.push_str("];\n\npub static GATES: &[Gate] = &[\n");
        for ((src, h, _), reqs) in rules.iter().zip(&gates) {
            let short: String = src.chars().take(80).collect();
            let max = max_len(h);
            out.push_str(&format!("    // {}\n", short.escape_debug()));
            out.push_str("    Gate {\n        reqs: &[\n");
            for (q, case) in reqs {
                let lits: Vec<String> = q.set.iter().map(|l| quote(l)).collect();
                let ids: Vec<String> = q
                    .set
                    .iter()
                    .map(|l| {
                        let low = l.to_ascii_lowercase();
                        all.binary_search(&low).expect("listed").to_string()
                    })
                    .collect();
                out.push_str(&format!(
                    "            Req {{ word_start: {}, case: {case}, pre: {}, post: {}, lits: &[{}], ids: &[{}] }},\n",
                    q.word_start,
                    q.pre.min(max),
                    q.post.min(max),
                    lits.join(", "),
                    ids.join(", ")
                ));
            }
            out.push_str("        ],\n    },\n");
        }
        out.push_str("];\n");
        out
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// The straightforward `lower_hir`, with class set operations.
        fn lower_reference(h: &Hir) -> Hir {
            match h.kind() {
                HirKind::Empty | HirKind::Look(_) => h.clone(),
                HirKind::Literal(lit) => Hir::literal(lit.0.to_ascii_lowercase()),
                HirKind::Class(Class::Bytes(c)) => {
                    let upper = ClassBytes::new([ClassBytesRange::new(b'A', b'Z')]);
                    let mut up = c.clone();
                    up.intersect(&upper);
                    let mut low = c.clone();
                    low.difference(&upper);
                    low.union(&ClassBytes::new(up.ranges().iter().map(|r| {
                        ClassBytesRange::new(
                            r.start().to_ascii_lowercase(),
                            r.end().to_ascii_lowercase(),
                        )
                    })));
                    Hir::class(Class::Bytes(low))
                }
                HirKind::Class(Class::Unicode(c)) => {
                    let upper = ClassUnicode::new([
                        ClassUnicodeRange::new('A', 'Z'),
                        ClassUnicodeRange::new('\u{17F}', '\u{17F}'),
                        ClassUnicodeRange::new('\u{212A}', '\u{212A}'),
                    ]);
                    let ascii_upper = ClassUnicode::new([ClassUnicodeRange::new('A', 'Z')]);
                    let mut up = c.clone();
                    up.intersect(&ascii_upper);
                    let mut low = c.clone();
                    low.difference(&upper);
                    low.union(&ClassUnicode::new(up.ranges().iter().map(|r| {
                        ClassUnicodeRange::new(
                            r.start().to_ascii_lowercase(),
                            r.end().to_ascii_lowercase(),
                        )
                    })));
                    Hir::class(Class::Unicode(low))
                }
                HirKind::Repetition(r) => {
                    let mut r = r.clone();
                    r.sub = Box::new(lower_reference(&r.sub));
                    Hir::repetition(r)
                }
                HirKind::Capture(c) => {
                    let mut c = c.clone();
                    c.sub = Box::new(lower_reference(&c.sub));
                    Hir::capture(c)
                }
                HirKind::Concat(v) => Hir::concat(v.iter().map(lower_reference).collect()),
                HirKind::Alternation(v) => {
                    Hir::alternation(v.iter().map(lower_reference).collect())
                }
            }
        }

        /// `lower_hir` builds the same trees as the set operations do, for every rule and for
        /// classes around the characters it removes.
        #[test]
        fn lower_hir_matches_reference() {
            let parse = |p: &str, utf8: bool| {
                regex_syntax::ParserBuilder::new()
                    .utf8(utf8)
                    .build()
                    .parse(p)
                    .unwrap()
            };
            let mut trees: Vec<Hir> = crate::patterns::RULES
                .iter()
                .map(|r| parse(r.source(), false))
                .collect();
            for p in [
                r"(?i)[@-\[]k[^a-z]s\w+[\x{17E}-\x{180}][\x{2129}-\x{212B}][\x{212A}-\x{10FFFF}]",
                r"[A-Za-z\x{17F}\x{212A}][^\n]\W[Z-a][\x00-\x{17F}][\x{17F}-\x{212A}]ABC",
                r"(?-u)(?i)[\x00-\xFF][A-Z][@-\[][Y-b][^a]\W\x41",
            ] {
                trees.push(parse(p, false));
            }
            for t in &trees {
                assert_eq!(lower_hir(t), lower_reference(t), "{t}");
            }
        }

        fn reqs(pattern: &str) -> Vec<Req> {
            let h = regex_syntax::ParserBuilder::new()
                .utf8(false)
                .build()
                .parse(pattern)
                .unwrap();
            requirements(&lower_hir(&h), true)
        }

        fn find<'a>(qs: &'a [Req], lit: &[u8]) -> &'a Req {
            qs.iter()
                .find(|q| q.set.iter().any(|l| l == lit))
                .unwrap_or_else(|| panic!("no requirement with {lit:?}"))
        }

        /// A literal after an inexact part neither starts where that part starts nor follows
        /// what precedes it.
        #[test]
        fn literal_after_inexact_parts() {
            let qs = reqs(r"(?-u)\s\w*needle");
            assert!(!find(&qs, b"needle").word_start);
            let qs = reqs(r"(?-u)\b\w+\s+needle");
            let q = find(&qs, b"needle");
            assert!(q.word_start);
            // `\w+` and `\s+`, each up to `REPEAT_CAP` repetitions more.
            assert!(q.pre >= 2 * (REPEAT_CAP as usize + 1), "pre {}", q.pre);
        }

        /// What precedes a part reaches literals at its start, through optional parts and
        /// alternations, but not through a part that may end with a word byte.
        #[test]
        fn word_start_through_context() {
            let qs = reqs(r"(?m-u)^[\s#]*(?:(?:[a-z]+\s+)?(?:needle|haystack)|straw)");
            assert!(find(&qs, b"needle").word_start);
            let qs = reqs(r"(?-u)(?:^|\.\s*)(?:please\s+)?(?:needle|haystack)");
            assert!(find(&qs, b"needle").word_start);
            let qs = reqs(r"(?-u)(?:^|x)(?:needle|haystack)");
            assert!(!find(&qs, b"needle").word_start);
            let qs = reqs(r"(?-u)\b(?:\w+\s+)?(?:\w*needle|haystack)");
            assert!(!find(&qs, b"needle").word_start);
            // "remove" holds "move", but not at its start: kept, so both start words.
            let qs = reqs(r"(?-u)\b(?:move|remove)\s+it\b");
            let q = find(&qs, b"remove");
            assert!(q.word_start && q.set.iter().any(|l| l == b"move"));
            // "$" and "@" may stand beside longer literals.
            let qs = reqs(r"(?-u)\b(?:pay|send)\s+(?:\$\d+|\w+@\w+|\d+\s*dollars)");
            assert!(find(&qs, b"$").set.iter().any(|l| l == b"@"));
        }
    }
}
