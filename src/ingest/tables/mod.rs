//! Delimited tables (CSV, TSV, semicolon): edge lists and node tables, with the column
//! mapping guessed from the header or given explicitly.
//!
//! The delimiter is sniffed from the first lines (see [`sniff_delimiter`]) unless given.
//! The first record is the header when its names are recognised (any case, spacing and
//! punctuation: `Vertex 1`, `vertex_1` and `VERTEX1` are one name):
//!
//! * a **source** and a **target** column (`source`/`from`/`id_1`/`vertex 1`...,
//!   `target`/`to`/`id_2`/`vertex 2`...) make an **edge table**, read by
//!   [`edge_list`](crate::ingest::tables::edge_list): `weight`, `type`/`kind`/`relationship`, `directed`,
//!   time columns (`timestamp`, `date`, Gephi's `timeset`/`Interval`, NodeXL's
//!   `Relationship Date (UTC)`) and `label` have meanings; other columns are ignored;
//! * otherwise an **id** column (`id`, `node`, `vertex`, `account`, `user`, `handle`,
//!   `username`, `screen_name`) makes a **node table**, read by
//!   [`node_table`](crate::ingest::tables::node_table): `label`/`name` give the label, `platform` the
//!   platform, every other column becomes an attribute named by its header text;
//! * a header `id,label,...` naming catalogue metrics (`pagerank`, `in_degree`...) is
//!   attaché's own scores table, read by [`scores`]: a node table whose metric columns are
//!   imported scores;
//! * anything else is not a header: the rows are `source, target[, weight]` by position.
//!
//! NodeXL's sheets saved as CSV may start with a category banner row (`Visual
//! Properties, ..., Graph Metrics, ...`) above the real header: it is detected and
//! skipped, and marks the table as NodeXL's (see [`nodexl_csv`]).
//!
//! An explicit [`TableOptions`] (the page's mapping step) replaces any of these guesses:
//! the delimiter, the rows to skip, whether there is a header, and a [`ColumnRole`] per
//! column. [`preview_table`] shows what the guess would be, with the first rows.
//!
//! Tables exported by Twitter collectors (twarc-csv, Grailbird `tweets.csv`, Mastodon's
//! `following_accounts.csv`) are not claimed by [`detect`]: their own readers give them
//! meaning that a generic mapping would miss.
//!
//! Memory: one record at a time (quoted cells may span lines and chunks); records longer
//! than [`MAX_RECORD_BYTES`](crate::ingest::framing::records::MAX_RECORD_BYTES) are skipped with a warning.

pub mod columns;
pub mod edge_list;
pub mod gdf;
pub mod matrix;
pub mod node_table;
pub mod nodexl_csv;
mod preview;
pub mod scores;

pub use preview::{preview_table, preview_table_with, PreviewColumn, TablePreview};

use serde::{Deserialize, Serialize};

use crate::ingest::framing::records::{count_unquoted, sniff_delimiter};
pub use columns::ColumnRole;
use columns::{names, normalise, Dialect};

use crate::ingest::framing::records::{Delimited, Event, Parting, Record, RecordReader, Rows};
use crate::ingest::tables::edge_list::EdgeRows;
use crate::ingest::tables::matrix::MatrixRows;
use crate::ingest::tables::node_table::NodeRows;
use crate::ingest::{Format, Sink};

/// Whether a table's rows are interactions or accounts.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableShape {
    Edges,
    Nodes,
}

/// An explicit way to read a table; every field left out is guessed as usual.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(test, ts(optional_fields))]
pub struct TableOptions {
    /// The delimiter (`,` `;` tab, space, or any ASCII character); sniffed when absent.
    pub delimiter: Option<char>,
    /// Records to skip before the header (or the first row); a banner row is detected when absent.
    pub skip_rows: Option<u32>,
    /// Whether the first record (after the skipped ones) is a header; guessed when absent.
    pub has_header: Option<bool>,
    /// A role per column, in column order; columns beyond the list are ignored.
    pub columns: Option<Vec<ColumnRole>>,
    /// Read every edge as undirected (counted both ways).
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub undirected: bool,
}

