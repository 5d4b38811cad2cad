//! A delimited file read in parts on several threads (native builds), merged into exactly
//! what one thread reading it from start to end gives: the same accounts in the same
//! order, the same interactions, counts, notes and warnings with the same line numbers.
//!
//! The bytes are gathered into windows of `threads` parts. Each window is cut at line ends
//! where the double quotes before are even in number, which is where records begin in
//! well-formed CSV. The first part is read here, by the file's own [`RecordReader`] and
//! rows; each other part on a thread of its own, by a reader and [`Rows::part`] of its own
//! writing to a [`PartSink`]: a network whose accounts are numbered in their order of
//! first sight in the part. Then, in file order, each part is merged
//! ([`Sink::merge_part`]): its accounts are looked up in the file's network, so those new
//! come in the order serial reading would have created them, and its interactions are
//! added in order. Warnings said once per file are dropped from a part when an earlier
//! part said them ([`Rows::absorb_part`]).
//!
//! A cut is trusted only once proven: the part before it must have ended at a record's
//! start. A stray quote (`ab"c`) can put a cut inside a quoted cell; that part and every
//! later one in the window are then dropped and their bytes read here in order, so odd
//! files are slower, never different.
//!
//! Why parts are large (128 MB by default, at most 512 MB gathered): merging looks each
//! of a part's accounts up once in the file's network, so the larger a part, the more of
//! its rows name accounts it has seen already, and the cheaper its merge.
//!
//! Complexity: O(bytes) reading, spread over the threads; O(accounts per part) lookups and
//! O(interactions) copies merging, on the caller's thread.

use super::records::{on_event, Event, Parting, RecordReader, Rows};
use crate::ingest::{PartSink, Sink};

/// Bytes of a part when nothing else is asked (measured on 1M accounts / 10M rows: 32 MB
/// parts read 1.2× faster on two threads than on one, 128 MB parts 1.4×; see bench/ANALYSIS.md).
pub const PART_BYTES: usize = 128 << 20;

/// Bytes gathered at most before reading (parts are smaller on many threads).
const MAX_WINDOW_BYTES: usize = 512 << 20;

/// Parts smaller than this are not worth a thread (unless parts are asked to be smaller).
const MIN_PART_BYTES: usize = 1 << 20;

pub struct Parted {
    /// The file's reader: it reads the first part of each window, and whatever is read in order.
    records: RecordReader,
    threads: usize,
    part_bytes: usize,
    /// Bytes gathered and not read yet; they begin at a record's start, and the rows are
    /// ready to be parted, whenever there are any.
    pending: Vec<u8>,
}

impl Parted {
    /// `part_bytes`: 0 for [`PART_BYTES`].
    pub fn new(records: RecordReader, threads: usize, part_bytes: usize) -> Parted {
        Parted {
            records,
            threads: threads.max(1),
            part_bytes: match part_bytes {
                0 => PART_BYTES.min(MAX_WINDOW_BYTES / threads.max(1)),
                asked => asked,
            },
            pending: Vec::new(),
        }
    }

    /// The file's reader, for what it counted and for reading on in order.
    pub fn into_records(self) -> RecordReader {
        debug_assert!(self.pending.is_empty());
        self.records
    }

    /// Reads `chunk`. `Err(read)`: the rows are never parted ([`Parting::Never`]); the
    /// first `read` bytes were read, the rest is the caller's to read.
    pub fn feed<R: Rows>(&mut self, chunk: &[u8], rows: &mut R, sink: &mut Sink) -> Result<(), usize> {
        let mut input = chunk;
        if self.pending.is_empty() {
            let read = self.read_to_a_part_start(input, rows, sink)?;
            input = &input[read..];
        }
        let window = self.threads * self.part_bytes;
        if self.pending.capacity() < window && !input.is_empty() {
            // Once, to the size of a window (and a chunk), rather than by doublings.
            self.pending
                .reserve_exact(window + input.len() - self.pending.len());
        }
        self.pending.extend_from_slice(input);
        while self.pending.len() >= window {
            if !self.read_window(rows, sink, false) {
                break;
            }
        }
        Ok(())
    }

