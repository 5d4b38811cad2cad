//! A push-style reader of delimited records (CSV, TSV, semicolon tables), fed chunk by
//! chunk, built on `csv-core`'s incremental state machine. Quoted cells may span lines
//! and chunks; every record reports the line it starts on.
//!
//! [`Delimited`] is the one reader glue of the delimited formats (tables, tweet tables,
//! Mastodon's CSVs): it feeds the chunks to a [`RecordReader`], says what is wrong with a
//! record too long to keep or not UTF-8, and hands every record to the format's [`Rows`].

use crate::ingest::framing::text::decode_field_into;
use crate::ingest::{FormatReader, Sink};

/// What a delimited format makes of its records: all that differs between the delimited
/// readers. [`Delimited`] does the rest.
pub trait Rows: Send {
    /// What a row of this format is, for the warning about one too long to keep
    /// ("an edge or an account", "a tweet").
    const ROW: &'static str;

    /// One complete record.
    fn record(&mut self, record: &Record, sink: &mut Sink);

    /// The file ended after its last record; `records` says what the framing passed over.
    fn finish(&mut self, _records: &RecordReader, _sink: &mut Sink) {}

    /// Whether parts of the file can be read by rows of their own ([`Rows::part`]), on
    /// other threads, and merged in order ([`Rows::absorb_part`]).
    fn parting(&self) -> Parting {
        Parting::Never
    }

    /// Rows for a part of the file further on: this one's settings (the columns, the
    /// dialect), none of its state. `Some` whenever [`Rows::parting`] is `Ready`.
    fn part(&self) -> Option<Self>
    where
        Self: Sized,
    {
        None
    }

    /// Takes in the state of a part's rows, the parts coming in file order, before its
    /// network and warnings are merged: the numbers of its warnings said once per file
    /// that this file had already said go to `repeated`, to be dropped.
    fn absorb_part(&mut self, _part: Self, _repeated: &mut Vec<u64>)
    where
        Self: Sized,
    {
    }
}

/// What [`Rows::parting`] says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parting {
    /// Not known yet (a table whose first rows have not said what it is).
    Undecided,
    /// The rows are read in order only.
    Never,
    /// Parts may be read apart and merged.
    Ready,
}

/// A [`FormatReader`] for any delimited format: records from the chunks, rows from the records.
///
/// Natively, [`Delimited::framed_on`] reads rows that can be parted in parts on several
/// threads ([`super::parts`]), and otherwise moves the framing (tokenizing the records,
/// counting lines, decoding the cells) to a thread of its own, while this one reads the
/// rows: a pipeline of two stages. The rows see the same records, in the same order, with
/// the same line numbers, so the network and the warnings are exactly a serial read's.
pub struct Delimited<R> {
    framing: Framing,
    pub rows: R,
}

enum Framing {
    Here(RecordReader),
    #[cfg(not(target_arch = "wasm32"))]
    Apart(apart::Pipeline),
    #[cfg(not(target_arch = "wasm32"))]
    Parted(super::parts::Parted),
}

impl<R: Rows> Delimited<R> {
    pub fn new(records: RecordReader, rows: R) -> Self {
        Delimited {
            framing: Framing::Here(records),
            rows,
        }
    }

    /// Reads on up to `threads` threads (native builds only; in wasm, and with one
    /// thread, everything stays on the caller's thread). Rows that can be read in parts
    /// ([`Rows::parting`]) are, `part_bytes` to a part ([`super::parts`]); the others
    /// have their framing on a thread of its own ([`apart`]).
    pub fn framed_on(self, threads: usize, part_bytes: usize) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        if threads > 1 {
            if let Framing::Here(records) = self.framing {
                return Delimited {
                    framing: Framing::Parted(super::parts::Parted::new(records, threads, part_bytes)),
                    rows: self.rows,
                };
            }
        }
        let _ = (threads, part_bytes);
        self
    }
}

