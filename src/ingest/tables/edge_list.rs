//! Edge tables: one interaction per row, `source → target`. Generic edge lists, Gephi's
//! Data Laboratory edge tables (`Source,Target,Type,Id,Label,timeset,Weight`), NodeXL's
//! Edges sheet and GDF's `edgedef>` section all come here once [`table`](crate::ingest::tables)
//! (or [`gdf`](crate::ingest::tables::gdf)) has decided what each column means.
//!
//! Semantics:
//! * each row is one event `source → target` of weight `weight` (default 1). Rows are
//!   not deduplicated: a table has no event identity, so two equal rows are two
//!   interactions (Gephi and NodeXL may already have summed repeats into the weight);
//! * the weight is a finite number; with `;` as the delimiter a decimal comma (`1,5`) is
//!   read too. A Gephi dynamic weight `<[2009.0, 2010.0, 3.0]; ...>` gives the value of
//!   its first interval;
//! * a kind cell (`type`, `kind`, `relationship`) naming a kind (`retweet`, `Replies to`,
//!   `mention`, ...) sets the kind, otherwise it is `link`; `Undirected` (Gephi) or
//!   `mutual` adds the interaction in both directions, as Gephi and networkx read an
//!   undirected edge; `Directed` or empty is directed. `MentionsInRetweet` rows are not
//!   counted: the mentions inside a reposted text belong to the original post, not to the
//!   reposter. A `directed` cell (`true`/`false`) says the direction explicitly (GDF);
//!   a label naming a kind sets the kind when no kind cell did;
//! * the time is the first time cell that parses as a date (see [`parse_timestamp`]);
//!   a Gephi dynamic cell `<[2019-01-01, 2019-03-01]>` gives its start. Gephi's numeric
//!   time indices (`<[2009.0, 2010.0]>`) are not dates: such rows keep no time, and the
//!   file says so once;
//! * ids are the cells as written, on [`Platform::Generic`]; NodeXL's Twitter exports
//!   name accounts by screen name instead (see [`nodexl_csv`]).
//!
//! Complexity: O(cells) per row; no state grows with the file besides the network.

use crate::ingest::tables::columns::{
    optional_cell, required_cell, ColumnRole, Dialect, ScientificIdWarning,
};
use crate::ingest::tables::nodexl_csv::{self, Relationship};
use crate::ingest::{SaidOnce, Sink};
use crate::network::{AccountIdx, Interaction, Kind, Platform};
use crate::time::parse_timestamp;

/// Where each meaning sits in a row.
#[derive(Debug, Clone, PartialEq)]
struct EdgeColumns {
    source: usize,
    target: usize,
    weight: Option<usize>,
    kinds: Vec<usize>,
    directed: Vec<usize>,
    times: Vec<usize>,
    labels: Vec<usize>,
}

impl EdgeColumns {
    /// The columns of each role (the first one for source, target and weight).
    fn from_roles(roles: &[ColumnRole]) -> EdgeColumns {
        let all = |wanted: ColumnRole| -> Vec<usize> {
            roles
                .iter()
                .enumerate()
                .filter(|(_, role)| **role == wanted)
                .map(|(i, _)| i)
                .collect()
        };
        EdgeColumns {
            source: all(ColumnRole::Source).first().copied().unwrap_or(0),
            target: all(ColumnRole::Target).first().copied().unwrap_or(1),
            weight: all(ColumnRole::Weight).first().copied(),
            kinds: all(ColumnRole::Kind),
            directed: all(ColumnRole::Directed),
            times: all(ColumnRole::Time),
            labels: all(ColumnRole::Label),
        }
    }
}

/// What the kind and direction cells of one row say.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RowType {
    kind: Option<Kind>,
    undirected: Option<bool>,
    /// NodeXL's `Follower`: the row reads target → source.
    reversed: bool,
    skip: Option<Skipped>,
}

/// Rows that are read but are no interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skipped {
    /// NodeXL's `Tweet` self-loop: a tweet with no tie.
    NoTie,
    /// A mention inside a retweeted text: the original's, not the retweeter's.
    MentionInRepost,
}

