//! Adjacency matrices saved as CSV, as Gephi imports and exports them (`;A;B;C` above
//! `A;0;1;0` rows) and as pandas writes `networkx.to_pandas_adjacency(G).to_csv()`.
//!
//! [`table`](crate::ingest::tables) recognises the shape: an empty corner cell above the row names,
//! column names after it, and rows of one name followed by numbers, as wide as the header.
//!
//! Semantics (Gephi's): the cell at row `i`, column `j` is an interaction `i → j` of that
//! weight; a zero or empty cell is none. A symmetric matrix so gives both directions of
//! each tie, which is how an undirected edge counts everywhere in attaché. The diagonal
//! gives self-loops, which the builder drops and counts. Every column name is an account,
//! in header order, even when its column and row are all zeros. A cell that is not a
//! number is skipped, with one warning per file; a row wider or narrower than the header is
//! read as far as both go, with one warning per file.
//!
//! Complexity: O(cells) per row; nothing grows with the file besides the network.

use crate::ingest::graphs::NEGATIVE_WEIGHTS_NOTE;
use crate::ingest::tables::columns::required_cell;
use crate::ingest::Sink;
use crate::network::{AccountIdx, Interaction, Kind, Platform};

pub(crate) struct MatrixRows {
    names: Vec<String>,
    /// The column accounts, created with the first row.
    columns: Vec<AccountIdx>,
    decimal_comma: bool,
    warned_cell: bool,
    warned_width: bool,
}

impl MatrixRows {
    pub fn new(names: Vec<String>, decimal_comma: bool) -> Self {
        MatrixRows {
            names,
            columns: Vec::new(),
            decimal_comma,
            warned_cell: false,
            warned_width: false,
        }
    }

    /// Reads one row; `Err` says why it was skipped.
    pub fn read(&mut self, fields: &[String], line: u64, sink: &mut Sink) -> Result<(), String> {
        if self.columns.len() < self.names.len() {
            self.columns = self
                .names
                .iter()
                .map(|name| sink.network.account(Platform::Generic, name))
                .collect();
        }
        let name = required_cell(fields, 0, "row name")?;
        let row = sink.network.account(Platform::Generic, name);
        let cells = &fields[1..];
        if cells.len() != self.columns.len() && !std::mem::replace(&mut self.warned_width, true) {
            sink.warn(
                Some(line),
                format!(
                    "the row '{name}' has {} values for {} columns; rows of another width are read as far as \
                     both go",
                    cells.len(),
                    self.columns.len()
                ),
            );
        }
        for (cell, &column) in cells.iter().zip(&self.columns) {
            let text = cell.trim();
            if text.is_empty() {
                continue;
            }
            let weight = match self.number(text) {
                Some(weight) => weight,
                None => {
                    if !std::mem::replace(&mut self.warned_cell, true) {
                        sink.warn(
                            Some(line),
                            format!(
                                "the cell '{text}' of row '{name}' is not a number; such cells were skipped"
                            ),
                        );
                    }
                    continue;
                }
            };
            if weight == 0.0 {
                continue;
            }
            if weight < 0.0 {
                sink.note_once(NEGATIVE_WEIGHTS_NOTE);
            }
            sink.network.interact(Interaction {
                weight,
                ..Interaction::new(row, column, Kind::Link)
            });
        }
        Ok(())
    }

    fn number(&self, text: &str) -> Option<f64> {
        let parsed = text.parse::<f64>().ok().or_else(|| {
            (self.decimal_comma || !text.contains('.'))
                .then(|| text.replace(',', ".").parse::<f64>().ok())
                .flatten()
        });
        parsed.filter(|w| w.is_finite())
    }
}
