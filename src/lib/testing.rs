//! Helpers for the property checks of the unit and integration tests.

/// xorshift64*: a deterministic generator (fixed seeds, no crates).
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform-ish in 0..n.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<T: Clone>(&mut self, v: &[T]) -> T {
        v[self.below(v.len())].clone()
    }

    /// Up to `max` bytes drawn from `alphabet`.
    pub fn bytes(&mut self, alphabet: &[u8], max: usize) -> Vec<u8> {
        (0..self.below(max + 1))
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }
}
