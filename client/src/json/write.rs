//! JSON text output for the client's messages.

use std::fmt::Write;

/// Appends `text` to `out` as a quoted JSON string. Quotes, backslashes and all control
/// characters are escaped; other characters, including non-ASCII ones, are written as UTF-8.
pub fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                // Writing into a String cannot fail.
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::write_string;
    use crate::json::parse;

    fn quoted(text: &str) -> String {
        let mut out = String::new();
        write_string(&mut out, text);
        out
    }

    #[test]
    fn write_string_escapes_specials() {
        assert_eq!(quoted("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quoted("\n\r\t\u{8}\u{c}"), r#""\n\r\t\b\f""#);
        assert_eq!(quoted("\u{0}\u{1f}"), r#""\u0000\u001f""#);
    }

    #[test]
    fn write_string_keeps_unicode() {
        assert_eq!(quoted("é ✓ \u{1f600} \u{7f}"), "\"é ✓ \u{1f600} \u{7f}\"");
    }

    #[test]
    fn write_string_round_trips_every_control_char() {
        let text: String = (0u32..0x80).filter_map(char::from_u32).chain("é\u{2028}\u{1f600}".chars()).collect();
        assert_eq!(parse(&quoted(&text)).unwrap().as_str(), Some(text.as_str()));
    }
}
