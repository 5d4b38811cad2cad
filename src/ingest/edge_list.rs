//! Edge lists: delimited tables with one interaction per row, `source, target[, weight]`.
//!
//! The delimiter (comma, semicolon, tab, or runs of spaces) is sniffed from the first
//! lines. A header is recognised by its column names, in any case and spacing:
//! source/from/src/id_1/vertex 1, target/to/dst/id_2/vertex 2, weight/value/count,
//! type/kind/relationship, and timestamp/time/date. Without a header the columns are
//! source, target and an optional weight, in that order.
//!
//! Semantics: each row is one event `source → target` of weight `weight` (default 1);
//! rows are not deduplicated (a table has no event identity: two equal rows are two
//! interactions). A `type` cell that names a kind (`retweet`, `reply`, ...) sets the kind,
//! otherwise the kind is `link`; `undirected` adds the interaction in both directions,
//! as Gephi and networkx read an undirected edge.

use super::records::{Event, Record, RecordReader};
use super::{FormatReader, Sink};
use crate::network::{Interaction, Kind, Platform};
use crate::time::parse_timestamp;

/// Where each meaning sits in a row.
#[derive(Debug, Clone, PartialEq)]
struct Columns {
    source: usize,
    target: usize,
    weight: Option<usize>,
    kind: Option<usize>,
    time: Option<usize>,
}

impl Columns {
    const POSITIONAL: Columns = Columns {
        source: 0,
        target: 1,
        weight: Some(2),
        kind: None,
        time: None,
    };

    /// Reads a header row; `None` when the row does not name a source and a target.
    fn from_header(fields: &[String]) -> Option<Columns> {
        let find = |names: &[&str]| {
            fields
                .iter()
                .position(|field| names.contains(&normalise(field).as_str()))
        };
        let source = find(&[
            "source", "src", "from", "sourceid", "id1", "vertex1", "node1", "actor", "sender",
        ])?;
        let target = find(&[
            "target",
            "dst",
            "to",
            "targetid",
            "id2",
            "vertex2",
            "node2",
            "receiver",
            "recipient",
        ])?;
        Some(Columns {
            source,
            target,
            weight: find(&["weight", "value", "count", "w", "edgeweight", "weights"]),
            kind: find(&[
                "type",
                "kind",
                "relationship",
                "relation",
                "interaction",
                "edgetype",
            ]),
            time: find(&[
                "timestamp",
                "time",
                "date",
                "datetime",
                "createdat",
                "relationshipdateutc",
            ]),
        })
    }
}

