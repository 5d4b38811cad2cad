//! Graph files (GEXF, GraphML, Pajek, GML, node-link and graphology JSON) as users hold them:
//! counts per fixture against hand-computed expectations, spot checks of labels, attributes,
//! weights and times, every kind of bad input, and chunked ingest equal to whole-file ingest.
//!
//! Fixtures live in `tests/fixtures/<format>/` (provenance in `tests/fixtures/SOURCES.md`).
//! Counting conventions (see `src/ingest/graph.rs`): an undirected edge is two interactions,
//! a directed one is one, self-loops are dropped and counted, parallel edges all count.

use std::collections::BTreeMap;

use attache::ingest::{Format, Ingest, Loaded};
use attache::network::{Kind, Network, NO_TIME};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const GRAPH_FOLDERS: [&str; 6] = ["gexf", "graphml", "pajek", "gml", "node_link", "graphology"];

fn bytes(path: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Ingests one fixture in chunks of `chunk` bytes (`usize::MAX`: whole).
fn load_chunked(path: &str, chunk: usize) -> Loaded {
    let data = bytes(path);
    let mut ingest = Ingest::new();
    ingest.begin_file(path);
    for piece in data.chunks(chunk.min(data.len()).max(1)) {
        ingest.push(piece);
    }
    ingest.end_file();
    ingest.finish()
}

fn load(path: &str) -> Loaded {
    load_chunked(path, usize::MAX)
}

fn account<'n>(network: &'n Network, id: &str) -> &'n attache::network::Account {
    network
        .accounts
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no account '{id}' among {:?}", ids(network)))
}

fn ids(network: &Network) -> Vec<&str> {
    network.accounts.iter().map(|a| a.id.as_str()).collect()
}

/// What one fixture must give.
struct Expected {
    path: &'static str,
    format: Format,
    accounts: usize,
    /// Interactions by kind (kinds absent: none).
    kinds: &'static [(Kind, u64)],
    self_loops: u64,
    skipped: u64,
    warnings: usize,
}

const fn expect(
    path: &'static str,
    format: Format,
    accounts: usize,
    kinds: &'static [(Kind, u64)],
    self_loops: u64,
    skipped: u64,
    warnings: usize,
) -> Expected {
    Expected {
        path,
        format,
        accounts,
        kinds,
        self_loops,
        skipped,
        warnings,
    }
}

use Format::{Gexf, Gml, Graphml, Graphology, NodeLink, Pajek};
use Kind::{Follow, Link, Mention, Reply, Repost};

