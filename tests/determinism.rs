//! The same files and settings give byte-identical exports: twice in one process, in two
//! processes (the command-line tool run twice: std's hash maps are seeded differently in
//! every process, so an iteration order leaking into the output would show), and equal to
//! the native output checked in under `tests/reference/determinism/`, which
//! `www/tests/determinism.test.ts` compares with what the wasm module computes.
//!
//! Regenerate the checked-in outputs (after a deliberate change to a metric) with:
//!
//! ```sh
//! cargo run -q --bin attache -- score tests/fixtures/graphs/karate.csv --metrics all --format csv \
//!     > tests/reference/determinism/karate.all.csv
//! cargo run -q --bin attache -- score tests/fixtures/twarc2/kpop.jsonl --metrics all --format csv \
//!     > tests/reference/determinism/kpop.all.csv
//! ```

use std::path::Path;
use std::process::Command;

use attache::analysis::Analysis;
use attache::ingest::ingest_files;
use attache::metrics::catalogue;
use attache::progress::Silent;
use attache::scores::{self, ScoreTable};

/// (fixture under tests/fixtures, checked-in native output under tests/reference/determinism)
const CASES: [(&str, &str); 2] = [
    ("graphs/karate.csv", "karate.all.csv"),
    ("twarc2/kpop.jsonl", "kpop.all.csv"),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every metric's scores for `fixture`, exported as CSV and JSON, from a fresh session.
fn exports(fixture: &str) -> (Vec<u8>, Vec<u8>) {
    let bytes = std::fs::read(root().join("tests/fixtures").join(fixture)).unwrap();
    let loaded = ingest_files([(fixture, bytes.as_slice())]);
    let analysis = Analysis::new(loaded.network);
    let ids: Vec<&str> = catalogue().iter().map(|m| m.info.id).collect();
    let table = ScoreTable::compute(&analysis, &ids, &mut Silent).unwrap();
    let order = scores::rank_descending(&table.columns[0]);
    let (mut csv, mut json) = (Vec::new(), Vec::new());
    scores::write_csv(analysis.network(), &table, &order, &mut csv).unwrap();
    scores::write_json(analysis.network(), &table, &order, &mut json).unwrap();
    (csv, json)
}

#[test]
fn exports_are_byte_identical_across_runs_in_one_process() {
    for (fixture, _) in CASES {
        let first = exports(fixture);
        let second = exports(fixture);
        assert!(first.0 == second.0, "{fixture}: CSV differs between runs");
        assert!(first.1 == second.1, "{fixture}: JSON differs between runs");
    }
}

fn cli(fixture: &str, format: &str) -> Vec<u8> {
    cli_with(fixture, format, &[])
}

fn cli_with(fixture: &str, format: &str, extra: &[&str]) -> Vec<u8> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_attache"));
    command
        .args(["score", "--metrics", "all", "--format", format])
        .args(extra)
        .arg(root().join("tests/fixtures").join(fixture));
    succeeded(&mut command).stdout
}

#[test]
fn any_thread_count_gives_the_same_bytes() {
    // Louvain's restarts and the sampled betweenness's sources split too: set both.
    let settings = ["--param", "community.restarts=5", "--param", "betweenness.k=40"];
    for (fixture, _) in CASES {
        for extra in [&[][..], &settings[..]] {
            let one = cli_with(fixture, "csv", &[extra, &["--threads", "1"]].concat());
            for threads in ["2", "3", "8"] {
                let many = cli_with(fixture, "csv", &[extra, &["--threads", threads]].concat());
                assert!(
                    one == many,
                    "{fixture} {extra:?}: --threads {threads} differs from --threads 1"
                );
            }
        }
    }
}

#[test]
fn the_command_line_tool_gives_the_same_bytes_in_two_processes_and_the_checked_in_output() {
    for (fixture, reference) in CASES {
        for format in ["csv", "json"] {
            assert!(
                cli(fixture, format) == cli(fixture, format),
                "{fixture}: {format} differs between two runs of the tool"
            );
        }
        let checked_in = std::fs::read(root().join("tests/reference/determinism").join(reference)).unwrap();
        assert!(
            cli(fixture, "csv") == checked_in,
            "{fixture}: the scores differ from tests/reference/determinism/{reference}; if the change is \
             deliberate, regenerate it (see this file's header)"
        );
        assert!(
            exports(fixture).0 == checked_in,
            "{fixture}: the library's CSV differs from the tool's"
        );
    }
}

/// The analysis file `tests/fixtures/analysis/kpop.attache.json` (personalised PageRank,
/// Louvain's resolution and seed, sampled betweenness, kind and pillar weights) replayed
/// by the tool gives the checked-in scores, which `www/tests/determinism.test.ts` checks
/// the wasm module reproduces under the same file. Regenerate with:
///
/// ```sh
/// cargo run -q --bin attache -- score tests/fixtures/twarc2/kpop.jsonl --metrics all --format csv \
///     --settings tests/fixtures/analysis/kpop.attache.json > tests/reference/determinism/kpop.analysis.csv
/// ```
#[test]
fn a_replayed_analysis_file_gives_the_checked_in_scores() {
    let output = succeeded(
        Command::new(env!("CARGO_BIN_EXE_attache"))
            .args(["score", "--metrics", "all", "--format", "csv", "--settings"])
            .arg(root().join("tests/fixtures/analysis/kpop.attache.json"))
            .arg(root().join("tests/fixtures/twarc2/kpop.jsonl")),
    );
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("differs from the one"),
        "the fixture's hash must match the analysis file"
    );
    let checked_in = std::fs::read(root().join("tests/reference/determinism/kpop.analysis.csv")).unwrap();
    let plain = std::fs::read(root().join("tests/reference/determinism/kpop.all.csv")).unwrap();
    assert!(
        output.stdout == checked_in,
        "regenerate kpop.analysis.csv (see above) if the change is deliberate"
    );
    assert!(checked_in != plain, "the analysis file must change the scores");
}

/// The coordination network and its baseline (a seeded shuffle of the action times) of the
/// hand-made collections of `tests/fixtures/coordination/`, as the tool prints it: checked
/// in, so that `www/tests/coordination.test.ts` checks the wasm module draws the same
/// permutations (a random number drawn at the width of `usize` would differ on wasm32).
/// Regenerate with:
///
/// ```sh
/// cargo run -q --bin attache -- coordination tests/fixtures/coordination/*.json* --format json \
///     > tests/reference/determinism/coordination.json
/// ```
#[test]
fn the_coordination_report_is_the_checked_in_one() {
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/fixtures/coordination"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    let output = succeeded(
        Command::new(env!("CARGO_BIN_EXE_attache"))
            .args(["coordination", "--format", "json"])
            .args(&files),
    );
    let checked_in = std::fs::read(root().join("tests/reference/determinism/coordination.json")).unwrap();
    assert!(
        output.stdout == checked_in,
        "regenerate coordination.json (see above) if the change is deliberate"
    );
}

/// Runs the tool; its output when it succeeded, else the test fails with its stderr.
fn succeeded(command: &mut Command) -> std::process::Output {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
