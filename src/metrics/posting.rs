//! Posting lenses from the Twiplomacy studies: how much an account posts, how often, and
//! how much of it is conversation.
//!
//! Which posts count: only *collected* posts (`PostRecord::collected`: part of the
//! collection itself, not merely referenced as the original of a repost or the target
//! of a reply), by their author. An account's *own posts* are its collected posts that
//! are not reposts (originals, replies and quotes): a repost is someone else's text.
//!
//! Definitions:
//! - `posts(v)`: the number of collected posts by `v`, of every kind, reposts included
//!   (posting activity).
//! - `posts_per_day(v)`: `posts(v) / D`, where `D` is the number of UTC calendar days
//!   from the earliest to the latest collected post with a time, both included
//!   (the dataset's span, the same for every account). NaN when no collected post has
//!   a time.
//! - `reply_share(v)`: replies among `v`'s own posts, `replies / own posts`, in 0..1;
//!   NaN when `v` has no own posts.
//!
//! When the data has no collected posts at all (an edge list, a follow graph), every
//! posting lens is NaN for every account: the data does not say.
//!
//! Reference: direct definitions; `tests/reference/generate.py` recomputes them in
//! Python from the fixture's posts.
//! Complexity: O(V + P) for P posts.

use super::{Metric, MetricInfo, MetricOutput, ValueKind};
use crate::network::{Network, PostKind, PostRecord, NO_TIME};

const SECONDS_PER_DAY: i64 = 86_400;

pub const POSTS: Metric = Metric {
    info: MetricInfo {
        id: "posts",
        values: ValueKind::Count,
        name: "Posts",
        explanation: "How many posts of this account the data holds, reposts included: how \
            active it is in the collection (not its lifetime total on the platform). Empty \
            when the data has no posts.",
        reference: "Count of the account's collected posts (Twiplomacy's \"most active\")",
        complexity: "O(V + P)",
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(posts(context.network))),
};

pub const POSTS_PER_DAY: Metric = Metric {
    info: MetricInfo {
        id: "posts_per_day",
        values: ValueKind::Score,
        name: "Posts per day",
        explanation: "The account's posts in the data divided by the number of calendar days \
            (UTC) the collection spans, from its first post to its last. Empty when the \
            posts have no dates.",
        reference: "posts / days spanned by the collected posts (Twiplomacy's tweets per day)",
        complexity: "O(V + P)",
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(posts_per_day(context.network))),
};

pub const REPLY_SHARE: Metric = Metric {
    info: MetricInfo {
        id: "reply_share",
        values: ValueKind::Share,
        name: "Reply share",
        explanation: "The share of the account's own posts (reposts left aside) that are \
            replies, from 0 to 1: high for accounts that converse, low for accounts that \
            broadcast. Empty for accounts without posts of their own in the data.",
        reference: "replies / own posts (Twiplomacy's \"most conversational\")",
        complexity: "O(V + P)",
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(reply_share(context.network))),
};

/// True when at least one post is part of the collection.
pub fn has_collected_posts(network: &Network) -> bool {
    network.posts.records.iter().any(|p| p.collected)
}

/// A collected post that is not a repost: text the author wrote.
pub fn is_own_post(post: &PostRecord) -> bool {
    post.collected && post.kind != PostKind::Repost
}

pub fn posts(network: &Network) -> Vec<f64> {
    if !has_collected_posts(network) {
        return vec![f64::NAN; network.account_count()];
    }
    let mut counts = vec![0.0; network.account_count()];
    for post in network.posts.records.iter().filter(|p| p.collected) {
        counts[post.author as usize] += 1.0;
    }
    counts
}

/// UTC calendar days from the first to the last collected post with a time, inclusive.
pub fn days_spanned(network: &Network) -> Option<i64> {
    let days = network
        .posts
        .records
        .iter()
        .filter(|p| p.collected && p.time != NO_TIME)
        .map(|p| p.time.div_euclid(SECONDS_PER_DAY));
    let (first, last) = days.fold(None, |range: Option<(i64, i64)>, day| match range {
        None => Some((day, day)),
        Some((first, last)) => Some((first.min(day), last.max(day))),
    })?;
    Some(last - first + 1)
}

pub fn posts_per_day(network: &Network) -> Vec<f64> {
    match days_spanned(network) {
        None => vec![f64::NAN; network.account_count()],
        Some(days) => posts(network).into_iter().map(|p| p / days as f64).collect(),
    }
}

pub fn reply_share(network: &Network) -> Vec<f64> {
    let n = network.account_count();
    let mut own = vec![0u32; n];
    let mut replies = vec![0u32; n];
    for post in network.posts.records.iter().filter(|p| is_own_post(p)) {
        own[post.author as usize] += 1;
        if post.kind == PostKind::Reply {
            replies[post.author as usize] += 1;
        }
    }
    own.iter()
        .zip(&replies)
        .map(|(&own, &replies)| {
            if own == 0 {
                f64::NAN
            } else {
                f64::from(replies) / f64::from(own)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{NetworkBuilder, Platform, PostInfo};

    fn post(
        builder: &mut NetworkBuilder,
        id: &str,
        author: u32,
        kind: PostKind,
        time: Option<i64>,
        collected: bool,
    ) {
        let info = PostInfo {
            kind,
            time,
            collected,
            ..PostInfo::default()
        };
        builder.post(Platform::Twitter, id, author, &info);
    }

    #[test]
    fn posts_count_every_collected_kind_and_replies_share_own_posts() {
        let mut builder = NetworkBuilder::new();
        let [a, b, c] = ["a", "b", "c"].map(|id| builder.account(Platform::Twitter, id));
        // 2021-03-01T23:00Z and 2021-03-03T01:00Z: three calendar days.
        post(
            &mut builder,
            "1",
            a,
            PostKind::Original,
            Some(1_614_639_600),
            true,
        );
        post(&mut builder, "2", a, PostKind::Reply, Some(1_614_733_200), true);
        post(&mut builder, "3", a, PostKind::Repost, None, true);
        post(&mut builder, "4", a, PostKind::Reply, None, true);
        post(&mut builder, "5", b, PostKind::Repost, Some(1_614_700_000), true);
        // Referenced only: not b's activity in the collection.
        post(
            &mut builder,
            "6",
            b,
            PostKind::Original,
            Some(1_500_000_000),
            false,
        );
        let network = builder.finish();
        assert_eq!(posts(&network), vec![4.0, 1.0, 0.0]);
        assert_eq!(days_spanned(&network), Some(3));
        assert_eq!(posts_per_day(&network), vec![4.0 / 3.0, 1.0 / 3.0, 0.0]);
        let share = reply_share(&network);
        assert_eq!(share[0], 2.0 / 3.0);
        assert!(share[1].is_nan() && share[2].is_nan());
        let _ = c;
    }

    #[test]
    fn without_collected_posts_the_data_does_not_say() {
        let mut builder = NetworkBuilder::new();
        let a = builder.account(Platform::Twitter, "a");
        post(&mut builder, "1", a, PostKind::Original, Some(0), false);
        let network = builder.finish();
        assert!(posts(&network)[0].is_nan());
        assert!(posts_per_day(&network)[0].is_nan());
        assert!(reply_share(&network)[0].is_nan());
    }
}
