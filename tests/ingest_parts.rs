//! An edge list read in parts on several threads (`framing::parts`) is exactly the edge
//! list read by one thread: the same accounts in the same order, the same interactions,
//! the same file reports and the same warnings with the same line numbers, however the
//! file is cut into parts and chunks.

use attache::ingest::{Ingest, Loaded};

/// An edge list with everything that can tell a merge from a serial read: a byte-order
/// mark, CRLF line ends, blank lines, quoted cells holding line ends, delimiters and
/// doubled quotes, a stray quote inside an unquoted cell (a cut placed by counting quotes
/// lands inside a quoted cell after it), bytes that are not UTF-8, warnings said once per
/// file scattered through it (an unknown type, a time that is no date, a dynamic weight,
/// a rounded id), self-loops, more bad rows than a file's warnings keep, and accounts
/// first seen anywhere in the file.
fn tricky_edge_list(rows: usize) -> Vec<u8> {
    let mut bytes = b"\xef\xbb\xbfsource,target,type,weight,time,note\r\n".to_vec();
    for row in 0..rows {
        let (source, target) = ((row * 7919) % 613, (row * 104_729 + 13) % 601);
        let line = match row {
            r if r % 211 == 7 => "\r\n".to_owned(),
            r if r % 97 == 3 => format!("a{source},b\"{target},mention,1,,stray quote\r\n"),
            r if r % 89 == 5 => format!("a{source},a{source},reply,1,2021-03-04,self\r\n"),
            r if r % 53 == 1 => format!("a{source},b{target},frobnicate,1,,odd type\r\n"),
            r if r % 59 == 2 => format!("a{source},b{target},retweet,1,yesterday,odd time\r\n"),
            r if r % 61 == 4 => format!("a{source},b{target},retweet,\"<[2009.0, 2010.0, 3.0]>\",,dyn\r\n"),
            r if r % 67 == 6 => format!("1.44E+18,b{target},mention,1,,rounded\r\n"),
            r if r % 7 == 0 => format!("a{source},b{target},reply,heavy,,bad weight {row}\r\n"),
            r if r % 11 == 0 => "lonely\r\n".to_owned(),
            r if r % 5 == 0 => format!(
                "a{source},\"b{target}\",retweet,{},2020-01-{:02},\"first line\r\nsecond, with \"\"quotes\"\"\"\r\n",
                1 + row % 3,
                1 + row % 28
            ),
            _ => format!("a{source},b{target},mention,1,,plain\r\n"),
        };
        bytes.extend_from_slice(line.as_bytes());
        if row % 409 == 17 {
            bytes.extend_from_slice(b"Jos\xe9,Fran\xe7ois,mention,1,,cp1252\r\n");
        }
    }
    bytes
}

fn read(bytes: &[u8], threads: usize, part_bytes: usize, chunk: usize) -> Loaded {
    let mut ingest = Ingest::new();
    ingest.set_threads(threads);
    ingest.set_part_bytes(part_bytes);
    ingest.begin_file("tricky.csv");
    for piece in bytes.chunks(chunk) {
        ingest.push(piece);
    }
    ingest.end_file();
    ingest.finish()
}

fn described(loaded: &Loaded) -> String {
    let text = format!("{:?}\n{:?}\n{:?}", loaded.network, loaded.warnings, loaded.files);
    without_hash_maps(&text)
}