impl<R: Rows> FormatReader for Delimited<R> {
    fn feed(&mut self, chunk: &[u8], sink: &mut Sink) {
        let rows = &mut self.rows;
        match &mut self.framing {
            Framing::Here(records) => records.feed(chunk, &mut |event| on_event(rows, event, sink)),
            #[cfg(not(target_arch = "wasm32"))]
            Framing::Apart(pipeline) => pipeline.feed(chunk, &mut |event| on_event(rows, event, sink)),
            #[cfg(not(target_arch = "wasm32"))]
            Framing::Parted(parted) => {
                if let Err(read) = parted.feed(chunk, rows, sink) {
                    // Rows read in order only: the framing goes to a thread of its own.
                    let Framing::Parted(parted) =
                        std::mem::replace(&mut self.framing, Framing::Here(RecordReader::new(b',')))
                    else {
                        unreachable!()
                    };
                    self.framing = Framing::Apart(apart::Pipeline::start(parted.into_records()));
                    self.feed(&chunk[read..], sink);
                }
            }
        }
    }

    fn finish(&mut self, sink: &mut Sink) {
        let rows = &mut self.rows;
        let records = match std::mem::replace(&mut self.framing, Framing::Here(RecordReader::new(b','))) {
            Framing::Here(mut records) => {
                records.finish(&mut |event| on_event(rows, event, sink));
                records
            }
            #[cfg(not(target_arch = "wasm32"))]
            Framing::Apart(pipeline) => pipeline.finish(&mut |event| on_event(rows, event, sink)),
            #[cfg(not(target_arch = "wasm32"))]
            Framing::Parted(mut parted) => {
                parted.finish(rows, sink);
                let mut records = parted.into_records();
                records.finish(&mut |event| on_event(rows, event, sink));
                records
            }
        };
        self.rows.finish(&records, sink);
        self.framing = Framing::Here(records);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod apart {
    //! The framing on a thread of its own: chunks go to it, batches of decoded records come
    //! back, one batch per chunk. Chunks wait in a short queue (the caller blocks when the
    //! framing is that far behind); batches are taken whenever a chunk is fed, so at most
    //! a few chunks' worth of records are ever in flight.

    use std::ops::Range;
    use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
    use std::thread::JoinHandle;

    use super::{Event, Record, RecordReader};

    /// Chunks queued for the framing thread before `feed` waits.
    const QUEUED_CHUNKS: usize = 4;

    /// The records framed from one chunk: every cell's text end to end, and the events.
    #[derive(Default)]
    struct Batch {
        text: String,
        /// End of each cell in `text`.
        ends: Vec<usize>,
        events: Vec<BatchEvent>,
    }

    enum BatchEvent {
        /// A record whose cells are `ends[cells]`.
        Record {
            line: u64,
            cells: Range<usize>,
        },
        Oversized {
            line: u64,
        },
        NotUtf8 {
            line: u64,
        },
    }

    impl Batch {
        fn take(&mut self, event: Event) {
            let kept = match event {
                Event::Record(record) => {
                    let first = self.ends.len();
                    for cell in record.fields() {
                        self.text.push_str(cell);
                        self.ends.push(self.text.len());
                    }
                    BatchEvent::Record {
                        line: record.line,
                        cells: first..self.ends.len(),
                    }
                }
                Event::Oversized { line } => BatchEvent::Oversized { line },
                Event::NotUtf8 { line } => BatchEvent::NotUtf8 { line },
            };
            self.events.push(kept);
        }

        /// Hands the events on, each record's cells copied into `fields` (reused strings).
        fn replay(&self, fields: &mut Vec<String>, on_event: &mut dyn FnMut(Event)) {
            for event in &self.events {
                match event {
                    BatchEvent::Record { line, cells } => {
                        let count = cells.len();
                        if fields.len() < count {
                            fields.resize(count, String::new());
                        }
                        for (slot, cell) in fields.iter_mut().zip(cells.clone()) {
                            let start = if cell == 0 { 0 } else { self.ends[cell - 1] };
                            slot.clear();
                            slot.push_str(&self.text[start..self.ends[cell]]);
                        }
                        on_event(Event::Record(Record::new(*line, &fields[..count])));
                    }
                    BatchEvent::Oversized { line } => on_event(Event::Oversized { line: *line }),
                    BatchEvent::NotUtf8 { line } => on_event(Event::NotUtf8 { line: *line }),
                }
            }
        }
    }

    pub(super) struct Pipeline {
        /// `None` says the file ended.
        chunks: SyncSender<Option<Vec<u8>>>,
        batches: Receiver<Batch>,
        framing: JoinHandle<RecordReader>,
        fields: Vec<String>,
    }

    impl Pipeline {
        pub(super) fn start(mut records: RecordReader) -> Pipeline {
            let (chunks, to_frame) = mpsc::sync_channel::<Option<Vec<u8>>>(QUEUED_CHUNKS);
            let (framed, batches) = mpsc::channel();
            let framing = std::thread::spawn(move || {
                while let Ok(chunk) = to_frame.recv() {
                    let mut batch = Batch::default();
                    match chunk {
                        Some(chunk) => records.feed(&chunk, &mut |event| batch.take(event)),
                        None => records.finish(&mut |event| batch.take(event)),
                    }
                    if framed.send(batch).is_err() {
                        break;
                    }
                }
                records
            });
            Pipeline {
                chunks,
                batches,
                framing,
                fields: Vec::new(),
            }
        }

        /// Queues `chunk`, then reads the records framed so far.
        pub(super) fn feed(&mut self, chunk: &[u8], on_event: &mut dyn FnMut(Event)) {
            let mut chunk = Some(chunk.to_vec());
            // While the queue is full, read a batch instead of waiting idle: the framing
            // thread is busy on a queued chunk, so one is coming.
            loop {
                match self.chunks.try_send(chunk.take()) {
                    Ok(()) => break,
                    Err(TrySendError::Full(back)) => {
                        chunk = back;
                        match self.batches.recv() {
                            Ok(batch) => batch.replay(&mut self.fields, on_event),
                            Err(_) => break,
                        }
                    }
                    // The framing thread ended early (a panic, which `finish` reports).
                    Err(TrySendError::Disconnected(_)) => break,
                }
            }
            while let Ok(batch) = self.batches.try_recv() {
                batch.replay(&mut self.fields, on_event);
            }
        }

        /// Reads every record left, and gives the framing back (for what it counted).
        pub(super) fn finish(mut self, on_event: &mut dyn FnMut(Event)) -> RecordReader {
            let _ = self.chunks.send(None);
            drop(self.chunks);
            for batch in self.batches.iter() {
                batch.replay(&mut self.fields, on_event);
            }
            self.framing
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }
    }
}

pub(super) fn on_event<R: Rows>(rows: &mut R, event: Event, sink: &mut Sink) {
    match event {
        Event::Record(record) => rows.record(&record, sink),
        Event::Oversized { line } => {
            sink.record();
            sink.skip(
                Some(line),
                format!("the row is longer than 16 MB, too long to be {}; skipped", R::ROW),
            );
        }
        Event::NotUtf8 { line } => sink.warn(
            Some(line),
            "the file is not UTF-8; read as Windows-1252 (re-save it as UTF-8 if names look wrong)",
        ),
    }
}

/// Longest record kept, in bytes; longer ones are skipped whole with a warning, so one
/// pathological line cannot exhaust memory.
pub const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

/// One complete record.
#[derive(Clone)]
pub struct Record<'a> {
    /// Line (1-based) on which the record starts.
    pub line: u64,
    fields: &'a [String],
}

impl<'a> Record<'a> {
    pub fn new(line: u64, fields: &'a [String]) -> Self {
        Record { line, fields }
    }