/// Reads edge rows into interactions.
pub(crate) struct EdgeRows {
    columns: EdgeColumns,
    dialect: Dialect,
    /// Direction of rows whose cells do not say.
    undirected_by_default: bool,
    decimal_comma: bool,
    scientific_ids: ScientificIdWarning,
    warned_unknown_type: SaidOnce,
    warned_time: SaidOnce,
    warned_dynamic_weight: SaidOnce,
    mentions_in_reposts: u64,
    /// Whether every plain row so far lists its pair with the smaller id first.
    pairs: OrderedPairs,
    /// What each type cell text read as, for the few texts a file uses (`retweet`,
    /// `reply`...): reading one normalises and lower-cases it (three allocations), once
    /// per row otherwise. At most [`TYPE_CELL_CACHE`] texts are kept.
    type_cells: Vec<(String, TypeCell)>,
}

/// Distinct type-cell texts remembered by [`EdgeRows`]; a file with more reads the rest each time.
const TYPE_CELL_CACHE: usize = 32;

impl EdgeRows {
    pub fn new(roles: &[ColumnRole], dialect: Dialect, undirected: bool, decimal_comma: bool) -> Self {
        Self::new_with(EdgeColumns::from_roles(roles), dialect, undirected, decimal_comma)
    }

    fn new_with(columns: EdgeColumns, dialect: Dialect, undirected: bool, decimal_comma: bool) -> Self {
        EdgeRows {
            columns,
            dialect,
            undirected_by_default: undirected,
            decimal_comma,
            scientific_ids: ScientificIdWarning::default(),
            warned_unknown_type: SaidOnce::default(),
            warned_time: SaidOnce::default(),
            warned_dynamic_weight: SaidOnce::default(),
            mentions_in_reposts: 0,
            pairs: OrderedPairs::default(),
            type_cells: Vec::new(),
        }
    }

    /// Whether parts of the file can be read apart and merged: an id names the same
    /// account throughout the file (not NodeXL's Twitter handles, which join to ids as
    /// the file goes).
    pub fn can_part(&self) -> bool {
        self.dialect != Dialect::Nodexl { twitter: true }
    }

    /// Reads one row; `Err` says why it was skipped.
    pub fn read(&mut self, fields: &[String], line: u64, sink: &mut Sink) -> Result<(), String> {
        let (source, target, weight) = (self.columns.source, self.columns.target, self.columns.weight);
        if fields.len() < 2 {
            return Err(format!(
                "expected at least 2 columns (source, target), found {}",
                fields.len()
            ));
        }
        let source = required_cell(fields, source, "source")?;
        let target = required_cell(fields, target, "target")?;
        let weight = match weight.and_then(|i| optional_cell(fields, i)) {
            Some(text) => self.parse_weight(text, line, sink)?,
            None => 1.0,
        };
        let row_type = self.read_type(fields, line, sink);
        match row_type.skip {
            Some(Skipped::NoTie) => return Ok(()),
            Some(Skipped::MentionInRepost) => {
                self.mentions_in_reposts += 1;
                return Ok(());
            }
            None => {}
        }
        let time = self.read_time(fields, line, sink);
        self.scientific_ids.check(line, &[source, target], sink);
        let plain = row_type.kind.is_none()
            && row_type.undirected.is_none()
            && !row_type.reversed
            && !self.undirected_by_default
            && self.dialect == Dialect::Generic;
        self.pairs.observe(source, target, plain);

        if weight < 0.0 {
            sink.note_once(crate::ingest::graphs::NEGATIVE_WEIGHTS_NOTE);
        }
        let actor = self.account(source, sink);
        let (mut actor, mut target) = (actor, self.account(target, sink));
        if row_type.reversed {
            std::mem::swap(&mut actor, &mut target);
        }
        let mut event = Interaction {
            weight,
            time,
            ..Interaction::new(actor, target, row_type.kind.unwrap_or(Kind::Link))
        };
        sink.network.interact(event);
        if row_type.undirected.unwrap_or(self.undirected_by_default) {
            std::mem::swap(&mut event.actor, &mut event.target);
            sink.network.interact(event);
        }
        Ok(())
    }

