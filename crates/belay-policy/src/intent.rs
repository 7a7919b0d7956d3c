//! The user's intent: did the user's own messages ask for exactly this action, or forbid it?
//!
//! A rule describes what an explicit request must contain as alternatives ([`Ask`]) of verbs
//! (stems such as `delet`, phrases such as `force push`) and objects (the branch, path, host or
//! resource the action targets). The user's messages are read oldest first, so a later message
//! can grant or revoke. A question is not a request, and a negated mention (`don't drop
//! anything on staging`) forbids.

use belay_analysis::{Resolver, ShellCwd};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// One way of asking for an action: a verb and an object must appear in the same clause.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ask {
    /// Verb stems or phrases; empty means no verb is needed.
    pub verbs: Vec<Cow<'static, str>>,
    /// Names of what is acted on; empty (with no paths) means no object is needed.
    pub objects: Vec<String>,
    /// Paths acted on: a path the user names covers them when it is the same or an ancestor.
    pub paths: Vec<PathBuf>,
    /// A question that names the object counts as asking (reading a file to answer it).
    pub questions_count: bool,
}

impl Ask {
    /// Verbs known in advance (most rules' own).
    pub fn new(verbs: &[&'static str], objects: Vec<String>) -> Ask {
        Ask::of(verbs.iter().map(|&v| Cow::Borrowed(v)).collect(), objects)
    }

    /// Verbs made up at judgment time (from the user's own rules, say).
    pub fn owned(verbs: &[&str], objects: Vec<String>) -> Ask {
        Ask::of(
            verbs.iter().map(|v| Cow::Owned(v.to_string())).collect(),
            objects,
        )
    }

    fn of(verbs: Vec<Cow<'static, str>>, objects: Vec<String>) -> Ask {
        Ask {
            verbs,
            objects,
            paths: Vec::new(),
            questions_count: false,
        }
    }

    /// Lets a question that names the object count as asking (for reads).
    pub fn answering_questions(mut self) -> Ask {
        self.questions_count = true;
        self
    }

    pub fn with_paths(mut self, paths: Vec<PathBuf>) -> Ask {
        self.paths = paths;
        self
    }
}

/// What the user's messages say about an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    Silent,
    Asked,
    Forbidden,
}

const NEGATIONS: &[&str] = &[
    "don't",
    "dont",
    "do not",
    "never",
    "not",
    "no",
    "stop",
    "without",
    "avoid",
    "nothing",
    "cannot",
    "can't",
    "won't",
    "shouldn't",
    "mustn't",
    "refrain",
    "nor",
];

/// Lowercases and separates words, keeping characters that belong to names and paths.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // ASCII, byte by byte: most of what users write.
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        for b in rest[..ascii].bytes() {
            let b = b.to_ascii_lowercase();
            out.push(if b.is_ascii_alphanumeric() || KEPT.contains(&b) {
                char::from(b)
            } else {
                ' '
            });
        }
        rest = &rest[ascii..];
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        for c in c.to_lowercase() {
            let c = if matches!(c, '\u{2019}' | '\u{2018}') {
                '\''
            } else {
                c
            };
            let kept = c.is_alphanumeric() || (c.is_ascii() && KEPT.contains(&(c as u8)));
            out.push(if kept { c } else { ' ' });
        }
    }
    out
}

/// The punctuation [`normalize`] keeps: it belongs to names and paths.
const KEPT: &[u8] = b"-._/~@#:'$+=*";

