//! The interaction network every format is read into and every metric reads from.
//!
//! An *account* is keyed by its platform and the id the platform gives it, kept as a
//! string end to end (Twitter, Mastodon and Bluesky ids exceed 2^53 and would be
//! corrupted by a float). An *interaction* is one event of attention, `actor → target`:
//! the target is the account that receives attention (the followed, the reposted, the
//! quoted, the replied-to, the mentioned). Events are deduplicated by their identity
//! when the source gives one (a post id), and self-interactions are dropped and counted.
//!
//! [`NetworkBuilder`] is what ingest writes to; [`NetworkBuilder::finish`] resolves
//! accounts first seen by handle only and yields the immutable [`Network`].

use std::collections::hash_map::{DefaultHasher, Entry};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};

use serde::Serialize;

/// Index of an account inside one [`Network`] (or builder). Dense, `0..accounts.len()`.
pub type AccountIdx = u32;

/// Seconds since the Unix epoch, UTC.
pub type Timestamp = i64;

/// The kinds of attention one account pays another. `Link` is the kind of a
/// generic graph edge whose meaning the file does not say.
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

    /// Reads the names exporters use for a kind ("retweet", "boost", "Replies to", ...).
    pub fn parse(text: &str) -> Option<Kind> {
        let lower = text.trim().to_ascii_lowercase();
        let kind = match lower.as_str() {
            "follow" | "follows" | "followed" | "following" | "follower" | "friend" => Kind::Follow,
            "repost" | "reposts" | "retweet" | "retweets" | "retweeted" | "rt" | "boost"
            | "reblog" | "announce" | "share" => Kind::Repost,
            "quote" | "quotes" | "quoted" | "quote tweet" => Kind::Quote,
            "reply" | "replies" | "replies to" | "replied_to" | "replied to" | "in reply to" => {
                Kind::Reply
            }
            "mention" | "mentions" | "mentioned" => Kind::Mention,
            "link" | "edge" | "interaction" => Kind::Link,
            _ => return None,
        };
        Some(kind)
    }
}

/// Which platform an account id belongs to. Two platforms may reuse the same id
/// string for different people, so the platform is part of the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// A graph file or table whose ids are whatever the file says.
    Generic,
    Twitter,
    Mastodon,
    Bluesky,
}

/// One account (a node).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Account {
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
}

/// What happened to an interaction offered to the builder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    New,
    Duplicate,
    SelfInteraction,
}

/// Interactions stored column-wise: ingest appends, metrics scan.
#[derive(Clone, Debug, Default)]
pub struct Interactions {
    pub actor: Vec<AccountIdx>,
    pub target: Vec<AccountIdx>,
    pub kind: Vec<Kind>,
    pub weight: Vec<f64>,
    /// `i64::MIN` where the event has no timestamp.
    pub time: Vec<Timestamp>,
    key: Vec<Option<EventKey>>,
}

/// Marks an interaction without a timestamp in [`Interactions::time`].
pub const NO_TIME: Timestamp = i64::MIN;

impl Interactions {
    pub fn len(&self) -> usize {
        self.actor.len()
    }

    pub fn is_empty(&self) -> bool {
        self.actor.is_empty()
    }

    fn push(&mut self, event: &Interaction) {
        self.actor.push(event.actor);
        self.target.push(event.target);
        self.kind.push(event.kind);
        self.weight.push(event.weight);
        self.time.push(event.time.unwrap_or(NO_TIME));
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
        filter(&mut self.key, keep);
    }
}

/// The finished, immutable network.
#[derive(Clone, Debug, Default)]
pub struct Network {
    pub accounts: Vec<Account>,
    pub interactions: Interactions,
    /// Self-interactions seen and dropped.
    pub self_interactions: u64,
    /// Interactions seen more than once and counted once.
    pub duplicates: u64,
}

/// Counts that summarise a network (what `attache inspect` prints).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NetworkSummary {
    /// Accounts.
    pub nodes: usize,
    /// Distinct actor → target pairs.
    pub edges: usize,
    /// Distinct interaction events by kind, self-interactions excluded. Kinds with none are omitted.
    pub interactions: BTreeMap<Kind, u64>,
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
        let pairs: HashSet<(AccountIdx, AccountIdx)> = self
            .interactions
            .actor
            .iter()
            .copied()
            .zip(self.interactions.target.iter().copied())
            .collect();
        NetworkSummary {
            nodes: self.accounts.len(),
            edges: pairs.len(),
            interactions,
            self_interactions: self.self_interactions,
            duplicates: self.duplicates,
        }
    }
}

