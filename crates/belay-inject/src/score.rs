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
    /// Shown instead of the raw span (e.g. the decoded text of a payload). Boxed: few signals
    /// have one, and dense text has tens of thousands of signals to sort and move.
    pub note: Option<Box<Note>>,
}

/// What a signal shows instead of its span. A decoded payload's note is written only when its
/// signal becomes a finding: most of thousands of payloads in a dense text never do.
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    Text(String),
    /// `{how} {verb} "{excerpt of text}"`.
    Decodes(&'static str, &'static str, String),
}

impl Note {
    /// The note's text.
    pub fn render(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Note::Text(t) => std::borrow::Cow::Borrowed(t),
            Note::Decodes(how, verb, text) => {
                std::borrow::Cow::Owned(format!("{how} {verb} \"{}\"", crate::excerpt(text)))
            }
        }
    }
}

impl From<String> for Note {
    fn from(t: String) -> Note {
        Note::Text(t)
    }
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

    pub fn set_note(&mut self, note: impl Into<Note>) {
        self.note = Some(Box::new(note.into()));
    }
}

/// A group of nearby signals and its combined score.
pub struct Cluster<'a> {
    /// Best score of the evidence within `GAP` of one anchor (signals chain into long
    /// clusters in dense text; the score must not grow with the chain).
    pub score: f32,
    /// Span of the evidence behind `score`.
    pub hot: (usize, usize),
    /// The cluster's run of the sorted signals.
    pub signals: &'a [Signal],
    /// Spots of decisive evidence: anchors whose neighbourhood scores at least
    /// [`crate::THRESHOLD`], each counted only if its neighbourhood shares no signal with that
    /// of the spot counted before it (each is evidence of its own), and only where the
    /// neighbourhood lies before the bound given to [`cluster_until`].
    pub decisive: usize,
}

/// The categories that say who speaks to whom, and with what standing (`### System:`, "You
/// are a helpful assistant", `<|im_start|>`, "IMPORTANT"), but ask for nothing. Evidence of
/// these alone is a prompt — a template in the project, a transcript — not an injection: it
/// scores at most `NO_ANCHOR_CAP` until something in reach asks the reader to act, override,
/// hide or send.
const SPEAKER_ONLY: u32 = 1 << Cat::Address as u32
    | 1 << Cat::Title as u32
    | 1 << Cat::Role as u32
    | 1 << Cat::Template as u32
    | 1 << Cat::Authority as u32;

/// Whether the categories present (as bits) can score past the cap: an anchor (`anchored`) and
/// something besides who speaks.
fn uncapped(anchored: bool, present: u32) -> bool {
    anchored && present & !SPEAKER_ONLY != 0
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
    if uncapped(anchored, present) {
        score
    } else {
        score.min(NO_ANCHOR_CAP)
    }
}

/// Group signals (any order) into clusters by proximity and score each one. The signals are
/// sorted in place (stably, by start and end); each cluster is a run of them.
pub fn cluster(signals: &mut [Signal]) -> Vec<Cluster<'_>> {
    cluster_until(signals, usize::MAX)
}

/// [`cluster`], counting as [`Cluster::decisive`] only spots whose neighbourhood (the signals
/// it could hold) starts before `until`.
pub fn cluster_until(signals: &mut [Signal], until: usize) -> Vec<Cluster<'_>> {
    sort_by_start_end(signals);
    // (first signal, end) of each cluster.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (i, s) in signals.iter().enumerate() {
        match runs.last_mut() {
            Some((_, end)) if s.start <= *end + GAP => *end = (*end).max(s.end),
            _ => runs.push((i, s.end)),
        }
    }
    let signals = &*signals;
    runs.iter()
        .enumerate()
        .map(|(k, &(first, _))| {
            let last = runs.get(k + 1).map_or(signals.len(), |r| r.0);
            let run = &signals[first..last];
            let (score, hot, decisive) = best_window(run, until);
            Cluster {
                score,
                hot,
                signals: run,
                decisive,
            }
        })
        .collect()
}

