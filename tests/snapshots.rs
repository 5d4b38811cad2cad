//! What every fixture loads, as one dump per file, checked against its snapshot; and the
//! same dump whether the file is pushed whole or in random chunks.
//!
//! Each file under `tests/fixtures/` that ingest is meant to read (every folder but the
//! ones listed in [`NOT_INGEST_INPUTS`]) is one case: a new fixture is one file, and
//! `UPDATE_EXPECT=1 cargo test --test snapshots` writes its snapshot to
//! `tests/fixtures/snapshots/<its path>.txt`, to be read and checked by hand before it is
//! committed. The dump says what the file became: its report (format, records, skipped,
//! accounts, posts, interactions by kind, notes), its warnings with their lines, the
//! accounts, interactions and posts (the first ones, for large files, and totals).

use std::fmt::Write;
use std::path::{Path, PathBuf};

use attache::ingest::{Ingest, Loaded};
use attache::network::{Network, Platform, NO_TIME};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Folders under `tests/fixtures/` that are not inputs of ingest: the snapshots
/// themselves, the networks the metric references are computed on (built directly), the
/// social fixtures (`NetworkBuilder` JSON), the fuzzers' hostile finds (replayed by
/// `fuzz_regressions.rs`) and analysis files (settings, not data).
const NOT_INGEST_INPUTS: [&str; 5] = ["snapshots", "graphs", "social", "hostile", "analysis"];

/// How many accounts, interactions and posts a dump lists (then totals only).
const LISTED: usize = 40;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every ingest input under the fixtures, as paths relative to the root, sorted.
fn inputs() -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if path.is_dir() {
                if !NOT_INGEST_INPUTS.contains(&relative.as_str()) {
                    walk(&path, root, out);
                }
            } else if !relative.ends_with(".md") && !relative.ends_with(".py") {
                out.push(relative);
            }
        }
    }
    let root = fixtures_root();
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out
}

/// Reads one file, pushed in the chunk sizes `sizes` gives (whole when `None`).
fn load(name: &str, bytes: &[u8], mut sizes: Option<&mut dyn FnMut() -> usize>) -> Loaded {
    let mut ingest = Ingest::new();
    ingest.begin_file(name);
    match sizes.as_mut() {
        None => ingest.push(bytes),
        Some(next) => {
            let mut rest = bytes;
            while !rest.is_empty() {
                let size = next().clamp(1, rest.len());
                ingest.push(&rest[..size]);
                rest = &rest[size..];
            }
        }
    }
    ingest.end_file();
    ingest.finish()
}

fn platform(platform: Platform) -> &'static str {
    match platform {
        Platform::Generic => "generic",
        Platform::Twitter => "twitter",
        Platform::Mastodon => "mastodon",
        Platform::Bluesky => "bluesky",
    }
}

/// What a file loaded, as text.
fn dump(loaded: &Loaded) -> String {
    let mut out = String::new();
    for report in &loaded.files {
        writeln!(out, "file {} ({})", report.path, report.format.name()).unwrap();
        writeln!(
            out,
            "  records {}, skipped {}, accounts {}, posts {}, warnings {}",
            report.records, report.skipped, report.accounts, report.posts, report.warnings
        )
        .unwrap();
        let kinds: Vec<String> = report
            .interactions
            .iter()
            .map(|(kind, n)| format!("{} {n}", kind.as_str()))
            .collect();
        writeln!(out, "  interactions: {}", kinds.join(", ")).unwrap();
        let rows = report.node_rows;
        if rows.rows > 0 {
            writeln!(
                out,
                "  node rows {}: by id {}, by handle {}, added {}, ambiguous {}",
                rows.rows, rows.matched_by_id, rows.matched_by_handle, rows.added, rows.ambiguous
            )
            .unwrap();
        }
        for note in &report.notes {
            writeln!(out, "  note: {note}").unwrap();
        }
        if let Some(why) = report.nothing_read() {
            writeln!(out, "  nothing read: {why}").unwrap();
        }
    }
    writeln!(out, "warnings ({}):", loaded.warnings.len()).unwrap();
    for warning in &loaded.warnings {
        let line = warning
            .line
            .map(|l| format!("line {l}"))
            .unwrap_or_else(|| "-".into());
        writeln!(out, "  {} {line}: {}", warning.file, warning.message).unwrap();
    }
    dump_network(&loaded.network, &mut out);
    out
}

