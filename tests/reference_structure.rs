//! Components, gatekeepers, the network summary and paths of attention equal networkx on
//! the fixture graphs (a disconnected graph, isolated accounts, a directed cycle, a star,
//! a graph without cycles, gatekeepers, and the graphs of `tests/reference_metrics.rs`),
//! and on a chain of 100,000 accounts built here, run on a thread with the 1 MiB stack of
//! wasm.
//!
//! The expected values are computed by `tests/reference/generate_structure.py` (networkx
//! only) and checked in under `tests/reference/structure/`.

use std::collections::{BTreeMap, BTreeSet};

use attache::analysis::Analysis;
use attache::ingest::ingest_files;
use attache::metrics::Params;
use attache::paths::shortest_strongest;
use attache::progress::Silent;
use attache::structure::{self, Components};
use serde::Deserialize;
use serde_json::Value;

mod common;

use common::root;

#[derive(Deserialize)]
struct Reference {
    #[serde(skip)]
    name: String,
    graph: String,
    accounts: Vec<String>,
    weakly_connected_components: Vec<Vec<String>>,
    strongly_connected_components: Vec<Vec<String>>,
    articulation_points: Vec<String>,
    bridges: Vec<(String, String)>,
    summary: BTreeMap<String, Value>,
    metrics: BTreeMap<String, BTreeMap<String, f64>>,
    paths: Vec<PathCase>,
}

#[derive(Deserialize)]
struct PathCase {
    from: String,
    to: String,
    hops: Option<u32>,
    path: Vec<String>,
}

fn references() -> Vec<Reference> {
    let dir = root().join("tests/reference/structure");
    let found: Vec<Reference> =
        common::reference_files(&dir, |path| !path.to_string_lossy().ends_with(".aggregate.json"))
            .into_iter()
            .map(|(name, reference)| Reference { name, ..reference })
            .collect();
    let names: Vec<&str> = found.iter().map(|r| r.name.as_str()).collect();
    for wanted in ["cycle", "dag", "disconnected", "gatekeepers", "isolated", "star"] {
        assert!(
            names.contains(&wanted),
            "no reference for {wanted} in {}",
            dir.display()
        );
    }
    found
}

fn load(reference: &Reference) -> Analysis {
    let path = root().join("tests").join(&reference.graph);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let loaded = ingest_files([(reference.graph.as_str(), bytes.as_slice())]);
    assert!(
        loaded.warnings.is_empty(),
        "{}: {:?}",
        reference.name,
        loaded.warnings
    );
    let analysis = Analysis::new(loaded.network);
    // Component numbers and the choice among paths follow account order: the same as the
    // reference's (first appearance in the rows).
    let ids: Vec<&str> = analysis
        .network()
        .accounts
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(ids, reference.accounts, "{}: account order", reference.name);
    analysis
}

fn id_sets(analysis: &Analysis, components: &Components) -> BTreeSet<BTreeSet<String>> {
    let mut groups = vec![BTreeSet::new(); components.count()];
    for (account, &k) in components.number.iter().enumerate() {
        groups[k as usize - 1].insert(analysis.network().accounts[account].id.clone());
    }
    groups.into_iter().collect()
}

fn expected_sets(components: &[Vec<String>]) -> BTreeSet<BTreeSet<String>> {
    components.iter().map(|c| c.iter().cloned().collect()).collect()
}

#[test]
fn components_equal_networkx_weakly_and_strongly_connected_components() {
    for reference in references() {
        let analysis = load(&reference);
        let weak = structure::weak_components(analysis.graph());
        assert_eq!(
            id_sets(&analysis, &weak),
            expected_sets(&reference.weakly_connected_components),
            "{}: weak components",
            reference.name
        );
        let strong = structure::strong_components(analysis.graph());
        assert_eq!(
            id_sets(&analysis, &strong),
            expected_sets(&reference.strongly_connected_components),
            "{}: strong components",
            reference.name
        );
    }
}

#[test]
fn gatekeepers_equal_networkx_articulation_points_and_bridges_of_u() {
    for reference in references() {
        let analysis = load(&reference);
        let accounts = &analysis.network().accounts;
        let found = structure::gatekeepers(analysis.graph());
        let points: BTreeSet<&str> = (0..accounts.len())
            .filter(|&a| found.articulation[a])
            .map(|a| accounts[a].id.as_str())
            .collect();
        let expected: BTreeSet<&str> = reference.articulation_points.iter().map(String::as_str).collect();
        assert_eq!(points, expected, "{}: articulation points", reference.name);
        let bridges: BTreeSet<(String, String)> = found
            .bridges
            .iter()
            .map(|&(a, b)| {
                let (a, b) = (&accounts[a as usize].id, &accounts[b as usize].id);
                (a.min(b).clone(), a.max(b).clone())
            })
            .collect();
        let expected: BTreeSet<(String, String)> = reference.bridges.iter().cloned().collect();
        assert_eq!(bridges, expected, "{}: bridges", reference.name);
        let touching: u32 = found.bridges_touching.iter().sum();
        assert_eq!(touching as usize, 2 * expected.len(), "{}", reference.name);
    }
}

#[test]
fn the_structure_lenses_equal_networkx_per_account() {
    for reference in references() {
        let analysis = load(&reference);
        assert_eq!(reference.metrics.len(), 4, "{}", reference.name);
        for (lens, expected) in &reference.metrics {
            let values = analysis
                .compute(lens, &Params::default(), &mut Silent)
                .unwrap()
                .values;
            for (account, value) in analysis.network().accounts.iter().zip(values) {
                assert_eq!(
                    value, expected[&account.id],
                    "{}: {lens}({})",
                    reference.name, account.id
                );
            }
        }
    }
}

