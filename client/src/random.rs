//! Unpredictable-enough values from std alone, for WebSocket keys and masks.
//!
//! RFC 6455 masking only stops a client from steering bytes through caching proxies, so it needs
//! values a remote peer cannot predict, not cryptographic strength. `RandomState` seeds each
//! hasher from keys that std draws from the OS once per process and then varies per instance.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Returns a 64-bit value mixed from a fresh `RandomState`, the clock and a process-wide counter.
pub fn random_u64() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    hasher.write_u128(nanos);
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u32(std::process::id());
    hasher.finish()
}

/// Returns a fresh 4-byte masking key for one client frame.
pub fn mask_key() -> [u8; 4] {
    (random_u64() as u32).to_ne_bytes()
}

/// Returns 16 random bytes, the size RFC 6455 requires for `Sec-WebSocket-Key`.
pub fn nonce16() -> [u8; 16] {
    let mut nonce = [0u8; 16];
    nonce[..8].copy_from_slice(&random_u64().to_ne_bytes());
    nonce[8..].copy_from_slice(&random_u64().to_ne_bytes());
    nonce
}

#[cfg(test)]
mod tests {
    #[test]
    fn random_values_differ() {
        let values: std::collections::HashSet<u64> = (0..1000).map(|_| super::random_u64()).collect();
        assert_eq!(values.len(), 1000);
    }
}
