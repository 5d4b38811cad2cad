//! Why an account scores as it does: its influence index pillar by pillar, its rank under
//! every lens, and the accounts that pass it the most PageRank with the interactions
//! behind them.
//!
//! PageRank contributions: at PageRank's fixed point,
//! `PR(v) = Σ_u alpha × PR(u) × w(u,v) / out_strength(u) + (the random jump and the share of
//! accounts without out-interactions)`. The contribution of in-neighbour `u` is its term
//! `alpha × PR(u) × w(u,v) / out_strength(u)` (the PageRank in force: its damping and seeds,
//! the current kind weights);
//! `from_jumps` is what remains. The interactions behind a contributor are the events
//! `u → v` counted by kind (event weights, kind weights not applied).
//!
//! Ranks are competition ranks: `1 +` the number of accounts with a strictly greater
//! value; accounts with no value (NaN) are unranked, and so is every account under a lens
//! that gives them all the same value (a "#1 of 413" among 413 zeros would claim an order
//! the lens does not see). Lens columns use the parameters in
//! force and are kept by the [`Analysis`], so explaining a second account costs O(V) per lens.
//!
//! Complexity: the lenses' own costs the first time, then O(V × lenses + E).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::Analysis;
use crate::metrics::influence_index::Pillar;
use crate::metrics::pagerank::Settings;
use crate::metrics::{self, MetricError};
use crate::network::{AccountIdx, Kind, Network};
use crate::progress::{Progress, Within};

/// The catalogue id of the index, ranked under the caller's weights rather than as a lens.
const INDEX_ID: &str = "influence_index";

/// How many in-neighbours an explanation lists unless told otherwise.
pub const DEFAULT_CONTRIBUTORS: usize = 10;

#[derive(Clone, Debug, PartialEq)]
pub struct ExplainOptions {
    /// Lens ids to rank the account under; None for every catalogue metric.
    pub lenses: Option<Vec<String>>,
    /// How many in-neighbours to list.
    pub contributors: usize,
}

