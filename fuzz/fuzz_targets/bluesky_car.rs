//! Bluesky CAR files: CAR framing, DAG-CBOR and the repository walk.
//! What it does lives in `fuzz/harness.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::bluesky_car(data));
