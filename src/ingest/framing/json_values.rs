//! Cuts a byte stream into complete JSON values, chunk by chunk, without parsing them.
//!
//! The JSON formats we read are sequences of independent values: JSON Lines (twarc2,
//! v1.1 streams), a top-level array of objects (a v1.1 `user_timeline`, an X archive's
//! `window.YTD.tweets.part0 = [ ... ]`), or concatenated objects. [`JsonValues`] finds
//! where each value begins and ends by tracking nesting depth and string state, so the
//! caller can hand each one to `serde_json` on its own: memory stays proportional to
//! the largest value, not to the file. Chunks may split anywhere, even inside a string
//! or a UTF-8 character.
//!
//! Complexity: one pass over the bytes with O(1) state; a value split across chunks is
//! copied once into an internal buffer, a value inside one chunk is not copied at all.

/// Values larger than this are skipped whole (one pathological record must not exhaust memory).
pub const MAX_VALUE_BYTES: usize = 64 * 1024 * 1024;

/// How the top level of the stream is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Values one after another (JSON Lines or concatenated); if the stream starts with
    /// an array, its elements are the values instead (a JSON array file).
    Auto,
    /// Values one after another; an array is one value.
    Sequence,
    /// A JavaScript assignment `name = [ ... ];` (X archive files): everything up to the
    /// first `=` is skipped, then the array's elements are the values.
    JsAssignment,
}

