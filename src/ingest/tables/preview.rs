//! What the page's mapping step shows of a table before it is read: the guess for its
//! delimiter, header and column roles, and its first rows ([`preview_table`]). Apart from
//! the reader because it also names the format of a file that is no table (detection).

use serde::Serialize;

use super::columns::{ColumnRole, Dialect};
use super::{choose_delimiter, leading_records, Layout, LayoutDecider, Step, TableOptions, TableShape};
use crate::ingest::detect;
use crate::ingest::framing::text;
use crate::ingest::Format;

/// Data rows a preview shows.
const PREVIEW_ROWS: usize = 10;

/// What the mapping step shows: the guess for a table and its first rows.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TablePreview {
    /// What detection makes of the file: `edge_list`, `node_table`, `nodexl_edges`,
    /// `nodexl_vertices`; `unknown` for text no reader claims (a mapping can still read it
    /// as a table); another format (`gdf`...) when the file is no table and a mapping
    /// would be ignored.
    pub format: Format,
    /// The delimiter, as a one-character string.
    pub delimiter: String,
    /// Records before the header or first row (a NodeXL banner).
    pub skip_rows: u32,
    pub has_header: bool,
    /// Edges or nodes, as the roles say; absent when they name neither.
    pub shape: Option<TableShape>,
    /// One per column: its header text (if any) and its guessed role.
    pub columns: Vec<PreviewColumn>,
    /// The first data rows, cells as text.
    pub rows: Vec<Vec<String>>,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreviewColumn {
    pub header: Option<String>,
    #[serde(flatten)]
    pub role: ColumnRole,
}

/// The guess for a table from its first bytes (a UTF-8 BOM is allowed).
pub fn preview_table(head: &[u8]) -> TablePreview {
    preview_table_with(head, &TableOptions::default())
}

/// The preview under explicit options (what the table would look like with this delimiter, header, mapping).
pub fn preview_table_with(head: &[u8], options: &TableOptions) -> TablePreview {
    let head = head.strip_prefix(text::UTF8_BOM).unwrap_or(head);
    let delimiter = choose_delimiter(head, options);
    let wanted = PREVIEW_ROWS + options.skip_rows.unwrap_or(1) as usize + 1;
    let mut records = leading_records(head, delimiter, wanted, false);
    if records.len() < wanted {
        records = leading_records(head, delimiter, wanted, true);
    }
    let mut decider = LayoutDecider::new(options);
    let mut layout = None;
    let mut data = Vec::new();
    let mut held = None;
    for fields in records {
        if layout.is_some() {
            data.push(fields);
            continue;
        }
        match decider.offer(&fields) {
            Step::Skipped => {}
            Step::Held => held = Some(fields),
            Step::Matrix { .. } => {
                layout = Some(Layout {
                    roles: vec![ColumnRole::Ignore; fields.len()],
                    dialect: Dialect::Generic,
                    header: held.take(),
                    skipped: 0,
                });
                data.push(fields);
            }
            Step::Decided {
                layout: decided,
                was_header,
                held: held_data,
            } => {
                data.extend(held_data);
                layout = Some(decided);
                if !was_header {
                    data.push(fields);
                }
            }
        }
    }
    if layout.is_none() {
        if let Some(Step::Decided {
            layout: decided,
            held: held_data,
            ..
        }) = decider.finish()
        {
            data.extend(held_data);
            layout = Some(decided);
        }
    }
    data.truncate(PREVIEW_ROWS);
    let format = match (&layout, options.columns.is_some()) {
        (Some(layout), true) => layout.format(),
        _ => detect::detect(head, true),
    };
    let layout = layout.unwrap_or(Layout {
        roles: Vec::new(),
        dialect: Dialect::Generic,
        header: None,
        skipped: 0,
    });
    let width = data
        .iter()
        .map(Vec::len)
        .chain(layout.header.as_ref().map(Vec::len))
        .max()
        .unwrap_or(0);
    let columns = (0..width)
        .map(|i| PreviewColumn {
            header: layout.header.as_ref().and_then(|h| h.get(i)).cloned(),
            role: layout.roles.get(i).cloned().unwrap_or(ColumnRole::Ignore),
        })
        .collect();
    TablePreview {
        format,
        delimiter: char::from(delimiter).to_string(),
        skip_rows: layout.skipped,
        has_header: layout.header.is_some(),
        shape: layout.shape(),
        columns,
        rows: data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn a_preview_shows_the_guess_and_the_first_rows() {
        let preview = preview_table(b"\xEF\xBB\xBFSource;Target;Weight;Notes\na;b;1,5;x\nc;d;2;y");
        assert_eq!(preview.format, Format::EdgeList);
        assert_eq!(preview.delimiter, ";");
        assert!(preview.has_header);
        assert_eq!(preview.shape, Some(TableShape::Edges));
        let roles: Vec<&ColumnRole> = preview.columns.iter().map(|c| &c.role).collect();
        use ColumnRole::*;
        assert_eq!(roles, vec![&Source, &Target, &Weight, &Ignore]);
        assert_eq!(preview.columns[3].header.as_deref(), Some("Notes"));
        assert_eq!(
            preview.rows,
            vec![strings(&["a", "b", "1,5", "x"]), strings(&["c", "d", "2", "y"])]
        );
    }

    #[test]
    fn a_preview_under_explicit_options_follows_them() {
        let options = TableOptions {
            has_header: Some(false),
            columns: Some(vec![
                ColumnRole::Id,
                ColumnRole::Attribute { name: String::new() },
            ]),
            ..TableOptions::default()
        };
        let preview = preview_table_with(b"source,target\nx,y\n", &options);
        assert_eq!(preview.format, Format::NodeTable);
        assert_eq!(preview.rows.len(), 2);
        assert_eq!(
            preview.columns[1].role,
            ColumnRole::Attribute {
                name: "column 2".into()
            }
        );
    }

    #[test]
    fn roles_serialise_as_tagged_objects() {
        let json = serde_json::to_string(&ColumnRole::Attribute {
            name: "country".into(),
        })
        .unwrap();
        assert_eq!(json, r#"{"role":"attribute","name":"country"}"#);
        let options: TableOptions =
            serde_json::from_str(r#"{"delimiter":";","has_header":true,"columns":[{"role":"source"}]}"#)
                .unwrap();
        assert_eq!(options.delimiter, Some(';'));
        assert_eq!(options.columns, Some(vec![ColumnRole::Source]));
        let column = PreviewColumn {
            header: Some("Country".into()),
            role: ColumnRole::Attribute {
                name: "Country".into(),
            },
        };
        assert_eq!(
            serde_json::to_string(&column).unwrap(),
            r#"{"header":"Country","role":"attribute","name":"Country"}"#
        );
    }
}
