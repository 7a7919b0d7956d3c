//! Combining signals into a score.
//!
//! Signals that lie close together form a cluster. A cluster's score is a noisy-OR over its
//! categories (strongest signal per category), so one category never fires on repetition alone.
//! Only clusters holding an *anchor* — something that only makes sense when the reader is an
//! AI agent (addressing it, overriding its instructions, spoofed roles, hiding things from "the
//! user", encoded or invisible payloads) — may cross the threshold; a README full of `sudo` and
//! `curl | sh` for humans stays below it. In texts that discuss prompt injection, quoted
//! examples are damped (see `discuss` in lib.rs).

use crate::Kind;

/// Cap on signals per screened text, to bound work on adversarial input.
pub const MAX_SIGNALS: usize = 1 << 20;
/// Signals further apart than this (bytes) belong to different clusters.
const GAP: usize = 320;
/// Score of a cluster without an anchor never exceeds this.
const NO_ANCHOR_CAP: f32 = 0.45;

/// Internal signal category; several map to the same public [`Kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cat {
    Address,
    Title,
    Override,
    Goal,
    ToolCall,
    Exfil,
    /// A request to act for the writer on accounts, money, devices or data.
    Hijack,
    Role,
    Template,
    Hidden,
    Invisible,
    Encoded,
    ExfilLink,
    Command,
    Secret,
    Send,
    Permission,
    Destructive,
    Imperative,
    Deception,
    Bypass,
    Authority,
}

impl Cat {
    pub fn kind(self) -> Kind {
        match self {
            Cat::Address | Cat::Title => Kind::AddressedToAgent,
            Cat::Override | Cat::Goal => Kind::OverrideInstructions,
            Cat::ToolCall | Cat::Exfil | Cat::Hijack => Kind::CommandRequest,
            Cat::Role => Kind::FakeRoleMarker,
            Cat::Template => Kind::ChatTemplateToken,
            Cat::Hidden => Kind::HiddenText,
            Cat::Invisible => Kind::InvisibleUnicode,
            Cat::Encoded => Kind::EncodedPayload,
            Cat::ExfilLink => Kind::ExfiltrationLink,
            Cat::Command
            | Cat::Secret
            | Cat::Send
            | Cat::Permission
            | Cat::Destructive
            | Cat::Imperative => Kind::CommandRequest,
            Cat::Deception | Cat::Bypass => Kind::Deception,
            Cat::Authority => Kind::AuthorityClaim,
        }
    }

    fn is_anchor(self) -> bool {
        matches!(
            self,
            Cat::Address
                | Cat::Override
                | Cat::Goal
                | Cat::ToolCall
                | Cat::Exfil
                | Cat::Hijack
                | Cat::Role
                | Cat::Template
                | Cat::Invisible
                | Cat::Encoded
                | Cat::ExfilLink
                | Cat::Deception
                | Cat::Hidden
        )
    }
}

/// One piece of evidence: a category, a byte span in the screened text and a weight.
#[derive(Clone, Debug)]
pub struct Signal {
    pub cat: Cat,
    pub start: usize,
    pub end: usize,
    pub weight: f32,
    /// Shown instead of the raw span (e.g. the decoded text of a payload).
    pub note: Option<String>,
}

impl Signal {
    pub fn new(cat: Cat, start: usize, end: usize, weight: f32) -> Self {
        Signal {
            cat,
            start,
            end: end.max(start),
            weight,
            note: None,
        }
    }
}

/// A group of nearby signals and its combined score.
pub struct Cluster {
    pub end: usize,
    /// Best score of the evidence within `GAP` of one anchor (signals chain into long
    /// clusters in dense text; the score must not grow with the chain).
    pub score: f32,
    /// Span of the evidence behind `score`.
    pub hot: (usize, usize),
    pub signals: Vec<Signal>,
}

/// How many categories there are.
const CATS: usize = Cat::Authority as usize + 1;

/// Noisy-OR over the strongest signal of each category. The factors are multiplied in the
/// order in which their categories first occur (as floating-point products go, the order is
/// part of the result). Called once per anchor, so it keeps to the stack.
fn combine(signals: &[Signal]) -> f32 {
    let mut best = [0f32; CATS];
    let mut order = [0usize; CATS];
    let (mut seen, mut present) = (0usize, 0u32);
    let mut anchored = false;
    for s in signals {
        let c = s.cat as usize;
        if present & (1 << c) != 0 {
            best[c] = best[c].max(s.weight);
        } else {
            present |= 1 << c;
            best[c] = s.weight;
            order[seen] = c;
            seen += 1;
        }
        anchored |= s.cat.is_anchor() && s.weight >= 0.2;
    }
    let miss: f32 = order[..seen]
        .iter()
        .map(|&c| 1.0 - best[c].clamp(0.0, 1.0))
        .product();
    let score = 1.0 - miss;
    if anchored {
        score
    } else {
        score.min(NO_ANCHOR_CAP)
    }
}

