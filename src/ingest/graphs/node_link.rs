//! d3 and networkx node-link JSON: `{"nodes": [...], "links": [...]}` (or `"edges"`).
//!
//! **Read whole:** the bytes are buffered and parsed when the file ends (JSON graph files
//! are small next to tweet collections; a file over [`MAX_JSON_BYTES`] is refused with a
//! warning). Each node and link is then read on its own, so a bad one is skipped with a
//! warning naming its line and the rest loads; malformed JSON loads nothing from the file
//! and the warning gives the line and column.
//!
//! * Nodes: `{"id": ...}` or, in classic d3, `{"name": ...}`; a bare string or number is an
//!   id too. Ids keep their exact text: a JSON number is never passed through a float (a
//!   64-bit id stays exact). `label` is the label (else `name`, when the id came from `id`);
//!   other fields (`group`...) become attributes (strings; numbers as written; objects and
//!   arrays as compact JSON), except layout (`x y vx vy fx fy index size`).
//! * Links: `source`/`target` are **indices** into `nodes` when every integer endpoint is
//!   below the number of nodes and no node has an `id` (classic d3, networkx 1.x);
//!   otherwise they are ids (strings or numbers). After a d3-force run they are whole node
//!   objects: their `id` is used, else their `index`.
//! * Weight: `weight`, else `value`, else `count` (default 1; a non-numeric or non-finite
//!   weight skips the link with a warning). Kind: the first of kind/type/relationship/label
//!   that names a kind, else `link`. Time: timestamp/time/date fields, when a date.
//! * Direction: networkx's top-level `"directed": false` makes every link undirected
//!   (added both ways, see [`crate::ingest::graphs`]); without the flag links are directed (d3, and
//!   networkx's `directed` default). A link's own `"undirected": true` is honoured too.
//! * Links naming ids that no node declares create the account, with one warning per file.
//!
//! Complexity: linear in the file; memory: the file's bytes until it ends, then the network.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::ingest::graphs::{
    self as graph, is_layout, normalise, Declarations, Edge, KIND_NAMES, TIME_NAMES,
};
use crate::ingest::{FormatReader, Sink};
use crate::network::AccountIdx;

/// Largest JSON graph file read (it is held whole until it ends).
pub const MAX_JSON_BYTES: usize = 512 << 20;

/// Buffers a JSON file until it ends.
#[derive(Default)]
pub(super) struct JsonBuffer {
    bytes: Vec<u8>,
    too_large: bool,
}

impl JsonBuffer {
    pub(super) fn feed(&mut self, chunk: &[u8], sink: &mut Sink) {
        if self.too_large {
            return;
        }
        if self.bytes.len() + chunk.len() > MAX_JSON_BYTES {
            self.too_large = true;
            self.bytes = Vec::new();
            sink.warn(
                None,
                format!(
                    "the JSON graph file is larger than {} MB and is read whole; it was not read \
                     (export it as GraphML or GEXF, which are streamed)",
                    MAX_JSON_BYTES >> 20
                ),
            );
            return;
        }
        self.bytes.extend_from_slice(chunk);
    }

    pub(super) fn held_bytes(&self) -> usize {
        self.bytes.capacity()
    }

    /// The whole file, or `None` if it was refused. Bytes that are not UTF-8 become U+FFFD
    /// (with a warning at the first), so that one bad byte does not lose the whole file.
    pub(super) fn take(&mut self, sink: &mut Sink) -> Option<Vec<u8>> {
        if self.too_large {
            return None;
        }
        let bytes = std::mem::take(&mut self.bytes);
        let Err(error) = std::str::from_utf8(&bytes) else {
            return Some(bytes);
        };
        let line = bytes[..error.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        sink.warn(
            Some(line),
            format!(
                "the file is not valid UTF-8 (first at byte {}): invalid bytes were replaced by U+FFFD",
                error.valid_up_to()
            ),
        );
        Some(String::from_utf8_lossy(&bytes).into_owned().into_bytes())
    }
}

/// Parses the top level, or warns with the line and column where the JSON breaks.
pub(super) fn parse_top<'a, T: Deserialize<'a>>(bytes: &'a [u8], sink: &mut Sink) -> Option<T> {
    match serde_json::from_slice(bytes) {
        Ok(top) => Some(top),
        Err(error) => {
            sink.warn(
                Some(error.line() as u64),
                format!(
                    "the JSON is malformed at line {} column {}: {error}; nothing was read from this file",
                    error.line(),
                    error.column()
                ),
            );
            None
        }
    }
}

/// The line of a value inside the parsed text (values are visited in file order, mostly).
pub(super) struct LineCursor<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCursor<'a> {
    pub(super) fn new(text: &'a [u8]) -> Self {
        LineCursor {
            text,
            offset: 0,
            line: 1,
        }
    }

    pub(super) fn line_of(&mut self, value: &RawValue) -> u64 {
        let start = self.text.as_ptr() as usize;
        let at = (value.get().as_ptr() as usize)
            .saturating_sub(start)
            .min(self.text.len());
        if at < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += memchr::memchr_iter(b'\n', &self.text[self.offset..at]).count() as u64;
        self.offset = at;
        self.line
    }
}

