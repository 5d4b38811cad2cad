//! `attache-bench`: the native side of the benchmarks (`bench/run.sh` drives it).
//!
//! ```text
//! attache-bench generate --accounts N --interactions M [--seed S] --csv PATH [--twarc2 PATH] [--if-missing]
//! attache-bench measure --file PATH --tasks ingest,csr,pagerank,... [--reps R]
//! ```
//!
//! `measure` prints one JSON object per line and task: `{"task", "seconds": [...] (wall),
//! "cpu": [...] (process CPU seconds), "peak_rss": bytes, "detail": {...}}`, the protocol every worker of the runner speaks
//! (`bench/wasm.mjs`, `bench/graphology.mjs`, `bench/peers.py`). Peak memory per task is
//! the process's high-water mark (VmHWM), reset before the task through
//! `/proc/self/clear_refs`, so it counts what the task needed on top of the loaded network.

use std::fs::File;
use std::io::{BufWriter, Read};
use std::time::Instant;

use attache::csr::{Csr, KindWeights};
use attache::ingest::Ingest;
use attache::layout::{ForceAtlas2, Settings as LayoutSettings};
use attache::metrics::{self, pagerank, LensParams, Params};
use attache::network::Network;
use attache::progress::Silent;
use attache::structure;
use serde_json::{json, Value};

mod synthetic;

/// A task slower than this runs once: its median would not be worth the wait.
const SLOW_SECONDS: f64 = 10.0;

/// Chunk size the files are pushed in (the browser's `File.stream()` gives 64 KiB to 1 MiB).
const CHUNK: usize = 1 << 20;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => generate(&args[1..]),
        Some("measure") => measure(&args[1..]),
        _ => Err("usage: attache-bench generate|measure ... (see bench/README.md)".to_owned()),
    };
    if let Err(message) = result {
        eprintln!("attache-bench: {message}");
        std::process::exit(2);
    }
}

fn option<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn number(args: &[String], name: &str, default: Option<u64>) -> Result<u64, String> {
    match option(args, name) {
        Some(text) => text.parse().map_err(|_| format!("{name} takes a whole number")),
        None => default.ok_or_else(|| format!("{name} is required")),
    }
}

