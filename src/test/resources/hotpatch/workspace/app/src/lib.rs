//! The lib half of a lib+bin package: main.rs reaches it like any other dependency.

/// A value the test changes by editing this file.
pub fn banner() -> &'static str {
    "BANNER-1"
}
