//! The JSON value cutter: every value it yields must be a slice that begins with an
//! opening bracket or a scalar, and chunking must not change what it yields.
#![no_main]

use attache::ingest::json_values::{JsonEvent, JsonValues, Layout};
use libfuzzer_sys::fuzz_target;

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

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else { return };
    let layout = [Layout::Auto, Layout::Sequence, Layout::JsAssignment][usize::from(first % 3)];
    let chunk = usize::from(first / 3).max(1);
    let whole = cut(layout, bytes, bytes.len().max(1));
    assert_eq!(cut(layout, bytes, chunk), whole, "chunking changed the values");
});
