//! What each fuzz target does with its bytes, shared by the targets (`fuzz_targets/*.rs`,
//! each a one-line `fuzz_target!`) and by `tests/fuzz_regressions.rs`, which replays every
//! file under `tests/fixtures/hostile/<target>/` through the same function in an ordinary
//! `cargo test`. Uses only the public API of the `attache` crate.
//!
//! Every target reads the first byte as a control byte (which reader, how large the
//! chunks) and the rest as the file. Besides "no panic, no hang, bounded memory", the
//! single-format targets check the streaming contract: the network read from chunks equals
//! the network read from the whole file.
#![allow(dead_code)]

use attache::analysis::Analysis;
use attache::ingest::framing::json_values::{JsonEvent, JsonValues, Layout};
use attache::ingest::framing::records::{Event, RecordReader};
use attache::ingest::{Format, Ingest, Loaded, ZipLimits};
use attache::metrics::{catalogue, Params};
use attache::network::Network;
use attache::progress::Silent;

/// A fuzz target: its name and what it does with an input.
pub type Target = (&'static str, fn(&[u8]));

/// The fuzz targets, by name, as `cargo fuzz` and the regression folders know them.
pub const TARGETS: [Target; 10] = [
    ("ingest_any", ingest_any),
    ("csv_tables", csv_tables),
    ("json_values", json_values),
    ("twitter_json", twitter_json),
    ("x_archive", x_archive),
    ("zip_archive", zip_archive),
    ("bluesky_car", bluesky_car),
    ("xml_graphs", xml_graphs),
    ("pajek", pajek),
    ("gml", gml),
];

/// Splits off the control byte; `None` for empty input.
fn control(data: &[u8]) -> Option<(u8, &[u8])> {
    data.split_first().map(|(&first, rest)| (first, rest))
}

/// Reads `bytes` as one file in chunks of `chunk` bytes, with `format` forced (or detected).
fn ingest_chunked(bytes: &[u8], chunk: usize, format: Option<Format>) -> Loaded {
    let mut ingest = Ingest::new();
    match format {
        Some(format) => ingest.begin_file_as("fuzz", format),
        None => ingest.begin_file("fuzz"),
    }
    for piece in bytes.chunks(chunk.max(1)) {
        ingest.push(piece);
    }
    ingest.end_file();
    ingest.finish()
}

/// The network as plain data: account ids in order, and every interaction with its
/// weight's bits (so NaN compares equal to itself).
type Fingerprint = (Vec<String>, Vec<(u32, u32, &'static str, u64, i64)>);

fn fingerprint(network: &Network) -> Fingerprint {
    let ids = network.accounts.iter().map(|a| a.id.clone()).collect();
    let events = &network.interactions;
    let edges = (0..events.len())
        .map(|i| {
            (
                events.actor[i],
                events.target[i],
                events.kind[i].as_str(),
                events.weight[i].to_bits(),
                events.time[i],
            )
        })
        .collect();
    (ids, edges)
}

/// Reads `bytes` as `format`, whole and in chunks, and checks both give the same network.
fn same_whole_and_chunked(bytes: &[u8], chunk: usize, format: Format) {
    let whole = ingest_chunked(bytes, bytes.len(), Some(format));
    let chunked = ingest_chunked(bytes, chunk, Some(format));
    assert_eq!(
        fingerprint(&whole.network),
        fingerprint(&chunked.network),
        "{} read in chunks of {chunk} bytes differs from the whole file",
        format.name()
    );
}

/// The whole detect-and-ingest path, then every metric on small results. One input in
/// four runs under a tiny memory budget, so that stopping part way is fuzzed too.
pub fn ingest_any(data: &[u8]) {
    // The first byte chooses the chunk size, so splits land everywhere.
    let Some((first, bytes)) = control(data) else {
        return;
    };
    let mut ingest = Ingest::new();
    if first % 4 == 0 {
        ingest.set_memory_budget(Some(u64::from(first) * 512));
    }
    ingest.begin_file("fuzz");
    for piece in bytes.chunks(usize::from(first).max(1)) {
        ingest.push(piece);
    }
    ingest.end_file();
    // A second file, refused when the budget was reached.
    ingest.begin_file("second.csv");
    ingest.push(b"a,b\n");
    ingest.end_file();
    let loaded = ingest.finish();
    if loaded.network.account_count() > 2_000 {
        return; // metrics on big inputs only slow the fuzzer down
    }
    let analysis = Analysis::new(loaded.network);
    for metric in catalogue() {
        let _ = analysis.compute(metric.info.id, &Params::default(), &mut Silent);
    }
}

/// Delimited tables: the record reader under each delimiter, then the table readers
/// (edges, nodes, NodeXL, GDF) fed in chunks.
pub fn csv_tables(data: &[u8]) {
    let Some((first, bytes)) = control(data) else {
        return;
    };
    let delimiter = [b',', b';', b'\t', b' '][usize::from(first % 4)];
    let chunk = usize::from(first / 4).max(1);
    let mut reader = RecordReader::new(delimiter);
    let mut fields = 0usize;
    let mut count = |event: Event| {
        if let Event::Record(record) = event {
            fields += record.len();
        }
    };
    for piece in bytes.chunks(chunk) {
        reader.feed(piece, &mut count);
    }
    reader.finish(&mut count);

    // The same bytes under an edge header, then as whatever table they look like.
    let mut text = b"source,target,weight\n".to_vec();
    text.extend_from_slice(bytes);
    same_whole_and_chunked(&text, chunk, Format::EdgeList);
    let format = [Format::EdgeList, Format::NodeTable, Format::Gdf, Format::TwarcCsv][usize::from(first % 4)];
    same_whole_and_chunked(bytes, chunk, format);
}

/// The JSON value cutter: chunking must not change the values it yields.
pub fn json_values(data: &[u8]) {
    let Some((first, bytes)) = control(data) else {
        return;
    };
    let layout = [Layout::Auto, Layout::Sequence, Layout::JsAssignment][usize::from(first % 3)];
    let chunk = usize::from(first / 3).max(1);
    let whole = cut(layout, bytes, bytes.len().max(1));
    assert_eq!(cut(layout, bytes, chunk), whole, "chunking changed the values");
}

fn cut(layout: Layout, bytes: &[u8], chunk: usize) -> Vec<(u64, Vec<u8>)> {
    let mut values = JsonValues::new(layout);
    let mut out = Vec::new();
    let mut record = |event: JsonEvent| match event {
        JsonEvent::Value { line, bytes } => out.push((line, bytes.to_vec())),
        JsonEvent::Oversized { line } | JsonEvent::Garbage { line } | JsonEvent::Truncated { line } => {
            out.push((line, Vec::new()))
        }
    };
    for piece in bytes.chunks(chunk) {
        values.feed(piece, &mut record);
    }
    values.finish(&mut record);
    out
}

/// JSON and JSONL documents: twarc2, API v1.1, Mastodon's outbox/actor, node-link and
/// graphology JSON. The control byte picks the reader and the chunk size.
pub fn twitter_json(data: &[u8]) {
    let Some((first, bytes)) = control(data) else {
        return;
    };
    const FORMATS: [Format; 5] = [
        Format::Twarc2,
        Format::TwitterV1,
        Format::Mastodon,
        Format::NodeLink,
        Format::Graphology,
    ];
    let format = FORMATS[usize::from(first) % FORMATS.len()];
    same_whole_and_chunked(bytes, usize::from(first / 5).max(1), format);
}

/// X archive `data/*.js` files: the `window.YTD.* = ` wrapper and the records in it.
pub fn x_archive(data: &[u8]) {
    let Some((first, bytes)) = control(data) else {
        return;
    };
    same_whole_and_chunked(bytes, usize::from(first), Format::XArchive);
}

/// A ZIP read by random access from memory, with limits small enough that a bomb is
/// caught within the fuzzer's time budget (the limits' logic is the same at any size).
pub fn zip_archive(data: &[u8]) {
    let Some((first, bytes)) = control(data) else {
        return;
    };
    let mut ingest = Ingest::new();
    ingest.set_zip_limits(ZipLimits {
        max_members: 64 + usize::from(first),
        max_directory_bytes: 1 << 20,
        max_member_bytes: 4 << 20,
        max_total_bytes: 16 << 20,
        ..ZipLimits::default()
    });
    let mut source = bytes;
    ingest.ingest_archive("fuzz.zip", &mut source);
    let loaded = ingest.finish();
    let _ = loaded.network.summary();
}

/// Bluesky CAR files: the CAR framing, the DAG-CBOR decoder and the repository walk.
pub fn bluesky_car(data: &[u8]) {
    let Some((first, bytes)) = control(data) else {
        return;
    };
    same_whole_and_chunked(bytes, usize::from(first).max(1) * 16, Format::BlueskyCar);
}

/// GEXF and GraphML over the push XML tokenizer.
pub fn xml_graphs(data: &[u8]) {
    let Some((first, bytes)) = control(data) else {
        return;
    };
    let format = if first % 2 == 0 {
        Format::Gexf
    } else {
        Format::Graphml
    };
    same_whole_and_chunked(bytes, usize::from(first / 2).max(1), format);
}

/// Pajek `.net` files.
pub fn pajek(data: &[u8]) {
    let Some((first, bytes)) = control(data) else {
        return;
    };
    same_whole_and_chunked(bytes, usize::from(first), Format::Pajek);
}

/// GML files.
pub fn gml(data: &[u8]) {
    let Some((first, bytes)) = control(data) else {
        return;
    };
    same_whole_and_chunked(bytes, usize::from(first), Format::Gml);
}
