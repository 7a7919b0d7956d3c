//! Interval queries that stay O(log n) per question, so that adversarial input with many
//! signals and many regions cannot make screening quadratic.

/// "Does any of these intervals overlap `[s, e)`?" for intervals sorted by start.
pub struct Reach<'a> {
    spans: &'a [(usize, usize)],
    /// `max_end[i]` = the largest end among `spans[..=i]`.
    max_end: Vec<usize>,
}

impl<'a> Reach<'a> {
    pub fn new(spans: &'a [(usize, usize)]) -> Self {
        let mut m = 0;
        let max_end = spans
            .iter()
            .map(|&(_, e)| {
                m = m.max(e);
                m
            })
            .collect();
        Reach { spans, max_end }
    }

    /// Some interval `(a, b)` with `s < b && a < e`.
    pub fn overlaps(&self, s: usize, e: usize) -> bool {
        // Intervals starting before `e`; the one reaching furthest decides.
        let n = self.spans.partition_point(|&(a, _)| a < e);
        n > 0 && self.max_end[n - 1] > s
    }
}

/// "Is any of these intervals wholly inside `[s, e]`?"
pub struct Inside {
    starts: Vec<usize>,
    /// `min_end[i]` = the smallest end among intervals `i..` (sorted by start).
    min_end: Vec<usize>,
}

impl Inside {
    pub fn new(spans: impl Iterator<Item = (usize, usize)>) -> Self {
        let mut v: Vec<(usize, usize)> = spans.collect();
        // By start only (the order among equal starts does not change a suffix minimum taken
        // from the first of them). Signals come sorted, or in sorted runs (one per rule): a
        // stable sort merges them.
        v.sort_by_key(|&(s, _)| s);
        let mut min_end = vec![usize::MAX; v.len()];
        let mut m = usize::MAX;
        for (i, &(_, e)) in v.iter().enumerate().rev() {
            m = m.min(e);
            min_end[i] = m;
        }
        Inside {
            starts: v.iter().map(|&(s, _)| s).collect(),
            min_end,
        }
    }

    /// Some interval `(a, b)` with `s <= a && b <= e`. Ends are never before starts, so
    /// the interval ending first among those starting at or after `s` decides.
    pub fn any_within(&self, s: usize, e: usize) -> bool {
        let i = self.starts.partition_point(|&a| a < s);
        self.min_end.get(i).is_some_and(|&m| m <= e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reach_matches_brute_force() {
        let spans = [(0, 3), (2, 10), (5, 6), (20, 22)];
        let r = Reach::new(&spans);
        for s in 0..25 {
            for e in s..26 {
                let want = spans.iter().any(|&(a, b)| s < b && a < e);
                assert_eq!(r.overlaps(s, e), want, "{s}..{e}");
            }
        }
    }

    #[test]
    fn inside_matches_brute_force() {
        let spans = [(0, 30), (2, 4), (5, 9), (20, 22), (21, 21)];
        let q = Inside::new(spans.iter().copied());
        for s in 0..32 {
            for e in s..32 {
                let want = spans.iter().any(|&(a, b)| s <= a && b <= e);
                assert_eq!(q.any_within(s, e), want, "{s}..{e}");
            }
        }
    }
}
