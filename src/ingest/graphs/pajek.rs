//! Pajek `.net` networks.
//!
//! Line-based and streaming: memory holds the vertex labels and the network, not the file.
//! Keywords are case-insensitive; `%` lines are comments; text before the first `*` line
//! is a free-form preamble and is ignored; a UTF-8 BOM and CRLF line ends are accepted;
//! a file that is not UTF-8 is read as Windows-1252 (old Windows exports), with a warning.
//!
//! * `*Vertices N` declares vertices `1..=N`; `*Vertices N N1` a two-mode network whose
//!   first `N1` vertices are one mode (kept as attribute `mode` = `1` or `2`). A vertex line
//!   is `number ["label"] [x y [z]] [shape] [parameters...]`; only number and label are read.
//! * **Account ids.** A vertex's account id is its label when it has one: that is what users
//!   recognise, and what merges with the same account in other files. A vertex without a
//!   label line (or with an empty label) is known by its number. When several vertices
//!   share a label, each of them is known by its number instead (with one warning), so
//!   that distinct vertices stay distinct; the label is still shown.
//! * `*Arcs` lines `i j [weight] [parameters...]` are interactions `i → j`; `*Edges` lines
//!   are undirected and added both ways (see [`crate::ingest::graphs`]). A missing weight (or a
//!   display parameter in its place) means 1; weights may be negative or real.
//!   `*Arcslist` lines `i j k ...` mean `i → j`, `i → k`...; `*Edgeslist` the same both ways.
//!   `*Matrix` rows give a weight per column, zero meaning no tie: arcs for a one-mode
//!   network, and undirected ties between the two modes for a two-mode one.
//!   `*Arcs :2 "retweet"` (a multi-relational network): a relation name that names a kind
//!   sets the kind of its ties; otherwise every tie is a `link`.
//! * Parallel lines (the classic karate file lists `9 33` twice) are two interactions.
//! * Bad lines (vertex numbers that are not numbers or lie outside `1..=N`, a non-finite
//!   weight) are skipped with a warning naming the line. Other sections (`*Partition`,
//!   `*Vector`...) are skipped with one warning each.
//!
//! Complexity: linear in the file; memory proportional to the vertices.

use std::collections::HashMap;

use crate::ingest::framing::text::decode_field;
use crate::ingest::graphs::{self as graph, Edge};
use crate::ingest::{FormatReader, Sink};
use crate::network::{AccountIdx, Kind, Platform};

/// Vertices declared by `*Vertices N` are created up front up to this many per file (over
/// all its `*Vertices` sections); a larger (probably wrong, or hostile: a 20-byte line
/// would otherwise make gigabytes of accounts) count creates only the vertices the file names.
const MAX_DECLARED_VERTICES: u64 = 1_000_000;

/// Declared vertices that no line lists are isolated until a tie names them; at most this
/// many such vertices are created per section (so small files keep networkx's vertex set
/// exactly). A 20-byte `*Vertices 519025` with nothing after it must not make half a
/// million accounts (found by the fuzzer); vertices that lines list are always created.
const MAX_UNLISTED_VERTICES: u64 = 100_000;

/// Longest line kept while waiting for its end.
const MAX_LINE_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Preamble,
    Vertices,
    Arcs,
    Edges,
    Arcslist,
    Edgeslist,
    Matrix,
    Other,
}

pub struct PajekReader {
    pending: Vec<u8>,
    line: u64,
    section: Section,
    kind: Kind,
    /// `N` and `N1` of the last `*Vertices`.
    vertex_count: Option<u64>,
    first_mode: Option<u64>,
    /// Labels by vertex number − 1, with the line that gave them.
    labels: Vec<Option<(String, u64)>>,
    /// Whether a line listed the vertex, by vertex number − 1.
    listed: Vec<bool>,
    /// Accounts by vertex number − 1, once the vertices section is over (`None`: a vertex
    /// neither declared by an accepted count nor listed, created only if a tie names it).
    accounts: Vec<Option<AccountIdx>>,
    resolved: bool,
    /// Vertices created up front so far, over every `*Vertices` section.
    created_up_front: u64,
    matrix_row: u64,
    warned_encoding: bool,
    warned_sections: Vec<String>,
    skipping_long_line: bool,
}

