//! Audience lenses from the Twiplomacy studies: the platform's follower count, and the
//! reciprocated follows within the dataset ("best connected").
//!
//! Definitions:
//! - `followers(v)`: the platform's public follower count of `v` as the export gives it
//!   (`Account::followers`); NaN where the export has none (edge lists, accounts only
//!   mentioned). It is the audience the platform reports, not what the data shows.
//! - `mutual_follows(v)`: the number of accounts `u` such that the data has both a follow
//!   `v → u` and a follow `u → v`. Kind weights and event weights do not apply: a pair
//!   is reciprocated or not. Twiplomacy's "best connected" counts the peers among the
//!   leaders who follow a leader back; here the peers are the accounts of the dataset.
//!
//! Reference: direct definitions; `tests/reference/generate.py` recomputes both in
//! Python from the fixture's accounts and events.
//! Complexity: followers O(V); mutual_follows O(F log F) for F follow events (the
//! follow pairs are sorted once and each looked up in reverse by binary search).

use super::{Metric, MetricInfo, MetricOutput, ValueKind};
use crate::network::{Kind, Network};

pub const FOLLOWERS: Metric = Metric {
    info: MetricInfo {
        id: "followers",
        values: ValueKind::Count,
        name: "Followers",
        explanation: "The account's audience as the platform counts it: how many people \
            follow it, whether or not they appear in the data. Empty where the export does \
            not give it (edge lists, accounts that are only mentioned).",
        reference: "Account follower count from the export (Twiplomacy's \"most followed\")",
        complexity: "O(V)",
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(followers(context.network))),
};

pub const MUTUAL_FOLLOWS: Metric = Metric {
    info: MetricInfo {
        id: "mutual_follows",
        values: ValueKind::Count,
        name: "Mutual follows",
        explanation: "How many accounts in the data this account follows and is followed \
            back by: the Twiplomacy studies' \"best connected\". It rewards being part of \
            the network of peers rather than having a large audience. Zero when the data \
            records no follows.",
        reference: "Twiplomacy \"best connected\" (reciprocated follows among peers)",
        complexity: "O(F log F), F follow events",
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(mutual_follows(context.network))),
};

/// Follower counts as `f64`, NaN where unknown.
pub fn followers(network: &Network) -> Vec<f64> {
    network
        .accounts
        .iter()
        .map(|a| a.followers.map_or(f64::NAN, |f| f as f64))
        .collect()
}

/// True when at least one account has a follower count.
pub fn has_followers(network: &Network) -> bool {
    network.accounts.iter().any(|a| a.followers.is_some())
}

pub fn mutual_follows(network: &Network) -> Vec<f64> {
    let events = &network.interactions;
    let mut pairs: Vec<(u32, u32)> = (0..events.len())
        .filter(|&i| events.kind[i] == Kind::Follow)
        .map(|i| (events.actor[i], events.target[i]))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut counts = vec![0.0; network.account_count()];
    for &(actor, target) in &pairs {
        if pairs.binary_search(&(target, actor)).is_ok() {
            counts[actor as usize] += 1.0;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Interaction, NetworkBuilder, Platform};

    #[test]
    fn a_pair_counts_once_for_each_side_when_both_follow() {
        let mut builder = NetworkBuilder::new();
        let [a, b, c, d] = ["a", "b", "c", "d"].map(|id| builder.account(Platform::Generic, id));
        for (actor, target) in [(a, b), (b, a), (a, b), (a, c), (c, a), (b, c), (d, a)] {
            builder.interact(Interaction::new(actor, target, Kind::Follow));
        }
        // A repost back is not a follow back.
        builder.interact(Interaction::new(a, d, Kind::Repost));
        builder.account_mut(b).followers = Some(120);
        let network = builder.finish();
        assert_eq!(mutual_follows(&network), vec![2.0, 1.0, 1.0, 0.0]);
        let counts = followers(&network);
        assert!(counts[0].is_nan());
        assert_eq!(counts[1], 120.0);
        assert!(has_followers(&network));
    }
}