    /// Reads what is left (the file ended).
    pub fn finish<R: Rows>(&mut self, rows: &mut R, sink: &mut Sink) {
        while !self.pending.is_empty() {
            self.read_window(rows, sink, true);
        }
    }

    /// Reads `input` here, a line at a time, until the rows can be parted and the reader
    /// stands at a record's start. Returns the bytes read; `Err` when the rows are never parted.
    fn read_to_a_part_start<R: Rows>(
        &mut self,
        input: &[u8],
        rows: &mut R,
        sink: &mut Sink,
    ) -> Result<usize, usize> {
        let mut read = 0;
        loop {
            match rows.parting() {
                Parting::Never => return Err(read),
                Parting::Ready if self.records.at_record_start() => return Ok(read),
                _ if read == input.len() => return Ok(read),
                _ => {}
            }
            let line_end = memchr::memchr(b'\n', &input[read..]).map_or(input.len(), |at| read + at + 1);
            let records = &mut self.records;
            records.feed(&input[read..line_end], &mut |event| on_event(rows, event, sink));
            read = line_end;
        }
    }

    /// Reads the pending bytes up to their last line end (all of them when `last`), in
    /// parts. Returns false when there is no line end to cut at (more bytes are needed).
    fn read_window<R: Rows>(&mut self, rows: &mut R, sink: &mut Sink, last: bool) -> bool {
        let mut pending = std::mem::take(&mut self.pending);
        let end = match last {
            true => Some(pending.len()),
            false => memchr::memrchr(b'\n', &pending).map(|at| at + 1),
        };
        let read = match end {
            Some(end) => {
                let window = &pending[..end];
                let cuts = cuts(window, self.part_count(window.len()));
                if let Some(resume) = self.read_parts(window, &cuts, rows, sink, last) {
                    let records = &mut self.records;
                    records.feed(&window[resume..], &mut |event| on_event(rows, event, sink));
                }
                end
            }
            // One line longer than a window: it is read in order (the reader skips a
            // record too long to keep), and gathering goes on behind it.
            None => 0,
        };
        let read = read + self.read_in_order(&pending[read..], rows, sink);
        // The rest moves to the front of the same buffer: no allocation, no page faults,
        // for the next window.
        pending.copy_within(read.., 0);
        pending.truncate(pending.len() - read);
        self.pending = pending;
        end.is_some()
    }

    /// Reads `bytes` here until the reader stands at a record's start again; returns the
    /// bytes read (the rest stays pending).
    fn read_in_order<R: Rows>(&mut self, bytes: &[u8], rows: &mut R, sink: &mut Sink) -> usize {
        self.read_to_a_part_start(bytes, rows, sink)
            .expect("rows ready to be parted stay so")
    }

    fn part_count(&self, window: usize) -> usize {
        let smallest = self.part_bytes.min(MIN_PART_BYTES);
        (window / smallest).clamp(1, self.threads)
    }

