//! Reading exports into one [`Network`], file by file, chunk by chunk.
//!
//! An [`Ingest`] session accepts any number of files. For each, the caller calls
//! [`Ingest::begin_file`], pushes the bytes in chunks of any size with [`Ingest::push`]
//! (the worker feeds `File.stream()`, the command-line tool reads the file), and ends
//! with [`Ingest::end_file`]. The format is detected from the first bytes, never from
//! the name. Ingest is lenient: a bad record becomes a [`Warning`] (file, line, reason)
//! and the rest still loads; nothing one file does can lose what earlier files loaded.
//!
//! One module per format; each implements [`FormatReader`]. A file may be begun with
//! [`FileOptions`] ([`Ingest::begin_file_with`]): an explicit [`TableOptions`] column
//! mapping replaces the guesses of the table reader. It applies to the files detected
//! as tables, and to text files no reader claims (a collector's CSV mapped by hand);
//! other formats ignore it.
//!
//! ZIP archives need random access, which pushed chunks cannot give: callers check
//! [`needs_random_access`] on the first bytes and hand such files to
//! [`Ingest::ingest_archive`] with a [`RandomAccess`] source instead (`archive.rs`). A ZIP
//! pushed anyway is buffered whole, up to a limit, and then opened the same way.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::network::{Kind, Network, NetworkBuilder, NodeRow, NodeRowCounts};
use detect::looks_binary;

// The families of readers (ARCHITECTURE.md, `src/ingest/`): each a folder.
pub mod archives;
mod budget;
pub mod containers;
mod detect;
pub mod framing;
pub mod graphs;
pub mod tables;
pub mod twitter;

pub use archives::owners::{OwnerSlot, Owners};
pub use containers::zip::ZipLimits;
pub use detect::{detect, needs_random_access};
pub use tables::{preview_table, preview_table_with, ColumnRole, TableOptions, TablePreview, TableShape};

/// Bytes gathered before the format is decided (or the whole file, if shorter).
const SNIFF_BYTES: usize = 64 * 1024;

/// Warnings kept per file; further ones are counted, not stored.
const MAX_WARNINGS_PER_FILE: usize = 200;

/// Warnings kept in all (an archive of 100,000 broken members must not hold millions);
/// further ones are counted in their file's report, not stored.
const MAX_WARNINGS: usize = 20_000;

/// Whether the `count`-th warning of a file is stored, `stored` being kept already;
/// `extra`: warnings kept beyond the per-file limit (see [`PartSink`]).
fn keeps_warning(count: u64, stored: usize, extra: usize) -> bool {
    count as usize <= MAX_WARNINGS_PER_FILE + extra && stored < MAX_WARNINGS
}

/// Warnings a part of a file keeps beyond the per-file limit: the merge may drop as many
/// as the file has warnings said once (the once-only warnings of its readers, a handful),
/// and must still find the first [`MAX_WARNINGS_PER_FILE`] of the rest.
#[cfg(not(target_arch = "wasm32"))]
const PART_EXTRA_WARNINGS: usize = 16;

/// A record that was skipped or read with a caveat.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub file: String,
    /// 1-based line, when the format has lines.
    pub line: Option<u64>,
    pub message: String,
    /// Data text in `message` that names someone (an id or handle the data quoted), for
    /// the naming to hide under pseudonyms (`export::redact`); never sent as such.
    #[serde(skip)]
    #[cfg_attr(test, ts(skip))]
    pub names: Vec<String>,
}

