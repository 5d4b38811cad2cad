//! The influence index: one open, explainable number from four pillars.
//!
//! Each pillar is the percentile rank of a raw lens among the accounts:
//! - **reach**: the platform's follower count (`followers`) when the export has follower
//!   counts for at least one account, else follows received in the data (`follows_in`);
//!   with follower counts, accounts without one have no reach value;
//! - **amplification**: reposts + quotes received (`reposts_in + quotes_in`);
//! - **conversation**: replies + mentions received (`replies_in + mentions_in`);
//! - **network**: PageRank on the weighted interaction graph, with the PageRank lens's
//!   parameters in force (damping, seeds), so the pillar and the PageRank column agree.
//!
//! A pillar the data lacks is left out for every account, and the result says so:
//! reach without follower counts and without follows, amplification without reposts or
//! quotes, conversation without replies or mentions, network without any interaction.
//!
//! Index: `100 × Σ w_p × pct_p(v) / Σ w_p`, both sums over the pillars present that have
//! a value for `v`, with user weights `w_p ≥ 0` (default 1 each). The contribution of
//! pillar `p` to `v`'s index is its term `100 × w_p × pct_p(v) / Σ w_p`; contributions sum
//! to the index. NaN when no pillar with positive weight has a value for `v`.
//!
//! Percentile rank ([`percentile_ranks`]): among the `m` accounts with a value,
//! `pct(v) = (r(v) − 1) / (m − 1)`, where `r` is the ascending rank with ties given the
//! average of the ranks they span (`scipy.stats.rankdata(method="average")`). In words:
//! the share of the other accounts that `v` scores above, a tie counting half. The lowest
//! gets 0, the highest 1, all-equal values 0.5 (and 0.5 when `m = 1`). Values are compared
//! after rounding to 10 significant digits, so that the last digits of an iterative score
//! (PageRank converges to about 1e-10) do not order accounts whose scores are equal.
//!
//! Reference: `tests/reference/generate.py` computes the pillars and the index in Python
//! (networkx PageRank, scipy `rankdata`) on the social fixtures.
//! Complexity: O(E) for the counts, PageRank's O(iterations × (V + E)), O(V log V) for
//! the ranks.

use serde::Serialize;

use super::audience::{followers, has_followers};
use super::received::received_by_kind;
use super::{Context, Metric, MetricError, MetricInfo, MetricOutput, ParamInfo, ParamKind, Params, ValueKind};
use crate::network::{Kind, Network};
use crate::progress::Progress;

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pillar {
    Reach,
    Amplification,
    Conversation,
    Network,
}

impl Pillar {
    pub const ALL: [Pillar; 4] = [
        Pillar::Reach,
        Pillar::Amplification,
        Pillar::Conversation,
        Pillar::Network,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Pillar::Reach => "reach",
            Pillar::Amplification => "amplification",
            Pillar::Conversation => "conversation",
            Pillar::Network => "network",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Pillar::Reach => "Reach",
            Pillar::Amplification => "Amplification",
            Pillar::Conversation => "Conversation",
            Pillar::Network => "Network",
        }
    }

    pub fn parse(id: &str) -> Option<Pillar> {
        Pillar::ALL.into_iter().find(|p| p.id() == id)
    }
}

/// How much each pillar counts, indexed like [`Pillar::ALL`]. The default is the
/// catalogue's (1 each).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct IndexWeights(pub [f64; 4]);

impl Default for IndexWeights {
    fn default() -> Self {
        IndexWeights::from_params(&Params::default()).expect("the catalogue's defaults are in range")
    }
}

impl IndexWeights {
    pub fn get(&self, pillar: Pillar) -> f64 {
        self.0[pillar as usize]
    }

    pub fn set(&mut self, pillar: Pillar, weight: f64) {
        self.0[pillar as usize] = weight;
    }

    /// The weights as the index lens's parameters (every pillar named).
    pub fn to_params(&self) -> Params {
        Pillar::ALL.into_iter().fold(Params::default(), |params, pillar| {
            params.with(pillar.id(), self.get(pillar))
        })
    }

    /// The weights given as metric parameters (`reach`, `amplification`, ...), checked.
    pub fn from_params(params: &Params) -> Result<IndexWeights, MetricError> {
        let mut weights = IndexWeights([0.0; 4]);
        for pillar in Pillar::ALL {
            weights.set(pillar, params.number(&METRIC.info, pillar.id())?);
        }
        Ok(weights)
    }
}