/// Stable sort by `(start, end)`. Signals usually arrive sorted by start already (`analyze`
/// sorts by start and category); then only the short runs sharing a start need sorting.
fn sort_by_start_end(signals: &mut [Signal]) {
    if !signals.is_sorted_by_key(|s| s.start) {
        signals.sort_by_key(|s| (s.start, s.end));
        return;
    }
    let mut i = 0;
    while i < signals.len() {
        let start = signals[i].start;
        let n = signals[i..].iter().take_while(|s| s.start == start).count();
        if n > 1 {
            signals[i..i + n].sort_by_key(|s| s.end);
        }
        i += n;
    }
}

/// Score the neighbourhood of each anchor (signals sorted by start) and keep the best.
///
/// The neighbourhoods are kept as one sliding window (its left edge only moves right, its
/// right edge follows each anchor's end), so each is scored from per-category summaries
/// instead of by a pass over its signals: dense text has tens of thousands of anchors with
/// dozens of signals around each. The score is `combine` of the window's signals, to the bit.
/// Also counts the decisive spots (see [`Cluster::decisive`]) whose window could hold no
/// signal starting at or after `until`.
fn best_window(signals: &[Signal], until: usize) -> (f32, (usize, usize), usize) {
    let first = signals.first().map_or((0, 0), |s| (s.start, s.end));
    let mut best = (combine(&[]), first);
    let mut any_anchor = false;
    // Decisive spots so far, and where the window of the last one ends (the windows' left
    // edges only move right: one that starts there shares no signal with any counted).
    let (mut decisive, mut last_hi) = (0, 0);
    let mut win = Window::default();
    // The edges are found by stepping from the previous ones (binary searches over a large
    // cluster cost more, in cache misses above all): `lo` only moves right, `hi` a little
    // either way.
    let (mut lo, mut hi) = (0, 0);
    for a in signals
        .iter()
        .filter(|s| s.cat.is_anchor() && s.weight >= 0.2)
    {
        any_anchor = true;
        while lo < signals.len() && signals[lo].start + GAP < a.start {
            lo += 1;
        }
        while hi < signals.len() && signals[hi].start <= a.end + GAP {
            hi += 1;
        }
        while hi > 0 && signals[hi - 1].start > a.end + GAP {
            hi -= 1;
        }
        win.slide(signals, lo, hi.max(lo));
        let score = win.score();
        // (Signals starting up to `GAP` after the anchor could be in its window.)
        if score >= crate::THRESHOLD && lo >= last_hi && a.end.saturating_add(GAP) < until {
            decisive += 1;
            last_hi = hi.max(lo);
        }
        if score > best.0 {
            let near = &signals[lo..hi.max(lo)];
            let end = near.iter().map(|s| s.end).max().unwrap_or(a.end);
            let start = near.first().map_or(a.start, |s| s.start);
            best = (score, (start, end));
        }
    }
    if !any_anchor {
        let end = signals.iter().map(|s| s.end).max().unwrap_or(first.1);
        best = (combine(signals), (first.0, end));
    }
    (best.0, best.1, decisive)
}

/// The signals `lo..hi` of a cluster, summarised per category: which of them are in (their
/// indices, in order: the first is where the category first appears) and how many carry each
/// weight (the strongest is the category's factor). The score depends on the categories
/// present, in the order of their first members, their strongest weights and whether an
/// anchor is in: it is kept until one of those changes (in dense repetitive text the window
/// slides on by whole repetitions, which change none of them).
#[derive(Default)]
struct Window {
    lo: usize,
    hi: usize,
    members: [std::collections::VecDeque<usize>; CATS],
    weights: [Vec<(f32, usize)>; CATS],
    /// The categories with members, as bits.
    present: u32,
    /// The present categories by the index of their first member, ascending.
    order: Vec<u8>,
    /// The strongest weight of each present category.
    max: [f32; CATS],
    /// Anchors of weight 0.2 or more in the window.
    anchors: usize,
    /// The score, while nothing it depends on has changed since it was computed.
    scored: Option<f32>,
}

