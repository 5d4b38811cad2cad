//! The whole detect-and-ingest path on arbitrary bytes, pushed in arbitrary chunks,
//! followed by every metric on the result. Nothing may panic, hang or blow up memory.
#![no_main]

use attache::analysis::Analysis;
use attache::ingest::Ingest;
use attache::metrics::{catalogue, Params};
use attache::progress::Silent;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte chooses the chunk size, so splits land everywhere.
    let (chunk, bytes) = match data.split_first() {
        Some((&first, rest)) => (usize::from(first).max(1), rest),
        None => (1, data),
    };
    let mut ingest = Ingest::new();
    ingest.begin_file("fuzz");
    for piece in bytes.chunks(chunk) {
        ingest.push(piece);
    }
    ingest.end_file();
    let loaded = ingest.finish();
    if loaded.network.account_count() > 2_000 {
        return; // metrics on big inputs only slow the fuzzer down
    }
    let analysis = Analysis::new(loaded.network);
    for metric in catalogue() {
        let _ = analysis.compute(metric.info.id, &Params::default(), &mut Silent);
    }
});