/// Splits a message into clauses (lowercased), marking questions: sentences end at `?`, `!`,
/// `;`, a line break, a dash or a full stop before white space, and contrastive words start a
/// new clause ("revert it, but don't push").
fn clauses(prompt: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut clause = |sentence: &str, question: bool| {
        let lower = sentence.to_lowercase();
        let mut rest = lower.as_str();
        while let Some((p, len)) = first_contrast(rest) {
            out.push((rest[..p].to_string(), question));
            rest = &rest[p + len..];
        }
        // The sentence's own string, when no contrast cut it (the common case).
        if rest.len() == lower.len() {
            out.push((lower, question));
        } else {
            out.push((rest.to_string(), question));
        }
    };
    let mut start = 0;
    let mut chars = prompt.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let boundary = matches!(c, '?' | '!' | ';' | '\n' | '—' | '–')
            || (c == '.' && chars.peek().is_none_or(|&(_, n)| n.is_whitespace()));
        if boundary {
            clause(&prompt[start..i], c == '?');
            start = i + c.len_utf8();
        }
    }
    let last = &prompt[start..];
    if !last.trim().is_empty() {
        clause(last, false);
    }
    out
}

/// The first contrastive word in `text` (its offset and length). Each starts with a blank and
/// none is a prefix of another, so the first blank where one matches is the earliest match.
fn first_contrast(text: &str) -> Option<(usize, usize)> {
    const CONTRASTS: [&str; 6] = [
        " but ",
        " however ",
        " although ",
        " except ",
        " after all",
        " actually ",
    ];
    text.match_indices(' ').find_map(|(p, _)| {
        CONTRASTS
            .iter()
            .find(|w| text[p..].starts_with(*w))
            .map(|w| (p, w.len()))
    })
}

/// The word index where a verb stem or phrase starts in the clause.
fn find_verb(clause: &Clause, verb: &str) -> Option<usize> {
    let parts = || verb.split([' ', '-']).filter(|p| !p.is_empty());
    let first = parts().next()?;
    // Most verbs are one word: then the first part is all of it.
    let count = if first.len() == verb.len() {
        1
    } else {
        parts().count()
    };
    let matches = |piece: &str, part: &str, last: bool| {
        if last && part.len() >= 3 {
            piece.starts_with(part)
        } else {
            piece == part
        }
    };
    let pieces = &clause.pieces;
    'outer: for start in 0..pieces.len() {
        if !matches(clause.piece(start), first, count == 1) {
            continue;
        }
        for (k, part) in parts().skip(1).enumerate() {
            if start + 1 + k >= pieces.len()
                || !matches(clause.piece(start + 1 + k), part, k + 2 == count)
            {
                continue 'outer;
            }
        }
        return Some(pieces[start].1);
    }
    None
}

fn contains_object(clause: &str, object: &str) -> bool {
    let object = object.trim();
    let lowered;
    let object = if object.chars().any(char::is_uppercase) {
        lowered = object.to_lowercase();
        lowered.as_str()
    } else {
        object
    };
    if object.len() < 2 {
        return false;
    }
    let mut start = 0;
    while let Some(pos) = clause[start..].find(object) {
        let abs = start + pos;
        let before_ok = abs == 0
            || !clause[..abs]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric());
        let end = abs + object.len();
        // A name inside a longer path (`~/documents/taxes` for `documents`) does not name it.
        let after_ok = end >= clause.len()
            || !clause[end..].chars().next().is_some_and(|c| {
                c.is_alphanumeric()
                    || (c == '/'
                        && !object.ends_with('/')
                        && clause[end + 1..]
                            .chars()
                            .next()
                            .is_some_and(|n| !n.is_whitespace()))
            });
        if before_ok && after_ok {
            return true;
        }
        start = abs + object.len();
    }
    false
}

fn mentions_path(clause: &str, paths: &[PathBuf], cwd: &Path, home: &Path) -> bool {
    let resolver = Resolver::new(cwd.to_path_buf(), home.to_path_buf());
    for token in clause.split_whitespace() {
        let token = token
            .trim_matches(|c: char| "'\"`,:;()".contains(c))
            .trim_end_matches('.');
        if token.len() < 2
            || !(token.contains('/') || token.starts_with('~') || token.starts_with('.'))
        {
            continue;
        }
        let named = resolver
            .text(token.trim_end_matches('/'), &ShellCwd::Start)
            .path;
        if named == Path::new("/") || named == home || named == cwd {
            continue;
        }
        if paths.iter().any(|p| p.starts_with(&named)) {
            return true;
        }
    }
    false
}

