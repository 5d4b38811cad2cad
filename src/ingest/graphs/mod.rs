//! What the graph-file readers (GEXF, GraphML, Pajek, GML, node-link and graphology JSON)
//! share: one way to add an edge, to read a weight, a kind and a time, and to report edges
//! that point at nodes the file never declares.
//!
//! Semantics common to all of them (the same as the edge-list reader's):
//! * An edge is one interaction `source → target` of the file's weight (default 1), with no
//!   event identity: two parallel edges are two interactions.
//! * An *undirected* edge is added in both directions (`a → b` and `b → a`), as Gephi and
//!   networkx count an undirected edge for in- and out-degree; its weight is not halved.
//! * The kind is the first of the edge's kind-like fields (`kind`, `type`, `relationship`,
//!   `label`...) that [`Kind::parse`] recognises (`retweet`, `mention`...); otherwise `link`.
//! * Ids are kept as the text the file gives: `"0.0"` stays `0.0`, a 19-digit number is not
//!   rounded. Platform is [`Platform::Generic`], so ids merge with other generic files.
//! * Self-loops are counted and dropped by the builder, like every self-interaction.

pub mod gexf;
pub mod gml;
pub mod graphml;
pub mod graphology;
pub mod node_link;
pub mod pajek;

use std::collections::HashSet;

use crate::ingest::Sink;
use crate::network::{AccountIdx, Interaction, Kind, Platform, Timestamp};
use crate::time::parse_timestamp;

/// Attribute names that carry a weight (normalised: lower-case letters and digits).
pub const WEIGHT_NAMES: [&str; 2] = ["weight", "edgeweight"];

/// Attribute names that may carry an interaction kind, in order of preference.
pub const KIND_NAMES: [&str; 7] = [
    "kind",
    "type",
    "relationship",
    "relation",
    "edgetype",
    "interaction",
    "label",
];

/// Attribute names that carry an interaction time.
pub const TIME_NAMES: [&str; 8] = [
    "timestamp",
    "time",
    "date",
    "datetime",
    "createdat",
    "start",
    "relationshipdateutc",
    "tweetdateutc",
];

/// Layout written as node data by drawing tools (Gephi's GraphML `x y size r g b`, d3's
/// `x y vx vy`): not facts about the account, so not kept as attributes.
pub const LAYOUT_NAMES: [&str; 12] = [
    "x", "y", "z", "size", "r", "g", "b", "vx", "vy", "fx", "fy", "index",
];

/// Lower-case letters and digits only: `Edge Weight`, `edge_weight` and `EDGEWEIGHT` are one name.
pub fn normalise(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

pub fn is_layout(name: &str) -> bool {
    LAYOUT_NAMES.contains(&normalise(name).as_str())
}

/// One edge as a file describes it.
#[derive(Debug, Clone, Copy)]
pub struct Edge {
    pub kind: Kind,
    pub weight: f64,
    pub time: Option<Timestamp>,
    pub undirected: bool,
}

impl Default for Edge {
    fn default() -> Self {
        Edge {
            kind: Kind::Link,
            weight: 1.0,
            time: None,
            undirected: false,
        }
    }
}

/// Said once per file that has negative weights (what the metrics do with them is in
/// docs/ROBUSTNESS.md).
pub const NEGATIVE_WEIGHTS_NOTE: &str = "some interactions have negative weights (a signed network?): the \
    network scores (PageRank, degrees, strengths, betweenness...) leave out every pair of accounts whose \
    summed weight is not positive, and the counts by kind (reposts received...) subtract negative weights";

/// Adds `source → target` (and `target → source` when undirected) between two accounts.
pub fn add_edge(sink: &mut Sink, source: AccountIdx, target: AccountIdx, edge: Edge) {
    if edge.weight < 0.0 {
        sink.note_once(NEGATIVE_WEIGHTS_NOTE);
    }
    let mut event = Interaction {
        weight: edge.weight,
        time: edge.time,
        ..Interaction::new(source, target, edge.kind)
    };
    sink.network.interact(event);
    if edge.undirected {
        std::mem::swap(&mut event.actor, &mut event.target);
        sink.network.interact(event);
    }
}

/// The generic account with this id.
pub fn account(sink: &mut Sink, id: &str) -> AccountIdx {
    sink.network.account(Platform::Generic, id)
}

/// Reads a weight: a finite number, with a decimal comma accepted (`1,5`).
pub fn parse_weight(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    let parsed =
        trimmed
            .parse::<f64>()
            .or_else(|error| match trimmed.contains(',') && !trimmed.contains('.') {
                true => trimmed.replace(',', ".").parse::<f64>(),
                false => Err(error),
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

/// The first candidate that names a kind, else `link`.
pub fn kind_of<'a>(candidates: impl IntoIterator<Item = &'a str>) -> Kind {
    candidates.into_iter().find_map(Kind::parse).unwrap_or(Kind::Link)
}

/// A time as graph files write it. Numbers are Gephi's abstract time indices
/// (`timeformat="double"`, `2009.0`), not dates, and give no time; dates and date-times
/// are read by [`parse_timestamp`].
pub fn parse_graph_time(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if text.parse::<f64>().is_ok() {
        return None;
    }
    parse_timestamp(text)
}

/// Accounts a file declares as nodes, and those its edges name without declaring them.
#[derive(Default)]
pub struct Declarations {
    declared: HashSet<AccountIdx>,
    referenced: HashSet<AccountIdx>,
    /// First reference of each endpoint not declared when it was met, in file order.
    undeclared: Vec<(AccountIdx, Option<u64>)>,
}

impl Declarations {
    pub fn declare(&mut self, account: AccountIdx) {
        self.declared.insert(account);
    }

    /// An edge names `account` at `line`.
    pub fn reference(&mut self, account: AccountIdx, line: Option<u64>) {
        if !self.declared.contains(&account) && self.referenced.insert(account) {
            self.undeclared.push((account, line));
        }
    }

    /// Warns once if edges named nodes the file never declared (they were created as accounts).
    pub fn report(&self, sink: &mut Sink) {
        let missing: Vec<&(AccountIdx, Option<u64>)> = self
            .undeclared
            .iter()
            .filter(|(account, _)| !self.declared.contains(account))
            .collect();
        let Some(&&(first, line)) = missing.first() else {
            return;
        };
        let id = sink.network.account_ref(first).id.clone();
        let place = line.map(|line| format!(" on line {line}")).unwrap_or_default();
        sink.warn(
            line,
            format!(
                "{} edge endpoint(s) name nodes the file does not declare (first: '{id}'{place}); \
                 they were added as accounts without attributes",
                missing.len()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_times_and_kinds() {
        assert_eq!(parse_weight(" 2.5 "), Ok(2.5));
        assert_eq!(parse_weight("1,5"), Ok(1.5));
        assert!(parse_weight("NaN").unwrap_err().contains("finite"));
        assert!(parse_weight("heavy").unwrap_err().contains("not a number"));
        assert_eq!(parse_graph_time("2009.0"), None);
        assert_eq!(parse_graph_time("2009-03-01"), Some(1_235_865_600));
        assert_eq!(kind_of(["likes", "retweet"]), Kind::Repost);
        assert_eq!(kind_of(["likes"]), Kind::Link);
        assert!(is_layout("Size") && !is_layout("color"));
    }
}