impl Default for PajekReader {
    fn default() -> Self {
        Self::new()
    }
}

impl PajekReader {
    pub fn new() -> Self {
        PajekReader {
            pending: Vec::new(),
            line: 0,
            section: Section::Preamble,
            kind: Kind::Link,
            vertex_count: None,
            first_mode: None,
            labels: Vec::new(),
            listed: Vec::new(),
            accounts: Vec::new(),
            resolved: true,
            created_up_front: 0,
            matrix_row: 0,
            warned_encoding: false,
            warned_sections: Vec::new(),
            skipping_long_line: false,
        }
    }

    fn on_line(&mut self, bytes: &[u8], sink: &mut Sink) {
        self.line += 1;
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let (text, fell_back) = decode_field(bytes);
        if fell_back && !self.warned_encoding {
            self.warned_encoding = true;
            sink.warn(
                Some(self.line),
                "the file is not UTF-8; read as Windows-1252 (re-save it as UTF-8 if labels look wrong)",
            );
        }
        let line = text.trim();
        if line.is_empty() || line.starts_with('%') {
            return;
        }
        if let Some(header) = line.strip_prefix('*') {
            self.on_header(header, sink);
            return;
        }
        match self.section {
            Section::Preamble | Section::Other => {}
            Section::Vertices => self.on_vertex(line, sink),
            Section::Arcs | Section::Edges => self.on_tie(line, sink),
            Section::Arcslist | Section::Edgeslist => self.on_list(line, sink),
            Section::Matrix => self.on_matrix_row(line, sink),
        }
    }

    fn on_header(&mut self, header: &str, sink: &mut Sink) {
        let tokens = tokens(header);
        let keyword = tokens.first().map(|t| t.to_ascii_lowercase()).unwrap_or_default();
        if keyword != "vertices" {
            self.resolve_vertices(sink);
        }
        self.kind = relation_kind(&tokens);
        self.section = match keyword.as_str() {
            "vertices" => {
                self.start_vertices(&tokens, sink);
                Section::Vertices
            }
            "arcs" => Section::Arcs,
            "edges" => Section::Edges,
            "arcslist" => Section::Arcslist,
            "edgeslist" => Section::Edgeslist,
            "matrix" => {
                self.matrix_row = 0;
                Section::Matrix
            }
            "network" => Section::Preamble,
            _ => {
                if !self.warned_sections.contains(&keyword) {
                    let written = tokens.first().map(String::as_str).unwrap_or_default();
                    sink.warn(
                        Some(self.line),
                        format!("the *{written} section is not a network section; it was skipped"),
                    );
                    self.warned_sections.push(keyword);
                }
                Section::Other
            }
        };
    }

    fn start_vertices(&mut self, tokens: &[String], sink: &mut Sink) {
        self.resolve_vertices(sink);
        let count = tokens.get(1).and_then(|t| t.parse::<u64>().ok());
        if count.is_none() {
            sink.warn(
                Some(self.line),
                "*Vertices without a vertex count; expected `*Vertices N`",
            );
        }
        self.vertex_count = count;
        self.first_mode = tokens.get(2).and_then(|t| t.parse::<u64>().ok());
        self.labels.clear();
        self.listed.clear();
        self.accounts.clear();
        self.resolved = false;
    }

    fn on_vertex(&mut self, line: &str, sink: &mut Sink) {
        sink.record();
        let fields = tokens(line);
        let Some(number) = self.vertex_number(fields.first().map(String::as_str), sink) else {
            return;
        };
        let label = fields.get(1).filter(|label| !label.is_empty()).cloned();
        let index = (number - 1) as usize;
        if index as u64 >= MAX_DECLARED_VERTICES {
            return; // a huge declared count: only vertices named by ties are created
        }
        if self.labels.len() <= index {
            self.labels.resize(index + 1, None);
            self.listed.resize(index + 1, false);
        }
        self.labels[index] = label.map(|label| (label, self.line));
        self.listed[index] = true;
    }