/// Columns of Twitter collectors' CSVs, which other readers own.
fn is_twitter_collector_column(normalised: &str) -> bool {
    normalised == "authorid"
        || normalised == "tweetid"
        || normalised == "accountaddress"
        || normalised.starts_with("referencedtweets")
}

/// The guess for one header row.
struct HeaderGuess {
    roles: Vec<ColumnRole>,
    dialect: Dialect,
}

/// Reads a header row; `None` when the row names neither a source and a target nor an id.
fn guess_header(fields: &[String], banner_seen: bool) -> Option<HeaderGuess> {
    let normalised: Vec<String> = fields.iter().map(|f| normalise(f)).collect();
    let find = |candidates: &[&str]| {
        candidates
            .iter()
            .find_map(|name| normalised.iter().position(|n| n == name))
    };
    if !banner_seen && scores::is_scores_header(fields) {
        return Some(HeaderGuess {
            roles: scores::roles(fields),
            dialect: Dialect::Scores,
        });
    }
    let dialect = nodexl_csv::dialect_of(&normalised, banner_seen);
    let roles = if let (Some(source), Some(target)) = (find(names::SOURCE), find(names::TARGET)) {
        edge_roles(&normalised, source, target)
    } else {
        // NodeXL's `ID` is its own row number; its accounts are the `Vertex` column.
        let nodexl_vertex = matches!(dialect, Dialect::Nodexl { .. })
            .then(|| find(&["vertex"]))
            .flatten();
        let id = nodexl_vertex.or_else(|| find(names::ID))?;
        node_roles(fields, &normalised, id, dialect)
    };
    Some(HeaderGuess { roles, dialect })
}

fn edge_roles(normalised: &[String], source: usize, target: usize) -> Vec<ColumnRole> {
    let weight = names::WEIGHT
        .iter()
        .find_map(|name| normalised.iter().position(|n| n == name));
    let is = |n: &str, list: &[&str]| list.contains(&n);
    normalised
        .iter()
        .enumerate()
        .map(|(i, n)| match () {
            _ if i == source => ColumnRole::Source,
            _ if i == target => ColumnRole::Target,
            _ if Some(i) == weight => ColumnRole::Weight,
            _ if is(n, names::KIND) => ColumnRole::Kind,
            _ if is(n, names::DIRECTED) => ColumnRole::Directed,
            _ if is(n, names::TIME) => ColumnRole::Time,
            _ if is(n, names::LABEL) => ColumnRole::Label,
            _ => ColumnRole::Ignore,
        })
        .collect()
}

fn node_roles(fields: &[String], normalised: &[String], id: usize, dialect: Dialect) -> Vec<ColumnRole> {
    let nodexl = matches!(dialect, Dialect::Nodexl { .. });
    let is = |n: &str, list: &[&str]| list.contains(&n);
    normalised
        .iter()
        .enumerate()
        .map(|(i, n)| match () {
            _ if i == id => ColumnRole::Id,
            _ if is(n, names::LABEL) => ColumnRole::Label,
            _ if is(n, names::PLATFORM) => ColumnRole::Platform,
            _ if is(n, names::GEPHI_TIME) => ColumnRole::Ignore,
            _ if nodexl && (nodexl_csv::is_layout_column(n) || n == "id") => ColumnRole::Ignore,
            _ => ColumnRole::Attribute {
                name: attribute_name(fields.get(i).map(String::as_str), i),
            },
        })
        .collect()
}

/// An attribute's name: its header text, or `column N` when it has none.
fn attribute_name(header: Option<&str>, index: usize) -> String {
    match header.map(str::trim) {
        Some(name) if !name.is_empty() => name.to_owned(),
        _ => format!("column {}", index + 1),
    }
}

/// Without a header: source, target and weight by position.
fn positional_roles(width: usize) -> Vec<ColumnRole> {
    let mut roles = vec![ColumnRole::Source, ColumnRole::Target, ColumnRole::Weight];
    roles.resize(width.max(roles.len()), ColumnRole::Ignore);
    roles
}

/// Where the header is and what every column means.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub roles: Vec<ColumnRole>,
    pub dialect: Dialect,
    /// The header's cells, if the table has one.
    pub header: Option<Vec<String>>,
    /// Records skipped before the header or first row.
    pub skipped: u32,
}

