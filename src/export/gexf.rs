//! GEXF 1.3, the graph format of Gephi (<https://gexf.net/>): the network with its
//! scores as node attributes, the accounts' attributes, and, when the page has them,
//! the map's positions, sizes and colours (the `viz` namespace), so that the file opens
//! in Gephi looking as it did in the page.
//!
//! Edges are the CSR's merged directed edges (actor → target, attention), weighted by
//! the kind weights in force. Every text is escaped for XML 1.0; characters XML 1.0
//! cannot carry at all (most control characters) become U+FFFD.
//!
//! Complexity: O(V × columns + E) time, streaming (no document is built in memory).

use std::io::{self, Write};

use crate::csr::Csr;
use crate::metrics;
use crate::scores::{format_value, ScoreTable};

use super::Names;

/// What the map shows of each account, in account order.
#[derive(Clone, Copy, Debug, Default)]
pub struct Visual<'a> {
    /// `x0, y0, x1, y1, ...`
    pub positions: Option<&'a [f64]>,
    /// One size per account.
    pub sizes: Option<&'a [f64]>,
    /// `r0, g0, b0, r1, ...`
    pub colours: Option<&'a [u8]>,
}

/// Writes the GEXF document.
pub fn write(
    names: &Names,
    graph: &Csr,
    table: &ScoreTable,
    visual: &Visual,
    mut out: impl Write,
) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
    )?;
    writeln!(out, "  <meta>")?;
    writeln!(
        out,
        "    <creator>attaché {}</creator>",
        env!("CARGO_PKG_VERSION")
    )?;
    let description = if names.is_pseudonymous() {
        "Interaction network with influence scores; accounts pseudonymised"
    } else {
        "Interaction network with influence scores"
    };
    writeln!(out, "    <description>{description}</description>")?;
    writeln!(out, "  </meta>")?;
    writeln!(out, r#"  <graph defaultedgetype="directed" mode="static">"#)?;
    write_attribute_declarations(names, table, &mut out)?;
    write_nodes(names, graph.node_count(), table, visual, &mut out)?;
    write_edges(names, graph, &mut out)?;
    writeln!(out, "  </graph>")?;
    writeln!(out, "</gexf>")?;
    out.flush()
}

fn score_attribute_id(metric: &str) -> String {
    format!("score:{metric}")
}

fn account_attribute_id(key: &str) -> String {
    format!("attribute:{key}")
}

fn write_attribute_declarations(names: &Names, table: &ScoreTable, out: &mut impl Write) -> io::Result<()> {
    if table.metrics.is_empty() && names.attributes().is_empty() {
        return Ok(());
    }
    writeln!(out, r#"    <attributes class="node" mode="static">"#)?;
    for metric in &table.metrics {
        let title = metrics::find(metric).map_or(metric.as_str(), |m| m.info.name);
        writeln!(
            out,
            r#"      <attribute id="{}" title="{}" type="double"/>"#,
            escape(&score_attribute_id(metric)),
            escape(title)
        )?;
    }
    for key in names.attributes() {
        writeln!(
            out,
            r#"      <attribute id="{}" title="{}" type="string"/>"#,
            escape(&account_attribute_id(key)),
            escape(key)
        )?;
    }
    writeln!(out, "    </attributes>")
}

fn write_nodes(
    names: &Names,
    node_count: usize,
    table: &ScoreTable,
    visual: &Visual,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(out, "    <nodes>")?;
    for account in 0..node_count {
        writeln!(
            out,
            r#"      <node id="{}" label="{}">"#,
            escape(names.id(account)),
            escape(names.label(account))
        )?;
        writeln!(out, "        <attvalues>")?;
        for (metric, column) in table.metrics.iter().zip(&table.columns) {
            let value = column[account];
            if value.is_finite() {
                writeln!(
                    out,
                    r#"          <attvalue for="{}" value="{}"/>"#,
                    escape(&score_attribute_id(metric)),
                    format_value(value)
                )?;
            }
        }
        for key in names.attributes() {
            if let Some(value) = names.attribute(account, key) {
                writeln!(
                    out,
                    r#"          <attvalue for="{}" value="{}"/>"#,
                    escape(&account_attribute_id(key)),
                    escape(value)
                )?;
            }
        }
        writeln!(out, "        </attvalues>")?;
        write_viz(account, visual, out)?;
        writeln!(out, "      </node>")?;
    }
    writeln!(out, "    </nodes>")
}

fn write_viz(account: usize, visual: &Visual, out: &mut impl Write) -> io::Result<()> {
    if let Some((x, y)) = visual
        .positions
        .and_then(|p| Some((*p.get(2 * account)?, *p.get(2 * account + 1)?)))
        .filter(|(x, y)| x.is_finite() && y.is_finite())
    {
        writeln!(out, r#"        <viz:position x="{x}" y="{y}" z="0"/>"#)?;
    }
    if let Some(size) = visual
        .sizes
        .and_then(|s| s.get(account).copied())
        .filter(|s| s.is_finite())
    {
        writeln!(out, r#"        <viz:size value="{size}"/>"#)?;
    }
    if let Some(rgb) = visual.colours.and_then(|c| c.get(3 * account..3 * account + 3)) {
        writeln!(
            out,
            r#"        <viz:color r="{}" g="{}" b="{}"/>"#,
            rgb[0], rgb[1], rgb[2]
        )?;
    }
    Ok(())
}

fn write_edges(names: &Names, graph: &Csr, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "    <edges>")?;
    let mut edge_id = 0usize;
    for source in 0..graph.node_count() {
        let source_id = escape(names.id(source));
        for (&target, &weight) in graph.out.neighbours(source).iter().zip(graph.out.weights(source)) {
            writeln!(
                out,
                r#"      <edge id="{edge_id}" source="{source_id}" target="{}" weight="{}"/>"#,
                escape(names.id(target as usize)),
                format_value(weight)
            )?;
            edge_id += 1;
        }
    }
    writeln!(out, "    </edges>")
}

/// Escapes text for an XML 1.0 attribute or element: markup characters as entities,
/// whitespace that attribute normalisation would fold as character references, and
/// characters XML 1.0 forbids as U+FFFD.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' => escaped.push_str("&#9;"),
            '\n' => escaped.push_str("&#10;"),
            '\r' => escaped.push_str("&#13;"),
            c if is_xml_char(c) => escaped.push(c),
            _ => escaped.push('\u{FFFD}'),
        }
    }
    escaped
}