    /// Rows for a part of the file further on (read apart, see `framing::parts`): these
    /// settings, none of the state.
    pub fn part(&self) -> EdgeRows {
        EdgeRows {
            type_cells: self.type_cells.clone(),
            ..EdgeRows::new_with(
                self.columns.clone(),
                self.dialect,
                self.undirected_by_default,
                self.decimal_comma,
            )
        }
    }

    /// Takes in the state of the part after this one; its warnings said once that these
    /// rows said already go to `repeated`.
    pub fn absorb_part(&mut self, part: EdgeRows, repeated: &mut Vec<u64>) {
        self.warned_unknown_type
            .absorb(part.warned_unknown_type, repeated);
        self.warned_time.absorb(part.warned_time, repeated);
        self.warned_dynamic_weight
            .absorb(part.warned_dynamic_weight, repeated);
        self.scientific_ids.absorb(part.scientific_ids, repeated);
        self.mentions_in_reposts += part.mentions_in_reposts;
        self.pairs.absorb(part.pairs);
    }

    /// Reports what only the whole file shows.
    pub fn finish(&mut self, sink: &mut Sink) {
        if self.pairs.look_undirected() {
            sink.suggest_undirected(ORDERED_PAIRS_NOTE);
        }
        if self.mentions_in_reposts > 0 {
            sink.warn(
                None,
                format!(
                    "{} MentionsInRetweet rows were not counted: the mentions inside a retweeted text \
                     belong to the original post, not to the retweeter",
                    self.mentions_in_reposts
                ),
            );
        }
    }

    fn account(&mut self, name: &str, sink: &mut Sink) -> AccountIdx {
        match self.dialect {
            Dialect::Nodexl { twitter: true } => sink.network.account_by_handle(Platform::Twitter, name),
            _ => sink.network.account(Platform::Generic, name),
        }
    }

    fn parse_weight(&mut self, text: &str, line: u64, sink: &mut Sink) -> Result<f64, String> {
        if let Some(parts) = dynamic_parts(text) {
            self.warned_dynamic_weight.warn(sink, Some(line), || {
                format!("the weight '{text}' changes over time; the first interval's value is used")
            });
            return match parts.get(2) {
                Some(value) => self.parse_number(value),
                None => Err(format!(
                    "weight '{text}' has no value; expected a number such as 1 or 2.5"
                )),
            };
        }
        self.parse_number(text)
    }