/// The formats ingest recognises.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A delimited table of `source, target[, weight]` rows (Gephi's edge tables included).
    EdgeList,
    /// A delimited table of accounts and their attributes (`id, label, ...`; Gephi's node tables included).
    NodeTable,
    /// attaché's own scores table (`attache score --format csv`, the Spark job's
    /// `scores.csv`): a node table whose metric columns are imported as scores.
    ScoresTable,
    /// An adjacency matrix saved as CSV (`;A;B;C` above `A;0;1;0` rows; Gephi, pandas).
    AdjacencyMatrix,
    /// NodeXL's Edges sheet saved as CSV (`Vertex 1, Vertex 2, ..., Relationship`).
    NodexlEdges,
    /// NodeXL's Vertices sheet saved as CSV (`Vertex, ...`).
    NodexlVertices,
    /// GUESS/Gephi GDF (`nodedef>` and `edgedef>` sections).
    Gdf,
    /// GEXF (Gephi), 1.1draft to 1.3.
    Gexf,
    /// GraphML (networkx, igraph, Gephi, yEd, NodeXL).
    Graphml,
    /// Pajek `.net`.
    Pajek,
    /// GML (Graph Modelling Language).
    Gml,
    /// d3 / networkx node-link JSON.
    NodeLink,
    /// graphology's JSON serialisation.
    Graphology,
    /// twarc2 JSONL (Twitter API v2): pages, stream lines, flattened tweets, users pages.
    Twarc2,
    /// Twitter API v1.1 JSON or JSONL: tweets, user objects, stream lines.
    TwitterV1,
    /// Tweet or user tables: twarc-csv, other collectors' Twitter CSVs, Grailbird `tweets.csv`.
    TwarcCsv,
    /// A ZIP container; its members are read as files of their own.
    Zip,
    /// An X/Twitter account archive file (`window.YTD.*` data, `manifest.js`).
    XArchive,
    /// A Mastodon account archive file (`outbox.json`, `actor.json`, `likes.json`).
    Mastodon,
    /// A Mastodon CSV export (`following_accounts.csv`, one-column account lists, `lists.csv`).
    MastodonCsv,
    /// A Bluesky repository export (CAR v1, DAG-CBOR).
    BlueskyCar,
    /// Nothing recognisable (or an empty file).
    Unknown,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::EdgeList => "edge_list",
            Format::NodeTable => "node_table",
            Format::ScoresTable => "scores_table",
            Format::AdjacencyMatrix => "adjacency_matrix",
            Format::NodexlEdges => "nodexl_edges",
            Format::NodexlVertices => "nodexl_vertices",
            Format::Gdf => "gdf",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
            Format::Pajek => "pajek",
            Format::Gml => "gml",
            Format::NodeLink => "node_link",
            Format::Graphology => "graphology",
            Format::Twarc2 => "twarc2",
            Format::TwitterV1 => "twitter_v1",
            Format::TwarcCsv => "twarc_csv",
            Format::Zip => "zip",
            Format::XArchive => "x_archive",
            Format::Mastodon => "mastodon",
            Format::MastodonCsv => "mastodon_csv",
            Format::BlueskyCar => "bluesky_car",
            Format::Unknown => "unknown",
        }
    }
}

/// What one file contributed.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    pub path: String,
    pub format: Format,
    pub bytes: u64,
    /// Records read (rows, posts, edges...), including skipped ones.
    pub records: u64,
    /// Records skipped because they could not be read.
    pub skipped: u64,
    /// Accounts first seen in this file.
    pub accounts: u64,
    /// Posts of the collection first seen in this file (posts only referenced by them,
    /// a retweet's original or a replied-to id, are not counted here).
    pub posts: u64,
    /// Interactions this file added, by kind (after deduplication against everything before).
    pub interactions: BTreeMap<Kind, u64>,
    pub warnings: u64,
    /// What became of this file's node-table rows, once every file was read.
    pub node_rows: NodeRowCounts,
    /// What the reader wants the user to know that is not a problem with the file
    /// (an archive is an ego network; private posts were left out; likes are not read).
    pub notes: Vec<String>,
    /// The reader recognised the file and read nothing from it on purpose (an archive's
    /// private or unused data, likes without authors; the notes say why): no failure.
    #[serde(skip)]
    passed_over: bool,
    /// An edge list that lists each unordered pair once, the smaller id first (musae, SNAP's
    /// undirected sets): it was read as written, directed, and a note suggests reading it
    /// as undirected (the page offers the mapping step's `undirected` option).
    pub looks_undirected: bool,
}

impl FileReport {
    fn new(path: &str) -> Self {
        FileReport {
            path: path.to_owned(),
            format: Format::Unknown,
            bytes: 0,
            records: 0,
            skipped: 0,
            accounts: 0,
            posts: 0,
            interactions: BTreeMap::new(),
            warnings: 0,
            node_rows: NodeRowCounts::default(),
            notes: Vec::new(),
            passed_over: false,
            looks_undirected: false,
        }
    }

    pub fn interaction_total(&self) -> u64 {
        self.interactions.values().sum()
    }

    /// Why nothing at all was read from this file, if so: it is empty, its format was not
    /// recognised, every one of its records was skipped, or it held none. Such a file is
    /// an input that could not be read (the command-line tool exits 1). A ZIP's own report
    /// answers `None`: its members say (see [`Loaded::unread_inputs`]). Final on the
    /// reports of [`Loaded`], where node-table rows are joined.
    pub fn nothing_read(&self) -> Option<String> {
        let yielded = self.accounts > 0
            || self.posts > 0
            || self.interaction_total() > 0
            || self.node_rows.rows > 0
            || self.records > self.skipped;
        if yielded || self.passed_over || self.format == Format::Zip {
            return None;
        }
        Some(match () {
            _ if self.bytes == 0 => "the file is empty".to_owned(),
            _ if self.format == Format::Unknown => "its format was not recognised".to_owned(),
            _ if self.records > 0 => format!("every one of its {} records was skipped", self.records),
            _ => "it holds no accounts, posts or interactions".to_owned(),
        })
    }
}

