//! Groups of accounts: by a node attribute (country, category) or by the values of a
//! metric column (`community`), and what each group weighs.
//!
//! A [`Grouping`] assigns every account to one group. Accounts without the attribute
//! (or with an empty value, or a NaN in the column) form the group [`NONE_GROUP`], listed
//! last. Attribute groups are in text order, column groups in numeric order.
//!
//! A [`GroupReport`] gives, per group: its members, the sum and median of their
//! influence index (accounts without an index left aside), its share of the total
//! PageRank, and its top members by index; and the group × group matrix of interactions
//! by kind, from the actor's group to the target's ("who amplifies whom"), counting
//! events by their weight and independent of the kind weights. The matrix is sparse:
//! one [`Flow`] per ordered pair of groups with at least one interaction, the diagonal
//! (interactions within a group) included.
//!
//! A network read from a scores table (a cluster's result, docs/SCALE.md) is weighed by
//! the imported index and PageRank, which describe the whole collection; the report names
//! the columns it used (`index_column`, `pagerank_column`).
//!
//! Complexity: O(V log V + E log E) (members and flows are gathered by sorting).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::analysis::Analysis;
use crate::metrics::{self, MetricError};
use crate::network::{imported, AccountIdx, Kind, Network};
use crate::progress::{Progress, Within};
use crate::scores::{format_value, rank_descending};

/// The name of the group of accounts without a value.
pub const NONE_GROUP: &str = "(none)";

/// What to group by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupBy {
    Attribute(String),
    /// A catalogue metric's column, under the parameters in force (the communities of the
    /// resolution and seed chosen).
    Metric(String),
}

impl GroupBy {
    /// Reads a name: an attribute that some account has, else a catalogue metric id,
    /// else an attribute (which every account lacks: one "(none)" group).
    pub fn resolve(network: &Network, name: &str) -> GroupBy {
        let is_attribute = network.accounts.iter().any(|a| a.attributes.contains_key(name));
        if !is_attribute && metrics::find(name).is_some() {
            GroupBy::Metric(name.to_owned())
        } else {
            GroupBy::Attribute(name.to_owned())
        }
    }

    pub fn name(&self) -> &str {
        match self {
            GroupBy::Attribute(name) | GroupBy::Metric(name) => name,
        }
    }
}

/// Every account's group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grouping {
    pub by: String,
    /// Group names, in group order.
    pub names: Vec<String>,
    /// Group index per account.
    pub of_account: Vec<u32>,
}

impl Grouping {
    pub fn by_attribute(network: &Network, attribute: &str) -> Grouping {
        let value = |index: usize| {
            network.accounts[index]
                .attributes
                .get(attribute)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty() && *v != NONE_GROUP)
        };
        let distinct: BTreeSet<&str> = (0..network.account_count()).filter_map(value).collect();
        let mut names: Vec<String> = distinct.iter().map(|&v| v.to_owned()).collect();
        let none = names.len() as u32;
        let of_account: Vec<u32> = (0..network.account_count())
            .map(|i| {
                let found = value(i).map(|v| names.binary_search_by(|n| n.as_str().cmp(v)));
                found.map_or(none, |found| found.map_or(none, |g| g as u32))
            })
            .collect();
        if of_account.contains(&none) {
            names.push(NONE_GROUP.to_owned());
        }
        Grouping {
            by: attribute.to_owned(),
            names,
            of_account,
        }
    }

    /// Groups by equal values of a column (e.g. community numbers); NaN is "(none)".
    pub fn by_values(by: &str, values: &[f64]) -> Grouping {
        // `+ 0.0` turns -0 into 0, so that the two fall in one group.
        let mut distinct: Vec<f64> = values.iter().filter(|v| !v.is_nan()).map(|v| v + 0.0).collect();
        distinct.sort_unstable_by(f64::total_cmp);
        distinct.dedup_by(|a, b| a.total_cmp(b).is_eq());
        let none = distinct.len() as u32;
        let of_account: Vec<u32> = values
            .iter()
            .map(|v| {
                if v.is_nan() {
                    none
                } else {
                    let found = distinct.binary_search_by(|d| d.total_cmp(&(v + 0.0)));
                    found.map_or(none, |i| i as u32)
                }
            })
            .collect();
        let mut names: Vec<String> = distinct.into_iter().map(format_value).collect();
        if of_account.contains(&none) {
            names.push(NONE_GROUP.to_owned());
        }
        Grouping {
            by: by.to_owned(),
            names,
            of_account,
        }
    }

    /// The grouping `by` asks for, computing (and keeping) the metric column if needed.
    pub fn of(
        analysis: &Analysis,
        by: &GroupBy,
        progress: &mut dyn Progress,
    ) -> Result<Grouping, MetricError> {
        Ok(match by {
            GroupBy::Attribute(name) => Grouping::by_attribute(analysis.network(), name),
            GroupBy::Metric(id) => Grouping::by_values(id, &analysis.column(id, progress)?.values),
        })
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Members of every group, each list in account order.
    pub fn members(&self) -> Vec<Vec<AccountIdx>> {
        let mut members = vec![Vec::new(); self.names.len()];
        for (account, &group) in self.of_account.iter().enumerate() {
            members[group as usize].push(account as AccountIdx);
        }
        members
    }

    /// The group called `name`, if any.
    pub fn find(&self, name: &str) -> Option<u32> {
        self.names.iter().position(|n| n == name).map(|i| i as u32)
    }
}