    fn parse_number(&self, text: &str) -> Result<f64, String> {
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

    fn read_type(&mut self, fields: &[String], line: u64, sink: &mut Sink) -> RowType {
        let mut row = RowType {
            kind: None,
            undirected: None,
            reversed: false,
            skip: None,
        };
        let nodexl = matches!(self.dialect, Dialect::Nodexl { .. });
        for column in 0..self.columns.kinds.len() {
            let Some(text) = optional_cell(fields, self.columns.kinds[column]) else {
                continue;
            };
            match self.type_cell(text, nodexl) {
                TypeCell::Direction(undirected) => row.undirected = row.undirected.or(Some(undirected)),
                TypeCell::Kind(kind) => row.kind = row.kind.or(Some(kind)),
                TypeCell::Reversed(kind) => {
                    row.kind = row.kind.or(Some(kind));
                    row.reversed = true;
                }
                TypeCell::Skip(reason) => row.skip = Some(reason),
                TypeCell::Unknown => warn_unknown_type(&mut self.warned_unknown_type, text, line, sink),
            }
        }
        for text in self
            .columns
            .directed
            .iter()
            .filter_map(|&i| optional_cell(fields, i))
        {
            match parse_bool(text) {
                Some(directed) => row.undirected = Some(!directed),
                None => warn_unknown_type(&mut self.warned_unknown_type, text, line, sink),
            }
        }
        if row.kind.is_none() {
            row.kind = self
                .columns
                .labels
                .iter()
                .filter_map(|&i| optional_cell(fields, i))
                .find_map(Kind::parse);
        }
        row
    }

    /// [`read_type_cell`], remembered for the texts seen before.
    fn type_cell(&mut self, text: &str, nodexl: bool) -> TypeCell {
        if let Some((_, cell)) = self.type_cells.iter().find(|(seen, _)| seen == text) {
            return *cell;
        }
        let cell = read_type_cell(text, nodexl);
        if self.type_cells.len() < TYPE_CELL_CACHE {
            self.type_cells.push((text.to_owned(), cell));
        }
        cell
    }

    fn read_time(&mut self, fields: &[String], line: u64, sink: &mut Sink) -> Option<i64> {
        let mut unparsed = None;
        for text in self
            .columns
            .times
            .iter()
            .filter_map(|&i| optional_cell(fields, i))
        {
            let start = dynamic_parts(text)
                .and_then(|parts| parts.first().copied())
                .unwrap_or(text);
            match parse_timestamp(start) {
                Some(time) => return Some(time),
                None => unparsed = unparsed.or(Some(text)),
            }
        }
        if let Some(text) = unparsed {
            self.warned_time.warn(sink, Some(line), || {
                format!(
                    "the time '{text}' is not a date (expected e.g. 2021-05-18 or 2021-05-18T19:24:56Z); \
                     rows with such times keep no time"
                )
            });
        }
        None
    }
}

/// Said of an edge list whose every row lists its pair with the smaller id first.
const ORDERED_PAIRS_NOTE: &str = "every row lists its pair once with the smaller id first, as undirected edge \
    lists do (musae, SNAP's undirected sets): the rows were read as directed, as written; if the ties have no \
    direction, read the file as undirected (the column mapping's \"undirected\" option)";

/// Rows that look ordered before this many are not telling (two rows of `1,2` and `1,3` are any list).
const MIN_ORDERED_ROWS: u64 = 5;

/// Whether an edge list's rows all name the smaller id first: numerically when both are
/// numbers, else in byte order. Only rows that say nothing of kind or direction count.
#[derive(Debug, Clone, Copy)]
struct OrderedPairs {
    rows: u64,
    ascending: bool,
}

impl Default for OrderedPairs {
    fn default() -> Self {
        OrderedPairs {
            rows: 0,
            ascending: true,
        }
    }
}

impl OrderedPairs {
    fn observe(&mut self, source: &str, target: &str, plain: bool) {
        if !self.ascending {
            return;
        }
        self.rows += 1;
        let smaller_first = match (source.parse::<u64>(), target.parse::<u64>()) {
            (Ok(a), Ok(b)) => a < b,
            _ => source < target,
        };
        self.ascending = plain && smaller_first;
    }

    /// Goes on with the rows of a later part (observed apart from these).
    fn absorb(&mut self, part: OrderedPairs) {
        self.rows += part.rows;
        self.ascending &= part.ascending;
    }

    fn look_undirected(&self) -> bool {
        self.ascending && self.rows >= MIN_ORDERED_ROWS
    }
}

/// Says once per file that a type cell was not understood.
fn warn_unknown_type(warned: &mut SaidOnce, text: &str, line: u64, sink: &mut Sink) {
    warned.warn(sink, Some(line), || {
        format!(
            "the type '{text}' is neither a kind (follow, repost, quote, reply, mention, link) nor a \
             direction (directed, undirected); such rows are read as directed links"
        )
    });
}

/// What one kind cell says.
#[derive(Debug, Clone, Copy, PartialEq)]
enum TypeCell {
    Direction(bool),
    Kind(Kind),
    Reversed(Kind),
    Skip(Skipped),
    Unknown,
}

/// A kind cell: a kind name, a direction as Gephi writes it, or a NodeXL relationship.
fn read_type_cell(text: &str, nodexl: bool) -> TypeCell {
    match nodexl_csv::relationship(text, nodexl) {
        Some(Relationship::Kind(kind)) => return TypeCell::Kind(kind),
        Some(Relationship::Reversed(kind)) => return TypeCell::Reversed(kind),
        Some(Relationship::NoTie) => return TypeCell::Skip(Skipped::NoTie),
        Some(Relationship::MentionInRetweet) => return TypeCell::Skip(Skipped::MentionInRepost),
        None => {}
    }
    match text.trim().to_ascii_lowercase().as_str() {
        "undirected" | "mutual" => TypeCell::Direction(true),
        "directed" => TypeCell::Direction(false),
        _ => Kind::parse(text).map_or(TypeCell::Unknown, TypeCell::Kind),
    }
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "y" | "t" => Some(true),
        "false" | "0" | "no" | "n" | "f" => Some(false),
        _ => None,
    }
}

