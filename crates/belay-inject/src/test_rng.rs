//! The deterministic generator the crate's randomised tests share (xorshift64): a failing
//! case can be replayed from its seed.

pub(crate) struct Xorshift(pub u64);

impl Xorshift {
    /// The next raw value.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}
