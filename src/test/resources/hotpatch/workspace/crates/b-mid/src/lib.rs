//! The middle of the chain, with a build script: generated code, a cargo:rustc-env variable and a C
//! library.

include!(concat!(env!("OUT_DIR"), "/gen.rs"));

/// Set by the build script through cargo:rustc-env.
pub const FLAVOR: &str = env!("WHISKER_TEST_FLAVOR");

unsafe extern "C" {
    fn whisker_twice(value: i32) -> i32;
}

/// Calls into the C library the build script compiled.
pub fn twice(value: i32) -> i32 {
    // SAFETY: whisker_twice is a pure C function taking and returning an int.
    unsafe { whisker_twice(value) }
}

/// Not generic: the tip calls this compiled copy, which calls a-core's.
#[inline(never)]
pub fn describe() -> String {
    format!("{}+MID", a_core::label())
}

/// Generic, so its a-core calls are compiled into the tip.
pub fn mid<T: Into<u64>>(value: T) -> u64 {
    a_core::scale(value) + 1
}

pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
