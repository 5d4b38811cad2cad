//! What accounts and groups talk about: their top hashtags, linked domains and post
//! languages, with counts (e-Diplomacy's hashtag hot spots, Twiplomacy's languages,
//! NodeXL's top items per group).
//!
//! Counted over *collected* posts only (as the posting lenses do): a post merely
//! referenced by another says what was amplified, not what its author chose to post.
//! A count is the number of posts using the term (a post using a hashtag twice counts
//! once). Hashtags are lower-cased, domains lose `www.` (see [`crate::network::Terms`]).
//! Lists are ordered by count, highest first, then by term.
//!
//! Complexity: O(P + T log T) for P posts and T (post, term) pairs, whatever the
//! number of groups.

use serde::Serialize;

use crate::groups::Grouping;
use crate::network::{AccountIdx, Network, TermId, TermKind};

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TermCount {
    pub term: String,
    pub count: u32,
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Topics {
    /// Collected posts counted.
    pub posts: u32,
    pub hashtags: Vec<TermCount>,
    pub domains: Vec<TermCount>,
    pub languages: Vec<TermCount>,
}

/// Marks an account outside every group being counted.
const OUTSIDE: u32 = u32::MAX;

/// Topics of the posts of `accounts` together, `top` terms per list.
pub fn of_accounts(network: &Network, accounts: &[AccountIdx], top: usize) -> Topics {
    let mut of_account = vec![OUTSIDE; network.account_count()];
    for &account in accounts {
        if let Some(slot) = of_account.get_mut(account as usize) {
            *slot = 0;
        }
    }
    by_membership(network, &of_account, 1, top)
        .pop()
        .unwrap_or_default()
}

/// Topics of every account's posts.
pub fn overall(network: &Network, top: usize) -> Topics {
    let everyone = vec![0; network.account_count()];
    by_membership(network, &everyone, 1, top)
        .pop()
        .unwrap_or_default()
}

/// Topics of each group, in group order.
pub fn by_group(network: &Network, grouping: &Grouping, top: usize) -> Vec<Topics> {
    by_membership(network, &grouping.of_account, grouping.len(), top)
}

/// `of_account[v]` is `v`'s group in `0..groups`, or [`OUTSIDE`].
fn by_membership(network: &Network, of_account: &[u32], groups: usize, top: usize) -> Vec<Topics> {
    let records = &network.posts.records;
    let group_of_post = |post: usize| -> u32 {
        let record = &records[post];
        if record.collected {
            of_account[record.author as usize]
        } else {
            OUTSIDE
        }
    };
    let mut topics = vec![Topics::default(); groups];
    let mut uses: Vec<(u32, TermId)> = Vec::new();
    for (post, record) in records.iter().enumerate() {
        let group = group_of_post(post);
        if group == OUTSIDE {
            continue;
        }
        topics[group as usize].posts += 1;
        if let Some(lang) = record.lang {
            uses.push((group, lang));
        }
    }
    for &(post, term) in &network.posts.terms {
        let group = group_of_post(post as usize);
        let topic = matches!(network.terms.kind(term), TermKind::Hashtag | TermKind::Domain);
        if group != OUTSIDE && topic {
            uses.push((group, term));
        }
    }
    uses.sort_unstable();
    for run in uses.chunk_by(|a, b| a == b) {
        let (group, term) = run[0];
        let count = TermCount {
            term: network.terms.name(term).to_owned(),
            count: run.len() as u32,
        };
        let lists = &mut topics[group as usize];
        match network.terms.kind(term) {
            TermKind::Hashtag => lists.hashtags.push(count),
            TermKind::Domain => lists.domains.push(count),
            TermKind::Language => lists.languages.push(count),
            // Not a topic: the links themselves, kept for coordination detection.
            TermKind::Url => {}
        }
    }
    for lists in &mut topics {
        for list in [&mut lists.hashtags, &mut lists.domains, &mut lists.languages] {
            list.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.cmp(&b.term)));
            list.truncate(top);
        }
    }
    topics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{NetworkBuilder, Platform, PostInfo};

    fn count(term: &str, count: u32) -> TermCount {
        TermCount {
            term: term.into(),
            count,
        }
    }

    fn network() -> Network {
        let mut builder = NetworkBuilder::new();
        let [a, b, c] = ["a", "b", "c"].map(|id| builder.account(Platform::Twitter, id));
        for (account, country) in [(a, "FR"), (b, "FR"), (c, "DE")] {
            builder
                .account_mut(account)
                .attributes
                .insert("country".into(), country.into());
        }
        let mut post = |id: &str, author, lang, collected, tags: &[&str], domains: &[&str]| {
            let info = PostInfo {
                lang,
                collected,
                ..PostInfo::default()
            };
            let (post, _) = builder.post(Platform::Twitter, id, author, &info);
            for tag in tags {
                builder.tag_post(post, TermKind::Hashtag, tag);
            }
            for domain in domains {
                builder.tag_post(post, TermKind::Domain, domain);
            }
        };
        post(
            "1",
            a,
            Some("en"),
            true,
            &["G20", "#g20", "climate"],
            &["https://www.un.org/a"],
        );
        post("2", a, Some("fr"), true, &["climate"], &[]);
        post("3", b, Some("en"), true, &["trade"], &["un.org", "gov.fr"]);
        post("4", c, Some("de"), true, &["Klima"], &[]);
        post("5", c, Some("de"), false, &["ignored"], &["ignored.org"]);
        post("6", b, None, true, &["G20"], &[]);
        builder.finish()
    }

    #[test]
    fn one_account_counts_posts_using_each_term() {
        let network = network();
        let topics = of_accounts(&network, &[0], 10);
        assert_eq!(topics.posts, 2);
        assert_eq!(topics.hashtags, vec![count("climate", 2), count("g20", 1)]);
        assert_eq!(topics.domains, vec![count("un.org", 1)]);
        assert_eq!(topics.languages, vec![count("en", 1), count("fr", 1)]);
    }

    #[test]
    fn groups_and_everyone_with_a_top_cut() {
        let network = network();
        let grouping = Grouping::by_attribute(&network, "country");
        let topics = by_group(&network, &grouping, 2);
        assert_eq!(grouping.names, vec!["DE", "FR"]);
        assert_eq!(topics[0].posts, 1);
        assert_eq!(topics[0].hashtags, vec![count("klima", 1)]);
        assert_eq!(topics[1].posts, 4);
        assert_eq!(topics[1].hashtags, vec![count("climate", 2), count("g20", 2)]);
        assert_eq!(topics[1].domains, vec![count("un.org", 2), count("gov.fr", 1)]);
        assert_eq!(topics[1].languages, vec![count("en", 2), count("fr", 1)]);
        let all = overall(&network, 1);
        assert_eq!(all.posts, 5);
        assert_eq!(all.hashtags, vec![count("climate", 2)]);
        assert_eq!(all.languages, vec![count("en", 2)]);
    }
}