    pub fn fields(&self) -> &'a [String] {
        self.fields
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&'a str> {
        self.fields.get(index).map(String::as_str)
    }
}

/// What the reader met besides records.
#[derive(Debug, Clone, PartialEq)]
pub enum Event<'a> {
    Record(Record<'a>),
    /// A record longer than [`MAX_RECORD_BYTES`] was skipped.
    Oversized {
        line: u64,
    },
    /// The first record whose bytes were not UTF-8 (decoded as Windows-1252 instead).
    NotUtf8 {
        line: u64,
    },
}

impl PartialEq for Record<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.line == other.line && self.fields == other.fields
    }
}

impl std::fmt::Debug for Record<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {:?}", self.line, self.fields)
    }
}

pub struct RecordReader {
    parser: csv_core::Reader,
    delimiter: u8,
    /// Whitespace-separated tables: runs of the delimiter count as one, and empty fields are dropped.
    collapse_delimiters: bool,
    output: Vec<u8>,
    ends: Vec<usize>,
    output_len: usize,
    ends_len: usize,
    /// Lines consumed so far.
    lines: u64,
    at_record_start: bool,
    record_line: u64,
    oversized: bool,
    reported_not_utf8: bool,
    /// The cells of the current record are `fields[..field_count]`; the strings beyond
    /// are kept from longer records so that their allocations are reused.
    fields: Vec<String>,
    field_count: usize,
    /// Lines starting with `#` or `%` before the first record are comments (SNAP's and
    /// KONECT's edge lists open with them); off unless asked for.
    leading_comments: bool,
    in_comment: bool,
    comment_lines: u64,
    records_seen: u64,
    /// Plain lines are split here rather than by `csv_core` ([`RecordReader::plain_line`]);
    /// off only in the tests that compare the two.
    plain_lines: bool,
}