/// One pillar over all accounts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PillarScores {
    pub pillar: Pillar,
    pub present: bool,
    /// The lens the raw values come from, or why the pillar is left out.
    pub source: &'static str,
    pub weight: f64,
    /// Raw lens value per account; NaN where unknown (everywhere when absent).
    #[serde(skip)]
    pub raw: Vec<f64>,
    /// Percentile rank in 0..=1 per account; NaN where the raw value is.
    #[serde(skip)]
    pub percentile: Vec<f64>,
    /// Accounts with a raw value.
    pub accounts_with_value: usize,
}

/// The index of every account with its four pillars.
#[derive(Clone, Debug, PartialEq)]
pub struct InfluenceIndex {
    /// 0..=100 per account, NaN where no pillar applies.
    pub values: Vec<f64>,
    /// In the order of [`Pillar::ALL`].
    pub pillars: Vec<PillarScores>,
}

impl InfluenceIndex {
    /// The index from the network's counts and a PageRank vector of the same network.
    /// `has_edges` says whether the graph PageRank ran on has any edge.
    pub fn compute(network: &Network, pagerank: &[f64], has_edges: bool, weights: &IndexWeights) -> Self {
        let n = network.account_count();
        let received = received_by_kind(network);
        let sum = |a: Kind, b: Kind| -> Vec<f64> {
            received[a.index()]
                .iter()
                .zip(&received[b.index()])
                .map(|(x, y)| x + y)
                .collect()
        };
        let any_positive = |values: &[f64]| values.iter().any(|&v| v > 0.0);
        let absent = || vec![f64::NAN; n];

        let reach = if has_followers(network) {
            (followers(network), "followers", true)
        } else if any_positive(&received[Kind::Follow.index()]) {
            (received[Kind::Follow.index()].clone(), "follows_in", true)
        } else {
            (absent(), "no follower counts and no follows in the data", false)
        };
        let amplification = sum(Kind::Repost, Kind::Quote);
        let amplification = if any_positive(&amplification) {
            (amplification, "reposts_in + quotes_in", true)
        } else {
            (absent(), "no reposts or quotes in the data", false)
        };
        let conversation = sum(Kind::Reply, Kind::Mention);
        let conversation = if any_positive(&conversation) {
            (conversation, "replies_in + mentions_in", true)
        } else {
            (absent(), "no replies or mentions in the data", false)
        };
        let network_pillar = if has_edges {
            (pagerank.to_vec(), "pagerank", true)
        } else {
            (absent(), "no interactions in the data", false)
        };

        let pillars: Vec<PillarScores> = Pillar::ALL
            .into_iter()
            .zip([reach, amplification, conversation, network_pillar])
            .map(|(pillar, (raw, source, present))| {
                let percentile = percentile_ranks(&raw);
                PillarScores {
                    pillar,
                    present,
                    source,
                    weight: weights.get(pillar),
                    accounts_with_value: raw.iter().filter(|v| !v.is_nan()).count(),
                    raw,
                    percentile,
                }
            })
            .collect();
        let values = (0..n).map(|v| index_of(&pillars, v)).collect();
        InfluenceIndex { values, pillars }
    }

    /// Pillars left out because the data lacks them.
    pub fn missing(&self) -> Vec<Pillar> {
        self.pillars
            .iter()
            .filter(|p| !p.present)
            .map(|p| p.pillar)
            .collect()
    }

    /// Pillar `pillar`'s points in `account`'s index (None when it has no value there).
    pub fn contribution(&self, pillar: Pillar, account: usize) -> Option<f64> {
        let total = applicable_weight(&self.pillars, account);
        let scores = &self.pillars[pillar as usize];
        let percentile = scores.percentile[account];
        (scores.present && !percentile.is_nan() && total > 0.0)
            .then(|| 100.0 * scores.weight * percentile / total)
    }
}

/// Σ w_p over the pillars present with a value for `account`.
fn applicable_weight(pillars: &[PillarScores], account: usize) -> f64 {
    pillars
        .iter()
        .filter(|p| p.present && !p.percentile[account].is_nan())
        .map(|p| p.weight)
        .sum()
}

