//! A timeline's windows scored elsewhere: the page's helper workers compute whole
//! windows' PageRank, each on its copy of every window's edges ([`WindowEdges`]), and the
//! owner keeps the scores of all windows ([`KeptWindows`]) for the trajectories and the
//! movers. The bits are those computed in place ([`Timeline::scores`]): a copy builds a
//! window's sub-network from the same edges in the same order, and runs the same
//! PageRank ([`Seeded::compute`]) with the same settings, the seeds read by the owner.
//!
//! Only PageRank is sent out: a window's in-degree or in-strength costs one pass over
//! its edges, less than the copy. Memory: a copy takes 16 bytes per timed interaction;
//! the kept scores 8 bytes per account and window, which is why the owner keeps them
//! only under a bound ([`KeptWindows::bytes`]).

use super::{Timeline, TimelineError, WindowMetric, WindowStatus};
use crate::analysis::Analysis;
use crate::csr::Csr;
use crate::metrics::pagerank::Seeded;
use crate::network::AccountIdx;
use crate::progress::{Progress, Within};

/// Where the windows' scores come from.
#[derive(Clone, Copy)]
pub enum Scoring<'a> {
    /// Computed here, on the analysis's threads.
    Compute(WindowMetric),
    /// Computed elsewhere and kept.
    Kept(&'a KeptWindows),
}

impl From<WindowMetric> for Scoring<'_> {
    fn from(metric: WindowMetric) -> Self {
        Scoring::Compute(metric)
    }
}

impl Timeline {
    /// Refuses kept scores of another timeline.
    pub(super) fn checked<'k>(&self, scoring: Scoring<'k>) -> Result<Scoring<'k>, TimelineError> {
        if let Scoring::Kept(kept) = scoring {
            if kept.scores.len() != self.windows.len() {
                return Err(TimelineError::BadParts(format!(
                    "{} windows kept, {} in the timeline",
                    kept.scores.len(),
                    self.windows.len()
                )));
            }
        }
        Ok(scoring)
    }

    /// Every window's edges, for a copy that scores windows elsewhere.
    pub fn window_edges(&self, analysis: &Analysis) -> WindowEdges {
        let mut copy = WindowEdges {
            node_count: analysis.network().account_count(),
            offsets: vec![0],
            ..WindowEdges::default()
        };
        for (window, about) in self.windows.iter().enumerate() {
            for (actor, target, weight) in self.edges(analysis, window) {
                copy.actors.push(actor);
                copy.targets.push(target);
                copy.weights.push(weight);
            }
            copy.offsets.push(copy.actors.len() as u32);
            copy.interactions.push(about.interactions as u32);
        }
        copy
    }

    /// Window `window`'s part of a split computed here (the owner computes windows too):
    /// its PageRank, or nothing for an empty window, as a copy gives it.
    pub fn run_window(
        &self,
        analysis: &Analysis,
        window: usize,
        progress: &mut dyn Progress,
    ) -> Result<Vec<f64>, TimelineError> {
        self.check(window)?;
        let sizes = self.windows.iter().map(|w| w.interactions);
        window_part(sizes, window, progress, |part| {
            self.scores(analysis, window, WindowMetric::PageRank, part)
        })
    }

    /// Keeps the PageRank of every window, computed elsewhere, in window order: an empty
    /// window's part is empty, every other has a score per account.
    pub fn keep(&self, analysis: &Analysis, parts: Vec<Vec<f64>>) -> Result<KeptWindows, TimelineError> {
        let accounts = analysis.network().account_count();
        if parts.len() != self.windows.len() {
            return Err(TimelineError::BadParts(format!(
                "{} parts for {} windows",
                parts.len(),
                self.windows.len()
            )));
        }
        let scores = parts
            .into_iter()
            .zip(&self.windows)
            .enumerate()
            .map(|(w, (part, about))| {
                let empty = about.status == WindowStatus::Empty;
                let expected = if empty { 0 } else { accounts };
                if part.len() != expected {
                    return Err(TimelineError::BadParts(format!(
                        "window {w} ({}) has {} scores, not {expected}",
                        about.label,
                        part.len()
                    )));
                }
                Ok((!empty).then_some(part))
            })
            .collect::<Result<_, _>>()?;
        Ok(KeptWindows { scores })
    }
}

