//! Score tables: several metric columns over the same accounts, their ranking, and
//! their export as CSV and JSON. The page and the command-line tool rank the same way:
//! descending by value, ties (and NaN, last) in account order, so both show one order.

use std::io::{self, Write};

use serde::Serialize;

use crate::analysis::Analysis;
use crate::metrics::MetricError;
use crate::network::Network;
use crate::progress::Progress;

/// Metric columns, each one value per account.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScoreTable {
    pub metrics: Vec<String>,
    pub columns: Vec<Vec<f64>>,
}

impl ScoreTable {
    /// The columns of `metric_ids` under the parameters in force.
    pub fn compute(
        analysis: &Analysis,
        metric_ids: &[&str],
        progress: &mut dyn Progress,
    ) -> Result<Self, MetricError> {
        let mut table = ScoreTable::default();
        for &id in metric_ids {
            let column = analysis.column(id, progress)?.values.clone();
            table.metrics.push(id.to_owned());
            table.columns.push(column);
        }
        Ok(table)
    }

    pub fn column(&self, metric: &str) -> Option<&[f64]> {
        let index = self.metrics.iter().position(|m| m == metric)?;
        Some(&self.columns[index])
    }
}

/// Account indices ordered by `values`, highest first; ties keep account order, NaN go last.
pub fn rank_descending(values: &[f64]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..values.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (values[a as usize], values[b as usize]);
        match (x.is_nan(), y.is_nan()) {
            (false, false) => y.total_cmp(&x),
            (x_nan, y_nan) => x_nan.cmp(&y_nan),
        }
        .then(a.cmp(&b))
    });
    order
}

/// Competition ranks ("1224"), highest value first: `1 +` the number of accounts with a
/// strictly greater value. Tied accounts share a rank; NaN values get rank 0 (unranked).
pub fn competition_ranks(values: &[f64]) -> Vec<u32> {
    let order = rank_descending(values);
    let mut ranks = vec![0u32; values.len()];
    let mut rank = 0u32;
    let mut previous = f64::NAN;
    for (position, &account) in order.iter().enumerate() {
        let value = values[account as usize];
        if value.is_nan() {
            break;
        }
        if value != previous {
            rank = position as u32 + 1;
            previous = value;
        }
        ranks[account as usize] = rank;
    }
    ranks
}

/// Writes `id,label,<metric>...` and one row per account in `order`.
pub fn write_csv(network: &Network, table: &ScoreTable, order: &[u32], out: impl Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["id".to_owned(), "label".to_owned()];
    header.extend(table.metrics.iter().cloned());
    writer.write_record(&header)?;
    for &account in order {
        let account_info = &network.accounts[account as usize];
        let mut row = vec![account_info.id.clone(), account_info.display_label().to_owned()];
        row.extend(
            table
                .columns
                .iter()
                .map(|column| format_value(column[account as usize])),
        );
        writer.write_record(&row)?;
    }
    writer.flush()
}

#[derive(Serialize)]
struct JsonRow<'a> {
    rank: usize,
    id: &'a str,
    label: &'a str,
    scores: serde_json::Map<String, serde_json::Value>,
}

/// Writes `{"metrics": [...], "accounts": [{"rank", "id", "label", "scores": {...}}]}`.
pub fn write_json(network: &Network, table: &ScoreTable, order: &[u32], out: impl Write) -> io::Result<()> {
    let accounts: Vec<JsonRow> = order
        .iter()
        .enumerate()
        .map(|(position, &account)| {
            let info = &network.accounts[account as usize];
            let scores = table
                .metrics
                .iter()
                .zip(&table.columns)
                .map(|(metric, column)| {
                    let value = column[account as usize];
                    let json =
                        serde_json::Number::from_f64(value).map_or(serde_json::Value::Null, Into::into);
                    (metric.clone(), json)
                })
                .collect();
            JsonRow {
                rank: position + 1,
                id: &info.id,
                label: info.display_label(),
                scores,
            }
        })
        .collect();
    let document = serde_json::json!({ "metrics": table.metrics, "accounts": accounts });
    serde_json::to_writer_pretty(out, &document).map_err(io::Error::other)
}

/// Shortest text that reads back as the same number; whole numbers without a fraction.
pub fn format_value(value: f64) -> String {
    if value.is_nan() {
        String::new()
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranking_is_descending_with_ties_in_account_order_and_nan_last() {
        assert_eq!(
            rank_descending(&[0.1, f64::NAN, 0.3, 0.1, 0.3]),
            vec![2, 4, 0, 3, 1]
        );
    }

    #[test]
    fn competition_ranks_share_ties_and_leave_nan_unranked() {
        assert_eq!(
            competition_ranks(&[0.1, f64::NAN, 0.3, 0.1, 0.3, 0.0]),
            vec![3, 0, 1, 3, 1, 5]
        );
    }

    #[test]
    fn values_print_exactly() {
        assert_eq!(format_value(3.0), "3");
        assert_eq!(format_value(0.1), "0.1");
        assert_eq!(format_value(f64::NAN), "");
    }
}
