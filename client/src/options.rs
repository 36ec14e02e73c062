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
    /// Largest message accepted from the server, in bytes; a larger one ends the connection.
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

impl Options {
    /// Reads `WHISKER_DEV_ADDR`, `WHISKER_DEV_TOKEN`, `WHISKER_DEV_APPLY` (`receipt` or
    /// `queued`), `WHISKER_DEV_DEBUG`, `WHISKER_DEV_QUIET` and `WHISKER_DEV_PATCH_DIR`.
    /// Empty variables count as unset. An invalid `WHISKER_DEV_APPLY` keeps the default and is
    /// reported on stderr.
    pub fn from_env() -> Options {
        let (options, warning) = Options::from_vars(|name| std::env::var(name).ok());
        if let Some(warning) = warning {
            eprintln!("whisker-dev: {warning}");
        }
        options
    }

    /// Builds options from a variable lookup; also returns a warning for an invalid value.
    fn from_vars(var: impl Fn(&str) -> Option<String>) -> (Options, Option<String>) {
        let non_empty = |name: &str| var(name).filter(|value| !value.is_empty());
        let mut options = Options::default();
        let mut warning = None;

        if let Some(addr) = non_empty("WHISKER_DEV_ADDR") {
            options.addr = addr;
        }
        options.token = non_empty("WHISKER_DEV_TOKEN");
        match non_empty("WHISKER_DEV_APPLY").as_deref() {
            None | Some("receipt") => {}
            Some("queued") => options.apply_mode = ApplyMode::Queued,
            Some(other) => {
                warning = Some(format!(
                    "invalid WHISKER_DEV_APPLY value {other:?}; expected `receipt` or `queued`, using `receipt`"
                ))
            }
        }
        if non_empty("WHISKER_DEV_QUIET").is_some() {
            options.verbosity = Verbosity::Quiet;
        }
        if non_empty("WHISKER_DEV_DEBUG").is_some() {
            options.verbosity = Verbosity::Debug;
        }
        options.patch_dir = non_empty("WHISKER_DEV_PATCH_DIR").map(PathBuf::from);
        (options, warning)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(vars: &[(&str, &str)]) -> (Options, Option<String>) {
        Options::from_vars(|name| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string()))
    }

    #[test]
    fn from_vars_defaults() {
        let (parsed, warning) = options(&[]);
        assert_eq!(parsed, Options::default());
        assert_eq!(parsed.addr, "127.0.0.1:9876");
        assert_eq!(warning, None);
    }

    #[test]
    fn from_vars_reads_every_variable() {
        let (parsed, _) = options(&[
            ("WHISKER_DEV_ADDR", "127.0.0.1:4000"),
            ("WHISKER_DEV_TOKEN", "secret"),
            ("WHISKER_DEV_APPLY", "queued"),
            ("WHISKER_DEV_DEBUG", "1"),
            ("WHISKER_DEV_PATCH_DIR", "/tmp/p"),
        ]);
        assert_eq!(parsed.addr, "127.0.0.1:4000");
        assert_eq!(parsed.token.as_deref(), Some("secret"));
        assert_eq!(parsed.apply_mode, ApplyMode::Queued);
        assert_eq!(parsed.verbosity, Verbosity::Debug);
        assert_eq!(parsed.patch_dir, Some(PathBuf::from("/tmp/p")));
    }

    #[test]
    fn from_vars_treats_empty_as_unset() {
        let (parsed, _) = options(&[("WHISKER_DEV_ADDR", ""), ("WHISKER_DEV_TOKEN", "")]);
        assert_eq!(parsed.addr, DEFAULT_ADDR);
        assert_eq!(parsed.token, None);
    }

    #[test]
    fn from_vars_warns_on_invalid_apply_mode() {
        let (parsed, warning) = options(&[("WHISKER_DEV_APPLY", "later")]);
        assert_eq!(parsed.apply_mode, ApplyMode::OnReceipt);
        assert!(warning.unwrap().contains("\"later\""));
    }

    #[test]
    fn from_vars_quiet() {
        assert_eq!(options(&[("WHISKER_DEV_QUIET", "1")]).0.verbosity, Verbosity::Quiet);
    }
}