impl RecordReader {
    pub fn new(delimiter: u8) -> Self {
        let parser = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        RecordReader {
            parser,
            delimiter,
            collapse_delimiters: delimiter == b' ',
            output: vec![0; 4096],
            ends: vec![0; 64],
            output_len: 0,
            ends_len: 0,
            lines: 0,
            at_record_start: true,
            record_line: 1,
            oversized: false,
            reported_not_utf8: false,
            fields: Vec::new(),
            field_count: 0,
            leading_comments: false,
            in_comment: false,
            comment_lines: 0,
            records_seen: 0,
            plain_lines: true,
        }
    }

    /// A reader that skips the comment lines (`#` or `%` first) above the first record.
    /// Only above it: further down, a cell may well start with `#` (a hashtag network).
    pub fn skipping_leading_comments(delimiter: u8) -> Self {
        RecordReader {
            leading_comments: true,
            ..RecordReader::new(delimiter)
        }
    }

    /// Comment lines skipped above the first record.
    pub fn comment_lines(&self) -> u64 {
        self.comment_lines
    }

    /// Whether the reader stands between records: what it was fed ended a record (and
    /// maybe blank lines after it), not inside a quoted cell or a leading comment.
    pub fn at_record_start(&self) -> bool {
        self.at_record_start && !self.in_comment
    }