    /// A vertex number in `1..=N` (any positive number when no `*Vertices` was given).
    fn vertex_number(&self, token: Option<&str>, sink: &mut Sink) -> Option<u64> {
        let parsed = token.and_then(|t| t.parse::<u64>().ok()).filter(|&n| n >= 1);
        let Some(number) = parsed else {
            sink.skip(
                Some(self.line),
                format!(
                    "'{}' is not a vertex number; expected a number from 1",
                    token.unwrap_or("")
                ),
            );
            return None;
        };
        match self.vertex_count {
            Some(count) if number > count => {
                sink.skip(
                    Some(self.line),
                    format!("vertex {number} is outside 1..={count} declared by *Vertices"),
                );
                None
            }
            None if number > MAX_DECLARED_VERTICES => {
                sink.skip(
                    Some(self.line),
                    format!("vertex {number} is beyond {MAX_DECLARED_VERTICES}; expected *Vertices N first"),
                );
                None
            }
            _ => Some(number),
        }
    }

    /// Creates the vertices' accounts once their labels are all known.
    fn resolve_vertices(&mut self, sink: &mut Sink) {
        if self.resolved {
            return;
        }
        self.resolved = true;
        let declared = self.vertex_count.unwrap_or(0);
        // Vertices no line lists exist only under an accepted `*Vertices N`: without a count,
        // or past the limit, a line naming vertex 191531 must not make 191,531 accounts.
        let mut create_unlisted = self.vertex_count.is_some();
        let created = if declared > MAX_DECLARED_VERTICES - self.created_up_front.min(MAX_DECLARED_VERTICES) {
            sink.warn(
                None,
                format!(
                    "*Vertices declares {declared} vertices; only the vertices the file names were created"
                ),
            );
            create_unlisted = false;
            self.labels.len() as u64
        } else {
            declared.max(self.labels.len() as u64)
        };
        let listed = self.listed.iter().filter(|&&listed| listed).count() as u64;
        if create_unlisted && created - listed.min(created) > MAX_UNLISTED_VERTICES {
            sink.warn(
                None,
                format!(
                    "*Vertices declares {declared} vertices but lists {listed}: only those and the \
                     vertices ties name were created (isolated vertices are left out)"
                ),
            );
            create_unlisted = false;
        }
        self.created_up_front += created;
        let mut uses: HashMap<&str, u32> = HashMap::new();
        for (label, _) in self.labels.iter().flatten() {
            *uses.entry(label.as_str()).or_insert(0) += 1;
        }
        let duplicated = self
            .labels
            .iter()
            .flatten()
            .find(|(label, _)| uses[label.as_str()] > 1);
        if let Some((label, line)) = duplicated {
            let count = uses.values().filter(|&&n| n > 1).count();
            sink.warn(
                Some(*line),
                format!(
                    "{count} vertex label(s) are shared by several vertices (first: '{label}'); \
                     those vertices are known by their numbers"
                ),
            );
        }
        let mut accounts = Vec::with_capacity(created as usize);
        for number in 1..=created {
            let is_listed = self.listed.get((number - 1) as usize).copied().unwrap_or(false);
            if !create_unlisted && !is_listed {
                accounts.push(None);
                continue;
            }
            let label = self.labels.get((number - 1) as usize).cloned().flatten();
            let unique = label.as_ref().filter(|(label, _)| uses[label.as_str()] == 1);
            let id = match unique {
                Some((label, _)) => label.clone(),
                None => number.to_string(),
            };
            let idx = sink.network.account(Platform::Generic, &id);
            let account = sink.network.account_mut(idx);
            if let Some((label, _)) = label {
                account.label = Some(label);
            }
            if let Some(first) = self.first_mode {
                let mode = if number <= first { "1" } else { "2" };
                account.attributes.insert("mode".to_owned(), mode.to_owned());
            }
            accounts.push(Some(idx));
        }
        self.accounts = accounts;
        self.labels = Vec::new();
        self.listed = Vec::new();
    }

