//! Opt-in forwarding of the app's log lines to the server as `log` messages.
//!
//! Forwarding sends a copy: the macros and [`LineForwarder`] write to the app's own output first,
//! so that output stays complete while the server is away. Lines are not buffered while
//! disconnected.

use crate::json::write_string;
use crate::outbound;
use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

/// A line longer than this is forwarded in pieces. Even with every byte escaped as `\u00XX`, a
/// piece stays far below the 1 MiB text-message limit of the plugin's server, which closes a
/// client that exceeds it. The limit also bounds the buffer of [`LineForwarder`].
const MAX_LINE_BYTES: usize = 64 * 1024;

/// The output stream a forwarded line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    fn wire_name(self) -> &'static str {
        match self {
            Stream::Stdout => "stdout",
            Stream::Stderr => "stderr",
        }
    }
}

/// Builds a `log` message for one line.
pub(crate) fn log_message(stream: Stream, line: &str, ts_micros: u128) -> String {
    let mut message = String::with_capacity(line.len() + 80);
    message.push_str("{\"kind\":\"log\",\"stream\":\"");
    message.push_str(stream.wire_name());
    message.push_str("\",\"line\":");
    write_string(&mut message, line);
    message.push_str(",\"ts_micros\":\"");
    message.push_str(&ts_micros.to_string());
    message.push_str("\"}");
    message
}

/// Splits `line` into pieces of at most `max_bytes` bytes, each ending on a character boundary.
fn pieces(line: &str, max_bytes: usize) -> impl Iterator<Item = &str> {
    let mut rest = line;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len().min(max_bytes);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        if end == 0 {
            // max_bytes is smaller than the first character: send that character alone.
            end = rest.chars().next().map_or(rest.len(), char::len_utf8);
        }
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece)
    })
}

/// Forwards `text` to the server, one `log` message per line, without printing it. A line over
/// 64 KiB goes as several messages. Returns `false` when any message was not queued, because no
/// connection is up or the queue is full. Never blocks.
pub fn log(stream: Stream, text: &str) -> bool {
    let ts_micros = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_micros()).unwrap_or(0);
    let mut all_queued = true;
    for line in text.lines() {
        if line.is_empty() {
            all_queued &= outbound::try_send(log_message(stream, line, ts_micros));
        }
        for piece in pieces(line, MAX_LINE_BYTES) {
            all_queued &= outbound::try_send(log_message(stream, piece, ts_micros));
        }
    }
    all_queued
}

/// Prints a line to stdout like `println!` and forwards it with [`log`].
#[macro_export]
macro_rules! forward_println {
    ($($arg:tt)*) => {{
        let line = ::std::format!($($arg)*);
        ::std::println!("{}", line);
        $crate::log($crate::Stream::Stdout, &line);
    }};
}

/// Prints a line to stderr like `eprintln!` and forwards it with [`log`].
#[macro_export]
macro_rules! forward_eprintln {
    ($($arg:tt)*) => {{
        let line = ::std::format!($($arg)*);
        ::std::eprintln!("{}", line);
        $crate::log($crate::Stream::Stderr, &line);
    }};
}

/// A writer that passes every byte to the wrapped writer and forwards each complete line with
/// [`log`], for logging libraries that write to any `io::Write`. Invalid UTF-8 is forwarded with
/// replacement characters, and a trailing `\r` is dropped.
pub struct LineForwarder<W: Write> {
    inner: W,
    stream: Stream,
    partial: Vec<u8>,
}

impl<W: Write> LineForwarder<W> {
    pub fn new(stream: Stream, inner: W) -> Self {
        LineForwarder { inner, stream, partial: Vec::new() }
    }

    /// Returns the wrapped writer; an unfinished last line is not forwarded.
    pub fn into_inner(self) -> W {
        self.inner
    }

    fn forward_partial(&mut self) {
        let line = String::from_utf8_lossy(&self.partial);
        log(self.stream, line.strip_suffix('\r').unwrap_or(&line));
        self.partial.clear();
    }
}

impl<W: Write> Write for LineForwarder<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(bytes)?;
        for &byte in &bytes[..written] {
            if byte == b'\n' {
                self.forward_partial();
            } else {
                self.partial.push(byte);
                if self.partial.len() >= MAX_LINE_BYTES {
                    self.forward_partial();
                }
            }
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn log_message_has_wire_fields() {
        let message = parse(&log_message(Stream::Stderr, "tab\there \"quoted\" é", 1_700_000_000_123_456)).unwrap();
        assert_eq!(message.get("kind").unwrap().as_str(), Some("log"));
        assert_eq!(message.get("stream").unwrap().as_str(), Some("stderr"));
        assert_eq!(message.get("line").unwrap().as_str(), Some("tab\there \"quoted\" é"));
        assert_eq!(message.get("ts_micros").unwrap().as_str(), Some("1700000000123456"));
    }

    #[test]
    fn pieces_end_on_char_boundaries() {
        let line = "aé✓".repeat(3);
        let split: Vec<&str> = pieces(&line, 4).collect();
        assert_eq!(split.concat(), line);
        assert!(split.iter().all(|piece| piece.len() <= 4 && !piece.is_empty()), "{split:?}");
        assert_eq!(split[0], "aé");
    }

    #[test]
    fn pieces_of_short_and_empty_lines() {
        assert_eq!(pieces("short", 64).collect::<Vec<_>>(), ["short"]);
        assert_eq!(pieces("", 64).count(), 0);
        assert_eq!(pieces("é✓", 1).collect::<Vec<_>>(), ["é", "✓"]);
    }

    #[test]
    fn line_forwarder_passes_bytes_through() {
        let mut writer = LineForwarder::new(Stream::Stdout, Vec::new());
        writer.write_all(b"one\r\ntwo\nthree").unwrap();
        assert_eq!(writer.into_inner(), b"one\r\ntwo\nthree");
    }

    #[test]
    fn log_without_connection_returns_false() {
        assert!(!log(Stream::Stdout, "nobody listens"));
    }
}
