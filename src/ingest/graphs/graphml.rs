//! GraphML, as written by networkx, igraph, Gephi, yEd, NodeXL and graphology.
//!
//! Read as a stream of XML events ([`crate::ingest::framing::xml`]): memory holds the network and the keys,
//! not the file. Elements are matched by local name; namespaces are ignored.
//!
//! * `<key id for attr.name>` declares what `<data key="id">` means (data refer to the
//!   key's *id*). `for` may be `node`, `edge`, `graph` or `all`; a `<default>` fills nodes
//!   and edges that lack the value. Keys without `attr.name` (yEd) are named by their id;
//!   yEd's `yfiles.type` graphics keys and the nested graphics XML inside their data are
//!   ignored, except that a yEd `<y:NodeLabel>` gives the node's label when it has none.
//! * A `<node id>` is the account `id` (as written). Its data become attributes keyed by
//!   the key's `attr.name`, except: `label` (any case) is the account's label, `name` its
//!   display name (igraph writes vertex names there), and Gephi's layout keys
//!   (`x y z size r g b`) are dropped.
//! * An `<edge source target>` is one interaction; parallel edges are separate
//!   interactions. Its weight is the data named `weight` or `Edge Weight` (NodeXL; default 1).
//!   A weight that is no number (a key declared `string` or `boolean`: `strong`, `true`)
//!   gives weight 1, with one warning per file: the edge itself is real. A NaN or infinite
//!   one skips the edge, as in every format.
//!   Its kind is the first data named kind/type/relationship (NodeXL)/label that names a
//!   kind (`retweet`, `Replies to`...), else `link`; its time the data named
//!   timestamp/time/date/`Relationship Date (UTC)`, when a date. `edge@directed` overrides
//!   the graph's `edgedefault`; undirected edges are added both ways (see [`crate::ingest::graphs`]).
//!   A missing `edgedefault` (required by the specification) is taken as undirected, as
//!   networkx and igraph take it, with a note.
//! * `<data>` naming an undeclared key: the value is skipped, one warning per key.
//!   Nested graphs (inside a node), hyperedges and ports are skipped with one warning each;
//!   the node that holds a nested graph is kept. Graph-level data is ignored.
//! * Edges to undeclared nodes create the node, with one warning per file (GraphML allows
//!   edges before the nodes they name, so this is decided at the end of the file).
//! * A DOCTYPE/ENTITY declaration stops the file; malformed or truncated XML keeps what was
//!   complete before it (see [`crate::ingest::framing::xml`]).
//!
//! Complexity: linear in the file; memory proportional to the nodes and keys.

use std::collections::{HashMap, HashSet};

use crate::ingest::framing::xml::{Element, Position, XmlHandler, XmlStream};
use crate::ingest::graphs::{
    self as graph, is_layout, normalise, Declarations, Edge, KIND_NAMES, TIME_NAMES, WEIGHT_NAMES,
};
use crate::ingest::{FormatReader, Sink};

pub struct GraphmlReader {
    xml: XmlStream,
    document: Document,
}

impl GraphmlReader {
    pub fn new() -> Self {
        GraphmlReader {
            xml: XmlStream::new(),
            document: Document::default(),
        }
    }
}

impl Default for GraphmlReader {
    fn default() -> Self {
        Self::new()
    }
}

impl FormatReader for GraphmlReader {
    fn feed(&mut self, chunk: &[u8], sink: &mut Sink) {
        self.xml.feed(chunk, &mut self.document, sink);
    }