/// Fails naming `case` and showing where `got` first differs from `expected`.
fn assert_same(got: &str, expected: &str, case: &str) {
    if got == expected {
        return;
    }
    let at = got
        .bytes()
        .zip(expected.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let from = at.saturating_sub(300);
    panic!(
        "{case}: differs at byte {at}\n got: {}\nwant: {}",
        &got[from..(at + 300).min(got.len())],
        &expected[from..(at + 300).min(expected.len())]
    );
}

/// `text` without the contents of the term index, a hash map whose `Debug` order differs
/// between two maps of the same entries (its terms are in the list before it, in order).
fn without_hash_maps(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("index: {") {
        kept.push_str(&rest[..at + "index: {".len()]);
        rest = &rest[at + "index: {".len()..];
        let mut depth = 1;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map_or(rest.len(), |(i, _)| i);
        rest = &rest[end..];
    }
    kept.push_str(rest);
    kept
}

#[test]
fn an_edge_list_read_in_parts_is_the_edge_list_read_in_order() {
    let bytes = tricky_edge_list(6000);
    let serial = read(&bytes, 1, 0, 1 << 16);
    let expected = described(&serial);
    assert!(serial.network.accounts.len() > 1000);
    assert!(serial.files[0].warnings > 200, "more warnings than a file keeps");
    for needle in [
        "frobnicate",
        "yesterday",
        "changes over time",
        "1.44E+18",
        "Windows-1252",
        "heavy",
    ] {
        assert!(expected.contains(needle), "the file has a warning with {needle}");
    }
    for (threads, part_bytes, chunk) in [
        (2, 3000, 1 << 16),
        (2, 777, 61),
        (3, 5000, 4096),
        (8, 1500, bytes.len()),
        (2, 64 << 10, 9999),
        (4, 41, 1 << 12),
    ] {
        let parted = described(&read(&bytes, threads, part_bytes, chunk));
        assert_same(
            &parted,
            &expected,
            &format!("{threads} threads, parts of {part_bytes}, chunks of {chunk}"),
        );
    }
}

#[test]
fn a_file_that_ends_without_a_line_end_or_in_its_header_reads_the_same_in_parts() {
    for bytes in [
        &b"source,target\na,b\nb,c\nc,a"[..],
        b"source,target",
        b"source,target\n",
        b"a,b\nb,c\n\"c\nd\",e",
        b"",
    ] {
        let expected = described(&read(bytes, 1, 0, 3));
        for part_bytes in 1..8 {
            assert_eq!(
                described(&read(bytes, 2, part_bytes, 3)),
                expected,
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

/// The named files of `tests/fixtures/<dir>`, with their names.
fn fixture_files(dir: &str, names: &[&str]) -> Vec<(String, Vec<u8>)> {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    names
        .iter()
        .map(|name| (name.to_string(), std::fs::read(fixtures.join(name)).unwrap()))
        .collect()
}

/// twarc2 lines parsed on several threads (`framing::parsed_values`) and read in order: the
/// same network, reports and warnings as one thread, for real collections (pages, flattened
/// tweets, an error line, edits) and one with lines that are no JSON, cut short at the end.
#[test]
fn twarc2_lines_parsed_apart_read_as_one_thread_reads_them() {
    let mut files = fixture_files(
        "twarc2",
        &[
            "flat.jsonl",
            "kpop.jsonl",
            "streaming_output_with_error.jsonl",
            "quoted_edit.jsonl",
        ],
    );
    // Lines that are no JSON among flattened tweets, and the last line cut short.
    let mut broken = files[0].1.clone();
    let line_ends: Vec<usize> = (0..broken.len()).filter(|&i| broken[i] == b'\n').collect();
    broken.splice(
        line_ends[40] + 1..line_ends[40] + 1,
        b"not json at all\n{\"data\": [}\n".iter().copied(),
    );
    broken.truncate(broken.len() - 100);
    files.push(("broken.jsonl".to_owned(), broken));
    let serial = read_files(&files, 1, 0);
    let expected = described(&serial);
    let interactions = serial.network.interactions.len();
    assert!(interactions > 200, "{interactions} interactions");
    assert!(
        expected.contains("not JSON") && expected.contains("ends in the middle"),
        "{}",
        &expected[expected.len() - 3000..]
    );
    assert_parsed_apart_the_same(&files, &expected);
}

/// v1.1 values (JSONL, arrays, a streaming dump) parsed apart and read in order: the same
/// as one thread, with bad lines, a cut-off end and a Mongo shell dump that stops the
/// reading of its file half-way (the values after it are counted, not read).
#[test]
fn v1_values_parsed_apart_read_as_one_thread_reads_them() {
    let mut files = fixture_files(
        "twitter-v1.1",
        &[
            "python-twitter_streaming_lines.jsonl",
            "python-twitter_get_retweets.json",
            "python-twitter_get_follower_ids_stringify.json",
            "twitter-to-sqlite_tweets.json",
        ],
    );
    let lines = files[0].1.clone();
    let line_ends: Vec<usize> = (0..lines.len()).filter(|&i| lines[i] == b'\n').collect();
    let (first, second) = (line_ends[30] + 1, line_ends[60] + 1);
    let mut broken = lines[..first].to_vec();
    broken.extend_from_slice(b"not json at all\n{\"id_str\": }\n");
    broken.extend_from_slice(&lines[first..lines.len() - 80]);
    files.push(("broken.jsonl".to_owned(), broken));
    let mut shell = lines[..second].to_vec();
    shell.extend_from_slice(b"{\"_id\": ObjectId(\"5e6799f3\"), \"id\": NumberLong(\"7221429\")}\n");
    shell.extend_from_slice(&lines[second..]);
    files.push(("shell.json".to_owned(), shell));

    let serial = read_files(&files, 1, 0);
    let expected = described(&serial);
    let interactions = serial.network.interactions.len();
    assert!(interactions > 200, "{interactions} interactions");
    assert!(
        expected.contains("not JSON")
            && expected.contains("ends in the middle")
            && expected.contains("Mongo shell"),
        "{}",
        &expected[expected.len() - 3000..]
    );
    assert_parsed_apart_the_same(&files, &expected);
}

/// Reads `files` in order through one ingest on `threads` threads, `window` bytes parsed apart at a time.
fn read_files(files: &[(String, Vec<u8>)], threads: usize, window: usize) -> Loaded {
    let mut ingest = Ingest::new();
    ingest.set_threads(threads);
    ingest.set_part_bytes(window);
    for (name, bytes) in files {
        ingest.begin_file(name);
        for piece in bytes.chunks(4096) {
            ingest.push(piece);
        }
        ingest.end_file();
    }
    ingest.finish()
}

fn assert_parsed_apart_the_same(files: &[(String, Vec<u8>)], expected: &str) {
    for (threads, window) in [(2, 1), (2, 5000), (3, 20_000), (8, 100_000), (2, 0)] {
        let parted = described(&read_files(files, threads, window));
        assert_same(
            &parted,
            expected,
            &format!("{threads} threads, {window} bytes at a time"),
        );
    }
}
