//! 64-bit FNV-1a: the plan's fingerprint, and the checksum of partial
//! files. Small, fast, and with no dependency; not a signature.

/// 64-bit FNV-1a, continued from `hash`.
pub(crate) fn fnv1a64_from(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The 64-bit FNV-1a hash of `bytes`: the plan's fingerprint and a
/// partial's checksum.
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    fnv1a64_from(FNV_OFFSET, bytes)
}
