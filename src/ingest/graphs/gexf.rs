//! GEXF, Gephi's XML graph format: versions 1.1draft, 1.2draft and 1.3.
//!
//! Read as a stream of XML events ([`crate::ingest::framing::xml`]): memory holds the network, not the file.
//! Elements are matched by local name and namespaces are ignored (the namespace and the
//! `version` attribute often disagree, and broken namespace URIs circulate).
//!
//! * A `<node id label>` is the account `id` (the id text as written: `"0.0"` stays `0.0`),
//!   with `label` as its label. Its `<attvalue for value>`s become the account's attributes,
//!   keyed by the attribute's *title*; `for` names the attribute's id, or its title. A
//!   `for` that names no declared attribute is kept under that name, with one warning per
//!   file. Declared defaults fill what a node does not give. A dynamic attribute with
//!   several values keeps the last one written.
//! * An `<edge source target>` is one interaction of weight `weight` (default 1; a dynamic
//!   weight is an edge attribute titled `weight`). Its kind is the first of `kind`, `type`,
//!   an edge attribute titled type/kind, and `label` that names a kind (`retweet`...), else
//!   `link`. Direction: `type="undirected"` or `"mutual"` on the edge, or the graph's
//!   `defaultedgetype` when the edge says nothing (the specification's default is
//!   *undirected*), adds the interaction both ways (see [`crate::ingest::graphs`]).
//! * Time: the earliest of the edge's `start`, `timestamp`, and its spells' (`<spell>`, 1.1
//!   `<slice>`) `start`/`timestamp`, when it is a date or date-time. Numeric times are
//!   Gephi's abstract time indices, not dates, and leave the time empty. Node times are
//!   ignored (they say when the node is visible, not when the account was created).
//! * `viz:*`, `meta`, hierarchy (`pid`, nested `<nodes>`: nested nodes are read as nodes)
//!   and edge attributes other than weight and kind are ignored.
//! * Edges to undeclared nodes create the node, with one warning per file.
//! * A DOCTYPE/ENTITY declaration stops the file; malformed or truncated XML keeps what was
//!   complete before it (see [`crate::ingest::framing::xml`]).
//!
//! Complexity: linear in the file; memory proportional to the nodes and the declared attributes.

use std::collections::HashMap;

use crate::ingest::framing::xml::{Element, Position, XmlHandler, XmlStream};
use crate::ingest::graphs::{self as graph, normalise, parse_graph_time, parse_weight, Declarations, Edge};
use crate::ingest::{FormatReader, Sink};
use crate::network::Timestamp;

pub struct GexfReader {
    xml: XmlStream,
    document: Document,
}

impl GexfReader {
    pub fn new() -> Self {
        GexfReader {
            xml: XmlStream::new(),
            document: Document::default(),
        }
    }
}

impl Default for GexfReader {
    fn default() -> Self {
        Self::new()
    }
}

impl FormatReader for GexfReader {
    fn feed(&mut self, chunk: &[u8], sink: &mut Sink) {
        self.xml.feed(chunk, &mut self.document, sink);
    }

    fn finish(&mut self, sink: &mut Sink) {
        self.xml.finish(sink);
        self.document.declarations.report(sink);
    }
}

/// Declared attributes of one class (node or edge): by id and by title.
#[derive(Default)]
struct AttributeTable {
    titles: Vec<String>,
    defaults: Vec<Option<String>>,
    by_id: HashMap<String, usize>,
    by_title: HashMap<String, usize>,
}

impl AttributeTable {
    fn declare(&mut self, declared: DeclaredAttribute) {
        let index = self.titles.len();
        let title = declared.title.unwrap_or_else(|| declared.id.clone());
        self.by_id.insert(declared.id, index);
        self.by_title.entry(title.clone()).or_insert(index);
        self.titles.push(title);
        self.defaults.push(declared.default);
    }