/// Group signals (any order) into clusters by proximity and score each one.
pub fn cluster(mut signals: Vec<Signal>) -> Vec<Cluster> {
    signals.sort_by_key(|s| (s.start, s.end));
    let mut out: Vec<Cluster> = Vec::new();
    for s in signals {
        match out.last_mut() {
            Some(c) if s.start <= c.end + GAP => {
                c.end = c.end.max(s.end);
                c.signals.push(s);
            }
            _ => out.push(Cluster {
                end: s.end,
                score: 0.0,
                hot: (s.start, s.end),
                signals: vec![s],
            }),
        }
    }
    for c in &mut out {
        (c.score, c.hot) = best_window(&c.signals);
    }
    out
}

/// Score the neighbourhood of each anchor (signals sorted by start) and keep the best.
fn best_window(signals: &[Signal]) -> (f32, (usize, usize)) {
    let first = signals.first().map_or((0, 0), |s| (s.start, s.end));
    let mut best = (combine(&[]), first);
    let mut any_anchor = false;
    for a in signals
        .iter()
        .filter(|s| s.cat.is_anchor() && s.weight >= 0.2)
    {
        any_anchor = true;
        let lo = signals.partition_point(|s| s.start + GAP < a.start);
        let hi = signals.partition_point(|s| s.start <= a.end + GAP);
        let near = &signals[lo..hi.max(lo)];
        let score = combine(near);
        if score > best.0 {
            let end = near.iter().map(|s| s.end).max().unwrap_or(a.end);
            let start = near.first().map_or(a.start, |s| s.start);
            best = (score, (start, end));
        }
    }
    if !any_anchor {
        let end = signals.iter().map(|s| s.end).max().unwrap_or(first.1);
        best = (combine(signals), (first.0, end));
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(cat: Cat, at: usize, w: f32) -> Signal {
        Signal::new(cat, at, at + 5, w)
    }

    /// The straightforward `combine`: a list of (category, strongest weight).
    fn combine_reference(signals: &[Signal]) -> f32 {
        let mut best: Vec<(Cat, f32)> = Vec::new();
        for s in signals {
            match best.iter_mut().find(|(c, _)| *c == s.cat) {
                Some((_, w)) => *w = w.max(s.weight),
                None => best.push((s.cat, s.weight)),
            }
        }
        let miss: f32 = best.iter().map(|(_, w)| 1.0 - w.clamp(0.0, 1.0)).product();
        let score = 1.0 - miss;
        let anchored = signals.iter().any(|s| s.cat.is_anchor() && s.weight >= 0.2);
        if anchored {
            score
        } else {
            score.min(NO_ANCHOR_CAP)
        }
    }

    /// Same bits as the straightforward version, on generated signal lists.
    #[test]
    fn combine_matches_the_straightforward_version() {
        let cats = [
            Cat::Address,
            Cat::Override,
            Cat::Command,
            Cat::Secret,
            Cat::Authority,
            Cat::Imperative,
            Cat::Deception,
            Cat::Hidden,
            Cat::Encoded,
            Cat::Bypass,
        ];
        let weights = [
            0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.65, 0.06, 1.2, -0.1,
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..2000 {
            let n = next(12);
            let v: Vec<Signal> = (0..n)
                .map(|i| sig(cats[next(cats.len())], i * 7, weights[next(weights.len())]))
                .collect();
            assert_eq!(
                combine(&v).to_bits(),
                combine_reference(&v).to_bits(),
                "{v:?}"
            );
        }
    }

    #[test]
    fn repetition_of_one_category_does_not_add_up() {
        let c = cluster(vec![sig(Cat::Address, 0, 0.4), sig(Cat::Address, 10, 0.4)]);
        assert!((c[0].score - 0.4).abs() < 1e-6);
    }

    #[test]
    fn unanchored_clusters_are_capped() {
        let c = cluster(vec![
            sig(Cat::Command, 0, 0.3),
            sig(Cat::Secret, 10, 0.4),
            sig(Cat::Permission, 20, 0.3),
        ]);
        assert!(c[0].score <= NO_ANCHOR_CAP);
    }

    #[test]
    fn long_chains_do_not_accumulate() {
        let mut v = vec![sig(Cat::Address, 0, 0.3)];
        for (i, cat) in [Cat::Bypass, Cat::Secret, Cat::Authority, Cat::Command]
            .into_iter()
            .enumerate()
        {
            v.push(sig(cat, 300 * (i + 1), 0.25));
        }
        let c = cluster(v);
        assert_eq!(c.len(), 1);
        assert!(c[0].score < 0.5, "{}", c[0].score);
    }

    #[test]
    fn distant_signals_form_separate_clusters() {
        let c = cluster(vec![
            sig(Cat::Address, 0, 0.4),
            sig(Cat::Command, 5000, 0.3),
        ]);
        assert_eq!(c.len(), 2);
    }
}