/// A JSON object's fields, borrowed (`None` when the value is not an object).
pub(super) fn fields(value: &RawValue) -> Option<BTreeMap<String, &RawValue>> {
    serde_json::from_str(value.get()).ok()
}

/// An id: a string's content or a number's exact text; `None` for anything else.
pub(super) fn id_text(value: &RawValue) -> Option<String> {
    let text = value.get().trim();
    match text.as_bytes().first()? {
        b'"' => serde_json::from_str::<String>(text)
            .ok()
            .filter(|id| !id.is_empty()),
        b'-' | b'0'..=b'9' => Some(text.to_owned()),
        _ => None,
    }
}

/// An attribute value as text: strings unquoted, numbers and booleans as written,
/// objects and arrays as their JSON; `None` for null.
pub(super) fn value_text(value: &RawValue) -> Option<String> {
    let text = value.get().trim();
    match text.as_bytes().first()? {
        b'"' => serde_json::from_str::<String>(text).ok(),
        b'n' => None,
        b'{' | b'[' => serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .map(|value| value.to_string()),
        _ => Some(text.to_owned()),
    }
}

/// `true`/`false` (also `1`/`0`), else `None`.
pub(super) fn flag(value: Option<&&RawValue>) -> Option<bool> {
    match value?.get().trim() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// Weight, kind and time of an edge from its fields; `Err` with the reason for a bad weight.
pub(super) fn describe_edge(
    values: &BTreeMap<String, &RawValue>,
    weight_names: &[&str],
) -> Result<Edge, String> {
    let named = |name: &str| {
        values
            .iter()
            .find(|(key, _)| normalise(key) == name)
            .and_then(|(_, value)| value_text(value))
    };
    let weight = match weight_names.iter().find_map(|name| named(name)) {
        Some(text) => graph::parse_weight(&text)?,
        None => 1.0,
    };
    let kinds: Vec<String> = KIND_NAMES.iter().filter_map(|name| named(name)).collect();
    Ok(Edge {
        kind: graph::kind_of(kinds.iter().map(String::as_str)),
        weight,
        time: TIME_NAMES
            .iter()
            .find_map(|name| named(name).and_then(|t| graph::parse_graph_time(&t))),
        undirected: false,
    })
}

#[derive(Deserialize)]
struct Top<'a> {
    #[serde(borrow, default)]
    nodes: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    links: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    edges: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    directed: Option<&'a RawValue>,
}

/// A link endpoint as written.
enum End {
    /// A JSON integer: an index or a numeric id, decided for the whole file.
    Integer(String),
    Id(String),
    /// A d3-force node object without `id`: its `index`.
    Index(usize),
    Missing,
}

fn endpoint(value: Option<&&RawValue>) -> End {
    let Some(value) = value else {
        return End::Missing;
    };
    if let Some(object) = fields(value) {
        if let Some(id) = object.get("id").and_then(|v| id_text(v)) {
            return End::Id(id);
        }
        return match object
            .get("index")
            .and_then(|v| v.get().trim().parse::<usize>().ok())
        {
            Some(index) => End::Index(index),
            None => End::Missing,
        };
    }
    match id_text(value) {
        Some(text) if text.bytes().all(|b| b.is_ascii_digit()) && !value.get().trim().starts_with('"') => {
            End::Integer(text)
        }
        Some(id) => End::Id(id),
        None => End::Missing,
    }
}

#[derive(Default)]
pub struct NodeLinkReader {
    buffer: JsonBuffer,
}

impl NodeLinkReader {
    pub fn new() -> Self {
        Self::default()
    }
}

impl FormatReader for NodeLinkReader {
    fn held_bytes(&self) -> usize {
        self.buffer.held_bytes()
    }

    fn feed(&mut self, chunk: &[u8], sink: &mut Sink) {
        self.buffer.feed(chunk, sink);
    }