/// Accumulates accounts and interactions from any number of files.
#[derive(Debug, Default)]
pub struct NetworkBuilder {
    accounts: Vec<Account>,
    /// Id → account, one map per platform (indexed by `Platform as usize`), so lookups borrow a `&str`.
    by_key: [HashMap<String, AccountIdx>; 4],
    /// Lower-cased handle → account, per platform. Handles are case-insensitive on every platform we read.
    by_handle: HashMap<(Platform, String), AccountIdx>,
    /// Accounts created from a handle alone, waiting for the id to appear.
    provisional: HashSet<AccountIdx>,
    /// Provisional account → the real account it turned out to be.
    merged_into: HashMap<AccountIdx, AccountIdx>,
    interactions: Interactions,
    seen: HashSet<(EventKey, Kind, AccountIdx)>,
    self_interactions: u64,
    duplicates: u64,
}

impl NetworkBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn account_count(&self) -> usize {
        self.accounts.len()
    }

    pub fn interaction_count(&self) -> usize {
        self.interactions.len()
    }

    /// The account with this platform id, created on first sight.
    pub fn account(&mut self, platform: Platform, id: &str) -> AccountIdx {
        if let Some(&idx) = self.by_key[platform as usize].get(id) {
            return idx;
        }
        self.create(platform, id)
    }

    fn create(&mut self, platform: Platform, id: &str) -> AccountIdx {
        let idx = AccountIdx::try_from(self.accounts.len()).expect("more than 2^32 accounts");
        self.accounts.push(Account {
            id: id.to_owned(),
            ..Account::default()
        });
        self.by_key[platform as usize].insert(id.to_owned(), idx);
        idx
    }

    /// The account known by this handle. When no id is known for it yet, a provisional
    /// account is created; [`NetworkBuilder::set_handle`] later joins it to the real one.
    pub fn account_by_handle(&mut self, platform: Platform, handle: &str) -> AccountIdx {
        let handle = normalise_handle(handle);
        let key = (platform, handle.to_ascii_lowercase());
        if let Some(&idx) = self.by_handle.get(&key) {
            return idx;
        }
        let idx = self.create(platform, &format!("@{handle}"));
        self.accounts[idx as usize].handle = Some(handle.to_owned());
        self.provisional.insert(idx);
        self.by_handle.insert(key, idx);
        idx
    }

    /// Records the account's latest handle; joins any provisional account created for it.
    pub fn set_handle(&mut self, platform: Platform, idx: AccountIdx, handle: &str) {
        let handle = normalise_handle(handle);
        if handle.is_empty() {
            return;
        }
        let key = (platform, handle.to_ascii_lowercase());
        match self.by_handle.entry(key) {
            Entry::Occupied(mut entry) => {
                let previous = *entry.get();
                if previous != idx && self.provisional.contains(&previous) {
                    self.merged_into.insert(previous, idx);
                    self.provisional.remove(&previous);
                }
                entry.insert(idx);
            }
            Entry::Vacant(entry) => {
                entry.insert(idx);
            }
        }
        self.accounts[idx as usize].handle = Some(handle.to_owned());
    }

    /// Mutable access to an account's descriptive fields (label, name, attributes, counts).
    pub fn account_mut(&mut self, idx: AccountIdx) -> &mut Account {
        &mut self.accounts[idx as usize]
    }

    /// Offers one interaction; duplicates (same key, kind and target) and self-interactions are not stored.
    pub fn interact(&mut self, event: Interaction) -> Added {
        if event.actor == event.target {
            self.self_interactions += 1;
            return Added::SelfInteraction;
        }
        if let Some(key) = event.key {
            if !self.seen.insert((key, event.kind, event.target)) {
                self.duplicates += 1;
                return Added::Duplicate;
            }
        }
        self.interactions.push(&event);
        Added::New
    }

    /// Resolves provisional accounts and returns the finished network.
    pub fn finish(mut self) -> Network {
        if !self.merged_into.is_empty() {
            self.apply_merges();
        }
        Network {
            accounts: self.accounts,
            interactions: self.interactions,
            self_interactions: self.self_interactions,
            duplicates: self.duplicates,
        }
    }

    /// Rewrites interactions of merged provisional accounts onto their real accounts,
    /// drops the provisional accounts, and removes what became duplicates or self-interactions.
    fn apply_merges(&mut self) {
        let canonical = |mut idx: AccountIdx, merged: &HashMap<AccountIdx, AccountIdx>| {
            while let Some(&next) = merged.get(&idx) {
                idx = next;
            }
            idx
        };
        let mut new_index = vec![u32::MAX; self.accounts.len()];
        let mut kept = Vec::with_capacity(self.accounts.len());
        for (old, account) in std::mem::take(&mut self.accounts).into_iter().enumerate() {
            if !self.merged_into.contains_key(&(old as AccountIdx)) {
                new_index[old] = kept.len() as AccountIdx;
                kept.push(account);
            }
        }
        for old in 0..new_index.len() {
            let root = canonical(old as AccountIdx, &self.merged_into);
            new_index[old] = new_index[root as usize];
        }
        self.accounts = kept;

        let events = &mut self.interactions;
        let mut seen = HashSet::new();
        let mut keep = vec![true; events.len()];
        for i in 0..events.len() {
            events.actor[i] = new_index[events.actor[i] as usize];
            events.target[i] = new_index[events.target[i] as usize];
            if events.actor[i] == events.target[i] {
                self.self_interactions += 1;
                keep[i] = false;
            } else if let Some(key) = events.key[i] {
                if !seen.insert((key, events.kind[i], events.target[i])) {
                    self.duplicates += 1;
                    keep[i] = false;
                }
            }
        }
        events.retain_indices(&keep);
        // Indices changed: the lookup maps are stale. The builder is consumed by `finish`.
        self.by_key = Default::default();
        self.by_handle.clear();
    }
}