    /// The title an `attvalue@for` refers to, if declared (by id, else by title).
    fn title_for(&self, reference: &str) -> Option<&str> {
        let index = self
            .by_id
            .get(reference)
            .or_else(|| self.by_title.get(reference))?;
        Some(&self.titles[*index])
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Node,
    Edge,
}

struct DeclaredAttribute {
    class: Class,
    id: String,
    title: Option<String>,
    default: Option<String>,
}

struct PendingNode {
    id: Option<String>,
    label: Option<String>,
    /// (title, value) in file order.
    values: Vec<(String, String)>,
    line: u64,
}

struct PendingEdge {
    source: Option<String>,
    target: Option<String>,
    direction: Option<String>,
    weight: Option<String>,
    kind: Option<String>,
    label: Option<String>,
    time: Option<Timestamp>,
    values: Vec<(String, String)>,
    line: u64,
}

impl PendingEdge {
    fn value(&self, names: &[&str]) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(title, _)| names.contains(&normalise(title).as_str()))
            .map(|(_, value)| value.as_str())
    }

    fn add_time(&mut self, text: &str) {
        if let Some(time) = parse_graph_time(text) {
            self.time = Some(self.time.map_or(time, |earliest| earliest.min(time)));
        }
    }
}

/// Where an `<attvalue>` or `<spell>` belongs.
#[derive(Clone, Copy)]
enum Owner {
    Node,
    Edge,
}

struct Document {
    /// `defaultedgetype`: the specification's default is undirected.
    undirected_by_default: bool,
    node_attributes: AttributeTable,
    edge_attributes: AttributeTable,
    class: Class,
    attribute: Option<DeclaredAttribute>,
    default_text: Option<String>,
    nodes: Vec<PendingNode>,
    edge: Option<PendingEdge>,
    owners: Vec<Owner>,
    declarations: Declarations,
    warned_undeclared_attribute: bool,
}

impl Default for Document {
    fn default() -> Self {
        Document {
            undirected_by_default: true,
            node_attributes: AttributeTable::default(),
            edge_attributes: AttributeTable::default(),
            class: Class::Node,
            attribute: None,
            default_text: None,
            nodes: Vec::new(),
            edge: None,
            owners: Vec::new(),
            declarations: Declarations::default(),
            warned_undeclared_attribute: false,
        }
    }
}

fn owned(element: &Element, name: &str) -> Option<String> {
    element.attr(name).map(|value| value.into_owned())
}

