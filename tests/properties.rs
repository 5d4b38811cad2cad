//! Properties that must hold for every input, checked on random ones (proptest).
//!
//! - PageRank sums to 1 and does not depend on how accounts are numbered;
//! - adding an interaction never lowers its target's in-degree;
//! - ingesting a file split into arbitrary chunks equals ingesting it whole;
//! - merging two files in either order gives the same network.

use std::collections::BTreeMap;

use proptest::prelude::*;

use attache::analysis::Analysis;
use attache::ingest::{ingest_files, Ingest};
use attache::metrics::Params;
use attache::network::Network;
use attache::progress::Silent;

/// A random weighted edge list over at most `nodes` accounts, as CSV text.
fn edge_list(nodes: u32, max_rows: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((0..nodes, 0..nodes, 1u32..5), 1..max_rows).prop_map(|rows| {
        let mut text = String::from("source,target,weight\n");
        for (source, target, weight) in rows {
            text.push_str(&format!("n{source},n{target},{weight}\n"));
        }
        text
    })
}

fn load(text: &str) -> Network {
    ingest_files([("edges.csv", text.as_bytes())]).network
}

fn scores_by_id(network: Network, metric: &str) -> BTreeMap<String, f64> {
    let analysis = Analysis::new(network);
    let values = analysis
        .compute(metric, &Params::default(), &mut Silent)
        .unwrap()
        .values;
    analysis
        .network()
        .accounts
        .iter()
        .map(|a| a.id.clone())
        .zip(values)
        .collect()
}

/// The network as comparable data: account ids, and every (actor, target, kind) with its total weight.
fn canonical(network: &Network) -> (Vec<String>, BTreeMap<(String, String, String), f64>) {
    let mut ids: Vec<String> = network.accounts.iter().map(|a| a.id.clone()).collect();
    ids.sort();
    let mut edges = BTreeMap::new();
    let events = &network.interactions;
    for i in 0..events.len() {
        let key = (
            network.accounts[events.actor[i] as usize].id.clone(),
            network.accounts[events.target[i] as usize].id.clone(),
            events.kind[i].as_str().to_owned(),
        );
        *edges.entry(key).or_insert(0.0) += events.weight[i];
    }
    (ids, edges)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn pagerank_sums_to_one(text in edge_list(40, 200)) {
        let total: f64 = scores_by_id(load(&text), "pagerank").values().sum();
        prop_assert!((total - 1.0).abs() < 1e-9, "sum = {total}");
    }

    #[test]
    fn pagerank_does_not_depend_on_account_numbering(text in edge_list(30, 150), rotate in 1usize..50) {
        // Reordering the rows changes the order accounts are first seen, hence their indices.
        let mut lines: Vec<&str> = text.lines().skip(1).collect();
        let shift = rotate % lines.len();
        lines.rotate_left(shift);
        let reordered = format!("source,target,weight\n{}\n", lines.join("\n"));
        let original = scores_by_id(load(&text), "pagerank");
        let relabelled = scores_by_id(load(&reordered), "pagerank");
        prop_assert_eq!(original.len(), relabelled.len());
        for (id, value) in &original {
            prop_assert!((value - relabelled[id]).abs() < 1e-9, "{id}: {value} vs {}", relabelled[id]);
        }
    }

    #[test]
    fn adding_an_interaction_never_lowers_its_targets_in_degree(
        text in edge_list(20, 80),
        source in 0u32..25,
        target in 0u32..25,
    ) {
        let before = scores_by_id(load(&text), "in_degree");
        let after = scores_by_id(load(&format!("{text}n{source},n{target},1\n")), "in_degree");
        let target_id = format!("n{target}");
        prop_assert!(after[&target_id] >= before.get(&target_id).copied().unwrap_or(0.0));
    }

    #[test]
    fn chunked_ingest_equals_whole_file_ingest(text in edge_list(30, 100), cuts in prop::collection::vec(1usize..64, 1..20)) {
        let bytes = text.as_bytes();
        let mut ingest = Ingest::new();
        ingest.begin_file("edges.csv");
        let mut offset = 0;
        for cut in cuts.iter().cycle() {
            if offset >= bytes.len() {
                break;
            }
            let end = (offset + cut).min(bytes.len());
            ingest.push(&bytes[offset..end]);
            offset = end;
        }
        ingest.end_file();
        let chunked = ingest.finish().network;
        prop_assert_eq!(canonical(&chunked), canonical(&load(&text)));
    }

    #[test]
    fn merging_two_files_in_either_order_gives_the_same_network(a in edge_list(25, 60), b in edge_list(25, 60)) {
        let ab = ingest_files([("a.csv", a.as_bytes()), ("b.csv", b.as_bytes())]).network;
        let ba = ingest_files([("b.csv", b.as_bytes()), ("a.csv", a.as_bytes())]).network;
        prop_assert_eq!(canonical(&ab), canonical(&ba));
        prop_assert_eq!(ab.summary(), ba.summary());
    }
}