fn dump_network(network: &Network, out: &mut String) {
    let summary = network.summary();
    writeln!(
        out,
        "network: {} accounts, {} interactions, {} posts, {} self-interactions, {} duplicates",
        network.accounts.len(),
        network.interactions.len(),
        network.posts.len(),
        summary.self_interactions,
        summary.duplicates
    )
    .unwrap();
    writeln!(out, "accounts:").unwrap();
    for account in network.accounts.iter().take(LISTED) {
        let mut line = format!("  {} {}", platform(account.platform), account.id);
        let mut field = |name: &str, value: Option<String>| {
            if let Some(value) = value {
                write!(line, " {name}={value:?}").unwrap();
            }
        };
        field("label", account.label.clone());
        field("handle", account.handle.clone());
        field("name", account.name.clone());
        field("followers", account.followers.map(|n| n.to_string()));
        field("following", account.following.map(|n| n.to_string()));
        field("posts", account.posts_count.map(|n| n.to_string()));
        field("created", account.created.map(|n| n.to_string()));
        for (key, value) in &account.attributes {
            write!(line, " [{key}={value:?}]").unwrap();
        }
        writeln!(out, "{line}").unwrap();
    }
    more(out, network.accounts.len());
    writeln!(out, "interactions:").unwrap();
    let events = &network.interactions;
    let id = |idx: u32| network.accounts[idx as usize].id.as_str();
    for i in 0..events.len().min(LISTED) {
        let mut line = format!(
            "  {} -> {} {}",
            id(events.actor[i]),
            id(events.target[i]),
            events.kind[i].as_str()
        );
        if events.weight[i] != 1.0 {
            write!(line, " weight {}", events.weight[i]).unwrap();
        }
        if events.time[i] != NO_TIME {
            write!(line, " at {}", events.time[i]).unwrap();
        }
        if events.subject[i] != attache::network::NO_POST {
            write!(line, " about post {}", events.subject[i]).unwrap();
        }
        writeln!(out, "{line}").unwrap();
    }
    more(out, events.len());
    writeln!(out, "posts:").unwrap();
    for (i, post) in network.posts.records.iter().enumerate().take(LISTED) {
        let mut line = format!(
            "  {i} by {} {:?}{}",
            id(post.author),
            post.kind,
            if post.collected { "" } else { " (referenced)" }
        );
        if post.time != NO_TIME {
            write!(line, " at {}", post.time).unwrap();
        }
        if let Some(lang) = post.lang {
            write!(line, " lang {}", network.terms.name(lang)).unwrap();
        }
        let counts = post.public;
        for (name, count) in [
            ("reposts", counts.reposts),
            ("likes", counts.likes),
            ("replies", counts.replies),
            ("quotes", counts.quotes),
        ] {
            if let Some(count) = count {
                write!(line, " {name} {count}").unwrap();
            }
        }
        let terms: Vec<&str> = network
            .posts
            .terms
            .iter()
            .filter(|(p, _)| *p as usize == i)
            .map(|&(_, term)| network.terms.name(term))
            .collect();
        if !terms.is_empty() {
            write!(line, " terms {}", terms.join(" ")).unwrap();
        }
        writeln!(out, "{line}").unwrap();
    }
    more(out, network.posts.len());
}

fn more(out: &mut String, total: usize) {
    if total > LISTED {
        writeln!(out, "  ... and {} more", total - LISTED).unwrap();
    }
}

#[test]
fn every_fixture_loads_as_its_snapshot_says() {
    let inputs = inputs();
    assert!(inputs.len() > 100, "fixtures not found: {inputs:?}");
    for name in &inputs {
        let bytes = std::fs::read(fixtures_root().join(name)).unwrap();
        let snapshot = fixtures_root().join("snapshots").join(format!("{name}.txt"));
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
        }
        expect_test::expect_file![snapshot].assert_eq(&dump(&load(name, &bytes, None)));
    }
}

#[test]
fn every_fixture_loads_the_same_whole_and_in_random_chunks() {
    for name in inputs() {
        let bytes = std::fs::read(fixtures_root().join(&name)).unwrap();
        let whole = dump(&load(&name, &bytes, None));
        for seed in 0..3u64 {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            // Small chunks split every construct; a few large ones follow the sniffing limit.
            let largest = if seed == 2 { 100_000 } else { 97 };
            let mut sizes = || rng.gen_range(1..=largest);
            let chunked = dump(&load(&name, &bytes, Some(&mut sizes)));
            assert!(
                chunked == whole,
                "{name}: chunks (seed {seed}) differ from the whole file:\n{}",
                first_difference(&whole, &chunked)
            );
        }
    }
}

fn first_difference(a: &str, b: &str) -> String {
    a.lines()
        .zip(b.lines())
        .find(|(x, y)| x != y)
        .map(|(x, y)| format!("whole:   {x}\nchunked: {y}"))
        .unwrap_or_else(|| "one dump is longer".to_owned())
}
