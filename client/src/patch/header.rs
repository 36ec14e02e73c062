//! Decoding of the server's patch frame: `[u64 big-endian N][N bytes JSON header][library]`.

use crate::json::{self, Value};
use std::fmt;

/// The JSON header of a patch frame, with the jump table still in static addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchHeader {
    pub id: u64,
    /// The server's name for the library; the client stores the bytes under its own file name.
    pub lib: String,
    /// `(old, new)` pairs: a function's static address in the original binary and the static
    /// address of its replacement in the patch library.
    pub map: Vec<(u64, u64)>,
    /// Static address of the anchor in the original binary.
    pub aslr_reference: u64,
    /// Static address of the anchor in the patch library.
    pub new_base_address: u64,
}

/// A decoded patch frame that borrows the library bytes from the frame.
#[derive(Debug)]
pub struct PatchFrame<'a> {
    pub header: PatchHeader,
    pub library: &'a [u8],
}

/// Error for a patch frame that cannot be decoded. The message names the field or offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameError(pub String);

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid patch frame: {}", self.0)
    }
}

impl std::error::Error for FrameError {}

/// Splits a binary frame into its header and library and decodes the header.
pub fn decode_frame(frame: &[u8]) -> Result<PatchFrame<'_>, FrameError> {
    let Some(length_bytes) = frame.get(..8) else {
        return Err(FrameError(format!("frame of {} bytes is shorter than its 8-byte header length", frame.len())));
    };
    let header_length = u64::from_be_bytes(length_bytes.try_into().expect("slice of 8 bytes"));
    let available = (frame.len() - 8) as u64;
    if header_length > available {
        return Err(FrameError(format!(
            "header length {header_length} exceeds the {available} bytes that follow it"
        )));
    }

    let header_end = 8 + header_length as usize;
    let text = std::str::from_utf8(&frame[8..header_end])
        .map_err(|error| FrameError(format!("header is not valid UTF-8: {error}")))?;
    let header = parse_header(text)?;
    Ok(PatchFrame { header, library: &frame[header_end..] })
}

/// Parses the JSON header `{"kind":"patch","id":..,"table":{..}}`. Unknown members are ignored
/// so the server can add fields.
pub fn parse_header(text: &str) -> Result<PatchHeader, FrameError> {
    let root = json::parse(text).map_err(|error| FrameError(format!("header: {error}")))?;
    let kind = field(&root, "kind", "")?;
    if kind.as_str() != Some("patch") {
        return Err(FrameError(format!("header `kind` is {kind:?}, expected \"patch\"")));
    }
    let table = field(&root, "table", "")?;

    Ok(PatchHeader {
        id: u64_field(&root, "id", "")?,
        lib: string_field(table, "lib", "table.")?,
        map: parse_map(field(table, "map", "table.")?)?,
        aslr_reference: u64_field(table, "aslr_reference", "table.")?,
        new_base_address: u64_field(table, "new_base_address", "table.")?,
    })
}

fn field<'a>(object: &'a Value, name: &str, prefix: &str) -> Result<&'a Value, FrameError> {
    object.get(name).ok_or_else(|| FrameError(format!("header has no `{prefix}{name}`")))
}

fn u64_field(object: &Value, name: &str, prefix: &str) -> Result<u64, FrameError> {
    let value = field(object, name, prefix)?;
    value.as_u64().ok_or_else(|| not_u64(&format!("{prefix}{name}"), value))
}

fn string_field(object: &Value, name: &str, prefix: &str) -> Result<String, FrameError> {
    let value = field(object, name, prefix)?;
    value
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| FrameError(format!("header `{prefix}{name}` is a {}, expected a string", value.type_name())))
}

fn not_u64(path: &str, value: &Value) -> FrameError {
    match value {
        Value::Number(text) => FrameError(format!("header `{path}` is {text}, expected an integer in 0..2^64")),
        other => FrameError(format!("header `{path}` is a {}, expected an unsigned integer", other.type_name())),
    }
}

fn parse_map(value: &Value) -> Result<Vec<(u64, u64)>, FrameError> {
    let entries = value
        .as_array()
        .ok_or_else(|| FrameError(format!("header `table.map` is a {}, expected an array", value.type_name())))?;
    let mut map = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        let path = format!("table.map[{index}]");
        let pair = match entry.as_array() {
            Some([old, new]) => (old, new),
            _ => return Err(FrameError(format!("header `{path}` must be an array of two addresses [old, new]"))),
        };
        let old = pair.0.as_u64().ok_or_else(|| not_u64(&format!("{path}[0]"), pair.0))?;
        let new = pair.1.as_u64().ok_or_else(|| not_u64(&format!("{path}[1]"), pair.1))?;
        map.push((old, new));
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = r#"{"kind":"patch","id":3,"table":{"lib":"p.so","map":[[1,2]],"aslr_reference":10,"new_base_address":20,"ifunc_count":0}}"#;

    fn frame(header: &str, library: &[u8]) -> Vec<u8> {
        let mut bytes = (header.len() as u64).to_be_bytes().to_vec();
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(library);
        bytes
    }

    #[test]
    fn decode_valid_frame() {
        let bytes = frame(VALID, b"\x7fELF");
        let decoded = decode_frame(&bytes).unwrap();
        assert_eq!(decoded.header.id, 3);
        assert_eq!(decoded.header.lib, "p.so");
        assert_eq!(decoded.header.map, vec![(1, 2)]);
        assert_eq!(decoded.header.aslr_reference, 10);
        assert_eq!(decoded.header.new_base_address, 20);
        assert_eq!(decoded.library, b"\x7fELF");
    }

    #[test]
    fn decode_rejects_short_frame() {
        let error = decode_frame(&[0, 0, 0]).unwrap_err();
        assert!(error.0.contains("3 bytes"), "{error}");
    }

    #[test]
    fn decode_rejects_header_length_past_end() {
        let mut bytes = frame(VALID, b"");
        bytes[7] += 1;
        let error = decode_frame(&bytes).unwrap_err();
        assert!(error.0.contains("exceeds"), "{error}");
    }

    #[test]
    fn parse_names_the_bad_field() {
        let cases = [
            (VALID.replace("\"patch\"", "\"hello\""), "`kind`"),
            (VALID.replace("\"id\":3", "\"id\":-3"), "`id` is -3"),
            (VALID.replace("[[1,2]]", "[[1]]"), "`table.map[0]`"),
            (VALID.replace("[[1,2]]", "[[1,\"2\"]]"), "`table.map[0][1]` is a string"),
            (VALID.replace("\"aslr_reference\":10", "\"aslr_reference\":18446744073709551616"), "`table.aslr_reference`"),
            (VALID.replace("\"lib\":\"p.so\",", ""), "no `table.lib`"),
            (VALID.replace("\"new_base_address\":20", "\"new_base_address\":2.5"), "`table.new_base_address` is 2.5"),
        ];
        for (text, expected) in cases {
            let error = parse_header(&text).unwrap_err();
            assert!(error.0.contains(expected), "{text}: {error}");
        }
    }
}