/// Copied samples: nodes and edges counted with `grep -c '<node '`/`'<edge '` and checked with
/// Python's ElementTree; direction from `defaultedgetype` (GEXF default: undirected),
/// `edgedefault`, and per-edge `type`/`directed`.
const SAMPLES: &[Expected] = &[
    // 2 nodes, 1 directed edge.
    expect("gexf/gexfspec_1.3_simple.gexf", Gexf, 2, &[(Link, 1)], 0, 0, 0),
    // 4 nodes, 5 directed edges.
    expect("gexf/gexfspec_site_data.gexf", Gexf, 4, &[(Link, 5)], 0, 0, 0),
    expect("gexf/gexfspec_site_dynamics.gexf", Gexf, 4, &[(Link, 5)], 0, 0, 0),
    // 2 nodes, 1 directed edge (its values are dynamic, in numeric time).
    expect(
        "gexf/gexfspec_site_dynamics_openintervals.gexf",
        Gexf,
        2,
        &[(Link, 1)],
        0,
        0,
        0,
    ),
    expect(
        "gexf/gexfspec_site_hello-world.gexf",
        Gexf,
        2,
        &[(Link, 1)],
        0,
        0,
        0,
    ),
    // 1 node, no edge.
    expect("gexf/gexfspec_site_viz.gexf", Gexf, 1, &[], 0, 0, 0),
    // 306 nodes, 2345 edges in an undirected graph: 2 × 2345 = 4690, no self-loop.
    expect(
        "gexf/graphology_celegans.gexf",
        Gexf,
        306,
        &[(Link, 4690)],
        0,
        0,
        0,
    ),
    expect("gexf/graphology_data.gexf", Gexf, 4, &[(Link, 5)], 0, 0, 0),
    expect("gexf/graphology_edge_viz.gexf", Gexf, 2, &[(Link, 1)], 0, 0, 0),
    // 77 nodes, 254 edges, directed.
    expect(
        "gexf/graphology_les_miserables.gexf",
        Gexf,
        77,
        &[(Link, 254)],
        0,
        0,
        0,
    ),
    expect("gexf/graphology_liststring.gexf", Gexf, 4, &[(Link, 5)], 0, 0, 0),
    expect("gexf/graphology_minimal.gexf", Gexf, 2, &[(Link, 1)], 0, 0, 0),
    // 2 declared nodes; edges name 2, 4, 5, 6 too: 6 accounts, 4 directed edges, one warning.
    expect(
        "gexf/graphology_missing_nodes.gexf",
        Gexf,
        6,
        &[(Link, 4)],
        0,
        0,
        1,
    ),
    // 2 directed edges + 1 `type="undirected"` (×2) = 4.
    expect("gexf/graphology_mixed.gexf", Gexf, 3, &[(Link, 4)], 0, 0, 0),
    // attvalue for="url"/"count" name no attribute: one warning.
    expect(
        "gexf/graphology_undeclared_attribute.gexf",
        Gexf,
        2,
        &[(Link, 1)],
        0,
        0,
        1,
    ),
    // No defaultedgetype: undirected by the specification, kind "likes" is no kind: 2 links.
    expect("gexf/graphology_v1_3.gexf", Gexf, 2, &[(Link, 2)], 0, 0, 0),
    // 6 nodes, 7 undirected edges.
    expect(
        "graphml/graphology_attributes.graphml",
        Graphml,
        6,
        &[(Link, 14)],
        0,
        0,
        0,
    ),
    // 11 nodes, 12 undirected edges.
    expect(
        "graphml/graphology_basic.graphml",
        Graphml,
        11,
        &[(Link, 24)],
        0,
        0,
        0,
    ),
    // 77 nodes, 254 undirected edges.
    expect(
        "graphml/graphology_miserables.graphml",
        Graphml,
        77,
        &[(Link, 508)],
        0,
        0,
        0,
    ),
    // Same graph; keys `label` and `modularity_class` undeclared: one warning per key.
    expect(
        "graphml/graphology_miserables_broken.graphml",
        Graphml,
        77,
        &[(Link, 508)],
        0,
        0,
        2,
    ),
    // 8 edges: 6 undirected (×2) + 2 `directed="true"` = 14.
    expect(
        "graphml/graphology_mixed_multigraph.graphml",
        Graphml,
        6,
        &[(Link, 14)],
        0,
        0,
        0,
    ),
    // 9 undirected edges (two parallel pairs): 18.
    expect(
        "graphml/graphology_multigraph.graphml",
        Graphml,
        6,
        &[(Link, 18)],
        0,
        0,
        0,
    ),
    // 12 nodes, 21 edges; no `options`, so a mixed graph of directed edges.
    expect(
        "graphology/graphology_clique3.json",
        Graphology,
        12,
        &[(Link, 21)],
        0,
        0,
        0,
    ),
];

