//! Criterion benchmarks of the kernels: ingest of generated twarc2 pages and CSV rows,
//! the CSR snapshot, PageRank, betweenness (exact on a small graph, sampled on a larger
//! one), Louvain, and the structure: weak and strong components, gatekeepers
//! (articulation points and bridges), each to compare with one PageRank iteration (the
//! issue's budget: ten). Inputs come from the seeded generator of the benchmark harness
//! (bench/native/synthetic.rs), in memory, small enough for the whole run to take a
//! couple of minutes: `cargo bench --bench kernels`. (`cargo test --all-targets` runs each
//! once, as a smoke test.) The side-by-side comparison with the peers is `make bench`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use attache::csr::{Csr, KindWeights};
use attache::ingest::Ingest;
use attache::metrics::{betweenness, community, pagerank, Params};
use attache::network::Network;
use attache::progress::Silent;
use attache::structure;

#[allow(dead_code)]
#[path = "../bench/native/synthetic.rs"]
mod synthetic;

fn generated(accounts: usize, interactions: usize) -> (Vec<u8>, Vec<u8>) {
    let network = synthetic::generate(accounts, interactions, 7);
    let (mut csv, mut twarc2) = (Vec::new(), Vec::new());
    synthetic::write_csv(&network, &mut csv).expect("in memory");
    synthetic::write_twarc2(&network, 7, &mut twarc2).expect("in memory");
    (csv, twarc2)
}

fn ingest(name: &str, bytes: &[u8]) -> Network {
    let mut ingest = Ingest::new();
    ingest.begin_file(name);
    for chunk in bytes.chunks(1 << 20) {
        ingest.push(chunk);
    }
    ingest.end_file();
    ingest.finish().network
}

fn kernels(c: &mut Criterion) {
    let (csv, twarc2) = generated(5_000, 25_000);
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(twarc2.len() as u64));
    group.bench_function("twarc2 5k/25k", |b| b.iter(|| ingest("pages.jsonl", &twarc2)));
    group.throughput(Throughput::Bytes(csv.len() as u64));
    group.bench_function("csv 5k/25k", |b| b.iter(|| ingest("edges.csv", &csv)));
    group.finish();

    let network = ingest("edges.csv", &csv);
    c.bench_function("csr 5k/25k", |b| {
        b.iter(|| Csr::from_network(&network, &KindWeights::default()))
    });
    let graph = Csr::from_network(&network, &KindWeights::default());
    let default_pagerank = pagerank::Settings::from_params(&Params::default()).expect("defaults are valid");
    c.bench_function("pagerank 5k/25k", |b| {
        b.iter(|| pagerank::pagerank(&graph, &default_pagerank, None, &mut Silent))
    });
    let one_iteration = pagerank::Settings {
        max_iterations: 1,
        tolerance: 0.0,
        ..default_pagerank
    };
    c.bench_function("pagerank one iteration 5k/25k", |b| {
        b.iter(|| pagerank::pagerank(&graph, &one_iteration, None, &mut Silent))
    });
    // U is built once (the snapshot keeps it): the searches alone are measured.
    graph.undirected();
    c.bench_function("weak components 5k/25k", |b| {
        b.iter(|| structure::weak_components(&graph))
    });
    c.bench_function("strong components 5k/25k", |b| {
        b.iter(|| structure::strong_components(&graph))
    });
    c.bench_function("gatekeepers 5k/25k", |b| {
        b.iter(|| structure::gatekeepers(&graph))
    });
    let louvain = community::Settings {
        resolution: 1.0,
        seed: 0,
        restarts: 1,
    };
    c.bench_function("louvain one run 5k/25k", |b| {
        b.iter(|| community::louvain(graph.undirected(), &louvain, &mut Silent))
    });

    let (small_csv, _) = generated(1_000, 5_000);
    let small = Csr::from_network(&ingest("edges.csv", &small_csv), &KindWeights::default());
    let mut slow = c.benchmark_group("betweenness");
    slow.sample_size(10);
    slow.bench_function("exact 1k/5k", |b| {
        b.iter(|| betweenness::exact(&small, &mut Silent))
    });
    let sources: Vec<u32> = (0..graph.node_count() as u32)
        .step_by(graph.node_count() / 50)
        .collect();
    slow.bench_function("50 sources 5k/25k", |b| {
        b.iter_batched(
            || sources.clone(),
            |sources| betweenness::sampled(&graph, &sources, &mut Silent),
            BatchSize::SmallInput,
        )
    });
    slow.finish();
}

criterion_group!(benches, kernels);
criterion_main!(benches);
