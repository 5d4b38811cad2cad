//! The owner's view of an account export.
//!
//! An X, Mastodon or Bluesky export is an ego network: it holds what one account did and,
//! for X, who follows it. Ranking the accounts around the owner answers little (most are
//! tied: each was replied to once); what the owner asks is **which of my posts travelled,
//! whom do I engage and how, and when was I active**. [`OwnerView`] answers that:
//!
//! - **Posts that travelled**: the owner's collected posts ordered by the reposts and
//!   quotes the platform counted (public counts, where the export has them), then by the
//!   interactions the data hold about the post from other accounts, then replies and likes
//!   counted, then by post order. At most [`TOP_POSTS`].
//! - **Whom the owner engages**: the accounts the owner's interactions point at, by number
//!   of interactions (weights as read, kind weights not applied: this is what the owner
//!   did), with the count per kind; ties by account order. At most [`TOP_ENGAGED`].
//! - **Received in the data**: interactions from other accounts to the owner, per kind
//!   (an X archive holds follows received; replies or mentions of the owner where a
//!   collection beside the archive has them).
//! - **Activity**: per calendar month (UTC) from the first to the last dated post or
//!   interaction of the owner, empty months included, the posts and interactions it made.
//!
//! Complexity: O(E + P + M + T log T) for E interactions, P posts, M months and T touched
//! accounts or posts.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike};
use serde::Serialize;

use crate::explain::AccountRef;
use crate::network::{AccountIdx, Kind, Network, PostIdx, NO_POST, NO_TIME};
use crate::time::format_timestamp;

/// How many of the owner's posts the view lists.
pub const TOP_POSTS: usize = 10;
/// How many engaged accounts the view lists.
pub const TOP_ENGAGED: usize = 10;