impl Loaded {
    /// The inputs from which nothing at all was read, each with why (see
    /// [`FileReport::nothing_read`]), in the order given. An archive is one input with its
    /// members (`archive.zip/member`): nothing was read from it when nothing was read from
    /// any member. The other inputs still loaded.
    pub fn unread_inputs(&self) -> Vec<(&str, String)> {
        unread_inputs(&self.files)
    }
}

/// [`Loaded::unread_inputs`] of these reports (in the order ingest wrote them).
pub fn unread_inputs(files: &[FileReport]) -> Vec<(&str, String)> {
    {
        let mut unread = Vec::new();
        let mut i = 0;
        while i < files.len() {
            let report = &files[i];
            i += 1;
            if report.format != Format::Zip {
                if let Some(why) = report.nothing_read() {
                    unread.push((report.path.as_str(), why));
                }
                continue;
            }
            let prefix = format!("{}/", report.path);
            let members = files[i..]
                .iter()
                .take_while(|member| member.path.starts_with(&prefix))
                .count();
            let read_any = files[i..i + members]
                .iter()
                .any(|member| member.nothing_read().is_none());
            if !read_any {
                let why = match members {
                    0 => "none of its members could be read".to_owned(),
                    n => format!("nothing was read from any of its {n} members"),
                };
                unread.push((report.path.as_str(), why));
            }
            i += members;
        }
        unread
    }
}

/// Builder sizes before a reader ran, to credit what it added to its file.
#[derive(Clone, Copy)]
struct Sizes {
    accounts: usize,
    posts: usize,
    interactions: usize,
}

impl Sizes {
    fn of(network: &NetworkBuilder) -> Self {
        Sizes {
            accounts: network.account_count(),
            posts: network.collected_post_count(),
            interactions: network.interaction_count(),
        }
    }

    fn credit(self, network: &NetworkBuilder, report: &mut FileReport) {
        report.accounts += (network.account_count() - self.accounts) as u64;
        report.posts += (network.collected_post_count() - self.posts) as u64;
        for &kind in &network.interaction_kinds()[self.interactions..] {
            *report.interactions.entry(kind).or_insert(0) += 1;
        }
    }
}

/// Where a format reader puts what it reads.
pub struct Sink<'a> {
    pub network: &'a mut NetworkBuilder,
    /// Owners of account exports, shared by the files of the session (see `owners.rs`).
    pub owners: &'a mut Owners,
    report: &'a mut FileReport,
    warnings: &'a mut Vec<Warning>,
    /// The file's position among the files, to attribute its node rows.
    origin: u32,
    /// Warnings kept beyond the per-file limit (a [`PartSink`]'s; 0 otherwise).
    extra_warnings: usize,
}

