//! attaché's own scores table: the CSV `attache score --format csv` writes, and the one
//! the Spark job writes for a collection too large for one machine (`OUT/scores.csv`,
//! docs/SCALE.md). Read back as a node table so that a cluster's result can be explored:
//! each row is an account (`id`, `label`), each column named by a catalogue metric id
//! (`pagerank`, `influence_index`, `in_degree`...) a score computed elsewhere, and every
//! other column (the attributes the export carried) an attribute as in any node table.
//!
//! Detection (from the header only): the first two columns are `id` and `label`, as the
//! writers name them, and at least one other column is named by a catalogue metric id,
//! or by an imported column's id (`imported:pagerank`, what a table written after such an
//! import calls it). Anything else stays a plain node table, whatever its columns are named.
//!
//! Semantics: a score column becomes [`ColumnRole::Score`]; its cells are read as numbers
//! (an empty cell: no value, as the writers leave a NaN) and kept as the imported column of
//! that name ([`crate::network::ImportedScores`]), which the doors show beside the
//! columns computed from the data, as `imported:<metric>`. A cell that is not a number is
//! left out with a warning (file, line, column).
//!
//! Complexity: O(cells) per row, like any node table.

use crate::ingest::tables::columns::{normalise, ColumnRole};
use crate::metrics;
use crate::network::imported;

/// Whether a header row is a scores table's (see the module documentation).
pub(crate) fn is_scores_header(fields: &[String]) -> bool {
    let named = |i: usize, name: &str| fields.get(i).is_some_and(|f| f.trim() == name);
    named(0, "id") && named(1, "label") && fields[2..].iter().any(|f| score_name(f).is_some())
}

/// The score a column holds when its header names one: the metric id, without the
/// `imported:` of a table written after an import.
pub(crate) fn score_name(header: &str) -> Option<&str> {
    let header = header.trim();
    let id = header.strip_prefix(imported::PREFIX).unwrap_or(header);
    metrics::find(id).map(|metric| metric.info.id)
}

/// The roles of a scores table's columns: the id, the label, the scores, and the rest
/// as attributes named by their header.
pub(crate) fn roles(fields: &[String]) -> Vec<ColumnRole> {
    fields
        .iter()
        .enumerate()
        .map(|(i, header)| match i {
            0 => ColumnRole::Id,
            1 => ColumnRole::Label,
            _ => match score_name(header) {
                Some(name) => ColumnRole::Score {
                    name: name.to_owned(),
                },
                None if normalise(header) == "platform" => ColumnRole::Platform,
                None => ColumnRole::Attribute {
                    name: header.trim().to_owned(),
                },
            },
        })
        .collect()
}

/// A score cell as a number: decimal point, an exponent allowed; `None` when it is not one.
pub(crate) fn parse_score(cell: &str) -> Option<f64> {
    let cell = cell.trim();
    let value: f64 = cell.parse().ok()?;
    // `inf` and `NaN` parse, but no writer of scores tables writes them for a value.
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest_files, Format};

    fn header(text: &str) -> Vec<String> {
        text.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn the_header_of_attache_score_is_a_scores_table() {
        assert!(is_scores_header(&header("id,label,pagerank,in_degree")));
        assert!(is_scores_header(&header(
            "id,label,camp,imported:influence_index"
        )));
        assert!(
            !is_scores_header(&header("id,label,country")),
            "a plain node table"
        );
        assert!(
            !is_scores_header(&header("node,label,pagerank")),
            "not attaché's header"
        );
        assert_eq!(score_name("imported:pagerank"), Some("pagerank"));
        assert_eq!(
            score_name("PageRank"),
            None,
            "ids as attaché writes them, exactly"
        );
    }

    #[test]
    fn scores_become_imported_columns_and_other_columns_attributes() {
        let file = b"id,label,camp,pagerank,in_degree\n1,Ann,north,0.25,3\n2,Bob,,,x\n";
        let loaded = ingest_files([("scores.csv", &file[..])]);
        assert_eq!(loaded.files[0].format, Format::ScoresTable);
        let network = &loaded.network;
        assert_eq!(network.accounts.len(), 2);
        assert_eq!(network.accounts[0].label.as_deref(), Some("Ann"));
        assert_eq!(
            network.accounts[0].attributes.get("camp").map(String::as_str),
            Some("north")
        );
        assert!(!network.accounts[0].attributes.contains_key("pagerank"));
        let pagerank = network.imported.get("pagerank").expect("imported");
        assert_eq!(pagerank.values[0], 0.25);
        assert!(pagerank.values[1].is_nan(), "an empty cell is no value");
        let degree = network.imported.get("in_degree").expect("imported");
        assert_eq!(degree.values[0], 3.0);
        assert!(degree.values[1].is_nan());
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert!(
            loaded.warnings[0].message.contains("in_degree"),
            "{:?}",
            loaded.warnings
        );
        assert_eq!(loaded.warnings[0].line, Some(3));
    }

    #[test]
    fn scores_join_the_accounts_of_an_edge_list_dropped_beside_them() {
        let scores = b"id,label,pagerank\na,A,0.5\nb,B,0.3\nz,Z,0.2\n";
        let edges = b"source,target\na,b\n";
        let loaded = ingest_files([("scores.csv", &scores[..]), ("edges_top.csv", &edges[..])]);
        let network = &loaded.network;
        assert_eq!(network.interactions.len(), 1);
        let ids: Vec<&str> = network.accounts.iter().map(|a| a.id.as_str()).collect();
        let pagerank = &network.imported.get("pagerank").expect("imported").values;
        for (id, value) in [("a", 0.5), ("b", 0.3), ("z", 0.2)] {
            let index = ids.iter().position(|i| *i == id).expect("an account");
            assert_eq!(pagerank[index], value, "{id}");
        }
    }
}