/// One account as a report lists it.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Member {
    pub index: AccountIdx,
    pub id: String,
    pub label: String,
    /// Its influence index (None when it has none).
    pub influence_index: Option<f64>,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupSummary {
    pub name: String,
    pub members: usize,
    /// Sum of the members' index (members without one left aside).
    pub index_sum: f64,
    /// Median of the members' index; None when no member has one.
    pub index_median: Option<f64>,
    /// The members' PageRank over everyone's, 0..1.
    pub pagerank_share: f64,
    /// Highest index first, ties in account order.
    pub top_members: Vec<Member>,
}

/// Interactions from accounts of group `from` to accounts of group `to`.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flow {
    pub from: u32,
    pub to: u32,
    /// Interactions by kind (kinds without any omitted).
    pub kinds: BTreeMap<Kind, f64>,
    pub total: f64,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupReport {
    pub by: String,
    /// The columns the groups are weighed by: `influence_index` and `pagerank` as computed
    /// here, or `imported:influence_index` and `imported:pagerank` when a scores table
    /// brought them (see [`GroupReport::compute`]).
    pub index_column: String,
    pub pagerank_column: String,
    pub groups: Vec<GroupSummary>,
    /// Sorted by `from`, then `to`.
    pub flows: Vec<Flow>,
}

impl GroupReport {
    /// The report for `grouping`, with the index and PageRank in force and `top` members
    /// per group. When a scores table brought an index or a PageRank (a cluster's result,
    /// read back with the sub-network of its top accounts only), those weigh the groups:
    /// the PageRank of the sub-network would measure the sample, not the collection.
    /// Accounts without an imported value are left aside, like those without an index.
    pub fn compute(
        analysis: &Analysis,
        grouping: &Grouping,
        top: usize,
        progress: &mut dyn Progress,
    ) -> Result<GroupReport, MetricError> {
        let network = analysis.network();
        let (index_column, index) = match imported_column(network, "influence_index") {
            Some(imported) => imported,
            None => {
                let index = analysis.influence_index(&mut Within::new(progress, "Groups", 0.0, 0.9))?;
                ("influence_index".to_owned(), index.values.clone())
            }
        };
        let (pagerank_column, pagerank) = match imported_column(network, "pagerank") {
            Some(imported) => imported,
            None => (
                "pagerank".to_owned(),
                analysis.column("pagerank", progress)?.values.clone(),
            ),
        };
        let total_pagerank: f64 = pagerank.iter().filter(|v| !v.is_nan()).sum();
        let groups = grouping
            .members()
            .into_iter()
            .zip(&grouping.names)
            .map(|(members, name)| summarise(network, name, &members, &index, &pagerank, total_pagerank, top))
            .collect();
        progress.step("Groups", 0.95)?;
        Ok(GroupReport {
            by: grouping.by.clone(),
            index_column,
            pagerank_column,
            groups,
            flows: flows(network, grouping),
        })
    }
}

