//! The whole detect-and-ingest path on arbitrary bytes, pushed in arbitrary chunks,
//! followed by every metric on small results.
//! What it does lives in `fuzz/harness.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::ingest_any(data));