    /// Lines consumed so far (line ends fed).
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// A reader with these settings for a part of the file that begins at a record's
    /// start after `lines` lines, below the leading comments.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn part_reader(&self, lines: u64) -> RecordReader {
        RecordReader {
            lines,
            records_seen: 1,
            ..RecordReader::new(self.delimiter)
        }
    }

    /// Goes on after a part's reader (the part came right after what this one was fed, and
    /// ended at a record's start). Returns whether the part said its bytes were not UTF-8
    /// when this file had said so already (a warning said once per file).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn absorb_part(&mut self, part: &RecordReader) -> bool {
        self.lines = part.lines;
        self.records_seen += part.records_seen - 1;
        let repeated = part.reported_not_utf8 && self.reported_not_utf8;
        self.reported_not_utf8 |= part.reported_not_utf8;
        repeated
    }

    /// Parses `input`, calling `on_event` for each complete record.
    pub fn feed(&mut self, mut input: &[u8], on_event: &mut dyn FnMut(Event)) {
        while !input.is_empty() {
            if self.at_record_start {
                input = if self.leading_comments && self.records_seen == 0 {
                    self.skip_comments(input)
                } else {
                    self.skip_blank_lines(input)
                };
                if input.is_empty() {
                    return;
                }
                if let Some(consumed) = self.plain_line(input, on_event) {
                    input = &input[consumed..];
                    continue;
                }
                self.at_record_start = false;
                self.record_line = self.lines + 1;
            }
            let (consumed, _) = self.step(input, on_event);
            input = &input[consumed..];
        }
    }

    /// The fast path for the rows most tables are made of: when `input` (at a record's
    /// start) holds a whole line without a quote, a carriage return before its end, a NUL
    /// or a byte that is not UTF-8, its cells are the bytes between the delimiters, which
    /// is what `csv_core` gives for such a line; they are split with `memchr` and checked
    /// as UTF-8 once for the line, not fed through the state machine byte by byte. Returns
    /// the bytes consumed, or `None` to leave the line to `csv_core` (it also reads every
    /// line cut by the end of a chunk).
    fn plain_line(&mut self, input: &[u8], on_event: &mut dyn FnMut(Event)) -> Option<usize> {
        if !self.plain_lines || !self.delimiter.is_ascii() {
            return None;
        }
        let end = memchr::memchr(b'\n', input)?;
        let line = input[..end].strip_suffix(b"\r").unwrap_or(&input[..end]);
        if line.len() > MAX_RECORD_BYTES || memchr::memchr3(b'"', b'\r', 0, line).is_some() {
            return None;
        }
        let text = std::str::from_utf8(line).ok()?;
        self.record_line = self.lines + 1;
        self.lines += 1;
        self.records_seen += 1;
        let mut count = 0;
        for cell in text.split(self.delimiter as char) {
            if self.collapse_delimiters && cell.is_empty() {
                continue;
            }
            if count == self.fields.len() {
                self.fields.push(String::new());
            }
            let slot = &mut self.fields[count];
            slot.clear();
            slot.push_str(cell);
            count += 1;
        }
        self.field_count = count;
        on_event(Event::Record(Record::new(
            self.record_line,
            &self.fields[..count],
        )));
        Some(end + 1)
    }

    /// Flushes the last record (a file need not end with a newline).
    pub fn finish(&mut self, on_event: &mut dyn FnMut(Event)) {
        self.in_comment = false;
        while !self.at_record_start {
            let (_, result) = self.step(&[], on_event);
            if matches!(result, csv_core::ReadRecordResult::End) {
                break;
            }
        }
    }

    /// Skips comment lines (and blank lines between them) at the start of the input; what
    /// is left starts a record, or is empty (a comment may go on in the next chunk).
    fn skip_comments<'i>(&mut self, mut input: &'i [u8]) -> &'i [u8] {
        loop {
            if !self.in_comment {
                input = self.skip_blank_lines(input);
                match input.first() {
                    Some(b'#' | b'%') => {
                        self.in_comment = true;
                        self.comment_lines += 1;
                    }
                    _ => return input,
                }
            }
            match memchr::memchr(b'\n', input) {
                Some(end) => {
                    self.lines += 1;
                    self.in_comment = false;
                    input = &input[end + 1..];
                }
                None => return &[],
            }
        }
    }

    fn skip_blank_lines<'i>(&mut self, input: &'i [u8]) -> &'i [u8] {
        let blank = input.iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
        self.lines += input[..blank].iter().filter(|&&b| b == b'\n').count() as u64;
        &input[blank..]
    }

    /// One call into the state machine; returns the bytes consumed and what it said.
    fn step(&mut self, input: &[u8], on_event: &mut dyn FnMut(Event)) -> (usize, csv_core::ReadRecordResult) {
        use csv_core::ReadRecordResult::*;
        let (result, nin, nout, nend) = self.parser.read_record(
            input,
            &mut self.output[self.output_len..],
            &mut self.ends[self.ends_len..],
        );
        self.lines += memchr::memchr_iter(b'\n', &input[..nin]).count() as u64;
        self.output_len += nout;
        self.ends_len += nend;
        match result {
            InputEmpty | End => {}
            OutputFull => self.grow_output(),
            OutputEndsFull => self.grow_ends(),
            Record => self.emit(on_event),
        }
        (nin, result)
    }

    fn grow_ends(&mut self) {
        if self.ends.len() * std::mem::size_of::<usize>() >= MAX_RECORD_BYTES {
            self.oversized = true;
            self.ends_len = 0;
        } else {
            self.ends.resize(self.ends.len() * 2, 0);
        }
    }

    fn grow_output(&mut self) {
        if self.output.len() >= MAX_RECORD_BYTES {
            // Keep parsing to find the record's end, but stop keeping its bytes.
            self.oversized = true;
            self.output_len = 0;
        } else {
            self.output.resize(self.output.len() * 2, 0);
        }
    }

    fn emit(&mut self, on_event: &mut dyn FnMut(Event)) {
        let line = self.record_line;
        self.records_seen += 1;
        if self.oversized {
            on_event(Event::Oversized { line });
        } else {
            self.decode_fields(line, on_event);
            on_event(Event::Record(Record::new(line, &self.fields[..self.field_count])));
        }
        self.output_len = 0;
        self.ends_len = 0;
        self.oversized = false;
        self.at_record_start = true;
    }

    fn decode_fields(&mut self, line: u64, on_event: &mut dyn FnMut(Event)) {
        let mut count = 0;
        let mut start = 0;
        let mut fell_back = false;
        for &end in &self.ends[..self.ends_len] {
            if count == self.fields.len() {
                self.fields.push(String::new());
            }
            let slot = &mut self.fields[count];
            fell_back |= decode_field_into(&self.output[start..end], slot);
            start = end;
            if self.collapse_delimiters && slot.is_empty() {
                continue;
            }
            count += 1;
        }
        self.field_count = count;
        if fell_back && !self.reported_not_utf8 {
            self.reported_not_utf8 = true;
            on_event(Event::NotUtf8 { line });
        }
    }
}

