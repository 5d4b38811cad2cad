//! The interaction network every format is read into and every metric reads from.
//!
//! An *account* is keyed by its platform and the id the platform gives it, kept as a
//! string end to end (Twitter, Mastodon and Bluesky ids exceed 2^53 and would be
//! corrupted by a float). An *interaction* is one event of attention, `actor → target`:
//! the target is the account that receives attention (the followed, the reposted, the
//! quoted, the replied-to, the mentioned). Events are deduplicated by their identity
//! when the source gives one (a post id), and self-interactions are dropped and counted.
//! *Posts* keep what the scores need of each post (author, kind, time, language,
//! hashtags, domains, public counts), never the text.
//!
//! [`NetworkBuilder`] is what ingest writes to; [`NetworkBuilder::finish`] resolves
//! accounts first seen by handle only and yields the immutable [`Network`].

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use serde::Serialize;

mod builder;
mod id_key;
pub mod imported;
mod memory;
mod posts;

pub use builder::{NetworkBuilder, NodeRow, NodeRowCounts, NodeRowNote, NodeRowReport};
pub use imported::{ImportedColumn, ImportedScores};
pub use posts::{
    normalise_url, PostInfo, PostKind, PostRecord, Posts, PublicCounts, TermId, TermKind, Terms,
};

/// Index of an account inside one [`Network`] (or builder). Dense, `0..accounts.len()`.
pub type AccountIdx = u32;

/// Index of a post inside one [`Network`] (or builder).
pub type PostIdx = u32;

/// Marks "no post" in [`Interactions::subject`].
pub const NO_POST: PostIdx = u32::MAX;

/// Seconds since the Unix epoch, UTC.
pub type Timestamp = i64;

/// Marks an interaction or post without a timestamp.
pub const NO_TIME: Timestamp = i64::MIN;

/// The kinds of attention one account pays another. `Link` is the kind of a
/// generic graph edge whose meaning the file does not say.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Follow,
    Repost,
    Quote,
    Reply,
    Mention,
    Link,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Follow,
        Kind::Repost,
        Kind::Quote,
        Kind::Reply,
        Kind::Mention,
        Kind::Link,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Follow => "follow",
            Kind::Repost => "repost",
            Kind::Quote => "quote",
            Kind::Reply => "reply",
            Kind::Mention => "mention",
            Kind::Link => "link",
        }
    }

    /// Position in [`Kind::ALL`], for per-kind arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The kind whose id ([`Kind::as_str`]) is `id`, exactly; the error lists the ids.
    /// (Settings, weights and parameters name kinds by id; [`Kind::parse`] is for files.)
    pub fn from_id(id: &str) -> Result<Kind, String> {
        Kind::ALL.into_iter().find(|k| k.as_str() == id).ok_or_else(|| {
            let ids: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown interaction kind '{id}'; kinds: {}", ids.join(", "))
        })
    }

    /// Reads the names exporters use for a kind ("retweet", "boost", "Replies to", ...).
    pub fn parse(text: &str) -> Option<Kind> {
        let lower = text.trim().to_ascii_lowercase();
        let kind = match lower.as_str() {
            "follow" | "follows" | "followed" | "following" | "follower" | "friend" => Kind::Follow,
            "repost" | "reposts" | "retweet" | "retweets" | "retweeted" | "rt" | "boost" | "reblog"
            | "announce" | "share" => Kind::Repost,
            "quote" | "quotes" | "quoted" | "quote tweet" => Kind::Quote,
            "reply" | "replies" | "replies to" | "replied_to" | "replied to" | "in reply to" => Kind::Reply,
            "mention" | "mentions" | "mentioned" => Kind::Mention,
            "link" | "edge" | "interaction" => Kind::Link,
            _ => return None,
        };
        Some(kind)
    }
}

/// Which platform an account id belongs to. Two platforms may reuse the same id
/// string for different people, so the platform is part of the key.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// A graph file or table whose ids are whatever the file says.
    #[default]
    Generic,
    Twitter,
    Mastodon,
    Bluesky,
}

impl Platform {
    pub const COUNT: usize = 4;
}

/// One account (a node).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Account {
    pub platform: Platform,
    /// The id exactly as the input gives it (for an edge list, the string in the file).
    pub id: String,
    /// An explicit label from the file (graph files), if any.
    pub label: Option<String>,
    /// The latest handle seen (without a leading `@`).
    pub handle: Option<String>,
    /// The latest display name seen.
    pub name: Option<String>,
    /// Free-form attributes: country, category, group, anything a node table carries.
    pub attributes: BTreeMap<String, String>,
    /// The platform's public audience count, where the export has it.
    pub followers: Option<u64>,
    /// How many accounts it follows, per the platform.
    pub following: Option<u64>,
    /// How many posts it has made in all, per the platform (not just those in the data).
    pub posts_count: Option<u64>,
    /// When the account was created, per the platform.
    pub created: Option<Timestamp>,
}

