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

/// Turns old Mac line ends (a lone `\r`) into `\n` as text files are pushed, so that every
/// reader, which splits lines at `\n`, reads LF, CRLF and CR files alike (XML parsers do the
/// same normalisation). CRLF is left as it is: the readers already strip the `\r`. A `\r`
/// at the end of a chunk waits for the next byte to tell which it is.
#[derive(Debug, Default)]
pub struct LineEnds {
    pending_cr: bool,
}

impl LineEnds {
    /// The chunk with its lone `\r`s turned into `\n`; borrowed when it has none (the
    /// common case costs one `memchr` pass).
    pub fn convert<'c>(&mut self, chunk: &'c [u8]) -> std::borrow::Cow<'c, [u8]> {
        use std::borrow::Cow;
        let held = std::mem::take(&mut self.pending_cr);
        let lone = |at: usize| chunk.get(at + 1).is_some_and(|&next| next != b'\n');
        let needs_copy =
            held || memchr::memchr_iter(b'\r', chunk).any(|at| lone(at) || at + 1 == chunk.len());
        if !needs_copy {
            return Cow::Borrowed(chunk);
        }
        let mut out = Vec::with_capacity(chunk.len() + 1);
        if held {
            out.push(if chunk.first() == Some(&b'\n') {
                b'\r'
            } else {
                b'\n'
            });
        }
        for (at, &byte) in chunk.iter().enumerate() {
            match byte {
                b'\r' if at + 1 == chunk.len() => self.pending_cr = true,
                b'\r' if lone(at) => out.push(b'\n'),
                _ => out.push(byte),
            }
        }
        Cow::Owned(out)
    }

    /// The file ended: a `\r` still held is a line end.
    pub fn flush(&mut self) -> Option<&'static [u8]> {
        std::mem::take(&mut self.pending_cr).then_some(&b"\n"[..])
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

    #[test]
    fn lone_carriage_returns_become_line_feeds_across_chunks() {
        let text = b"a\rb\r\nc\r\rd\r";
        for size in 1..=text.len() {
            let mut ends = LineEnds::default();
            let mut out = Vec::new();
            for chunk in text.chunks(size) {
                out.extend_from_slice(&ends.convert(chunk));
            }
            out.extend_from_slice(ends.flush().unwrap_or_default());
            assert_eq!(out, b"a\nb\r\nc\n\nd\n", "chunks of {size}");
        }
        let mut ends = LineEnds::default();
        assert!(matches!(ends.convert(b"a\r\nb\n"), std::borrow::Cow::Borrowed(_)));
    }
}
