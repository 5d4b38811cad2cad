//! Format detection from the first bytes of a file, never from its name: containers and
//! account exports first (their marks are unambiguous), then Twitter collections, graph
//! files, GDF, and last the delimited tables (`tables::detect`). Each test reads at most
//! the sniffed head once.

use crate::ingest::archives;
use crate::ingest::tables::gdf::{EDGE_SECTION, NODE_SECTION};
use crate::ingest::{tables, twitter, Format};

/// Whether a file with these first bytes must be read with [`Ingest::ingest_archive`]
/// (a ZIP: a local file header, or the end record of an empty archive).
pub fn needs_random_access(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// Detects the format from the first bytes of a file (BOM already removed).
pub fn detect(head: &[u8], whole_file: bool) -> Format {
    if let Some(format) = detect_account_export(head, whole_file) {
        return format;
    }
    if let Some(format) = twitter::detect(head) {
        return format;
    }
    if let Some(format) = detect_graph_file(head, whole_file) {
        return format;
    }
    let first = head.iter().copied().find(|b| !b.is_ascii_whitespace());
    match first {
        None => Format::Unknown,
        Some(b'{' | b'[' | b'<') => Format::Unknown,
        Some(_) if looks_binary(head) => Format::Unknown,
        Some(_) if looks_like_gdf(head) => Format::Gdf,
        Some(_) => tables::detect(head, whole_file),
    }
}

/// GEXF and GraphML by their root element; Pajek by its first `*` keyword; GML by
/// `key value` pairs leading to `graph [`; node-link and graphology JSON by their keys.
fn detect_graph_file(head: &[u8], whole_file: bool) -> Option<Format> {
    let first = head.iter().position(|b| !b.is_ascii_whitespace())?;
    if head[first] == b'{' {
        return detect_json_graph(&head[first..], whole_file);
    }
    if head[first] == b'<' {
        let root = |name: &str| memchr::memmem::find(head, name.as_bytes()).is_some();
        if root("<gexf") {
            return Some(Format::Gexf);
        }
        if root("<graphml") {
            return Some(Format::Graphml);
        }
        return None;
    }
    if looks_like_pajek(head) {
        return Some(Format::Pajek);
    }
    if looks_like_gml(head) {
        return Some(Format::Gml);
    }
    None
}

/// A JSON object with a `"nodes": [` key and a `"links"` or `"edges"` key (which may lie
/// past the head when the nodes are many). Tweet formats have neither. graphology's nodes
/// have a `key`; node-link nodes an `id` or `name`.
fn detect_json_graph(head: &[u8], whole_file: bool) -> Option<Format> {
    let keys = json_keys(head);
    let has = |name: &str| keys.iter().any(|(key, _)| key == name);
    if !has("nodes") || !(has("links") || has("edges") || !whole_file) {
        return None;
    }
    let nodes_at = keys.iter().find(|(key, _)| key == "nodes").map(|&(_, at)| at)?;
    let after = head[nodes_at..].trim_ascii_start();
    let first_node = after.strip_prefix(b"[")?.trim_ascii_start();
    let graphology = match first_node.first() {
        Some(b'{') => json_keys(first_node).iter().any(|(key, _)| key == "key"),
        _ => has("options"),
    };
    Some(if graphology {
        Format::Graphology
    } else {
        Format::NodeLink
    })
}

/// Keys of the JSON object `text` starts with (top level only), each with the offset just
/// after its `:`. Stops at the end of the object or of the text.
fn json_keys(text: &[u8]) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    let mut depth = 0u32;
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            b'"' => {
                let start = i + 1;
                let mut end = start;
                while end < text.len() && text[end] != b'"' {
                    end += if text[end] == b'\\' { 2 } else { 1 };
                }
                i = end;
                if depth == 1 && end < text.len() {
                    let rest = text[end + 1..].trim_ascii_start();
                    if rest.first() == Some(&b':') {
                        let colon = text.len() - rest.len();
                        keys.push((String::from_utf8_lossy(&text[start..end]).into_owned(), colon + 1));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

/// The first line starting with `*` (after comments and a free-text preamble) is a Pajek keyword.
fn looks_like_pajek(head: &[u8]) -> bool {
    const KEYWORDS: [&str; 7] = [
        "vertices",
        "network",
        "arcs",
        "edges",
        "arcslist",
        "edgeslist",
        "matrix",
    ];
    let lines = head.split(|&b| b == b'\n').take(50);
    for line in lines.map(|line| line.trim_ascii()) {
        if let Some(header) = line.strip_prefix(b"*") {
            let keyword = header
                .split(|b| b.is_ascii_whitespace())
                .next()
                .unwrap_or_default();
            let keyword = String::from_utf8_lossy(keyword).to_ascii_lowercase();
            return KEYWORDS.contains(&keyword.as_str());
        }
    }
    false
}

/// Up to a few `key value` pairs (`Creator "..."`, `Version 1`), then `graph [`.
fn looks_like_gml(head: &[u8]) -> bool {
    let mut rest = head;
    for _ in 0..20 {
        rest = skip_gml_space(rest);
        let key_len = rest.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if key_len == 0 || !rest[0].is_ascii_alphabetic() {
            return false;
        }
        let key = &rest[..key_len];
        rest = skip_gml_space(&rest[key_len..]);
        match rest.first() {
            Some(b'[') => return key.eq_ignore_ascii_case(b"graph"),
            Some(b'"') => match memchr::memchr(b'"', &rest[1..]) {
                Some(end) => rest = &rest[end + 2..],
                None => return false,
            },
            Some(_) => {
                let value_len = rest.iter().take_while(|b| !b.is_ascii_whitespace()).count();
                rest = &rest[value_len..];
            }
            None => return false,
        }
    }
    false
}

/// Skips whitespace and `#` comment lines.
fn skip_gml_space(mut rest: &[u8]) -> &[u8] {
    loop {
        rest = rest.trim_ascii_start();
        if rest.first() != Some(&b'#') {
            return rest;
        }
        rest = match memchr::memchr(b'\n', rest) {
            Some(end) => &rest[end..],
            None => &[],
        };
    }
}

/// Account exports and their containers: ZIP, X archive files, Mastodon files, Bluesky CAR.
fn detect_account_export(head: &[u8], whole_file: bool) -> Option<Format> {
    if needs_random_access(head) {
        return Some(Format::Zip);
    }
    if archives::car::looks_like_car(head) {
        return Some(Format::BlueskyCar);
    }
    if archives::x_archive::looks_like_archive_file(head) {
        return Some(Format::XArchive);
    }
    if archives::mastodon::looks_like_archive_json(head) {
        return Some(Format::Mastodon);
    }
    if archives::mastodon::looks_like_csv(head, whole_file) {
        return Some(Format::MastodonCsv);
    }
    None
}

/// Text files have no NUL bytes and few control characters in their first bytes.
pub(crate) fn looks_binary(head: &[u8]) -> bool {
    let sample = &head[..head.len().min(4096)];
    let control = sample
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)))
        .count();
    sample.contains(&0) || control * 20 > sample.len()
}

/// Whether a text file starts with a GDF section header.
pub fn looks_like_gdf(head: &[u8]) -> bool {
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let rest = &head[start..];
    [NODE_SECTION, EDGE_SECTION].iter().any(|section| {
        rest.len() >= section.len() && rest[..section.len()].eq_ignore_ascii_case(section.as_bytes())
    })
}
