//! GDF, the GUESS graph format that Gephi, Netvizz, DMI-TCAT and 4CAT write:
//!
//! ```text
//! nodedef>name VARCHAR,label VARCHAR,followers INTEGER
//! 111,emb_b,1200
//! edgedef>node1 VARCHAR,node2 VARCHAR,directed BOOLEAN,weight DOUBLE
//! 111,222,true,3.0
//! ```
//!
//! Each section header declares its columns as `name TYPE [DEFAULT value]` (the type is
//! optional; `VARCHAR(32)` is allowed). Values are separated by commas and may be quoted
//! with `"` or `'`, with `\` escaping the quote; `null` is an empty value, and an empty
//! value takes the column's default.
//!
//! Semantics (as Gephi's importer reads it):
//! * `nodedef>`: the first column is the node's id, whatever its name; `label` is the
//!   label; the layout columns (`x`, `y`, `color`, `width`, `height`, `visible`, `fixed`,
//!   `style`, `labelvisible`) are dropped; every other column is an attribute. Nodes are
//!   accounts of this file ([`Platform::Generic`]), created in declaration order, so a
//!   node without edges is still an account;
//! * `edgedef>`: the first two columns are source and target; an edge is **undirected
//!   unless its `directed` value is true** (GUESS's default; Netvizz's friendship
//!   networks have no `directed` column), and an undirected edge counts both ways.
//!   `weight`, a `type`/`kind`, time columns and a `label` naming a kind are read as in
//!   any edge table (see [`edge_list`](crate::ingest::tables::edge_list)).
//!
//! One record per line (GDF has no multi-line values). Memory: one line at a time; a line
//! longer than [`MAX_RECORD_BYTES`] is skipped with a warning.

use crate::ingest::framing::records::MAX_RECORD_BYTES;
use crate::ingest::framing::text::decode_field;
use crate::ingest::tables::columns::{normalise, ColumnRole, Dialect};
use crate::ingest::tables::edge_list::EdgeRows;
use crate::ingest::tables::node_table::NodeRows;
use crate::ingest::{FormatReader, Sink};
use crate::network::Platform;

pub(crate) const NODE_SECTION: &str = "nodedef>";
pub(crate) const EDGE_SECTION: &str = "edgedef>";

/// Node columns Gephi reads as layout, not data.
const LAYOUT: &[&str] = &[
    "x",
    "y",
    "color",
    "width",
    "height",
    "visible",
    "fixed",
    "style",
    "labelvisible",
];

pub struct GdfReader {
    line: Vec<u8>,
    /// Lines completed so far.
    lines: u64,
    oversized: bool,
    reported_not_utf8: bool,
    section: Section,
}

enum Section {
    /// Before any section header.
    Preamble,
    Nodes(Declared<NodeRows>),
    Edges(Declared<EdgeRows>),
}

/// A section's rows reader with its columns' defaults.
struct Declared<R> {
    rows: R,
    defaults: Vec<Option<String>>,
}

/// Fills empty values with the column defaults; `null` is empty.
fn fill_defaults(defaults: &[Option<String>], fields: &mut Vec<String>) {
    if fields.len() < defaults.len() {
        fields.resize(defaults.len(), String::new());
    }
    for field in fields.iter_mut() {
        if field.trim().eq_ignore_ascii_case("null") {
            field.clear();
        }
    }
    for (field, default) in fields.iter_mut().zip(defaults) {
        if let (true, Some(default)) = (field.trim().is_empty(), default) {
            field.clone_from(default);
        }
    }
}

impl Default for GdfReader {
    fn default() -> Self {
        Self::new()
    }
}

impl GdfReader {
    pub fn new() -> Self {
        GdfReader {
            line: Vec::new(),
            lines: 0,
            oversized: false,
            reported_not_utf8: false,
            section: Section::Preamble,
        }
    }

    fn append(&mut self, bytes: &[u8]) {
        if self.oversized {
            return;
        }
        if self.line.len() + bytes.len() > MAX_RECORD_BYTES {
            self.oversized = true;
            self.line = Vec::new();
        } else {
            self.line.extend_from_slice(bytes);
        }
    }

    fn end_line(&mut self, sink: &mut Sink) {
        self.lines += 1;
        let line = self.lines;
        if std::mem::take(&mut self.oversized) {
            sink.record();
            sink.skip(Some(line), "the line is longer than 16 MB; skipped");
            return;
        }
        let raw = std::mem::take(&mut self.line);
        let raw = raw.strip_suffix(b"\r").unwrap_or(&raw);
        let (text, fell_back) = decode_field(raw);
        if fell_back && !self.reported_not_utf8 {
            self.reported_not_utf8 = true;
            sink.warn(
                Some(line),
                "the file is not UTF-8; read as Windows-1252 (re-save it as UTF-8 if names look wrong)",
            );
        }
        self.read_line(&text, line, sink);
    }