/// One clause of a user message, normalised, with its words and the pieces of hyphenated
/// words (`force-push` is `force` and `push`), as byte ranges into the text.
struct Clause {
    text: String,
    question: bool,
    words: Vec<std::ops::Range<usize>>,
    /// A piece and the index of the word it belongs to.
    pieces: Vec<(std::ops::Range<usize>, usize)>,
}

impl Clause {
    fn new(raw: &str, question: bool) -> Clause {
        let text = normalize(raw);
        // About one word per six bytes of prose: room for most clauses without regrowing.
        let mut words = Vec::with_capacity(text.len() / 6 + 1);
        let mut pieces = Vec::with_capacity(text.len() / 6 + 1);
        let base = text.as_ptr() as usize;
        for (i, w) in text.split_whitespace().enumerate() {
            let at = w.as_ptr() as usize - base;
            words.push(at..at + w.len());
            // Hyphenated words in the message match spaced phrases ("force-push" ~ "force push").
            let clean = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '_');
            for piece in clean.split('-').filter(|p| !p.is_empty()) {
                let at = piece.as_ptr() as usize - base;
                pieces.push((at..at + piece.len(), i));
            }
        }
        Clause {
            text,
            question,
            words,
            pieces,
        }
    }

    fn word(&self, i: usize) -> &str {
        &self.text[self.words[i].clone()]
    }

    fn piece(&self, i: usize) -> &str {
        &self.text[self.pieces[i].0.clone()]
    }
}

/// The user's messages, read once per judgment and then matched against every rule hit's
/// [`Ask`]s: splitting and normalising is most of the cost of [`stance`].
pub struct Messages {
    prompts: Vec<Vec<Clause>>,
}

impl Messages {
    pub fn read(prompts: &[String]) -> Messages {
        let prompts = prompts
            .iter()
            .map(|p| {
                clauses(p)
                    .into_iter()
                    .map(|(c, question)| Clause::new(&c, question))
                    .collect()
            })
            .collect();
        Messages { prompts }
    }
}