impl Account {
    /// What to show for the account: the file's label, else the handle, else the name, else the id.
    pub fn display_label(&self) -> &str {
        self.label
            .as_deref()
            .or(self.handle.as_deref())
            .or(self.name.as_deref())
            .unwrap_or(&self.id)
    }

    /// Fills fields this account lacks from `other` (used when two records turn out to be one account).
    pub(crate) fn absorb(&mut self, other: Account) {
        fn fill<T>(mine: &mut Option<T>, theirs: Option<T>) {
            if mine.is_none() {
                *mine = theirs;
            }
        }
        fill(&mut self.label, other.label);
        fill(&mut self.handle, other.handle);
        fill(&mut self.name, other.name);
        fill(&mut self.followers, other.followers);
        fill(&mut self.following, other.following);
        fill(&mut self.posts_count, other.posts_count);
        fill(&mut self.created, other.created);
        for (key, value) in other.attributes {
            self.attributes.entry(key).or_insert(value);
        }
    }
}

/// Identifies one event so that the same interaction seen twice (overlapping
/// collections, a retweet and its embedded original) counts once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EventKey(u64);

impl EventKey {
    /// The event made by one post (a repost, a quote, a reply, a mention in it).
    /// Together with the kind and the target it identifies the interaction.
    pub fn of_post(platform: Platform, post_id: &str) -> EventKey {
        EventKey(stable_hash(&(platform, "post", post_id)))
    }

    /// An event with no post behind it (a follow): identified by its two ends.
    pub fn of_relation(platform: Platform, actor_id: &str, target_id: &str) -> EventKey {
        EventKey(stable_hash(&(platform, "relation", actor_id, target_id)))
    }
}

impl EventKey {
    /// The key as a number, to be written out (`attache convert`) and compared after a union
    /// of shards: the same event read on another machine gets the same number, so long as
    /// the shards are converted by the same release of attaché (the hash is std's SipHash).
    pub fn as_u64(self) -> u64 {
        self.0
    }
}

/// A hash that is the same on every run and every target (SipHash with fixed keys),
/// so deduplication, and hence every result, is deterministic.
fn stable_hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// One interaction as ingest reports it.
#[derive(Clone, Copy, Debug)]
pub struct Interaction {
    pub actor: AccountIdx,
    pub target: AccountIdx,
    pub kind: Kind,
    /// How many interactions this event stands for (1 for a post; a table's weight column).
    pub weight: f64,
    pub time: Option<Timestamp>,
    /// `None` when the source gives no identity (a row of an edge list): every row counts.
    pub key: Option<EventKey>,
    /// The post the attention goes to (the reposted, quoted or replied-to post), if known.
    pub subject: Option<PostIdx>,
}

impl Interaction {
    /// An interaction of weight 1 with no time, key or subject; set those with struct update.
    pub fn new(actor: AccountIdx, target: AccountIdx, kind: Kind) -> Self {
        Interaction {
            actor,
            target,
            kind,
            weight: 1.0,
            time: None,
            key: None,
            subject: None,
        }
    }
}

/// What happened to an interaction offered to the builder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    New,
    Duplicate,
    SelfInteraction,
    /// Its kind is left out ([`NetworkBuilder::leave_out_kinds`]).
    LeftOut,
}

/// Interactions stored column-wise: ingest appends, metrics scan.
#[derive(Clone, Debug, Default)]
pub struct Interactions {
    pub actor: Vec<AccountIdx>,
    pub target: Vec<AccountIdx>,
    pub kind: Vec<Kind>,
    pub weight: Vec<f64>,
    /// [`NO_TIME`] where the event has no timestamp.
    pub time: Vec<Timestamp>,
    /// [`NO_POST`] where the event is about no particular post.
    pub subject: Vec<PostIdx>,
    key: Vec<Option<EventKey>>,
}

impl Interactions {
    pub fn len(&self) -> usize {
        self.actor.len()
    }

    pub fn is_empty(&self) -> bool {
        self.actor.is_empty()
    }

    /// The identity of interaction `i`, if its source gives one.
    pub fn key(&self, i: usize) -> Option<EventKey> {
        self.key[i]
    }

    fn push(&mut self, event: &Interaction) {
        self.actor.push(event.actor);
        self.target.push(event.target);
        self.kind.push(event.kind);
        self.weight.push(event.weight);
        self.time.push(event.time.unwrap_or(NO_TIME));
        self.subject.push(event.subject.unwrap_or(NO_POST));
        self.key.push(event.key);
    }