impl Layout {
    pub fn shape(&self) -> Option<TableShape> {
        let has = |role: &ColumnRole| self.roles.contains(role);
        if has(&ColumnRole::Source) && has(&ColumnRole::Target) {
            Some(TableShape::Edges)
        } else if has(&ColumnRole::Id) {
            Some(TableShape::Nodes)
        } else {
            None
        }
    }

    pub fn format(&self) -> Format {
        match (self.shape(), self.dialect) {
            (Some(TableShape::Nodes), Dialect::Generic) => Format::NodeTable,
            (_, Dialect::Scores) => Format::ScoresTable,
            (Some(TableShape::Nodes), Dialect::Nodexl { .. }) => Format::NodexlVertices,
            (_, Dialect::Nodexl { .. }) => Format::NodexlEdges,
            (_, Dialect::Generic) => Format::EdgeList,
        }
    }
}

/// What a record offered to the [`LayoutDecider`] turned out to be.
pub(super) enum Step {
    /// A record before the header (a banner, or one of `skip_rows`).
    Skipped,
    /// The record may be a header of names the reader does not know, or an adjacency
    /// matrix's column names: the next record tells (it is held by the decider).
    Held,
    /// The layout is known; the record was the header (or else a data row). `held` is a
    /// record held before that turned out to be data: it is read first.
    Decided {
        layout: Layout,
        was_header: bool,
        held: Option<Vec<String>>,
    },
    /// The held record named a matrix's columns (`;A;B;C` above `A;0;1;0`); this record is
    /// its first row.
    Matrix { columns: Vec<String> },
}

/// Decides the layout from the first records, one at a time (shared by the reader and the preview).
pub(super) struct LayoutDecider {
    skip_rows: Option<u32>,
    has_header: Option<bool>,
    columns: Option<Vec<ColumnRole>>,
    seen: u32,
    banner_seen: bool,
    held: Option<Vec<String>>,
}

impl LayoutDecider {
    pub(super) fn new(options: &TableOptions) -> Self {
        LayoutDecider {
            skip_rows: options.skip_rows,
            has_header: options.has_header,
            columns: options.columns.clone(),
            seen: 0,
            banner_seen: false,
            held: None,
        }
    }

    /// No explicit mapping: a matrix may be read as one.
    fn matrix_allowed(&self) -> bool {
        self.columns.is_none() && self.skip_rows.is_none() && self.has_header.is_none()
    }

    pub(super) fn offer(&mut self, fields: &[String]) -> Step {
        self.seen += 1;
        match self.skip_rows {
            Some(skip) if self.seen <= skip => return Step::Skipped,
            Some(_) => {}
            None => {
                let first = self.seen == 1;
                if first && self.has_header != Some(false) && nodexl_csv::is_banner(fields) {
                    self.banner_seen = true;
                    return Step::Skipped;
                }
            }
        }
        if let Some(held) = self.held.take() {
            return self.decide_held(held, fields);
        }
        let guess = guess_header(fields, self.banner_seen);
        let matrix_header = self.matrix_allowed() && is_matrix_header(fields);
        if guess.is_none() && self.has_header.is_none() && (matrix_header || all_words(fields)) {
            self.held = Some(fields.to_vec());
            return Step::Held;
        }
        self.decide(fields, guess)
    }

    /// The file ended with a record still held: it was a data row.
    pub(super) fn finish(&mut self) -> Option<Step> {
        let held = self.held.take()?;
        match self.decide(&held, None) {
            Step::Decided { layout, .. } => Some(Step::Decided {
                layout,
                was_header: false,
                held: Some(held),
            }),
            other => Some(other),
        }
    }