impl Default for ExplainOptions {
    fn default() -> Self {
        ExplainOptions {
            lenses: None,
            contributors: DEFAULT_CONTRIBUTORS,
        }
    }
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AccountRef {
    pub index: AccountIdx,
    pub id: String,
    pub label: String,
}

impl AccountRef {
    pub(crate) fn of(network: &Network, index: AccountIdx) -> Self {
        let account = &network.accounts[index as usize];
        AccountRef {
            index,
            id: account.id.clone(),
            label: account.display_label().to_owned(),
        }
    }
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PillarExplanation {
    pub pillar: Pillar,
    pub name: &'static str,
    pub present: bool,
    /// The lens behind the pillar, or why it is left out.
    pub source: &'static str,
    pub weight: f64,
    pub raw: Option<f64>,
    /// 0..1: the share of other accounts it scores above, ties counting half.
    pub percentile: Option<f64>,
    /// Points of the index (0..100) this pillar gives.
    pub contribution: Option<f64>,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LensRank {
    pub id: &'static str,
    pub name: &'static str,
    pub value: Option<f64>,
    pub rank: Option<u32>,
    /// Accounts with a value under this lens.
    pub ranked: usize,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contributor {
    #[serde(flatten)]
    pub account: AccountRef,
    pub pagerank: f64,
    /// Merged weight of its interactions with the account (kind weights applied).
    pub edge_weight: f64,
    pub out_strength: f64,
    /// PageRank it passes to the account.
    pub contribution: f64,
    /// `contribution / PR(account)`.
    pub share: f64,
    /// Its interactions with the account, by kind.
    pub interactions: BTreeMap<Kind, f64>,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    pub account: AccountRef,
    pub influence_index: Option<f64>,
    pub index_rank: Option<u32>,
    pub pillars: Vec<PillarExplanation>,
    /// Pillars left out because the data lacks them.
    pub missing: Vec<Pillar>,
    pub lenses: Vec<LensRank>,
    pub pagerank: f64,
    /// Highest contribution first, ties in account order.
    pub contributors: Vec<Contributor>,
    /// In-neighbours in all (the list may be cut).
    pub in_neighbours: usize,
    /// PageRank not passed by any in-neighbour: the random jump and the dangling share.
    pub from_jumps: f64,
}

/// The first account with this id (ids repeat only across platforms).
pub fn account_by_id(network: &Network, id: &str) -> Option<AccountIdx> {
    network
        .accounts
        .iter()
        .position(|a| a.id == id)
        .map(|i| i as AccountIdx)
}

fn known(value: f64) -> Option<f64> {
    (!value.is_nan()).then_some(value)
}

/// `1 +` the values strictly greater than `values[account]` (None when it has no value or
/// when no account's value differs from it), and how many are not NaN.
fn rank_of(values: &[f64], account: usize) -> (Option<u32>, usize) {
    let value = values[account];
    let ranked = values.iter().filter(|v| !v.is_nan()).count();
    let separates = values.iter().any(|&v| !v.is_nan() && v != value);
    if value.is_nan() || !separates {
        return (None, ranked);
    }
    let above = values.iter().filter(|&&v| v > value).count();
    (Some(above as u32 + 1), ranked)
}

/// Explains `account` (an index into the network's accounts).
pub fn explain(
    analysis: &Analysis,
    account: AccountIdx,
    options: &ExplainOptions,
    progress: &mut dyn Progress,
) -> Result<Explanation, MetricError> {
    let network = analysis.network();
    let v = account as usize;
    assert!(v < network.account_count(), "no account {account}");
    let lens_ids: Vec<&'static str> = match &options.lenses {
        None => metrics::catalogue().iter().map(|m| m.info.id).collect(),
        Some(ids) => ids
            .iter()
            .map(|id| {
                metrics::find(id)
                    .map(|m| m.info.id)
                    .ok_or_else(|| MetricError::UnknownMetric(id.clone()))
            })
            .collect::<Result<_, _>>()?,
    };
    let lens_ids: Vec<&'static str> = lens_ids.into_iter().filter(|&id| id != INDEX_ID).collect();
    let steps = lens_ids.len() as f64 + 1.0;

    let index = analysis.influence_index(&mut Within::new(progress, "Explain", 0.0, 1.0 / steps))?;
    let pillars = index
        .pillars
        .iter()
        .map(|scores| PillarExplanation {
            pillar: scores.pillar,
            name: scores.pillar.name(),
            present: scores.present,
            source: scores.source,
            weight: scores.weight,
            raw: known(scores.raw[v]),
            percentile: known(scores.percentile[v]),
            contribution: index.contribution(scores.pillar, v),
        })
        .collect();

    let mut lenses = Vec::with_capacity(lens_ids.len());
    for (step, id) in lens_ids.into_iter().enumerate() {
        let start = (step as f64 + 1.0) / steps;
        let column = analysis.column(id, &mut Within::new(progress, "Explain", start, 1.0 / steps))?;
        let (rank, ranked) = rank_of(&column.values, v);
        let info = &metrics::find(id).expect("a catalogue id").info;
        lenses.push(LensRank {
            id: info.id,
            name: info.name,
            value: known(column.values[v]),
            rank,
            ranked,
        });
    }

    let pagerank = analysis.column("pagerank", progress)?;
    let alpha = Settings::from_params(analysis.params("pagerank"))?.alpha;
    let (contributors, in_neighbours, passed) =
        contributors(analysis, &pagerank.values, alpha, account, options.contributors);
    Ok(Explanation {
        account: AccountRef::of(network, account),
        influence_index: known(index.values[v]),
        index_rank: rank_of(&index.values, v).0,
        pillars,
        missing: index.missing(),
        lenses,
        pagerank: pagerank.values[v],
        contributors,
        in_neighbours,
        from_jumps: pagerank.values[v] - passed,
    })
}

/// The `top` in-neighbours by PageRank passed, how many there are, and the total passed.
fn contributors(
    analysis: &Analysis,
    pagerank: &[f64],
    alpha: f64,
    account: AccountIdx,
    top: usize,
) -> (Vec<Contributor>, usize, f64) {
    let graph = analysis.graph();
    let network = analysis.network();
    let v = account as usize;
    let mut passed: Vec<(f64, u32, f64, f64)> = graph
        .inc
        .neighbours(v)
        .iter()
        .zip(graph.inc.weights(v))
        .map(|(&u, &weight)| {
            let out_strength: f64 = graph.out.weights(u as usize).iter().sum();
            let contribution = alpha * pagerank[u as usize] * weight / out_strength;
            (contribution, u, weight, out_strength)
        })
        .collect();
    let total: f64 = passed.iter().map(|p| p.0).sum();
    let in_neighbours = passed.len();
    passed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    passed.truncate(top);

    // The events behind the listed contributors: one scan of the interactions.
    let mut interactions: Vec<BTreeMap<Kind, f64>> = vec![BTreeMap::new(); passed.len()];
    let events = &network.interactions;
    for i in 0..events.len() {
        if events.target[i] != account {
            continue;
        }
        if let Some(slot) = passed.iter().position(|p| p.1 == events.actor[i]) {
            *interactions[slot].entry(events.kind[i]).or_insert(0.0) += events.weight[i];
        }
    }
    let own = pagerank[v];
    let list = passed
        .into_iter()
        .zip(interactions)
        .map(
            |((contribution, u, edge_weight, out_strength), interactions)| Contributor {
                account: AccountRef::of(network, u),
                pagerank: pagerank[u as usize],
                edge_weight,
                out_strength,
                contribution,
                share: if own > 0.0 { contribution / own } else { 0.0 },
                interactions,
            },
        )
        .collect();
    (list, in_neighbours, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::KindWeights;
    use crate::network::{Interaction, NetworkBuilder, Platform};
    use crate::progress::Silent;

    /// b reposts a twice and mentions c; c replies to a; d follows a.
    fn analysis() -> Analysis {
        let mut builder = NetworkBuilder::new();
        let [a, b, c, d] = ["a", "b", "c", "d"].map(|id| builder.account(Platform::Generic, id));
        builder.interact(Interaction::new(b, a, Kind::Repost));
        builder.interact(Interaction::new(b, a, Kind::Repost));
        builder.interact(Interaction::new(b, c, Kind::Mention));
        builder.interact(Interaction::new(c, a, Kind::Reply));
        builder.interact(Interaction::new(d, a, Kind::Follow));
        builder.account_mut(a).label = Some("Alpha".into());
        Analysis::new(builder.finish())
    }

    #[test]
    fn contributions_follow_the_formula_and_add_up_to_pagerank() {
        let analysis = analysis();
        let explanation = explain(&analysis, 0, &ExplainOptions::default(), &mut Silent).unwrap();
        let pr = analysis.column("pagerank", &mut Silent).unwrap().values.clone();
        assert_eq!(explanation.account.label, "Alpha");
        assert_eq!(explanation.in_neighbours, 3);
        let by_id: Vec<&str> = explanation
            .contributors
            .iter()
            .map(|c| c.account.id.as_str())
            .collect();
        // b passes 0.85 × PR(b) × 2/3; c and d pass all theirs: c has more (b mentions it).
        let b = &explanation.contributors[by_id.iter().position(|&id| id == "b").unwrap()];
        assert!((b.contribution - 0.85 * pr[1] * 2.0 / 3.0).abs() < 1e-15);
        assert_eq!((b.edge_weight, b.out_strength), (2.0, 3.0));
        assert_eq!(b.interactions, BTreeMap::from([(Kind::Repost, 2.0)]));
        assert_eq!(by_id[0], "c");
        let passed: f64 = explanation.contributors.iter().map(|c| c.contribution).sum();
        // What is not passed by neighbours is the jump plus the dangling share: a is the only
        // dangling account, so that is (0.15 + 0.85 × PR(a)) / 4.
        let jumps = (0.15 + 0.85 * pr[0]) / 4.0;
        assert!(
            (explanation.from_jumps - jumps).abs() < 1e-9,
            "{}",
            explanation.from_jumps
        );
        assert!((passed + explanation.from_jumps - pr[0]).abs() < 1e-15);
    }

    #[test]
    fn a_lens_that_gives_everyone_the_same_value_ranks_no_one() {
        assert_eq!(rank_of(&[0.0, 0.0, 0.0], 1), (None, 3));
        assert_eq!(rank_of(&[0.0, f64::NAN, 0.0], 0), (None, 2));
        assert_eq!(rank_of(&[0.0, 2.0, 0.0], 0), (Some(2), 3));
        assert_eq!(rank_of(&[0.0, 2.0, 2.0], 2), (Some(1), 3));
        assert_eq!(rank_of(&[1.0, f64::NAN], 1), (None, 1));
    }

    #[test]
    fn pillars_and_lens_ranks() {
        let analysis = analysis();
        let options = ExplainOptions {
            lenses: Some(vec![
                "reposts_in".into(),
                "followers".into(),
                "influence_index".into(),
            ]),
            contributors: 1,
        };
        let explanation = explain(&analysis, 0, &options, &mut Silent).unwrap();
        assert_eq!(explanation.contributors.len(), 1);
        assert_eq!(explanation.index_rank, Some(1));
        let ids: Vec<&str> = explanation.lenses.iter().map(|l| l.id).collect();
        assert_eq!(ids, vec!["reposts_in", "followers"]);
        assert_eq!(explanation.lenses[0].value, Some(2.0));
        assert_eq!(
            (explanation.lenses[0].rank, explanation.lenses[0].ranked),
            (Some(1), 4)
        );
        assert_eq!(
            (explanation.lenses[1].rank, explanation.lenses[1].ranked),
            (None, 0)
        );
        // reach from follows: a has the only follow, so it outranks all 3 others.
        let reach = &explanation.pillars[0];
        assert_eq!(
            (reach.source, reach.raw, reach.percentile),
            ("follows_in", Some(1.0), Some(1.0))
        );
        let points: f64 = explanation.pillars.iter().filter_map(|p| p.contribution).sum();
        assert!((points - explanation.influence_index.unwrap()).abs() < 1e-12);
        assert!(explanation.missing.is_empty());

        let unknown = ExplainOptions {
            lenses: Some(vec!["fame".into()]),
            ..ExplainOptions::default()
        };
        assert!(matches!(
            explain(&analysis, 0, &unknown, &mut Silent),
            Err(MetricError::UnknownMetric(_))
        ));
        assert_eq!(account_by_id(analysis.network(), "c"), Some(2));
    }

    #[test]
    fn kind_weights_change_what_neighbours_pass() {
        let mut analysis = analysis();
        let mut weights = KindWeights::default();
        weights.set(Kind::Mention, 0.0);
        analysis.set_kind_weights(weights);
        let explanation = explain(&analysis, 0, &ExplainOptions::default(), &mut Silent).unwrap();
        let b = explanation
            .contributors
            .iter()
            .find(|c| c.account.id == "b")
            .unwrap();
        assert_eq!(b.out_strength, 2.0);
    }
}
