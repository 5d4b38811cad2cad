//! A push-style, safe XML tokenizer shared by the GEXF and GraphML readers.
//!
//! `quick-xml` reads from a slice or a `BufRead`, but ingest is *pushed* chunks split
//! anywhere (inside a tag, inside a quoted attribute value, inside a UTF-8 character).
//! [`XmlStream`] keeps the bytes not yet parsed, finds where the last complete construct
//! ends (a `>` outside quoted attribute values, `-->`, `]]>`, `?>`), hands that prefix to
//! quick-xml, and keeps the tail. It remembers how far it searched, so a construct fed
//! byte by byte is still scanned once. Memory is the longest single construct (capped at
//! [`MAX_CONSTRUCT_BYTES`]) plus the stack of open element names, never the file.
//!
//! Safety: any `<!` declaration other than a comment or CDATA (`<!DOCTYPE`, `<!ENTITY`, ...)
//! stops the file with a warning before anything after it is read: no DTD is processed
//! and no entity is expanded (no billion laughs, no external entities). Without a DTD
//! only the five predefined entities and character references can occur; anything else is
//! kept as written, with a warning.
//!
//! Errors: malformed XML (a broken tag, a closing tag that does not match) and a file that
//! ends inside an element give a warning with the line and byte offset; everything read
//! before stays loaded, nothing after is read.
//!
//! Handlers see element *local* names (namespace prefixes are dropped, namespaces are not
//! checked: broken namespace URIs exist in real files), an empty element as a start
//! followed by an end, and text with references resolved and line ends normalised.

use std::borrow::Cow;
use std::cell::OnceCell;

use memchr::memmem;
use quick_xml::events::{BytesStart, Event};
use quick_xml::parser::{ElementParser, Parser};
use quick_xml::{Reader, XmlVersion};

use crate::ingest::framing::text::decode_field;
use crate::ingest::Sink;

/// The longest single tag, comment or text run accepted; past it the file is not read further.
pub const MAX_CONSTRUCT_BYTES: usize = 16 * 1024 * 1024;

/// Where an event starts in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: u64,
    /// 0-based byte offset (after the BOM, if any).
    pub byte: u64,
}

/// A start tag: its local name and attributes.
pub struct Element<'e> {
    pub name: &'e str,
    tag: &'e BytesStart<'e>,
    /// (local name, value) pairs, parsed on first use.
    attributes: OnceCell<Vec<(&'e str, Cow<'e, str>)>>,
}

impl<'e> Element<'e> {
    fn new(name: &'e str, tag: &'e BytesStart<'e>) -> Self {
        Element {
            name,
            tag,
            attributes: OnceCell::new(),
        }
    }

    /// The value of the attribute with this local name (any prefix), references resolved.
    /// A value with an unknown entity is returned as written.
    pub fn attr(&self, name: &str) -> Option<Cow<'_, str>> {
        let attributes = self.attributes.get_or_init(|| {
            let mut attributes = self.tag.attributes();
            attributes
                .with_checks(false)
                .flatten()
                .map(|attribute| {
                    let local: &'e str = attribute.key.local_name().into_inner();
                    let raw = attribute.value.clone();
                    (
                        local,
                        attribute.normalized_value(XmlVersion::Implicit1_0).unwrap_or(raw),
                    )
                })
                .collect()
        });
        let (_, value) = attributes.iter().find(|(local, _)| *local == name)?;
        Some(Cow::Borrowed(value.as_ref()))
    }
}

/// What a format reader does with the document.
pub trait XmlHandler {
    fn start(&mut self, element: &Element, at: Position, sink: &mut Sink);
    fn end(&mut self, name: &str, at: Position, sink: &mut Sink);
    /// Character data (several calls may make up one text node).
    fn text(&mut self, text: &str, sink: &mut Sink);
}

/// What the scanner knows about the construct in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// Between constructs, looking for `<`.
    Text,
    /// Just after `<` at `start`, waiting for enough bytes to tell what follows.
    Open,
    Tag(ElementParser),
    Comment,
    CData,
    Instruction,
}