    fn finish(&mut self, sink: &mut Sink) {
        self.xml.finish(sink);
        self.document.declarations.report(sink);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Domain {
    Node,
    Edge,
    Graph,
    All,
    Other,
}

struct Key {
    domain: Domain,
    /// `attr.name`, or the key's id when it has none.
    name: String,
    default: Option<String>,
    /// yEd/yFiles graphics (`yfiles.type`): nested XML, not a value.
    graphics: bool,
}

/// A `<data>` being read.
struct PendingData {
    key: String,
    text: String,
    /// Depth of elements nested inside the data (yEd graphics).
    nested: u32,
    /// Inside a yEd `<NodeLabel>` (its text is the node's label).
    in_label: bool,
    label: Option<String>,
}

#[derive(Default)]
struct PendingItem {
    /// Node id, or edge source.
    id: Option<String>,
    target: Option<String>,
    directed: Option<bool>,
    /// (key id, value) in file order.
    data: Vec<(String, String)>,
    /// A yEd label found in graphics data.
    graphics_label: Option<String>,
    line: u64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Item {
    Node,
    Edge,
}

#[derive(Default)]
struct Document {
    keys: HashMap<String, Key>,
    /// Key being declared, and the text of its `<default>`.
    key: Option<(String, Key)>,
    default_text: Option<String>,
    /// Directedness of each open `<graph>` (the innermost decides).
    graphs: Vec<bool>,
    /// Open nodes and edges, innermost last.
    items: Vec<(Item, PendingItem)>,
    data: Option<PendingData>,
    /// Depth inside an element being skipped (nested graph, hyperedge, port).
    skipping: u32,
    declarations: Declarations,
    warned_keys: HashSet<String>,
    warned_nested: HashSet<&'static str>,
    warned_weight: bool,
}

fn owned(element: &Element, name: &str) -> Option<String> {
    element.attr(name).map(|value| value.into_owned())
}

impl XmlHandler for Document {
    fn start(&mut self, element: &Element, at: Position, sink: &mut Sink) {
        if self.skipping > 0 {
            self.skipping += 1;
            return;
        }
        if let Some(data) = self.data.as_mut() {
            data.nested += 1;
            data.in_label = element.name == "NodeLabel";
            return;
        }
        match element.name {
            "key" => self.start_key(element),
            "default" if self.key.is_some() => self.default_text = Some(String::new()),
            "graph" => {
                if !self.items.is_empty() {
                    self.skip("nested graphs", element.name, at, sink);
                    return;
                }
                // The specification requires `edgedefault`; without it networkx and igraph
                // read the graph as undirected, and so does attaché, saying so.
                let directed = match element.attr("edgedefault").as_deref().map(str::trim) {
                    Some(value) if value.eq_ignore_ascii_case("directed") => true,
                    Some(_) => false,
                    None => {
                        sink.note_once(
                            "the <graph> has no `edgedefault`: its edges were read as undirected (both \
                             directions), as networkx and igraph read them; edges marked directed=\"true\" \
                             keep their direction",
                        );
                        false
                    }
                };
                self.graphs.push(directed);
            }
            "node" => self.items.push((
                Item::Node,
                PendingItem {
                    id: owned(element, "id"),
                    line: at.line,
                    ..PendingItem::default()
                },
            )),
            "edge" => self.items.push((
                Item::Edge,
                PendingItem {
                    id: owned(element, "source"),
                    target: owned(element, "target"),
                    directed: element.attr("directed").map(|value| value.trim() != "false"),
                    line: at.line,
                    ..PendingItem::default()
                },
            )),
            "data" => self.start_data(element, at, sink),
            "hyperedge" => self.skip("hyperedges", element.name, at, sink),
            "port" => self.skip("ports", element.name, at, sink),
            _ => {}
        }
    }

    fn end(&mut self, name: &str, _at: Position, sink: &mut Sink) {
        if self.skipping > 0 {
            self.skipping -= 1;
            return;
        }
        if let Some(data) = self.data.as_mut() {
            if data.nested > 0 {
                data.nested -= 1;
                data.in_label = false;
                return;
            }
            self.end_data();
            return;
        }
        match name {
            "default" => {
                if let (Some(text), Some((_, key))) = (self.default_text.take(), self.key.as_mut()) {
                    key.default = Some(text.trim().to_owned());
                }
            }
            "key" => {
                if let Some((id, key)) = self.key.take() {
                    self.keys.insert(id, key);
                }
            }
            "graph" => {
                self.graphs.pop();
            }
            "node" | "edge" => {
                if let Some((item, pending)) = self.items.pop() {
                    match item {
                        Item::Node => self.add_node(pending, sink),
                        Item::Edge => self.add_edge(pending, sink),
                    }
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str, _sink: &mut Sink) {
        if self.skipping > 0 {
            return;
        }
        if let Some(data) = self.data.as_mut() {
            if data.nested == 0 {
                data.text.push_str(text);
            } else if data.in_label {
                data.label.get_or_insert_with(String::new).push_str(text);
            }
        } else if let Some(default) = self.default_text.as_mut() {
            default.push_str(text);
        }
    }
}

impl Document {
    fn start_key(&mut self, element: &Element) {
        let Some(id) = owned(element, "id") else {
            return;
        };
        let domain = match element.attr("for").as_deref() {
            Some("node") => Domain::Node,
            Some("edge") => Domain::Edge,
            Some("graph") => Domain::Graph,
            Some("all") | None => Domain::All,
            Some(_) => Domain::Other,
        };
        let key = Key {
            domain,
            name: owned(element, "attr.name").unwrap_or_else(|| id.clone()),
            default: None,
            graphics: element.attr("yfiles.type").is_some(),
        };
        self.key = Some((id, key));
    }

    fn start_data(&mut self, element: &Element, at: Position, sink: &mut Sink) {
        let key = owned(element, "key").unwrap_or_default();
        if !self.keys.contains_key(&key) && self.warned_keys.insert(key.clone()) {
            sink.warn(
                Some(at.line),
                format!("<data key=\"{key}\"> names no declared <key>; its values are skipped"),
            );
        }
        self.data = Some(PendingData {
            key,
            text: String::new(),
            nested: 0,
            in_label: false,
            label: None,
        });
    }

    fn end_data(&mut self) {
        let Some(data) = self.data.take() else {
            return;
        };
        let Some(key) = self.keys.get(&data.key) else {
            return;
        };
        let Some((_, item)) = self.items.last_mut() else {
            return; // graph-level data
        };
        if key.graphics {
            if item.graphics_label.is_none() {
                item.graphics_label = data.label.map(|label| label.trim().to_owned());
            }
        } else {
            item.data.push((data.key, data.text));
        }
    }

    fn skip(&mut self, what: &'static str, element: &str, at: Position, sink: &mut Sink) {
        self.skipping = 1;
        if self.warned_nested.insert(what) {
            sink.warn(
                Some(at.line),
                format!(
                    "{what} are not supported: <{element}> at line {} and any like it were skipped",
                    at.line
                ),
            );
        }
    }

    /// The item's values by key name, declared defaults first so given values win.
    fn values(&self, item: &PendingItem, domain: Domain) -> Vec<(String, String)> {
        let mut values: Vec<(String, String)> = Vec::new();
        let given: HashSet<&str> = item.data.iter().map(|(key, _)| key.as_str()).collect();
        let mut defaults: Vec<(&String, &Key)> = self
            .keys
            .iter()
            .filter(|(id, key)| {
                key.default.is_some()
                    && matches!(key.domain, d if d == domain || d == Domain::All)
                    && !given.contains(id.as_str())
            })
            .collect();
        defaults.sort_by(|a, b| a.0.cmp(b.0));
        for (_, key) in defaults {
            values.push((key.name.clone(), key.default.clone().unwrap_or_default()));
        }
        for (id, value) in &item.data {
            if let Some(key) = self.keys.get(id) {
                values.push((key.name.clone(), value.clone()));
            }
        }
        values
    }

    fn add_node(&mut self, item: PendingItem, sink: &mut Sink) {
        sink.record();
        let Some(id) = item.id.clone().filter(|id| !id.is_empty()) else {
            sink.skip(
                Some(item.line),
                "a <node> without an id was skipped; expected <node id=\"...\">",
            );
            return;
        };
        let values = self.values(&item, Domain::Node);
        let idx = graph::account(sink, &id);
        self.declarations.declare(idx);
        let account = sink.network.account_mut(idx);
        for (name, value) in values {
            match normalise(&name).as_str() {
                "label" => account.label = Some(value.trim().to_owned()).filter(|label| !label.is_empty()),
                "name" => account.name = Some(value.trim().to_owned()).filter(|name| !name.is_empty()),
                _ if is_layout(&name) => {}
                _ => {
                    account.attributes.insert(name, value.trim().to_owned());
                }
            }
        }
        if account.label.is_none() {
            account.label = item.graphics_label.filter(|label| !label.is_empty());
        }
    }

    fn add_edge(&mut self, item: PendingItem, sink: &mut Sink) {
        sink.record();
        let (Some(source), Some(target)) = (item.id.as_deref(), item.target.as_deref()) else {
            sink.skip(
                Some(item.line),
                "an <edge> without a source or target was skipped; expected <edge source=\"...\" target=\"...\">",
            );
            return;
        };
        let values = self.values(&item, Domain::Edge);
        let named = |names: &[&str]| -> Vec<&str> {
            names
                .iter()
                .flat_map(|wanted| {
                    values
                        .iter()
                        .filter(move |(name, _)| normalise(name) == *wanted)
                        .map(|(_, value)| value.as_str())
                })
                .collect()
        };
        let weight = match named(&WEIGHT_NAMES).last().map(|text| graph::parse_weight(text)) {
            None => 1.0,
            Some(Ok(weight)) => weight,
            Some(Err(reason))
                if named(&WEIGHT_NAMES)
                    .last()
                    .is_some_and(|text| is_non_finite(text)) =>
            {
                // NaN or infinite, as in every format: no weight to give the edge.
                sink.skip(
                    Some(item.line),
                    format!("edge '{source}' → '{target}' skipped: {reason}"),
                );
                return;
            }
            Some(Err(reason)) => {
                // A weight key declared `string` or `boolean` still names a real edge.
                if !std::mem::replace(&mut self.warned_weight, true) {
                    sink.warn(
                        Some(item.line),
                        format!(
                            "edge '{source}' → '{target}': {reason}; edges whose weight is not a number \
                             were kept with weight 1"
                        ),
                    );
                }
                1.0
            }
        };
        let kind = graph::kind_of(named(&KIND_NAMES));
        let time = named(&TIME_NAMES).into_iter().find_map(graph::parse_graph_time);
        let directed = item
            .directed
            .unwrap_or_else(|| self.graphs.last().copied().unwrap_or(true));
        let source = graph::account(sink, source);
        let target = graph::account(sink, target);
        self.declarations.reference(source, Some(item.line));
        self.declarations.reference(target, Some(item.line));
        let edge = Edge {
            kind,
            weight,
            time,
            undirected: !directed,
        };
        graph::add_edge(sink, source, target, edge);
    }
}

/// NaN or an infinity, which parse as numbers but give no weight.
fn is_non_finite(text: &str) -> bool {
    text.trim().parse::<f64>().is_ok_and(|w| !w.is_finite())
}

#[cfg(test)]
mod tests {
    use crate::ingest::ingest_files;
    use crate::network::Kind;

    const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key id="d0" for="node" attr.name="label" attr.type="string"/>
  <key id="d1" for="node" attr.name="followers" attr.type="long"><default>0</default></key>
  <key id="d2" for="edge" attr.name="weight" attr.type="double"/>
  <key id="d3" for="edge" attr.name="Relationship" attr.type="string"/>
  <key id="d4" for="node" yfiles.type="nodegraphics"/>
  <graph id="G" edgedefault="directed">
    <edge source="111" target="222"><data key="d2">3.0</data><data key="d3">Replies to</data></edge>
    <node id="111"><data key="d0">emb_b</data><data key="d1">1200</data><data key="zz">x</data></node>
    <node id="222"><data key="d4"><y:ShapeNode><y:Geometry x="1"/><y:NodeLabel>mfa_a</y:NodeLabel></y:ShapeNode></data>
      <graph id="inner" edgedefault="directed"><node id="ghost"/></graph>
    </node>
    <edge source="222" target="111" directed="false"/>
    <hyperedge><endpoint node="111"/></hyperedge>
  </graph>
</graphml>"#;

    #[test]
    fn keys_defaults_labels_kinds_and_skipped_structures() {
        let loaded = ingest_files([("small.graphml", SMALL.as_bytes())]);
        let network = &loaded.network;
        let ids: Vec<&str> = network.accounts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["111", "222"], "the nested graph's node is skipped");
        assert_eq!(network.accounts[0].label.as_deref(), Some("emb_b"));
        assert_eq!(network.accounts[0].attributes["followers"], "1200");
        assert_eq!(network.accounts[1].attributes["followers"], "0", "default");
        assert_eq!(network.accounts[1].label.as_deref(), Some("mfa_a"), "yEd label");
        assert_eq!(network.interactions.kind, [Kind::Reply, Kind::Link, Kind::Link]);
        assert_eq!(network.interactions.weight, [3.0, 1.0, 1.0]);
        let messages: Vec<&str> = loaded.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("key=\"zz\""));
        assert!(messages[1].starts_with("nested graphs"));
        assert!(messages[2].starts_with("hyperedges"));
        assert_eq!(loaded.warnings[0].line, Some(10));
    }
}
