//! Engagement lenses from the Twiplomacy studies: how much each post of an account is
//! reposted and liked, and its t-factor.
//!
//! Posts: an account's *own posts* (collected, not reposts; see [`super::posting`]).
//! Reposts of a post: the platform's public repost count where the export has it for
//! that post (`PublicCounts::reposts`), else the repost events in the data whose
//! subject is that post (`Interactions::subject`, kind `Repost`, each counting its
//! event weight). The choice is made post by post.
//!
//! Definitions:
//! - `reposts_per_post(v)`: the mean of reposts over `v`'s own posts; NaN without own posts.
//! - `likes_per_post(v)`: the mean of the public like count over `v`'s own posts that
//!   have one (likes are not events of the data, so there is nothing to count instead);
//!   NaN when none has one.
//! - `t_factor(v)`: the largest `t` such that `t` of `v`'s own posts were each reposted
//!   at least `t` times (the h-index of its posts by reposts, Twiplomacy's "t-factor");
//!   0 for an account without own posts, NaN for everyone when the data has no
//!   collected posts.
//!
//! Reference: direct definitions; `tests/reference/generate.py` recomputes them in
//! Python from the fixture's posts and events.
//! Complexity: O(V + P + E + P log P) (the t-factor sorts each account's counts).

use super::posting::{has_collected_posts, is_own_post};
use super::{Metric, MetricInfo, MetricOutput, ValueKind};
use crate::network::{Kind, Network, NO_POST};

pub const REPOSTS_PER_POST: Metric = Metric {
    info: MetricInfo {
        id: "reposts_per_post",
        values: ValueKind::Score,
        name: "Reposts per post",
        explanation: "How many times, on average, each of the account's own posts was \
            reposted: the platform's public count where the export has it, else the reposts \
            seen in the data. It measures resonance per post rather than volume.",
        reference: "Twiplomacy \"most effective\" (average retweets per tweet)",
        complexity: "O(V + P + E)",
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(reposts_per_post(context.network))),
};

pub const LIKES_PER_POST: Metric = Metric {
    info: MetricInfo {
        id: "likes_per_post",
        values: ValueKind::Score,
        name: "Likes per post",
        explanation: "How many likes, on average, each of the account's own posts received, \
            as the platform counts them. Empty where the export has no like counts.",
        reference: "Twiplomacy average likes per tweet (public like counts)",
        complexity: "O(V + P)",
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(likes_per_post(context.network))),
};

pub const T_FACTOR: Metric = Metric {
    info: MetricInfo {
        id: "t_factor",
        values: ValueKind::Score,
        name: "t-factor",
        explanation: "The largest number t such that t of the account's own posts were each \
            reposted at least t times. Like a scientist's h-index, it needs consistent \
            resonance: one viral post does not raise it much, nor do many ignored ones.",
        reference: "Twiplomacy t-factor (the h-index of posts by reposts; Hirsch 2005)",
        complexity: "O(V + E + P log P)",
        params: &[],
    },
    compute: |context, _, _| Ok(MetricOutput::values(t_factor(context.network))),
};

/// Reposts of every post: public count where present, else repost events about it.
pub fn reposts_of_posts(network: &Network) -> Vec<f64> {
    let posts = &network.posts.records;
    let mut counted = vec![0.0; posts.len()];
    let events = &network.interactions;
    for i in 0..events.len() {
        let subject = events.subject[i];
        if events.kind[i] == Kind::Repost && subject != NO_POST {
            if let Some(count) = counted.get_mut(subject as usize) {
                *count += events.weight[i];
            }
        }
    }
    posts
        .iter()
        .zip(counted)
        .map(|(post, counted)| post.public.reposts.map_or(counted, f64::from))
        .collect()
}

/// Mean of `value(post)` over each account's own posts where it is `Some`.
fn mean_over_own_posts(network: &Network, value: impl Fn(usize) -> Option<f64>) -> Vec<f64> {
    let n = network.account_count();
    let mut sums = vec![0.0; n];
    let mut counts = vec![0u32; n];
    for (index, post) in network.posts.records.iter().enumerate() {
        if let (true, Some(value)) = (is_own_post(post), value(index)) {
            sums[post.author as usize] += value;
            counts[post.author as usize] += 1;
        }
    }
    sums.iter()
        .zip(&counts)
        .map(|(&sum, &count)| {
            if count == 0 {
                f64::NAN
            } else {
                sum / f64::from(count)
            }
        })
        .collect()
}

