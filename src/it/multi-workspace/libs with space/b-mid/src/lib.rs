/// Generic, so the app's crate compiles it, with a-core's code inlined.
pub fn describe<T: Into<u64>>(value: T) -> String {
    format!("{}-{}", a_core::word(), a_core::scale(value))
}
