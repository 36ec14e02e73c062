//! In-process client of whisker-maven-plugin.
//!
//! An app under development calls [`start`] once. A background thread then connects to
//! `ws://$WHISKER_DEV_ADDR/whisker-dev`, sends a hello with the runtime address of the
//! [`whisker_aslr_anchor`] function, applies the hot patches the server sends, and reconnects
//! with backoff when the server goes away. Code reached through [`call`] and its variants
//! switches to the newest patch; everything else keeps running the original code.
//!
//! The crate uses only std and the C library's `dlopen`, `dlsym`, `dlerror` and `getuid`.
//! Patches are supported on Linux with glibc 2.34 or later.

pub mod codec;
mod connection;
mod diag;
mod hot;
pub mod json;
mod logs;
mod options;
mod outbound;
pub mod patch;
mod pending;
mod random;
mod table;
pub mod ws;

pub mod anchor;

pub use anchor::whisker_aslr_anchor;
pub use hot::{
    call, call1, call2, call3, call_fn, call_fn1, call_fn2, call_fn3, key_of_call, key_of_call1, key_of_call2,
    key_of_call3,
};
pub use logs::{log, LineForwarder, Stream};
pub use options::{ApplyMode, Options, Verbosity, DEFAULT_ADDR};
pub use patch::{Applied, ApplyError};
pub use pending::{apply_pending, pending_count};

use std::sync::Mutex;

/// `None` until the first start; then whether the connection thread runs.
static STARTED: Mutex<Option<bool>> = Mutex::new(None);

/// Starts the client with [`Options::from_env`]. See [`start_with`].
pub fn start() -> bool {
    start_with(Options::from_env())
}

/// Starts the connection thread with `options`. Only the first call in a process has an
/// effect; later calls return the first call's outcome and ignore their options. Returns
/// `false` when the thread could not be spawned; the app runs on without hot patches then.
/// Network errors are retried in the background and are not reported to the caller.
pub fn start_with(options: Options) -> bool {
    let mut started = STARTED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(running) = *started {
        return running;
    }

    diag::set_verbosity(options.verbosity);
    pending::set_patch_dir(options.patch_dir.clone().unwrap_or_else(patch::storage::default_dir));
    let running = match connection::spawn(options) {
        Ok(()) => true,
        Err(error) => {
            diag::state(&format!("cannot start the connection thread, hot patching is off: {error}"));
            false
        }
    };
    *started = Some(running);
    running
}

/// Returns whether the client is connected to the server right now.
pub fn is_connected() -> bool {
    connection::is_connected()
}

/// Returns the runtime address of [`whisker_aslr_anchor`], the value the hello sends.
pub fn aslr_reference() -> u64 {
    anchor::runtime_address()
}

/// Returns how many patches this process has installed.
pub fn installed_patches() -> usize {
    table::installed_patches()
}

/// Returns how many forwarded log lines were dropped because the server read too slowly.
pub fn dropped_log_lines() -> u64 {
    outbound::dropped_lines()
}