impl Sink<'_> {
    /// Counts one record read.
    pub fn record(&mut self) {
        self.report.records += 1;
    }

    /// Records a caveat about the file or a record that was still read.
    pub fn warn(&mut self, line: Option<u64>, message: impl Into<String>) {
        self.warn_naming(line, message, Vec::new());
    }

    /// How many warnings the file has said so far: the number the next one will have
    /// (from 0). A warning said once per file keeps its number, so that a part of the
    /// file read apart can have it dropped at the merge ([`Sink::merge_part`]).
    pub fn warnings_said(&self) -> u64 {
        self.report.warnings
    }

    /// A warning whose message quotes `names` from the data (ids, handles): pseudonyms
    /// hide them (`export::redact`).
    pub fn warn_naming(&mut self, line: Option<u64>, message: impl Into<String>, names: Vec<String>) {
        let extra = self.extra_warnings;
        push_warning_naming(self.report, self.warnings, line, message.into(), names, extra);
    }

    /// Adds what a part of this file read apart wrote, as if its rows had been read here
    /// (parts are merged in file order): its accounts in their order of first sight, its
    /// interactions, its counts and notes, and its warnings but those numbered in
    /// `repeated` (warnings said once per file that an earlier part had said).
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn merge_part(&mut self, part: PartSink, repeated: &[u64]) {
        self.network.absorb_part(part.network);
        let kept = part.warnings.len() as u64;
        for (number, warning) in (0..).zip(part.warnings) {
            if !repeated.contains(&number) {
                self.warn_naming(warning.line, warning.message, warning.names);
            }
        }
        let repeated_unkept = repeated.iter().filter(|&&number| number >= kept).count() as u64;
        self.report.warnings += part.report.warnings - kept - repeated_unkept;
        self.report.records += part.report.records;
        self.report.skipped += part.report.skipped;
        self.report.looks_undirected |= part.report.looks_undirected;
        for note in part.report.notes {
            self.note(note);
        }
    }

    /// Hands a node-table row to the builder, which matches it to its account once every
    /// file is read (the outcome lands in this file's report and warnings).
    pub fn add_node_row(&mut self, mut row: NodeRow) {
        row.origin = self.origin;
        self.network.add_node_row(row);
    }

    /// Refines the detected format once the reader knows better (a table's header decides
    /// between edges and nodes).
    pub fn set_format(&mut self, format: Format) {
        self.report.format = format;
    }

    /// Records a skipped record and why.
    pub fn skip(&mut self, line: Option<u64>, message: impl Into<String>) {
        self.report.skipped += 1;
        self.warn(line, message);
    }

    /// [`Sink::note`] for a fixed message, cheap to repeat (nothing is allocated once noted).
    pub fn note_once(&mut self, message: &'static str) {
        if !self.report.notes.iter().any(|note| note == message) {
            self.report.notes.push(message.to_owned());
        }
    }

    /// Says that the file is read as nothing on purpose (its notes say why), so that it
    /// does not count as a file nothing could be read from.
    pub fn pass_over(&mut self) {
        self.report.passed_over = true;
    }

    /// Says that the file's edges look undirected (see [`FileReport::looks_undirected`]).
    pub fn suggest_undirected(&mut self, note: &'static str) {
        self.report.looks_undirected = true;
        self.note_once(note);
    }

    /// Records something the user should know about the file that is not a problem.
    pub fn note(&mut self, message: impl Into<String>) {
        let message = message.into();
        if !self.report.notes.contains(&message) {
            self.report.notes.push(message);
        }
    }
}

/// A warning said once per file: whether it was said, and its number among the file's
/// warnings (or its part's, [`PartSink`]), so that a part read apart that said it again
/// can have it dropped at the merge.
#[derive(Debug, Clone, Copy, Default)]
pub struct SaidOnce(Option<u64>);

impl SaidOnce {
    /// Says the warning `message` gives, unless it was said already.
    pub fn warn(&mut self, sink: &mut Sink, line: Option<u64>, message: impl FnOnce() -> String) {
        if self.0.is_none() {
            self.0 = Some(sink.warnings_said());
            sink.warn(line, message());
        }
    }

    pub fn is_said(self) -> bool {
        self.0.is_some()
    }

    /// Takes in a later part's: when both said it, the part's number goes to `repeated`.
    pub fn absorb(&mut self, part: SaidOnce, repeated: &mut Vec<u64>) {
        match (self.0, part.0) {
            (Some(_), Some(number)) => repeated.push(number),
            (None, Some(number)) => self.0 = Some(number),
            _ => {}
        }
    }
}

fn push_warning(report: &mut FileReport, warnings: &mut Vec<Warning>, line: Option<u64>, message: String) {
    push_warning_naming(report, warnings, line, message, Vec::new(), 0);
}

fn push_warning_naming(
    report: &mut FileReport,
    warnings: &mut Vec<Warning>,
    line: Option<u64>,
    message: String,
    names: Vec<String>,
    extra: usize,
) {
    report.warnings += 1;
    if keeps_warning(report.warnings, warnings.len(), extra) {
        warnings.push(Warning {
            file: report.path.clone(),
            line,
            message,
            names,
        });
    }
}

/// What one part of a file, read on a thread of its own, writes (`framing::parts`): a
/// network of its own, whose accounts are numbered from 0 in their order of first sight
/// in the part, and the part's warnings and counts. [`Sink::merge_part`] adds it to the
/// file's in file order, which gives exactly what reading the rows in one go gives.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) struct PartSink {
    network: NetworkBuilder,
    owners: Owners,
    report: FileReport,
    warnings: Vec<Warning>,
    origin: u32,
}

#[cfg(not(target_arch = "wasm32"))]
impl PartSink {
    /// An empty part of the file `sink` writes to.
    pub(crate) fn of(sink: &Sink) -> PartSink {
        PartSink {
            network: sink.network.part_builder(),
            owners: Owners::default(),
            report: FileReport::new(&sink.report.path),
            warnings: Vec::new(),
            origin: sink.origin,
        }
    }

    /// The sink the part's rows write to.
    pub(crate) fn sink(&mut self) -> Sink<'_> {
        Sink {
            network: &mut self.network,
            owners: &mut self.owners,
            report: &mut self.report,
            warnings: &mut self.warnings,
            origin: self.origin,
            extra_warnings: PART_EXTRA_WARNINGS,
        }
    }
}