    /// What the held record was, now that the next one (`fields`) is here: a matrix's
    /// column names, a header above rows of numbers, or else a data row itself.
    fn decide_held(&mut self, held: Vec<String>, fields: &[String]) -> Step {
        if self.matrix_allowed() && is_matrix_header(&held) && is_matrix_row(fields, held.len()) {
            return Step::Matrix {
                columns: held[1..].iter().map(|c| c.trim().to_owned()).collect(),
            };
        }
        if all_words(&held) && fields.len() >= 2 && fields[..2].iter().all(|c| is_number(c)) {
            // `nd nw` above `0 1`: a first row of words above rows of numbers is a header.
            let roles = match &self.columns {
                Some(columns) => name_attributes(columns, Some(&held)),
                None => positional_roles(held.len().max(fields.len())),
            };
            let layout = Layout {
                roles,
                dialect: Dialect::Generic,
                header: Some(held),
                skipped: self.seen - 2,
            };
            return Step::Decided {
                layout,
                was_header: false,
                held: None,
            };
        }
        match self.decide(&held, None) {
            Step::Decided { layout, .. } => Step::Decided {
                layout: Layout {
                    skipped: self.seen - 2,
                    ..layout
                },
                was_header: false,
                held: Some(held),
            },
            other => other,
        }
    }

    fn decide(&mut self, fields: &[String], guess: Option<HeaderGuess>) -> Step {
        let was_header = self.has_header.unwrap_or(guess.is_some());
        let dialect = match &guess {
            Some(guess) => guess.dialect,
            None if self.banner_seen => Dialect::Nodexl { twitter: false },
            None => Dialect::Generic,
        };
        let header = was_header.then(|| fields.to_vec());
        let roles = match (&self.columns, guess) {
            (Some(columns), _) => name_attributes(columns, header.as_deref()),
            (None, Some(guess)) if was_header => guess.roles,
            (None, _) => positional_roles(fields.len()),
        };
        Step::Decided {
            layout: Layout {
                roles,
                dialect,
                header,
                skipped: self.seen - 1,
            },
            was_header,
            held: None,
        }
    }
}

/// A number as a table cell holds it (a decimal comma allowed).
fn is_number(cell: &str) -> bool {
    let cell = cell.trim();
    !cell.is_empty() && (cell.parse::<f64>().is_ok() || cell.replace(',', ".").parse::<f64>().is_ok())
}

/// Two cells or more, each a word (not empty, not a number): a header or a row of names.
fn all_words(fields: &[String]) -> bool {
    fields.len() >= 2 && fields.iter().all(|c| !c.trim().is_empty() && !is_number(c))
}

/// An empty corner cell above the row names, then column names: `;A;B;C` (Gephi's
/// adjacency matrix CSV, pandas' `to_csv` of an adjacency frame).
fn is_matrix_header(fields: &[String]) -> bool {
    fields.len() >= 2 && fields[0].trim().is_empty() && fields[1..].iter().all(|c| !c.trim().is_empty())
}

/// A matrix row under a header `width` cells wide: a name, then numbers (or empty cells).
fn is_matrix_row(fields: &[String], width: usize) -> bool {
    fields.len() == width
        && !fields[0].trim().is_empty()
        && fields[1..].iter().all(|c| c.trim().is_empty() || is_number(c))
}

/// Explicit roles, with unnamed attributes named after their header cell.
fn name_attributes(columns: &[ColumnRole], header: Option<&[String]>) -> Vec<ColumnRole> {
    columns
        .iter()
        .enumerate()
        .map(|(i, role)| match role {
            ColumnRole::Attribute { name } if name.trim().is_empty() => ColumnRole::Attribute {
                name: attribute_name(header.and_then(|h| h.get(i)).map(String::as_str), i),
            },
            other => other.clone(),
        })
        .collect()
}

/// The delimiter to use: the option's when it is one ASCII character, else sniffed.
pub(super) fn choose_delimiter(head: &[u8], options: &TableOptions) -> u8 {
    match options.delimiter {
        Some(delimiter) if delimiter.is_ascii() => delimiter as u8,
        _ => sniff_delimiter(head),
    }
}

/// The table reader: delimited records read as the decided shape's rows.
pub type TableReader = Delimited<TableRows>;

/// Turns records into rows of the decided shape.
pub struct TableRows {
    decider: LayoutDecider,
    body: Option<Body>,
    undirected: bool,
    decimal_comma: bool,
    delimiter_warning: Option<String>,
    /// Line of the record the decider holds.
    held_line: u64,
}

enum Body {
    Edges(EdgeRows),
    Nodes(NodeRows),
    /// An adjacency matrix (see [`matrix`](crate::ingest::tables::matrix)).
    Matrix(MatrixRows),
    /// The mapping names neither source and target nor id: the rows mean nothing.
    Unmapped,
}

