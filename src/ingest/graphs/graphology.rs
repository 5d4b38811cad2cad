//! graphology's JSON serialisation (the sigma.js ecosystem):
//! `{attributes, options: {type, multi, allowSelfLoops}, nodes: [{key, attributes}],
//! edges: [{key, source, target, attributes, undirected}]}`.
//!
//! **Read whole:** the bytes are buffered and parsed when the file ends, like node-link
//! JSON (see [`crate::ingest::graphs::node_link`]); each node and edge is then read on its own, so a bad
//! one is skipped with a warning naming its line.
//!
//! * A node's `key` (a string, or a number kept as written) is the account id. Its
//!   attributes: `label` is the label; sigma's layout (`x y z size`) is dropped; the rest
//!   become attributes (strings; numbers as written; objects and arrays as compact JSON).
//!   `attributes` may be missing or `null`. A node without a key is skipped with a warning.
//! * An edge is one interaction `source → target` (its `key` is ignored; parallel edges are
//!   separate interactions). Weight: attribute `weight` (default 1). Kind: the first of the
//!   kind/type/relationship/label attributes that names a kind, else `link`. Time: a
//!   timestamp/time/date attribute, when a date.
//! * Direction: `options.type` `undirected` makes every edge undirected, `directed` none;
//!   `mixed` (the default) follows each edge's `undirected: true`. Undirected edges are added
//!   both ways (see [`crate::ingest::graphs`]).
//! * Edges naming nodes that do not exist (graphology's `import` rejects them) create the
//!   account, with one warning per file.
//!
//! Complexity: linear in the file; memory: the file's bytes until it ends, then the network.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::ingest::graphs::node_link::{
    describe_edge, fields, flag, id_text, parse_top, value_text, JsonBuffer, LineCursor,
};
use crate::ingest::graphs::{self as graph, Declarations};
use crate::ingest::{FormatReader, Sink};

#[derive(Deserialize)]
struct Top<'a> {
    #[serde(borrow, default)]
    options: Option<&'a RawValue>,
    #[serde(borrow, default)]
    nodes: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    edges: Vec<&'a RawValue>,
}

/// `options.type`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum GraphType {
    Mixed,
    Directed,
    Undirected,
}

fn graph_type(options: Option<&RawValue>) -> GraphType {
    let declared = options
        .and_then(fields)
        .and_then(|options| options.get("type").and_then(|t| value_text(t)));
    match declared.as_deref() {
        Some("directed") => GraphType::Directed,
        Some("undirected") => GraphType::Undirected,
        _ => GraphType::Mixed,
    }
}

#[derive(Default)]
pub struct GraphologyReader {
    buffer: JsonBuffer,
}

impl GraphologyReader {
    pub fn new() -> Self {
        Self::default()
    }
}

impl FormatReader for GraphologyReader {
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
        for node in &top.nodes {
            sink.record();
            let object = fields(node).unwrap_or_default();
            let Some(key) = object.get("key").and_then(|key| id_text(key)) else {
                let line = lines.line_of(node);
                sink.skip(
                    Some(line),
                    "a node without a key was skipped; expected {\"key\": \"...\"}",
                );
                continue;
            };
            let idx = graph::account(sink, &key);
            declarations.declare(idx);
            let attributes = object
                .get("attributes")
                .and_then(|a| fields(a))
                .unwrap_or_default();
            let account = sink.network.account_mut(idx);
            for (name, value) in &attributes {
                let Some(text) = value_text(value) else {
                    continue;
                };
                match name.as_str() {
                    "label" => account.label = Some(text),
                    _ if graph::is_layout(name) => {}
                    _ => {
                        account.attributes.insert(name.clone(), text);
                    }
                }
            }
        }
        let graph_type = graph_type(top.options);
        for edge in &top.edges {
            sink.record();
            let line = lines.line_of(edge);
            let object = fields(edge).unwrap_or_default();
            let source = object.get("source").and_then(|v| id_text(v));
            let target = object.get("target").and_then(|v| id_text(v));
            let (Some(source), Some(target)) = (source, target) else {
                sink.skip(
                    Some(line),
                    "an edge without a source or target was skipped; expected {\"source\": key, \"target\": key}",
                );
                continue;
            };
            let attributes = object
                .get("attributes")
                .and_then(|a| fields(a))
                .unwrap_or_default();
            let mut described = match describe_edge(&attributes, &["weight"]) {
                Ok(described) => described,
                Err(reason) => {
                    sink.skip(Some(line), format!("an edge was skipped: {reason}"));
                    continue;
                }
            };
            described.undirected = match graph_type {
                GraphType::Undirected => true,
                GraphType::Directed => false,
                GraphType::Mixed => flag(object.get("undirected")) == Some(true),
            };
            let source = graph::account(sink, &source);
            let target = graph::account(sink, &target);
            declarations.reference(source, Some(line));
            declarations.reference(target, Some(line));
            graph::add_edge(sink, source, target, described);
        }
        declarations.report(sink);
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::ingest_files;
    use crate::network::Kind;

    #[test]
    fn keys_attributes_and_mixed_direction() {
        let file = br#"{"attributes":{"name":"rt"},"options":{"type":"mixed","multi":false},
            "nodes":[{"key":"111","attributes":{"label":"emb_b","x":0.1,"country":"BE"}},{"key":222},{"attributes":{}}],
            "edges":[{"key":"e1","source":"111","target":"222","attributes":{"weight":3,"kind":"retweet"}},
                     {"source":"222","target":"333","undirected":true}]}"#;
        let loaded = ingest_files([("g.json", &file[..])]);
        let network = &loaded.network;
        let ids: Vec<&str> = network.accounts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["111", "222", "333"]);
        assert_eq!(network.accounts[0].label.as_deref(), Some("emb_b"));
        assert_eq!(network.accounts[0].attributes.len(), 1, "x is layout");
        assert_eq!(network.interactions.kind, [Kind::Repost, Kind::Link, Kind::Link]);
        assert_eq!(network.interactions.weight, [3.0, 1.0, 1.0]);
        let lines: Vec<Option<u64>> = loaded.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [Some(2), Some(4)], "{:?}", loaded.warnings);
    }
}
