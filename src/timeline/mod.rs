//! Scores over time: the interactions cut into windows of a day, a week or a month, each
//! window scored on its own sub-network.
//!
//! Windows are UTC calendar periods: days from midnight, weeks from Monday midnight,
//! months from the first. They run contiguously, empty ones included, from the window
//! holding the earliest timed interaction to the one holding the latest, each
//! `start ≤ time < end`. Interactions without a timestamp belong to no window and are
//! counted apart ([`Timeline::untimed`]).
//!
//! A window's sub-network has every account and only the window's interactions, merged
//! with the current kind weights (`Csr::from_edges`). Its scores ([`WindowMetric`]) are
//! PageRank (with the PageRank lens's parameters in force: damping, seeds), in-degree or
//! in-strength, the same definitions as the
//! catalogue's, so each equals networkx on the window's graph. Ranks are competition
//! ranks (`1 +` the accounts scoring strictly higher; see
//! [`crate::scores::competition_ranks`]) among all accounts.
//!
//! Honest ranks ([`WindowStatus`]): a window without interactions ranks nobody (every
//! trajectory has a gap there: rank 0, score NaN), and one with fewer than
//! [`MIN_RANKED_INTERACTIONS`] is *thin*: its ranks are given but flagged, since a handful
//! of interactions reorders everyone. These rules live here; both doors read them from
//! [`Window::status`].
//!
//! Risers and fallers between two windows ([`Timeline::movers`]) compare ranks, among
//! the accounts that interact (as actor or target) in at least one of the two windows:
//! the others are tied at the bottom in both and would only shift with the crowd. An
//! empty window is refused. The comparison offered first
//! ([`Timeline::default_comparison`]) is between the two largest adjacent windows.
//! Everything is deterministic: ties are broken by account order.
//!
//! Complexity: O(E log E) to cut the windows; each window's scores cost the metric's
//! complexity on the window's edges, O(V) memory reused across windows.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, NaiveDate};
use serde::Serialize;

use crate::analysis::Analysis;
use crate::csr::Csr;
use crate::groups::Grouping;
use crate::metrics::pagerank::pagerank_with;
use crate::metrics::split::{self, Tick, TickProgress};
use crate::metrics::MetricError;
use crate::network::{AccountIdx, Network, Timestamp, NO_TIME};
use crate::progress::{Cancelled, Progress, Within};
use crate::scores::competition_ranks;

mod parts;
pub use parts::{KeptWindows, Scoring, WindowEdges};

/// More windows than this are refused: choose a coarser width.
pub const MAX_WINDOWS: usize = 5000;

/// A window with fewer interactions than this is too thin to rank: with 9 interactions
/// or fewer, one repost more or less reorders most of the accounts it touches.
pub const MIN_RANKED_INTERACTIONS: usize = 10;

const DAY: i64 = 86_400;

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WindowWidth {
    Day,
    Week,
    Month,
}

impl WindowWidth {
    pub fn parse(text: &str) -> Option<WindowWidth> {
        match text.trim().to_ascii_lowercase().as_str() {
            "day" | "daily" => Some(WindowWidth::Day),
            "week" | "weekly" => Some(WindowWidth::Week),
            "month" | "monthly" => Some(WindowWidth::Month),
            _ => None,
        }
    }

    /// The start of the window holding `time`, None outside the calendar's range.
    fn start_of(self, time: Timestamp) -> Option<Timestamp> {
        let day = time.div_euclid(DAY);
        match self {
            WindowWidth::Day => Some(day * DAY),
            // Day 0 (1970-01-01) was a Thursday, three days after a Monday.
            WindowWidth::Week => Some((day - (day + 3).rem_euclid(7)) * DAY),
            WindowWidth::Month => {
                let date = DateTime::from_timestamp(time, 0)?.date_naive();
                first_of_month(date.year(), date.month())
            }
        }
    }

    /// The start of the window after the one starting at `start`.
    fn next(self, start: Timestamp) -> Option<Timestamp> {
        match self {
            WindowWidth::Day => Some(start + DAY),
            WindowWidth::Week => Some(start + 7 * DAY),
            WindowWidth::Month => {
                let date = DateTime::from_timestamp(start, 0)?.date_naive();
                let (year, month) = if date.month() == 12 {
                    (date.year() + 1, 1)
                } else {
                    (date.year(), date.month() + 1)
                };
                first_of_month(year, month)
            }
        }
    }

