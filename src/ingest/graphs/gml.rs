//! GML (Graph Modelling Language), as written by networkx, igraph, Gephi, yEd and Newman's datasets.
//!
//! A hand-written streaming tokenizer: whitespace-separated `key value` pairs, where a value
//! is an integer, a real (`+2`, `4.87e-5`, `-Inf`, `NAN`), a `"string"` (no backslash
//! escapes; `&quot; &amp; &apos; &lt; &gt; &#1234; &#x4D2;` entities decoded; may span
//! lines), a bare word (`id A`, as Gephi's importer and networkx accept) or a `[ ... ]`
//! list. `#` starts a comment to the end of the line. Keys may repeat
//! (the last value wins). Lines before `graph [` (`Creator "..."`, `Version 1`) are ignored.
//! Strings that are not UTF-8 are read as Windows-1252 (the specification says ISO-8859-1).
//!
//! * Only the first `graph [...]` is read; later ones are skipped with a warning.
//! * `directed 1` makes edges directed; the default (`directed 0` or absent) is undirected,
//!   and undirected edges are added both ways (see [`crate::ingest::graphs`]).
//! * A node's `id` (an integer, normally) identifies it inside the file and `label` names
//!   it. **Account ids** follow the Pajek rule: the label when the node has one and no other
//!   node shares it (labels are what users recognise and what merges with other files),
//!   else the id text. Other scalar node keys become attributes; nested lists
//!   (`graphics [...]`) are ignored. A node without `id` is skipped with a warning; an id
//!   declared twice is one node, its last declaration (one warning per file).
//! * An edge's `source`/`target` name node ids; its weight is `weight` or `value` (default 1;
//!   a NaN or infinite weight skips the edge with a warning); its kind the first of
//!   kind/type/relationship/label that names a kind, else `link`.
//! * Edges may come before the nodes they name, so a graph's edges are added when the graph
//!   ends (memory: the graph's nodes and edges, not the file). Edges naming no node create
//!   one, with one warning per file.
//! * Unbalanced brackets and truncated files give a warning with the line of the list that
//!   was never closed; the complete nodes and edges read so far are kept.
//!
//! Complexity: linear in the file; memory proportional to the graph.

use std::collections::HashMap;

use crate::ingest::framing::text::decode_field;
use crate::ingest::graphs::{self as graph, normalise, Declarations, Edge, KIND_NAMES, TIME_NAMES};
use crate::ingest::{FormatReader, Sink};
use crate::network::AccountIdx;

/// Longest token (a string, mostly) kept while waiting for its end.
const MAX_TOKEN_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Key(String),
    /// An integer or real, as written (integers normalised: `+2` → `2`).
    Number(String),
    Str(String),
    Open,
    Close,
}

/// Splits pushed bytes into tokens, keeping an unfinished token for the next chunk.
#[derive(Default)]
struct Tokenizer {
    pending: Vec<u8>,
    /// Start of the bytes not yet consumed (the buffer is compacted once per chunk).
    pos: usize,
    /// Bytes before this were already searched for the end of a string or comment.
    searched: usize,
    /// Line of `pending[pos]` (1-based).
    line: u64,
    warned_encoding: bool,
}

/// What [`Tokenizer::next`] found.
enum Next {
    Token(Token, u64),
    /// More bytes are needed.
    Incomplete,
}

impl Tokenizer {
    fn new() -> Self {
        Tokenizer {
            line: 1,
            ..Tokenizer::default()
        }
    }

    fn push(&mut self, chunk: &[u8]) {
        if self.pos > 0 {
            self.pending.drain(..self.pos);
            self.searched = self.searched.saturating_sub(self.pos);
            self.pos = 0;
        }
        self.pending.extend_from_slice(chunk);
    }

    /// The bytes not consumed yet.
    fn rest(&self) -> &[u8] {
        &self.pending[self.pos..]
    }

