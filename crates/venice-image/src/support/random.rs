//! The crate's one source of randomness (retry jitter, multipart boundaries,
//! temporary file names): std's per-process random hash keys mixed with the
//! clock. Not for secrets; no dependency needed for this much.

use std::hash::{BuildHasher, Hasher};

/// 64 random bits.
pub(crate) fn u64() -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

/// A number in `[0, 1)`.
pub(crate) fn unit() -> f64 {
    (u64() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    #[test]
    fn unit_is_in_range_and_values_differ() {
        let values: Vec<f64> = (0..100).map(|_| super::unit()).collect();
        assert!(values.iter().all(|r| (0.0..1.0).contains(r)));
        assert_ne!(super::u64(), super::u64());
    }
}
