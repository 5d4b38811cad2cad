//! Scores that came with the accounts instead of being computed from the interactions:
//! the metric columns of a scores table (`attache score --format csv`, or the Spark job's
//! `scores.csv` for a collection scored on a cluster; `ingest::tables::scores`).
//!
//! Each column is named by the metric id of its header (`pagerank`) and holds one value
//! per account, NaN where no row gave one. The analysis serves it as the column
//! `imported:<name>` ([`column_id`]) beside the columns it computes, so that rankings,
//! groups and exports read a cluster's result like any other column. The values are kept
//! as read: the network they were computed on is not this one (at most its sub-network of
//! top accounts), so kind weights and lens parameters do not change them.

/// What an imported column's id starts with (`imported:pagerank`).
pub const PREFIX: &str = "imported:";

/// The id under which the analysis serves the imported column `name`.
pub fn column_id(name: &str) -> String {
    format!("{PREFIX}{name}")
}

/// Imported columns, in the order their headers were first read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportedScores {
    pub columns: Vec<ImportedColumn>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImportedColumn {
    /// The metric id the column was named by.
    pub name: String,
    /// One value per account, in account order; NaN: none given.
    pub values: Vec<f64>,
}

impl ImportedScores {
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// The column imported as `name` (a metric id).
    pub fn get(&self, name: &str) -> Option<&ImportedColumn> {
        self.columns.iter().find(|column| column.name == name)
    }

    /// The column an analysis id (`imported:pagerank`) names.
    pub fn by_column_id(&self, id: &str) -> Option<&ImportedColumn> {
        self.get(id.strip_prefix(PREFIX)?)
    }
}

/// Imported values as the builder collects them: `(account, column, value)` in the order
/// read, turned into columns once the accounts are final (merges renumber them).
#[derive(Debug, Default)]
pub(super) struct ImportedCells {
    names: Vec<String>,
    cells: Vec<(u32, u32, f64)>,
}

impl ImportedCells {
    pub fn push(&mut self, account: u32, name: String, value: f64) {
        let column = match self.names.iter().position(|n| *n == name) {
            Some(column) => column,
            None => {
                self.names.push(name);
                self.names.len() - 1
            }
        };
        self.cells.push((account, column as u32, value));
    }

    /// The columns for `accounts` accounts, each index mapped by `index` (the renumbering
    /// of merges); a later value for the same account and column replaces an earlier one.
    pub fn into_scores(self, accounts: usize, index: impl Fn(u32) -> u32) -> ImportedScores {
        let mut columns: Vec<ImportedColumn> = self
            .names
            .into_iter()
            .map(|name| ImportedColumn {
                name,
                values: vec![f64::NAN; accounts],
            })
            .collect();
        for (account, column, value) in self.cells {
            columns[column as usize].values[index(account) as usize] = value;
        }
        ImportedScores { columns }
    }
}