fn index_of(pillars: &[PillarScores], account: usize) -> f64 {
    let total = applicable_weight(pillars, account);
    if total <= 0.0 {
        return f64::NAN;
    }
    let weighted: f64 = pillars
        .iter()
        .filter(|p| p.present && !p.percentile[account].is_nan())
        .map(|p| p.weight * p.percentile[account])
        .sum();
    100.0 * weighted / total
}

/// Percentile ranks in 0..=1, ties averaged, NaN kept as NaN (see the module comment).
pub fn percentile_ranks(values: &[f64]) -> Vec<f64> {
    let mut ranks = vec![f64::NAN; values.len()];
    let mut order: Vec<(f64, usize)> = values
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.is_nan())
        .map(|(i, &v)| (significant(v), i))
        .collect();
    let m = order.len();
    if m == 0 {
        return ranks;
    }
    if m == 1 {
        ranks[order[0].1] = 0.5;
        return ranks;
    }
    order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut start = 0;
    for tie in order.chunk_by(|a, b| a.0 == b.0) {
        // Ranks start+1 ..= start+len (1-based), averaged; minus one, over m − 1.
        let average_rank_minus_one = start as f64 + (tie.len() - 1) as f64 / 2.0;
        for &(_, account) in tie {
            ranks[account] = average_rank_minus_one / (m - 1) as f64;
        }
        start += tie.len();
    }
    ranks
}

/// `value` rounded to 10 significant digits (whole numbers as they are).
fn significant(value: f64) -> f64 {
    if value.fract() == 0.0 || !value.is_finite() {
        return value;
    }
    format!("{value:.9e}").parse().unwrap_or(value)
}

const fn weight_param(id: &'static str, name: &'static str, help: &'static str) -> ParamInfo {
    ParamInfo {
        id,
        name,
        help,
        kind: ParamKind::Number {
            default: 1.0,
            min: 0.0,
            max: 100.0,
            integer: false,
        },
    }
}

pub const METRIC: Metric = Metric {
    info: MetricInfo {
        id: "influence_index",
        values: ValueKind::Index,
        name: "Influence index",
        explanation: "An open composite score from 0 to 100. It averages four pillars, each the \
            share of accounts this one outranks: reach (followers, or follows received when \
            the data has no follower counts), amplification (reposts and quotes received), \
            conversation (replies and mentions received) and network (PageRank). You set how \
            much each pillar weighs; a pillar the data lacks is left out, and every point can \
            be traced back with Explain.",
        reference: "Weighted mean of percentile ranks (scipy.stats.rankdata, ties averaged); \
            pillars as e-Diplomacy and Twiplomacy, with published weights",
        complexity: "O(iterations × (V + E) + V log V)",
        params: &[
            weight_param(
                "reach",
                "Reach weight",
                "How much the audience counts (followers, else follows received).",
            ),
            weight_param(
                "amplification",
                "Amplification weight",
                "How much reposts and quotes received count.",
            ),
            weight_param(
                "conversation",
                "Conversation weight",
                "How much replies and mentions received count.",
            ),
            weight_param(
                "network",
                "Network weight",
                "How much the position in the network (PageRank) counts.",
            ),
        ],
    },
    compute,
};

