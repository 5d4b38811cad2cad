//! NodeXL's sheets saved as CSV: the Edges sheet (`Vertex 1, Vertex 2, ..., Relationship,
//! Relationship Date (UTC), Edge Weight, Tweet, ...`) and the Vertices sheet (`Vertex,
//! Color, Shape, ..., Name, Followers, ...`). Read as tables by [`table`](crate::ingest::tables);
//! this module holds what is NodeXL's own:
//!
//! * the **category banner** that Excel keeps as the first row (`Visual Properties`,
//!   `Labels`, `Graph Metrics`, `Do Not Edit`, `Other Columns`): skipped, the header is
//!   the next row;
//! * **names, not ids**: the Twitter importer's vertices are screen names (their case
//!   varies), so when the header has Twitter columns (any column naming a tweet) accounts
//!   are Twitter accounts known by handle, which join the ids a twarc collection or an
//!   archive gives for the same handles;
//! * the **`Relationship`** column: `Followed` (vertex 1 follows vertex 2), `Follower`
//!   (the reverse: vertex 2 follows vertex 1), `Replies to`, `Mentions` (and `Mentions
//!   in ...`), `Retweet`, `Quote`; a `Tweet` row is a self-loop standing for a tweet with
//!   no tie and is no interaction; `MentionsInRetweet` is not counted (the mentions of a
//!   retweeted text belong to the original post, not to the retweeter);
//! * the **layout columns** (colour, shape, size, position...) of the Vertices sheet are
//!   not kept as attributes; its metrics and imported columns are.
//!
//! Not read: the `.xlsx` workbook itself, and cells that hold Excel formulas rather than
//! their values (a CSV saved by Excel holds the values).

use crate::ingest::tables::columns::{normalise, Dialect};
use crate::network::Kind;

/// Banner cells (normalised) above NodeXL's header row.
const BANNER_CELLS: &[&str] = &["visualproperties", "graphmetrics", "donotedit", "othercolumns"];

/// Columns (normalised) only NodeXL's sheets have.
const MARKERS: &[&str] = &[
    "imagefile",
    "labelfillcolor",
    "labelposition",
    "labeltextcolor",
    "labelfontsize",
    "layoutorder",
    "polarr",
    "polarangle",
    "dynamicfilter",
    "addyourowncolumnshere",
    "reciprocated",
];

/// Layout columns (normalised) of the Vertices sheet, which are not account attributes.
const LAYOUT: &[&str] = &[
    "color",
    "shape",
    "size",
    "opacity",
    "imagefile",
    "visibility",
    "labelfillcolor",
    "labelposition",
    "labeltextcolor",
    "labelfontsize",
    "tooltip",
    "layoutorder",
    "x",
    "y",
    "locked",
    "polarr",
    "polarangle",
    "dynamicfilter",
    "addyourowncolumnshere",
    "width",
    "style",
];

/// Whether a first row is NodeXL's category banner.
pub(crate) fn is_banner(fields: &[String]) -> bool {
    fields
        .iter()
        .any(|cell| BANNER_CELLS.contains(&normalise(cell).as_str()))
}

/// NodeXL's dialect when a banner preceded the header, or the header has `Vertex 1` and
/// `Vertex 2`, or `Vertex` with a column only NodeXL writes.
pub(crate) fn dialect_of(normalised_header: &[String], banner_seen: bool) -> Dialect {
    let has = |name: &str| normalised_header.iter().any(|n| n == name);
    let nodexl = banner_seen
        || (has("vertex1") && has("vertex2"))
        || (has("vertex") && MARKERS.iter().any(|marker| has(marker)));
    if nodexl {
        Dialect::Nodexl {
            twitter: normalised_header.iter().any(|n| n.contains("tweet")),
        }
    } else {
        Dialect::Generic
    }
}

/// Whether a (normalised) Vertices column is layout rather than data.
pub(crate) fn is_layout_column(normalised: &str) -> bool {
    LAYOUT.contains(&normalised)
}

/// What a `Relationship` cell means, when NodeXL's vocabulary says more than a kind name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relationship {
    Kind(Kind),
    /// The row reads vertex 2 → vertex 1.
    Reversed(Kind),
    /// A tweet with no tie (NodeXL's `Tweet` self-loop).
    NoTie,
    /// A mention inside a retweeted text.
    MentionInRetweet,
}

/// Reads NodeXL's relationship names; `None` leaves the cell to the generic kind names.
/// `MentionsInRetweet` is recognised in any table; `Follower` and `Tweet` only in NodeXL's,
/// where their meaning is known.
pub(crate) fn relationship(text: &str, nodexl: bool) -> Option<Relationship> {
    let name = normalise(text);
    if name == "mentionsinretweet" {
        return Some(Relationship::MentionInRetweet);
    }
    if !nodexl {
        return None;
    }
    match name.as_str() {
        "follower" => Some(Relationship::Reversed(Kind::Follow)),
        "tweet" => Some(Relationship::NoTie),
        _ if name.starts_with("repliesto") => Some(Relationship::Kind(Kind::Reply)),
        _ if name.starts_with("mentions") => Some(Relationship::Kind(Kind::Mention)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationships_in_nodexl_and_elsewhere() {
        assert_eq!(
            relationship("Follower", true),
            Some(Relationship::Reversed(Kind::Follow))
        );
        assert_eq!(relationship("Follower", false), None);
        assert_eq!(relationship("Tweet", true), Some(Relationship::NoTie));
        assert_eq!(
            relationship("MentionsInRetweet", false),
            Some(Relationship::MentionInRetweet)
        );
        assert_eq!(
            relationship("Mentions in Reply To", true),
            Some(Relationship::Kind(Kind::Mention))
        );
        assert_eq!(relationship("Retweet", true), None, "left to Kind::parse");
    }

    #[test]
    fn the_dialect_comes_from_the_banner_or_the_columns() {
        let header = |names: &[&str]| -> Vec<String> { names.iter().map(|n| normalise(n)).collect() };
        assert_eq!(
            dialect_of(&header(&["Vertex 1", "Vertex 2", "Relationship", "Tweet"]), false),
            Dialect::Nodexl { twitter: true }
        );
        assert_eq!(
            dialect_of(&header(&["Vertex", "Color", "Image File"]), false),
            Dialect::Nodexl { twitter: false }
        );
        assert_eq!(
            dialect_of(&header(&["Vertex", "country"]), false),
            Dialect::Generic
        );
        assert_eq!(
            dialect_of(&header(&["Vertex", "country"]), true),
            Dialect::Nodexl { twitter: false }
        );
        let banner: Vec<String> = ["Visual Properties", "", "Labels", "Graph Metrics"]
            .map(String::from)
            .to_vec();
        assert!(is_banner(&banner));
    }
}
