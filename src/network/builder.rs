//! [`NetworkBuilder`]: what every format reader writes to.
//!
//! It keys accounts by platform and id, joins accounts first seen by handle (or as a
//! placeholder, such as an archive's owner before `account.js` is read) to their real
//! record, deduplicates interactions by [`EventKey`] and posts by id, and drops
//! self-interactions. [`NetworkBuilder::finish`] applies the joins and yields the
//! immutable [`Network`].

use std::collections::{HashMap, HashSet};

use super::posts::{PostInfo, Posts, TermKind, Terms};
use super::{
    Account, AccountIdx, Added, EventKey, Interaction, Interactions, Kind, Network, Platform, PostIdx,
    Timestamp, NO_POST,
};

#[derive(Debug, Default)]
pub struct NetworkBuilder {
    accounts: Vec<Account>,
    /// Id → account, one map per platform (indexed by `Platform as usize`), so lookups borrow a `&str`.
    by_key: [HashMap<String, AccountIdx>; Platform::COUNT],
    /// Lower-cased handle → account, per platform. Handles are case-insensitive on every platform we read.
    by_handle: [HashMap<String, AccountIdx>; Platform::COUNT],
    /// Accounts created from a handle alone, waiting for the id to appear.
    provisional: HashSet<AccountIdx>,
    /// Account → the account it turned out to be.
    merged_into: HashMap<AccountIdx, AccountIdx>,
    interactions: Interactions,
    seen: HashSet<(EventKey, Kind, AccountIdx)>,
    posts: Posts,
    by_post_id: [HashMap<String, PostIdx>; Platform::COUNT],
    terms: Terms,
    self_interactions: u64,
    duplicates: u64,
    /// When each account's profile fields were last taken from a dated snapshot.
    profile_times: HashMap<AccountIdx, Timestamp>,
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

    pub fn post_count(&self) -> usize {
        self.posts.len()
    }

    /// Kinds of the interactions stored so far, in order (for per-file counts).
    pub fn interaction_kinds(&self) -> &[Kind] {
        &self.interactions.kind
    }

    /// The account with this platform id, created on first sight.
    pub fn account(&mut self, platform: Platform, id: &str) -> AccountIdx {
        if let Some(&idx) = self.by_key[platform as usize].get(id) {
            return idx;
        }
        self.create(platform, id)
    }

    /// The account with this platform id, if it exists.
    pub fn find_account(&self, platform: Platform, id: &str) -> Option<AccountIdx> {
        self.by_key[platform as usize].get(id).copied()
    }

    fn create(&mut self, platform: Platform, id: &str) -> AccountIdx {
        let idx = AccountIdx::try_from(self.accounts.len()).expect("more than 2^32 accounts");
        self.accounts.push(Account {
            platform,
            id: id.to_owned(),
            ..Account::default()
        });
        self.by_key[platform as usize].insert(id.to_owned(), idx);
        idx
    }

    /// The account known by this handle. When no id is known for it yet, a provisional
    /// account (id `@handle`) is created; [`NetworkBuilder::set_handle`] later joins it
    /// to the real one.
    pub fn account_by_handle(&mut self, platform: Platform, handle: &str) -> AccountIdx {
        let handle = normalise_handle(handle);
        let key = handle.to_lowercase();
        if let Some(&idx) = self.by_handle[platform as usize].get(&key) {
            return idx;
        }
        let idx = self.create(platform, &format!("@{handle}"));
        self.accounts[idx as usize].handle = Some(handle.to_owned());
        self.provisional.insert(idx);
        self.by_handle[platform as usize].insert(key, idx);
        idx
    }

    /// The account with this handle, if one is known.
    pub fn find_by_handle(&self, platform: Platform, handle: &str) -> Option<AccountIdx> {
        let key = normalise_handle(handle).to_lowercase();
        self.by_handle[platform as usize].get(&key).copied()
    }

    /// Records the account's latest handle; joins any provisional account created for it.
    pub fn set_handle(&mut self, platform: Platform, idx: AccountIdx, handle: &str) {
        let handle = normalise_handle(handle);
        if handle.is_empty() {
            return;
        }
        let key = handle.to_lowercase();
        let previous = self.by_handle[platform as usize].insert(key, idx);
        if let Some(previous) = previous {
            if previous != idx && self.provisional.contains(&previous) {
                self.merge_accounts(previous, idx);
            }
        }
        self.accounts[idx as usize].handle = Some(handle.to_owned());
    }