/// Picks the delimiter that appears on the most of the first lines, preferring the one
/// whose count per line is steady; falls back to spaces, then to a comma.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let lines: Vec<&[u8]> = head
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .skip_while(|line| line.is_empty() || matches!(line[0], b'#' | b'%'))
        .filter(|line| !line.is_empty())
        .take(20)
        .collect();
    let score = |delimiter: u8| -> (usize, bool) {
        let counts: Vec<usize> = lines.iter().map(|line| count_unquoted(line, delimiter)).collect();
        let present = counts.iter().filter(|&&c| c > 0).count();
        let steady = counts.windows(2).all(|w| w[0] == w[1]);
        (present, steady)
    };
    let best = [b',', b'\t', b';']
        .into_iter()
        .map(|d| (d, score(d)))
        .filter(|(_, (present, _))| *present > 0)
        .max_by_key(|&(d, (present, steady))| (present, steady, d == b','));
    match best {
        Some((delimiter, _)) => delimiter,
        None if lines.iter().any(|line| line.contains(&b' ')) => b' ',
        None => b',',
    }
}

/// Occurrences of `delimiter` outside double-quoted text.
pub fn count_unquoted(line: &[u8], delimiter: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for &byte in line {
        if byte == b'"' {
            quoted = !quoted;
        } else if byte == delimiter && !quoted {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_in_chunks(data: &[u8], delimiter: u8, chunk: usize) -> Vec<(u64, Vec<String>)> {
        let mut reader = RecordReader::new(delimiter);
        let mut rows = Vec::new();
        let mut collect = |event: Event| {
            if let Event::Record(record) = event {
                rows.push((record.line, record.fields().to_vec()));
            }
        };
        for piece in data.chunks(chunk.max(1)) {
            reader.feed(piece, &mut collect);
        }
        reader.finish(&mut collect);
        rows
    }

    /// Everything a reader says of `data` fed in `chunk`-byte pieces, as text.
    fn said(mut reader: RecordReader, data: &[u8], chunk: usize) -> Vec<String> {
        let mut said = Vec::new();
        let mut collect = |event: Event| said.push(format!("{event:?}"));
        for piece in data.chunks(chunk.max(1)) {
            reader.feed(piece, &mut collect);
        }
        reader.finish(&mut collect);
        said.push(format!(
            "lines {} comments {}",
            reader.lines(),
            reader.comment_lines()
        ));
        said
    }

    #[test]
    fn plain_lines_split_here_are_what_csv_core_reads() {
        // Pieces of lines: plain cells, quotes (multi-line too), CR and CRLF ends, a lone CR
        // inside a line, blank lines, NUL, bytes that are not UTF-8, runs of the delimiter,
        // a comment-looking first line, a missing last line end.
        let pieces: [&[u8]; 16] = [
            b"a,b,c\n",
            b"x,\"y,z\"\n",
            b"\"multi\nline\",q\n",
            b"p,q\r\n",
            b"lone\rcr,x\n",
            b"\n\n",
            b"\r\n",
            b"nul\0byte,z\n",
            b"caf\xe9,latin\n",
            b"u\xc3\xa9,utf8\n",
            b"a  b   c\n",
            b",,\n",
            b"# hash,tag\n",
            b" spaced , cells \n",
            b"tab\tcell,x\n",
            b"end,without",
        ];
        let mut state = 7u64;
        for case in 0..300 {
            let mut data = Vec::new();
            for _ in 0..(case % 9 + 1) {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                data.extend_from_slice(pieces[(state >> 33) as usize % pieces.len()]);
            }
            for delimiter in [b',', b' ', b'\t'] {
                for chunk in [1, 3, 7, 64, data.len().max(1)] {
                    let fresh = |plain: bool| {
                        let mut reader = if case % 2 == 0 {
                            RecordReader::new(delimiter)
                        } else {
                            RecordReader::skipping_leading_comments(delimiter)
                        };
                        reader.plain_lines = plain;
                        reader
                    };
                    assert_eq!(
                        said(fresh(true), &data, chunk),
                        said(fresh(false), &data, chunk),
                        "{:?} delimiter {:?} chunks of {chunk}",
                        String::from_utf8_lossy(&data),
                        delimiter as char
                    );
                }
            }
        }
    }

    #[test]
    fn quoted_multiline_cells_and_line_numbers_survive_any_chunking() {
        let data = b"source,target\r\n\r\n\"a\nb\",c\r\nd,\"e,f\"\n\ng,h";
        let expected = vec![
            (1, vec!["source".to_string(), "target".to_string()]),
            (3, vec!["a\nb".to_string(), "c".to_string()]),
            (5, vec!["d".to_string(), "e,f".to_string()]),
            (7, vec!["g".to_string(), "h".to_string()]),
        ];
        for chunk in 1..data.len() + 1 {
            assert_eq!(read_in_chunks(data, b',', chunk), expected, "chunk size {chunk}");
        }
    }

    #[test]
    fn leading_comment_lines_are_skipped_in_any_chunking_and_later_ones_kept() {
        let data = b"% sym unweighted\n\n# FromNodeId\tToNodeId\n1\t2\n#3\t4\n";
        for chunk in 1..data.len() + 1 {
            let mut reader = RecordReader::skipping_leading_comments(b'\t');
            let mut rows = Vec::new();
            let mut collect = |event: Event| {
                if let Event::Record(record) = event {
                    rows.push((record.line, record.fields().to_vec()));
                }
            };
            for piece in data.chunks(chunk) {
                reader.feed(piece, &mut collect);
            }
            reader.finish(&mut collect);
            assert_eq!(
                rows,
                vec![
                    (4, vec!["1".to_string(), "2".to_string()]),
                    (5, vec!["#3".to_string(), "4".to_string()])
                ],
                "chunk size {chunk}"
            );
            assert_eq!(reader.comment_lines(), 2);
        }
    }

    #[test]
    fn spaces_collapse_for_whitespace_tables() {
        let rows = read_in_chunks(b"1  2\n3 4 \n", b' ', 3);
        assert_eq!(rows[0].1, vec!["1", "2"]);
        assert_eq!(rows[1].1, vec!["3", "4"]);
    }

    #[test]
    fn windows_1252_is_reported_once_and_decoded() {
        let mut reader = RecordReader::new(b';');
        let mut events = Vec::new();
        reader.feed(b"Jos\xe9;Fran\xe7ois\n\xe9;b\n", &mut |event| {
            events.push(format!("{event:?}"))
        });
        assert_eq!(events[0], "NotUtf8 { line: 1 }");
        assert!(events[1].contains("José"), "{}", events[1]);
        assert_eq!(events.len(), 3);
    }
}
