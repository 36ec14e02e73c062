//! Client settings, read from the environment by [`Options::from_env`].

use std::path::PathBuf;

/// Default server address, the plugin's default `whisker.bind`.
pub const DEFAULT_ADDR: &str = "127.0.0.1:9876";

/// Largest message the client accepts from the server. Patch libraries of tens of MiB are
/// normal for large crates; the limit only stops a broken peer from exhausting memory.
pub const DEFAULT_MAX_MESSAGE: u64 = 1 << 30;

/// When a received patch takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyMode {
    /// The connection thread applies each patch as soon as it arrives.
    OnReceipt,
    /// Patches wait until the app calls [`crate::apply_pending`], for apps that must switch code
    /// only at a point of their choosing (between frames, between requests).
    Queued,
}

/// How much the client writes to stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Nothing.
    Quiet,
    /// One line per state change: connected, connection lost, patch applied or failed.
    StateChanges,
    /// Also every connection attempt and every ignored message.
    Debug,
}

/// Settings of the connection thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Server address as `host:port`.
    pub addr: String,
    /// Token sent in the hello, or `None` to send `null`.
    pub token: Option<String>,
    pub apply_mode: ApplyMode,
    pub verbosity: Verbosity,
    /// Directory for patch libraries; `None` selects [`crate::patch::storage::default_dir`].
    pub patch_dir: Option<PathBuf>,
    pub max_message_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            addr: DEFAULT_ADDR.to_string(),
            token: None,
            apply_mode: ApplyMode::OnReceipt,
            verbosity: Verbosity::StateChanges,
            patch_dir: None,
            max_message_bytes: DEFAULT_MAX_MESSAGE,
        }
    }
}

fn non_empty_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

impl Options {
    /// Reads `WHISKER_DEV_ADDR`, `WHISKER_DEV_TOKEN`, `WHISKER_DEV_APPLY` (`receipt` or
    /// `queued`), `WHISKER_DEV_DEBUG`, `WHISKER_DEV_QUIET` and `WHISKER_DEV_PATCH_DIR`.
    /// Empty variables count as unset. An invalid `WHISKER_DEV_APPLY` keeps the default and is
    /// reported on stderr.
    pub fn from_env() -> Options {
        let mut options = Options::default();
        if let Some(addr) = non_empty_var("WHISKER_DEV_ADDR") {
            options.addr = addr;
        }
        options.token = non_empty_var("WHISKER_DEV_TOKEN");
        match non_empty_var("WHISKER_DEV_APPLY").as_deref() {
            None | Some("receipt") => {}
            Some("queued") => options.apply_mode = ApplyMode::Queued,
            Some(other) => eprintln!(
                "whisker-dev: invalid WHISKER_DEV_APPLY value {other:?}; expected `receipt` or `queued`, using `receipt`"
            ),
        }
        if non_empty_var("WHISKER_DEV_QUIET").is_some() {
            options.verbosity = Verbosity::Quiet;
        }
        if non_empty_var("WHISKER_DEV_DEBUG").is_some() {
            options.verbosity = Verbosity::Debug;
        }
        options.patch_dir = non_empty_var("WHISKER_DEV_PATCH_DIR").map(PathBuf::from);
        options
    }
}
