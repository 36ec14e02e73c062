//! The connection thread: connect, say hello, receive patches, reconnect with backoff.

use crate::anchor;
use crate::diag;
use crate::json::{write_string, write_u64_or_null};
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

/// Why a session ended.
enum SessionEnd {
    /// Connecting or the handshake failed; the server was never reached.
    Unreachable(io::Error),
    /// An established connection ended; `lasted` is the time since the hello.
    Lost { reason: String, lasted: Duration },
}

/// Builds the first message of every connection.
pub(crate) fn hello_message(aslr_reference: u64, token: Option<&str>) -> String {
    let mut message = String::from("{\"kind\":\"hello\",\"aslr_reference\":");
    write_u64_or_null(&mut message, Some(aslr_reference));
    message.push_str(",\"token\":");
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
    let mut reported_unreachable = false;
    loop {
        match session(options) {
            SessionEnd::Unreachable(error) => {
                if !reported_unreachable {
                    diag::state(&format!("cannot connect to {}: {error}; retrying in the background", options.addr));
                    reported_unreachable = true;
                } else {
                    diag::debug(&format!("connection attempt to {} failed: {error}", options.addr));
                }
            }
            SessionEnd::Lost { reason, lasted } => {
                diag::state(&format!("connection to {} lost: {reason}; reconnecting", options.addr));
                reported_unreachable = true;
                if lasted >= STABLE_CONNECTION {
                    delay = FIRST_RETRY_DELAY;
                }
            }
        }
        thread::sleep(delay);
        delay = (delay * 2).min(MAX_RETRY_DELAY);
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

fn session(options: &Options) -> SessionEnd {
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
    diag::state(&format!("connected to ws://{}{WEBSOCKET_PATH}", options.addr));
    outbound::attach(Arc::clone(&sender));

    let reason = loop {
        match receiver.read_message(&sender) {
            Ok(Message::Binary(frame)) => receive_patch(frame, options.apply_mode),
            Ok(Message::Text(text)) => diag::debug(&format!("ignored text message: {}", truncate(&text, 200))),
            Ok(Message::Close(code, reason)) => break format!("server closed the connection ({code:?} {reason})"),
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
    use super::hello_message;
    use crate::json::parse;

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
