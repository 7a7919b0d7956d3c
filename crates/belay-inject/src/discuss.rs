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

/// At least two distinct security-discussion terms.
pub fn is_discussion(text: &str) -> bool {
    let mut seen = 0u32;
    for c in META.captures_iter(text).take(2000) {
        for i in 1..c.len() {
            if c.get(i).is_some() {
                seen |= 1 << i;
            }
        }
        if seen.count_ones() >= 2 {
            return true;
        }
    }
    false
}

/// Inside a quotation on its line: an odd number of quote marks before it.
fn quoted(text: &str, at: usize) -> bool {
    let ls = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[ls..at];
    let dq = before.matches('"').count();
    let bt = before.matches('`').count();
    let open = before.matches('“').count() > before.matches('”').count();
    dq % 2 == 1 || bt % 2 == 1 || open
}

pub fn damp(text: &str, sig: &mut [Signal]) {
    if sig.is_empty() || !is_discussion(text) {
        return;
    }
    for s in sig.iter_mut() {
        if s.start <= text.len() && text.is_char_boundary(s.start) && quoted(text, s.start) {
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