/// What the owner of an export asks first (see the module documentation).
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OwnerView {
    pub owner: AccountRef,
    /// The owners of the other exports read beside this one, if any.
    pub other_owners: Vec<AccountRef>,
    /// The owner's collected posts.
    pub posts: usize,
    /// Sums of the platform's public counts over those posts (None: no post carries it).
    pub public_totals: PublicTotals,
    pub travelled: Vec<TravelledPost>,
    /// Accounts the owner interacted with.
    pub engaged_accounts: usize,
    pub engaged: Vec<Engagement>,
    /// Interactions from other accounts to the owner, by kind.
    pub received: BTreeMap<String, u64>,
    pub activity: Vec<ActivityMonth>,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PublicTotals {
    pub reposts: Option<u64>,
    pub quotes: Option<u64>,
    pub replies: Option<u64>,
    pub likes: Option<u64>,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TravelledPost {
    /// The post's id as the platform gives it.
    pub id: String,
    /// ISO 8601 UTC, None when undated.
    pub time: Option<String>,
    pub reposts: Option<u32>,
    pub quotes: Option<u32>,
    pub replies: Option<u32>,
    pub likes: Option<u32>,
    /// Interactions from other accounts about this post in the data read.
    pub in_data: u64,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Engagement {
    pub account: AccountRef,
    pub interactions: f64,
    /// Interactions by kind (`reply`, `mention`, ...).
    pub kinds: BTreeMap<String, f64>,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActivityMonth {
    /// `YYYY-MM`.
    pub month: String,
    pub posts: u64,
    pub interactions: u64,
}

/// The view of the first export's owner, or None when no account export was read.
pub fn owner_view(network: &Network) -> Option<OwnerView> {
    let (&owner, others) = network.owners.split_first()?;
    let mut months = Months::default();
    let (travelled, posts, public_totals) = travelled_posts(network, owner, &mut months);
    let (engaged, engaged_accounts, received) = engagement(network, owner, &mut months);
    Some(OwnerView {
        owner: AccountRef::of(network, owner),
        other_owners: others.iter().map(|&o| AccountRef::of(network, o)).collect(),
        posts,
        public_totals,
        travelled,
        engaged_accounts,
        engaged,
        received,
        activity: months.into_months(),
    })
}

fn travelled_posts(
    network: &Network,
    owner: AccountIdx,
    months: &mut Months,
) -> (Vec<TravelledPost>, usize, PublicTotals) {
    let mut in_data: HashMap<PostIdx, u64> = HashMap::new();
    let events = &network.interactions;
    for i in 0..events.len() {
        if events.subject[i] != NO_POST && events.actor[i] != owner {
            *in_data.entry(events.subject[i]).or_default() += 1;
        }
    }
    let mut totals = PublicTotals::default();
    let mut own = Vec::new();
    for (post, record) in network.posts.records.iter().enumerate() {
        if record.author != owner || !record.collected {
            continue;
        }
        let public = record.public;
        add(&mut totals.reposts, public.reposts);
        add(&mut totals.quotes, public.quotes);
        add(&mut totals.replies, public.replies);
        add(&mut totals.likes, public.likes);
        months.posted(record.time);
        own.push((
            post as PostIdx,
            in_data.get(&(post as PostIdx)).copied().unwrap_or(0),
        ));
    }
    let count = own.len();
    let spread = |post: PostIdx, seen: u64| {
        let public = network.posts.records[post as usize].public;
        let n = |v: Option<u32>| u64::from(v.unwrap_or(0));
        (
            n(public.reposts) + n(public.quotes),
            seen,
            n(public.replies),
            n(public.likes),
        )
    };
    own.sort_by(|&(a, seen_a), &(b, seen_b)| spread(b, seen_b).cmp(&spread(a, seen_a)).then(a.cmp(&b)));
    let travelled = own
        .into_iter()
        .take(TOP_POSTS)
        .map(|(post, seen)| {
            let record = &network.posts.records[post as usize];
            TravelledPost {
                id: network.posts.id(post).to_owned(),
                time: (record.time != NO_TIME).then(|| format_timestamp(record.time)),
                reposts: record.public.reposts,
                quotes: record.public.quotes,
                replies: record.public.replies,
                likes: record.public.likes,
                in_data: seen,
            }
        })
        .collect();
    (travelled, count, totals)
}

fn add(total: &mut Option<u64>, value: Option<u32>) {
    if let Some(value) = value {
        *total = Some(total.unwrap_or(0) + u64::from(value));
    }
}

type Received = BTreeMap<String, u64>;

fn engagement(
    network: &Network,
    owner: AccountIdx,
    months: &mut Months,
) -> (Vec<Engagement>, usize, Received) {
    let events = &network.interactions;
    let mut by_account: HashMap<AccountIdx, [f64; Kind::ALL.len()]> = HashMap::new();
    let mut received = Received::new();
    for i in 0..events.len() {
        if events.actor[i] == owner {
            by_account.entry(events.target[i]).or_default()[events.kind[i].index()] += events.weight[i];
            months.interacted(events.time[i]);
        } else if events.target[i] == owner {
            *received.entry(events.kind[i].as_str().to_owned()).or_default() += 1;
        }
    }
    let engaged_accounts = by_account.len();
    let mut ranked: Vec<(AccountIdx, f64, [f64; Kind::ALL.len()])> = by_account
        .into_iter()
        .map(|(account, kinds)| (account, kinds.iter().sum(), kinds))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let engaged = ranked
        .into_iter()
        .take(TOP_ENGAGED)
        .map(|(account, total, kinds)| Engagement {
            account: AccountRef::of(network, account),
            interactions: total,
            kinds: Kind::ALL
                .into_iter()
                .filter(|kind| kinds[kind.index()] > 0.0)
                .map(|kind| (kind.as_str().to_owned(), kinds[kind.index()]))
                .collect(),
        })
        .collect();
    (engaged, engaged_accounts, received)
}

/// Posts and interactions per calendar month, keyed by (year, month).
#[derive(Default)]
struct Months(BTreeMap<(i32, u32), (u64, u64)>);

impl Months {
    fn slot(&mut self, time: i64) -> Option<&mut (u64, u64)> {
        if time == NO_TIME {
            return None;
        }
        let date = DateTime::from_timestamp(time, 0)?.date_naive();
        Some(self.0.entry((date.year(), date.month())).or_default())
    }

    fn posted(&mut self, time: i64) {
        if let Some(slot) = self.slot(time) {
            slot.0 += 1;
        }
    }

    fn interacted(&mut self, time: i64) {
        if let Some(slot) = self.slot(time) {
            slot.1 += 1;
        }
    }

    /// Every month from the first to the last, empty ones included (a gap is information).
    fn into_months(self) -> Vec<ActivityMonth> {
        let (Some(&first), Some(&last)) = (self.0.keys().next(), self.0.keys().next_back()) else {
            return Vec::new();
        };
        let mut months = Vec::new();
        let (mut year, mut month) = first;
        while (year, month) <= last {
            let (posts, interactions) = self.0.get(&(year, month)).copied().unwrap_or((0, 0));
            months.push(ActivityMonth {
                month: format!("{year:04}-{month:02}"),
                posts,
                interactions,
            });
            (year, month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
        }
        months
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Ingest;

    fn read(files: &[(&str, &str)]) -> Network {
        let mut ingest = Ingest::new();
        for (name, text) in files {
            ingest.begin_file(name);
            ingest.push(text.as_bytes());
            ingest.end_file();
        }
        ingest.finish().network
    }

    #[test]
    fn a_collection_has_no_owner() {
        let network = read(&[("edges.csv", "source,target\na,b\nb,c\n")]);
        assert_eq!(owner_view(&network), None);
    }

    #[test]
    fn months_run_from_first_to_last_with_the_empty_ones() {
        let mut months = Months::default();
        months.posted(1_609_459_200); // 2021-01-01
        months.interacted(1_614_556_800); // 2021-03-01
        months.interacted(NO_TIME);
        let months = months.into_months();
        let labels: Vec<_> = months
            .iter()
            .map(|m| (m.month.as_str(), m.posts, m.interactions))
            .collect();
        assert_eq!(labels, [("2021-01", 1, 0), ("2021-02", 0, 0), ("2021-03", 0, 1)]);
    }
}