    fn label(self, start: Timestamp) -> String {
        let Some(time) = DateTime::from_timestamp(start, 0) else {
            return start.to_string();
        };
        match self {
            WindowWidth::Day | WindowWidth::Week => time.format("%Y-%m-%d").to_string(),
            WindowWidth::Month => time.format("%Y-%m").to_string(),
        }
    }
}

fn first_of_month(year: i32, month: u32) -> Option<Timestamp> {
    Some(
        NaiveDate::from_ymd_opt(year, month, 1)?
            .and_hms_opt(0, 0, 0)?
            .and_utc()
            .timestamp(),
    )
}

/// What to score in each window.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowMetric {
    /// "pagerank", as `parse` reads it (snake case would say "page_rank").
    #[serde(rename = "pagerank")]
    PageRank,
    InDegree,
    InStrength,
}

impl WindowMetric {
    pub const ALL: [WindowMetric; 3] = [
        WindowMetric::PageRank,
        WindowMetric::InDegree,
        WindowMetric::InStrength,
    ];

    pub fn id(self) -> &'static str {
        match self {
            WindowMetric::PageRank => "pagerank",
            WindowMetric::InDegree => "in_degree",
            WindowMetric::InStrength => "in_strength",
        }
    }

    pub fn parse(id: &str) -> Option<WindowMetric> {
        WindowMetric::ALL.into_iter().find(|m| m.id() == id)
    }
}

/// Whether a window's ranks mean something.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WindowStatus {
    /// No interactions: nobody has a rank there.
    Empty,
    /// Fewer than [`MIN_RANKED_INTERACTIONS`]: ranked, but too thin to read.
    Thin,
    Ranked,
}

impl WindowStatus {
    /// The status of a window of `interactions` (counted whatever their kind weights).
    pub fn of(interactions: usize) -> WindowStatus {
        match interactions {
            0 => WindowStatus::Empty,
            n if n < MIN_RANKED_INTERACTIONS => WindowStatus::Thin,
            _ => WindowStatus::Ranked,
        }
    }
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Window {
    /// Seconds since the epoch, UTC; `end` is excluded.
    pub start: Timestamp,
    pub end: Timestamp,
    /// `YYYY-MM-DD` (day, or the Monday of a week) or `YYYY-MM`.
    pub label: String,
    /// Interactions inside.
    pub interactions: usize,
    pub status: WindowStatus,
}

impl Window {
    /// `2024-03 (1 interaction)`: how both doors name a window.
    pub fn describe(&self) -> String {
        let noun = if self.interactions == 1 {
            "interaction"
        } else {
            "interactions"
        };
        format!("{} ({} {noun})", self.label, self.interactions)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TimelineError {
    TooManyWindows {
        windows: usize,
        width: WindowWidth,
    },
    BadWindow {
        window: usize,
        windows: usize,
    },
    /// A window without interactions ranks nobody: there is nothing to compare.
    EmptyWindow {
        label: String,
    },
    /// The PageRank parameters in force cannot run (a seed that is no account).
    Metric(MetricError),
    /// Scores computed elsewhere that do not fit the windows ([`KeptWindows`]).
    BadParts(String),
    Cancelled,
}

impl From<Cancelled> for TimelineError {
    fn from(_: Cancelled) -> Self {
        TimelineError::Cancelled
    }
}

impl From<MetricError> for TimelineError {
    fn from(error: MetricError) -> Self {
        match error {
            MetricError::Cancelled => TimelineError::Cancelled,
            other => TimelineError::Metric(other),
        }
    }
}

impl std::fmt::Display for TimelineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimelineError::TooManyWindows { windows, width } => write!(
                f,
                "the interactions span {windows} windows of a {width:?}, more than {MAX_WINDOWS}; \
                 choose a longer window",
            ),
            TimelineError::BadWindow { window, windows } => {
                write!(f, "there is no window {window}: there are {windows}")
            }
            TimelineError::EmptyWindow { label } => {
                write!(
                    f,
                    "the window {label} has no interactions: nobody has a rank there"
                )
            }
            TimelineError::Metric(error) => error.fmt(f),
            TimelineError::BadParts(why) => write!(f, "the windows' scores do not fit: {why}"),
            TimelineError::Cancelled => f.write_str("cancelled"),
        }
    }
}