/// The imported column of `metric` a scores table brought, with its id.
fn imported_column(network: &Network, metric: &str) -> Option<(String, Vec<f64>)> {
    let id = imported::column_id(metric);
    let column = network.imported.by_column_id(&id)?;
    Some((id, column.values.clone()))
}

fn summarise(
    network: &Network,
    name: &str,
    members: &[AccountIdx],
    index: &[f64],
    pagerank: &[f64],
    total_pagerank: f64,
    top: usize,
) -> GroupSummary {
    let mut known: Vec<f64> = members
        .iter()
        .map(|&m| index[m as usize])
        .filter(|v| !v.is_nan())
        .collect();
    known.sort_unstable_by(f64::total_cmp);
    let member_index: Vec<f64> = members.iter().map(|&m| index[m as usize]).collect();
    let top_members = rank_descending(&member_index)
        .into_iter()
        .take(top)
        .map(|position| member(network, members[position as usize], index))
        .collect();
    let group_pagerank: f64 = members
        .iter()
        .map(|&m| pagerank[m as usize])
        .filter(|v| !v.is_nan())
        .fold(0.0, |a, v| a + v);
    GroupSummary {
        name: name.to_owned(),
        members: members.len(),
        // fold from +0: an empty `sum()` of floats is -0.
        index_sum: known.iter().fold(0.0, |a, v| a + v),
        index_median: median(&known),
        pagerank_share: if total_pagerank > 0.0 {
            group_pagerank / total_pagerank
        } else {
            0.0
        },
        top_members,
    }
}

pub(crate) fn member(network: &Network, account: AccountIdx, index: &[f64]) -> Member {
    let info = &network.accounts[account as usize];
    let value = index[account as usize];
    Member {
        index: account,
        id: info.id.clone(),
        label: info.display_label().to_owned(),
        influence_index: (!value.is_nan()).then_some(value),
    }
}

/// Median of sorted values: the middle one, or the mean of the two middle ones.
pub fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

