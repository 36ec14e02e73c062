//! The connection thread: connect, say hello, receive patches, reconnect with backoff.

use crate::anchor;
use crate::diag;
use crate::json::write_string;
use crate::options::{ApplyMode, Options};
use crate::outbound;
use crate::pending;
use crate::ws::{self, Message};
use std::io;
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

const WEBSOCKET_PATH: &str = "/whisker-dev";
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const FIRST_RETRY_DELAY: Duration = Duration::from_millis(100);
const MAX_RETRY_DELAY: Duration = Duration::from_secs(2);
/// A connection that lasted this long resets the backoff. A server that closes each connection
/// right after the hello (for a wrong token) is retried at the maximum delay instead.
const STABLE_CONNECTION: Duration = Duration::from_secs(1);

/// Reason a session ended.
enum SessionEnd {
    /// Connecting or the handshake failed; the server was never reached.
    Unreachable(io::Error),
    /// An established connection ended; `lasted` is the time since the hello.
    Lost { reason: String, lasted: Duration },
}

/// Builds the first message of every connection.
pub(crate) fn hello_message(aslr_reference: u64, token: Option<&str>) -> String {
    let mut message = format!("{{\"kind\":\"hello\",\"aslr_reference\":{aslr_reference},\"token\":");
    match token {
        Some(token) => write_string(&mut message, token),
        None => message.push_str("null"),
    }
    message.push('}');
    message
}

/// Starts the connection thread; it runs until the process exits.
pub fn spawn(options: Options) -> io::Result<()> {
    thread::Builder::new().name("whisker-dev".into()).spawn(move || run(&options))?;
    Ok(())
}

fn run(options: &Options) {
    let mut delay = FIRST_RETRY_DELAY;
    let mut reporter = Reporter::default();
    loop {
        match session(options, reporter.announce_connect()) {
            SessionEnd::Unreachable(error) => {
                if reporter.on_unreachable() {
                    diag::state(&format!("cannot connect to {}: {error}; retrying in the background", options.addr));
                } else {
                    diag::debug(&format!("connection attempt to {} failed: {error}", options.addr));
                }
            }
            SessionEnd::Lost { reason, lasted } => {
                let message = format!("connection to {} lost: {reason}; reconnecting", options.addr);
                match reporter.on_lost(&reason, lasted) {
                    LostReport::Print => diag::state(&message),
                    LostReport::FirstRepeat => diag::state(&format!(
                        "{message}; the server keeps closing new connections, so later retries print nothing (set WHISKER_DEV_DEBUG=1 to see them)"
                    )),
                    LostReport::Silent => diag::debug(&message),
                }
                if lasted >= STABLE_CONNECTION {
                    delay = FIRST_RETRY_DELAY;
                }
            }
        }
        thread::sleep(delay);
        delay = next_delay(delay);
    }
}

/// Returns the retry delay after `delay`: doubled, at most `MAX_RETRY_DELAY`.
fn next_delay(delay: Duration) -> Duration {
    (delay * 2).min(MAX_RETRY_DELAY)
}

/// Kind of stderr report for a lost connection.
#[derive(Debug, PartialEq, Eq)]
enum LostReport {
    Print,
    /// The second short-lived connection in a row that ended the same way.
    FirstRepeat,
    Silent,
}

/// Decides which connection events reach stderr. A server that rejects every connection right
/// after the hello (a wrong token) would otherwise print two lines per retry.
#[derive(Debug, Default)]
struct Reporter {
    reported_unreachable: bool,
    last_short_reason: Option<String>,
    repeating: bool,
}

impl Reporter {
    /// Returns whether a failed attempt is reported: only the first one in the process.
    fn on_unreachable(&mut self) -> bool {
        !std::mem::replace(&mut self.reported_unreachable, true)
    }

    fn announce_connect(&self) -> bool {
        !self.repeating
    }

    fn on_lost(&mut self, reason: &str, lasted: Duration) -> LostReport {
        // "Connection lost; reconnecting" already covers the refused attempts that may follow.
        self.reported_unreachable = true;
        let short = lasted < STABLE_CONNECTION;
        let repeat = short && self.last_short_reason.as_deref() == Some(reason);
        self.last_short_reason = short.then(|| reason.to_string());
        let report = match (repeat, self.repeating) {
            (false, _) => LostReport::Print,
            (true, false) => LostReport::FirstRepeat,
            (true, true) => LostReport::Silent,
        };
        self.repeating = repeat;
        report
    }
}

fn open_stream(addr: &str) -> io::Result<TcpStream> {
    let candidates = addr.to_socket_addrs().map_err(|error| {
        io::Error::new(error.kind(), format!("invalid WHISKER_DEV_ADDR {addr:?} (expected host:port): {error}"))
    })?;
    let mut last_error = io::Error::new(io::ErrorKind::NotFound, format!("{addr} resolves to no address"));
    for candidate in candidates {
        match TcpStream::connect_timeout(&candidate, CONNECT_TIMEOUT) {
            Ok(stream) => return Ok(stream),
            Err(error) => last_error = error,
        }
    }
    Err(last_error)
}