/// Every window's PageRank, computed elsewhere (see the module documentation).
#[derive(Clone, Debug)]
pub struct KeptWindows {
    scores: Vec<Option<Vec<f64>>>,
}

impl KeptWindows {
    /// A window's scores, none for an empty one.
    pub fn windows(&self) -> &[Option<Vec<f64>>] {
        &self.scores
    }

    /// What keeping the scores of `windows` windows of `accounts` accounts takes.
    pub fn bytes(windows: usize, accounts: usize) -> u64 {
        8 * windows as u64 * accounts as u64
    }
}

/// Every window's edges as flat arrays: window `w`'s are `offsets[w]..offsets[w + 1]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WindowEdges {
    pub node_count: usize,
    pub offsets: Vec<u32>,
    pub actors: Vec<AccountIdx>,
    pub targets: Vec<AccountIdx>,
    pub weights: Vec<f64>,
    /// Each window's interactions (edges weighing nothing included): none, and the
    /// window is not scored.
    pub interactions: Vec<u32>,
}

impl WindowEdges {
    /// A copy from its arrays, checked: a bad copy is refused, not computed on.
    pub fn new(
        node_count: usize,
        offsets: Vec<u32>,
        actors: Vec<AccountIdx>,
        targets: Vec<AccountIdx>,
        weights: Vec<f64>,
        interactions: Vec<u32>,
    ) -> Result<WindowEdges, String> {
        let edges = actors.len();
        if targets.len() != edges || weights.len() != edges {
            return Err(format!(
                "{edges} actors, {} targets and {} weights",
                targets.len(),
                weights.len()
            ));
        }
        if offsets.first() != Some(&0)
            || offsets.last().map(|&o| o as usize) != Some(edges)
            || offsets.windows(2).any(|pair| pair[0] > pair[1])
        {
            return Err("the window offsets do not run from 0 to the edge count".into());
        }
        if interactions.len() + 1 != offsets.len() {
            return Err(format!(
                "{} interaction counts for {} windows",
                interactions.len(),
                offsets.len() - 1
            ));
        }
        if actors.iter().chain(&targets).any(|&a| a as usize >= node_count) {
            return Err(format!("an edge names an account past the {node_count} accounts"));
        }
        Ok(WindowEdges {
            node_count,
            offsets,
            actors,
            targets,
            weights,
            interactions,
        })
    }

    pub fn window_count(&self) -> usize {
        self.interactions.len()
    }

    /// Window `window`'s sub-network: what [`Timeline::graph`] builds.
    pub fn graph(&self, window: usize) -> Csr {
        let range = self.offsets[window] as usize..self.offsets[window + 1] as usize;
        let edges = self.actors[range.clone()]
            .iter()
            .zip(&self.targets[range.clone()])
            .zip(&self.weights[range])
            .map(|((&actor, &target), &weight)| (actor, target, weight));
        Csr::from_edges(self.node_count, edges)
    }

    /// Window `window`'s PageRank (empty for an empty window). Progress is reported as
    /// the window's share of every window's edges, done: what a pool adds up.
    pub fn pagerank(
        &self,
        window: usize,
        pagerank: &Seeded,
        progress: &mut dyn Progress,
    ) -> Result<Vec<f64>, TimelineError> {
        if window >= self.window_count() {
            return Err(TimelineError::BadWindow {
                window,
                windows: self.window_count(),
            });
        }
        let sizes = self.interactions.iter().map(|&count| count as usize);
        window_part(sizes, window, progress, |part| {
            Ok(pagerank.compute(&self.graph(window), part)?.scores)
        })
    }
}

/// Window `window`'s part of a split, as the owner and a copy both give it: nothing for
/// an empty window, else what `score` computes; progress reported as the window's share
/// of the split's work (its interactions, at least one, among every window's), which is
/// what a pool adds up. `sizes`: every window's interactions.
fn window_part(
    sizes: impl Iterator<Item = usize>,
    window: usize,
    progress: &mut dyn Progress,
    score: impl FnOnce(&mut dyn Progress) -> Result<Vec<f64>, TimelineError>,
) -> Result<Vec<f64>, TimelineError> {
    let (mut own, mut total) = (0, 0.0);
    for (w, size) in sizes.enumerate() {
        if w == window {
            own = size;
        }
        total += size.max(1) as f64;
    }
    let mut part = Within::new(progress, "Windows", 0.0, own.max(1) as f64 / total);
    let scores = if own == 0 { Vec::new() } else { score(&mut part)? };
    part.report("Windows", 1.0);
    Ok(scores)
}

