//! Received counts per kind: how many follows, reposts, quotes, replies and mentions an
//! account received in the data.
//!
//! Definition: `<kind>s_in(v)` = sum over interaction events `u → v` of that kind of the
//! event's weight, i.e. the number of such interactions (an event from a post stands
//! for one; a table row with a weight column stands for as many as its weight says).
//! Events are the deduplicated ones of `network.interactions`; self-interactions were
//! dropped at ingest. The kind weights do not apply: these are plain counts, the same
//! whatever weight the user gives a kind in the graph.
//! Reference: a direct count; `tests/reference/generate.py` counts the fixture events
//! independently in Python (networkx has no per-kind count).
//! Complexity: O(E) time, O(V) memory per kind.

use super::{Metric, MetricInfo, MetricOutput, ValueKind};
use crate::network::{Kind, Network};

/// For every kind (indexed by [`Kind::index`]), the interactions each account received.
pub fn received_by_kind(network: &Network) -> [Vec<f64>; 6] {
    let n = network.account_count();
    let mut counts: [Vec<f64>; 6] = std::array::from_fn(|_| vec![0.0; n]);
    let events = &network.interactions;
    for ((&target, &kind), &weight) in events.target.iter().zip(&events.kind).zip(&events.weight) {
        counts[kind.index()][target as usize] += weight;
    }
    counts
}

/// The interactions of one kind each account received.
pub fn received(network: &Network, kind: Kind) -> Vec<f64> {
    let mut counts = vec![0.0; network.account_count()];
    let events = &network.interactions;
    for i in 0..events.len() {
        if events.kind[i] == kind {
            counts[events.target[i] as usize] += events.weight[i];
        }
    }
    counts
}

const COMPLEXITY: &str = "O(E)";
const REFERENCE: &str = "count of the kind's events (independent Python count in tests/reference)";

pub const FOLLOWS_IN: Metric = Metric {
    info: MetricInfo {
        id: "follows_in",
        values: ValueKind::Count,
        name: "Follows received",
        explanation: "How many accounts in the data follow this account. It counts only the \
            follows the export records, not the platform's full follower count.",
        reference: REFERENCE,
        complexity: COMPLEXITY,
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(received(context.network, Kind::Follow))),
};

pub const REPOSTS_IN: Metric = Metric {
    info: MetricInfo {
        id: "reposts_in",
        values: ValueKind::Count,
        name: "Reposts received",
        explanation: "How many times accounts in the data reposted (retweeted, boosted) this \
            account's posts: the plainest measure of amplification.",
        reference: REFERENCE,
        complexity: COMPLEXITY,
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(received(context.network, Kind::Repost))),
};

pub const QUOTES_IN: Metric = Metric {
    info: MetricInfo {
        id: "quotes_in",
        values: ValueKind::Count,
        name: "Quotes received",
        explanation: "How many times accounts in the data quoted this account's posts, adding \
            words of their own: amplification with comment, approving or not.",
        reference: REFERENCE,
        complexity: COMPLEXITY,
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(received(context.network, Kind::Quote))),
};

pub const REPLIES_IN: Metric = Metric {
    info: MetricInfo {
        id: "replies_in",
        values: ValueKind::Count,
        name: "Replies received",
        explanation: "How many replies this account's posts drew from accounts in the data: \
            how much conversation it starts.",
        reference: REFERENCE,
        complexity: COMPLEXITY,
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(received(context.network, Kind::Reply))),
};

pub const MENTIONS_IN: Metric = Metric {
    info: MetricInfo {
        id: "mentions_in",
        values: ValueKind::Count,
        name: "Mentions received",
        explanation: "How many times accounts in the data mentioned this account by name: \
            how often others bring it into the conversation.",
        reference: REFERENCE,
        complexity: COMPLEXITY,
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(received(context.network, Kind::Mention))),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Interaction, NetworkBuilder, Platform};

    #[test]
    fn counts_each_kind_apart_and_ignores_self_interactions() {
        let mut builder = NetworkBuilder::new();
        let [a, b, c] = ["a", "b", "c"].map(|id| builder.account(Platform::Generic, id));
        builder.interact(Interaction::new(a, b, Kind::Repost));
        builder.interact(Interaction::new(c, b, Kind::Repost));
        builder.interact(Interaction::new(a, b, Kind::Mention));
        builder.interact(Interaction::new(b, b, Kind::Repost));
        builder.interact(Interaction {
            weight: 3.0,
            ..Interaction::new(b, c, Kind::Reply)
        });
        let network = builder.finish();
        assert_eq!(received(&network, Kind::Repost), vec![0.0, 2.0, 0.0]);
        assert_eq!(received(&network, Kind::Mention), vec![0.0, 1.0, 0.0]);
        assert_eq!(received(&network, Kind::Reply), vec![0.0, 0.0, 3.0]);
        assert_eq!(received(&network, Kind::Follow), vec![0.0; 3]);
        let all = received_by_kind(&network);
        for kind in Kind::ALL {
            assert_eq!(all[kind.index()], received(&network, kind), "{kind:?}");
        }
    }
}