/// Hand-made files: each count is derived line by line in the comment.
const HANDMADE: &[Expected] = &[
    // Nodes 111, 222 (nested 222.1) and one without id (skipped). Edges: e1 type=retweet (a
    // kind, graph default directed) → repost; e2 kind=mention; e3 mutual → 2 links; e4 Kind
    // attribute "reply"; e5 NaN weight (skipped); e6 no target (skipped); e7 self-loop;
    // e8 → undeclared 444 (link). Warnings: undeclared attribute url, node without id, NaN,
    // no target, undeclared node 444.
    expect(
        "gexf/traps.gexf",
        Gexf,
        4,
        &[(Repost, 1), (Reply, 1), (Mention, 1), (Link, 3)],
        1,
        3,
        5,
    ),
    // A DOCTYPE with entities: refused before anything is read.
    expect("gexf/doctype.gexf", Gexf, 0, &[], 0, 0, 1),
    // First 10,000 bytes of Les Misérables: `grep -c '</node>'` = 30 complete nodes, no edge.
    expect("gexf/truncated_les_miserables.gexf", Gexf, 30, &[], 0, 0, 1),
    // edgedefault undirected. Edge "early" retweet (×2, before its nodes); two parallel
    // directed="true" links; 222 → 333 weight "heavy" (kept with weight 1, ×2); 222 → 444
    // (×2); no target (skipped). The nested graph, port and hyperedge are skipped. Accounts
    // 111, 222, 333, 444. Warnings: key ghost, nested graph, port, heavy, hyperedge, no
    // target, undeclared 333 and 444 (one warning).
    expect(
        "graphml/traps.graphml",
        Graphml,
        4,
        &[(Repost, 2), (Link, 6)],
        0,
        1,
        7,
    ),
    // Replies to, Mentions, Followed; the "Tweet" self-loop is dropped.
    expect(
        "graphml/nodexl.graphml",
        Graphml,
        3,
        &[(Follow, 1), (Reply, 1), (Mention, 1)],
        1,
        0,
        0,
    ),
    expect("graphml/yed.graphml", Graphml, 2, &[(Link, 1)], 0, 0, 0),
    expect("graphml/doctype_entity.graphml", Graphml, 0, &[], 0, 0, 1),
    // a, b and a → b before the mismatched `</edge>` on line 7.
    expect("graphml/malformed.graphml", Graphml, 2, &[(Link, 1)], 0, 0, 1),
    // Nodes 111, 222, 333 and a keyless one (skipped). Edges: retweet 111 → 222; 222 — 333
    // undirected (×2); 333 → 444 (undeclared); NaN weight (skipped); no target (skipped).
    expect(
        "graphology/mixed.json",
        Graphology,
        4,
        &[(Repost, 1), (Link, 3)],
        0,
        3,
        4,
    ),
    // Vertices emb_b, mfa_a, "ngo f", "Zürich Mission" and unlabelled 5. Arcs: 1→2, 3→2,
    // 1→2 again, 2→2 (self-loop), 4→5; Edges 1—3 (×2); relation "retweet": 3→1.
    expect(
        "pajek/diplomats.net",
        Pajek,
        5,
        &[(Repost, 1), (Link, 6)],
        1,
        0,
        0,
    ),
    // Arcslist 1→2,3,4 and 2→1; Edgeslist 3—4 (×2): 6.
    expect("pajek/arcslist.net", Pajek, 4, &[(Link, 6)], 0, 0, 0),
    // Rows alice (1 0 1) and bob (0 1 1) over summit, gala, forum: 4 ties, undirected: 8.
    expect("pajek/two_mode.net", Pajek, 5, &[(Link, 8)], 0, 0, 0),
    // Edges 1—2 and 3—4 (×2); one warning for the Windows-1252 text.
    expect("pajek/windows1252.net", Pajek, 4, &[(Link, 4)], 0, 0, 1),
    // Vertices 1 and 2 share "embassy" (one warning); arcs 1→3, 2→3, 4→5.
    expect("pajek/duplicate_labels.net", Pajek, 5, &[(Link, 3)], 0, 0, 1),
    // Vertex line "x" skipped; arcs: 1 2 ok, "one" 2, 1 9 (out of range), NaN, inf and a
    // lone "2" skipped, 3 2 1 ok; one warning for *Partition.
    expect("pajek/bad_lines.net", Pajek, 3, &[(Link, 2)], 0, 6, 7),
    // Undirected (no `directed`): 1—2 and 3—1, ×2.
    expect("gml/newman_style.gml", Gml, 3, &[(Link, 4)], 0, 0, 0),
    // directed 1. Nodes 1, 5, 6, 7 and one without id (skipped). Edges: 5→1 retweet;
    // NAN and -Inf weights (skipped); 5→6 mention; 6→7; 7→6; 7→99 (undeclared); no source
    // (skipped); 1→1 (self-loop). Warnings: no id, NAN, -Inf, no source, shared label
    // "twin", second graph, undeclared 99.
    expect(
        "gml/traps.gml",
        Gml,
        5,
        &[(Repost, 1), (Mention, 1), (Link, 3)],
        1,
        4,
        7,
    ),
    // Node 3 is never closed: a, b and a—b (×2) are kept.
    expect("gml/unbalanced.gml", Gml, 2, &[(Link, 2)], 0, 0, 1),
    // 4 nodes, 5 links by index (one repeated).
    expect("node_link/d3_classic.json", NodeLink, 4, &[(Link, 5)], 0, 0, 0),
    // directed false. Nodes emb_b, 1440720000000000001, 0, and {"id": null} (known as "3");
    // links: emb_b—1440…, 0—emb_b, 0—ghost (×2 each); "heavy" and a missing target skipped.
    // Warnings: the null id, heavy, missing target, undeclared ghost.
    expect("node_link/networkx.json", NodeLink, 5, &[(Link, 6)], 0, 2, 4),
    // After d3-force: a → b (objects with id), c (object with index 2) → a.
    expect("node_link/d3_force.json", NodeLink, 3, &[(Link, 2)], 0, 0, 0),
    // networkx ≥ 3.6 `edges`: retweet, mention, and an unknown type (link).
    expect(
        "node_link/edges_key.json",
        NodeLink,
        3,
        &[(Repost, 1), (Mention, 1), (Link, 1)],
        0,
        0,
        0,
    ),
    expect("node_link/malformed.json", NodeLink, 0, &[], 0, 0, 1),
];