/// XML 1.0's `Char` production.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use quick_xml::events::Event;
    use quick_xml::Reader;

    use super::*;
    use crate::network::{Interaction, Kind, Network, NetworkBuilder, Platform};

    fn tricky_network() -> Network {
        let mut builder = NetworkBuilder::default();
        let ids = [
            "<img src=x onerror=alert(1)>",
            "a&b \"quoted\" 'single'",
            "tab\tnew\nline\u{1}",
            "plain",
        ];
        let indices: Vec<u32> = ids
            .iter()
            .map(|id| builder.account(Platform::Generic, id))
            .collect();
        for (index, country) in indices.iter().zip(["FR", "FR", "DE", "DE"]) {
            builder
                .account_mut(*index)
                .attributes
                .insert("country".into(), country.into());
        }
        for (a, b) in [(0, 1), (1, 2), (2, 0), (3, 0)] {
            builder.interact(Interaction::new(indices[a], indices[b], Kind::Repost));
        }
        builder.finish()
    }

    /// Parses the document back: node id → (label, attribute values, position).
    #[allow(clippy::type_complexity)]
    fn parse(
        document: &[u8],
    ) -> (
        BTreeMap<String, (String, BTreeMap<String, String>, Option<(f64, f64)>)>,
        usize,
    ) {
        let mut reader = Reader::from_reader(document);
        let mut nodes = BTreeMap::new();
        let mut edges = 0;
        let mut current: Option<String> = None;
        let mut buffer = Vec::new();
        loop {
            let event = reader.read_event_into(&mut buffer).expect("well-formed XML");
            let element = match &event {
                Event::Start(e) | Event::Empty(e) => Some(e.clone()),
                Event::Eof => break,
                _ => None,
            };
            if let Some(element) = element {
                let attributes: BTreeMap<String, String> = element
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        let key = a.key.as_ref().to_owned();
                        (
                            key,
                            a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                                .unwrap()
                                .into_owned(),
                        )
                    })
                    .collect();
                match element.name().as_ref() {
                    "node" => {
                        let id = attributes["id"].clone();
                        nodes.insert(id.clone(), (attributes["label"].clone(), BTreeMap::new(), None));
                        current = Some(id);
                    }
                    "attvalue" => {
                        let node = nodes.get_mut(current.as_ref().unwrap()).unwrap();
                        node.1
                            .insert(attributes["for"].clone(), attributes["value"].clone());
                    }
                    "viz:position" => {
                        let node = nodes.get_mut(current.as_ref().unwrap()).unwrap();
                        node.2 = Some((attributes["x"].parse().unwrap(), attributes["y"].parse().unwrap()));
                    }
                    "edge" => edges += 1,
                    _ => {}
                }
            }
            buffer.clear();
        }
        (nodes, edges)
    }

    #[test]
    fn hostile_ids_survive_a_round_trip_through_an_xml_parser() {
        let network = tricky_network();
        let graph = Csr::from_network(&network, &Default::default());
        let table = ScoreTable {
            metrics: vec!["pagerank".into()],
            columns: vec![vec![0.5, 0.25, 0.125, f64::NAN]],
        };
        let positions = [1.0, 2.0, -3.5, 4.0, 0.0, 0.0, 1e-3, -7.0];
        let visual = Visual {
            positions: Some(&positions),
            ..Visual::default()
        };
        let mut document = Vec::new();
        write(&Names::real(&network), &graph, &table, &visual, &mut document).unwrap();
        let (nodes, edges) = parse(&document);
        assert_eq!(edges, 4);
        let first = &nodes["<img src=x onerror=alert(1)>"];
        assert_eq!(first.1["score:pagerank"], "0.5");
        assert_eq!(first.1["attribute:country"], "FR");
        assert_eq!(first.2, Some((1.0, 2.0)));
        assert!(nodes.contains_key("a&b \"quoted\" 'single'"));
        assert!(nodes.contains_key("tab\tnew\nline\u{FFFD}"), "{:?}", nodes.keys());
        assert!(
            !nodes["plain"].1.contains_key("score:pagerank"),
            "NaN is left out"
        );
    }

    #[test]
    fn pseudonymous_gexf_names_no_account() {
        let network = tricky_network();
        let graph = Csr::from_network(&network, &Default::default());
        let table = ScoreTable::default();
        let mut document = Vec::new();
        write(
            &Names::pseudonymous(&network, "9"),
            &graph,
            &table,
            &Visual::default(),
            &mut document,
        )
        .unwrap();
        let (nodes, edges) = parse(&document);
        assert_eq!(edges, 4);
        assert!(nodes.keys().all(|id| id.starts_with("Account 000")));
        let text = String::from_utf8(document).unwrap();
        assert!(!text.contains("plain") && !text.contains("img"));
    }

    #[test]
    fn escaping_covers_markup_and_forbidden_characters() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
        assert_eq!(escape("\u{0}\u{8}ok\u{FFFE}"), "\u{FFFD}\u{FFFD}ok\u{FFFD}");
        assert_eq!(escape("émoji 🙂"), "émoji 🙂");
    }
}
