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

/// "Is any of these intervals wholly inside `[s, e]`?", for `s` among a few points given in
/// advance (the starts of hidden regions). The intervals (tens of thousands of signals in
/// dense text) are not sorted: each goes to the bucket of the last point at or before its
/// start, which keeps the smallest end.
pub struct Inside {
    /// The points, sorted, without repeats.
    points: Vec<usize>,
    /// `min_end[i]` = the smallest end among intervals starting at or after `points[i]`.
    min_end: Vec<usize>,
}

impl Inside {
    pub fn new(
        points: impl Iterator<Item = usize>,
        spans: impl Iterator<Item = (usize, usize)>,
    ) -> Self {
        let mut points: Vec<usize> = points.collect();
        points.sort_unstable();
        points.dedup();
        let mut min_end = vec![usize::MAX; points.len()];
        if !points.is_empty() {
            for (a, b) in spans {
                // The last point at or before `a`, if any.
                let i = points.partition_point(|&p| p <= a);
                if i > 0 {
                    min_end[i - 1] = min_end[i - 1].min(b);
                }
            }
            for i in (0..points.len().saturating_sub(1)).rev() {
                min_end[i] = min_end[i].min(min_end[i + 1]);
            }
        }
        Inside { points, min_end }
    }

    /// Some interval `(a, b)` with `s <= a && b <= e`, for `s` one of the points (false for
    /// any other `s`). Ends are never before starts, so the interval ending first among those
    /// starting at or after `s` decides.
    pub fn any_within(&self, s: usize, e: usize) -> bool {
        let i = self.points.partition_point(|&p| p < s);
        self.points.get(i) == Some(&s) && self.min_end[i] <= e
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Xorshift;

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
        let points = [0, 1, 2, 5, 6, 20, 21, 22, 31, 5];
        let q = Inside::new(points.iter().copied(), spans.iter().copied());
        for s in 0..32 {
            for e in s..32 {
                let want = points.contains(&s) && spans.iter().any(|&(a, b)| s <= a && b <= e);
                assert_eq!(q.any_within(s, e), want, "{s}..{e}");
            }
        }
        let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15u64);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..500 {
            let spans: Vec<(usize, usize)> = (0..next(40))
                .map(|_| {
                    let a = next(100);
                    (a, a + next(20))
                })
                .collect();
            let regions: Vec<(usize, usize)> = (0..next(10))
                .map(|_| {
                    let a = next(100);
                    (a, a + next(60))
                })
                .collect();
            let q = Inside::new(regions.iter().map(|r| r.0), spans.iter().copied());
            for &(s, e) in &regions {
                let want = spans.iter().any(|&(a, b)| s <= a && b <= e);
                assert_eq!(q.any_within(s, e), want, "{s}..{e} {spans:?}");
            }
        }
        assert!(!Inside::new(std::iter::empty(), spans.iter().copied()).any_within(0, 99));
    }
}
