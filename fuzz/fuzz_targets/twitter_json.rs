//! JSON documents: twarc2, API v1.1, Mastodon, node-link and graphology readers.
//! What it does lives in `fuzz/harness.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::twitter_json(data));