/// Finds where complete constructs end in the pending bytes.
#[derive(Debug)]
struct Scanner {
    state: Scan,
    /// Start of the construct in progress.
    start: usize,
    /// Bytes before this were already searched.
    searched: usize,
    /// End of the last complete construct.
    complete: usize,
}

/// What a scan found.
enum Found {
    /// Complete constructs end here (0: none yet).
    Complete(usize),
    /// A DTD or other declaration starts here; complete constructs end before it.
    Declaration(usize),
}

impl Scanner {
    fn new() -> Self {
        Scanner {
            state: Scan::Text,
            start: 0,
            searched: 0,
            complete: 0,
        }
    }

    fn scan(&mut self, buf: &[u8]) -> Found {
        loop {
            match self.state {
                Scan::Text => match memchr::memchr(b'<', &buf[self.searched..]) {
                    Some(i) => {
                        self.start = self.searched + i;
                        self.searched = self.start + 1;
                        self.state = Scan::Open;
                    }
                    None => {
                        self.searched = buf.len();
                        return Found::Complete(self.complete);
                    }
                },
                Scan::Open => {
                    let rest = &buf[self.start..];
                    let (state, skip) = match rest.get(1) {
                        None => return Found::Complete(self.complete),
                        Some(b'?') => (Scan::Instruction, 2),
                        Some(b'!') if rest.starts_with(b"<!--") => (Scan::Comment, 4),
                        Some(b'!') if rest.starts_with(b"<![CDATA[") => (Scan::CData, 9),
                        Some(b'!') => {
                            let undecided = rest.len() < 9
                                && (b"<!--".starts_with(rest) || b"<![CDATA[".starts_with(rest));
                            if undecided {
                                return Found::Complete(self.complete);
                            }
                            return Found::Declaration(self.start);
                        }
                        Some(_) => (Scan::Tag(ElementParser::default()), 1),
                    };
                    self.state = state;
                    self.searched = self.start + skip;
                }
                Scan::Tag(mut parser) => match parser.feed(&buf[self.searched..]) {
                    Some(i) => self.close(self.searched + i + 1),
                    None => {
                        self.state = Scan::Tag(parser);
                        self.searched = buf.len();
                        return Found::Complete(self.complete);
                    }
                },
                Scan::Comment => {
                    if !self.find_terminator(buf, b"-->", 4) {
                        return Found::Complete(self.complete);
                    }
                }
                Scan::CData => {
                    if !self.find_terminator(buf, b"]]>", 9) {
                        return Found::Complete(self.complete);
                    }
                }
                Scan::Instruction => {
                    if !self.find_terminator(buf, b"?>", 2) {
                        return Found::Complete(self.complete);
                    }
                }
            }
        }
    }

    /// Searches for the end of a comment, CDATA section or instruction; `opening` is the
    /// length of its opening so a terminator never overlaps it.
    fn find_terminator(&mut self, buf: &[u8], terminator: &[u8], opening: usize) -> bool {
        // Start a little before where the last search stopped: the terminator may straddle chunks.
        let from = self
            .searched
            .saturating_sub(terminator.len() - 1)
            .max(self.start + opening);
        match memmem::find(&buf[from.min(buf.len())..], terminator) {
            Some(i) => {
                self.close(from + i + terminator.len());
                true
            }
            None => {
                self.searched = buf.len();
                false
            }
        }
    }

    fn close(&mut self, end: usize) {
        self.complete = end;
        self.searched = end;
        self.state = Scan::Text;
    }

    /// The first `n` bytes were consumed.
    fn shift(&mut self, n: usize) {
        self.start = self.start.saturating_sub(n);
        self.searched = self.searched.saturating_sub(n);
        self.complete = self.complete.saturating_sub(n);
    }
}

/// The push tokenizer; see the module documentation.
pub struct XmlStream {
    pending: Vec<u8>,
    scanner: Scanner,
    /// File offset and line of `pending[0]`.
    offset: u64,
    line: u64,
    /// Local names of the elements open at the end of what was parsed.
    open: Vec<String>,
    saw_element: bool,
    stopped: bool,
    warned_encoding: bool,
    warned_entity: bool,
}

impl Default for XmlStream {
    fn default() -> Self {
        Self::new()
    }
}