impl std::error::Error for TimelineError {}

/// One account's (or group's) scores and ranks, one entry per window.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trajectory {
    /// The account's index, or the group's.
    pub index: u32,
    pub name: String,
    pub scores: Vec<f64>,
    /// Competition ranks (1 = top), 0 in an empty window (whose score is NaN).
    pub ranks: Vec<u32>,
}

impl Trajectory {
    /// No rank in an empty window.
    fn skip(&mut self) {
        self.scores.push(f64::NAN);
        self.ranks.push(0);
    }
}

/// An account's move between two windows.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Move {
    pub index: AccountIdx,
    pub id: String,
    pub label: String,
    pub rank_from: u32,
    pub rank_to: u32,
    /// `rank_from − rank_to`: positive when it rose.
    pub change: i64,
    pub score_from: f64,
    pub score_to: f64,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Movers {
    pub from: usize,
    pub to: usize,
    /// Biggest climbs first; ties by the higher rank reached, then account order.
    pub risers: Vec<Move>,
    /// Biggest drops first; ties by the higher rank left, then account order.
    pub fallers: Vec<Move>,
}

/// The windows of one width over a network's timed interactions.
#[derive(Clone, Debug)]
pub struct Timeline {
    width: WindowWidth,
    windows: Vec<Window>,
    /// Timed interaction indices sorted by time (then index).
    order: Vec<u32>,
    /// `order[bounds[w]..bounds[w + 1]]` are window `w`'s interactions.
    bounds: Vec<usize>,
    untimed: usize,
}

impl Timeline {
    pub fn new(network: &Network, width: WindowWidth) -> Result<Timeline, TimelineError> {
        let events = &network.interactions;
        let mut order: Vec<u32> = (0..events.len() as u32)
            .filter(|&i| {
                let time = events.time[i as usize];
                time != NO_TIME && width.start_of(time).is_some()
            })
            .collect();
        let untimed = events.len() - order.len();
        order.sort_unstable_by_key(|&i| (events.time[i as usize], i));
        let mut timeline = Timeline {
            width,
            windows: Vec::new(),
            bounds: vec![0],
            order,
            untimed,
        };
        let (Some(&first), Some(&last)) = (timeline.order.first(), timeline.order.last()) else {
            return Ok(timeline);
        };
        let (first, last) = (events.time[first as usize], events.time[last as usize]);
        let mut start = width.start_of(first).unwrap_or(first);
        let mut cursor = 0;
        while start <= last {
            let end = width.next(start).unwrap_or(Timestamp::MAX);
            if timeline.windows.len() == MAX_WINDOWS {
                let windows = MAX_WINDOWS + count_windows(width, start, last);
                return Err(TimelineError::TooManyWindows { windows, width });
            }
            let begin = cursor;
            while cursor < timeline.order.len() && events.time[timeline.order[cursor] as usize] < end {
                cursor += 1;
            }
            timeline.bounds.push(cursor);
            timeline.windows.push(Window {
                start,
                end,
                label: width.label(start),
                interactions: cursor - begin,
                status: WindowStatus::of(cursor - begin),
            });
            start = end;
        }
        Ok(timeline)
    }

    pub fn width(&self) -> WindowWidth {
        self.width
    }

    pub fn windows(&self) -> &[Window] {
        &self.windows
    }

    /// Interactions without a timestamp, in no window.
    pub fn untimed(&self) -> usize {
        self.untimed
    }

    /// Fails unless `window` is one of [`Timeline::windows`].
    pub fn check(&self, window: usize) -> Result<(), TimelineError> {
        if window < self.windows.len() {
            Ok(())
        } else {
            Err(TimelineError::BadWindow {
                window,
                windows: self.windows.len(),
            })
        }
    }

    /// The window's sub-network, with the analysis's kind weights.
    pub fn graph(&self, analysis: &Analysis, window: usize) -> Csr {
        Csr::from_edges(analysis.network().account_count(), self.edges(analysis, window))
    }