impl Window {
    fn add(&mut self, s: &Signal) {
        let c = s.cat as usize;
        let w = &mut self.weights[c];
        match w
            .iter_mut()
            .find(|(x, _)| x.to_bits() == s.weight.to_bits())
        {
            Some((_, n)) => *n += 1,
            None => w.push((s.weight, 1)),
        }
        if self.present & (1 << c) == 0 {
            self.present |= 1 << c;
            self.max[c] = s.weight;
            // Added at the high end: its first member comes after all others.
            self.order.push(c as u8);
            self.scored = None;
        } else {
            let m = self.max[c].max(s.weight);
            if m.to_bits() != self.max[c].to_bits() {
                self.max[c] = m;
                self.scored = None;
            }
        }
        if s.cat.is_anchor() && s.weight >= 0.2 {
            self.anchors += 1;
            if self.anchors == 1 {
                self.scored = None;
            }
        }
    }

    /// Take `s` out (after its index left `members`).
    fn remove(&mut self, s: &Signal) {
        let c = s.cat as usize;
        let w = &mut self.weights[c];
        if let Some(k) = w
            .iter()
            .position(|(x, _)| x.to_bits() == s.weight.to_bits())
        {
            w[k].1 -= 1;
            if w[k].1 == 0 {
                w.swap_remove(k);
                if w.is_empty() {
                    self.present &= !(1 << c);
                    if let Some(p) = self.order.iter().position(|&x| usize::from(x) == c) {
                        self.order.remove(p);
                    }
                    self.scored = None;
                } else if s.weight.to_bits() == self.max[c].to_bits() {
                    let m = w.iter().map(|&(x, _)| x).reduce(f32::max).unwrap_or(0.0);
                    if m.to_bits() != self.max[c].to_bits() {
                        self.max[c] = m;
                        self.scored = None;
                    }
                }
            }
        }
        if s.cat.is_anchor() && s.weight >= 0.2 {
            self.anchors -= 1;
            if self.anchors == 0 {
                self.scored = None;
            }
        }
    }

    /// Category `c` lost its first member (and has others): move it back past the categories
    /// whose first members now come before its own.
    fn reorder(&mut self, c: usize) {
        let Some(&front) = self.members[c].front() else {
            return;
        };
        let Some(mut p) = self.order.iter().position(|&x| usize::from(x) == c) else {
            return;
        };
        while p + 1 < self.order.len()
            && self.members[usize::from(self.order[p + 1])]
                .front()
                .is_some_and(|&f| f < front)
        {
            self.order.swap(p, p + 1);
            p += 1;
            self.scored = None;
        }
    }

    /// Make the window `lo..hi` (`lo` never less than before, `lo <= hi`).
    fn slide(&mut self, signals: &[Signal], lo: usize, hi: usize) {
        if lo >= self.hi {
            // Nothing in common: empty it.
            while self.hi > self.lo {
                self.pop_back(signals);
            }
            self.lo = lo;
            self.hi = lo;
        }
        while self.lo < lo {
            let s = &signals[self.lo];
            let c = s.cat as usize;
            self.members[c].pop_front();
            self.remove(s);
            self.reorder(c);
            self.lo += 1;
        }
        while self.hi > hi {
            self.pop_back(signals);
        }
        while self.hi < hi {
            let s = &signals[self.hi];
            self.members[s.cat as usize].push_back(self.hi);
            self.add(s);
            self.hi += 1;
        }
    }

    fn pop_back(&mut self, signals: &[Signal]) {
        self.hi -= 1;
        let s = &signals[self.hi];
        // Its category's first member stays unless this was its only one (then it leaves).
        self.members[s.cat as usize].pop_back();
        self.remove(s);
    }

