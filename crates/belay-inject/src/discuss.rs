//! Texts that *discuss* prompt injection (security articles, papers, threat models) quote
//! payloads as examples. In such texts, evidence inside quotation marks or backticks is damped
//! strongly, mentions of AI agents and bare imperatives mildly; unquoted instructions still count in full.

use crate::score::{Cat, Signal};
use aho_corasick::packed::Searcher;
use memchr::memmem::Finder;
use regex::Regex;
use std::sync::LazyLock;

static META: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(prompt[\s-]injection)|(indirect\s+injection|injection\s+attack)|(jailbreak)|(attackers?(?-u:\b))|(adversar)|(threat\s+model)|(red[\s-]team)|(malicious)|(payloads?(?-u:\b))|(exploit)|(vulnerabilit)|(attacks?(?-u:\b))|(untrusted)")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// A piece of each term of `META` that every match of it contains, free of `k` and `s` (which
/// case-insensitive matching also equates with the Kelvin sign and the long s): ASCII
/// case-insensitive search finds them wherever `META` matches.
const CORES: &[&str] = &[
    "prompt",
    "injection",
    "jailbrea",
    "attac",
    "adver",
    "threat",
    "team",
    "malicio",
    "payload",
    "exploit",
    "vulnerabilit",
    "untru",
];
/// The core shared by two terms ("attacker" and "attack").
const SHARED_CORE: usize = 3;

/// Can the text (`lower`: ASCII-lowercased) hold two distinct terms? Two distinct terms need
/// two distinct cores, or the shared one. Most texts hold neither, and looking costs far less
/// than running `META`: one pass of a packed (SIMD) search for all cores. It reports matches
/// that do not overlap, so the cores starting inside each match are checked in place.
fn may_discuss(lower: &[u8]) -> bool {
    static CORE_SEARCH: LazyLock<Option<Searcher>> = LazyLock::new(|| Searcher::new(CORES));
    let Some(searcher) = &*CORE_SEARCH else {
        return may_discuss_one_by_one(lower);
    };
    let mut found = 0u32;
    for m in searcher.find_iter(lower) {
        for p in m.start()..m.end() {
            for (k, c) in CORES.iter().enumerate() {
                if lower[p..].starts_with(c.as_bytes()) {
                    found |= 1 << k;
                }
            }
        }
        if found & (1 << SHARED_CORE) != 0 || found.count_ones() >= 2 {
            return true;
        }
    }
    false
}

/// [`may_discuss`], one core at a time (where no packed searcher can be built).
fn may_discuss_one_by_one(lower: &[u8]) -> bool {
    let mut found = 0;
    static FINDERS: LazyLock<Vec<Finder<'static>>> =
        LazyLock::new(|| CORES.iter().map(Finder::new).collect());
    for (k, f) in FINDERS.iter().enumerate() {
        if f.find(lower).is_some() {
            found += 1;
            if k == SHARED_CORE || found >= 2 {
                return true;
            }
        }
    }
    false
}

/// At least two distinct security-discussion terms (`lower`, when given, is `text`
/// ASCII-lowercased). Matches are told apart by their text
/// (each alternative starts differently), which spares the slow capture-group engine.
pub fn is_discussion(text: &str, lower: Option<&[u8]>) -> bool {
    const TERMS: &[&str] = &[
        "prompt",
        "indirect",
        "injection",
        "jailbreak",
        "attacker",
        "adversar",
        "threat",
        "red",
        "malicious",
        "payload",
        "exploit",
        "vulnerabilit",
        "attack",
        "untrusted",
    ];
    if lower.is_some_and(|l| !may_discuss(l)) {
        return false;
    }
    let mut seen = 0u32;
    for m in META.find_iter(text).take(2000) {
        let t = m.as_str().to_ascii_lowercase();
        // "indirect injection" and "injection attack" are one term.
        let i = match TERMS.iter().position(|p| t.starts_with(p)) {
            Some(2) => 1,
            Some(i) => i,
            // Non-ASCII case variants (long s, Kelvin sign): ask the groups.
            None => META
                .captures(m.as_str())
                .and_then(|c| (1..c.len()).find(|&g| c.get(g).is_some()))
                .map_or(31, |g| 16 + g),
        };
        seen |= 1 << i;
        if seen.count_ones() >= 2 {
            return true;
        }
    }
    false
}

/// Quote state of a line up to some point: counts of `"`, backticks, `“` and `”` since the
/// line start.
#[derive(Default, Clone, Copy)]
struct Quotes {
    dq: usize,
    bt: usize,
    open: usize,
    close: usize,
}