/// How to read one file, when the caller knows better than detection.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(test, ts(optional_fields))]
pub struct FileOptions {
    /// Read a table with this mapping (formats other than tables ignore it).
    pub table: Option<TableOptions>,
    /// Read the file with this format's reader instead of detecting it (the page may let
    /// a user force a format; the fuzz targets steer bytes to one reader). The reader is
    /// lenient as ever: a file that is not what it is said to be gives warnings, not a
    /// failure. A table reader still tells edges from nodes by the header; [`Format::Zip`]
    /// is opened as a pushed ZIP.
    pub format: Option<Format>,
}

/// A format's incremental reader.
pub trait FormatReader {
    /// Reads the next bytes of the file. Chunks split anywhere, even inside a character.
    fn feed(&mut self, chunk: &[u8], sink: &mut Sink);
    /// The file ended: flush what is pending and report anything left incomplete.
    fn finish(&mut self, sink: &mut Sink);
    /// Bytes the reader holds besides what it wrote to the sink (a file buffered whole
    /// until it ends), for the memory estimate. Small bounded buffers need not count.
    fn held_bytes(&self) -> usize {
        0
    }
}

/// Everything loaded so far.
pub struct Loaded {
    pub network: Network,
    pub warnings: Vec<Warning>,
    pub files: Vec<FileReport>,
}

struct OpenFile {
    report: FileReport,
    /// Bytes held back until the format is known.
    head: Vec<u8>,
    reader: Option<Box<dyn FormatReader>>,
    bom_checked: bool,
    options: FileOptions,
    /// A ZIP pushed in chunks: its bytes, opened at the end (see [`containers::archive::ZipBuffer`]).
    zip: Option<containers::archive::ZipBuffer>,
    /// Reading stopped (the memory budget was reached): further bytes are ignored.
    stopped: bool,
    /// Line ends pushed so far, to say where reading stopped (counted only under a budget).
    newlines: u64,
    /// Byte offset at which the memory estimate is next checked (under a budget).
    next_check: u64,
    /// Interactions left out by kind before this file began.
    left_out_at_start: u64,
    /// Line-end normalisation, for text files (`None` until the format is known, and for
    /// binary files, whose bytes pass untouched).
    line_ends: Option<framing::text::LineEnds>,
}

/// An ingest session over any number of files.
#[derive(Default)]
pub struct Ingest {
    network: NetworkBuilder,
    warnings: Vec<Warning>,
    files: Vec<FileReport>,
    open: Option<OpenFile>,
    owners: Owners,
    zip_limits: ZipLimits,
    /// Reading the members of an archive: a ZIP inside it is not opened.
    in_archive: bool,
    /// The most memory ingest may hold (`budget.rs`); `None`: no limit.
    memory_budget: Option<u64>,
    /// Where the budget was reached, once it was: later files are not read.
    budget_reached_at: Option<String>,
    /// Threads reading may use (natively): above one, edge lists are read in parts on
    /// that many threads, other delimited tables framed on a thread of their own
    /// ([`framing::records::Delimited::framed_on`]), and twarc2 lines and v1.1 values
    /// parsed on them (`framing::parsed_values`). The network and the warnings are the same
    /// whatever the count.
    threads: usize,
    /// Bytes of such a part, or of the lines parsed apart at a time (0: the defaults,
    /// `framing::parts::PART_BYTES` and `framing::json_apart::WINDOW_BYTES`).
    part_bytes: usize,
}

impl Ingest {
    pub fn new() -> Self {
        Self::default()
    }

    /// Lets reading use up to `threads` threads (see the field's documentation).
    pub fn set_threads(&mut self, threads: usize) {
        self.threads = threads;
    }

    /// Reads edge lists in parts of `bytes` when on several threads (see the field's
    /// documentation): smaller than the default, so that tests cut small files often.
    pub fn set_part_bytes(&mut self, bytes: usize) {
        self.part_bytes = bytes;
    }

    /// Starts a file; a file still open is ended first.
    pub fn begin_file(&mut self, path: &str) {
        self.begin_file_with(path, FileOptions::default());
    }

    /// Starts a file read by `format`'s reader, whatever detection would say
    /// (shorthand for [`FileOptions::format`]).
    pub fn begin_file_as(&mut self, path: &str, format: Format) {
        let options = FileOptions {
            format: Some(format),
            ..FileOptions::default()
        };
        self.begin_file_with(path, options);
    }

