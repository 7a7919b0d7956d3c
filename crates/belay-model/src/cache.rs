//! Remembering answers: the same (policy, model, transcript + call) never costs a second request.
//!
//! [`VerdictCache`] is the storage seam: [`MemoryCache`] is an in-process LRU; a persistent
//! store (belay-store) can implement the same trait later, keyed by [`CacheKey::hex`] and
//! storing the verdict as JSON ([`crate::ModelVerdict`] is serde-serializable). Only successful
//! verdicts are cached; failures are retried next time.

use crate::classify::ModelVerdict;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;

/// SHA-256 over everything that determines the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CacheKey(pub [u8; 32]);

impl CacheKey {
    /// Hashes the parts with length prefixes, so part boundaries cannot collide.
    pub fn of(parts: &[&str]) -> CacheKey {
        let mut h = Sha256::new();
        for part in parts {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        CacheKey(h.finalize().into())
    }

    /// Lower-case hex, 64 characters.
    pub fn hex(&self) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(64);
        for b in self.0 {
            out.push(char::from(DIGITS[usize::from(b >> 4)]));
            out.push(char::from(DIGITS[usize::from(b & 0xf)]));
        }
        out
    }
}

/// Where verdicts are remembered. Implementations must be cheap and must not fail loudly: a
/// broken store simply misses.
pub trait VerdictCache: Send + Sync {
    fn get(&self, key: &CacheKey) -> Option<ModelVerdict>;
    fn put(&self, key: &CacheKey, verdict: &ModelVerdict);
}

/// Remembers nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCache;

impl VerdictCache for NoCache {
    fn get(&self, _: &CacheKey) -> Option<ModelVerdict> {
        None
    }
    fn put(&self, _: &CacheKey, _: &ModelVerdict) {}
}

/// An in-process least-recently-used cache.
#[derive(Debug)]
pub struct MemoryCache {
    capacity: usize,
    inner: Mutex<Lru>,
}

#[derive(Debug, Default)]
struct Lru {
    tick: u64,
    entries: HashMap<CacheKey, (ModelVerdict, u64)>,
}

impl MemoryCache {
    /// Holds at most `capacity` verdicts (at least one).
    pub fn new(capacity: usize) -> MemoryCache {
        MemoryCache {
            capacity: capacity.max(1),
            inner: Mutex::new(Lru::default()),
        }
    }

    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Lru> {
        // A panic elsewhere cannot leave the map inconsistent in a way that matters here.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Default for MemoryCache {
    fn default() -> MemoryCache {
        MemoryCache::new(256)
    }
}

impl VerdictCache for MemoryCache {
    fn get(&self, key: &CacheKey) -> Option<ModelVerdict> {
        let mut lru = self.lock();
        lru.tick = lru.tick.wrapping_add(1);
        let tick = lru.tick;
        lru.entries.get_mut(key).map(|(v, used)| {
            *used = tick;
            v.clone()
        })
    }

    fn put(&self, key: &CacheKey, verdict: &ModelVerdict) {
        let mut lru = self.lock();
        lru.tick = lru.tick.wrapping_add(1);
        let tick = lru.tick;
        if !lru.entries.contains_key(key) && lru.entries.len() >= self.capacity {
            let oldest = lru
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| *k);
            if let Some(k) = oldest {
                lru.entries.remove(&k);
            }
        }
        lru.entries.insert(*key, (verdict.clone(), tick));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Stage;
    use belay_action::Category;

    fn verdict(reason: &str) -> ModelVerdict {
        ModelVerdict {
            block: true,
            category: Category::Exfiltrate,
            reason: Some(reason.into()),
            decided_by: Stage::Two,
            calls: Vec::new(),
            cached: false,
        }
    }

    #[test]
    fn keys_separate_parts() {
        assert_ne!(CacheKey::of(&["ab", "c"]), CacheKey::of(&["a", "bc"]));
        assert_eq!(CacheKey::of(&["x"]), CacheKey::of(&["x"]));
        assert_eq!(CacheKey::of(&["x"]).hex().len(), 64);
    }

    #[test]
    fn lru_evicts_least_recently_used() {
        let c = MemoryCache::new(2);
        let (a, b, d) = (
            CacheKey::of(&["a"]),
            CacheKey::of(&["b"]),
            CacheKey::of(&["d"]),
        );
        c.put(&a, &verdict("a"));
        c.put(&b, &verdict("b"));
        assert!(c.get(&a).is_some()); // a is now newer than b
        c.put(&d, &verdict("d"));
        assert_eq!(c.len(), 2);
        assert!(c.get(&b).is_none());
        assert_eq!(c.get(&a).unwrap().reason.as_deref(), Some("a"));
        assert!(c.get(&d).is_some());
        assert!(NoCache.get(&a).is_none());
    }
}