impl XmlHandler for Document {
    fn start(&mut self, element: &Element, at: Position, sink: &mut Sink) {
        match element.name {
            "graph" => {
                if let Some(kind) = element.attr("defaultedgetype") {
                    self.undirected_by_default = is_undirected(&kind);
                }
            }
            "attributes" => {
                self.class = match element.attr("class").as_deref() {
                    Some("edge") => Class::Edge,
                    _ => Class::Node,
                };
            }
            "attribute" => {
                self.attribute = owned(element, "id").map(|id| DeclaredAttribute {
                    class: self.class,
                    id,
                    title: owned(element, "title"),
                    default: None,
                });
            }
            "default" if self.attribute.is_some() => self.default_text = Some(String::new()),
            "node" => {
                self.nodes.push(PendingNode {
                    id: owned(element, "id"),
                    label: owned(element, "label"),
                    values: Vec::new(),
                    line: at.line,
                });
                self.owners.push(Owner::Node);
            }
            "edge" => {
                let mut edge = PendingEdge {
                    source: owned(element, "source"),
                    target: owned(element, "target"),
                    direction: owned(element, "type"),
                    weight: owned(element, "weight"),
                    kind: owned(element, "kind"),
                    label: owned(element, "label"),
                    time: None,
                    values: Vec::new(),
                    line: at.line,
                };
                for name in ["start", "timestamp"] {
                    if let Some(time) = element.attr(name) {
                        edge.add_time(&time);
                    }
                }
                if let Some(list) = element.attr("timestamps") {
                    if let Some(first) = first_in_list(&list) {
                        edge.add_time(first);
                    }
                }
                self.edge = Some(edge);
                self.owners.push(Owner::Edge);
            }
            "attvalue" => self.attvalue(element, at, sink),
            "spell" | "slice" => {
                if let (Some(Owner::Edge), Some(edge)) = (self.owners.last(), self.edge.as_mut()) {
                    for name in ["start", "timestamp"] {
                        if let Some(time) = element.attr(name) {
                            edge.add_time(&time);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str, _at: Position, sink: &mut Sink) {
        match name {
            "default" => {
                if let (Some(text), Some(attribute)) = (self.default_text.take(), self.attribute.as_mut()) {
                    attribute.default = Some(text.trim().to_owned());
                }
            }
            "attribute" => {
                if let Some(declared) = self.attribute.take() {
                    match declared.class {
                        Class::Node => self.node_attributes.declare(declared),
                        Class::Edge => self.edge_attributes.declare(declared),
                    }
                }
            }
            "node" => {
                self.owners.pop();
                if let Some(node) = self.nodes.pop() {
                    self.add_node(node, sink);
                }
            }
            "edge" => {
                self.owners.pop();
                if let Some(edge) = self.edge.take() {
                    self.add_edge(edge, sink);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str, _sink: &mut Sink) {
        if let Some(default) = self.default_text.as_mut() {
            default.push_str(text);
        }
    }
}

impl Document {
    fn attvalue(&mut self, element: &Element, at: Position, sink: &mut Sink) {
        let (Some(reference), Some(value)) =
            (element.attr("for").or(element.attr("id")), element.attr("value"))
        else {
            return;
        };
        let owner = self.owners.last().copied();
        let table = match owner {
            Some(Owner::Node) => &self.node_attributes,
            Some(Owner::Edge) => &self.edge_attributes,
            None => return,
        };
        let title = match table.title_for(&reference) {
            Some(title) => title.to_owned(),
            None => {
                if !self.warned_undeclared_attribute {
                    self.warned_undeclared_attribute = true;
                    sink.warn(
                        Some(at.line),
                        format!(
                            "attvalue for=\"{reference}\" names no declared attribute; \
                             its values are kept under the name '{reference}'"
                        ),
                    );
                }
                reference.into_owned()
            }
        };
        let entry = (title, value.into_owned());
        match owner {
            Some(Owner::Node) => {
                if let Some(node) = self.nodes.last_mut() {
                    node.values.push(entry);
                }
            }
            Some(Owner::Edge) => {
                if let Some(edge) = self.edge.as_mut() {
                    edge.values.push(entry);
                }
            }
            None => {}
        }
    }

    fn add_node(&mut self, node: PendingNode, sink: &mut Sink) {
        sink.record();
        let Some(id) = node.id.filter(|id| !id.is_empty()) else {
            sink.skip(
                Some(node.line),
                "a <node> without an id was skipped; expected <node id=\"...\">",
            );
            return;
        };
        let idx = graph::account(sink, &id);
        self.declarations.declare(idx);
        let account = sink.network.account_mut(idx);
        if let Some(label) = node.label.filter(|label| !label.is_empty()) {
            account.label = Some(label);
        }
        let given: Vec<&str> = node.values.iter().map(|(title, _)| title.as_str()).collect();
        let table = &self.node_attributes;
        for (title, default) in table.titles.iter().zip(&table.defaults) {
            if let Some(default) = default {
                if !given.contains(&title.as_str()) {
                    account.attributes.insert(title.clone(), default.clone());
                }
            }
        }
        for (title, value) in node.values {
            account.attributes.insert(title, value);
        }
    }

    fn add_edge(&mut self, edge: PendingEdge, sink: &mut Sink) {
        sink.record();
        let (Some(source), Some(target)) = (edge.source.as_deref(), edge.target.as_deref()) else {
            sink.skip(
                Some(edge.line),
                "an <edge> without a source or target was skipped; expected <edge source=\"...\" target=\"...\">",
            );
            return;
        };
        let weight_text = edge.weight.as_deref().or_else(|| edge.value(&["weight"]));
        let weight = match weight_text.map(parse_weight) {
            None => 1.0,
            Some(Ok(weight)) => weight,
            Some(Err(reason)) => {
                sink.skip(
                    Some(edge.line),
                    format!("edge '{source}' → '{target}' skipped: {reason}"),
                );
                return;
            }
        };
        let direction = edge.direction.as_deref().map(str::to_ascii_lowercase);
        let undirected = match direction.as_deref() {
            Some(kind) if is_undirected(kind) => true,
            Some("directed") => false,
            _ => self.undirected_by_default,
        };
        let kind = graph::kind_of(
            [
                edge.kind.as_deref(),
                edge.direction.as_deref(),
                edge.value(&["type", "kind"]),
                edge.label.as_deref(),
            ]
            .into_iter()
            .flatten(),
        );
        let source = graph::account(sink, source);
        let target = graph::account(sink, target);
        self.declarations.reference(source, Some(edge.line));
        self.declarations.reference(target, Some(edge.line));
        let described = Edge {
            kind,
            weight,
            time: edge.time,
            undirected,
        };
        graph::add_edge(sink, source, target, described);
    }
}

fn is_undirected(kind: &str) -> bool {
    matches!(kind.trim().to_ascii_lowercase().as_str(), "undirected" | "mutual")
}

/// The first item of a GEXF list value: `<[2019-03-20, 2019-03-21]>` or `[a; b]`.
fn first_in_list(list: &str) -> Option<&str> {
    let inner = list
        .trim()
        .trim_start_matches(['<', '[', '('])
        .trim_end_matches(['>', ']', ')']);
    inner
        .split([',', ';'])
        .map(|item| item.trim().trim_matches(['[', ']', '(', ')', '"', '\'']).trim())
        .find(|item| !item.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ingest_files;
    use crate::network::Kind;

    const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph defaultedgetype="directed" timeformat="dateTime">
    <attributes class="node">
      <attribute id="0" title="followers" type="integer"/>
      <attribute id="1" title="country" type="string"><default>unknown</default></attribute>
    </attributes>
    <attributes class="edge"><attribute id="t" title="type" type="string"/></attributes>
    <nodes>
      <node id="111" label="emb_b"><attvalues><attvalue for="0" value="1200"/><attvalue for="country" value="BE"/></attvalues></node>
      <node id="222" label="mfa_a"/>
    </nodes>
    <edges>
      <edge source="111" target="222" weight="3">
        <attvalues><attvalue for="t" value="retweet"/></attvalues>
        <spells><spell start="2022-12-02T00:00:00" end="2022-12-31"/><spell start="2022-12-01T00:00:00"/></spells>
      </edge>
      <edge source="222" target="333" type="undirected" weight="1,5"/>
    </edges>
  </graph>
</gexf>"#;

    #[test]
    fn nodes_attributes_defaults_kinds_times_and_direction() {
        let loaded = ingest_files([("small.gexf", SMALL.as_bytes())]);
        let network = &loaded.network;
        let ids: Vec<&str> = network.accounts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["111", "222", "333"]);
        assert_eq!(network.accounts[0].label.as_deref(), Some("emb_b"));
        assert_eq!(network.accounts[0].attributes["followers"], "1200");
        assert_eq!(network.accounts[0].attributes["country"], "BE");
        assert_eq!(network.accounts[1].attributes["country"], "unknown");
        let interactions = &network.interactions;
        assert_eq!(interactions.kind, [Kind::Repost, Kind::Link, Kind::Link]);
        assert_eq!(interactions.weight, [3.0, 1.5, 1.5]);
        assert_eq!(interactions.time[0], 1_669_852_800, "earliest spell: 2022-12-01");
        assert_eq!(
            (interactions.actor[2], interactions.target[2]),
            (2, 1),
            "undirected: both ways"
        );
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert!(loaded.warnings[0].message.contains("'333' on line 18"));
    }

    #[test]
    fn lists_of_times() {
        assert_eq!(first_in_list("<[2019-03-20, 2019-03-21]>"), Some("2019-03-20"));
        assert_eq!(first_in_list("<[4.0, 14.0]; [21.0, 124.0]>"), Some("4.0"));
    }
}