impl Quotes {
    /// Inside a quotation on its line: an odd number of quote marks before it.
    fn inside(self) -> bool {
        self.dq % 2 == 1 || self.bt % 2 == 1 || self.open > self.close
    }

    /// Advance over `bytes` (one pass; a newline starts afresh).
    fn scan(&mut self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\n' => *self = Quotes::default(),
                b'"' => self.dq += 1,
                b'`' => self.bt += 1,
                0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
                    Some(0x9C) => self.open += 1,
                    Some(0x9D) => self.close += 1,
                    _ => {}
                },
                _ => {}
            }
        }
    }
}

#[cfg(test)]
fn quoted(text: &str, at: usize) -> bool {
    let mut q = Quotes::default();
    q.scan(&text.as_bytes()[..at]);
    q.inside()
}

/// Damp the signals of a text that discusses prompt injection: `known`, when given, is the
/// judgment to use (that of a longer text `text` begins); otherwise `text` is judged. Returns
/// whether they were damped (never when there are none).
pub fn damp(text: &str, lower: Option<&[u8]>, sig: &mut [Signal], known: Option<bool>) -> bool {
    if sig.is_empty() || !known.unwrap_or_else(|| is_discussion(text, lower)) {
        return false;
    }
    // One sweep over the text in signal order, not one look back per signal.
    let mut order: Vec<usize> = (0..sig.len()).collect();
    order.sort_by_key(|&i| sig[i].start);
    let bytes = text.as_bytes();
    let (mut q, mut pos) = (Quotes::default(), 0usize);
    for i in order {
        let s = &mut sig[i];
        let valid = s.start <= text.len() && text.is_char_boundary(s.start);
        if valid {
            q.scan(&bytes[pos..s.start]);
            pos = s.start;
        }
        if valid && q.inside() {
            s.weight *= 0.3;
        } else if s.cat == Cat::Address {
            s.weight *= 0.6;
        } else if s.cat == Cat::Imperative {
            s.weight *= 0.5;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every term of `META` holds its core: whatever `META` matches, `may_discuss` sees.
    #[test]
    fn every_term_holds_its_core() {
        let terms = [
            "prompt injection",
            "PROMPT-INJECTION",
            "indirect  injection",
            "Injection Attack",
            "jailbrea\u{212A}",
            "attacker",
            "ADVER\u{17F}ARIAL",
            "threat model",
            "red-team",
            "malicious",
            "payload",
            "exploit",
            "vulnerability",
            "attack",
            "un\u{1E9E}trusted",
            "untru\u{17F}ted",
        ];
        for t in terms {
            let hit = META.is_match(t);
            let lower = t.to_ascii_lowercase();
            let core = CORES.iter().any(|c| lower.contains(c));
            assert!(!hit || core, "{t}");
        }
        // One per term (capture group).
        assert_eq!(CORES.len() + 1, META.captures_len() - 1);
    }

    /// `is_discussion`, which must say the same with and without the lowercased text.
    fn discussion(t: &str) -> bool {
        let lower = t.to_ascii_lowercase();
        let with = is_discussion(t, Some(lower.as_bytes()));
        assert_eq!(with, is_discussion(t, None), "{t}");
        with
    }

    /// One packed pass decides as the search core by core does, overlapping cores included.
    #[test]
    fn one_pass_matches_core_by_core() {
        let texts = [
            "",
            "nothing to see",
            "prompt",
            "prompt injection",
            "threattack",
            "a threat team",
            "exploitation of untrusted input",
            "payloadversary",
            "the attack",
            "jailbreaking the model",
            "vulnerabilit",
            "malicious",
            "teampayload",
            "promptpromptprompt",
        ];
        let mut yes = 0;
        for t in texts {
            let l = t.as_bytes();
            let want = may_discuss_one_by_one(l);
            assert_eq!(may_discuss(l), want, "{t}");
            yes += usize::from(want);
        }
        assert!((5..texts.len() - 3).contains(&yes), "{yes}");
    }

    #[test]
    fn detects_discussion_and_quotes() {
        assert!(discussion(
            "Prompt injection lets an attacker steer the model."
        ));
        assert!(!discussion("Run npm install and then npm test."));
        // Kelvin sign and long s match `k` and `s` case-insensitively.
        assert!(discussion("A jailbrea\u{212A} of an untru\u{17F}ted page."));
        assert!(discussion("Attackers attack."));
        assert!(!discussion("Prompt injection."));
        assert!(quoted("he said \"ignore previous", 9));
        assert!(!quoted("a \"b\" ignore", 7));
    }
}