/// Lower-case letters and digits only: `Vertex 1`, `vertex_1` and `VERTEX1` are one name.
fn normalise(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

pub struct EdgeListReader {
    records: RecordReader,
    rows: Rows,
}

/// Turns records into interactions; apart from the record reader so both can be borrowed at once.
struct Rows {
    decimal_comma: bool,
    columns: Option<Columns>,
    warned_scientific_ids: bool,
}

impl EdgeListReader {
    /// A reader whose delimiter is sniffed from the first bytes of the file.
    pub fn sniffing(head: &[u8]) -> Self {
        Self::with_delimiter(sniff_delimiter(head))
    }

    pub fn with_delimiter(delimiter: u8) -> Self {
        EdgeListReader {
            records: RecordReader::new(delimiter),
            rows: Rows {
                // Locales that separate with `;` write decimals with `,`.
                decimal_comma: delimiter == b';',
                columns: None,
                warned_scientific_ids: false,
            },
        }
    }
}

impl Rows {
    fn on_event(&mut self, event: Event, sink: &mut Sink) {
        match event {
            Event::Record(record) => self.on_record(&record, sink),
            Event::Oversized { line } => {
                sink.record();
                sink.skip(Some(line), "the row is too long to be an edge; skipped");
            }
            Event::NotUtf8 { line } => sink.warn(
                Some(line),
                "the file is not UTF-8; read as Windows-1252 (re-save it as UTF-8 if names look wrong)",
            ),
        }
    }

    fn on_record(&mut self, record: &Record, sink: &mut Sink) {
        let columns = match &self.columns {
            Some(columns) => columns.clone(),
            None => {
                let header = Columns::from_header(record.fields());
                let is_header = header.is_some();
                self.columns = Some(header.unwrap_or(Columns::POSITIONAL));
                if is_header {
                    return;
                }
                Columns::POSITIONAL
            }
        };
        sink.record();
        if let Err(reason) = self.add_row(&columns, record, sink) {
            sink.skip(Some(record.line), reason);
        }
    }

    fn add_row(&mut self, columns: &Columns, record: &Record, sink: &mut Sink) -> Result<(), String> {
        if record.len() < 2 {
            return Err(format!(
                "expected at least 2 columns (source, target), found {}",
                record.len()
            ));
        }
        let source = cell(record, columns.source, "source")?;
        let target = cell(record, columns.target, "target")?;
        let weight = match columns.weight.and_then(|i| record.get(i)) {
            Some(text) if !text.trim().is_empty() => self.parse_weight(text)?,
            _ => 1.0,
        };
        let (kind, undirected) = match columns.kind.and_then(|i| record.get(i)) {
            Some(text) => read_type(text),
            None => (Kind::Link, false),
        };
        let time = columns.time.and_then(|i| record.get(i)).and_then(parse_timestamp);
        self.warn_scientific_ids(record.line, [source, target], sink);

        let actor = sink.network.account(Platform::Generic, source);
        let target = sink.network.account(Platform::Generic, target);
        let mut event = Interaction {
            weight,
            time,
            ..Interaction::new(actor, target, kind)
        };
        sink.network.interact(event);
        if undirected {
            std::mem::swap(&mut event.actor, &mut event.target);
            sink.network.interact(event);
        }
        Ok(())
    }

    fn parse_weight(&self, text: &str) -> Result<f64, String> {
        let trimmed = text.trim();
        let parsed = trimmed.parse::<f64>().or_else(|error| {
            if self.decimal_comma && trimmed.contains(',') {
                trimmed.replace(',', ".").parse::<f64>()
            } else {
                Err(error)
            }
        });
        match parsed {
            Ok(weight) if weight.is_finite() => Ok(weight),
            Ok(_) => Err(format!(
                "weight '{trimmed}' is not a finite number; expected a number such as 1 or 2.5"
            )),
            Err(_) => Err(format!(
                "weight '{trimmed}' is not a number; expected a number such as 1 or 2.5"
            )),
        }
    }

    /// Excel turns 19-digit ids into `1.44072E+18`, merging distinct accounts; say so once.
    fn warn_scientific_ids(&mut self, line: u64, ids: [&str; 2], sink: &mut Sink) {
        if self.warned_scientific_ids || !ids.iter().any(|id| looks_scientific(id)) {
            return;
        }
        self.warned_scientific_ids = true;
        sink.warn(
            Some(line),
            "ids like '1.44E+18' look rounded by a spreadsheet: distinct accounts may have merged; \
             export the ids as text",
        );
    }
}

impl FormatReader for EdgeListReader {
    fn feed(&mut self, chunk: &[u8], sink: &mut Sink) {
        let rows = &mut self.rows;
        self.records.feed(chunk, &mut |event| rows.on_event(event, sink));
    }

    fn finish(&mut self, sink: &mut Sink) {
        let rows = &mut self.rows;
        self.records.finish(&mut |event| rows.on_event(event, sink));
        if rows.columns.is_none() {
            sink.warn(
                None,
                "the file has no rows; expected `source,target[,weight]` rows",
            );
        }
    }
}

fn cell<'r>(record: &Record<'r>, index: usize, role: &str) -> Result<&'r str, String> {
    match record.get(index).map(str::trim) {
        Some(text) if !text.is_empty() => Ok(text),
        _ => Err(format!(
            "the {role} cell (column {}) is empty; expected an account id",
            index + 1
        )),
    }
}

/// A `type` cell: a kind name, or a direction as Gephi writes it.
fn read_type(text: &str) -> (Kind, bool) {
    match text.trim().to_ascii_lowercase().as_str() {
        "undirected" | "mutual" => (Kind::Link, true),
        _ => (Kind::parse(text).unwrap_or(Kind::Link), false),
    }
}

