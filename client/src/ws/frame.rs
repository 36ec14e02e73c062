//! WebSocket frame encoding and decoding (RFC 6455 section 5.2).

use std::io::{self, Read};

pub const OP_CONTINUATION: u8 = 0x0;
pub const OP_TEXT: u8 = 0x1;
pub const OP_BINARY: u8 = 0x2;
pub const OP_CLOSE: u8 = 0x8;
pub const OP_PING: u8 = 0x9;
pub const OP_PONG: u8 = 0xA;

/// Largest payload a control frame may carry.
const MAX_CONTROL_PAYLOAD: u64 = 125;

/// One decoded frame with its payload already unmasked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub fin: bool,
    pub opcode: u8,
    pub masked: bool,
    pub payload: Vec<u8>,
}

/// Appends one frame to `out`. A client passes `Some(key)`, because RFC 6455 requires every
/// client-to-server frame to be masked; a server passes `None`.
pub fn encode_frame(out: &mut Vec<u8>, fin: bool, opcode: u8, payload: &[u8], mask: Option<[u8; 4]>) {
    out.push(if fin { 0x80 } else { 0 } | (opcode & 0x0F));

    let mask_bit = if mask.is_some() { 0x80 } else { 0 };
    let length = payload.len() as u64;
    if length < 126 {
        out.push(mask_bit | length as u8);
    } else if length <= u16::MAX as u64 {
        out.push(mask_bit | 126);
        out.extend_from_slice(&(length as u16).to_be_bytes());
    } else {
        out.push(mask_bit | 127);
        out.extend_from_slice(&length.to_be_bytes());
    }

    match mask {
        Some(key) => {
            out.extend_from_slice(&key);
            out.extend(payload.iter().enumerate().map(|(i, b)| b ^ key[i % 4]));
        }
        None => out.extend_from_slice(payload),
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// Reads one frame. A payload longer than `max_payload` bytes is rejected before any of its
/// bytes are read. The buffer grows with the bytes that arrive, not with the declared length.
pub fn read_frame<R: Read>(reader: &mut R, max_payload: u64) -> io::Result<Frame> {
    let mut head = [0u8; 2];
    reader.read_exact(&mut head)?;
    let fin = head[0] & 0x80 != 0;
    let reserved = head[0] & 0x70;
    let opcode = head[0] & 0x0F;
    let masked = head[1] & 0x80 != 0;

    if reserved != 0 {
        return Err(invalid(format!("frame sets reserved bits 0x{reserved:02x} but no extension was negotiated")));
    }
    if !matches!(opcode, OP_CONTINUATION | OP_TEXT | OP_BINARY | OP_CLOSE | OP_PING | OP_PONG) {
        return Err(invalid(format!("frame has unknown opcode 0x{opcode:x}")));
    }

    let length = read_length(reader, head[1] & 0x7F)?;
    if opcode >= OP_CLOSE && (!fin || length > MAX_CONTROL_PAYLOAD) {
        return Err(invalid(format!("control frame 0x{opcode:x} is fragmented or longer than 125 bytes ({length})")));
    }
    if length > max_payload {
        return Err(invalid(format!("frame payload of {length} bytes exceeds the limit of {max_payload} bytes")));
    }

    let mut key = [0u8; 4];
    if masked {
        reader.read_exact(&mut key)?;
    }
    let payload = read_payload(reader, length)?;
    let mut frame = Frame { fin, opcode, masked, payload };
    if masked {
        frame.payload.iter_mut().enumerate().for_each(|(i, b)| *b ^= key[i % 4]);
    }
    Ok(frame)
}

fn read_length<R: Read>(reader: &mut R, short: u8) -> io::Result<u64> {
    match short {
        126 => {
            let mut bytes = [0u8; 2];
            reader.read_exact(&mut bytes)?;
            Ok(u16::from_be_bytes(bytes) as u64)
        }
        127 => {
            let mut bytes = [0u8; 8];
            reader.read_exact(&mut bytes)?;
            let length = u64::from_be_bytes(bytes);
            if length >> 63 != 0 {
                return Err(invalid(format!("64-bit frame length {length} has its most significant bit set")));
            }
            Ok(length)
        }
        short => Ok(short as u64),
    }
}

fn read_payload<R: Read>(reader: &mut R, length: u64) -> io::Result<Vec<u8>> {
    const INITIAL_CAPACITY: u64 = 1 << 20;
    let mut payload = Vec::with_capacity(length.min(INITIAL_CAPACITY) as usize);
    let read = reader.take(length).read_to_end(&mut payload)?;
    if (read as u64) < length {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("connection ended after {read} of {length} payload bytes"),
        ));
    }
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(payload: &[u8], mask: Option<[u8; 4]>) -> Vec<u8> {
        let mut out = Vec::new();
        encode_frame(&mut out, true, OP_BINARY, payload, mask);
        out
    }

    #[test]
    fn encode_masked_rfc6455_example() {
        // RFC 6455 section 5.7: a masked text frame "Hello".
        let mut out = Vec::new();
        encode_frame(&mut out, true, OP_TEXT, b"Hello", Some([0x37, 0xfa, 0x21, 0x3d]));
        assert_eq!(out, [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]);
    }

    #[test]
    fn decode_unmasked_rfc6455_example() {
        let bytes = [0x81u8, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f];
        let frame = read_frame(&mut &bytes[..], 1024).unwrap();
        assert_eq!(frame, Frame { fin: true, opcode: OP_TEXT, masked: false, payload: b"Hello".to_vec() });
    }

    #[test]
    fn length_encodings_round_trip() {
        for size in [0usize, 125, 126, 65_535, 65_536, 70_000] {
            let payload: Vec<u8> = (0..size).map(|i| i as u8).collect();
            let bytes = encoded(&payload, Some([1, 2, 3, 4]));
            let frame = read_frame(&mut &bytes[..], u64::MAX).unwrap();
            assert_eq!(frame.payload.len(), size);
            assert_eq!(frame.payload, payload, "size {size}");
            assert!(frame.masked);
        }
    }

    #[test]
    fn header_uses_16_and_64_bit_lengths() {
        assert_eq!(&encoded(&[0; 126], None)[..4], [0x82, 126, 0, 126]);
        let large = encoded(&vec![0; 65_536], None);
        assert_eq!(&large[..10], [0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
    }

    #[test]
    fn decode_large_payload_with_64_bit_length() {
        let payload = vec![0xA5u8; 24 << 20];
        let bytes = encoded(&payload, None);
        let frame = read_frame(&mut &bytes[..], 64 << 20).unwrap();
        assert_eq!(frame.payload.len(), 24 << 20);
        assert!(frame.payload.iter().all(|&b| b == 0xA5));
    }

    #[test]
    fn decode_rejects_oversized_payload() {
        let bytes = [0x82u8, 127, 0, 0, 0, 1, 0, 0, 0, 0];
        let error = read_frame(&mut &bytes[..], 1 << 30).unwrap_err();
        assert!(error.to_string().contains("4294967296 bytes exceeds"), "{error}");
    }

    #[test]
    fn decode_rejects_length_with_top_bit() {
        let bytes = [0x82u8, 127, 0x80, 0, 0, 0, 0, 0, 0, 0];
        let error = read_frame(&mut &bytes[..], u64::MAX).unwrap_err();
        assert!(error.to_string().contains("most significant bit"), "{error}");
    }

    #[test]
    fn decode_rejects_truncated_payload() {
        let bytes = [0x82u8, 10, 1, 2, 3];
        let error = read_frame(&mut &bytes[..], 1024).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
        assert!(error.to_string().contains("3 of 10"), "{error}");
    }

    #[test]
    fn decode_rejects_protocol_violations() {
        let cases: [(&[u8], &str); 4] = [
            (&[0xC2, 0], "reserved bits"),
            (&[0x83, 0], "unknown opcode"),
            (&[0x09, 0], "fragmented"),
            (&[0x89, 126, 0, 126], "longer than 125"),
        ];
        for (bytes, expected) in cases {
            let error = read_frame(&mut &bytes[..], 1024).unwrap_err();
            assert!(error.to_string().contains(expected), "{bytes:?}: {error}");
        }
    }
}