fn check(expected: &Expected) {
    let loaded = load(expected.path);
    let report = &loaded.files[0];
    let summary = loaded.network.summary();
    let kinds: BTreeMap<Kind, u64> = expected.kinds.iter().copied().collect();
    let path = expected.path;
    assert_eq!(report.format, expected.format, "{path}: format");
    assert_eq!(
        loaded.network.accounts.len(),
        expected.accounts,
        "{path}: accounts {:?}",
        ids(&loaded.network)
    );
    assert_eq!(summary.interactions, kinds, "{path}: interactions by kind");
    assert_eq!(
        summary.self_interactions, expected.self_loops,
        "{path}: self-loops"
    );
    assert_eq!(
        report.skipped, expected.skipped,
        "{path}: skipped {:#?}",
        loaded.warnings
    );
    assert_eq!(
        loaded.warnings.len(),
        expected.warnings,
        "{path}: warnings {:#?}",
        loaded.warnings
    );
    for warning in &loaded.warnings {
        assert_eq!(warning.file, path, "warnings name their file");
    }
}

#[test]
fn copied_samples_give_the_counted_networks() {
    SAMPLES.iter().for_each(check);
}

#[test]
fn handmade_files_give_the_counted_networks() {
    HANDMADE.iter().for_each(check);
}

#[test]
fn every_graph_fixture_is_in_a_table() {
    let listed: Vec<&str> = SAMPLES.iter().chain(HANDMADE).map(|e| e.path).collect();
    for path in all_fixtures() {
        assert!(listed.contains(&path.as_str()), "{path} has no expectation");
    }
}