impl XmlStream {
    pub fn new() -> Self {
        XmlStream {
            pending: Vec::new(),
            scanner: Scanner::new(),
            offset: 0,
            line: 1,
            open: Vec::new(),
            saw_element: false,
            stopped: false,
            warned_encoding: false,
            warned_entity: false,
        }
    }

    pub fn feed(&mut self, chunk: &[u8], handler: &mut impl XmlHandler, sink: &mut Sink) {
        if self.stopped {
            return;
        }
        self.pending.extend_from_slice(chunk);
        match self.scanner.scan(&self.pending) {
            Found::Complete(end) => self.parse_prefix(end, handler, sink),
            Found::Declaration(at) => {
                self.parse_prefix(at, handler, sink);
                if !self.stopped {
                    self.refuse_declaration(sink);
                }
                return;
            }
        }
        if !self.stopped && self.pending.len() > MAX_CONSTRUCT_BYTES {
            let at = self.position_at(0);
            sink.warn(
                Some(at.line),
                format!(
                    "an XML tag or text run starting at line {} (byte {}) is longer than {} MB; \
                     the rest of the file was not read",
                    at.line,
                    at.byte,
                    MAX_CONSTRUCT_BYTES >> 20
                ),
            );
            self.stop();
        }
    }

    /// The file ended: reports a document cut short (kept as far as it was complete).
    pub fn finish(&mut self, sink: &mut Sink) {
        if self.stopped {
            return;
        }
        let trailing = self.pending.iter().any(|b| !b.is_ascii_whitespace());
        let end = self.position_at(self.pending.len());
        if let Some(open) = self.open.last() {
            sink.warn(
                Some(end.line),
                format!(
                    "the file ends inside <{open}> at line {} (byte {}): it looks truncated; \
                     everything complete before that was kept",
                    end.line, end.byte
                ),
            );
        } else if trailing {
            let at = self.position_at(self.scanner.start.min(self.pending.len()));
            sink.warn(
                Some(at.line),
                format!(
                    "the file ends inside an unfinished XML construct at line {} (byte {}); it was ignored",
                    at.line, at.byte
                ),
            );
        } else if !self.saw_element {
            sink.warn(None, "the file holds no XML element");
        }
        self.stop();
    }

    fn stop(&mut self) {
        self.stopped = true;
        self.pending = Vec::new();
    }

    fn refuse_declaration(&mut self, sink: &mut Sink) {
        let at = self.position_at(0);
        let rest = &self.pending[..self.pending.len().min(64)];
        let what = if rest.starts_with(b"<!DOCTYPE") {
            "a DOCTYPE declaration"
        } else if rest.starts_with(b"<!ENTITY") {
            "an ENTITY declaration"
        } else {
            "a `<!` declaration"
        };
        sink.warn(
            Some(at.line),
            format!(
                "the document contains {what} at line {} (byte {}); DTDs and entity declarations are \
                 refused for safety (no entity expansion), so the rest of this file was not read. \
                 Remove the DOCTYPE and re-export the file",
                at.line, at.byte
            ),
        );
        self.stop();
    }

    /// Position of `pending[index]` (counts lines in the still-pending bytes).
    fn position_at(&self, index: usize) -> Position {
        let index = index.min(self.pending.len());
        Position {
            line: self.line + memchr::memchr_iter(b'\n', &self.pending[..index]).count() as u64,
            byte: self.offset + index as u64,
        }
    }