    /// `combine` of the window's signals: the same factors, multiplied in the same order.
    fn score(&mut self) -> f32 {
        if let Some(s) = self.scored {
            return s;
        }
        let miss: f32 = self
            .order
            .iter()
            .map(|&c| 1.0 - self.max[usize::from(c)].clamp(0.0, 1.0))
            .product();
        let score = 1.0 - miss;
        let s = if uncapped(self.anchors > 0, self.present) {
            score
        } else {
            score.min(NO_ANCHOR_CAP)
        };
        self.scored = Some(s);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Xorshift;

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
        let asks = best.iter().any(|(c, _)| {
            !matches!(
                c,
                Cat::Address | Cat::Title | Cat::Role | Cat::Template | Cat::Authority
            )
        });
        if anchored && asks {
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
            Cat::Role,
            Cat::Template,
        ];
        let weights = [
            0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.65, 0.06, 1.2, -0.1,
        ];
        let mut rng = Xorshift(0x2545_F491_4F6C_DD1Du64);
        let mut next = |n: usize| rng.below(n);
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

    /// The straightforward `best_window`: `combine` over each anchor's neighbourhood; the
    /// decisive spots whose neighbourhood is bounded by `until`, each sharing no signal with
    /// the one before.
    fn best_window_reference(signals: &[Signal], until: usize) -> (f32, (usize, usize), usize) {
        let first = signals.first().map_or((0, 0), |s| (s.start, s.end));
        let mut best = (combine(&[]), first);
        let mut any_anchor = false;
        // (lo, hi) of each decisive spot's window.
        let mut spots: Vec<(usize, usize)> = Vec::new();
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
            // Signals starting up to `GAP` after the anchor could be near it.
            let bounded = a.end + GAP < until;
            let apart = spots
                .iter()
                .all(|&(l, h)| h <= lo || hi.max(lo) <= l || l == h);
            if score >= crate::THRESHOLD && bounded && apart {
                spots.push((lo, hi.max(lo)));
            }
        }
        if !any_anchor {
            let end = signals.iter().map(|s| s.end).max().unwrap_or(first.1);
            best = (combine(signals), (first.0, end));
        }
        (best.0, best.1, spots.len())
    }