fn all_fixtures() -> Vec<String> {
    let mut paths = Vec::new();
    for folder in GRAPH_FOLDERS {
        let mut names: Vec<String> = std::fs::read_dir(format!("{FIXTURES}/{folder}"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        paths.extend(names.into_iter().map(|name| format!("{folder}/{name}")));
    }
    paths
}

/// Everything observable about a load, for comparing chunked with whole ingest.
fn fingerprint(loaded: &Loaded) -> String {
    let network = &loaded.network;
    let accounts: Vec<_> = network
        .accounts
        .iter()
        .map(|a| (&a.id, &a.label, &a.name, &a.attributes))
        .collect();
    let i = &network.interactions;
    format!(
        "{:?}\n{accounts:?}\n{:?} {:?} {:?} {:?} {:?}\n{:?}\n{:?}",
        network.summary(),
        i.actor,
        i.target,
        i.kind,
        i.weight,
        i.time,
        loaded.warnings,
        loaded.files
    )
}

#[test]
fn chunked_ingest_equals_whole_file_ingest() {
    for path in all_fixtures() {
        let whole = fingerprint(&load(&path));
        for chunk in [1, 7, 64, 4096] {
            assert_eq!(
                fingerprint(&load_chunked(&path, chunk)),
                whole,
                "{path} in chunks of {chunk}"
            );
        }
    }
}

#[test]
fn gexf_labels_attributes_weights_kinds_and_times() {
    let miserables = load("gexf/graphology_les_miserables.gexf").network;
    let myriel = account(&miserables, "0.0");
    assert_eq!(myriel.label.as_deref(), Some("Myriel"), "ids like 0.0 stay text");
    assert_eq!(myriel.attributes["Authority"], "0.01880342", "keyed by title");
    assert_eq!(
        &miserables.interactions.weight[..3],
        [1.0, 8.0, 10.0],
        "missing weight = 1"
    );

    let dynamics = load("gexf/gexfspec_site_dynamics.gexf").network;
    assert_eq!(dynamics.interactions.time[0], 1_235_865_600, "start=2009-03-01");
    assert_eq!(dynamics.interactions.time[3], NO_TIME, "only an end: no time");
    let network = load("gexf/gexfspec_site_dynamics_openintervals.gexf").network;
    assert_eq!(
        network.interactions.time,
        [NO_TIME],
        "Gephi time indices are not dates"
    );

    let traps = load("gexf/traps.gexf").network;
    assert_eq!(
        ids(&traps),
        ["111", "222.1", "222", "444"],
        "a nested node ends before its parent"
    );
    let emb = account(&traps, "111");
    assert_eq!(emb.label.as_deref(), Some("emb_b & co"));
    assert_eq!(emb.attributes["followers"], "1200");
    assert_eq!(emb.attributes["country"], "BE", "for= may name the title");
    assert_eq!(
        emb.attributes["url"], "https://example.org/?a=1&b=2",
        "undeclared attribute kept"
    );
    assert_eq!(
        account(&traps, "222").attributes["country"],
        "unknown",
        "declared default"
    );
    let i = &traps.interactions;
    assert_eq!(i.kind, [Repost, Mention, Link, Link, Reply, Link]);
    assert_eq!(
        i.weight,
        [3.0, 1.5, 1.0, 1.0, 4.0, 1.0],
        "1,5 and a dynamic weight attribute"
    );
    assert_eq!(i.time[0], 1_669_881_600, "earliest spell: 2022-12-01T08:00:00");
    assert_eq!(i.time[4], NO_TIME);
    assert_eq!(i.time[5], 1_672_617_600, "timestamp=2023-01-02");
}

#[test]
fn graphml_keys_defaults_and_tool_dialects() {
    let miserables = load("graphml/graphology_miserables.graphml").network;
    let valjean = account(&miserables, "11");
    assert_eq!(valjean.label.as_deref(), Some("Valjean"));
    assert_eq!(valjean.attributes["Modularity Class"], "1", "keyed by attr.name");
    assert_eq!(valjean.attributes.len(), 1, "Gephi's x y size r g b are layout");
    assert_eq!(&miserables.interactions.weight[..4], [1.0, 1.0, 8.0, 8.0]);

    let broken = load("graphml/graphology_miserables_broken.graphml");
    assert_eq!(
        account(&broken.network, "11").label,
        None,
        "values of undeclared keys skipped"
    );
    assert_eq!(broken.warnings[0].line, Some(12));
    assert!(broken.warnings[0].message.contains("key=\"label\""));

    let attributes = load("graphml/graphology_attributes.graphml").network;
    assert_eq!(
        account(&attributes, "n1").attributes["color"],
        "yellow",
        "default"
    );
    assert_eq!(account(&attributes, "n0").attributes["color"], "green");

    let traps = load("graphml/traps.graphml").network;
    assert_eq!(
        traps.interactions.weight,
        [2.0, 2.0, 3.0, 3.0, 1.0, 1.0, 2.0, 2.0],
        "edge key default 2.0; 'heavy' is no number: 1"
    );
    assert_eq!(traps.interactions.time[0], 1_669_888_800);
    assert_eq!(
        account(&traps, "222").attributes["country"],
        "unknown",
        "for=all default"
    );
    assert!(!account(&traps, "111").attributes.contains_key("x"));

    let nodexl = load("graphml/nodexl.graphml").network;
    assert_eq!(account(&nodexl, "mfa_a").label.as_deref(), Some("Ministry A"));
    assert_eq!(account(&nodexl, "mfa_a").attributes["Followers"], "98000");
    assert_eq!(nodexl.interactions.kind, [Reply, Mention, Follow]);
    assert_eq!(nodexl.interactions.weight, [1.0, 2.0, 1.0], "Edge Weight");
    assert_eq!(
        nodexl.interactions.time[0], 1_677_664_800,
        "Relationship Date (UTC)"
    );

    let yed = load("graphml/yed.graphml").network;
    assert_eq!(
        account(&yed, "n0").label.as_deref(),
        Some("Embassy B"),
        "y:NodeLabel"
    );
    assert_eq!(
        account(&yed, "n0").attributes["description"],
        "Embassy <B>",
        "CDATA"
    );
    assert_eq!(
        account(&yed, "n0").attributes["d11"],
        "untyped",
        "a key without attr.name"
    );
    assert_eq!(account(&yed, "n1").label.as_deref(), Some("Ministry A"));
}

#[test]
fn pajek_ids_labels_weights_and_encodings() {
    let diplomats = load("pajek/diplomats.net").network;
    assert_eq!(
        ids(&diplomats),
        ["emb_b", "mfa_a", "ngo f", "Zürich Mission", "5"]
    );
    assert_eq!(diplomats.accounts[4].label, None, "no label line: the number");
    let i = &diplomats.interactions;
    assert_eq!(
        i.weight,
        [3.0, 1.0, 3.0, -1.0, 2.5, 2.5, 1.0],
        "display parameters after the weight"
    );
    assert_eq!(i.kind[6], Repost, "relation \"retweet\"");

    let latin = load("pajek/windows1252.net").network;
    assert_eq!(ids(&latin), ["Ambassade de France é", "Mission €", "3", "4"]);

    let duplicate = load("pajek/duplicate_labels.net");
    assert_eq!(ids(&duplicate.network), ["1", "2", "consulate", "4", "5"]);
    assert_eq!(duplicate.network.accounts[1].label.as_deref(), Some("embassy"));

    let two_mode = load("pajek/two_mode.net").network;
    assert_eq!(account(&two_mode, "alice").attributes["mode"], "1");
    assert_eq!(account(&two_mode, "forum").attributes["mode"], "2");
}

#[test]
fn gml_entities_numbers_and_label_ids() {
    let traps = load("gml/traps.gml").network;
    let tom = "Tom & Jerry's \"embassy\" é";
    assert_eq!(
        ids(&traps),
        [tom, "mission", "6", "7", "99"],
        "shared label 'twin': ids"
    );
    let node = account(&traps, tom);
    assert_eq!(node.attributes["rank"], "2", "+2");
    assert_eq!(node.attributes["score"], "-Inf");
    assert_eq!(node.attributes["ratio"], "NAN");
    assert_eq!(
        node.attributes["group"], "second",
        "a repeated key: the last value"
    );
    assert!(!node.attributes.contains_key("graphics") && !node.attributes.contains_key("nested"));
    assert_eq!(account(&traps, "6").label.as_deref(), Some("twin"));
    let i = &traps.interactions;
    assert_eq!(i.kind, [Repost, Mention, Link, Link, Link]);
    assert_eq!(i.weight[..2], [4.87e-5, -377.9]);

    let newman = load("gml/newman_style.gml").network;
    assert_eq!(ids(&newman), ["emb_b", "mfa_a", "3"]);
    assert_eq!(
        newman.interactions.weight,
        [3.0, 3.0, 1.0, 1.0],
        "`value` is the weight"
    );
}

#[test]
fn node_link_indices_ids_and_exact_numbers() {
    let classic = load("node_link/d3_classic.json").network;
    assert_eq!(
        ids(&classic),
        ["Myriel", "Napoleon", "Mlle.Baptistine", "Valjean"]
    );
    assert_eq!(
        classic.accounts[3].attributes,
        BTreeMap::from([("group".into(), "2".into())])
    );
    assert_eq!(classic.interactions.actor, [1, 2, 3, 3, 1], "sources are indices");
    assert_eq!(classic.interactions.weight, [1.0, 8.0, 2.0, 5.0, 1.0]);

    let networkx = load("node_link/networkx.json").network;
    assert_eq!(
        ids(&networkx),
        ["emb_b", "1440720000000000001", "0", "3", "ghost"],
        "no float"
    );
    let emb = account(&networkx, "emb_b");
    assert_eq!(emb.attributes["followers"], "1200");
    assert_eq!(emb.attributes["tags"], r#"["a","b"]"#);
    assert!(!emb.attributes.contains_key("x"));
    assert_eq!(
        account(&networkx, "1440720000000000001").label.as_deref(),
        Some("mfa_a")
    );
    assert_eq!(
        account(&networkx, "0").label.as_deref(),
        Some("zero"),
        "name when id is given"
    );

    let force = load("node_link/d3_force.json").network;
    assert_eq!(force.interactions.actor, [0, 2]);
    assert_eq!(force.interactions.target, [1, 0]);
    assert_eq!(
        force.accounts[0].attributes.len(),
        1,
        "only group: x, y, vx, vy, index are layout"
    );

    let edges = load("node_link/edges_key.json").network;
    assert_eq!(
        edges.interactions.weight,
        [2.0, 1.0, 4.0],
        "weight as a string, count"
    );
    assert_eq!(edges.interactions.time[0], 1_669_888_800);
}

#[test]
fn graphology_keys_and_attributes() {
    let clique = load("graphology/graphology_clique3.json").network;
    assert_eq!(account(&clique, "6").attributes["community"], "1");
    let mixed = load("graphology/mixed.json").network;
    assert_eq!(
        ids(&mixed),
        ["111", "222", "333", "444"],
        "numeric key 222 as text"
    );
    let emb = account(&mixed, "111");
    assert_eq!(emb.label.as_deref(), Some("emb_b"));
    let names: Vec<&String> = emb.attributes.keys().collect();
    assert_eq!(names, ["color", "country"], "x, y and size are layout");
    assert_eq!(mixed.interactions.weight, [3.0, 1.0, 1.0, 1.5]);
}

/// Each bad input: (fixture, warning index, line, words the message must contain).
#[test]
fn bad_input_is_reported_with_file_and_line_and_the_rest_is_kept() {
    let cases: &[(&str, usize, Option<u64>, &[&str])] = &[
        (
            "gexf/doctype.gexf",
            0,
            Some(2),
            &["DOCTYPE", "refused", "not read"],
        ),
        (
            "graphml/doctype_entity.graphml",
            0,
            Some(2),
            &["DOCTYPE", "entity"],
        ),
        (
            "gexf/truncated_les_miserables.gexf",
            0,
            Some(288),
            &["ends inside <node>", "byte 10000"],
        ),
        (
            "graphml/malformed.graphml",
            0,
            Some(7),
            &["malformed", "</edge>", "</node>"],
        ),
        (
            "graphml/graphology_miserables_broken.graphml",
            1,
            Some(13),
            &["modularity_class", "no declared"],
        ),
        ("graphml/traps.graphml", 1, Some(13), &["nested graphs"]),
        ("graphml/traps.graphml", 2, Some(14), &["ports"]),
        ("graphml/traps.graphml", 4, Some(20), &["hyperedges"]),
        (
            "gexf/graphology_missing_nodes.gexf",
            0,
            Some(13),
            &["4 edge endpoint(s)", "'2'"],
        ),
        ("gexf/traps.gexf", 2, Some(39), &["'NaN' is not a finite number"]),
        (
            "gml/unbalanced.gml",
            0,
            Some(6),
            &["unbalanced", "line(s) 1, 6", "ends at line 8"],
        ),
        ("gml/traps.gml", 0, Some(23), &["no id"]),
        ("gml/traps.gml", 1, Some(24), &["'NAN' is not a finite number"]),
        ("gml/traps.gml", 2, Some(25), &["'-Inf' is not a finite number"]),
        ("pajek/bad_lines.net", 0, Some(4), &["'x' is not a vertex number"]),
        ("pajek/bad_lines.net", 2, Some(8), &["vertex 9 is outside 1..=3"]),
        ("pajek/bad_lines.net", 3, Some(9), &["'NaN'"]),
        ("pajek/bad_lines.net", 6, Some(13), &["*Partition"]),
        (
            "node_link/malformed.json",
            0,
            Some(3),
            &["malformed", "column 27"],
        ),
        ("node_link/networkx.json", 1, Some(15), &["'heavy'"]),
        ("graphology/mixed.json", 1, Some(14), &["'NaN'"]),
    ];
    for &(path, index, line, words) in cases {
        let loaded = load(path);
        let warning = &loaded.warnings[index];
        assert_eq!(warning.file, path);
        assert_eq!(warning.line, line, "{path}: {warning:?}");
        for word in words {
            assert!(
                warning.message.contains(word),
                "{path}: '{word}' not in {:?}",
                warning.message
            );
        }
    }
}

#[test]
fn a_refused_or_broken_file_keeps_what_earlier_files_loaded() {
    let mut ingest = Ingest::new();
    for path in [
        "pajek/diplomats.net",
        "gexf/doctype.gexf",
        "node_link/malformed.json",
        "graphml/malformed.graphml",
    ] {
        ingest.begin_file(path);
        ingest.push(&bytes(path));
        ingest.end_file();
    }
    let loaded = ingest.finish();
    // diplomats: 5 accounts and 7 interactions; malformed.graphml adds a, b and a → b.
    assert_eq!(loaded.network.accounts.len(), 7);
    assert_eq!(loaded.network.interactions.len(), 8);
}

#[test]
fn graph_files_merge_by_id_with_other_files() {
    let node_table = b"{\"nodes\":[{\"id\":\"emb_b\",\"country\":\"BE\"}],\"links\":[]}";
    let pajek = bytes("pajek/diplomats.net");
    let mut ingest = Ingest::new();
    for (path, data) in [("a.net", &pajek[..]), ("b.json", &node_table[..])] {
        ingest.begin_file(path);
        ingest.push(data);
        ingest.end_file();
    }
    let loaded = ingest.finish();
    assert_eq!(
        loaded.network.accounts.len(),
        5,
        "the Pajek label and the JSON id are one account"
    );
    assert_eq!(account(&loaded.network, "emb_b").attributes["country"], "BE");
}
