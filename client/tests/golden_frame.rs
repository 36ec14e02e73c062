//! Decodes the project's golden patch frame, which the server's codec tests decode as well.

use whisker_dev_client::json::{self, Value};
use whisker_dev_client::patch::header::decode_frame;

const FRAME: &[u8] = include_bytes!("fixtures/patch-frame-v1.bin");
const EXPECTED: &str = include_str!("fixtures/patch-frame-v1.json");

fn expected() -> Value {
    json::parse(EXPECTED).expect("fixture description is valid JSON")
}

fn number(value: &Value, path: &[&str]) -> u64 {
    let mut current = value;
    for key in path {
        current = current.get(key).unwrap_or_else(|| panic!("fixture description lacks {path:?}"));
    }
    current.as_u64().unwrap_or_else(|| panic!("{path:?} is not a u64"))
}

#[test]
fn golden_frame_header_fields() {
    let expected = expected();
    let decoded = decode_frame(FRAME).unwrap();

    assert_eq!(decoded.header.id, number(&expected, &["header", "id"]));
    assert_eq!(decoded.header.lib, expected.get("header").unwrap().get("table").unwrap().get("lib").unwrap().as_str().unwrap());
    assert_eq!(decoded.header.aslr_reference, number(&expected, &["header", "table", "aslr_reference"]));
    assert_eq!(decoded.header.new_base_address, number(&expected, &["header", "table", "new_base_address"]));
}

#[test]
fn golden_frame_map_round_trips_u64() {
    let expected = expected();
    let pairs = expected.get("header").unwrap().get("table").unwrap().get("map").unwrap().as_array().unwrap();
    let expected_map: Vec<(u64, u64)> = pairs
        .iter()
        .map(|pair| {
            let pair = pair.as_array().unwrap();
            (pair[0].as_u64().unwrap(), pair[1].as_u64().unwrap())
        })
        .collect();

    let decoded = decode_frame(FRAME).unwrap();
    assert_eq!(decoded.header.map, expected_map);
    assert!(decoded.header.map.contains(&(u64::MAX, 1 << 63)), "entry at the top of the u64 range");
}

#[test]
fn golden_frame_header_and_library_lengths() {
    let expected = expected();
    let header_length = u64::from_be_bytes(FRAME[..8].try_into().unwrap());
    assert_eq!(header_length, number(&expected, &["header_length"]));

    let decoded = decode_frame(FRAME).unwrap();
    assert_eq!(decoded.library.len() as u64, number(&expected, &["library_length"]));

    let first_hex = expected.get("library_first_bytes_hex").unwrap().as_str().unwrap();
    let actual_hex: String = decoded.library[..first_hex.len() / 2].iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(actual_hex, first_hex);
}

#[test]
fn golden_frame_truncated_is_rejected() {
    for cut in [0, 7, 8, 100, 227] {
        let error = decode_frame(&FRAME[..cut]).unwrap_err();
        assert!(error.to_string().starts_with("invalid patch frame"), "cut at {cut}: {error}");
    }
}
