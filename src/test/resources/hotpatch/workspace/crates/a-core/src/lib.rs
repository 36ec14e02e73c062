//! The bottom of the chain: the tip reaches it only through b-mid.

/// Inlined into its callers, so an edit reaches the app only if they are rebuilt too.
#[inline]
pub fn factor() -> u64 {
    2
}

/// Generic, so it is instantiated in the crates that call it rather than in this one.
pub fn scale<T: Into<u64>>(value: T) -> u64 {
    value.into() * factor()
}

/// Called directly by b-mid's compiled code.
#[inline(never)]
pub fn label() -> String {
    String::from("CORE-1")
}
