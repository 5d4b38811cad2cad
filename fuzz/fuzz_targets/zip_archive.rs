//! ZIP archives through `Ingest::ingest_archive` with an in-memory `RandomAccess`.
//! What it does lives in `fuzz/harness.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::zip_archive(data));