fn looks_scientific(id: &str) -> bool {
    let upper = id.to_ascii_uppercase();
    match upper.split_once("E+") {
        Some((mantissa, exponent)) => {
            !exponent.is_empty()
                && exponent.bytes().all(|b| b.is_ascii_digit())
                && mantissa.contains('.')
                && mantissa.replace('.', "").bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// Picks the delimiter that appears on the most of the first lines, preferring the one
/// whose count per line is steady; falls back to spaces, then to a comma.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let lines: Vec<&[u8]> = head
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .filter(|line| !line.is_empty())
        .take(20)
        .collect();
    let score = |delimiter: u8| -> (usize, bool) {
        let counts: Vec<usize> = lines.iter().map(|line| count_unquoted(line, delimiter)).collect();
        let present = counts.iter().filter(|&&c| c > 0).count();
        let steady = counts.windows(2).all(|w| w[0] == w[1]);
        (present, steady)
    };
    let best = [b',', b'\t', b';']
        .into_iter()
        .map(|d| (d, score(d)))
        .filter(|(_, (present, _))| *present > 0)
        .max_by_key(|&(d, (present, steady))| (present, steady, d == b','));
    match best {
        Some((delimiter, _)) => delimiter,
        None if lines.iter().any(|line| line.contains(&b' ')) => b' ',
        None => b',',
    }
}

/// Occurrences of `delimiter` outside double-quoted text.
fn count_unquoted(line: &[u8], delimiter: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for &byte in line {
        if byte == b'"' {
            quoted = !quoted;
        } else if byte == delimiter && !quoted {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ingest_files;
    use crate::network::Kind;

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter(b"a,b,1\nc,d,2\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b;1,5\nc;d;2\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\nc\td\n"), b'\t');
        assert_eq!(sniff_delimiter(b"1 2\n3 4\n"), b' ');
        assert_eq!(sniff_delimiter(b"\"Smith, J\";x\n\"Doe, A\";y\n"), b';');
    }

    #[test]
    fn header_names_are_recognised_in_any_case() {
        let header: Vec<String> = ["Id", "SOURCE", "Target", "Type", "Weight"]
            .map(String::from)
            .to_vec();
        let columns = Columns::from_header(&header).unwrap();
        assert_eq!(
            (columns.source, columns.target, columns.weight, columns.kind),
            (1, 2, Some(4), Some(3))
        );
        let data: Vec<String> = ["a", "b", "1"].map(String::from).to_vec();
        assert_eq!(Columns::from_header(&data), None);
    }

    #[test]
    fn a_headerless_semicolon_table_with_decimal_commas() {
        let loaded = ingest_files([("t.csv", &b"a;b;1,5\nb;c;2\n"[..])]);
        assert_eq!(loaded.network.interactions.weight, vec![1.5, 2.0]);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn gephi_types_set_kind_and_direction() {
        let file = b"Source,Target,Type\na,b,Undirected\na,c,retweet\na,d,Directed\n";
        let loaded = ingest_files([("g.csv", &file[..])]);
        let kinds = &loaded.network.interactions.kind;
        assert_eq!(kinds, &vec![Kind::Link, Kind::Link, Kind::Repost, Kind::Link]);
        assert_eq!(
            loaded.network.interactions.actor[1], 1,
            "undirected edge added both ways"
        );
    }

    #[test]
    fn bad_rows_are_skipped_with_file_line_and_reason() {
        let file = b"source,target,weight\na,b,1\nlonely\nc,d,heavy\n,e,1\nf,g,NaN\nh,i\n";
        let loaded = ingest_files([("bad.csv", &file[..])]);
        let report = &loaded.files[0];
        assert_eq!(
            (report.records, report.skipped, report.interaction_total()),
            (6, 4, 2)
        );
        let lines: Vec<Option<u64>> = loaded.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, vec![Some(3), Some(4), Some(5), Some(6)]);
        assert!(loaded.warnings[0].message.contains("expected at least 2 columns"));
        assert!(loaded.warnings[1].message.contains("'heavy' is not a number"));
        assert!(loaded.warnings[2].message.contains("source cell"));
        assert!(loaded.warnings[3].message.contains("not a finite number"));
        assert!(loaded.warnings.iter().all(|w| w.file == "bad.csv"));
    }

    #[test]
    fn spreadsheet_rounded_ids_are_flagged_once() {
        let file = b"source,target\n1.44072E+18,2\n1.44073E+18,3\n";
        let loaded = ingest_files([("excel.csv", &file[..])]);
        assert_eq!(loaded.warnings.len(), 1);
        assert!(loaded.warnings[0].message.contains("spreadsheet"));
    }
}