    /// The window's interactions as weighted edges (actor, target, kind weight × weight),
    /// in time order, those weighing nothing left out: what its sub-network is built from,
    /// here or on a copy ([`WindowEdges`]).
    fn edges<'a>(
        &'a self,
        analysis: &'a Analysis,
        window: usize,
    ) -> impl Iterator<Item = (AccountIdx, AccountIdx, f64)> + Clone + 'a {
        let events = &analysis.network().interactions;
        let kind_weights = analysis.kind_weights();
        let inside = &self.order[self.bounds[window]..self.bounds[window + 1]];
        inside.iter().filter_map(move |&i| {
            let i = i as usize;
            let weight = kind_weights.get(events.kind[i]) * events.weight[i];
            (weight != 0.0).then_some((events.actor[i], events.target[i], weight))
        })
    }

    /// `metric` for every account on window `window`'s sub-network.
    pub fn scores(
        &self,
        analysis: &Analysis,
        window: usize,
        metric: WindowMetric,
        progress: &mut dyn Progress,
    ) -> Result<Vec<f64>, TimelineError> {
        self.check(window)?;
        let graph = self.graph(analysis, window);
        let n = graph.node_count();
        Ok(match metric {
            WindowMetric::PageRank => {
                pagerank_with(&graph, analysis.network(), analysis.params("pagerank"), progress)?.scores
            }
            WindowMetric::InDegree => (0..n).map(|v| graph.inc.degree(v) as f64).collect(),
            // fold from +0: an empty `sum()` of floats is -0.
            WindowMetric::InStrength => (0..n)
                .map(|v| graph.inc.weights(v).iter().fold(0.0, |a, w| a + w))
                .collect(),
        })
    }

    /// Calls `visit(window, scores)` for every window in order; an empty window has no
    /// scores (`None`): it ranks nobody. The windows are computed on the analysis's
    /// threads ([`split::in_block_order`]), each alone, and visited in order: the same
    /// result whatever the thread count. Scores kept from elsewhere are visited as given.
    fn each_window(
        &self,
        analysis: &Analysis,
        scoring: Scoring,
        progress: &mut dyn Progress,
        mut visit: impl FnMut(usize, Option<&[f64]>),
    ) -> Result<(), TimelineError> {
        let metric = match scoring {
            Scoring::Compute(metric) => metric,
            Scoring::Kept(kept) => {
                kept.windows()
                    .iter()
                    .enumerate()
                    .for_each(|(w, s)| visit(w, s.as_deref()));
                progress.report("Windows", 1.0);
                return Ok(());
            }
        };
        let one_window = |window: usize, tick: &mut Tick| -> Result<WindowScores, Cancelled> {
            let scores = if self.windows[window].status == WindowStatus::Empty {
                Ok(None)
            } else {
                match self.scores(analysis, window, metric, &mut TickProgress(tick)) {
                    Err(TimelineError::Cancelled) => return Err(Cancelled),
                    computed => computed.map(Some),
                }
            };
            tick(1)?;
            Ok(scores)
        };
        let mut failed = None;
        let count = self.windows.len();
        split::in_block_order(
            count,
            analysis.threads(),
            count,
            "Windows",
            progress,
            &one_window,
            &mut |window, scores| match scores {
                Ok(scores) => visit(window, scores.as_deref()),
                Err(error) => {
                    failed.get_or_insert(error);
                }
            },
        )?;
        failed.map_or(Ok(()), Err)
    }

    /// Scores and ranks of `accounts` in every window (rank 0 and score NaN in empty ones).
    pub fn trajectories<'k>(
        &self,
        analysis: &Analysis,
        scoring: impl Into<Scoring<'k>>,
        accounts: &[AccountIdx],
        progress: &mut dyn Progress,
    ) -> Result<Vec<Trajectory>, TimelineError> {
        let scoring = self.checked(scoring.into())?;
        let network = analysis.network();
        let mut trajectories: Vec<Trajectory> = accounts
            .iter()
            .map(|&account| Trajectory {
                index: account,
                name: network.accounts[account as usize].display_label().to_owned(),
                scores: Vec::with_capacity(self.windows.len()),
                ranks: Vec::with_capacity(self.windows.len()),
            })
            .collect();
        self.each_window(analysis, scoring, progress, |_, scores| {
            let Some(scores) = scores else {
                trajectories.iter_mut().for_each(Trajectory::skip);
                return;
            };
            let ranks = competition_ranks(scores);
            for trajectory in &mut trajectories {
                trajectory.scores.push(scores[trajectory.index as usize]);
                trajectory.ranks.push(ranks[trajectory.index as usize]);
            }
        })?;
        Ok(trajectories)
    }

    /// Every group's summed score and its rank among the groups, in every window (rank 0
    /// and score NaN in empty ones).
    pub fn group_trajectories<'k>(
        &self,
        analysis: &Analysis,
        scoring: impl Into<Scoring<'k>>,
        grouping: &Grouping,
        progress: &mut dyn Progress,
    ) -> Result<Vec<Trajectory>, TimelineError> {
        let scoring = self.checked(scoring.into())?;
        let mut trajectories: Vec<Trajectory> = grouping
            .names
            .iter()
            .enumerate()
            .map(|(group, name)| Trajectory {
                index: group as u32,
                name: name.clone(),
                scores: Vec::with_capacity(self.windows.len()),
                ranks: Vec::with_capacity(self.windows.len()),
            })
            .collect();
        let mut sums = vec![0.0; grouping.len()];
        self.each_window(analysis, scoring, progress, |_, scores| {
            let Some(scores) = scores else {
                trajectories.iter_mut().for_each(Trajectory::skip);
                return;
            };
            sums.iter_mut().for_each(|s| *s = 0.0);
            for (&group, &score) in grouping.of_account.iter().zip(scores) {
                sums[group as usize] += score;
            }
            let ranks = competition_ranks(&sums);
            for (trajectory, (&sum, &rank)) in trajectories.iter_mut().zip(sums.iter().zip(&ranks)) {
                trajectory.scores.push(sum);
                trajectory.ranks.push(rank);
            }
        })?;
        Ok(trajectories)
    }

    /// The two windows risers and fallers compare first: the two largest adjacent
    /// windows, both ranked (the pair whose smaller window is largest, then the larger
    /// sum, then the later pair). Without such a pair (gaps, thin windows), the two
    /// largest ranked windows, then the two largest windows with any interactions; in
    /// time order. None with fewer than two windows that have interactions.
    pub fn default_comparison(&self) -> Option<(usize, usize)> {
        let size = |w: usize| self.windows[w].interactions;
        let ranked = |w: usize| self.windows[w].status == WindowStatus::Ranked;
        let adjacent = (1..self.windows.len())
            .filter(|&w| ranked(w - 1) && ranked(w))
            .max_by_key(|&w| (size(w - 1).min(size(w)), size(w - 1) + size(w), w));
        if let Some(to) = adjacent {
            return Some((to - 1, to));
        }
        let two_largest = |keep: &dyn Fn(usize) -> bool| {
            let mut chosen: Vec<usize> = (0..self.windows.len()).filter(|&w| keep(w)).collect();
            // Largest first, the later window first among equals.
            chosen.sort_by_key(|&w| (std::cmp::Reverse(size(w)), std::cmp::Reverse(w)));
            chosen.truncate(2);
            chosen.sort_unstable();
            (chosen.len() == 2).then(|| (chosen[0], chosen[1]))
        };
        two_largest(&ranked).or_else(|| two_largest(&|w| size(w) > 0))
    }

    /// The `top` biggest risers and fallers in rank from window `from` to window `to`.
    pub fn movers<'k>(
        &self,
        analysis: &Analysis,
        scoring: impl Into<Scoring<'k>>,
        from: usize,
        to: usize,
        top: usize,
        progress: &mut dyn Progress,
    ) -> Result<Movers, TimelineError> {
        let scoring = self.checked(scoring.into())?;
        for window in [from, to] {
            self.check(window)?;
            if self.windows[window].status == WindowStatus::Empty {
                let label = self.windows[window].label.clone();
                return Err(TimelineError::EmptyWindow { label });
            }
        }
        // Kept scores are read where they are; an empty window has none, but it was refused above.
        let mut scored = |window: usize, start: f64| -> Result<Cow<[f64]>, TimelineError> {
            match scoring {
                Scoring::Compute(metric) => {
                    let mut part = Within::new(progress, "Movers", start, 0.5);
                    Ok(Cow::Owned(self.scores(analysis, window, metric, &mut part)?))
                }
                Scoring::Kept(kept) => Ok(Cow::Borrowed(
                    kept.windows()[window].as_deref().unwrap_or_default(),
                )),
            }
        };
        let before = scored(from, 0.0)?;
        let after = scored(to, 0.5)?;
        let (ranks_before, ranks_after) = (competition_ranks(&before), competition_ranks(&after));
        let mut active = vec![false; before.len()];
        let events = &analysis.network().interactions;
        for window in [from, to] {
            for &i in &self.order[self.bounds[window]..self.bounds[window + 1]] {
                active[events.actor[i as usize] as usize] = true;
                active[events.target[i as usize] as usize] = true;
            }
        }
        let network = analysis.network();
        let moves: Vec<Move> = (0..before.len())
            .filter(|&v| active[v] && ranks_before[v] != ranks_after[v])
            .map(|v| Move {
                index: v as AccountIdx,
                id: network.accounts[v].id.clone(),
                label: network.accounts[v].display_label().to_owned(),
                rank_from: ranks_before[v],
                rank_to: ranks_after[v],
                change: i64::from(ranks_before[v]) - i64::from(ranks_after[v]),
                score_from: before[v],
                score_to: after[v],
            })
            .collect();
        let (mut risers, mut fallers): (Vec<Move>, Vec<Move>) = moves.into_iter().partition(|m| m.change > 0);
        risers.sort_by_key(|m| (-m.change, m.rank_to, m.index));
        fallers.sort_by_key(|m| (m.change, m.rank_from, m.index));
        risers.truncate(top);
        fallers.truncate(top);
        Ok(Movers {
            from,
            to,
            risers,
            fallers,
        })
    }
}