    /// The next complete token; `at_end` when no more bytes will come.
    fn next(&mut self, at_end: bool, sink: &mut Sink) -> Next {
        loop {
            let Some(start) = self.rest().iter().position(|b| !b.is_ascii_whitespace()) else {
                self.consume(self.rest().len());
                return Next::Incomplete;
            };
            self.consume(start);
            let first = self.rest()[0];
            let line = self.line;
            match first {
                b'[' | b']' => {
                    self.consume(1);
                    let token = if first == b'[' { Token::Open } else { Token::Close };
                    return Next::Token(token, line);
                }
                b'#' => match self.find_from(1, b'\n') {
                    Some(end) => self.consume(end + 1),
                    None if at_end => self.consume(self.rest().len()),
                    None => return Next::Incomplete,
                },
                b'"' => {
                    let Some(end) = self.find_from(1, b'"') else {
                        return Next::Incomplete;
                    };
                    let (text, fell_back) = decode_field(&self.rest()[1..end]);
                    self.warn_encoding(fell_back, line, sink);
                    self.consume(end + 1);
                    return Next::Token(Token::Str(decode_entities(&text)), line);
                }
                _ => {
                    let from = self.searched.max(self.pos) - self.pos;
                    let end = self.rest()[from..]
                        .iter()
                        .position(|&b| b.is_ascii_whitespace() || matches!(b, b'[' | b']' | b'"' | b'#'));
                    let end = match end {
                        Some(end) => from + end,
                        None if at_end => self.rest().len(),
                        None => {
                            self.searched = self.pending.len();
                            return Next::Incomplete;
                        }
                    };
                    let (text, fell_back) = decode_field(&self.rest()[..end]);
                    self.warn_encoding(fell_back, line, sink);
                    self.consume(end);
                    return Next::Token(bare_token(text), line);
                }
            }
        }
    }

    /// Offset (from `pos`) of `byte` at or after `from`, resuming where the last search stopped.
    fn find_from(&mut self, from: usize, byte: u8) -> Option<usize> {
        let from = (self.pos + from).max(self.searched).min(self.pending.len());
        match memchr::memchr(byte, &self.pending[from..]) {
            Some(i) => Some(from + i - self.pos),
            None => {
                self.searched = self.pending.len();
                None
            }
        }
    }

    fn consume(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        let end = self.pos + n;
        self.line += memchr::memchr_iter(b'\n', &self.pending[self.pos..end]).count() as u64;
        self.pos = end;
        self.searched = end;
    }

    fn warn_encoding(&mut self, fell_back: bool, line: u64, sink: &mut Sink) {
        if fell_back && !self.warned_encoding {
            self.warned_encoding = true;
            sink.warn(
                Some(line),
                "the file is not UTF-8; read as Windows-1252 (re-save it as UTF-8 if labels look wrong)",
            );
        }
    }
}

/// A bare word: a key, or a number (`+2`, `-Inf`, `4.87e-5`; `NAN`/`Inf` are told apart from
/// keys by their position, see [`Parser::on_token`]).
fn bare_token(text: String) -> Token {
    let starts_number = text
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'));
    if !starts_number {
        return Token::Key(text);
    }
    match text.parse::<i64>() {
        Ok(integer) => Token::Number(integer.to_string()),
        Err(_) => Token::Number(text),
    }
}

/// Decodes `&quot; &amp; &apos; &lt; &gt;` and numeric character references; keeps anything else.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 12).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "quot" => Some('"'),
                "amp" => Some('&'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => match name.strip_prefix('#') {
                    Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16).ok(),
                    Some(decimal) => decimal.parse::<u32>().ok(),
                    None => None,
                }
                .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[derive(Default)]
struct GmlNode {
    id: Option<String>,
    label: Option<String>,
    attributes: Vec<(String, String)>,
    line: u64,
}

#[derive(Default)]
struct GmlEdge {
    source: Option<String>,
    target: Option<String>,
    /// Scalars other than source and target, by normalised key.
    values: Vec<(String, String)>,
    line: u64,
}

enum Frame {
    Top,
    Graph,
    Node(GmlNode),
    Edge(GmlEdge),
    /// A list whose content is not read (graphics, a second graph...).
    Skip,
}

/// Turns tokens into the graph.
struct Parser {
    /// Open lists with the line that opened them.
    frames: Vec<(Frame, u64)>,
    key: Option<(String, u64)>,
    graphs_read: u32,
    directed: bool,
    nodes: Vec<GmlNode>,
    edges: Vec<GmlEdge>,
    declarations: Declarations,
    warned_extra_close: bool,
}

impl Parser {
    fn new() -> Self {
        Parser {
            frames: vec![(Frame::Top, 0)],
            key: None,
            graphs_read: 0,
            directed: false,
            nodes: Vec::new(),
            edges: Vec::new(),
            declarations: Declarations::default(),
            warned_extra_close: false,
        }
    }

