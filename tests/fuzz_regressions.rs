//! Replays what the fuzzers found, and their seeds, in an ordinary `cargo test`.
//!
//! Every file under `tests/fixtures/hostile/<target>/` (inputs that once crashed, hung or
//! broke an invariant in fuzz target `<target>`, kept as regression fixtures) and every
//! seed under `fuzz/corpus/<target>/seed-*` goes through the very function the fuzz
//! target runs (`fuzz/harness.rs`), which must return without panicking. A file's first
//! byte is the target's control byte, as in the fuzzer.

use std::path::{Path, PathBuf};

#[path = "../fuzz/harness.rs"]
mod harness;

fn files_in(folder: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file())
        .filter(|path| {
            path.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect();
    files.sort();
    files
}

/// Runs each file through its target, and names every file that panicked.
fn replay(root: &Path, prefix: &str) -> usize {
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (target, run) in harness::TARGETS {
        for file in files_in(&root.join(target), prefix) {
            let bytes = std::fs::read(&file).unwrap();
            replayed += 1;
            if std::panic::catch_unwind(|| run(&bytes)).is_err() {
                failures.push(format!("{target}: {}", file.display()));
            }
        }
    }
    assert!(failures.is_empty(), "panicked on:\n{}", failures.join("\n"));
    replayed
}

#[test]
fn every_hostile_fixture_is_read_without_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let replayed = replay(&root, "");
    assert!(replayed > 0, "no fixtures under {}", root.display());
}

#[test]
fn every_fuzz_seed_is_read_without_panic_and_reads_the_same_in_chunks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let replayed = replay(&root, "seed");
    assert!(
        replayed >= harness::TARGETS.len(),
        "seeds missing under {}",
        root.display()
    );
}