/// Windows from the one starting at `start` to the one holding `last` (for the error message).
/// A window's scores, none when it is empty, or why they could not be computed.
type WindowScores = Result<Option<Vec<f64>>, TimelineError>;

fn count_windows(width: WindowWidth, start: Timestamp, last: Timestamp) -> usize {
    let days = (last - start).max(0) / DAY + 1;
    match width {
        WindowWidth::Day => days as usize,
        WindowWidth::Week => (days / 7 + 1) as usize,
        WindowWidth::Month => (days / 28 + 1) as usize,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Interaction, Kind, NetworkBuilder, Platform};
    use crate::progress::Silent;

    const MONDAY: i64 = 1_614_556_800; // 2021-03-01T00:00:00Z

    #[test]
    fn window_starts_are_utc_days_monday_weeks_and_calendar_months() {
        let sunday_night = MONDAY + 6 * DAY + 23 * 3600;
        assert_eq!(WindowWidth::Day.start_of(sunday_night), Some(MONDAY + 6 * DAY));
        assert_eq!(WindowWidth::Week.start_of(sunday_night), Some(MONDAY));
        assert_eq!(
            WindowWidth::Week.start_of(MONDAY + 7 * DAY),
            Some(MONDAY + 7 * DAY)
        );
        assert_eq!(WindowWidth::Week.start_of(0), Some(-3 * DAY)); // Monday 1969-12-29
        assert_eq!(WindowWidth::Month.start_of(MONDAY - 1), Some(1_612_137_600)); // 2021-02-01
        assert_eq!(WindowWidth::Month.next(1_638_316_800), Some(1_640_995_200)); // Dec → Jan
        assert_eq!(WindowWidth::Week.label(MONDAY), "2021-03-01");
        assert_eq!(WindowWidth::Month.label(MONDAY), "2021-03");
    }

    /// Week 1: b and c repost a; week 2 is empty; week 3: a and b mention c twice; one untimed.
    fn analysis() -> Analysis {
        let mut builder = NetworkBuilder::new();
        let [a, b, c, d] = ["a", "b", "c", "d"].map(|id| builder.account(Platform::Generic, id));
        let at = |actor, target, kind, time| Interaction {
            time,
            ..Interaction::new(actor, target, kind)
        };
        builder.interact(at(b, a, Kind::Repost, Some(MONDAY + 3600)));
        builder.interact(at(c, a, Kind::Repost, Some(MONDAY + 6 * DAY)));
        builder.interact(at(a, c, Kind::Mention, Some(MONDAY + 14 * DAY)));
        builder.interact(at(b, c, Kind::Mention, Some(MONDAY + 20 * DAY)));
        builder.interact(at(d, c, Kind::Mention, None));
        Analysis::new(builder.finish())
    }

    #[test]
    fn windows_are_contiguous_and_count_their_interactions() {
        let analysis = analysis();
        let timeline = Timeline::new(analysis.network(), WindowWidth::Week).unwrap();
        let counts: Vec<usize> = timeline.windows().iter().map(|w| w.interactions).collect();
        assert_eq!(counts, vec![2, 0, 2]);
        assert_eq!(timeline.windows()[2].start, MONDAY + 14 * DAY);
        assert_eq!(timeline.untimed(), 1);
        let scores = timeline
            .scores(&analysis, 0, WindowMetric::InDegree, &mut Silent)
            .unwrap();
        assert_eq!(scores, vec![2.0, 0.0, 0.0, 0.0]);
        let empty = timeline
            .scores(&analysis, 1, WindowMetric::PageRank, &mut Silent)
            .unwrap();
        assert_eq!(empty, vec![0.25; 4]);
    }

    #[test]
    fn trajectories_and_movers() {
        let analysis = analysis();
        let timeline = Timeline::new(analysis.network(), WindowWidth::Week).unwrap();
        let paths = timeline
            .trajectories(&analysis, WindowMetric::InDegree, &[0, 2], &mut Silent)
            .unwrap();
        // Week 2 is empty: no rank, no score (a gap in the line), not a tie at the top.
        assert_eq!(paths[0].scores[0], 2.0);
        assert!(paths[0].scores[1].is_nan());
        assert_eq!(paths[0].scores[2], 0.0);
        assert_eq!(paths[0].ranks, vec![1, 0, 2]);
        assert_eq!(paths[1].ranks, vec![2, 0, 1]);

        let movers = timeline
            .movers(&analysis, WindowMetric::InDegree, 0, 2, 5, &mut Silent)
            .unwrap();
        let risers: Vec<(&str, i64)> = movers.risers.iter().map(|m| (m.id.as_str(), m.change)).collect();
        let fallers: Vec<(&str, i64)> = movers.fallers.iter().map(|m| (m.id.as_str(), m.change)).collect();
        // c: 2nd → 1st; a: 1st → 2nd; b is active but stays 2nd; d is not active.
        assert_eq!(risers, vec![("c", 1)]);
        assert_eq!(fallers, vec![("a", -1)]);
        assert_eq!(
            timeline.movers(&analysis, WindowMetric::InDegree, 0, 3, 5, &mut Silent),
            Err(TimelineError::BadWindow {
                window: 3,
                windows: 3
            })
        );
        let empty = timeline
            .movers(&analysis, WindowMetric::InDegree, 0, 1, 5, &mut Silent)
            .unwrap_err();
        assert_eq!(
            empty,
            TimelineError::EmptyWindow {
                label: "2021-03-08".to_owned()
            }
        );
        assert!(empty.to_string().contains("has no interactions"), "{empty}");
    }

    #[test]
    fn windows_computed_on_threads_give_the_same_trajectories() {
        let mut analysis = analysis();
        let timeline = Timeline::new(analysis.network(), WindowWidth::Week).unwrap();
        let serial = timeline
            .trajectories(&analysis, WindowMetric::PageRank, &[0, 1, 2, 3], &mut Silent)
            .unwrap();
        for threads in [2, 3, 8] {
            analysis.set_threads(threads);
            let threaded = timeline
                .trajectories(&analysis, WindowMetric::PageRank, &[0, 1, 2, 3], &mut Silent)
                .unwrap();
            let bits = |paths: &[Trajectory]| -> Vec<(Vec<u64>, Vec<u32>)> {
                paths
                    .iter()
                    .map(|p| (p.scores.iter().map(|s| s.to_bits()).collect(), p.ranks.clone()))
                    .collect()
            };
            assert_eq!(bits(&threaded), bits(&serial), "{threads} threads");
        }
    }

    #[test]
    fn windows_say_whether_they_can_be_ranked() {
        let analysis = analysis();
        let timeline = Timeline::new(analysis.network(), WindowWidth::Week).unwrap();
        let statuses: Vec<WindowStatus> = timeline.windows().iter().map(|w| w.status).collect();
        assert_eq!(
            statuses,
            vec![WindowStatus::Thin, WindowStatus::Empty, WindowStatus::Thin]
        );
        assert_eq!(WindowStatus::of(MIN_RANKED_INTERACTIONS - 1), WindowStatus::Thin);
        assert_eq!(WindowStatus::of(MIN_RANKED_INTERACTIONS), WindowStatus::Ranked);
        assert_eq!(timeline.windows()[0].describe(), "2021-03-01 (2 interactions)");
        let one = Window {
            interactions: 1,
            ..timeline.windows()[0].clone()
        };
        assert_eq!(one.describe(), "2021-03-01 (1 interaction)");
    }

    /// Monthly windows of the given sizes from January 2021 (b reposts a each time).
    fn timeline_of(sizes: &[usize]) -> Timeline {
        let mut builder = NetworkBuilder::new();
        let [a, b] = ["a", "b"].map(|id| builder.account(Platform::Generic, id));
        let mut start = 1_609_459_200; // 2021-01-01
        for &size in sizes {
            for k in 0..size {
                builder.interact(Interaction {
                    time: Some(start + k as i64 * 60),
                    ..Interaction::new(b, a, Kind::Repost)
                });
            }
            start = WindowWidth::Month.next(start).unwrap();
        }
        Timeline::new(&builder.finish(), WindowWidth::Month).unwrap()
    }

    #[test]
    fn the_default_comparison_is_between_the_two_largest_adjacent_windows() {
        // Not the last two (1 and 9 interactions): the adjacent pair whose smaller is largest.
        assert_eq!(
            timeline_of(&[30, 40, 12, 50, 1, 9]).default_comparison(),
            Some((0, 1))
        );
        // Equal pairs: the later one.
        assert_eq!(timeline_of(&[20, 20, 20]).default_comparison(), Some((1, 2)));
        // A thin window between two ranked ones: the two ranked, across it.
        assert_eq!(timeline_of(&[15, 3, 12]).default_comparison(), Some((0, 2)));
        // A gap month between them: the same.
        assert_eq!(timeline_of(&[15, 0, 12, 2]).default_comparison(), Some((0, 2)));
        // Only thin windows: the two largest of them, flagged by their status.
        assert_eq!(timeline_of(&[2, 0, 5, 3]).default_comparison(), Some((2, 3)));
        // One window with interactions: nothing to compare.
        assert_eq!(timeline_of(&[12]).default_comparison(), None);
    }

    #[test]
    fn groups_sum_their_members() {
        let analysis = analysis();
        let timeline = Timeline::new(analysis.network(), WindowWidth::Month).unwrap();
        assert_eq!(timeline.windows().len(), 1);
        let grouping = Grouping::by_values("g", &[1.0, 1.0, 2.0, 2.0]);
        let paths = timeline
            .group_trajectories(&analysis, WindowMetric::InStrength, &grouping, &mut Silent)
            .unwrap();
        assert_eq!(paths[0].scores, vec![2.0]);
        assert_eq!(paths[1].scores, vec![2.0]);
        assert_eq!(paths[0].ranks, vec![1]);
        assert_eq!(paths[1].ranks, vec![1]);
    }

    #[test]
    fn too_many_windows_are_refused_with_a_hint() {
        let mut builder = NetworkBuilder::new();
        let [a, b] = ["a", "b"].map(|id| builder.account(Platform::Generic, id));
        for time in [0, 40 * 365 * DAY] {
            builder.interact(Interaction {
                time: Some(time),
                ..Interaction::new(a, b, Kind::Link)
            });
        }
        let network = builder.finish();
        let error = Timeline::new(&network, WindowWidth::Day).unwrap_err();
        assert!(error.to_string().contains("choose a longer window"), "{error}");
        assert_eq!(
            Timeline::new(&network, WindowWidth::Month)
                .unwrap()
                .windows()
                .len(),
            480
        );
    }
}