    fn finish(&mut self, sink: &mut Sink) {
        let Some(bytes) = self.buffer.take(sink) else {
            return;
        };
        let Some(top) = parse_top::<Top>(&bytes, sink) else {
            return;
        };
        let mut lines = LineCursor::new(&bytes);
        let mut declarations = Declarations::default();
        let accounts = add_nodes(&top.nodes, &mut lines, &mut declarations, sink);

        let links = match (top.links, top.edges) {
            (Some(links), _) | (None, Some(links)) => links,
            (None, None) => Vec::new(),
        };
        let ends: Vec<(End, End)> = links
            .iter()
            .map(|link| match fields(link) {
                Some(object) => (endpoint(object.get("source")), endpoint(object.get("target"))),
                None => (End::Missing, End::Missing),
            })
            .collect();
        let any_node_id = top
            .nodes
            .iter()
            .any(|node| fields(node).is_some_and(|f| f.contains_key("id")));
        let indices = !any_node_id
            && ends.iter().flat_map(|(a, b)| [a, b]).all(|end| match end {
                End::Integer(text) => text.parse::<usize>().is_ok_and(|i| i < accounts.len()),
                _ => true,
            });
        let undirected = flag(top.directed.as_ref()) == Some(false);
        for (link, (source, target)) in links.iter().zip(ends) {
            sink.record();
            let line = lines.line_of(link);
            let mut resolve = |end: End, sink: &mut Sink| -> Option<AccountIdx> {
                let id = match end {
                    End::Integer(text) if indices => {
                        return text.parse::<usize>().ok().and_then(|i| accounts.get(i).copied())
                    }
                    End::Index(index) => return accounts.get(index).copied(),
                    End::Integer(id) | End::Id(id) => id,
                    End::Missing => return None,
                };
                let idx = graph::account(sink, &id);
                declarations.reference(idx, Some(line));
                Some(idx)
            };
            let (Some(source), Some(target)) = (resolve(source, sink), resolve(target, sink)) else {
                sink.skip(
                    Some(line),
                    "a link without a usable source or target was skipped; expected \
                     {\"source\": id or index, \"target\": id or index}",
                );
                continue;
            };
            let values = fields(link).unwrap_or_default();
            let mut edge = match describe_edge(&values, &["weight", "value", "count"]) {
                Ok(edge) => edge,
                Err(reason) => {
                    sink.skip(Some(line), format!("a link was skipped: {reason}"));
                    continue;
                }
            };
            edge.undirected = undirected || flag(values.get("undirected")) == Some(true);
            graph::add_edge(sink, source, target, edge);
        }
        declarations.report(sink);
    }
}

/// Creates the nodes' accounts, in order; returns them by position in `nodes`.
fn add_nodes(
    nodes: &[&RawValue],
    lines: &mut LineCursor,
    declarations: &mut Declarations,
    sink: &mut Sink,
) -> Vec<AccountIdx> {
    let mut accounts = Vec::with_capacity(nodes.len());
    let mut unnamed: Vec<u64> = Vec::new();
    for (position, node) in nodes.iter().enumerate() {
        sink.record();
        let object = fields(node).unwrap_or_default();
        let from_id = object.get("id").and_then(|v| id_text(v));
        let from_name = object.get("name").and_then(|v| id_text(v));
        let id = from_id
            .clone()
            .or(from_name)
            .or_else(|| id_text(node))
            .unwrap_or_else(|| {
                unnamed.push(lines.line_of(node));
                position.to_string()
            });
        let idx = graph::account(sink, &id);
        declarations.declare(idx);
        let account = sink.network.account_mut(idx);
        for (key, value) in &object {
            let Some(text) = value_text(value) else {
                continue;
            };
            match key.as_str() {
                "id" => {}
                "name" if from_id.is_none() => {}
                "label" => account.label = Some(text),
                "name" => {
                    if !object.contains_key("label") {
                        account.label = Some(text);
                    }
                }
                _ if is_layout(key) => {}
                _ => {
                    account.attributes.insert(key.clone(), text);
                }
            }
        }
        accounts.push(idx);
    }
    if let Some(&line) = unnamed.first() {
        sink.warn(
            Some(line),
            format!(
                "{} node(s) have no usable id or name (first on line {line}); each is known by its \
                 position in `nodes` (0, 1, ...)",
                unnamed.len()
            ),
        );
    }
    accounts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ingest_files;

    #[test]
    fn values_keep_their_exact_text() {
        let raw: &RawValue = serde_json::from_str("18446744073709551615").unwrap();
        assert_eq!(id_text(raw).as_deref(), Some("18446744073709551615"));
        let raw: &RawValue = serde_json::from_str(r#""a\"b""#).unwrap();
        assert_eq!(value_text(raw).as_deref(), Some("a\"b"));
        let raw: &RawValue = serde_json::from_str(r#"[1, "x"]"#).unwrap();
        assert_eq!(value_text(raw).as_deref(), Some(r#"[1,"x"]"#));
    }

    #[test]
    fn classic_d3_indices_and_modern_ids() {
        let classic = br#"{"nodes":[{"name":"a","group":1},{"name":"b","group":2}],"links":[{"source":1,"target":0,"value":3}]}"#;
        let loaded = ingest_files([("d3.json", &classic[..])]);
        let network = &loaded.network;
        assert_eq!(network.accounts[0].id, "a");
        assert_eq!(network.accounts[1].attributes["group"], "2");
        assert_eq!(
            (network.interactions.actor[0], network.interactions.target[0]),
            (1, 0)
        );
        assert_eq!(network.interactions.weight, [3.0]);

        let modern = br#"{"directed":false,"nodes":[{"id":0},{"id":1}],"edges":[{"source":0,"target":1}]}"#;
        let loaded = ingest_files([("nx.json", &modern[..])]);
        assert_eq!(loaded.network.accounts[0].id, "0");
        assert_eq!(loaded.network.interactions.len(), 2, "undirected: both ways");
    }
}