fn compute(
    context: &Context,
    params: &Params,
    progress: &mut dyn Progress,
) -> Result<MetricOutput, MetricError> {
    let weights = IndexWeights::from_params(params)?;
    // The PageRank the caller has set (damping, seeds): the same one its PageRank column shows.
    let ranks = context.columns.column("pagerank", progress)?;
    let index = InfluenceIndex::compute(
        context.network,
        &ranks.values,
        context.graph.edge_count() > 0,
        &weights,
    );
    let mut output = MetricOutput::values(index.values);
    for scores in &index.pillars {
        // The weight in force, 0 for a pillar the data leaves out: what the page's legend shows.
        let weight = if scores.present { scores.weight } else { 0.0 };
        output = output.with_detail(scores.pillar.id(), "Weight in force (0: left out)", weight);
    }
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Interaction, NetworkBuilder, Platform};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn percentile_ranks_average_ties_and_skip_nan() {
        let ranks = percentile_ranks(&[3.0, 1.0, f64::NAN, 3.0, 7.0]);
        // Ascending: 1 (rank 1), 3 and 3 (ranks 2 and 3, average 2.5), 7 (rank 4); m = 4.
        assert_eq!(ranks[1], 0.0);
        assert!(close(ranks[0], 1.5 / 3.0) && close(ranks[3], 1.5 / 3.0));
        assert_eq!(ranks[4], 1.0);
        assert!(ranks[2].is_nan());
        assert_eq!(percentile_ranks(&[2.0, 2.0, 2.0]), vec![0.5; 3]);
        assert_eq!(percentile_ranks(&[9.0, f64::NAN])[0], 0.5);
        assert!(percentile_ranks(&[]).is_empty());
    }

    #[test]
    fn noise_in_the_last_digits_is_a_tie() {
        let ranks = percentile_ranks(&[0.1 + 0.2, 0.3, 0.1]);
        assert_eq!(ranks[0], ranks[1]);
    }

    /// a ← b repost, a ← c reply, b ← c follow; followers unknown; PageRank given.
    fn network() -> Network {
        let mut builder = NetworkBuilder::new();
        let [a, b, c] = ["a", "b", "c"].map(|id| builder.account(Platform::Generic, id));
        builder.interact(Interaction::new(b, a, Kind::Repost));
        builder.interact(Interaction::new(c, a, Kind::Reply));
        builder.interact(Interaction::new(c, b, Kind::Follow));
        builder.finish()
    }

    #[test]
    fn index_by_hand_with_equal_and_custom_weights() {
        let network = network();
        let pagerank = [0.5, 0.3, 0.2];
        let index = InfluenceIndex::compute(&network, &pagerank, true, &IndexWeights::default());
        assert!(index.missing().is_empty());
        assert_eq!(index.pillars[0].source, "follows_in");
        // reach (follows_in 0,1,0): a .25, b 1, c .25; amplification (1,0,0): a 1, b .25, c .25;
        // conversation (1,0,0): the same; network: a 1, b .5, c 0.
        let expected = [
            100.0 * (0.25 + 1.0 + 1.0 + 1.0) / 4.0,
            100.0 * (1.0 + 0.25 + 0.25 + 0.5) / 4.0,
            100.0 * (0.25 + 0.25 + 0.25 + 0.0) / 4.0,
        ];
        for (got, want) in index.values.iter().zip(expected) {
            assert!(close(*got, want), "{got} vs {want}");
        }
        let total: f64 = Pillar::ALL.iter().filter_map(|&p| index.contribution(p, 1)).sum();
        assert!(close(total, index.values[1]));

        let only_network = IndexWeights([0.0, 0.0, 0.0, 2.0]);
        let index = InfluenceIndex::compute(&network, &pagerank, true, &only_network);
        assert_eq!(index.values, vec![100.0, 50.0, 0.0]);
    }

    #[test]
    fn followers_replace_follows_and_unknown_followers_leave_reach_out_for_that_account() {
        let mut network = network();
        network.accounts[0].followers = Some(10);
        network.accounts[2].followers = Some(20);
        let index = InfluenceIndex::compute(&network, &[0.5, 0.3, 0.2], true, &IndexWeights::default());
        let reach = &index.pillars[0];
        assert_eq!((reach.source, reach.accounts_with_value), ("followers", 2));
        assert_eq!(reach.percentile[0], 0.0);
        assert!(reach.percentile[1].is_nan());
        // b: amplification .25, conversation .25, network .5 over three pillars.
        assert!(close(index.values[1], 100.0 * 1.0 / 3.0));
        assert_eq!(index.contribution(Pillar::Reach, 1), None);
    }

    #[test]
    fn pillars_the_data_lacks_are_left_out_and_named() {
        let mut builder = NetworkBuilder::new();
        let [a, b] = ["a", "b"].map(|id| builder.account(Platform::Generic, id));
        builder.interact(Interaction::new(a, b, Kind::Link));
        let network = builder.finish();
        let index = InfluenceIndex::compute(&network, &[0.3, 0.7], true, &IndexWeights::default());
        assert_eq!(
            index.missing(),
            vec![Pillar::Reach, Pillar::Amplification, Pillar::Conversation]
        );
        assert_eq!(index.values, vec![0.0, 100.0]);
        let none = InfluenceIndex::compute(&network, &[0.5, 0.5], false, &IndexWeights::default());
        assert!(none.values.iter().all(|v| v.is_nan()));
    }
}