fn normalise_handle(handle: &str) -> &str {
    handle.trim().trim_start_matches('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(
        actor: AccountIdx,
        target: AccountIdx,
        kind: Kind,
        key: Option<EventKey>,
    ) -> Interaction {
        Interaction {
            actor,
            target,
            kind,
            weight: 1.0,
            time: None,
            key,
        }
    }

    #[test]
    fn ids_stay_exact_strings() {
        let mut builder = NetworkBuilder::new();
        let big = "1440720000000000001";
        let a = builder.account(Platform::Twitter, big);
        assert_eq!(builder.account(Platform::Twitter, big), a);
        assert_ne!(builder.account(Platform::Generic, big), a);
        assert_eq!(builder.finish().accounts[0].id, big);
    }

    #[test]
    fn duplicates_and_self_interactions_are_counted_not_stored() {
        let mut builder = NetworkBuilder::new();
        let a = builder.account(Platform::Generic, "a");
        let b = builder.account(Platform::Generic, "b");
        let key = Some(EventKey::of_post(Platform::Twitter, "99"));
        assert_eq!(builder.interact(event(a, b, Kind::Repost, key)), Added::New);
        assert_eq!(
            builder.interact(event(a, b, Kind::Repost, key)),
            Added::Duplicate
        );
        assert_eq!(
            builder.interact(event(a, b, Kind::Mention, key)),
            Added::New
        );
        assert_eq!(
            builder.interact(event(a, a, Kind::Reply, None)),
            Added::SelfInteraction
        );
        assert_eq!(builder.interact(event(a, b, Kind::Link, None)), Added::New);
        assert_eq!(builder.interact(event(a, b, Kind::Link, None)), Added::New);
        let summary = builder.finish().summary();
        assert_eq!(summary.edges, 1);
        assert_eq!(summary.self_interactions, 1);
        assert_eq!(summary.duplicates, 1);
        assert_eq!(summary.interactions[&Kind::Link], 2);
        assert_eq!(summary.interactions[&Kind::Repost], 1);
    }

    #[test]
    fn an_account_seen_by_handle_joins_its_id_later() {
        let mut builder = NetworkBuilder::new();
        let owner = builder.account(Platform::Twitter, "1");
        let by_handle = builder.account_by_handle(Platform::Twitter, "@MFA_a");
        let key = Some(EventKey::of_post(Platform::Twitter, "10"));
        builder.interact(event(owner, by_handle, Kind::Quote, key));
        let real = builder.account(Platform::Twitter, "222");
        builder.set_handle(Platform::Twitter, real, "mfa_a");
        builder.interact(event(owner, real, Kind::Quote, key));
        let network = builder.finish();
        assert_eq!(network.accounts.len(), 2);
        assert_eq!(network.interactions.len(), 1);
        assert_eq!(
            network.accounts[network.interactions.target[0] as usize].id,
            "222"
        );
        assert_eq!(network.duplicates, 1);
    }

    #[test]
    fn kind_names_from_exporters() {
        assert_eq!(Kind::parse("Retweet"), Some(Kind::Repost));
        assert_eq!(Kind::parse("Replies to"), Some(Kind::Reply));
        assert_eq!(Kind::parse("MENTIONS"), Some(Kind::Mention));
        assert_eq!(Kind::parse("Directed"), None);
    }
}
