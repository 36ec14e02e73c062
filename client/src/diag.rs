//! The client's own stderr lines, filtered by [`Verbosity`].

use crate::options::Verbosity;
use std::sync::atomic::{AtomicU8, Ordering};

static LEVEL: AtomicU8 = AtomicU8::new(Verbosity::StateChanges as u8);

pub fn set_verbosity(verbosity: Verbosity) {
    LEVEL.store(verbosity as u8, Ordering::Relaxed);
}

fn enabled(verbosity: Verbosity) -> bool {
    LEVEL.load(Ordering::Relaxed) >= verbosity as u8
}

/// Prints a state change (connected, lost, patch applied or failed).
pub fn state(message: &str) {
    if enabled(Verbosity::StateChanges) {
        eprintln!("whisker-dev: {message}");
    }
}

/// Prints detail that is useful only when debugging the connection.
pub fn debug(message: &str) {
    if enabled(Verbosity::Debug) {
        eprintln!("whisker-dev: {message}");
    }
}