    fn on_token(&mut self, token: Token, line: u64, sink: &mut Sink) {
        let Some((key, key_line)) = self.key.take() else {
            match token {
                Token::Key(key) => self.key = Some((key, line)),
                Token::Close => self.close(line, sink),
                other => sink.warn(
                    Some(line),
                    format!(
                        "expected a key at line {line}, found {}; ignored",
                        describe(&other)
                    ),
                ),
            }
            return;
        };
        match token {
            Token::Open => self.open(&key, line, sink),
            Token::Number(value) | Token::Str(value) => self.assign(&key, value),
            // A bare word after a key is its value (`id A`, `label Harbour`): Gephi's
            // importer and networkx read it so, and GML alternates keys and values.
            Token::Key(word) => self.assign(&key, word),
            Token::Close => {
                sink.warn(
                    Some(key_line),
                    format!("key '{key}' at line {key_line} has no value; ignored"),
                );
                self.close(line, sink);
            }
        }
    }

    fn open(&mut self, key: &str, line: u64, sink: &mut Sink) {
        let frame = match (&self.frames.last().map(|(frame, _)| frame), key) {
            (Some(Frame::Top), "graph") if self.graphs_read == 0 => {
                self.graphs_read = 1;
                Frame::Graph
            }
            (Some(Frame::Top), "graph") => {
                self.graphs_read += 1;
                if self.graphs_read == 2 {
                    sink.warn(
                        Some(line),
                        format!("the file holds several graphs; only the first was read (the one at line {line} was skipped)"),
                    );
                }
                Frame::Skip
            }
            (Some(Frame::Graph), "node") => Frame::Node(GmlNode {
                line,
                ..GmlNode::default()
            }),
            (Some(Frame::Graph), "edge") => Frame::Edge(GmlEdge {
                line,
                ..GmlEdge::default()
            }),
            _ => Frame::Skip,
        };
        self.frames.push((frame, line));
    }

    fn assign(&mut self, key: &str, value: String) {
        match self.frames.last_mut().map(|(frame, _)| frame) {
            Some(Frame::Graph) if key == "directed" => self.directed = value.trim() == "1",
            Some(Frame::Node(node)) => match key {
                "id" => node.id = Some(value),
                "label" => node.label = Some(value),
                _ => {
                    node.attributes.retain(|(name, _)| name != key);
                    node.attributes.push((key.to_owned(), value));
                }
            },
            Some(Frame::Edge(edge)) => match key {
                "source" => edge.source = Some(value),
                "target" => edge.target = Some(value),
                _ => edge.values.push((normalise(key), value)),
            },
            _ => {}
        }
    }

    fn close(&mut self, line: u64, sink: &mut Sink) {
        if self.frames.len() <= 1 {
            if !self.warned_extra_close {
                self.warned_extra_close = true;
                sink.warn(
                    Some(line),
                    format!("unbalanced brackets: ']' at line {line} closes nothing; ignored"),
                );
            }
            return;
        }
        match self.frames.pop().map(|(frame, _)| frame) {
            Some(Frame::Node(node)) => self.end_node(node, sink),
            Some(Frame::Edge(edge)) => self.end_edge(edge, sink),
            Some(Frame::Graph) => self.add_graph(sink),
            _ => {}
        }
    }

    fn end_node(&mut self, node: GmlNode, sink: &mut Sink) {
        sink.record();
        if node.id.is_none() {
            sink.skip(
                Some(node.line),
                format!("the node at line {} has no id; skipped", node.line),
            );
            return;
        }
        self.nodes.push(node);
    }

    fn end_edge(&mut self, edge: GmlEdge, sink: &mut Sink) {
        sink.record();
        if edge.source.is_none() || edge.target.is_none() {
            sink.skip(
                Some(edge.line),
                format!(
                    "the edge at line {} lacks a source or a target; skipped",
                    edge.line
                ),
            );
            return;
        }
        let weight = edge
            .values
            .iter()
            .rev()
            .find(|(key, _)| key == "weight" || key == "value");
        if let Some((_, text)) = weight {
            if let Err(reason) = graph::parse_weight(text) {
                sink.skip(
                    Some(edge.line),
                    format!("the edge at line {} was skipped: {reason}", edge.line),
                );
                return;
            }
        }
        self.edges.push(edge);
    }

