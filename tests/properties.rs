//! Properties that must hold for every input, checked on random ones (proptest).
//!
//! - PageRank sums to 1 and does not depend on how accounts are numbered;
//! - adding an interaction never lowers its target's in-degree;
//! - betweenness is zero for an account without both in- and out-interactions;
//! - ingesting a file split into arbitrary chunks equals ingesting it whole: for random
//!   tables, and for every fixture file of every format, cut at random places;
//! - merging two files in either order gives the same network: random tables, and any two
//!   fixture files of different formats.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use attache::analysis::Analysis;
use attache::ingest::{ingest_files, Ingest, Loaded};
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
fn canonical(network: &Network) -> Canonical {
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

/// Every fixture a reader reads through `push` (ZIPs need random access; the hostile
/// inputs have a fuzz control byte first), sorted, as (path under tests/fixtures, bytes).
fn fixtures() -> &'static [(String, Vec<u8>)] {
    static FIXTURES: std::sync::OnceLock<Vec<(String, Vec<u8>)>> = std::sync::OnceLock::new();
    FIXTURES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut paths = Vec::new();
        collect_files(&root, &mut paths);
        paths.sort();
        paths
            .into_iter()
            .filter_map(|path| {
                let name = path.strip_prefix(&root).ok()?.to_string_lossy().into_owned();
                let skipped = name.starts_with("hostile/")
                    || name.starts_with("archives/")
                    || name.ends_with(".md")
                    || name.ends_with(".py");
                (!skipped).then(|| (name, std::fs::read(&path).unwrap()))
            })
            .collect()
    })
}

fn collect_files(folder: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_files(&path, into);
        } else {
            into.push(path);
        }
    }
}

/// Reads one file pushed in pieces whose sizes cycle through `cuts`.
fn ingest_in_pieces(name: &str, bytes: &[u8], cuts: &[usize]) -> Loaded {
    let mut ingest = Ingest::new();
    ingest.begin_file(name);
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
    ingest.finish()
}

/// Everything a reader produces, as comparable data: accounts in order with their
/// descriptions, interactions in order (weights by their bits), posts, warnings and the
/// file's report.
fn everything(loaded: &Loaded) -> String {
    let network = &loaded.network;
    let accounts: Vec<String> = network.accounts.iter().map(|a| format!("{a:?}")).collect();
    let events = &network.interactions;
    let interactions: Vec<String> = (0..events.len())
        .map(|i| {
            format!(
                "{} {} {:?} {:x} {} {}",
                events.actor[i],
                events.target[i],
                events.kind[i],
                events.weight[i].to_bits(),
                events.time[i],
                events.subject[i]
            )
        })
        .collect();
    let posts: Vec<String> = network.posts.records.iter().map(|p| format!("{p:?}")).collect();
    format!(
        "{accounts:#?}\n{interactions:#?}\n{posts:#?}\n{:?}\n{:#?}\n{:?}",
        network.posts.terms, loaded.warnings, loaded.files
    )
}

type Canonical = (Vec<String>, BTreeMap<(String, String, String), f64>);

/// The network as comparable data across platforms: account keys (platform and id), and
/// every (actor, target, kind) with its total weight.
fn canonical_across_platforms(network: &Network) -> Canonical {
    let key = |i: u32| {
        let account = &network.accounts[i as usize];
        format!("{:?}:{}", account.platform, account.id)
    };
    let mut keys: Vec<String> = (0..network.accounts.len() as u32).map(key).collect();
    keys.sort();
    let mut edges = BTreeMap::new();
    let events = &network.interactions;
    for i in 0..events.len() {
        let edge = (
            key(events.actor[i]),
            key(events.target[i]),
            events.kind[i].as_str().to_owned(),
        );
        *edges.entry(edge).or_insert(0.0) += events.weight[i];
    }
    (keys, edges)
}

/// The format family of a fixture, from its folder.
fn family(name: &str) -> &str {
    name.split('/').next().unwrap_or(name)
}

/// Every fixture, not only those proptest happens to pick: pieces of one byte, of odd
/// small sizes, and cuts just around the 64 KiB where the format is detected.
#[test]
fn every_fixture_reads_the_same_in_pieces_of_every_size() {
    let cuts: [&[usize]; 5] = [
        &[1],
        &[7, 3, 1, 13],
        &[997, 4096],
        &[65_535, 2, 1 << 20],
        &[65_537, 1 << 20],
    ];
    for (name, bytes) in fixtures() {
        let whole = everything(&ingest_in_pieces(name, bytes, &[bytes.len().max(1)]));
        for pieces in cuts {
            let chunked = everything(&ingest_in_pieces(name, bytes, pieces));
            assert!(whole == chunked, "{name} read in pieces of {pieces:?} differs");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn betweenness_is_zero_without_both_in_and_out_interactions(text in edge_list(30, 120)) {
        let betweenness = scores_by_id(load(&text), "betweenness");
        let in_degree = scores_by_id(load(&text), "in_degree");
        let out_degree = scores_by_id(load(&text), "out_degree");
        for (id, value) in &betweenness {
            if in_degree[id] == 0.0 || out_degree[id] == 0.0 {
                prop_assert_eq!(*value, 0.0, "{}", id);
            }
        }
    }

    #[test]
    fn every_fixture_reads_the_same_in_random_pieces(
        pick in any::<prop::sample::Index>(),
        cuts in prop::collection::vec(prop_oneof![1usize..8, 1usize..300, 1usize..70_000], 1..12),
    ) {
        let (name, bytes) = &fixtures()[pick.index(fixtures().len())];
        let whole = ingest_in_pieces(name, bytes, &[bytes.len().max(1)]);
        let pieces = ingest_in_pieces(name, bytes, &cuts);
        prop_assert!(everything(&whole) == everything(&pieces), "{} read in pieces of {:?} differs", name, cuts);
    }

    #[test]
    fn any_two_fixture_files_merge_the_same_in_either_order(
        first in any::<prop::sample::Index>(),
        second in any::<prop::sample::Index>(),
    ) {
        let all = fixtures();
        let (a, a_bytes) = &all[first.index(all.len())];
        let (b, b_bytes) = &all[second.index(all.len())];
        prop_assume!(family(a) != family(b));
        let ab = ingest_files([(a.as_str(), a_bytes.as_slice()), (b.as_str(), b_bytes.as_slice())]).network;
        let ba = ingest_files([(b.as_str(), b_bytes.as_slice()), (a.as_str(), a_bytes.as_slice())]).network;
        prop_assert!(canonical_across_platforms(&ab) == canonical_across_platforms(&ba), "{} + {}", a, b);
        prop_assert_eq!(ab.summary(), ba.summary());
    }

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
        let chunked = ingest_in_pieces("edges.csv", text.as_bytes(), &cuts).network;
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