    /// The account of a vertex number (vertices not declared are known by their number).
    fn vertex(&mut self, number: u64, sink: &mut Sink) -> AccountIdx {
        match self.accounts.get((number - 1) as usize).copied().flatten() {
            Some(idx) => idx,
            None => graph::account(sink, &number.to_string()),
        }
    }

    fn on_tie(&mut self, line: &str, sink: &mut Sink) {
        sink.record();
        let fields = tokens(line);
        if fields.len() < 2 {
            sink.skip(
                Some(self.line),
                format!("expected `from to [weight]`, found '{line}'"),
            );
            return;
        }
        let Some(from) = self.vertex_number(fields.first().map(String::as_str), sink) else {
            return;
        };
        let Some(to) = self.vertex_number(fields.get(1).map(String::as_str), sink) else {
            return;
        };
        let weight = match fields.get(2).map(|t| t.parse::<f64>()) {
            Some(Ok(weight)) if !weight.is_finite() => {
                sink.skip(
                    Some(self.line),
                    format!(
                        "weight '{}' is not a finite number; the tie was skipped",
                        fields[2]
                    ),
                );
                return;
            }
            Some(Ok(weight)) => weight,
            // A display parameter (`c Blue`) where the weight would be: no weight given.
            _ => 1.0,
        };
        let undirected = self.section == Section::Edges;
        self.add(from, to, weight, undirected, sink);
    }

    fn on_list(&mut self, line: &str, sink: &mut Sink) {
        sink.record();
        let fields = tokens(line);
        let mut numbers = Vec::with_capacity(fields.len());
        for field in &fields {
            match self.vertex_number(Some(field), sink) {
                Some(number) => numbers.push(number),
                None => return,
            }
        }
        let undirected = self.section == Section::Edgeslist;
        if let Some((&from, targets)) = numbers.split_first() {
            for &to in targets {
                self.add(from, to, 1.0, undirected, sink);
            }
        }
    }

    fn on_matrix_row(&mut self, line: &str, sink: &mut Sink) {
        sink.record();
        self.matrix_row += 1;
        let row = self.matrix_row;
        let count = self.vertex_count.unwrap_or(0);
        let (rows, columns, offset) = match self.first_mode {
            Some(first) => (first, count.saturating_sub(first), first),
            None => (count, count, 0),
        };
        let values: Vec<&str> = line.split_whitespace().collect();
        if row > rows || values.len() as u64 != columns {
            sink.skip(
                Some(self.line),
                format!(
                    "matrix row {row} has {} values; expected {rows} rows of {columns} values",
                    values.len()
                ),
            );
            return;
        }
        for (column, text) in values.iter().enumerate() {
            let weight = match text.parse::<f64>() {
                Ok(weight) if weight.is_finite() => weight,
                _ => {
                    sink.skip(
                        Some(self.line),
                        format!("matrix value '{text}' is not a finite number; the row was skipped"),
                    );
                    return;
                }
            };
            if weight != 0.0 {
                let to = offset + column as u64 + 1;
                let two_mode = self.first_mode.is_some();
                self.add(row, to, weight, two_mode, sink);
            }
        }
    }

    fn add(&mut self, from: u64, to: u64, weight: f64, undirected: bool, sink: &mut Sink) {
        let source = self.vertex(from, sink);
        let target = self.vertex(to, sink);
        let edge = Edge {
            kind: self.kind,
            weight,
            time: None,
            undirected,
        };
        graph::add_edge(sink, source, target, edge);
    }
}