    /// The graph ended (or the file did): creates its accounts, then adds its edges.
    fn add_graph(&mut self, sink: &mut Sink) {
        let mut nodes = std::mem::take(&mut self.nodes);
        // A node id declared twice is one node, its last declaration: the earlier one
        // must not stay behind as an account of its own.
        let mut last: HashMap<&str, usize> = HashMap::with_capacity(nodes.len());
        for (i, node) in nodes.iter().enumerate() {
            last.insert(node.id.as_deref().unwrap_or_default(), i);
        }
        if last.len() < nodes.len() {
            let again = nodes
                .iter()
                .enumerate()
                .find(|(i, node)| last[node.id.as_deref().unwrap_or_default()] != *i)
                .map(|(i, node)| (node.id.clone().unwrap_or_default(), i))
                .and_then(|(id, first)| {
                    let line = nodes[first + 1..]
                        .iter()
                        .find(|n| n.id.as_deref() == Some(&id))?
                        .line;
                    Some((id, line))
                });
            if let Some((id, line)) = again {
                sink.warn(
                    Some(line),
                    format!(
                        "{} node id(s) are declared more than once (first: '{id}', again at line {line}); \
                         the last declaration of each is used",
                        nodes.len() - last.len()
                    ),
                );
            }
            let keep: Vec<bool> = (0..nodes.len())
                .map(|i| last[nodes[i].id.as_deref().unwrap_or_default()] == i)
                .collect();
            drop(last);
            let mut index = 0;
            nodes.retain(|_| {
                index += 1;
                keep[index - 1]
            });
        } else {
            drop(last);
        }
        let mut uses: HashMap<&str, u32> = HashMap::new();
        for label in nodes.iter().filter_map(|node| node.label.as_deref()) {
            *uses.entry(label).or_insert(0) += 1;
        }
        if let Some(node) = nodes
            .iter()
            .find(|node| node.label.as_deref().is_some_and(|label| uses[label] > 1))
        {
            let count = uses.values().filter(|&&n| n > 1).count();
            sink.warn(
                Some(node.line),
                format!(
                    "{count} node label(s) are shared by several nodes (first: '{}'); those nodes are known by their ids",
                    node.label.as_deref().unwrap_or_default()
                ),
            );
        }
        let mut by_id: HashMap<String, AccountIdx> = HashMap::with_capacity(nodes.len());
        for node in &nodes {
            let id = node.id.clone().unwrap_or_default();
            let unique_label = node
                .label
                .as_deref()
                .filter(|label| !label.is_empty() && uses[label] == 1);
            let idx = graph::account(sink, unique_label.unwrap_or(&id));
            by_id.insert(id, idx);
            self.declarations.declare(idx);
            let account = sink.network.account_mut(idx);
            if let Some(label) = &node.label {
                account.label = Some(label.clone());
            }
            for (key, value) in &node.attributes {
                account.attributes.insert(key.clone(), value.clone());
            }
        }
        for edge in std::mem::take(&mut self.edges) {
            let mut endpoint = |id: &str, sink: &mut Sink| match by_id.get(id) {
                Some(&idx) => idx,
                None => {
                    let idx = graph::account(sink, id);
                    self.declarations.reference(idx, Some(edge.line));
                    idx
                }
            };
            let source = endpoint(edge.source.as_deref().unwrap_or_default(), sink);
            let target = endpoint(edge.target.as_deref().unwrap_or_default(), sink);
            let value = |names: &[&str]| {
                names
                    .iter()
                    .find_map(|name| edge.values.iter().rev().find(|(key, _)| key == name))
                    .map(|(_, value)| value.as_str())
            };
            let weight = value(&["weight", "value"]).and_then(|w| graph::parse_weight(w).ok());
            let kinds = KIND_NAMES.iter().filter_map(|name| value(&[name]));
            let described = Edge {
                kind: graph::kind_of(kinds),
                weight: weight.unwrap_or(1.0),
                time: TIME_NAMES
                    .iter()
                    .find_map(|name| value(&[name]).and_then(graph::parse_graph_time)),
                undirected: !self.directed,
            };
            graph::add_edge(sink, source, target, described);
        }
    }

