//! Text decoding shared by the text formats: UTF-8 first, Windows-1252 as the fallback
//! (Excel and old Pajek files on Windows), and the UTF-8 byte-order mark.

/// The UTF-8 byte-order mark Excel and Windows tools put at the start of a file.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes `bytes` as UTF-8, or as Windows-1252 when they are not valid UTF-8.
/// Returns the text and whether the fallback was used. NUL characters are removed:
/// they are never meaningful in an id or label and would confuse text consumers.
pub fn decode_field(bytes: &[u8]) -> (String, bool) {
    let mut text = String::new();
    let fell_back = decode_field_into(bytes, &mut text);
    (text, fell_back)
}

/// [`decode_field`] into `text` (cleared first), reusing its allocation: the table reader
/// decodes every cell of every row into the same few strings, so that a row of cells
/// costs no allocation (it cost one per cell, a tenth of the time of reading a CSV).
/// Returns whether the bytes were not UTF-8.
pub fn decode_field_into(bytes: &[u8], text: &mut String) -> bool {
    text.clear();
    let fell_back = match std::str::from_utf8(bytes) {
        Ok(valid) => {
            text.push_str(valid);
            false
        }
        Err(_) => {
            text.extend(bytes.iter().map(|&b| windows_1252(b)));
            true
        }
    };
    if memchr::memchr(0, text.as_bytes()).is_some() {
        text.retain(|c| c != '\0');
    }
    fell_back
}

/// One Windows-1252 byte as a character. Bytes 0x80–0x9F differ from Latin-1; the five
/// unassigned ones map to the C1 control of the same value, as WHATWG's decoder does.
/// (A 32-entry table; a whole encoding library would add hundreds of kilobytes to the
/// wasm module for this single legacy encoding.)
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
        '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[(byte - 0x80) as usize],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through_and_cp1252_falls_back() {
        assert_eq!(decode_field("Zürich".as_bytes()), ("Zürich".to_string(), false));
        assert_eq!(decode_field(b"Z\xfcrich \x80"), ("Zürich €".to_string(), true));
        assert_eq!(decode_field(b"a\0b"), ("ab".to_string(), false));
    }
}