    /// Starts a file read as `options` say (see [`FileOptions`]).
    pub fn begin_file_with(&mut self, path: &str, options: FileOptions) {
        if self.open.is_some() {
            self.end_file();
        }
        self.open = Some(OpenFile {
            report: FileReport::new(path),
            head: Vec::new(),
            reader: None,
            bom_checked: false,
            options,
            zip: None,
            stopped: false,
            newlines: 0,
            next_check: 0,
            left_out_at_start: self.network.left_out_count(),
            line_ends: None,
        });
        self.refuse_file_if_over_budget();
    }

    /// The reports of the files ended so far.
    pub fn files(&self) -> &[FileReport] {
        &self.files
    }

    /// Records `path` as an input not read because its content repeats one read before
    /// (`note` names it): reading it again would count every interaction twice. It reads
    /// as nothing on purpose, so it is no failure.
    pub fn record_repeat(&mut self, path: &str, bytes: u64, format: Format, note: String) -> FileReport {
        if self.open.is_some() {
            self.end_file();
        }
        let mut report = FileReport::new(path);
        report.format = format;
        report.bytes = bytes;
        report.notes.push(note);
        report.passed_over = true;
        self.files.push(report.clone());
        report
    }

    /// Pushes the next bytes of the open file.
    pub fn push(&mut self, chunk: &[u8]) {
        let Some(file) = self.open.as_mut() else {
            panic!("Ingest::push called with no open file");
        };
        if file.stopped {
            file.report.bytes += chunk.len() as u64;
        } else if self.memory_budget.is_some() {
            self.push_within_budget(chunk);
        } else {
            self.push_unchecked(chunk);
        }
    }

    /// Pushes bytes to the open file, which is not stopped.
    fn push_unchecked(&mut self, mut chunk: &[u8]) {
        let file = self.open.as_mut().expect("no open file");
        file.report.bytes += chunk.len() as u64;
        if !file.bom_checked {
            file.head.extend_from_slice(chunk);
            if file.head.len() < framing::text::UTF8_BOM.len() {
                return;
            }
            file.bom_checked = true;
            if file.head.starts_with(framing::text::UTF8_BOM) {
                file.head.drain(..framing::text::UTF8_BOM.len());
            }
            chunk = &[];
        }
        if file.reader.is_none() {
            file.head.extend_from_slice(chunk);
            if file.head.len() >= SNIFF_BYTES {
                self.start_reader(false);
            }
            return;
        }
        match file.line_ends.as_mut() {
            Some(line_ends) => {
                let text = line_ends.convert(chunk);
                self.feed_reader(&text);
            }
            None => self.feed_reader(chunk),
        }
    }

    /// Ends the open file and returns what it contributed.
    pub fn end_file(&mut self) -> FileReport {
        if self
            .open
            .as_ref()
            .is_some_and(|file| file.reader.is_none() && !file.stopped)
        {
            let file = self.open.as_mut().unwrap();
            if !file.bom_checked && file.head.starts_with(framing::text::UTF8_BOM) {
                file.head.drain(..framing::text::UTF8_BOM.len());
            }
            self.start_reader(true);
        }
        let mut file = self
            .open
            .take()
            .expect("Ingest::end_file called with no open file");
        if let Some(zip) = file.zip.take() {
            return self.open_pushed_zip(file.report, zip);
        }
        if let Some(end) = file.line_ends.as_mut().and_then(framing::text::LineEnds::flush) {
            self.open = Some(file);
            self.feed_reader(end);
            file = self.open.take().expect("the file was just put back");
        }
        let before = Sizes::of(&self.network);
        // A file stopped by the budget is not finished: its reader is gone, and what it
        // wrote before stays.
        if let Some(reader) = file.reader.as_mut().filter(|_| !file.stopped) {
            let mut sink = Sink {
                network: &mut self.network,
                owners: &mut self.owners,
                report: &mut file.report,
                warnings: &mut self.warnings,
                origin: self.files.len() as u32,
                extra_warnings: 0,
            };
            reader.finish(&mut sink);
        }
        before.credit(&self.network, &mut file.report);
        // A file that yields nothing says so, unless its reader said why already (a DOCTYPE
        // refused, JSON that does not parse, a format not recognised); when every record was
        // skipped, each said why but not that nothing was left.
        let report = &file.report;
        let silent = report.warnings == 0 || (report.records > 0 && report.records == report.skipped);
        if let Some(why) = report.nothing_read().filter(|_| silent) {
            push_warning(
                &mut file.report,
                &mut self.warnings,
                None,
                format!("nothing was read from this file: {why}"),
            );
        }
        let left_out = self.network.left_out_count() - file.left_out_at_start;
        if left_out > 0 {
            file.report.notes.push(format!(
                "{left_out} interactions of the kinds left out to save memory were not kept"
            ));
        }
        self.files.push(file.report.clone());
        file.report
    }