fn generate(args: &[String]) -> Result<(), String> {
    let accounts = number(args, "--accounts", None)? as usize;
    let interactions = number(args, "--interactions", None)? as usize;
    let seed = number(args, "--seed", Some(7))?;
    let outputs = [option(args, "--csv"), option(args, "--twarc2")];
    if args.iter().any(|a| a == "--if-missing")
        && outputs
            .iter()
            .flatten()
            .all(|path| std::path::Path::new(path).exists())
    {
        return Ok(());
    }
    let started = Instant::now();
    let network = synthetic::generate(accounts, interactions, seed);
    let write = |path: &str, twarc2: bool| -> Result<(), String> {
        let file = File::create(path).map_err(|e| format!("{path}: {e}"))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let result = if twarc2 {
            synthetic::write_twarc2(&network, seed, &mut out)
        } else {
            synthetic::write_csv(&network, &mut out)
        };
        result
            .and_then(|_| std::io::Write::flush(&mut out))
            .map_err(|e| format!("{path}: {e}"))
    };
    if let Some(path) = option(args, "--csv") {
        write(path, false)?;
    }
    if let Some(path) = option(args, "--twarc2") {
        write(path, true)?;
    }
    eprintln!(
        "generated {accounts} accounts, {interactions} interactions in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// What a task runs on: the loaded network and, once built, its snapshot.
struct Loaded {
    network: Network,
    graph: Option<Csr>,
    bytes: u64,
}

fn measure(args: &[String]) -> Result<(), String> {
    let path = option(args, "--file").ok_or("--file is required")?;
    let tasks: Vec<&str> = option(args, "--tasks")
        .unwrap_or("ingest,csr,pagerank")
        .split(',')
        .collect();
    let reps = number(args, "--reps", Some(3))? as usize;
    let mut loaded: Option<Loaded> = None;
    for task in tasks {
        let mut seconds = Vec::new();
        let mut cpu = Vec::new();
        let mut peak = 0u64;
        let mut detail = json!({});
        for _ in 0..reps {
            reset_peak_memory();
            let started = Instant::now();
            let cpu_started = cpu_seconds();
            let outcome = run_task(task, path, &mut loaded)?;
            seconds.push(started.elapsed().as_secs_f64());
            cpu.push(cpu_seconds() - cpu_started);
            let slow = seconds.last().is_some_and(|&s| s > SLOW_SECONDS);
            peak = peak.max(peak_memory());
            match outcome {
                Some(value) => detail = value,
                None => {
                    seconds.clear();
                    cpu.clear();
                    detail = json!({"unavailable": "not in this build"});
                    break;
                }
            }
            if slow {
                break;
            }
        }
        let line = json!({"task": task, "seconds": seconds, "cpu": cpu, "peak_rss": peak, "detail": detail});
        println!("{line}");
    }
    Ok(())
}

/// ForceAtlas2 iterations per `forceatlas2` task, as issue 7 asks.
const LAYOUT_ITERATIONS: usize = 100;

/// Runs one task once; `None` when this build has no such task.
fn run_task(task: &str, path: &str, loaded: &mut Option<Loaded>) -> Result<Option<Value>, String> {
    if task == "ingest" {
        let ingested = ingest(path)?;
        let summary = json!({
            "bytes": ingested.bytes,
            "accounts": ingested.network.account_count(),
            "interactions": ingested.network.interactions.len(),
        });
        *loaded = Some(ingested);
        return Ok(Some(summary));
    }
    let state = loaded.as_mut().ok_or("the first task must be ingest")?;
    if task == "csr" {
        let graph = Csr::from_network(&state.network, &KindWeights::default());
        // U too: coreness and Louvain read it, and it is built once with the snapshot.
        let undirected = graph.undirected();
        let directed_bytes = adjacency_bytes(&graph.out) + adjacency_bytes(&graph.inc);
        let interactions = state.network.interactions.len().max(1) as f64;
        let detail = json!({
            "edges": graph.edge_count(),
            "undirected_links": undirected.neighbours.len() / 2,
            "bytes_per_interaction": directed_bytes as f64 / interactions,
            "bytes_per_interaction_with_u": (directed_bytes + adjacency_bytes(undirected)) as f64 / interactions,
        });
        state.graph = Some(graph);
        return Ok(Some(detail));
    }
    let graph = state.graph.as_ref().ok_or("csr must run before the metrics")?;
    let (metric, params) = match task {
        "pagerank" => ("pagerank", Params::default()),
        "hits" => ("authority", Params::default()),
        "betweenness" => ("betweenness", Params::default()),
        "betweenness_sampled" => ("betweenness", Params::default().with("k", 100.0)),
        "harmonic" => ("harmonic", Params::default()),
        "coreness" => ("coreness", Params::default()),
        "louvain" => ("community", Params::default()),
        "louvain_single" => ("community", Params::default().with("restarts", 1.0)),
        "forceatlas2" => return Ok(Some(force_atlas2(graph))),
        "pagerank_iteration" => return Ok(Some(one_pagerank_iteration(graph))),
        "components" | "strong_components" | "gatekeepers" => return Ok(Some(structure_task(task, graph))),
        other => return Err(format!("unknown task {other}")),
    };
    let output = metrics::compute(
        metric,
        &state.network,
        graph,
        &params,
        &LensParams::default(),
        &mut Silent,
    )
    .map_err(|e| e.to_string())?;
    let details: serde_json::Map<String, Value> = output
        .details
        .iter()
        .map(|d| (d.id.to_owned(), json!(d.value)))
        .collect();
    Ok(Some(Value::Object(details)))
}

/// One PageRank iteration with the default damping: the unit of the structure's budget
/// (components and gatekeepers within ten of these, issue 13).
fn one_pagerank_iteration(graph: &Csr) -> Value {
    let defaults = pagerank::Settings::from_params(&Params::default()).expect("defaults are valid");
    let settings = pagerank::Settings {
        max_iterations: 1,
        tolerance: 0.0,
        ..defaults
    };
    let result = pagerank::pagerank(graph, &settings, None, &mut Silent).expect("never cancelled");
    json!({"iterations": result.iterations})
}

/// Weak components (petgraph's UnionFind), strong components, or the gatekeepers
/// (articulation points and bridges of U, which the snapshot task built).
fn structure_task(task: &str, graph: &Csr) -> Value {
    match task {
        "components" => {
            let found = structure::weak_components(graph);
            json!({"components": found.count(), "largest": found.sizes.first()})
        }
        "strong_components" => {
            let found = structure::strong_components(graph);
            json!({"components": found.count(), "largest": found.sizes.first()})
        }
        _ => {
            let found = structure::gatekeepers(graph);
            json!({"gatekeepers": found.articulation_count(), "bridges": found.bridges.len()})
        }
    }
}

/// 100 iterations from the seeded start, with the settings the page starts from (Gephi's
/// defaults for the size: Barnes-Hut from 1,000 nodes, θ = 1.2), as `startLayout` and
/// `stepLayout` run them in the wasm worker.
fn force_atlas2(graph: &Csr) -> Value {
    let settings = LayoutSettings::for_size(graph.node_count());
    let mut layout = ForceAtlas2::new(graph, settings);
    layout.step(LAYOUT_ITERATIONS);
    let last = layout.last_step();
    json!({
        "iterations": layout.iterations(),
        "barnes_hut": settings.barnes_hut,
        "theta": settings.barnes_hut_theta,
        "speed": last.speed,
    })
}

fn ingest(path: &str) -> Result<Loaded, String> {
    let mut file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut ingest = Ingest::new();
    ingest.begin_file(path);
    let mut buffer = vec![0u8; CHUNK];
    let mut bytes = 0u64;
    loop {
        let read = file.read(&mut buffer).map_err(|e| format!("{path}: {e}"))?;
        if read == 0 {
            break;
        }
        bytes += read as u64;
        ingest.push(&buffer[..read]);
    }
    ingest.end_file();
    let loaded = ingest.finish();
    Ok(Loaded {
        network: loaded.network,
        graph: None,
        bytes,
    })
}

fn adjacency_bytes(adjacency: &attache::csr::Adjacency) -> usize {
    adjacency.offsets.len() * 4 + adjacency.neighbours.len() * 4 + adjacency.weights.len() * 8
}

/// CPU time of the process (user + system): on a shared machine the steadier figure.
fn cpu_seconds() -> f64 {
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through the valid pointer it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut time) };
    time.tv_sec as f64 + time.tv_nsec as f64 * 1e-9
}

/// Resets the process's peak resident set (Linux ≥ 4.0); elsewhere peaks are cumulative.
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident set since the last reset, in bytes (0 where unknown).
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::synthetic::{iso, START};

    #[test]
    fn generated_dates_are_civil() {
        assert_eq!(iso(START), "2023-03-01T00:00:00.000Z");
        assert_eq!(iso(951_782_400), "2000-02-29T00:00:00.000Z");
    }
}
