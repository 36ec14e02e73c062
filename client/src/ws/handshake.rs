//! Client side of the WebSocket opening handshake (RFC 6455 section 4.1).

use crate::codec::{base64, websocket_accept};
use crate::random;
use std::io::{self, BufRead, Read, Write};

/// Upper bound for the server's response head, so a peer that never ends its headers cannot
/// make the client buffer without limit.
const MAX_RESPONSE_HEAD: usize = 16 * 1024;

fn rejected(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// Sends the upgrade request for `path` on `host` and checks the server's `101` response,
/// including `Sec-WebSocket-Accept`. Bytes after the response head stay in `reader`.
pub fn perform<W: Write, R: BufRead>(writer: &mut W, reader: &mut R, host: &str, path: &str) -> io::Result<()> {
    let key = base64::encode(&random::nonce16());
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nUser-Agent: whisker-dev-client\r\n\r\n"
    );
    writer.write_all(request.as_bytes())?;
    writer.flush()?;

    let head = read_response_head(reader)?;
    check_response(&head, &websocket_accept(&key))
}

fn read_response_head<R: BufRead>(reader: &mut R) -> io::Result<Vec<String>> {
    let mut lines = Vec::new();
    let mut total = 0;
    loop {
        let mut line = Vec::new();
        let read = Read::take(&mut *reader, (MAX_RESPONSE_HEAD - total + 1) as u64).read_until(b'\n', &mut line)?;
        if read == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed during the WebSocket handshake"));
        }
        total += read;
        if total > MAX_RESPONSE_HEAD {
            return Err(rejected(format!("handshake response head exceeds {MAX_RESPONSE_HEAD} bytes")));
        }
        let text = String::from_utf8_lossy(&line).trim_end_matches(['\r', '\n']).to_string();
        if text.is_empty() {
            return Ok(lines);
        }
        lines.push(text);
    }
}

fn header<'a>(head: &'a [String], name: &str) -> Option<&'a str> {
    head.iter().skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

fn check_response(head: &[String], expected_accept: &str) -> io::Result<()> {
    let status = head.first().map(String::as_str).unwrap_or("");
    let mut parts = status.splitn(3, ' ');
    let version = parts.next().unwrap_or("");
    let code = parts.next().unwrap_or("");
    if !version.starts_with("HTTP/1.") || code != "101" {
        return Err(rejected(format!("server rejected the WebSocket upgrade: `{status}`")));
    }

    let upgrade = header(head, "Upgrade").unwrap_or("");
    if !upgrade.eq_ignore_ascii_case("websocket") {
        return Err(rejected(format!("handshake response has `Upgrade: {upgrade}`, expected `websocket`")));
    }
    let connection = header(head, "Connection").unwrap_or("");
    if !connection.split(',').any(|token| token.trim().eq_ignore_ascii_case("upgrade")) {
        return Err(rejected(format!("handshake response has `Connection: {connection}`, expected `Upgrade`")));
    }
    let accept = header(head, "Sec-WebSocket-Accept").unwrap_or("");
    if accept != expected_accept {
        return Err(rejected(format!(
            "handshake response has `Sec-WebSocket-Accept: {accept}`, expected `{expected_accept}`"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_response;

    fn head(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|line| line.to_string()).collect()
    }

    const ACCEPT: &str = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    #[test]
    fn check_accepts_valid_response() {
        let response = head(&[
            "HTTP/1.1 101 Switching Protocols",
            "upgrade: WebSocket",
            "connection: keep-alive, Upgrade",
            "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=",
        ]);
        assert!(check_response(&response, ACCEPT).is_ok());
    }

    #[test]
    fn check_rejects_wrong_status() {
        let error = check_response(&head(&["HTTP/1.1 403 Forbidden"]), ACCEPT).unwrap_err();
        assert!(error.to_string().contains("403 Forbidden"), "{error}");
    }

    #[test]
    fn check_rejects_wrong_accept() {
        let response = head(&[
            "HTTP/1.1 101 Switching Protocols",
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Accept: AAAA",
        ]);
        let error = check_response(&response, ACCEPT).unwrap_err();
        assert!(error.to_string().contains("Sec-WebSocket-Accept: AAAA"), "{error}");
    }

    #[test]
    fn check_rejects_missing_upgrade() {
        let response = head(&["HTTP/1.1 101 Switching Protocols", "Connection: Upgrade"]);
        let error = check_response(&response, ACCEPT).unwrap_err();
        assert!(error.to_string().contains("expected `websocket`"), "{error}");
    }
}