    /// Keeps what a shard needs to be merged with others ([`crate::network::Identities`]).
    pub fn keep_identities(&mut self) {
        self.network.keep_identities();
    }

    /// Accounts and interactions so far (for progress displays).
    pub fn counts(&self) -> (usize, usize) {
        (self.network.account_count(), self.network.interaction_count())
    }

    /// Ends any open file and returns the network with every warning and file report.
    /// Node-table rows are joined here; what became of them is credited to their files.
    pub fn finish(mut self) -> Loaded {
        if self.open.is_some() {
            self.end_file();
        }
        let mut network = self.network.finish();
        for (&origin, counts) in &network.node_rows.counts {
            if let Some(report) = self.files.get_mut(origin as usize) {
                report.node_rows = *counts;
                report.accounts += counts.added;
            }
        }
        for note in std::mem::take(&mut network.node_rows.notes) {
            if let Some(report) = self.files.get_mut(note.origin as usize) {
                push_warning(report, &mut self.warnings, note.line, note.message);
            }
        }
        Loaded {
            network,
            warnings: self.warnings,
            files: self.files,
        }
    }

    /// Decides the format from the bytes held back, then feeds them to its reader.
    fn start_reader(&mut self, whole_file: bool) {
        let file = self.open.as_mut().expect("no open file");
        let raw = std::mem::take(&mut file.head);
        // Text is read with its line ends normalised, detection included; binary bytes
        // (ZIP, CAR) pass untouched.
        let head = if looks_binary(&raw) || needs_random_access(&raw) || archives::car::looks_like_car(&raw) {
            raw
        } else {
            let mut line_ends = framing::text::LineEnds::default();
            let mut head = line_ends.convert(&raw).into_owned();
            if whole_file {
                head.extend_from_slice(line_ends.flush().unwrap_or_default());
            }
            file.line_ends = Some(line_ends);
            head
        };
        let format = file.options.format.unwrap_or_else(|| detect(&head, whole_file));
        let mapping = file.options.table.take();
        if let Some(options) = mapping.filter(|_| accepts_table_mapping(format, &head)) {
            // The table reader refines this to the shape the mapping gives.
            file.report.format = Format::EdgeList;
            file.reader = Some(Box::new(
                tables::table_reader(&head, options).framed_on(self.threads, self.part_bytes),
            ));
            self.feed_reader(&head);
            return;
        }
        file.report.format = format;
        if format == Format::Zip && !self.in_archive {
            file.zip = Some(containers::archive::ZipBuffer::new());
        }
        let path = file.report.path.as_str();
        file.reader = Some(match format {
            _ if file.zip.is_some() => Box::new(containers::archive::Buffered),
            Format::Zip => Box::new(containers::archive::NestedZip),
            Format::XArchive => Box::new(archives::x_archive::XArchiveReader::new(&head)),
            Format::Mastodon => Box::new(archives::mastodon::MastodonReader::new(&head)),
            Format::MastodonCsv => Box::new(archives::mastodon::mastodon_csv_reader(path)),
            Format::BlueskyCar => Box::new(archives::bluesky::BlueskyReader::new()),
            Format::EdgeList
            | Format::NodeTable
            | Format::ScoresTable
            | Format::AdjacencyMatrix
            | Format::NodexlEdges
            | Format::NodexlVertices => Box::new(
                tables::table_reader(&head, TableOptions::default()).framed_on(self.threads, self.part_bytes),
            ),
            Format::Gdf => Box::new(tables::gdf::GdfReader::new()),
            Format::Gexf => Box::new(graphs::gexf::GexfReader::new()),
            Format::Graphml => Box::new(graphs::graphml::GraphmlReader::new()),
            Format::Pajek => Box::new(graphs::pajek::PajekReader::new()),
            Format::Gml => Box::new(graphs::gml::GmlReader::new()),
            Format::NodeLink => Box::new(graphs::node_link::NodeLinkReader::new()),
            Format::Graphology => Box::new(graphs::graphology::GraphologyReader::new()),
            Format::Twarc2 => {
                Box::new(twitter::twarc2::Twarc2Reader::new().on_threads(self.threads, self.part_bytes))
            }
            Format::TwitterV1 => {
                Box::new(twitter::v1::TwitterV1Reader::new().on_threads(self.threads, self.part_bytes))
            }
            Format::TwarcCsv => Box::new(twitter::twarc_csv::twarc_csv_reader(&head)),
            Format::Unknown => Box::new(Unrecognised {
                empty: head.is_empty(),
                prose: tables::looks_like_prose(&head),
            }),
        });
        self.feed_reader(&head);
    }

