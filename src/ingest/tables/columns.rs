//! The column vocabulary of tables: what a column may mean ([`ColumnRole`]), whose
//! conventions a table follows ([`Dialect`]), the header names each meaning goes by, and
//! how cells are read (required, optional, rounded by a spreadsheet). A leaf: every table
//! reader imports it, it imports none of them.

use serde::{Deserialize, Serialize};

use crate::ingest::{SaidOnce, Sink};

/// What a column of a table means.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum ColumnRole {
    /// Edge tables: the actor's id.
    Source,
    /// Edge tables: the id of the account receiving attention.
    Target,
    /// Edge tables: how many interactions the row stands for (default 1).
    Weight,
    /// Edge tables: the kind (`retweet`, `reply`, `Mentions`...) or Gephi's `Directed`/`Undirected`.
    Kind,
    /// Edge tables: `true`/`false`, whether the edge is directed (GDF's `directed`).
    Directed,
    /// Edge tables: when the interaction happened.
    Time,
    /// Node tables: the account's id or handle.
    Id,
    /// Node tables: the account's label. Edge tables: a label naming a kind sets the kind.
    Label,
    /// Node tables: the platform of the id (`twitter`, `mastodon`, `bluesky`, `generic`).
    Platform,
    /// Node tables: an attribute, kept under `name`.
    Attribute {
        name: String,
    },
    /// Node tables: a score computed elsewhere (a number per account: attaché's scores
    /// table, a cluster's run), imported as the column `imported:<name>`.
    Score {
        name: String,
    },
    Ignore,
}

/// Whose conventions a table follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Dialect {
    #[default]
    Generic,
    /// NodeXL's sheets; `twitter` when its columns come from the Twitter importer, whose
    /// vertex names are screen names.
    Nodexl { twitter: bool },
    /// attaché's own scores table (`attache score --format csv`, the Spark job's
    /// `scores.csv`): see [`scores`](crate::ingest::tables::scores).
    Scores,
}

/// Normalised header names: lower-case ASCII letters and digits only.
pub(crate) mod names {
    pub const SOURCE: &[&str] = &[
        "source",
        "src",
        "from",
        "sourceid",
        "id1",
        "vertex1",
        "node1",
        "actor",
        "sender",
        "sourcenode",
        "fromid",
    ];
    pub const TARGET: &[&str] = &[
        "target",
        "dst",
        "to",
        "targetid",
        "id2",
        "vertex2",
        "node2",
        "receiver",
        "recipient",
        "targetnode",
        "toid",
    ];
    // `rating` and `sign`: signed networks (Bitcoin OTC, Slashdot, Epinions).
    pub const WEIGHT: &[&str] = &[
        "weight",
        "value",
        "count",
        "w",
        "edgeweight",
        "weights",
        "rating",
        "sign",
    ];
    pub const KIND: &[&str] = &[
        "type",
        "kind",
        "relationship",
        "relation",
        "interaction",
        "edgetype",
    ];
    pub const DIRECTED: &[&str] = &["directed"];
    pub const TIME: &[&str] = &[
        "timestamp",
        "time",
        "date",
        "datetime",
        "createdat",
        "relationshipdateutc",
        "tweetdateutc",
        "timeset",
        "interval",
    ];
    /// Gephi's dynamic columns: a time for an edge, meaningless for a node.
    pub const GEPHI_TIME: &[&str] = &["timeset", "interval"];
    pub const ID: &[&str] = &[
        "id",
        "node",
        "vertex",
        "account",
        "user",
        "handle",
        "username",
        "screenname",
        "nodeid",
        "userid",
        "accountid",
    ];
    pub const LABEL: &[&str] = &["label", "name"];
    pub const PLATFORM: &[&str] = &["platform"];
}

/// Lower-case letters and digits only: `Vertex 1`, `vertex_1` and `VERTEX1` are one name.
pub(crate) fn normalise(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The trimmed cell at `index`, or why the row cannot be read without it.
pub(crate) fn required_cell<'f>(fields: &'f [String], index: usize, role: &str) -> Result<&'f str, String> {
    match fields.get(index).map(|cell| cell.trim()) {
        Some(text) if !text.is_empty() => Ok(text),
        _ => Err(format!(
            "the {role} cell (column {}) is empty; expected an account id",
            index + 1
        )),
    }
}

/// The trimmed, non-empty cell at `index`, if any.
pub(crate) fn optional_cell(fields: &[String], index: usize) -> Option<&str> {
    fields
        .get(index)
        .map(|cell| cell.trim())
        .filter(|cell| !cell.is_empty())
}

/// Excel turns 19-digit ids into `1.44072E+18`, merging distinct accounts.
pub(crate) fn looks_scientific(id: &str) -> bool {
    // Most ids have no `e` at all: answer without the allocation below (checked per id read).
    if memchr::memchr2(b'e', b'E', id.as_bytes()).is_none() {
        return false;
    }
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

/// Says once per file that ids look rounded by a spreadsheet.
#[derive(Debug, Default)]
pub(crate) struct ScientificIdWarning {
    said: SaidOnce,
}

impl ScientificIdWarning {
    pub fn check(&mut self, line: u64, ids: &[&str], sink: &mut Sink) {
        if self.said.is_said() || !ids.iter().any(|id| looks_scientific(id)) {
            return;
        }
        self.said.warn(sink, Some(line), || {
            "ids like '1.44E+18' look rounded by a spreadsheet: distinct accounts may have merged; \
             export the ids as text"
                .to_owned()
        });
    }

    /// Takes in a later part's (see [`SaidOnce::absorb`]).
    pub fn absorb(&mut self, part: ScientificIdWarning, repeated: &mut Vec<u64>) {
        self.said.absorb(part.said, repeated);
    }
}