fn session(options: &Options, announce_connect: bool) -> SessionEnd {
    let connected = open_stream(&options.addr)
        .and_then(|stream| ws::connect(stream, &options.addr, WEBSOCKET_PATH, options.max_message_bytes));
    let (sender, mut receiver) = match connected {
        Ok(halves) => halves,
        Err(error) => return SessionEnd::Unreachable(error),
    };
    let sender = Arc::new(sender);

    let hello = hello_message(anchor::runtime_address(), options.token.as_deref());
    if let Err(error) = sender.send_text(&hello) {
        return SessionEnd::Unreachable(error);
    }
    let since = Instant::now();
    let connected = format!("connected to ws://{}{WEBSOCKET_PATH}", options.addr);
    if announce_connect {
        diag::state(&connected);
    } else {
        diag::debug(&connected);
    }
    outbound::attach(Arc::clone(&sender));

    let reason = loop {
        match receiver.read_message(&sender) {
            Ok(Message::Binary(frame)) => receive_patch(frame, options.apply_mode),
            Ok(Message::Text(text)) => diag::debug(&format!("ignored text message: {}", truncate(&text, 200))),
            Ok(Message::Close(Some(code), reason)) => break format!("the server closed it with status {code} {reason:?}"),
            Ok(Message::Close(None, _)) => break "the server closed it without a status".to_string(),
            Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => break "the server ended the TCP connection".to_string(),
            Err(error) => break error.to_string(),
        }
    };
    outbound::detach();
    sender.shutdown();
    SessionEnd::Lost { reason, lasted: since.elapsed() }
}

fn receive_patch(frame: Vec<u8>, mode: ApplyMode) {
    match mode {
        ApplyMode::OnReceipt => {
            // The outcome is already reported to the server and on stderr.
            let _ = pending::apply_and_reply(&frame);
        }
        ApplyMode::Queued => pending::enqueue(frame),
    }
}

fn truncate(text: &str, max_chars: usize) -> &str {
    text.char_indices().nth(max_chars).map_or(text, |(end, _)| &text[..end])
}

/// Returns whether the client currently has a connection to the server.
pub fn is_connected() -> bool {
    outbound::is_attached()
}

#[cfg(test)]
mod tests {
    use super::{hello_message, next_delay, LostReport, Reporter, FIRST_RETRY_DELAY, STABLE_CONNECTION};
    use crate::json::parse;
    use std::time::Duration;

    const SHORT: Duration = Duration::from_millis(5);

    #[test]
    fn next_delay_doubles_up_to_cap() {
        let delays: Vec<u128> = std::iter::successors(Some(FIRST_RETRY_DELAY), |&d| Some(next_delay(d)))
            .take(8)
            .map(|d| d.as_millis())
            .collect();
        assert_eq!(delays, [100, 200, 400, 800, 1600, 2000, 2000, 2000]);
    }

    #[test]
    fn reporter_reports_first_unreachable_only() {
        let mut reporter = Reporter::default();
        assert!(reporter.on_unreachable());
        assert!(!reporter.on_unreachable());
    }

    #[test]
    fn reporter_silences_repeated_rejections() {
        let mut reporter = Reporter::default();
        assert_eq!(reporter.on_lost("status 1008", SHORT), LostReport::Print);
        assert!(reporter.announce_connect());
        assert_eq!(reporter.on_lost("status 1008", SHORT), LostReport::FirstRepeat);
        assert!(!reporter.announce_connect());
        assert_eq!(reporter.on_lost("status 1008", SHORT), LostReport::Silent);
        assert!(!reporter.on_unreachable(), "refused retries after a lost connection print nothing");
    }

    #[test]
    fn reporter_speaks_again_after_change() {
        let mut reporter = Reporter::default();
        reporter.on_lost("status 1008", SHORT);
        reporter.on_lost("status 1008", SHORT);
        assert_eq!(reporter.on_lost("status 1011", SHORT), LostReport::Print);
        assert!(reporter.announce_connect());
        reporter.on_lost("status 1011", SHORT);
        assert_eq!(reporter.on_lost("status 1011", STABLE_CONNECTION), LostReport::Print);
        assert!(reporter.announce_connect());
    }

    #[test]
    fn reporter_prints_every_stable_loss() {
        let mut reporter = Reporter::default();
        assert_eq!(reporter.on_lost("ended", STABLE_CONNECTION), LostReport::Print);
        assert_eq!(reporter.on_lost("ended", STABLE_CONNECTION), LostReport::Print);
    }

    #[test]
    fn hello_with_token() {
        let hello = parse(&hello_message(u64::MAX, Some("t\"ok\u{1}"))).unwrap();
        assert_eq!(hello.get("kind").unwrap().as_str(), Some("hello"));
        assert_eq!(hello.get("aslr_reference").unwrap().as_u64(), Some(u64::MAX));
        assert_eq!(hello.get("token").unwrap().as_str(), Some("t\"ok\u{1}"));
    }

    #[test]
    fn hello_without_token_sends_null() {
        assert_eq!(hello_message(4096, None), r#"{"kind":"hello","aslr_reference":4096,"token":null}"#);
    }
}