    fn feed_reader(&mut self, chunk: &[u8]) {
        if chunk.is_empty() {
            return;
        }
        let file = self.open.as_mut().expect("no open file");
        if let Some(zip) = file.zip.as_mut() {
            zip.push(chunk);
            return;
        }
        let before = Sizes::of(&self.network);
        let mut sink = Sink {
            network: &mut self.network,
            owners: &mut self.owners,
            report: &mut file.report,
            warnings: &mut self.warnings,
            origin: self.files.len() as u32,
            extra_warnings: 0,
        };
        file.reader
            .as_mut()
            .expect("reader started")
            .feed(chunk, &mut sink);
        before.credit(&self.network, &mut file.report);
    }
}

/// Convenience for tests and small inputs: one whole file in one chunk.
pub fn ingest_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Loaded {
    let mut ingest = Ingest::new();
    for (path, bytes) in files {
        ingest.begin_file(path);
        ingest.push(bytes);
        ingest.end_file();
    }
    ingest.finish()
}

/// Random access to a file's bytes, which ZIP archives need (the CLI wraps a
/// `std::fs::File`, the worker `FileReaderSync` over `File.slice`).
pub trait RandomAccess {
    fn len(&self) -> u64;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Fills `buf` with the bytes at `offset`; an error when they cannot all be read.
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<(), String>;
}

impl RandomAccess for &[u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<(), String> {
        let start = usize::try_from(offset).map_err(|_| "offset beyond memory".to_owned())?;
        let bytes = start
            .checked_add(buf.len())
            .and_then(|end| self.get(start..end))
            .ok_or_else(|| format!("bytes {offset}..+{} lie past the end", buf.len()))?;
        buf.copy_from_slice(bytes);
        Ok(())
    }
}

/// Whether an explicit table mapping applies to a file detected as `format`: tables, and
/// text that no reader claims and that is not JSON or XML.
fn accepts_table_mapping(format: Format, head: &[u8]) -> bool {
    match format {
        Format::EdgeList
        | Format::NodeTable
        | Format::ScoresTable
        | Format::AdjacencyMatrix
        | Format::NodexlEdges
        | Format::NodexlVertices => true,
        Format::Unknown => {
            let first = head.iter().copied().find(|b| !b.is_ascii_whitespace());
            first.is_some_and(|b| !matches!(b, b'{' | b'[' | b'<')) && !looks_binary(head)
        }
        _ => false,
    }
}

/// The reader for a file whose format is not recognised: reports it once.
struct Unrecognised {
    empty: bool,
    /// The text reads as sentences (a README beside the data).
    prose: bool,
}

impl FormatReader for Unrecognised {
    fn feed(&mut self, _chunk: &[u8], _sink: &mut Sink) {}

    fn finish(&mut self, sink: &mut Sink) {
        let message = if self.empty {
            "the file is empty; expected an edge list such as `source,target,weight` rows".to_owned()
        } else if self.prose {
            "the file reads as prose (a README or notes?), not as a table or a graph; not read".to_owned()
        } else {
            "the format was not recognised; expected a CSV/TSV edge list (`source,target[,weight]` rows), \
             a GEXF, GraphML, Pajek or GML file, or node-link or graphology JSON"
                .to_owned()
        };
        sink.warn(None, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_says_so_and_loads_nothing() {
        let loaded = ingest_files([("empty.csv", &b""[..])]);
        assert_eq!(loaded.files[0].format, Format::Unknown);
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].message.contains("empty"));
        assert_eq!(loaded.warnings[0].file, "empty.csv");
    }

    #[test]
    fn a_binary_file_is_not_read_as_a_table_and_earlier_files_stay_loaded() {
        let loaded = ingest_files([
            ("a.csv", &b"a,b\nb,c\n"[..]),
            ("image.png", &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..]),
        ]);
        assert_eq!(loaded.network.interactions.len(), 2);
        assert_eq!(loaded.files[1].format, Format::Unknown);
        assert!(loaded.warnings[0].message.contains("not recognised"));
    }

    #[test]
    fn a_bom_split_across_chunks_is_removed() {
        let mut ingest = Ingest::new();
        ingest.begin_file("bom.csv");
        for byte in b"\xEF\xBB\xBFsource,target\nx,y\n" {
            ingest.push(std::slice::from_ref(byte));
        }
        ingest.end_file();
        let loaded = ingest.finish();
        assert_eq!(loaded.network.accounts[0].id, "x");
    }
}