/// Compares a summary with networkx's, numbers within rounding, everything else exactly.
fn assert_summary(context: &str, ours: &structure::Structure, expected: &BTreeMap<String, Value>) {
    let ours = serde_json::to_value(ours).unwrap();
    let ours = ours.as_object().unwrap();
    assert_eq!(
        ours.keys().collect::<BTreeSet<_>>(),
        expected.keys().collect::<BTreeSet<_>>(),
        "{context}: summary fields"
    );
    for (key, want) in expected {
        let got = &ours[key];
        match (got.as_f64(), want.as_f64()) {
            (Some(got), Some(want)) => {
                assert!(
                    (got - want).abs() <= 1e-12,
                    "{context}: {key} = {got}, networkx {want}"
                )
            }
            _ => assert_eq!(got, want, "{context}: {key}"),
        }
    }
}

#[test]
fn the_summary_equals_networkx() {
    for reference in references() {
        let analysis = load(&reference);
        let summary = structure::summarise(analysis.graph());
        assert_summary(&reference.name, &summary, &reference.summary);
    }
}

#[test]
fn eigenvector_says_whether_there_is_a_cycle_as_networkx() {
    for reference in references() {
        let analysis = load(&reference);
        let output = analysis
            .compute("eigenvector", &Params::default(), &mut Silent)
            .unwrap();
        // networkx: not is_directed_acyclic_graph(G).
        let cyclic = reference.summary["has_cycle"].as_bool().unwrap();
        assert_eq!(
            output.detail("has_cycle"),
            Some(f64::from(u8::from(cyclic))),
            "{}",
            reference.name
        );
    }
}

#[test]
fn paths_are_networkx_shortest_and_the_strongest_among_them() {
    for reference in references() {
        let analysis = load(&reference);
        let index: BTreeMap<&str, u32> = analysis
            .network()
            .accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i as u32))
            .collect();
        let (mut reached, mut unreached) = (0, 0);
        for case in &reference.paths {
            let found = shortest_strongest(
                analysis.graph(),
                index[case.from.as_str()],
                index[case.to.as_str()],
            );
            let context = format!("{}: {} → {}", reference.name, case.from, case.to);
            match (found, case.hops) {
                (Some(path), Some(hops)) => {
                    let ids: Vec<&str> = path
                        .iter()
                        .map(|&a| analysis.network().accounts[a as usize].id.as_str())
                        .collect();
                    assert_eq!(path.len() as u32, hops + 1, "{context}: hops");
                    assert_eq!(ids, case.path, "{context}: the path chosen");
                    reached += 1;
                }
                (None, None) => unreached += 1,
                (found, hops) => panic!("{context}: attaché finds {found:?}, networkx {hops:?} hops"),
            }
        }
        assert!(reached > 0, "{}: no pair with a path", reference.name);
        // Where every pair is checked, some lack a path unless one strong component holds all.
        let accounts = reference.accounts.len();
        if reference.paths.len() == accounts * accounts {
            let strongly_connected = reference.strongly_connected_components.len() == 1;
            assert_eq!(unreached == 0, strongly_connected, "{}", reference.name);
        }
    }
}

#[derive(Deserialize)]
struct ChainAggregate {
    accounts: u32,
    summary: BTreeMap<String, Value>,
    articulation_points: usize,
    bridges: usize,
    end_to_end_hops: u32,
    back_has_path: bool,
    lens_sums: BTreeMap<String, f64>,
}

#[test]
fn a_chain_of_100000_accounts_on_a_1_mib_stack() {
    let path = root().join("tests/reference/structure/chain_100000.aggregate.json");
    let expected: ChainAggregate = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let n = expected.accounts;
    let mut csv = String::from("source,target\n");
    for i in 0..n - 1 {
        csv.push_str(&format!("c{i},c{}\n", i + 1));
    }
    let loaded = ingest_files([("chain.csv", csv.as_bytes())]);
    let analysis = Analysis::new(loaded.network);
    // A recursive search would need a frame per account: far more than wasm's 1 MiB.
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let graph = analysis.graph();
            assert_summary("chain", &structure::summarise(graph), &expected.summary);
            let found = structure::gatekeepers(graph);
            assert_eq!(found.articulation_count(), expected.articulation_points);
            assert_eq!(found.bridges.len(), expected.bridges);
            for (lens, sum) in &expected.lens_sums {
                let values = analysis
                    .compute(lens, &Params::default(), &mut Silent)
                    .unwrap()
                    .values;
                assert_eq!(values.iter().sum::<f64>(), *sum, "chain: sum of {lens}");
            }
            // Eigenvector centrality is undefined on a chain: said without recursing.
            let eigenvector = analysis
                .compute("eigenvector", &Params::default(), &mut Silent)
                .unwrap();
            assert_eq!(eigenvector.detail("has_cycle"), Some(0.0));
            let forward = shortest_strongest(graph, 0, n - 1).unwrap();
            assert_eq!(forward.len() as u32, expected.end_to_end_hops + 1);
            assert_eq!(
                shortest_strongest(graph, n - 1, 0).is_some(),
                expected.back_has_path
            );
        })
        .unwrap()
        .join()
        .unwrap();
}