    /// The file ended: reports lists left open and keeps the graph read so far.
    fn finish(&mut self, last_line: u64, sink: &mut Sink) {
        if let Some((key, line)) = self.key.take() {
            sink.warn(
                Some(line),
                format!("key '{key}' at line {line} has no value; ignored"),
            );
        }
        if self.frames.len() > 1 {
            let open: Vec<String> = self.frames[1..]
                .iter()
                .map(|(_, line)| line.to_string())
                .collect();
            let innermost = self.frames.last().map(|(_, line)| *line);
            sink.warn(
                innermost,
                format!(
                    "unbalanced brackets: the list(s) opened at line(s) {} are never closed (the file ends \
                     at line {last_line}; truncated?); the complete nodes and edges before were kept",
                    open.join(", ")
                ),
            );
            let in_graph = self.frames.iter().any(|(frame, _)| matches!(frame, Frame::Graph));
            self.frames.truncate(1);
            if in_graph {
                self.add_graph(sink);
            }
        } else if self.graphs_read == 0 {
            sink.warn(None, "the file holds no `graph [ ... ]`; nothing was read");
        }
        self.declarations.report(sink);
    }
}

fn describe(token: &Token) -> String {
    match token {
        Token::Key(key) => format!("'{key}'"),
        Token::Number(number) => format!("the number {number}"),
        Token::Str(text) => format!("the string \"{text}\""),
        Token::Open => "'['".to_owned(),
        Token::Close => "']'".to_owned(),
    }
}

pub struct GmlReader {
    tokens: Tokenizer,
    parser: Parser,
    stopped: bool,
}

impl Default for GmlReader {
    fn default() -> Self {
        Self::new()
    }
}

impl GmlReader {
    pub fn new() -> Self {
        GmlReader {
            tokens: Tokenizer::new(),
            parser: Parser::new(),
            stopped: false,
        }
    }

    fn drain(&mut self, at_end: bool, sink: &mut Sink) {
        while let Next::Token(token, line) = self.tokens.next(at_end, sink) {
            self.parser.on_token(token, line, sink);
        }
    }
}

impl FormatReader for GmlReader {
    fn feed(&mut self, chunk: &[u8], sink: &mut Sink) {
        if self.stopped {
            return;
        }
        self.tokens.push(chunk);
        self.drain(false, sink);
        if self.tokens.rest().len() > MAX_TOKEN_BYTES {
            let line = self.tokens.line;
            sink.warn(
                Some(line),
                format!("a token starting at line {line} is longer than 1 MB (an unclosed string?); the rest of the file was not read"),
            );
            self.stopped = true;
            self.tokens.pending = Vec::new();
            self.tokens.pos = 0;
            self.tokens.searched = 0;
        }
    }

    fn finish(&mut self, sink: &mut Sink) {
        if !self.stopped {
            self.drain(true, sink);
            if self.tokens.rest().first() == Some(&b'"') {
                let line = self.tokens.line;
                sink.warn(
                    Some(line),
                    format!("the string opened at line {line} is never closed; it was ignored"),
                );
            }
        }
        let last_line = self.tokens.line;
        self.parser.finish(last_line, sink);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ingest_files;
    use crate::network::Kind;

    #[test]
    fn entities_and_numbers() {
        assert_eq!(
            decode_entities("Tom &amp; Jerry&apos;s &quot;x&quot; &#233;&#x4D2; &bogus; &"),
            "Tom & Jerry's \"x\" éӒ &bogus; &"
        );
        assert_eq!(bare_token("+2".into()), Token::Number("2".into()));
        assert_eq!(bare_token("-Inf".into()), Token::Number("-Inf".into()));
        assert_eq!(bare_token("4.87e-5".into()), Token::Number("4.87e-5".into()));
        assert_eq!(bare_token("NAN".into()), Token::Key("NAN".into()));
    }

    #[test]
    fn labels_become_ids_and_edges_may_precede_their_nodes() {
        let file =
            "Creator \"me\"\ngraph [ directed 1\n edge [ source 2 target 1 label \"retweet\" weight 2 ]\n\
                    node [ id 1 label \"emb_b\" followers 1200 graphics [ x 1 ] ]\n node [ id 2 ]\n]\n";
        let loaded = ingest_files([("t.gml", file.as_bytes())]);
        let network = &loaded.network;
        let ids: Vec<&str> = network.accounts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["emb_b", "2"]);
        assert_eq!(network.accounts[0].attributes["followers"], "1200");
        assert!(!network.accounts[0].attributes.contains_key("graphics"));
        assert_eq!(network.interactions.kind, [Kind::Repost]);
        assert_eq!(
            (network.interactions.actor[0], network.interactions.target[0]),
            (1, 0)
        );
        assert_eq!(network.interactions.weight, [2.0]);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }
}
