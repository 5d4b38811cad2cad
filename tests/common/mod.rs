//! Helpers the integration tests share: fixtures, the command-line tool, sessions.
#![allow(dead_code)] // each test binary uses its own part of these helpers

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use attache::progress::Silent;
use attache::session::Session;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bytes of `tests/fixtures/<path>`.
pub fn fixture(path: &str) -> Vec<u8> {
    let full = root().join("tests/fixtures").join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Runs the command-line tool from the project's root.
pub fn attache(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("attache runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A file under a directory of this test process, written with `contents`.
pub fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("attache-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// Pushes `bytes` as file `name` into the session, in chunks of `chunk` bytes.
pub fn push_file(session: &mut Session, name: &str, bytes: &[u8], chunk: usize) {
    session.begin_file(name, None).unwrap();
    for piece in bytes.chunks(chunk.max(1)) {
        session.push(piece).unwrap();
    }
    session.end_file().unwrap();
}

/// A session with these `(name, bytes)` files read, finished.
pub fn session_of(files: &[(&str, &[u8])]) -> Session {
    let mut session = Session::new();
    for (name, bytes) in files {
        push_file(&mut session, name, bytes, 1 << 16);
    }
    session.finish().unwrap();
    session
}

/// The ids of the session's accounts, in account order.
pub fn account_ids(session: &Session) -> Vec<String> {
    session
        .network()
        .unwrap()
        .accounts
        .iter()
        .map(|a| a.id.clone())
        .collect()
}

/// What `attache score FILE --metrics all --format csv --top 1` prints (the header and the
/// top row), after checking that the command succeeded.
pub fn score_all_top_row(path: &str) -> String {
    let output = attache(&["score", path, "--metrics", "all", "--format", "csv", "--top", "1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

/// Metric `id`'s column under the settings in force.
pub fn column(session: &Session, id: &str) -> Vec<f64> {
    session.column(id, &mut Silent).unwrap().values.clone()
}

/// Every JSON file directly under `dir` that `keep` accepts, read as `T`, with its file
/// stem, sorted by name: the reference values the Python generators write.
pub fn reference_files<T: serde::de::DeserializeOwned>(
    dir: &Path,
    keep: impl Fn(&Path) -> bool,
) -> Vec<(String, T)> {
    let mut found: Vec<(String, T)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json") && keep(path))
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            let value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path.file_stem().unwrap().to_string_lossy().into_owned(), value)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}