impl FormatReader for PajekReader {
    fn feed(&mut self, chunk: &[u8], sink: &mut Sink) {
        let mut rest = chunk;
        while let Some(end) = memchr::memchr(b'\n', rest) {
            if self.skipping_long_line {
                self.skipping_long_line = false;
                self.line += 1;
            } else if self.pending.is_empty() {
                self.on_line(&rest[..end], sink);
            } else {
                let mut line = std::mem::take(&mut self.pending);
                line.extend_from_slice(&rest[..end]);
                self.on_line(&line, sink);
            }
            rest = &rest[end + 1..];
        }
        if self.skipping_long_line {
            return;
        }
        self.pending.extend_from_slice(rest);
        if self.pending.len() > MAX_LINE_BYTES {
            self.pending = Vec::new();
            self.skipping_long_line = true;
            sink.record();
            sink.skip(
                Some(self.line + 1),
                "the line is too long to be a Pajek line; skipped",
            );
        }
    }

    fn finish(&mut self, sink: &mut Sink) {
        if !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            self.on_line(&line, sink);
        }
        self.resolve_vertices(sink);
    }
}

/// Splits a line on whitespace, keeping `"quoted text"` (quotes removed) as one token.
fn tokens(line: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            tokens.push(chars.by_ref().take_while(|&c| c != '"').collect());
        } else {
            let mut token = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                token.push(c);
                chars.next();
            }
            tokens.push(token);
        }
    }
    tokens
}

/// `*Arcs :2 "retweet"`: the kind a relation's name gives its ties.
fn relation_kind(tokens: &[String]) -> Kind {
    let named = tokens.iter().skip(1).skip_while(|t| t.starts_with(':'));
    graph::kind_of(named.map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ingest_files;

    #[test]
    fn tokens_keep_quoted_labels() {
        assert_eq!(
            tokens(r#"1 "ngo f" 0.1 ic Red"#),
            ["1", "ngo f", "0.1", "ic", "Red"]
        );
        assert_eq!(tokens(r#"2 "" x"#), ["2", "", "x"]);
        assert_eq!(relation_kind(&tokens(r#"Arcs :2 "retweet""#)), Kind::Repost);
        assert_eq!(relation_kind(&tokens("Arcs")), Kind::Link);
    }

    #[test]
    fn labels_are_ids_unless_shared_and_unlabelled_vertices_keep_their_number() {
        let file =
            "*Vertices 4\n1 \"emb b\"\n2 \"dup\"\n3 \"dup\"\n*Arcs\n1 2 3\n3 4\n*Edges\n1 4 2 c Blue\n";
        let loaded = ingest_files([("t.net", file.as_bytes())]);
        let ids: Vec<&str> = loaded.network.accounts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["emb b", "2", "3", "4"]);
        assert_eq!(loaded.network.accounts[2].label.as_deref(), Some("dup"));
        assert_eq!(loaded.network.interactions.weight, [3.0, 1.0, 2.0, 2.0]);
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].message.contains("'dup'"));
        assert_eq!(loaded.warnings[0].line, Some(3));
    }

    #[test]
    fn without_a_count_only_listed_or_tied_vertices_exist() {
        // Found by the fuzzer: one line naming vertex 191531 made 191,531 accounts.
        let file = "*Vertices\n191531 \"far\"\n3 \"near\"\n*Arcs\n3 191531\n3 7\n";
        let loaded = ingest_files([("t.net", file.as_bytes())]);
        let ids: Vec<&str> = loaded.network.accounts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["near", "far", "7"]);
        assert_eq!(loaded.network.interactions.len(), 2);
    }

    #[test]
    fn a_large_count_with_few_vertex_lines_creates_the_listed_and_tied_vertices() {
        // Found by the fuzzer: `*Vertices 519025` made half a million isolated accounts.
        let file = "*Vertices 519025\n1 \"alice\"\n2 \"bob\"\n*Arcs\n1 2\n2 400000\n";
        let loaded = ingest_files([("t.net", file.as_bytes())]);
        let ids: Vec<&str> = loaded.network.accounts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["alice", "bob", "400000"]);
        assert!(loaded.warnings.iter().any(|w| w.message.contains("lists 2")));
        // Under the limit every declared vertex exists, listed or not, as networkx reads them.
        let small = ingest_files([("s.net", "*Vertices 5\n1 \"alice\"\n*Arcs\n1 2\n".as_bytes())]);
        assert_eq!(small.network.accounts.len(), 5);
    }
}