    /// Declares that `from` and `into` are the same account: from now on lookups of
    /// `from`'s id and handle give `into`, fields `into` lacks are taken from `from`,
    /// and at [`finish`](Self::finish) every interaction and post of `from` moves to `into`.
    pub fn merge_accounts(&mut self, from: AccountIdx, into: AccountIdx) {
        let from = self.resolve(from);
        let into = self.resolve(into);
        if from == into {
            return;
        }
        self.merged_into.insert(from, into);
        self.provisional.remove(&from);
        let absorbed = std::mem::take(&mut self.accounts[from as usize]);
        let platform = absorbed.platform;
        self.by_key[platform as usize].insert(absorbed.id.clone(), into);
        if let Some(handle) = &absorbed.handle {
            self.by_handle[platform as usize].insert(handle.to_lowercase(), into);
        }
        // Keep the id so the placeholder can still be found, as the merged account.
        self.accounts[from as usize].id = absorbed.id.clone();
        self.accounts[from as usize].platform = platform;
        self.accounts[into as usize].absorb(absorbed);
    }

    /// Follows merges to the account that stands.
    pub fn resolve(&self, mut idx: AccountIdx) -> AccountIdx {
        while let Some(&next) = self.merged_into.get(&idx) {
            idx = next;
        }
        idx
    }

    /// Mutable access to an account's descriptive fields (label, name, attributes, counts).
    pub fn account_mut(&mut self, idx: AccountIdx) -> &mut Account {
        let idx = self.resolve(idx);
        &mut self.accounts[idx as usize]
    }

    pub fn account_ref(&self, idx: AccountIdx) -> &Account {
        &self.accounts[self.resolve(idx) as usize]
    }

    /// Whether a profile snapshot (handle, name, counts) taken at `taken_at` is at least
    /// as recent as the one the account's fields came from; if so it is recorded as the
    /// latest. A snapshot without a time counts as the latest (the last one seen wins), so
    /// readers overwrite with newer or undated snapshots and only fill gaps from older ones.
    pub fn is_latest_profile(&mut self, idx: AccountIdx, taken_at: Option<Timestamp>) -> bool {
        let Some(time) = taken_at else {
            return true;
        };
        let idx = self.resolve(idx);
        match self.profile_times.get(&idx) {
            Some(&latest) if latest > time => false,
            _ => {
                self.profile_times.insert(idx, time);
                true
            }
        }
    }