#[cfg(test)]
mod tests {
    use super::super::{Trajectory, WindowWidth, DAY};
    use super::*;
    use crate::csr::KindWeights;
    use crate::groups::Grouping;
    use crate::network::{Interaction, Kind, NetworkBuilder, Platform};
    use crate::progress::Silent;

    const MONDAY: i64 = 1_614_556_800; // 2021-03-01T00:00:00Z

    /// 40 accounts over six weeks, week 3 empty, one untimed interaction; mentions weigh
    /// nothing, so some timed interactions are no edge.
    fn analysis() -> Analysis {
        let mut builder = NetworkBuilder::new();
        let accounts: Vec<_> = (0..40)
            .map(|i| builder.account(Platform::Generic, &format!("u{i}")))
            .collect();
        let mut state = 11u64;
        let mut next = |below: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % below
        };
        let kinds = [Kind::Repost, Kind::Reply, Kind::Mention, Kind::Quote];
        for i in 0..600 {
            let week = [0, 1, 3, 4, 5][i % 5];
            let time = MONDAY + week * 7 * DAY + next(7 * DAY as u64) as i64;
            let (actor, target) = (
                accounts[next(40) as usize],
                accounts[(next(40) * next(40) / 40) as usize],
            );
            if actor != target {
                builder.interact(Interaction {
                    time: Some(time),
                    ..Interaction::new(actor, target, kinds[i % 4])
                });
            }
        }
        builder.interact(Interaction::new(accounts[0], accounts[1], Kind::Repost));
        let mut weights = KindWeights::default();
        weights.set(Kind::Mention, 0.0);
        weights.set(Kind::Quote, 0.5);
        Analysis::with_kind_weights(builder.finish(), weights)
    }

    fn bits(values: &[f64]) -> Vec<u64> {
        values.iter().map(|v| v.to_bits()).collect()
    }

    fn trajectory_bits(paths: &[Trajectory]) -> Vec<(Vec<u64>, Vec<u32>)> {
        paths.iter().map(|p| (bits(&p.scores), p.ranks.clone())).collect()
    }

    /// Every window's part, from the copy, in `order`, as helpers would return them.
    fn parts_from_copy(timeline: &Timeline, analysis: &Analysis, order: &[usize]) -> Vec<Vec<f64>> {
        let copy = timeline.window_edges(analysis);
        let copy = WindowEdges::new(
            copy.node_count,
            copy.offsets,
            copy.actors,
            copy.targets,
            copy.weights,
            copy.interactions,
        )
        .unwrap();
        let pagerank = Seeded::read(analysis.params("pagerank"), analysis.network()).unwrap();
        let mut parts = vec![Vec::new(); copy.window_count()];
        for &window in order {
            parts[window] = copy.pagerank(window, &pagerank, &mut Silent).unwrap();
        }
        parts
    }

    #[test]
    fn a_copy_scores_each_window_with_the_bits_computed_in_place() {
        let analysis = analysis();
        let timeline = Timeline::new(analysis.network(), WindowWidth::Week).unwrap();
        assert_eq!(timeline.windows().len(), 6);
        assert_eq!(timeline.windows()[2].status, WindowStatus::Empty);
        let copy = timeline.window_edges(&analysis);
        assert!(
            copy.actors.len() < timeline.windows().iter().map(|w| w.interactions).sum(),
            "mentions are no edge"
        );
        let parts = parts_from_copy(&timeline, &analysis, &[5, 2, 0, 3, 1, 4]);
        for (window, part) in parts.iter().enumerate() {
            assert_eq!(
                copy.graph(window),
                timeline.graph(&analysis, window),
                "window {window}"
            );
            let here = timeline.run_window(&analysis, window, &mut Silent).unwrap();
            assert_eq!(bits(part), bits(&here), "window {window}");
            if window == 2 {
                assert!(part.is_empty(), "an empty window has no part");
            } else {
                let in_place = timeline
                    .scores(&analysis, window, WindowMetric::PageRank, &mut Silent)
                    .unwrap();
                assert_eq!(bits(part), bits(&in_place), "window {window}");
                assert_eq!(part.len(), 40);
            }
        }
    }

    #[test]
    fn kept_windows_give_the_trajectories_movers_and_groups_computed_in_place() {
        let analysis = analysis();
        let timeline = Timeline::new(analysis.network(), WindowWidth::Week).unwrap();
        let kept = timeline
            .keep(
                &analysis,
                parts_from_copy(&timeline, &analysis, &[3, 1, 4, 0, 5, 2]),
            )
            .unwrap();
        let accounts: Vec<AccountIdx> = (0..40).collect();
        let computed = timeline
            .trajectories(&analysis, WindowMetric::PageRank, &accounts, &mut Silent)
            .unwrap();
        let from_kept = timeline
            .trajectories(&analysis, Scoring::Kept(&kept), &accounts, &mut Silent)
            .unwrap();
        assert_eq!(trajectory_bits(&from_kept), trajectory_bits(&computed));
        assert_eq!(computed[0].ranks[2], 0, "the empty week is a gap");

        let grouping = Grouping {
            by: "parity".into(),
            names: vec!["even".into(), "odd".into()],
            of_account: (0..40).map(|a| a % 2).collect(),
        };
        let groups = timeline
            .group_trajectories(&analysis, WindowMetric::PageRank, &grouping, &mut Silent)
            .unwrap();
        let groups_kept = timeline
            .group_trajectories(&analysis, Scoring::Kept(&kept), &grouping, &mut Silent)
            .unwrap();
        assert_eq!(trajectory_bits(&groups_kept), trajectory_bits(&groups));

        let movers = timeline
            .movers(&analysis, WindowMetric::PageRank, 0, 4, 5, &mut Silent)
            .unwrap();
        let movers_kept = timeline
            .movers(&analysis, Scoring::Kept(&kept), 0, 4, 5, &mut Silent)
            .unwrap();
        assert_eq!(movers_kept, movers);
        assert!(!movers.risers.is_empty());
    }

    #[test]
    fn parts_and_copies_that_do_not_fit_are_refused() {
        let analysis = analysis();
        let timeline = Timeline::new(analysis.network(), WindowWidth::Week).unwrap();
        let good = parts_from_copy(&timeline, &analysis, &[0, 1, 2, 3, 4, 5]);
        let mut short = good.clone();
        short.pop();
        assert!(matches!(
            timeline.keep(&analysis, short),
            Err(TimelineError::BadParts(_))
        ));
        let mut filled_gap = good.clone();
        filled_gap[2] = vec![0.0; 40];
        let refused = timeline.keep(&analysis, filled_gap).unwrap_err().to_string();
        assert!(
            refused.contains("window 2 (2021-03-15) has 40 scores, not 0"),
            "{refused}"
        );
        let mut cut = good;
        cut[4].pop();
        assert!(timeline.keep(&analysis, cut).is_err());

        let kept_daily = {
            let days = Timeline::new(analysis.network(), WindowWidth::Day).unwrap();
            let parts = days.windows().iter().map(|w| {
                if w.interactions == 0 {
                    vec![]
                } else {
                    vec![0.0; 40]
                }
            });
            days.keep(&analysis, parts.collect()).unwrap()
        };
        let other_timeline = timeline.trajectories(&analysis, Scoring::Kept(&kept_daily), &[0], &mut Silent);
        assert!(matches!(other_timeline, Err(TimelineError::BadParts(_))));

        let copy = timeline.window_edges(&analysis);
        let rebuilt = |f: &dyn Fn(&mut WindowEdges)| {
            let mut c = copy.clone();
            f(&mut c);
            WindowEdges::new(
                c.node_count,
                c.offsets,
                c.actors,
                c.targets,
                c.weights,
                c.interactions,
            )
        };
        assert!(rebuilt(&|_| {}).is_ok());
        assert!(rebuilt(&|c| c.node_count = 10)
            .unwrap_err()
            .contains("past the 10 accounts"));
        assert!(rebuilt(&|c| {
            c.weights.pop();
        })
        .is_err());
        assert!(rebuilt(&|c| c.offsets.swap(1, 2)).is_err());
        assert!(rebuilt(&|c| {
            c.interactions.pop();
        })
        .is_err());
    }
}
