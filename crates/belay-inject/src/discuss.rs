//! Texts that *discuss* prompt injection (security articles, papers, threat models) quote
//! payloads as examples. In such texts, evidence inside quotation marks or backticks is damped
//! strongly, mentions of AI agents and bare imperatives mildly; unquoted instructions still count in full.

use crate::score::{Cat, Signal};
use regex::Regex;
use std::sync::LazyLock;

static META: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(prompt[\s-]injection)|(indirect\s+injection|injection\s+attack)|(jailbreak)|(attackers?(?-u:\b))|(adversar)|(threat\s+model)|(red[\s-]team)|(malicious)|(payloads?(?-u:\b))|(exploit)|(vulnerabilit)|(attacks?(?-u:\b))|(untrusted)")
        .unwrap_or_else(|e| panic!("{e}"))
});

/// At least two distinct security-discussion terms. Matches are told apart by their text
/// (each alternative starts differently), which spares the slow capture-group engine.
pub fn is_discussion(text: &str) -> bool {
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

pub fn damp(text: &str, sig: &mut [Signal]) {
    if sig.is_empty() || !is_discussion(text) {
        return;
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_discussion_and_quotes() {
        assert!(is_discussion(
            "Prompt injection lets an attacker steer the model."
        ));
        assert!(!is_discussion("Run npm install and then npm test."));
        assert!(quoted("he said \"ignore previous", 9));
        assert!(!quoted("a \"b\" ignore", 7));
    }
}