pub fn reposts_per_post(network: &Network) -> Vec<f64> {
    let reposts = reposts_of_posts(network);
    mean_over_own_posts(network, |post| Some(reposts[post]))
}

pub fn likes_per_post(network: &Network) -> Vec<f64> {
    let posts = &network.posts.records;
    mean_over_own_posts(network, |post| posts[post].public.likes.map(f64::from))
}

pub fn t_factor(network: &Network) -> Vec<f64> {
    let n = network.account_count();
    if !has_collected_posts(network) {
        return vec![f64::NAN; n];
    }
    let reposts = reposts_of_posts(network);
    // (author, reposts) of every own post, sorted by author then most reposted first.
    let mut by_author: Vec<(u32, f64)> = network
        .posts
        .records
        .iter()
        .zip(&reposts)
        .filter(|(post, _)| is_own_post(post))
        .map(|(post, &count)| (post.author, count))
        .collect();
    by_author.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    let mut factors = vec![0.0; n];
    for run in by_author.chunk_by(|a, b| a.0 == b.0) {
        factors[run[0].0 as usize] = h_index(run.iter().map(|&(_, count)| count)) as f64;
    }
    factors
}

/// The largest `t` such that `t` of the counts (given in descending order) are at least `t`.
pub fn h_index(descending: impl Iterator<Item = f64>) -> usize {
    descending
        .enumerate()
        .take_while(|&(i, count)| count >= (i + 1) as f64)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Interaction, NetworkBuilder, Platform, PostInfo, PostKind, PublicCounts};

    #[test]
    fn h_index_by_hand() {
        assert_eq!(h_index([10.0, 8.0, 5.0, 4.0, 3.0].into_iter()), 4);
        assert_eq!(h_index([25.0, 8.0, 5.0, 3.0, 3.0].into_iter()), 3);
        assert_eq!(h_index([0.0, 0.0].into_iter()), 0);
        assert_eq!(h_index([1.0].into_iter()), 1);
        assert_eq!(h_index(std::iter::empty()), 0);
    }

    /// `a` has four own posts: public counts 5 and 2 (likes 10 and none), and two
    /// without counts, reposted 3 and 0 times in the data; plus a repost of its own.
    /// `b` posted only reposts; `c` is only mentioned.
    fn network() -> Network {
        let mut builder = NetworkBuilder::new();
        let [a, b, c] = ["a", "b", "c"].map(|id| builder.account(Platform::Twitter, id));
        let own = |kind, reposts, likes| PostInfo {
            kind,
            public: PublicCounts {
                reposts,
                likes,
                ..PublicCounts::default()
            },
            collected: true,
            ..PostInfo::default()
        };
        builder.post(
            Platform::Twitter,
            "1",
            a,
            &own(PostKind::Original, Some(5), Some(10)),
        );
        builder.post(Platform::Twitter, "2", a, &own(PostKind::Quote, Some(2), None));
        let (counted, _) = builder.post(Platform::Twitter, "3", a, &own(PostKind::Reply, None, None));
        builder.post(Platform::Twitter, "4", a, &own(PostKind::Original, None, None));
        builder.post(
            Platform::Twitter,
            "5",
            a,
            &own(PostKind::Repost, Some(99), Some(99)),
        );
        builder.post(Platform::Twitter, "6", b, &own(PostKind::Repost, Some(1), None));
        for (actor, weight) in [(b, 1.0), (c, 1.0), (b, 1.0)] {
            builder.interact(Interaction {
                subject: Some(counted),
                weight,
                ..Interaction::new(actor, a, Kind::Repost)
            });
        }
        // A repost of a post with a public count does not add to it.
        builder.interact(Interaction {
            subject: Some(0),
            ..Interaction::new(c, a, Kind::Repost)
        });
        builder.finish()
    }

    #[test]
    fn reposts_per_post_mixes_public_and_counted_post_by_post() {
        let network = network();
        let values = reposts_per_post(&network);
        assert_eq!(values[0], (5.0 + 2.0 + 3.0 + 0.0) / 4.0);
        assert!(values[1].is_nan() && values[2].is_nan());
    }

    #[test]
    fn likes_per_post_averages_the_posts_that_have_a_count() {
        let values = likes_per_post(&network());
        assert_eq!(values[0], 10.0);
        assert!(values[1].is_nan());
    }

    #[test]
    fn t_factor_counts_own_posts_only() {
        // a: reposts 5, 3, 2, 0 → t = 2; b has only a repost; c has no posts.
        assert_eq!(t_factor(&network()), vec![2.0, 0.0, 0.0]);
    }
}