    /// Parses `pending[..end]` (complete constructs) and drops it from the buffer.
    fn parse_prefix(&mut self, end: usize, handler: &mut impl XmlHandler, sink: &mut Sink) {
        if end == 0 {
            return;
        }
        let prefix = std::mem::take(&mut self.pending);
        let text: Cow<str> = match std::str::from_utf8(&prefix[..end]) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => {
                if !self.warned_encoding {
                    self.warned_encoding = true;
                    sink.warn(
                        Some(self.line),
                        "the file is not UTF-8; read as Windows-1252 (re-save it as UTF-8 if names look wrong)",
                    );
                }
                Cow::Owned(decode_field(&prefix[..end]).0)
            }
        };
        let mut lines = LineCounter::new(self.line, self.offset);
        self.parse_text(&text, &mut lines, handler, sink);
        let (line, _) = lines.at(text.as_bytes(), text.len());
        self.line = line;
        self.offset += end as u64;
        self.pending = prefix;
        if self.stopped {
            self.pending = Vec::new();
        } else {
            self.pending.drain(..end);
            self.scanner.shift(end);
        }
    }

    fn parse_text(
        &mut self,
        text: &str,
        lines: &mut LineCounter,
        handler: &mut impl XmlHandler,
        sink: &mut Sink,
    ) {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.check_comments = false;
        config.trim_text(false);
        loop {
            let start = reader.buffer_position() as usize;
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(error) => {
                    let at = lines.position(text.as_bytes(), reader.error_position() as usize);
                    sink.warn(
                        Some(at.line),
                        format!(
                            "the XML is malformed at line {} (byte {}): {error}; the rest of the file \
                             was not read, everything before was kept",
                            at.line, at.byte
                        ),
                    );
                    self.stopped = true;
                    return;
                }
            };
            match event {
                Event::Start(ref tag) | Event::Empty(ref tag) => {
                    let at = lines.position(text.as_bytes(), start);
                    let qualified = tag.name();
                    let name = qualified.local_name();
                    let name: &str = name.as_ref();
                    self.saw_element = true;
                    handler.start(&Element::new(name, tag), at, sink);
                    if matches!(event, Event::Empty(_)) {
                        handler.end(name, at, sink);
                    } else {
                        self.open.push(name.to_owned());
                    }
                }
                Event::End(tag) => {
                    let at = lines.position(text.as_bytes(), start);
                    let qualified = tag.name();
                    let name = qualified.local_name();
                    let name: &str = name.as_ref();
                    if self.open.last().map(String::as_str) != Some(name) {
                        let expected = match self.open.last() {
                            Some(open) => format!("</{open}>"),
                            None => "no closing tag".to_owned(),
                        };
                        sink.warn(
                            Some(at.line),
                            format!(
                                "the XML is malformed at line {} (byte {}): found </{name}> where {expected} \
                                 was expected; the rest of the file was not read, everything before was kept",
                                at.line, at.byte
                            ),
                        );
                        self.stopped = true;
                        return;
                    }
                    self.open.pop();
                    handler.end(name, at, sink);
                }
                Event::Text(content) => handler.text(&content.xml10_content(), sink),
                Event::CData(content) => handler.text(&content.xml10_content(), sink),
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        Ok(None) => predefined_entity(&reference),
                        Err(_) => None,
                    };
                    match resolved {
                        Some(c) => handler.text(c.encode_utf8(&mut [0; 4]), sink),
                        None => {
                            self.warn_entity(&reference, lines.position(text.as_bytes(), start), sink);
                            handler.text(&format!("&{};", &*reference), sink);
                        }
                    }
                }
                Event::DocType(_) => {
                    // The scanner stops before any declaration; kept for safety.
                    self.stopped = true;
                    return;
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
                Event::Eof => return,
            }
        }
    }

    fn warn_entity(&mut self, reference: &str, at: Position, sink: &mut Sink) {
        if !self.warned_entity {
            self.warned_entity = true;
            sink.warn(
                Some(at.line),
                format!("unknown entity &{reference}; (no DTD is read); kept as written"),
            );
        }
    }
}

fn predefined_entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

/// Turns byte offsets in a parsed slice into file lines, counting each byte once.
struct LineCounter {
    line: u64,
    offset: u64,
    counted: usize,
}

impl LineCounter {
    fn new(line: u64, offset: u64) -> Self {
        LineCounter {
            line,
            offset,
            counted: 0,
        }
    }

    /// Line and the same position; `index` only moves forward (earlier ones are clamped).
    fn at(&mut self, text: &[u8], index: usize) -> (u64, usize) {
        let index = index.min(text.len());
        if index > self.counted {
            self.line += memchr::memchr_iter(b'\n', &text[self.counted..index]).count() as u64;
            self.counted = index;
        }
        (self.line, index)
    }

