//! Declared by the app but not named by it until a patch starts calling it.

pub fn later() -> &'static str {
    " later=LATER-1"
}