fn flows(network: &Network, grouping: &Grouping) -> Vec<Flow> {
    let events = &network.interactions;
    let group = |account: AccountIdx| grouping.of_account[account as usize];
    let mut entries: Vec<(u32, u32, Kind, f64)> = (0..events.len())
        .map(|i| {
            (
                group(events.actor[i]),
                group(events.target[i]),
                events.kind[i],
                events.weight[i],
            )
        })
        .collect();
    entries.sort_unstable_by_key(|&(from, to, kind, _)| (from, to, kind));
    entries
        .chunk_by(|a, b| (a.0, a.1) == (b.0, b.1))
        .map(|run| {
            let mut kinds = BTreeMap::new();
            for &(_, _, kind, weight) in run {
                *kinds.entry(kind).or_insert(0.0) += weight;
            }
            Flow {
                from: run[0].0,
                to: run[0].1,
                total: run.iter().map(|e| e.3).sum(),
                kinds,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Interaction, NetworkBuilder, Platform};
    use crate::progress::Silent;

    /// fr1, fr2 (FR), de (DE), x (no country). fr1 and fr2 amplify de; de replies to x.
    fn analysis() -> Analysis {
        let mut builder = NetworkBuilder::new();
        let ids = ["fr1", "fr2", "de", "x"];
        let [fr1, fr2, de, x] = ids.map(|id| builder.account(Platform::Generic, id));
        for (account, country) in [(fr1, "FR"), (fr2, " FR "), (de, "DE")] {
            builder
                .account_mut(account)
                .attributes
                .insert("country".into(), country.into());
        }
        builder
            .account_mut(x)
            .attributes
            .insert("country".into(), "".into());
        builder.interact(Interaction::new(fr1, de, Kind::Repost));
        builder.interact(Interaction::new(fr2, de, Kind::Repost));
        builder.interact(Interaction::new(fr2, de, Kind::Quote));
        builder.interact(Interaction::new(de, x, Kind::Reply));
        builder.interact(Interaction::new(fr1, fr2, Kind::Mention));
        Analysis::new(builder.finish())
    }

    #[test]
    fn attribute_groups_are_sorted_with_none_last() {
        let analysis = analysis();
        let grouping = Grouping::by_attribute(analysis.network(), "country");
        assert_eq!(grouping.names, vec!["DE", "FR", NONE_GROUP]);
        assert_eq!(grouping.of_account, vec![1, 1, 0, 2]);
        let nobody = Grouping::by_attribute(analysis.network(), "region");
        assert_eq!(nobody.names, vec![NONE_GROUP]);
    }

    #[test]
    fn column_groups_are_numeric() {
        let grouping = Grouping::by_values("community", &[10.0, 2.0, f64::NAN, 2.0, -0.0, 0.0]);
        assert_eq!(grouping.names, vec!["0", "2", "10", NONE_GROUP]);
        assert_eq!(grouping.of_account, vec![2, 1, 3, 1, 0, 0]);
        assert_eq!(median(&[1.0, 2.0, 4.0, 10.0]), Some(3.0));
        assert_eq!(median(&[1.0, 2.0, 4.0]), Some(2.0));
    }

    #[test]
    fn a_name_is_an_attribute_first_then_a_metric() {
        let analysis = analysis();
        let network = analysis.network();
        assert_eq!(
            GroupBy::resolve(network, "country"),
            GroupBy::Attribute("country".into())
        );
        assert_eq!(
            GroupBy::resolve(network, "in_degree"),
            GroupBy::Metric("in_degree".into())
        );
        let grouping = Grouping::of(&analysis, &GroupBy::Metric("in_degree".into()), &mut Silent).unwrap();
        assert_eq!(grouping.names, vec!["0", "1", "2"]);
    }

    #[test]
    fn report_by_hand() {
        let analysis = analysis();
        let grouping = Grouping::by_attribute(analysis.network(), "country");
        let report = GroupReport::compute(&analysis, &grouping, 1, &mut Silent).unwrap();
        let index = analysis.influence_index(&mut Silent).unwrap().values.clone();
        let pagerank = analysis.column("pagerank", &mut Silent).unwrap().values.clone();

        let fr = &report.groups[1];
        assert_eq!((fr.name.as_str(), fr.members), ("FR", 2));
        assert!((fr.index_sum - (index[0] + index[1])).abs() < 1e-12);
        assert_eq!(fr.index_median, Some((index[0] + index[1]) / 2.0));
        assert!((fr.pagerank_share - (pagerank[0] + pagerank[1])).abs() < 1e-12);
        let leader = if index[1] > index[0] { "fr2" } else { "fr1" };
        assert_eq!(fr.top_members.len(), 1);
        assert_eq!(fr.top_members[0].id, leader);
        let shares: f64 = report.groups.iter().map(|g| g.pagerank_share).sum();
        assert!((shares - 1.0).abs() < 1e-12);

        // FR → DE: two reposts and a quote; FR → FR: a mention; DE → (none): a reply.
        let flow = |from: u32, to: u32| report.flows.iter().find(|f| (f.from, f.to) == (from, to));
        let fr_to_de = flow(1, 0).unwrap();
        assert_eq!(
            fr_to_de.kinds,
            BTreeMap::from([(Kind::Repost, 2.0), (Kind::Quote, 1.0)])
        );
        assert_eq!(fr_to_de.total, 3.0);
        assert_eq!(flow(1, 1).unwrap().kinds, BTreeMap::from([(Kind::Mention, 1.0)]));
        assert_eq!(flow(0, 2).unwrap().total, 1.0);
        assert_eq!(report.flows.len(), 3);
        assert!(flow(0, 1).is_none());
    }
}