    fn retain_indices(&mut self, keep: &[bool]) {
        fn filter<T: Copy>(values: &mut Vec<T>, keep: &[bool]) {
            let mut i = 0;
            values.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
        filter(&mut self.actor, keep);
        filter(&mut self.target, keep);
        filter(&mut self.kind, keep);
        filter(&mut self.weight, keep);
        filter(&mut self.time, keep);
        filter(&mut self.subject, keep);
        filter(&mut self.key, keep);
    }
}

/// The finished, immutable network.
#[derive(Clone, Debug, Default)]
pub struct Network {
    pub accounts: Vec<Account>,
    pub interactions: Interactions,
    pub posts: Posts,
    /// Hashtags, domains and languages used by the posts.
    pub terms: Terms,
    /// Self-interactions seen and dropped.
    pub self_interactions: u64,
    /// Interactions seen more than once and counted once.
    pub duplicates: u64,
    /// What became of the node-table rows (matched, added, ambiguous), by input.
    pub node_rows: NodeRowReport,
    /// Scores read with the accounts (a scores table), by column.
    pub imported: ImportedScores,
    /// The ids a shard needs to be merged with others, when kept
    /// ([`NetworkBuilder::keep_identities`]).
    pub identities: Option<Identities>,
    /// The owners of the account exports read (X, Mastodon, Bluesky), in the order first
    /// seen: each such export is an ego network around its owner. Empty for collections.
    pub owners: Vec<AccountIdx>,
}

/// What a network read as one shard of a larger collection keeps so that shards can be
/// merged after their union (`attache convert`, docs/SCALE.md): what the builder otherwise
/// forgets at finish. Kept only when asked: the page never needs it, and the post ids
/// alone cost about as much memory as the posts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Identities {
    /// The platform's id of every post, by [`PostIdx`].
    pub post_ids: Vec<String>,
    /// The platform each post id belongs to, by [`PostIdx`].
    pub post_platforms: Vec<Platform>,
    /// Per account, the time of the dated profile snapshot its fields were last taken
    /// from ([`NO_TIME`]: none was dated), which decides which shard's profile is the latest.
    pub profile_times: Vec<Timestamp>,
    /// Per account, whether it is known by handle only (its id is `@handle`): another
    /// shard may know the id, and the join by handle happens after the union.
    pub handle_only: Vec<bool>,
}

/// Counts that summarise a network (what `attache inspect` prints).
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NetworkSummary {
    /// Accounts.
    pub nodes: usize,
    /// Distinct actor → target pairs.
    pub edges: usize,
    /// Distinct interaction events by kind, self-interactions excluded. Kinds with none are omitted.
    pub interactions: BTreeMap<Kind, u64>,
    /// Distinct posts known (collected or referenced).
    pub posts: usize,
    pub self_interactions: u64,
    pub duplicates: u64,
}

impl Network {
    pub fn account_count(&self) -> usize {
        self.accounts.len()
    }

    pub fn summary(&self) -> NetworkSummary {
        let mut interactions = BTreeMap::new();
        for &kind in &self.interactions.kind {
            *interactions.entry(kind).or_insert(0u64) += 1;
        }
        // Distinct pairs by sorting packed pairs: a hash set of ten million pairs cost
        // more than reading their file's ids.
        let mut pairs: Vec<u64> = self
            .interactions
            .actor
            .iter()
            .zip(&self.interactions.target)
            .map(|(&actor, &target)| (u64::from(actor) << 32) | u64::from(target))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        NetworkSummary {
            nodes: self.accounts.len(),
            edges: pairs.len(),
            interactions,
            posts: self.posts.len(),
            self_interactions: self.self_interactions,
            duplicates: self.duplicates,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_from_exporters() {
        assert_eq!(Kind::parse("Retweet"), Some(Kind::Repost));
        assert_eq!(Kind::parse("Replies to"), Some(Kind::Reply));
        assert_eq!(Kind::parse("MENTIONS"), Some(Kind::Mention));
        assert_eq!(Kind::parse("Directed"), None);
    }

    #[test]
    fn labels_prefer_the_file_then_the_handle() {
        let mut account = Account {
            id: "42".into(),
            ..Account::default()
        };
        assert_eq!(account.display_label(), "42");
        account.name = Some("Embassy".into());
        assert_eq!(account.display_label(), "Embassy");
        account.handle = Some("emb".into());
        assert_eq!(account.display_label(), "emb");
        account.label = Some("Label".into());
        assert_eq!(account.display_label(), "Label");
    }
}
