//! Criterion benchmarks of the kernels: ingest of generated twarc2 pages and CSV rows,
//! the CSR snapshot, PageRank, betweenness (exact on a small graph, sampled on a larger
//! one), Louvain, coordination on a million generated reposts, and the structure: weak and
//! strong components, gatekeepers (articulation points and bridges), each to compare with one
//! PageRank iteration (the budget: ten). Inputs come from the seeded generator of the benchmark harness
//! (bench/native/synthetic.rs), in memory, small enough for the whole run to take a
//! couple of minutes: `cargo bench --bench kernels`. (`cargo test --all-targets` runs each
//! once, as a smoke test.) The side-by-side comparison with the peers is `make bench`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use attache::coordination::{self, CoordinationOptions, CoordinationParams};
use attache::csr::{Csr, KindWeights};
use attache::ingest::Ingest;
use attache::metrics::{betweenness, community, pagerank, Params};
use attache::network::{EventKey, Interaction, Kind, Network, NetworkBuilder, Platform, PostInfo};
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

/// `reposts` timed reposts: 50,000 accounts repost 20,000 originals by 1,000 authors, the
/// originals' popularity heavy-tailed (the most popular draws tens of thousands), each
/// repost an exponential delay (mean an hour) after its original, which appear over a
/// week; among them a planted ring of 20 accounts reposting 200 originals seconds apart.
fn reposts_network(reposts: usize) -> Network {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(15);
    let mut builder = NetworkBuilder::new();
    let accounts: Vec<u32> = (0..50_000)
        .map(|i| builder.account(Platform::Twitter, &format!("u{i}")))
        .collect();
    let authors: Vec<u32> = (0..1_000)
        .map(|i| builder.account(Platform::Twitter, &format!("a{i}")))
        .collect();
    let week = 7 * 86_400;
    let originals: Vec<(u32, u32, i64)> = (0..20_000)
        .map(|i| {
            let author = authors[i % authors.len()];
            let time = rng.gen_range(0..week);
            let info = PostInfo {
                time: Some(time),
                collected: true,
                ..PostInfo::default()
            };
            let (post, _) = builder.post(Platform::Twitter, &format!("o{i}"), author, &info);
            (post, author, time)
        })
        .collect();
    let add = |builder: &mut NetworkBuilder, n: usize, actor: u32, original: (u32, u32, i64), time: i64| {
        builder.interact(Interaction {
            time: Some(time),
            key: Some(EventKey::of_post(Platform::Twitter, &format!("r{n}"))),
            subject: Some(original.0),
            ..Interaction::new(actor, original.1, Kind::Repost)
        });
    };
    let ring = 20;
    let planted = 200 * ring;
    for n in 0..planted {
        let original = originals[(n / ring) * 97 % originals.len()];
        add(
            &mut builder,
            n,
            accounts[n % ring],
            original,
            original.2 + 30 + (n % ring) as i64,
        );
    }
    for n in planted..reposts {
        // Zipf-like: the k-th original is drawn about 1/k as often.
        let rank = (originals.len() as f64).powf(rng.gen::<f64>()) as usize - 1;
        let original = originals[rank.min(originals.len() - 1)];
        let delay = (-3_600.0 * (1.0 - rng.gen::<f64>()).ln()) as i64;
        let actor = accounts[rng.gen_range(0..accounts.len())];
        add(&mut builder, n, actor, original, original.2 + delay);
    }
    builder.finish()
}

fn coordination_kernel(c: &mut Criterion) {
    let network = reposts_network(1_000_000);
    let mut group = c.benchmark_group("coordination");
    group.sample_size(10);
    group.throughput(Throughput::Elements(network.interactions.len() as u64));
    let params = CoordinationParams::default();
    group.bench_function("partners 1M reposts", |b| {
        b.iter(|| coordination::partners(&network, &params, &mut Silent))
    });
    let options = CoordinationOptions::default();
    // What is timed finds what was planted: the ring of the first 20 accounts in one group
    // (with the accounts that met it by chance on the viral posts: the baseline's reason).
    let found = coordination::coordination(&network, &params, &options, &mut Silent).expect("not cancelled");
    let ring = found
        .groups
        .iter()
        .find(|g| (0..20).all(|a| g.members.contains(&a)))
        .expect("the planted ring is one group");
    eprintln!(
        "coordination: {} pairs, {} groups, the ring's group {} accounts",
        found.pairs.len(),
        found.groups.len(),
        ring.members.len()
    );
    group.bench_function("groups and baseline 1M reposts", |b| {
        b.iter(|| coordination::coordination(&network, &params, &options, &mut Silent))
    });
    group.finish();
}

criterion_group!(benches, kernels, coordination_kernel);
criterion_main!(benches);
