//! Every metric equals its reference implementation (networkx, or the Python reference
//! for the metrics networkx lacks) on the fixture graphs.
//!
//! The expected values are computed by `tests/reference/generate.py` and checked in,
//! so this test needs no Python. Each metric is compared per account with the
//! tolerance stated in `tolerance()`; communities, whose labels are arbitrary, are
//! compared by modularity (`louvain_is_at_least_as_good_as_networkx`).

use std::collections::BTreeMap;
use std::path::Path;

use attache::analysis::Analysis;
use attache::ingest::ingest_files;
use attache::metrics::{betweenness, catalogue, community, MetricError, ParamValue, Params};
use attache::progress::Silent;
use serde::Deserialize;

mod common;

/// Largest allowed absolute difference per account.
fn tolerance(metric: &str) -> f64 {
    match metric {
        // Power iteration stopped at an L1 change below 1e-10 (networkx: tol=1e-12 per node).
        "pagerank" => 1e-9,
        // networkx asks ARPACK for the top singular vector (tol=1e-8); our power iteration
        // converges to the same vector to 1e-13. ARPACK's answer is accurate to ~1e-12 here.
        "hub" | "authority" => 1e-9,
        // The same iteration as networkx, in another summation order: equal to rounding,
        // unless the stopping test falls the other way on rounding (it does not here).
        "eigenvector" => 1e-12,
        // Both iterate to 1e-12..1e-15 of a fixed point of a contraction with factor p.
        "tunkrank" => 1e-9,
        // Integers from exact combinatorial algorithms.
        "coreness" | "collective_influence" | "in_degree" | "out_degree" => 0.0,
        // Components and gatekeepers: integers (tests/reference_structure.rs checks more).
        "component" | "component_size" | "strong_component_size" | "gatekeeper" => 0.0,
        // Exact algorithms in floating point: only the summation order differs.
        "betweenness" | "closeness" | "clustering" => 1e-12,
        // A sum of up to V fractions (values in the hundreds): rounding of ~1e-13 relative.
        "harmonic" => 1e-9,
        // Sums of the same weights in another order.
        "in_strength" | "out_strength" => 1e-9,
        other => panic!("no tolerance stated for metric {other}"),
    }
}

/// The modularity attaché reaches may trail networkx's by no more than rounding.
const MODULARITY_SLACK: f64 = 1e-9;

#[derive(Deserialize)]
struct Reference {
    #[serde(skip)]
    name: String,
    graph: String,
    /// Metric id → account id → value, at default parameters.
    metrics: BTreeMap<String, BTreeMap<String, f64>>,
    runs: Vec<Run>,
    betweenness_samples: Vec<BetweennessSample>,
    communities: Vec<CommunityRun>,
}

/// One metric at non-default parameters.
#[derive(Deserialize)]
struct Run {
    metric: String,
    params: BTreeMap<String, ParamValue>,
    values: BTreeMap<String, f64>,
}

/// networkx's sampled betweenness from the sources its generator drew.
#[derive(Deserialize)]
struct BetweennessSample {
    k: usize,
    sources: Vec<String>,
    values: BTreeMap<String, f64>,
}

/// networkx's Louvain on U: the modularity reached, and for some runs the partition.
#[derive(Deserialize)]
struct CommunityRun {
    resolution: f64,
    seed: u64,
    modularity: f64,
    partition: Option<BTreeMap<String, u32>>,
}

fn references() -> Vec<Reference> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference");
    let found: Vec<Reference> = common::reference_files(&dir, |_| true)
        .into_iter()
        .map(|(name, reference)| Reference { name, ..reference })
        .collect();
    assert!(
        found.len() >= 7,
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

/// Account index by id (ids are unique within one fixture).
fn index_of(analysis: &Analysis) -> BTreeMap<&str, u32> {
    let accounts = &analysis.network().accounts;
    accounts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i as u32))
        .collect()
}

fn assert_matches(
    context: &str,
    analysis: &Analysis,
    values: &[f64],
    expected: &BTreeMap<String, f64>,
    tolerance: f64,
) {
    let accounts = &analysis.network().accounts;
    assert_eq!(expected.len(), accounts.len(), "{context}: account count");
    assert_eq!(values.len(), accounts.len(), "{context}: value count");
    for (account, value) in accounts.iter().zip(values) {
        let want = expected[&account.id];
        assert!(
            (value - want).abs() <= tolerance,
            "{context}({}) = {value}, the reference says {want} (tolerance {tolerance})",
            account.id
        );
    }
}

#[test]
fn every_metric_matches_networkx_on_every_fixture() {
    for reference in references() {
        let analysis = load(&reference.graph);
        for (metric, expected) in &reference.metrics {
            let values = analysis
                .compute(metric, &Params::default(), &mut Silent)
                .unwrap_or_else(|e| panic!("{}: {metric}: {e}", reference.name))
                .values;
            let context = format!("{}: {metric}", reference.name);
            assert_matches(&context, &analysis, &values, expected, tolerance(metric));
        }
    }
}