    /// Offers one interaction; duplicates (same key, kind and target) and self-interactions are not stored.
    pub fn interact(&mut self, mut event: Interaction) -> Added {
        event.actor = self.resolve(event.actor);
        event.target = self.resolve(event.target);
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

    /// The post with this id: created on first sight, completed when seen again
    /// (missing fields filled, larger public counts kept). Returns its index and
    /// whether it was new.
    pub fn post(
        &mut self,
        platform: Platform,
        post_id: &str,
        author: AccountIdx,
        info: &PostInfo,
    ) -> (PostIdx, bool) {
        let lang = info
            .lang
            .and_then(|lang| self.terms.intern(TermKind::Language, lang));
        if let Some(&idx) = self.by_post_id[platform as usize].get(post_id) {
            self.posts.update(idx, info, lang);
            return (idx, false);
        }
        let idx = self.posts.add(self.resolve(author), info, lang);
        self.by_post_id[platform as usize].insert(post_id.to_owned(), idx);
        (idx, true)
    }

    /// The post with this id, if known.
    pub fn find_post(&self, platform: Platform, post_id: &str) -> Option<PostIdx> {
        self.by_post_id[platform as usize].get(post_id).copied()
    }

    /// Author of a known post.
    pub fn post_author(&self, post: PostIdx) -> AccountIdx {
        self.resolve(self.posts.records[post as usize].author)
    }

    /// Attaches a hashtag or domain to a post (repeats are removed at finish).
    pub fn tag_post(&mut self, post: PostIdx, kind: TermKind, text: &str) {
        if let Some(term) = self.terms.intern(kind, text) {
            self.posts.terms.push((post, term));
        }
    }

    /// Resolves joined accounts and returns the finished network.
    pub fn finish(mut self) -> Network {
        if !self.merged_into.is_empty() {
            self.apply_merges();
        }
        self.posts.sort_terms();
        Network {
            accounts: self.accounts,
            interactions: self.interactions,
            posts: self.posts,
            terms: self.terms,
            self_interactions: self.self_interactions,
            duplicates: self.duplicates,
        }
    }

    /// Rewrites interactions and posts of merged accounts onto the accounts they joined,
    /// drops the merged accounts, and removes what became duplicates or self-interactions.
    fn apply_merges(&mut self) {
        let mut new_index = vec![u32::MAX; self.accounts.len()];
        let mut kept = Vec::with_capacity(self.accounts.len());
        for (old, account) in std::mem::take(&mut self.accounts).into_iter().enumerate() {
            if !self.merged_into.contains_key(&(old as AccountIdx)) {
                new_index[old] = kept.len() as AccountIdx;
                kept.push(account);
            }
        }
        for old in 0..new_index.len() {
            let root = self.resolve(old as AccountIdx);
            new_index[old] = new_index[root as usize];
        }
        self.accounts = kept;

        for post in &mut self.posts.records {
            post.author = new_index[post.author as usize];
        }
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
        debug_assert!(events
            .subject
            .iter()
            .all(|&s| s == NO_POST || (s as usize) < self.posts.len()));
        // Indices changed: the lookup maps are stale. The builder is consumed by `finish`.
        self.by_key = Default::default();
        self.by_handle = Default::default();
    }
}

fn normalise_handle(handle: &str) -> &str {
    handle.trim().trim_start_matches('@')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{PostKind, PublicCounts};

    fn event(actor: AccountIdx, target: AccountIdx, kind: Kind, key: Option<EventKey>) -> Interaction {
        Interaction {
            key,
            ..Interaction::new(actor, target, kind)
        }
    }

    #[test]
    fn ids_stay_exact_strings() {
        let mut builder = NetworkBuilder::new();
        let big = "1440720000000000001";
        let a = builder.account(Platform::Twitter, big);
        assert_eq!(builder.account(Platform::Twitter, big), a);
        assert_ne!(builder.account(Platform::Generic, big), a);
        let network = builder.finish();
        assert_eq!(network.accounts[0].id, big);
        assert_eq!(network.accounts[0].platform, Platform::Twitter);
    }

    #[test]
    fn duplicates_and_self_interactions_are_counted_not_stored() {
        let mut builder = NetworkBuilder::new();
        let a = builder.account(Platform::Generic, "a");
        let b = builder.account(Platform::Generic, "b");
        let key = Some(EventKey::of_post(Platform::Twitter, "99"));
        assert_eq!(builder.interact(event(a, b, Kind::Repost, key)), Added::New);
        assert_eq!(builder.interact(event(a, b, Kind::Repost, key)), Added::Duplicate);
        assert_eq!(builder.interact(event(a, b, Kind::Mention, key)), Added::New);
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
        assert_eq!(builder.account_by_handle(Platform::Twitter, "MFA_A"), real);
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
    fn a_placeholder_merges_into_the_real_account_with_its_posts() {
        let mut builder = NetworkBuilder::new();
        let placeholder = builder.account(Platform::Twitter, "archive owner");
        let other = builder.account(Platform::Twitter, "7");
        let (post, new) = builder.post(Platform::Twitter, "100", placeholder, &PostInfo::default());
        assert!(new);
        builder.interact(Interaction {
            subject: Some(post),
            ..Interaction::new(placeholder, other, Kind::Mention)
        });
        let owner = builder.account(Platform::Twitter, "1");
        builder.account_mut(owner).name = Some("Owner".into());
        builder.merge_accounts(placeholder, owner);
        assert_eq!(builder.account(Platform::Twitter, "archive owner"), owner);
        // An interaction from the real owner to the placeholder is now a self-interaction.
        assert_eq!(
            builder.interact(Interaction::new(owner, placeholder, Kind::Reply)),
            Added::SelfInteraction
        );
        let network = builder.finish();
        assert_eq!(network.accounts.len(), 2);
        let owner = network.accounts.iter().position(|a| a.id == "1").unwrap() as u32;
        assert_eq!(network.posts.records[0].author, owner);
        assert_eq!(network.interactions.actor, vec![owner]);
        assert_eq!(network.interactions.subject, vec![0]);
    }

    #[test]
    fn older_profile_snapshots_do_not_win() {
        let mut builder = NetworkBuilder::new();
        let a = builder.account(Platform::Twitter, "1");
        assert!(builder.is_latest_profile(a, Some(200)));
        assert!(!builder.is_latest_profile(a, Some(100)));
        assert!(builder.is_latest_profile(a, Some(200)));
        assert!(
            builder.is_latest_profile(a, None),
            "an undated snapshot: the last seen wins"
        );
        assert!(!builder.is_latest_profile(a, Some(150)));
    }

    #[test]
    fn posts_deduplicate_by_id_and_collect_terms() {
        let mut builder = NetworkBuilder::new();
        let author = builder.account(Platform::Twitter, "1");
        let info = PostInfo {
            kind: PostKind::Quote,
            lang: Some("EN"),
            public: PublicCounts {
                reposts: Some(4),
                ..Default::default()
            },
            collected: true,
            ..Default::default()
        };
        let (post, _) = builder.post(Platform::Twitter, "55", author, &info);
        builder.tag_post(post, TermKind::Hashtag, "#G20");
        builder.tag_post(post, TermKind::Hashtag, "g20");
        let (again, new) = builder.post(Platform::Twitter, "55", author, &PostInfo::default());
        assert_eq!((again, new), (post, false));
        let network = builder.finish();
        assert_eq!(network.posts.len(), 1);
        assert_eq!(network.posts.terms.len(), 1);
        assert_eq!(network.terms.name(network.posts.records[0].lang.unwrap()), "en");
    }
}
