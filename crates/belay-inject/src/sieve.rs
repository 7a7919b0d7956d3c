//! One pass for many rules: on long texts, which case-insensitive rules match anywhere at all.
//!
//! Where a text is dense with the rules' words (a megabyte of attack lines, a page repeating
//! one phrase), the gate windows of most rules cover the whole text and each of them runs its
//! regex over all of it, mostly to find nothing: thirty passes over a megabyte. The sieve is
//! one lazy DFA over all case-insensitive rules together, built with `MatchKind::All` so that
//! every match of every rule is seen (none hides another), and walked once over the lowercased
//! text. A rule it never sees match has no match anywhere in the text, so none of its windows
//! can hold one and it is skipped; the others run in their windows as before. The signals are
//! therefore exactly those found without the sieve (`patterns::tests` compare the two). When
//! the DFA's cache thrashes, the sieve gives up and every rule runs.

use crate::patterns::RULES;
use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::{Input, MatchKind};
use std::sync::{LazyLock, Mutex};

/// Room for the sieve's lazily built states; it gives up after clearing this a few times
/// without progress.
const CACHE_CAPACITY: usize = 8 << 20;

struct Sieve {
    dfa: DFA,
    /// The rule (index into `RULES`) of each pattern.
    rule_of: Vec<usize>,
    /// Caches of finished searches, reused (the states they hold stay valid).
    caches: Mutex<Vec<Cache>>,
}

/// Built on first need (a few ms): only long texts use it.
static SIEVE: LazyLock<Option<Sieve>> = LazyLock::new(build);

fn build() -> Option<Sieve> {
    let (rule_of, hirs): (Vec<usize>, Vec<_>) = RULES
        .iter()
        .enumerate()
        .filter(|(_, r)| r.is_lowered())
        .map(|(i, r)| (i, r.hir()))
        .unzip();
    // As the rules' own regexes are compiled (`utf8_empty(false)`), without capture states.
    let nfa = thompson::Compiler::new()
        .configure(
            thompson::Config::new()
                .utf8(false)
                .which_captures(thompson::WhichCaptures::None),
        )
        .build_many_from_hir(&hirs)
        .ok()?;
    let dfa = DFA::builder()
        .configure(
            DFA::config()
                .match_kind(MatchKind::All)
                .cache_capacity(CACHE_CAPACITY)
                .minimum_cache_clear_count(Some(3))
                .minimum_bytes_per_state(Some(10)),
        )
        .build_from_nfa(nfa)
        .ok()?;
    Some(Sieve {
        dfa,
        rule_of,
        caches: Mutex::new(Vec::new()),
    })
}

/// For each rule (indexed like `RULES`): can it match somewhere in `lower` (the ASCII-lowercased
/// text)? Rules the sieve does not hold (case-sensitive ones) are always `true`. `None` when
/// the sieve cannot tell (it gave up).
pub fn may_match(lower: &[u8]) -> Option<Vec<bool>> {
    let sieve = SIEVE.as_ref()?;
    let mut cache = sieve
        .caches
        .lock()
        .ok()
        .and_then(|mut c| c.pop())
        .unwrap_or_else(|| sieve.dfa.create_cache());
    let mut seen = vec![false; sieve.rule_of.len()];
    let done = walk(&sieve.dfa, &mut cache, lower, &mut seen);
    if let Ok(mut c) = sieve.caches.lock() {
        c.push(cache);
    }
    done?;
    let mut out: Vec<bool> = RULES.iter().map(|r| !r.is_lowered()).collect();
    for (p, &i) in sieve.rule_of.iter().enumerate() {
        out[i] = seen[p];
    }
    Some(out)
}

/// Run the DFA over all of `hay`, marking every pattern that has a match ending anywhere.
fn walk(dfa: &DFA, cache: &mut Cache, hay: &[u8], seen: &mut [bool]) -> Option<()> {
    let note = |sid: LazyStateID, cache: &Cache, seen: &mut [bool]| {
        for k in 0..dfa.match_len(cache, sid) {
            seen[dfa.match_pattern(cache, sid, k).as_usize()] = true;
        }
    };
    let mut sid = dfa.start_state_forward(cache, &Input::new(hay)).ok()?;
    let mut at = 0;
    while at < hay.len() {
        if sid.is_tagged() {
            sid = dfa.next_state(cache, sid, hay[at]).ok()?;
            at += 1;
        } else {
            // Untagged states (no match, nothing to compute): the fast path.
            let mut prev = sid;
            while at < hay.len() {
                prev = sid;
                sid = dfa.next_state_untagged(cache, sid, hay[at]);
                at += 1;
                if sid.is_tagged() {
                    break;
                }
            }
            if sid.is_unknown() {
                sid = dfa.next_state(cache, prev, hay[at - 1]).ok()?;
            }
        }
        // Matches are reported one byte late: this one ends before `hay[at - 1]`.
        if sid.is_match() {
            note(sid, cache, seen);
        }
        if sid.is_dead() || sid.is_quit() {
            return None;
        }
    }
    sid = dfa.next_eoi_state(cache, sid).ok()?;
    if sid.is_match() {
        note(sid, cache, seen);
    }
    Some(())
}