/// A reader for a file whose first bytes are `head`, read as `options` say.
pub fn table_reader(head: &[u8], options: TableOptions) -> TableReader {
    let delimiter = choose_delimiter(head, &options);
    let delimiter_warning = options
        .delimiter
        .filter(|d| !d.is_ascii())
        .map(|d| format!("the delimiter '{d}' is not an ASCII character; the file's own was used"));
    let rows = TableRows {
        decider: LayoutDecider::new(&options),
        body: None,
        undirected: options.undirected,
        // Locales that separate with `;` write decimals with `,`.
        decimal_comma: delimiter == b';',
        delimiter_warning,
        held_line: 0,
    };
    Delimited::new(RecordReader::skipping_leading_comments(delimiter), rows)
}

impl Rows for TableRows {
    const ROW: &'static str = "an edge or an account";

    fn record(&mut self, record: &Record, sink: &mut Sink) {
        self.on_record(record, sink);
    }

    /// Edge rows whose ids name the same account throughout the file are read in parts;
    /// node rows (joined at the end in order), matrices (a row's meaning depends on the
    /// header) and NodeXL's Twitter handles (joined to ids as the file goes) are not.
    fn parting(&self) -> Parting {
        match self.body.as_ref() {
            None => Parting::Undecided,
            Some(Body::Edges(edges)) if edges.can_part() => Parting::Ready,
            Some(_) => Parting::Never,
        }
    }

    fn part(&self) -> Option<Self> {
        let Some(Body::Edges(edges)) = self.body.as_ref() else {
            return None;
        };
        Some(TableRows {
            decider: LayoutDecider::new(&TableOptions::default()),
            body: Some(Body::Edges(edges.part())),
            undirected: self.undirected,
            decimal_comma: self.decimal_comma,
            delimiter_warning: None,
            held_line: 0,
        })
    }

    fn absorb_part(&mut self, part: Self, repeated: &mut Vec<u64>) {
        if let (Some(Body::Edges(edges)), Some(Body::Edges(theirs))) = (self.body.as_mut(), part.body) {
            edges.absorb_part(theirs, repeated);
        }
    }

    fn finish(&mut self, records: &RecordReader, sink: &mut Sink) {
        self.end(sink);
        match self.body.as_mut() {
            Some(Body::Edges(edges)) => edges.finish(sink),
            Some(Body::Nodes(_) | Body::Matrix(_) | Body::Unmapped) => {}
            None => sink.warn(
                None,
                "the file has no rows; expected `source,target[,weight]` rows or a node table with an id column",
            ),
        }
        let comments = records.comment_lines();
        if comments > 0 {
            sink.note(format!(
                "the {comments} line(s) starting with `#` or `%` above the first row were read as comments"
            ));
        }
    }
}

impl TableRows {
    fn on_record(&mut self, record: &Record, sink: &mut Sink) {
        if self.body.is_none() {
            if let Some(message) = self.delimiter_warning.take() {
                sink.warn(None, message);
            }
            let step = self.decider.offer(record.fields());
            if matches!(step, Step::Held) {
                self.held_line = record.line;
                return;
            }
            if !self.start(step, sink) {
                return;
            }
        }
        self.read_row(record.fields(), record.line, sink);
    }

    /// Starts the body the decider's step says; reads a held record that was data. Returns
    /// whether the current record is data.
    fn start(&mut self, step: Step, sink: &mut Sink) -> bool {
        match step {
            Step::Skipped | Step::Held => false,
            Step::Matrix { columns } => {
                sink.set_format(Format::AdjacencyMatrix);
                self.body = Some(Body::Matrix(MatrixRows::new(columns, self.decimal_comma)));
                true
            }
            Step::Decided {
                layout,
                was_header,
                held,
            } => {
                sink.set_format(layout.format());
                self.body = Some(self.start_body(&layout, sink));
                if let Some(held) = held {
                    self.read_row(&held, self.held_line, sink);
                }
                !was_header
            }
        }
    }

