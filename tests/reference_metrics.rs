//! Every metric equals its reference implementation (networkx) on the fixture graphs.
//!
//! The expected values are computed by `tests/reference/generate.py` and checked in,
//! so this test needs no Python. Each metric is compared per account with the
//! tolerance stated in `tolerance()`.

use std::collections::BTreeMap;
use std::path::Path;

use attache::analysis::Analysis;
use attache::ingest::ingest_files;
use attache::metrics::{catalogue, Params};
use attache::progress::Silent;

/// Largest allowed absolute difference per account.
fn tolerance(metric: &str) -> f64 {
    match metric {
        // Power iteration stopped at an L1 change below 1e-10 (networkx: tol=1e-12 per node).
        "pagerank" => 1e-9,
        // Counts and sums of the same weights: exact up to rounding of the summation order.
        _ => 1e-9,
    }
}

struct Reference {
    name: String,
    graph: String,
    metrics: BTreeMap<String, BTreeMap<String, f64>>,
}

fn references() -> Vec<Reference> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference");
    let mut found: Vec<Reference> = std::fs::read_dir(&dir)
        .expect("tests/reference exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let document: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            Reference {
                name: path.file_stem().unwrap().to_string_lossy().into_owned(),
                graph: document["graph"].as_str().unwrap().to_owned(),
                metrics: serde_json::from_value(document["metrics"].clone()).unwrap(),
            }
        })
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(
        found.len() >= 3,
        "expected the reference files in {}",
        dir.display()
    );
    found
}

fn load(graph: &str) -> Analysis {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(graph);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let loaded = ingest_files([(graph, bytes.as_slice())]);
    assert!(loaded.warnings.is_empty(), "{graph}: {:?}", loaded.warnings);
    Analysis::new(loaded.network)
}

#[test]
fn every_metric_matches_networkx_on_every_fixture() {
    for reference in references() {
        let analysis = load(&reference.graph);
        let accounts = &analysis.network().accounts;
        for (metric, expected) in &reference.metrics {
            let values = analysis
                .compute(metric, &Params::default(), &mut Silent)
                .unwrap_or_else(|e| panic!("{}: {metric}: {e}", reference.name))
                .values;
            assert_eq!(
                expected.len(),
                accounts.len(),
                "{}: {metric}: account count",
                reference.name
            );
            let tolerance = tolerance(metric);
            for (account, value) in accounts.iter().zip(&values) {
                let want = expected[&account.id];
                assert!(
                    (value - want).abs() <= tolerance,
                    "{}: {metric}({}) = {value}, networkx says {want} (tolerance {tolerance})",
                    reference.name,
                    account.id
                );
            }
        }
    }
}

#[test]
fn every_catalogued_metric_has_a_reference() {
    let mut covered: Vec<String> = references()
        .into_iter()
        .flat_map(|r| r.metrics.into_keys())
        .collect();
    covered.extend(social_reference_metrics());
    for metric in catalogue() {
        assert!(
            covered.iter().any(|id| id == metric.info.id),
            "metric {} has no reference in tests/reference (networkx) or tests/reference/social (Python)",
            metric.info.id
        );
    }
}

/// Metrics checked by `tests/reference_social.rs` against the Python computations in
/// `tests/reference/social/` (lenses networkx does not have).
fn social_reference_metrics() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/social");
    std::fs::read_dir(&dir)
        .expect("tests/reference/social exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .flat_map(|path| {
            let document: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let metrics = document["metrics"].as_object().unwrap().clone();
            metrics.into_iter().map(|(id, _)| id)
        })
        .collect()
}