    fn read_line(&mut self, text: &str, line: u64, sink: &mut Sink) {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return;
        }
        if let Some(columns) = strip_prefix_ignore_case(trimmed, NODE_SECTION) {
            self.section = Section::Nodes(node_section(columns));
            return;
        }
        if let Some(columns) = strip_prefix_ignore_case(trimmed, EDGE_SECTION) {
            self.finish_section(sink);
            self.section = Section::Edges(edge_section(columns));
            return;
        }
        let mut fields = split_values(trimmed);
        match &mut self.section {
            Section::Preamble => {
                sink.record();
                sink.skip(
                    Some(line),
                    "data before any `nodedef>` or `edgedef>` line; skipped",
                );
            }
            Section::Nodes(nodes) => {
                sink.record();
                fill_defaults(&nodes.defaults, &mut fields);
                match nodes.rows.read(&fields, line, sink) {
                    Ok(row) => {
                        let idx = sink.network.account(Platform::Generic, &row.key);
                        let account = sink.network.account_mut(idx);
                        if row.label.is_some() {
                            account.label = row.label;
                        }
                        account.attributes.extend(row.attributes);
                    }
                    Err(reason) => sink.skip(Some(line), reason),
                }
            }
            Section::Edges(edges) => {
                sink.record();
                fill_defaults(&edges.defaults, &mut fields);
                if let Err(reason) = edges.rows.read(&fields, line, sink) {
                    sink.skip(Some(line), reason);
                }
            }
        }
    }

    fn finish_section(&mut self, sink: &mut Sink) {
        if let Section::Edges(edges) = &mut self.section {
            edges.rows.finish(sink);
        }
    }
}

impl FormatReader for GdfReader {
    fn feed(&mut self, mut chunk: &[u8], sink: &mut Sink) {
        while let Some(end) = memchr::memchr(b'\n', chunk) {
            self.append(&chunk[..end]);
            self.end_line(sink);
            chunk = &chunk[end + 1..];
        }
        self.append(chunk);
    }

    fn finish(&mut self, sink: &mut Sink) {
        if !self.line.is_empty() || self.oversized {
            self.end_line(sink);
        }
        self.finish_section(sink);
        if let Section::Preamble = self.section {
            sink.warn(None, "the file has no `nodedef>` or `edgedef>` section");
        }
    }
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// One declared column.
#[derive(Debug, Clone, PartialEq)]
struct ColumnDef {
    name: String,
    default: Option<String>,
}

/// Parses `name VARCHAR, label VARCHAR(32) default 'x', weight DOUBLE`.
fn parse_column_defs(text: &str) -> Vec<ColumnDef> {
    text.split(',')
        .map(|def| {
            let tokens: Vec<&str> = def.split_whitespace().collect();
            let type_at = tokens.iter().skip(1).position(|t| is_type(t)).map(|i| i + 1);
            let (name, default) = match type_at {
                Some(t) => {
                    let default = match tokens.get(t + 1) {
                        Some(word) if word.eq_ignore_ascii_case("default") => {
                            Some(unquote(&tokens[t + 2..].join(" ")).to_owned())
                        }
                        _ => None,
                    };
                    (tokens[..t].join(" "), default)
                }
                None => (tokens.join(" "), None),
            };
            ColumnDef {
                name: unquote(&name).to_owned(),
                default,
            }
        })
        .collect()
}

fn is_type(token: &str) -> bool {
    let base = token.split('(').next().unwrap_or(token).to_ascii_lowercase();
    matches!(
        base.as_str(),
        "varchar"
            | "char"
            | "string"
            | "text"
            | "int"
            | "integer"
            | "tinyint"
            | "smallint"
            | "bigint"
            | "long"
            | "float"
            | "double"
            | "real"
            | "bool"
            | "boolean"
            | "date"
            | "datetime"
    )
}

fn unquote(text: &str) -> &str {
    let text = text.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
            return inner;
        }
    }
    text
}

fn node_section(columns: &str) -> Declared<NodeRows> {
    let defs = parse_column_defs(columns);
    let roles: Vec<ColumnRole> = defs
        .iter()
        .enumerate()
        .map(|(i, def)| {
            let name = normalise(&def.name);
            match () {
                _ if i == 0 => ColumnRole::Id,
                _ if name == "label" => ColumnRole::Label,
                _ if LAYOUT.contains(&name.as_str()) => ColumnRole::Ignore,
                _ => ColumnRole::Attribute {
                    name: def.name.clone(),
                },
            }
        })
        .collect();
    Declared {
        rows: NodeRows::new(&roles, Dialect::Generic),
        defaults: defs.into_iter().map(|def| def.default).collect(),
    }
}

