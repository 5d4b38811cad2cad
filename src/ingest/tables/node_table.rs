//! Node tables: one account per row, `id[, label][, attribute...]`. Generic attribute
//! sheets (`id,label,country,category`), Gephi's node tables (`Id,Label,timeset,...`)
//! and NodeXL's Vertices sheet come here once [`table`](crate::ingest::tables) has decided what
//! each column means.
//!
//! Semantics: a row describes an account that any file, before or after this one, may
//! define: a generic id, a twarc collection's numeric id, or a handle (`@emb_b` or
//! `emb_b`). Rows become [`NodeRow`]s that the network builder joins once every file is
//! read (see [`crate::network::NetworkBuilder`] for the matching rule): `label`/`name`
//! give the label (the first non-empty one), `platform` says which platform the id
//! belongs to (`twitter`/`x`, `mastodon`, `bluesky`, `generic`), and every other column
//! is an attribute named by its header text (empty cells are not kept). NodeXL's Twitter
//! vertex sheets name Twitter accounts. Columns mapped as scores (attaché's own scores
//! table, [`scores`](crate::ingest::tables::scores)) are read as numbers and imported.
//!
//! Complexity: O(cells) per row; the rows are kept until the join, as the attributes
//! they carry are kept in the network anyway.

use crate::ingest::tables::columns::{optional_cell, ColumnRole, Dialect, ScientificIdWarning};
use crate::ingest::tables::scores::parse_score;
use crate::ingest::Sink;
use crate::network::{NodeRow, Platform};

/// Reads node rows into [`NodeRow`]s.
pub(crate) struct NodeRows {
    id: usize,
    labels: Vec<usize>,
    platform: Option<usize>,
    /// The platform the whole table is about, when its dialect says.
    table_platform: Option<Platform>,
    attributes: Vec<(usize, String)>,
    scores: Vec<(usize, String)>,
    scores_noted: bool,
    scientific_ids: ScientificIdWarning,
}

impl NodeRows {
    pub fn new(roles: &[ColumnRole], dialect: Dialect) -> Self {
        let mut rows = NodeRows {
            id: 0,
            labels: Vec::new(),
            platform: None,
            table_platform: match dialect {
                Dialect::Nodexl { twitter: true } => Some(Platform::Twitter),
                _ => None,
            },
            attributes: Vec::new(),
            scores: Vec::new(),
            scores_noted: false,
            scientific_ids: ScientificIdWarning::default(),
        };
        let mut id = None;
        for (i, role) in roles.iter().enumerate() {
            match role {
                ColumnRole::Id => id = id.or(Some(i)),
                ColumnRole::Label => rows.labels.push(i),
                ColumnRole::Platform => rows.platform = rows.platform.or(Some(i)),
                ColumnRole::Attribute { name } => rows.attributes.push((i, name.clone())),
                ColumnRole::Score { name } => rows.scores.push((i, name.clone())),
                _ => {}
            }
        }
        rows.id = id.unwrap_or(0);
        rows
    }

    /// Reads one row; `Err` says why it was skipped.
    pub fn read(&mut self, fields: &[String], line: u64, sink: &mut Sink) -> Result<NodeRow, String> {
        let Some(key) = optional_cell(fields, self.id) else {
            return Err(format!(
                "the id cell (column {}) is empty; expected an account id or handle",
                self.id + 1
            ));
        };
        self.scientific_ids.check(line, &[key], sink);
        let label = self
            .labels
            .iter()
            .find_map(|&i| optional_cell(fields, i))
            .map(str::to_owned);
        let platform = self
            .platform
            .and_then(|i| optional_cell(fields, i))
            .and_then(parse_platform)
            .or(self.table_platform);
        let attributes = self
            .attributes
            .iter()
            .filter_map(|(i, name)| optional_cell(fields, *i).map(|value| (name.clone(), value.to_owned())))
            .collect();
        if !self.scores_noted && !self.scores.is_empty() {
            self.scores_noted = true;
            let names: Vec<&str> = self.scores.iter().map(|(_, name)| name.as_str()).collect();
            sink.note(format!(
                "scores computed elsewhere, imported as columns (imported:{}), not recomputed",
                names.join(", imported:")
            ));
        }
        let mut scores = Vec::with_capacity(self.scores.len());
        for (i, name) in &self.scores {
            let Some(cell) = optional_cell(fields, *i) else {
                continue;
            };
            match parse_score(cell) {
                Some(value) => scores.push((name.clone(), value)),
                None => sink.warn(
                    Some(line),
                    format!(
                        "the {name} cell (column {}) is '{cell}', not a number; left out",
                        i + 1
                    ),
                ),
            }
        }
        Ok(NodeRow {
            key: key.to_owned(),
            platform,
            label,
            attributes,
            scores,
            origin: 0,
            line: Some(line),
        })
    }
}

/// A platform as a table names it.
fn parse_platform(text: &str) -> Option<Platform> {
    match text.trim().to_ascii_lowercase().as_str() {
        "twitter" | "x" | "twitter.com" | "x.com" | "tw" => Some(Platform::Twitter),
        "mastodon" | "fediverse" | "masto" => Some(Platform::Mastodon),
        "bluesky" | "bsky" | "atproto" | "bsky.app" => Some(Platform::Bluesky),
        "generic" | "other" => Some(Platform::Generic),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ingest_files;

    #[test]
    fn a_node_table_alone_gives_accounts_with_labels_and_attributes() {
        let file = b"id,label,country,category\n1,Embassy B,FR,\n2,,DE,ngo\n";
        let loaded = ingest_files([("nodes.csv", &file[..])]);
        let accounts = &loaded.network.accounts;
        assert_eq!(accounts.len(), 2);
        assert_eq!(accounts[0].label.as_deref(), Some("Embassy B"));
        assert_eq!(
            accounts[0].attributes.get("country").map(String::as_str),
            Some("FR")
        );
        assert!(
            !accounts[0].attributes.contains_key("category"),
            "empty cells are not kept"
        );
        assert_eq!(accounts[1].label, None);
        assert_eq!(loaded.files[0].accounts, 2);
        assert_eq!(loaded.files[0].node_rows.added, 2);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn platform_names() {
        assert_eq!(parse_platform("X"), Some(Platform::Twitter));
        assert_eq!(parse_platform("Bluesky"), Some(Platform::Bluesky));
        assert_eq!(parse_platform("myspace"), None);
    }
}