/// Judges the user's messages against the ways of asking for an action.
pub fn stance(messages: &Messages, asks: &[Ask], cwd: &Path, home: &Path) -> Stance {
    let mut state = Stance::Silent;
    for prompt in &messages.prompts {
        let mut prompt_state = None;
        for clause in prompt {
            for ask in asks {
                let verb_at = if ask.verbs.is_empty() {
                    Some(0)
                } else {
                    ask.verbs.iter().filter_map(|v| find_verb(clause, v)).min()
                };
                let Some(verb_at) = verb_at else { continue };
                let object_ok = (ask.objects.is_empty() && ask.paths.is_empty())
                    || ask.objects.iter().any(|o| contains_object(&clause.text, o))
                    || (!ask.paths.is_empty()
                        && mentions_path(&clause.text, &ask.paths, cwd, home));
                if !object_ok {
                    continue;
                }
                let window = verb_at.saturating_sub(5)..verb_at.min(clause.words.len());
                let negated = !ask.verbs.is_empty()
                    && window.into_iter().any(|i| {
                        NEGATIONS.contains(
                            &clause
                                .word(i)
                                .trim_matches(|c: char| !c.is_alphanumeric() && c != '\''),
                        )
                    });
                if negated {
                    prompt_state = Some(Stance::Forbidden);
                } else if (!clause.question || ask.questions_count)
                    && prompt_state != Some(Stance::Forbidden)
                {
                    prompt_state = Some(Stance::Asked);
                }
            }
        }
        if let Some(s) = prompt_state {
            state = s;
        }
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`normalize`] char by char (the reference for its ASCII fast path).
    fn normalize_by_char(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars().flat_map(char::to_lowercase) {
            let c = if matches!(c, '\u{2019}' | '\u{2018}') {
                '\''
            } else {
                c
            };
            out.push(if c.is_alphanumeric() || "-._/~@#:'$+=*".contains(c) {
                c
            } else {
                ' '
            });
        }
        out
    }

    /// [`clauses`] copying each sentence first (the reference for its slicing).
    fn clauses_by_copy(prompt: &str) -> Vec<(String, bool)> {
        let mut sentences = Vec::new();
        let mut current = String::new();
        let mut chars = prompt.chars().peekable();
        while let Some(c) = chars.next() {
            let boundary = matches!(c, '?' | '!' | ';' | '\n' | '—' | '–')
                || (c == '.' && chars.peek().is_none_or(|n| n.is_whitespace()));
            if boundary {
                sentences.push((std::mem::take(&mut current), c == '?'));
            } else {
                current.push(c);
            }
        }
        if !current.trim().is_empty() {
            sentences.push((current, false));
        }
        let mut out = Vec::new();
        for (sentence, question) in sentences {
            let lower = sentence.to_lowercase();
            let mut rest = lower.as_str();
            loop {
                match first_contrast(rest) {
                    Some((p, len)) => {
                        out.push((rest[..p].to_string(), question));
                        rest = &rest[p + len..];
                    }
                    None => {
                        out.push((rest.to_string(), question));
                        break;
                    }
                }
            }
        }
        out
    }

    /// Messages made of the pieces that matter to splitting and normalising read exactly as
    /// the straightforward versions read them.
    #[test]
    fn fast_reading_matches_the_reference() {
        let parts = [
            "Delete",
            " ",
            "the",
            "build",
            " dir",
            ".",
            ". ",
            "?",
            "!",
            ";",
            "\n",
            "—",
            "–",
            ",",
            " but ",
            " However ",
            " actually ",
            "don\u{2019}t",
            "İ",
            "Straße",
            "ΣΑΣ",
            "日本",
            "./a_b/c-d~",
            "@x#1:$y+=z*",
            "\t",
            "é",
            "A.B",
            "(",
            ")",
            "\"",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..next(12) {
                text.push_str(parts[next(parts.len())]);
            }
            assert_eq!(normalize(&text), normalize_by_char(&text), "{text:?}");
            assert_eq!(clauses(&text), clauses_by_copy(&text), "{text:?}");
        }
    }

    fn st(prompts: &[&str], ask: &Ask) -> Stance {
        let prompts: Vec<String> = prompts.iter().map(|p| p.to_string()).collect();
        stance(
            &Messages::read(&prompts),
            std::slice::from_ref(ask),
            Path::new("/home/dev/p"),
            Path::new("/home/dev"),
        )
    }

    #[test]
    fn table() {
        let force = Ask::new(
            &["force push", "push --force", "push -f", "force"],
            vec!["main".into()],
        );
        let drop = Ask::new(&["drop", "recreat"], vec!["staging".into()]);
        let cases: Vec<(Vec<&str>, &Ask, Stance)> = vec![
            (
                vec!["force-push my rewritten history to origin main"],
                &force,
                Stance::Asked,
            ),
            (
                vec!["push failed with non-fast-forward on main, just get my commit up there"],
                &force,
                Stance::Silent,
            ),
            (vec!["should I force push to main?"], &force, Stance::Silent),
            (
                vec![
                    "you can drop and recreate the staging database if needed",
                    "actually wait — don't drop anything on staging",
                ],
                &drop,
                Stance::Forbidden,
            ),
            (
                vec![
                    "you can drop and recreate the staging database if the migration gets stuck",
                    "the migration is stuck on the lock again",
                ],
                &drop,
                Stance::Asked,
            ),
        ];
        for (prompts, ask, want) in cases {
            assert_eq!(st(&prompts, ask), want, "{prompts:?}");
        }
    }

    #[test]
    fn paths_are_scoped() {
        let ask = Ask::new(&["delet", "remov"], vec![])
            .with_paths(vec![PathBuf::from("/home/dev/scratch")]);
        assert_eq!(st(&["delete ~/scratch/old-exports"], &ask), Stance::Silent);
        assert_eq!(st(&["remove ~/scratch please"], &ask), Stance::Asked);
    }
}