    /// The file ended: a record still held is a data row.
    fn end(&mut self, sink: &mut Sink) {
        if self.body.is_none() {
            if let Some(step) = self.decider.finish() {
                self.start(step, sink);
            }
        }
    }

    /// One data row.
    fn read_row(&mut self, fields: &[String], line: u64, sink: &mut Sink) {
        let record = Record::new(line, fields);
        let result = match self.body.as_mut() {
            Some(Body::Edges(rows)) => {
                sink.record();
                rows.read(record.fields(), record.line, sink)
            }
            Some(Body::Nodes(rows)) => {
                sink.record();
                rows.read(record.fields(), record.line, sink)
                    .map(|row| sink.add_node_row(row))
            }
            Some(Body::Matrix(rows)) => {
                sink.record();
                rows.read(record.fields(), record.line, sink)
            }
            Some(Body::Unmapped) | None => Ok(()),
        };
        if let Err(reason) = result {
            sink.skip(Some(record.line), reason);
        }
    }

    fn start_body(&self, layout: &Layout, sink: &mut Sink) -> Body {
        match layout.shape() {
            Some(TableShape::Edges) => Body::Edges(EdgeRows::new(
                &layout.roles,
                layout.dialect,
                self.undirected,
                self.decimal_comma,
            )),
            Some(TableShape::Nodes) => Body::Nodes(NodeRows::new(&layout.roles, layout.dialect)),
            None => {
                sink.warn(
                    None,
                    "the column mapping names neither a source and a target nor an id column; \
                     nothing was read from this file",
                );
                Body::Unmapped
            }
        }
    }
}

/// Decides whether the first bytes of a text file are a table this module reads, and which.
pub fn detect(head: &[u8], whole_file: bool) -> Format {
    if looks_like_prose(head) {
        // A README beside the data (networkx's example ZIPs) is not an edge list.
        return Format::Unknown;
    }
    let first = leading_records(head, sniff_delimiter(head), 3, whole_file);
    let Some(header) = first.first() else {
        return Format::EdgeList;
    };
    if header
        .iter()
        .any(|name| is_twitter_collector_column(&normalise(name)))
    {
        return Format::Unknown;
    }
    let mut decider = LayoutDecider::new(&TableOptions::default());
    let steps = first
        .iter()
        .map(|fields| decider.offer(fields))
        .collect::<Vec<_>>();
    for step in steps.into_iter().chain(decider.finish()) {
        match step {
            Step::Matrix { .. } => return Format::AdjacencyMatrix,
            Step::Decided {
                layout, was_header, ..
            } => {
                let single_column = first.iter().all(|fields| fields.len() < 2);
                if !was_header && single_column {
                    // A list of names is no edge list (Mastodon's one-column exports are another reader's).
                    return Format::Unknown;
                }
                return layout.format();
            }
            Step::Skipped | Step::Held => {}
        }
    }
    Format::EdgeList
}

/// The first `count` complete records of `head` (and the last, cut one only when `head` is the whole file).
pub(super) fn leading_records(
    head: &[u8],
    delimiter: u8,
    count: usize,
    whole_file: bool,
) -> Vec<Vec<String>> {
    let mut reader = RecordReader::skipping_leading_comments(delimiter);
    let mut records = Vec::new();
    let mut collect = |event: Event| {
        if let Event::Record(record) = event {
            if records.len() < count {
                records.push(record.fields().to_vec());
            }
        }
    };
    reader.feed(head, &mut collect);
    if whole_file {
        reader.finish(&mut collect);
    }
    records
}