    /// The sliding window scores every cluster as the straightforward version does, on
    /// generated clusters (dense and sparse, long and short signals, weights repeating).
    #[test]
    fn best_window_matches_the_straightforward_version() {
        let cats = [
            Cat::Address,
            Cat::Override,
            Cat::Role,
            Cat::Command,
            Cat::Secret,
            Cat::Authority,
            Cat::Imperative,
            Cat::Deception,
            Cat::Bypass,
            Cat::Hidden,
        ];
        let weights = [
            0.15,
            0.2,
            0.25,
            0.3,
            0.35,
            0.4,
            0.45,
            0.06,
            0.3 * 0.2,
            0.4 * 0.6,
        ];
        let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15u64);
        let mut next = |n: usize| rng.below(n);
        let (mut anchored, mut decisive) = (0, 0);
        for round in 0..600 {
            let n = next(80);
            let spread = [5, 40, 200, 900][round % 4];
            let mut at = 0;
            let mut v: Vec<Signal> = (0..n)
                .map(|_| {
                    at += next(spread);
                    let len = [1, 10, 60, 700][next(4)];
                    Signal::new(
                        cats[next(cats.len())],
                        at,
                        at + next(len) + 1,
                        weights[next(weights.len())],
                    )
                })
                .collect();
            v.sort_by_key(|s| (s.start, s.end));
            let until = [usize::MAX, at / 2, at][round % 3];
            let (score, hot, spots) = best_window(&v, until);
            let (want, want_hot, want_spots) = best_window_reference(&v, until);
            assert_eq!(
                (score.to_bits(), hot, spots),
                (want.to_bits(), want_hot, want_spots),
                "{v:?}"
            );
            anchored += usize::from(want > NO_ANCHOR_CAP);
            decisive += usize::from(want_spots > 1);
        }
        assert!(anchored > 100, "{anchored} anchored clusters");
        assert!(
            decisive > 50,
            "{decisive} clusters with several decisive spots"
        );
    }

    /// Sorting the runs that share a start gives the stable sort by start and end.
    #[test]
    fn start_end_sort_matches_the_stable_sort() {
        let mut rng = Xorshift(0x1234_5678_9ABC_DEF1u64);
        let mut next = |n: usize| rng.below(n);
        let cats = [Cat::Address, Cat::Command, Cat::Secret, Cat::Role];
        for round in 0..300 {
            let mut v: Vec<Signal> = (0..next(60))
                .map(|i| {
                    let start = next(20);
                    let mut s = Signal::new(cats[next(4)], start, start + next(9), 0.3);
                    s.set_note(i.to_string());
                    s
                })
                .collect();
            if round % 2 == 0 {
                v.sort_by_key(|s| (s.start, s.cat));
            }
            let mut want = v.clone();
            want.sort_by_key(|s| (s.start, s.end));
            sort_by_start_end(&mut v);
            let key = |v: &[Signal]| -> Vec<(usize, usize, Option<Box<Note>>)> {
                v.iter().map(|s| (s.start, s.end, s.note.clone())).collect()
            };
            assert_eq!(key(&v), key(&want));
        }
    }

    #[test]
    fn repetition_of_one_category_does_not_add_up() {
        let mut v = vec![sig(Cat::Address, 0, 0.4), sig(Cat::Address, 10, 0.4)];
        let c = cluster(&mut v);
        assert!((c[0].score - 0.4).abs() < 1e-6);
    }

    #[test]
    fn unanchored_clusters_are_capped() {
        let mut v = vec![
            sig(Cat::Command, 0, 0.3),
            sig(Cat::Secret, 10, 0.4),
            sig(Cat::Permission, 20, 0.3),
        ];
        let c = cluster(&mut v);
        assert!(c[0].score <= NO_ANCHOR_CAP);
    }

    /// Who speaks to whom is not enough: a prompt template (`### System:` then "You are a
    /// helpful assistant…") is capped, and crosses the threshold once it asks for something.
    #[test]
    fn speakers_alone_are_capped() {
        let cases: [(&[(Cat, f32)], bool); 6] = [
            (&[(Cat::Role, 0.4), (Cat::Address, 0.3)], false),
            (
                &[
                    (Cat::Template, 0.45),
                    (Cat::Role, 0.45),
                    (Cat::Authority, 0.3),
                ],
                false,
            ),
            (
                &[(Cat::Title, 0.25), (Cat::Address, 0.45), (Cat::Role, 0.35)],
                false,
            ),
            (
                &[
                    (Cat::Role, 0.4),
                    (Cat::Address, 0.3),
                    (Cat::Imperative, 0.2),
                ],
                true,
            ),
            (&[(Cat::Role, 0.4), (Cat::Override, 0.3)], true),
            (&[(Cat::Template, 0.45), (Cat::Deception, 0.45)], true),
        ];
        for (sigs, over) in cases {
            let mut v: Vec<Signal> = sigs
                .iter()
                .enumerate()
                .map(|(i, &(c, w))| sig(c, 20 * i, w))
                .collect();
            let c = cluster(&mut v);
            assert_eq!(
                c[0].score >= crate::THRESHOLD,
                over,
                "{sigs:?}: {}",
                c[0].score
            );
            assert!(c[0].score > 0.4, "{sigs:?}: {}", c[0].score);
        }
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
        let c = cluster(&mut v);
        assert_eq!(c.len(), 1);
        assert!(c[0].score < 0.5, "{}", c[0].score);
    }

    #[test]
    fn distant_signals_form_separate_clusters() {
        let mut v = vec![sig(Cat::Address, 0, 0.4), sig(Cat::Command, 5000, 0.3)];
        let c = cluster(&mut v);
        assert_eq!(c.len(), 2);
    }
}
