/// Inlined into the crates that call it.
#[inline]
pub fn word() -> &'static str {
    "core one"
}

/// Generic, so it is compiled into the crates that call it.
pub fn scale<T: Into<u64>>(value: T) -> u64 {
    value.into() * 2
}