    /// Reads the parts of `window` between `cuts`: the first here, the others on threads,
    /// merged in order. Returns where reading must go on in order, if a part did not end
    /// at a record's start (the parts after it are dropped).
    fn read_parts<R: Rows>(
        &mut self,
        window: &[u8],
        cuts: &[usize],
        rows: &mut R,
        sink: &mut Sink,
        last: bool,
    ) -> Option<usize> {
        let parts = cuts.len() - 1;
        // The last part of the file's last window needs no record start after it.
        let ends_file = |part: usize| last && part == parts - 1;
        let mut lines_before = self.records.lines();
        let mut starts = Vec::with_capacity(parts);
        for pair in cuts.windows(2) {
            starts.push(lines_before);
            lines_before += memchr::memchr_iter(b'\n', &window[pair[0]..pair[1]]).count() as u64;
        }
        std::thread::scope(|scope| {
            let helpers: Vec<_> = (1..parts)
                .map(|part| {
                    let records = self.records.part_reader(starts[part]);
                    let part_rows = rows.part().expect("rows ready to be parted give parts");
                    let out = PartSink::of(sink);
                    let bytes = &window[cuts[part]..cuts[part + 1]];
                    let ends_file = ends_file(part);
                    scope.spawn(move || read_part(records, part_rows, out, bytes, ends_file))
                })
                .collect();
            let records = &mut self.records;
            records.feed(&window[..cuts[1]], &mut |event| on_event(rows, event, sink));
            let mut resume = (!self.records.at_record_start() && parts > 1).then_some(cuts[1]);
            for (part, helper) in (1..).zip(helpers) {
                let read = helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                if resume.is_some() {
                    continue;
                }
                if !(read.ended_at_record_start || ends_file(part)) {
                    resume = Some(cuts[part]);
                    continue;
                }
                let mut repeated = Vec::new();
                rows.absorb_part(read.rows, &mut repeated);
                if self.records.absorb_part(&read.records) {
                    repeated.extend(read.not_utf8_warning);
                }
                sink.merge_part(read.out, &repeated);
            }
            resume
        })
    }
}

/// What a part's reader left.
struct PartRead<R> {
    records: RecordReader,
    rows: R,
    out: PartSink,
    ended_at_record_start: bool,
    /// The number of the part's warning that its bytes are not UTF-8, if it said so.
    not_utf8_warning: Option<u64>,
}

fn read_part<R: Rows>(
    mut records: RecordReader,
    mut rows: R,
    mut out: PartSink,
    bytes: &[u8],
    ends_file: bool,
) -> PartRead<R> {
    let mut not_utf8_warning = None;
    {
        let mut sink = out.sink();
        let mut handle = |event: Event| {
            if matches!(event, Event::NotUtf8 { .. }) {
                not_utf8_warning = Some(sink.warnings_said());
            }
            on_event(&mut rows, event, &mut sink);
        };
        records.feed(bytes, &mut handle);
        if ends_file {
            records.finish(&mut handle);
        }
    }
    PartRead {
        ended_at_record_start: records.at_record_start(),
        records,
        rows,
        out,
        not_utf8_warning,
    }
}

/// Where to cut `window` into `parts` parts: its start, its end and, near each even share,
/// the first line end after which the double quotes so far are even in number (a record's
/// start in well-formed CSV). Fewer parts when the window has too few such line ends.
fn cuts(window: &[u8], parts: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    let mut quotes = 0usize;
    let mut counted = 0;
    'parts: for part in 1..parts {
        let mut at = (part * window.len() / parts).max(counted);
        loop {
            let Some(line_end) = memchr::memchr(b'\n', &window[at..]) else {
                break 'parts;
            };
            let cut = at + line_end + 1;
            quotes += memchr::memchr_iter(b'"', &window[counted..cut]).count();
            counted = cut;
            if quotes % 2 == 0 {
                if cut < window.len() {
                    cuts.push(cut);
                }
                break;
            }
            at = cut;
        }
    }
    cuts.push(window.len());
    cuts.dedup();
    cuts
}

#[cfg(test)]
mod tests {
    use super::cuts;

    #[test]
    fn cuts_fall_after_line_ends_outside_quotes() {
        let window = b"a,b\n\"x\ny\",z\nc,d\ne,f\n";
        for parts in 1..6 {
            let cuts = cuts(window, parts);
            assert_eq!((cuts[0], *cuts.last().unwrap()), (0, window.len()));
            for &cut in &cuts[1..cuts.len() - 1] {
                assert_eq!(window[cut - 1], b'\n');
                assert_ne!(cut, 6, "inside the quoted cell");
            }
        }
        assert_eq!(cuts(window, 2), vec![0, 12, window.len()]);
    }
}