/// Whether the first lines read as sentences (a README, notes) rather than as rows: most
/// have six words or more, and they do not split into a steady number of cells (a table
/// with a long text column does). One line alone is prose when it ends a sentence.
/// Comment lines at the top (`#`, `%`) are passed over.
pub(crate) fn looks_like_prose(head: &[u8]) -> bool {
    let delimiter = sniff_delimiter(head);
    let lines: Vec<&[u8]> = head
        .split(|&b| b == b'\n')
        .map(<[u8]>::trim_ascii)
        .skip_while(|line| line.is_empty() || matches!(line[0], b'#' | b'%'))
        .filter(|line| !line.is_empty())
        .take(10)
        .collect();
    let words = |line: &[u8]| {
        line.split(u8::is_ascii_whitespace)
            .filter(|w| !w.is_empty())
            .count()
    };
    let cells: Vec<usize> = lines
        .iter()
        .map(|line| match delimiter {
            b' ' => words(line),
            _ => count_unquoted(line, delimiter) + 1,
        })
        .collect();
    let wordy = lines.iter().filter(|line| words(line) >= 6).count();
    if lines.is_empty() || wordy * 2 < lines.len() {
        return false;
    }
    match lines.len() {
        1 => lines[0].ends_with(b".") || lines[0].ends_with(b"!") || lines[0].ends_with(b"?"),
        _ => cells.windows(2).any(|w| w[0] != w[1]) || cells[0] == 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter(b"a,b,1\nc,d,2\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b;1,5\nc;d;2\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\nc\td\n"), b'\t');
        assert_eq!(sniff_delimiter(b"1 2\n3 4\n"), b' ');
        assert_eq!(sniff_delimiter(b"\"Smith, J\";x\n\"Doe, A\";y\n"), b';');
    }

    #[test]
    fn edge_headers_are_recognised_in_any_case() {
        let guess = guess_header(
            &strings(&["Id", "SOURCE", "Target", "Type", "Weight", "timeset"]),
            false,
        )
        .unwrap();
        use ColumnRole::*;
        assert_eq!(guess.roles, vec![Ignore, Source, Target, Kind, Weight, Time]);
        assert_eq!(guess.dialect, Dialect::Generic);
        assert!(guess_header(&strings(&["a", "b", "1"]), false).is_none());
    }

    #[test]
    fn node_headers_keep_every_other_column_as_an_attribute() {
        let header = strings(&["Id", "Label", "timeset", "Modularity Class", "", "Platform"]);
        let guess = guess_header(&header, false).unwrap();
        use ColumnRole::*;
        let attribute = |name: &str| Attribute { name: name.into() };
        assert_eq!(
            guess.roles,
            vec![
                Id,
                Label,
                Ignore,
                attribute("Modularity Class"),
                attribute("column 5"),
                Platform
            ]
        );
    }

    #[test]
    fn the_id_column_is_chosen_by_name_priority() {
        let guess = guess_header(&strings(&["username", "name", "id"]), false).unwrap();
        use ColumnRole::*;
        let attribute = |name: &str| Attribute { name: name.into() };
        assert_eq!(guess.roles, vec![attribute("username"), Label, Id]);
    }

    #[test]
    fn twitter_collector_tables_are_left_to_their_readers() {
        let twarc = b"id,conversation_id,referenced_tweets.replied_to.id,author_id\n1,1,,2\n";
        assert_eq!(detect(twarc, true), Format::Unknown);
        assert_eq!(
            detect(b"tweet_id,in_reply_to_status_id\n1,2\n", true),
            Format::Unknown
        );
        assert_eq!(
            detect(b"Account address,Show boosts\na@b.c,true\n", true),
            Format::Unknown
        );
        assert_eq!(
            detect(b"alice@example.social\nbob@example.social\n", true),
            Format::Unknown
        );
        assert_eq!(detect(b"id,label\n1,a\n", true), Format::NodeTable);
        assert_eq!(detect(b"a,b\n", true), Format::EdgeList);
    }

    #[test]
    fn prose_is_not_a_table_but_long_cells_in_steady_rows_are() {
        let readme = b"The file holds the network of games played between the\nclubs of a league during one season, as compiled\nfor the tests. Nodes are clubs; an edge joins two clubs\n";
        assert!(looks_like_prose(readme));
        assert_eq!(detect(readme, true), Format::Unknown);
        let bios = b"id,bio\n1,\"Writes about the sea and the ships that sail it\"\n2,\"Reads the news of the day and shares some of it\"\n";
        assert!(!looks_like_prose(bios));
        assert!(!looks_like_prose(
            b"Ministry of Foreign Affairs,Embassy of the French Republic\n"
        ));
        assert!(looks_like_prose(
            b"Please cite the paper of the authors if you use this.\n"
        ));
        assert!(!looks_like_prose(
            b"# a comment line with many words in it\n1 2\n2 3\n"
        ));
    }
}