/// The components of the first interval of a Gephi dynamic cell (`<[2009.0, 2010.0, 3.0]; ...>`
/// or `<(2019-01-01, 2019-03-01]>`), or `None` when the cell is not dynamic.
fn dynamic_parts(text: &str) -> Option<Vec<&str>> {
    let inner = text.trim().strip_prefix('<')?.strip_suffix('>')?;
    let first = inner.split(';').next()?.trim();
    let first = first.trim_start_matches(['[', '(']).trim_end_matches([']', ')']);
    Some(
        first
            .split(',')
            .map(|part| part.trim().trim_matches(['"', '\'']))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ingest_files;
    use crate::network::Kind;

    #[test]
    fn a_headerless_semicolon_table_with_decimal_commas() {
        let loaded = ingest_files([("t.csv", &b"a;b;1,5\nb;c;2\n"[..])]);
        assert_eq!(loaded.network.interactions.weight, vec![1.5, 2.0]);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn gephi_types_set_kind_and_direction() {
        let file = b"Source,Target,Type\na,b,Undirected\na,c,retweet\na,d,Directed\na,e,\n";
        let loaded = ingest_files([("g.csv", &file[..])]);
        let kinds = &loaded.network.interactions.kind;
        assert_eq!(
            kinds,
            &vec![Kind::Link, Kind::Link, Kind::Repost, Kind::Link, Kind::Link]
        );
        assert_eq!(
            loaded.network.interactions.actor[1], 1,
            "undirected edge added both ways"
        );
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn gephi_dynamic_cells_give_their_start_when_it_is_a_date() {
        let file =
            b"Source,Target,Interval,Weight\na,b,\"<[2019-01-01, 2019-03-01]>\",\"<[1.0, 2.0, 3.5]>\"\n\
                     a,c,\"<[2009.0, 2010.0]>\",2\n";
        let loaded = ingest_files([("g.csv", &file[..])]);
        let events = &loaded.network.interactions;
        assert_eq!(events.time, vec![1_546_300_800, crate::network::NO_TIME]);
        assert_eq!(events.weight, vec![3.5, 2.0]);
        let messages: Vec<&str> = loaded.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("changes over time"));
        assert!(messages[1].contains("'<[2009.0, 2010.0]>' is not a date"));
    }

    #[test]
    fn a_label_naming_a_kind_sets_it_when_no_type_did() {
        let file = b"Source,Target,Type,Id,Label,timeset,Weight\n111,222,Directed,0,,,3.0\n\
                     222,333,Directed,1,retweet,,1.0\n";
        let loaded = ingest_files([("g.csv", &file[..])]);
        assert_eq!(loaded.network.interactions.kind, vec![Kind::Link, Kind::Repost]);
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

    #[test]
    fn an_unknown_type_is_a_link_and_said_once() {
        let file = b"source,target,type\na,b,friendship\nb,c,friendship\n";
        let loaded = ingest_files([("t.csv", &file[..])]);
        assert_eq!(loaded.network.interactions.kind, vec![Kind::Link, Kind::Link]);
        assert_eq!(loaded.warnings.len(), 1);
        assert_eq!(loaded.warnings[0].line, Some(2));
    }

    #[test]
    fn dynamic_cells_split_into_their_first_interval() {
        assert_eq!(
            dynamic_parts("<[1.0, 2.0]; [5.0, 6.0]>"),
            Some(vec!["1.0", "2.0"])
        );
        assert_eq!(
            dynamic_parts("<(2019-01-01, 2019-03-01]>"),
            Some(vec!["2019-01-01", "2019-03-01"])
        );
        assert_eq!(dynamic_parts("2.0"), None);
    }
}