fn edge_section(columns: &str) -> Declared<EdgeRows> {
    let defs = parse_column_defs(columns);
    let roles: Vec<ColumnRole> = defs
        .iter()
        .enumerate()
        .map(|(i, def)| match (i, normalise(&def.name).as_str()) {
            (0, _) => ColumnRole::Source,
            (1, _) => ColumnRole::Target,
            (_, "weight") => ColumnRole::Weight,
            (_, "directed") => ColumnRole::Directed,
            (_, "type" | "kind" | "relationship") => ColumnRole::Kind,
            (_, "label") => ColumnRole::Label,
            (_, "timestamp" | "time" | "date" | "datetime" | "timeset" | "interval") => ColumnRole::Time,
            _ => ColumnRole::Ignore,
        })
        .collect();
    Declared {
        // GUESS reads an edge as undirected unless it says `directed` true.
        rows: EdgeRows::new(&roles, Dialect::Generic, true, false),
        defaults: defs.into_iter().map(|def| def.default).collect(),
    }
}

/// Splits a data line on commas outside quotes. A value quoted with `"` or `'` ends at the
/// same quote followed by a comma or the end of the line; `\` escapes the next character.
fn split_values(line: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut rest = line;
    loop {
        let (value, after) = next_value(rest.trim_start());
        values.push(value);
        match after {
            Some(after) => rest = after,
            None => return values,
        }
    }
}

/// The first value of `text` and what follows its comma (`None` at the end of the line).
fn next_value(text: &str) -> (String, Option<&str>) {
    let quote = match text.chars().next() {
        Some(q @ ('"' | '\'')) => q,
        _ => {
            return match text.find(',') {
                Some(comma) => (text[..comma].trim().to_owned(), Some(&text[comma + 1..])),
                None => (text.trim().to_owned(), None),
            };
        }
    };
    let mut value = String::new();
    let mut chars = text.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            if let Some((_, escaped)) = chars.next() {
                value.push(escaped);
            }
        } else if c == quote {
            let after = text[i + c.len_utf8()..].trim_start();
            if after.is_empty() {
                return (value, None);
            }
            if let Some(next) = after.strip_prefix(',') {
                return (value, Some(next));
            }
            value.push(c);
        } else {
            value.push(c);
        }
    }
    // An unclosed quote runs to the end of the line.
    (value, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest_files, Format};
    use crate::network::Kind;

    #[test]
    fn values_split_with_either_quote() {
        assert_eq!(
            split_values(r#"a, 'b, c' ,"d \" e",'it''s',,null"#),
            vec!["a", "b, c", "d \" e", "it''s", "", "null"]
        );
        assert_eq!(split_values("x,"), vec!["x", ""]);
        assert_eq!(split_values("'unclosed, still"), vec!["unclosed, still"]);
    }

    #[test]
    fn column_definitions_with_types_and_defaults() {
        let defs = parse_column_defs("name VARCHAR(32), my label VARCHAR default 'n/a',weight DOUBLE,x");
        let names: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, vec!["name", "my label", "weight", "x"]);
        assert_eq!(defs[1].default.as_deref(), Some("n/a"));
        assert_eq!(defs[0].default, None);
    }

    #[test]
    fn nodes_and_edges_with_gdf_defaults() {
        let file = b"nodedef>name VARCHAR,label VARCHAR,x DOUBLE,group VARCHAR default 'none'\n\
                     1,'Embassy, B',3.2,null\n2,\"Ministry\",1.0,gov\n3,Isolated,0,\n\
                     edgedef>node1 VARCHAR,node2 VARCHAR,directed BOOLEAN,weight DOUBLE default 1\n\
                     1,2,true,2.5\n2,3,false,\n";
        let loaded = ingest_files([("g.gdf", &file[..])]);
        assert_eq!(loaded.files[0].format, Format::Gdf);
        let network = &loaded.network;
        assert_eq!(network.accounts.len(), 3);
        assert_eq!(network.accounts[0].label.as_deref(), Some("Embassy, B"));
        assert_eq!(
            network.accounts[0].attributes.get("group").map(String::as_str),
            Some("none")
        );
        assert_eq!(
            network.accounts[1].attributes.get("group").map(String::as_str),
            Some("gov")
        );
        assert!(!network.accounts[0].attributes.contains_key("x"));
        // 1→2 directed; 2→3 undirected: both ways.
        assert_eq!(network.interactions.actor, vec![0, 1, 2]);
        assert_eq!(network.interactions.target, vec![1, 2, 1]);
        assert_eq!(network.interactions.weight, vec![2.5, 1.0, 1.0]);
        assert!(network.interactions.kind.iter().all(|&k| k == Kind::Link));
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn edges_without_a_directed_column_are_undirected() {
        let file = b"edgedef>node1,node2\na,b\n";
        let loaded = ingest_files([("netvizz.gdf", &file[..])]);
        assert_eq!(loaded.files[0].format, Format::Gdf);
        assert_eq!(loaded.network.interactions.len(), 2);
    }

    #[test]
    fn gdf_is_detected_in_any_case_after_blank_lines() {
        assert!(crate::ingest::detect::looks_like_gdf(
            b"\r\n NodeDef> name VARCHAR\n"
        ));
        assert!(!crate::ingest::detect::looks_like_gdf(b"node,def\n"));
    }
}
