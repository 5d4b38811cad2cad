//! Delimited tables: the record reader and the edge-list reader, fed in arbitrary chunks.
#![no_main]

use attache::ingest::edge_list::EdgeListReader;
use attache::ingest::records::{Event, RecordReader};
use attache::ingest::Ingest;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else { return };
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

    // The same bytes as an edge list, whatever detection would say.
    let _ = EdgeListReader::sniffing(bytes);
    let mut ingest = Ingest::new();
    ingest.begin_file("table.csv");
    let mut text = b"source,target,weight\n".to_vec();
    text.extend_from_slice(bytes);
    for piece in text.chunks(chunk) {
        ingest.push(piece);
    }
    ingest.finish();
});