/// What the cutter found.
#[derive(Debug, PartialEq, Eq)]
pub enum JsonEvent<'a> {
    /// One complete value and the line (1-based) it starts on.
    Value { line: u64, bytes: &'a [u8] },
    /// A value longer than [`MAX_VALUE_BYTES`] was skipped.
    Oversized { line: u64 },
    /// Bytes outside any value that are not JSON; the rest of that line was skipped.
    Garbage { line: u64 },
    /// The stream ended inside a value (an interrupted collection): it was dropped.
    Truncated { line: u64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// Nothing seen yet.
    Start,
    /// `JsAssignment` after the `=`: the array must open next.
    ExpectArray,
    /// Between top-level values.
    Between,
    /// Inside the top-level array, between elements.
    InArray,
    /// After the top-level array closed: only whitespace and `;` may follow.
    AfterArray,
    /// Skipping the rest of a line of garbage.
    SkipLine,
    /// Inside a value.
    InValue,
}

pub struct JsonValues {
    layout: Layout,
    position: Position,
    /// `Between` or `InArray`: where values live, to return to after one.
    context: Position,
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// A top-level scalar (number, true, null) ends at a delimiter, not a bracket.
    scalar: bool,
    /// Bytes of a value begun in an earlier chunk.
    pending: Vec<u8>,
    oversized: bool,
    line: u64,
    value_line: u64,
}

impl JsonValues {
    pub fn new(layout: Layout) -> Self {
        JsonValues {
            layout,
            position: Position::Start,
            context: Position::Between,
            depth: 0,
            in_string: false,
            escaped: false,
            scalar: false,
            pending: Vec::new(),
            oversized: false,
            line: 1,
            value_line: 1,
        }
    }

    /// Scans `chunk`, calling `on_event` for every value completed in it.
    pub fn feed(&mut self, chunk: &[u8], on_event: &mut dyn FnMut(JsonEvent)) {
        // Where the current value starts in `chunk` (0 when it began in an earlier chunk).
        let mut value_start = 0;
        let mut i = 0;
        while i < chunk.len() {
            if self.position == Position::InValue && self.in_string && !self.escaped && !self.scalar {
                // Most of a tweet's bytes are inside strings, where only a quote, a
                // backslash or a line end (counted) matters: jump to the next of those
                // (memchr3 compares 32 bytes at a time) instead of visiting every byte.
                // Byte by byte, this cutter was a quarter of the time of reading twarc2.
                match memchr::memchr3(b'"', b'\\', b'\n', &chunk[i..]) {
                    Some(offset) => i += offset,
                    None => {
                        i = chunk.len();
                        continue;
                    }
                }
            }
            let byte = chunk[i];
            if self.position == Position::InValue {
                if self.value_ends_at(byte) {
                    // A scalar ends before its delimiter, which is then read between values.
                    let end = if self.scalar { i } else { i + 1 };
                    self.emit(&chunk[value_start..end], on_event);
                    self.position = self.context;
                    if !self.scalar {
                        i += 1;
                    }
                    continue;
                }
                self.line += u64::from(byte == b'\n');
                i += 1;
                continue;
            }
            if byte == b'\n' {
                self.line += 1;
                if self.position == Position::SkipLine {
                    self.position = self.context;
                }
            } else if self.position != Position::SkipLine && !byte.is_ascii_whitespace() {
                self.between_values(byte, on_event);
                if self.position == Position::InValue {
                    value_start = i;
                }
            }
            i += 1;
        }
        if self.position == Position::InValue {
            self.keep_pending(&chunk[value_start..]);
        }
    }

    /// Ends the stream: a value still open was cut off (a scalar simply ends).
    pub fn finish(&mut self, on_event: &mut dyn FnMut(JsonEvent)) {
        if self.position != Position::InValue {
            return;
        }
        if self.scalar {
            self.emit(&[], on_event);
        } else {
            on_event(JsonEvent::Truncated {
                line: self.value_line,
            });
            self.pending.clear();
        }
        self.position = self.context;
    }

    /// Handles one non-whitespace byte outside any value.
    fn between_values(&mut self, byte: u8, on_event: &mut dyn FnMut(JsonEvent)) {
        match self.position {
            Position::Start => match (self.layout, byte) {
                (Layout::JsAssignment, b'=') => self.position = Position::ExpectArray,
                (Layout::JsAssignment, _) => {}
                (Layout::Auto, b'[') => self.enter_array(),
                _ => {
                    self.position = Position::Between;
                    self.between_values(byte, on_event);
                }
            },
            Position::ExpectArray if byte == b'[' => self.enter_array(),
            Position::ExpectArray => self.garbage(on_event),
            Position::Between | Position::InArray if byte == b',' => {}
            Position::InArray if byte == b']' => self.position = Position::AfterArray,
            Position::Between | Position::InArray => self.begin_value(byte, on_event),
            Position::AfterArray if byte == b';' => {}
            Position::AfterArray => self.garbage(on_event),
            Position::SkipLine | Position::InValue => {}
        }
    }

    fn enter_array(&mut self) {
        self.position = Position::InArray;
        self.context = Position::InArray;
    }

    fn begin_value(&mut self, byte: u8, on_event: &mut dyn FnMut(JsonEvent)) {
        // Between top-level records only objects and arrays make sense; a bare word there
        // is a broken line, not a value. Array elements may be anything.
        let starts_value = match self.position {
            Position::InArray => matches!(byte, b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'),
            _ => matches!(byte, b'{' | b'['),
        };
        if !starts_value {
            self.garbage(on_event);
            return;
        }
        self.position = Position::InValue;
        self.value_line = self.line;
        self.scalar = !matches!(byte, b'{' | b'[' | b'"');
        self.depth = u32::from(matches!(byte, b'{' | b'['));
        // The opening quote of a top-level string is consumed here.
        self.in_string = false;
        self.escaped = false;
        self.oversized = false;
        if byte == b'"' {
            self.in_string = true;
        }
    }

    /// Advances the scanner by one byte inside a value; true when the value ends at it.
    /// The first byte of a value was already consumed by `begin_value`, except that the
    /// caller passes every later byte, starting with the one after it.
    fn value_ends_at(&mut self, byte: u8) -> bool {
        if self.scalar {
            return byte.is_ascii_whitespace() || matches!(byte, b',' | b']' | b'}' | b';');
        }
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if byte == b'\\' {
                self.escaped = true;
            } else if byte == b'"' {
                self.in_string = false;
                return self.depth == 0;
            }
            return false;
        }
        match byte {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => {
                self.depth = self.depth.saturating_sub(1);
                return self.depth == 0;
            }
            _ => {}
        }
        false
    }

    fn emit(&mut self, tail: &[u8], on_event: &mut dyn FnMut(JsonEvent)) {
        let line = self.value_line;
        if self.oversized || self.pending.len() + tail.len() > MAX_VALUE_BYTES {
            on_event(JsonEvent::Oversized { line });
        } else if self.pending.is_empty() {
            on_event(JsonEvent::Value { line, bytes: tail });
        } else {
            self.pending.extend_from_slice(tail);
            on_event(JsonEvent::Value {
                line,
                bytes: &self.pending,
            });
        }
        self.pending.clear();
        self.oversized = false;
    }

    fn keep_pending(&mut self, bytes: &[u8]) {
        if self.oversized || self.pending.len() + bytes.len() > MAX_VALUE_BYTES {
            self.oversized = true;
            self.pending = Vec::new();
        } else {
            self.pending.extend_from_slice(bytes);
        }
    }

    fn garbage(&mut self, on_event: &mut dyn FnMut(JsonEvent)) {
        on_event(JsonEvent::Garbage { line: self.line });
        self.position = Position::SkipLine;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Events as owned text, for comparing runs.
    fn cut(layout: Layout, data: &[u8], chunk: usize) -> Vec<String> {
        let mut values = JsonValues::new(layout);
        let mut events = Vec::new();
        let mut record = |event: JsonEvent| {
            events.push(match event {
                JsonEvent::Value { line, bytes } => format!("{line}:{}", String::from_utf8_lossy(bytes)),
                other => format!("{other:?}"),
            })
        };
        for piece in data.chunks(chunk.max(1)) {
            values.feed(piece, &mut record);
        }
        values.finish(&mut record);
        events
    }

    fn every_chunking(layout: Layout, data: &[u8]) -> Vec<String> {
        let whole = cut(layout, data, data.len().max(1));
        for size in 1..=data.len() {
            assert_eq!(cut(layout, data, size), whole, "chunk size {size}");
        }
        whole
    }

    #[test]
    fn json_lines_with_a_cut_last_line() {
        let data = b"{\"a\":\"}{\\\"\"}\n\n{\"b\":[1,{\"c\":2}]}\n{\"d\":";
        assert_eq!(
            every_chunking(Layout::Auto, data),
            vec![
                "1:{\"a\":\"}{\\\"\"}",
                "3:{\"b\":[1,{\"c\":2}]}",
                "Truncated { line: 4 }"
            ]
        );
    }

    #[test]
    fn an_array_file_yields_its_elements() {
        let data = b"[\n {\"id\": 1},\n {\"id\": [2]}, \"s]\", 42\n]\n";
        assert_eq!(
            every_chunking(Layout::Auto, data),
            vec!["2:{\"id\": 1}", "3:{\"id\": [2]}", "3:\"s]\"", "3:42"]
        );
        assert_eq!(
            every_chunking(Layout::Sequence, b"[1,2]\n[3]"),
            vec!["1:[1,2]", "2:[3]"]
        );
    }

    #[test]
    fn an_x_archive_assignment_yields_the_array_elements() {
        let data = b"window.YTD.tweets.part0 = [ {\n  \"tweet\" : {\"id\" : \"1\"}\n}, {\"tweet\":{}} ];\n";
        assert_eq!(
            every_chunking(Layout::JsAssignment, data),
            vec!["1:{\n  \"tweet\" : {\"id\" : \"1\"}\n}", "3:{\"tweet\":{}}"]
        );
    }

    #[test]
    fn garbage_lines_are_reported_and_skipped() {
        let data = b"{\"a\":1}\nnot json at all {\n{\"b\":2}\n";
        assert_eq!(
            every_chunking(Layout::Auto, data),
            vec!["1:{\"a\":1}", "Garbage { line: 2 }", "3:{\"b\":2}"]
        );
    }

    #[test]
    fn oversized_values_are_skipped() {
        let mut values = JsonValues::new(Layout::Sequence);
        let mut events = Vec::new();
        let big = vec![b'1'; 1024];
        values.feed(b"{\"x\":\"", &mut |e| events.push(format!("{e:?}")));
        for _ in 0..(MAX_VALUE_BYTES / big.len() + 1) {
            values.feed(&big, &mut |e| events.push(format!("{e:?}")));
        }
        values.feed(b"\"}\n{\"y\":1}", &mut |e| events.push(format!("{e:?}")));
        values.finish(&mut |e| events.push(format!("{e:?}")));
        assert_eq!(events.len(), 2);
        assert_eq!(events[0], "Oversized { line: 1 }");
        assert!(events[1].contains("Value { line: 2"), "{}", events[1]);
    }
}
