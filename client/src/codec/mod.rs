//! Byte-level codecs the WebSocket handshake needs: SHA-1, Base64 and the accept-key rule.
//!
//! Public so that tests and tools can build a peer; this is not a stable API.

pub mod base64;
pub mod sha1;

/// GUID that RFC 6455 section 1.3 appends to the client's key before hashing.
const WEBSOCKET_GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// Computes the `Sec-WebSocket-Accept` value a server must return for `key`.
pub fn websocket_accept(key: &str) -> String {
    let mut input = String::with_capacity(key.len() + WEBSOCKET_GUID.len());
    input.push_str(key);
    input.push_str(WEBSOCKET_GUID);
    base64::encode(&sha1::sha1(input.as_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn accept_matches_rfc6455_example() {
        // Example from RFC 6455 section 1.3.
        assert_eq!(super::websocket_accept("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }
}