#[test]
fn parameterised_runs_match_networkx() {
    for reference in references() {
        let analysis = load(&reference.graph);
        for run in &reference.runs {
            let params = Params(run.params.clone());
            let values = analysis
                .compute(&run.metric, &params, &mut Silent)
                .unwrap_or_else(|e| panic!("{}: {}: {e}", reference.name, run.metric))
                .values;
            let context = format!("{}: {} with {:?}", reference.name, run.metric, run.params);
            assert_matches(&context, &analysis, &values, &run.values, tolerance(&run.metric));
        }
    }
}

#[test]
fn sampled_betweenness_is_networkx_estimator() {
    for reference in references() {
        let analysis = load(&reference.graph);
        let index = index_of(&analysis);
        for sample in &reference.betweenness_samples {
            let sources: Vec<u32> = sample.sources.iter().map(|s| index[s.as_str()]).collect();
            assert_eq!(sources.len(), sample.k);
            let values = betweenness::sampled(analysis.graph(), &sources, &mut Silent).unwrap();
            let context = format!(
                "{}: betweenness sampled from {:?}",
                reference.name, sample.sources
            );
            assert_matches(
                &context,
                &analysis,
                &values,
                &sample.values,
                tolerance("betweenness"),
            );
        }
    }
}

#[test]
fn louvain_is_at_least_as_good_as_networkx() {
    for reference in references() {
        let analysis = load(&reference.graph);
        let undirected = analysis.graph().undirected();
        let index = index_of(&analysis);
        let mut resolutions: Vec<f64> = reference.communities.iter().map(|r| r.resolution).collect();
        resolutions.dedup();
        for resolution in resolutions {
            let params = Params::default().with("resolution", resolution);
            let ours = analysis.compute("community", &params, &mut Silent).unwrap();
            let reached = ours.detail("modularity").unwrap();
            let labels: Vec<u32> = ours.values.iter().map(|&c| c as u32).collect();
            let recomputed = community::modularity(undirected, &labels, resolution);
            assert!((reached - recomputed).abs() < 1e-12, "{}", reference.name);
            for run in reference
                .communities
                .iter()
                .filter(|r| r.resolution == resolution)
            {
                assert!(
                    reached >= run.modularity - MODULARITY_SLACK,
                    "{}: resolution {resolution}: our modularity {reached} < networkx's {} (seed {})",
                    reference.name,
                    run.modularity,
                    run.seed
                );
                // Modularity is computed as networkx does: same value on networkx's partition.
                if let Some(partition) = &run.partition {
                    let mut theirs = vec![0u32; labels.len()];
                    for (account, &label) in partition {
                        theirs[index[account.as_str()] as usize] = label;
                    }
                    let ours_of_theirs = community::modularity(undirected, &theirs, resolution);
                    assert!(
                        (ours_of_theirs - run.modularity).abs() < 1e-12,
                        "{}: modularity of networkx's partition: {ours_of_theirs} vs {}",
                        reference.name,
                        run.modularity
                    );
                }
            }
        }
    }
}

#[test]
fn personalised_pagerank_names_unknown_seeds() {
    let analysis = load("fixtures/graphs/karate.csv");
    let params = Params::default().with_accounts("seeds", &["zz", "0", "yy"]);
    let error = analysis.compute("pagerank", &params, &mut Silent).unwrap_err();
    assert!(matches!(error, MetricError::BadParameter { param: "seeds", .. }));
    let message = error.to_string();
    assert!(
        message.contains("'zz'") && message.contains("'yy'") && !message.contains("'0'"),
        "{message}"
    );
}

#[test]
fn every_catalogued_metric_has_a_reference() {
    let mut covered: Vec<String> = Vec::new();
    for reference in references() {
        covered.extend(reference.metrics.into_keys());
        covered.extend(reference.runs.into_iter().map(|r| r.metric));
        if !reference.communities.is_empty() {
            covered.push("community".to_owned());
        }
    }
    let mut social = social_reference_metrics();
    social.extend(coordination_reference_metrics());
    for metric in catalogue() {
        let id = metric.info.id;
        assert!(
            covered.iter().chain(&social).any(|covered| covered == id),
            "metric {id} has no reference in tests/reference (networkx) or tests/reference/social (Python)",
        );
        // Graph metrics state their tolerance here; the social ones in tests/reference_social.rs.
        if id != "community" && !social.iter().any(|s| s == id) {
            tolerance(id);
        }
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

/// The coordination lens, checked by `tests/reference_coordination.rs` against the
/// partners of `tests/reference/coordination/ring.json` (tests/reference/coordination.py).
fn coordination_reference_metrics() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/coordination/ring.json");
    let document: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let runs = document["runs"].as_array().unwrap();
    let checked = !runs.is_empty() && runs.iter().all(|run| run["partners"].is_object());
    checked.then(|| "coordination".to_owned()).into_iter().collect()
}