    fn position(&mut self, text: &[u8], index: usize) -> Position {
        let (line, index) = self.at(text, index);
        Position {
            line,
            byte: self.offset + index as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{FileReport, Warning};
    use crate::network::NetworkBuilder;

    /// Records events as strings; consecutive text pieces are joined, blank text dropped.
    #[derive(Default)]
    struct Recorder {
        events: Vec<String>,
        text: String,
    }

    impl Recorder {
        fn flush_text(&mut self) {
            let text = std::mem::take(&mut self.text);
            if !text.trim().is_empty() {
                self.events.push(text);
            }
        }
    }

    impl XmlHandler for Recorder {
        fn start(&mut self, element: &Element, at: Position, _sink: &mut Sink) {
            self.flush_text();
            let id = element.attr("id").map(|v| format!(" id={v}")).unwrap_or_default();
            self.events.push(format!("<{}{id}>@{}", element.name, at.line));
        }
        fn end(&mut self, name: &str, _at: Position, _sink: &mut Sink) {
            self.flush_text();
            self.events.push(format!("</{name}>"));
        }
        fn text(&mut self, text: &str, _sink: &mut Sink) {
            self.text.push_str(text);
        }
    }

    fn run(document: &[u8], chunk: usize) -> (Vec<String>, Vec<Warning>) {
        let mut network = NetworkBuilder::new();
        let mut report = FileReport::new("t.xml");
        let mut warnings = Vec::new();
        let mut owners = crate::ingest::Owners::default();
        let mut sink = Sink {
            network: &mut network,
            owners: &mut owners,
            report: &mut report,
            warnings: &mut warnings,
            origin: 0,
            extra_warnings: 0,
        };
        let mut stream = XmlStream::new();
        let mut recorder = Recorder::default();
        for piece in document.chunks(chunk) {
            stream.feed(piece, &mut recorder, &mut sink);
        }
        stream.finish(&mut sink);
        recorder.flush_text();
        (recorder.events, warnings)
    }

    #[test]
    fn chunks_split_anywhere_give_the_same_events() {
        let document = "<?xml version=\"1.0\"?>\n<!-- a > comment -->\n<g:root xmlns:g=\"u\">\n\
            <node id=\"a>b\" label='x\"y'/>\n<![CDATA[<raw>]]>\n<t>Z&#252;rich &amp; &lt;co&gt;</t>\n</g:root>\n";
        let (whole, warnings) = run(document.as_bytes(), document.len());
        assert!(warnings.is_empty(), "{warnings:?}");
        let expected = [
            "<root>@3",
            "<node id=a>b>@4",
            "</node>",
            "\n<raw>\n",
            "<t>@6",
            "Zürich & <co>",
            "</t>",
            "</root>",
        ];
        assert_eq!(whole, expected);
        for size in [1, 2, 3, 7, 64] {
            assert_eq!(run(document.as_bytes(), size).0, whole, "chunks of {size}");
        }
    }

    #[test]
    fn a_doctype_stops_the_file() {
        let document =
            b"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>\n<root>&lol;</root>";
        for size in [1, 5, 4096] {
            let (events, warnings) = run(document, size);
            assert!(events.is_empty(), "{events:?}");
            assert_eq!(warnings.len(), 1);
            assert!(warnings[0].message.contains("DOCTYPE"), "{}", warnings[0].message);
            assert_eq!(warnings[0].line, Some(2));
        }
    }

    #[test]
    fn truncation_and_mismatched_tags_are_reported_with_their_line() {
        let (events, warnings) = run(b"<a>\n<b/>\n<c x=\"1", 3);
        assert_eq!(events, vec!["<a>@1", "<b>@2", "</b>"]);
        assert!(warnings[0].message.contains("ends inside <a>"), "{warnings:?}");
        assert_eq!(warnings[0].line, Some(3));

        let (events, warnings) = run(b"<a>\n<b>\n</a>\n<c/>", 4096);
        assert_eq!(events, vec!["<a>@1", "<b>@2"]);
        assert!(
            warnings[0].message.contains("found </a> where </b>"),
            "{warnings:?}"
        );
        assert_eq!(warnings[0].line, Some(3));
    }
}
