//! [`NetworkBuilder`]: what every format reader writes to.
//!
//! It keys accounts by platform and id, joins accounts first seen by handle (or as a
//! placeholder, such as an archive's owner before `account.js` is read) to their real
//! record, deduplicates interactions by [`EventKey`] and posts by id, and drops
//! self-interactions. [`NetworkBuilder::finish`] applies the joins and yields the
//! immutable [`Network`].
//!
//! # Node rows: attributes from one file, interactions from another
//!
//! A node table (a Gephi or NodeXL vertex table, a `id,label,country` sheet) describes
//! accounts that other files, read before or after it, may define. Its rows are kept as
//! [`NodeRow`]s and joined at [`finish`](NetworkBuilder::finish), when every file has
//! been read, so the order of the files does not matter. Each row, in the order given,
//! is matched to one account:
//!
//! 1. **By exact id**, on any platform: the row's key equals an account's id (`1234`,
//!    `did:plc:…`, or a handle-only account's `@name`). When the row names a platform
//!    and that platform has the id, that account; otherwise the match must be unique.
//! 2. **By handle**, case-insensitively, with or without a leading `@`: the key against
//!    every account's latest handle and against the ids of [`Platform::Generic`]
//!    accounts (a generic table's ids are often screen names). The named platform is
//!    preferred again; otherwise the match must be unique.
//! 3. **Otherwise** a new [`Platform::Generic`] account with the key as its id (an
//!    account that has no interactions, or whose interactions are in no file).
//!
//! A matched row sets the account's label (when it has one) and its attributes (later
//! rows overwrite earlier values of the same attribute). A row that matches several
//! accounts is *ambiguous*: it is not applied, and a [`NodeRowNote`] says which accounts
//! it could mean. What happened to the rows of each input is counted in
//! [`NodeRowReport`], kept in [`Network::node_rows`] for `inspect` and the page.

use std::collections::{BTreeMap, HashMap, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};

use super::id_key::IdKey;
use serde::Serialize;

use super::imported::ImportedCells;
use super::posts::{PostInfo, Posts, TermKind, Terms};
use super::{
    Account, AccountIdx, Added, EventKey, Identities, Interaction, Interactions, Kind, Network, Platform,
    PostIdx, Timestamp, NO_POST, NO_TIME,
};

/// One row of a node table: an account described by id or handle, applied at
/// [`NetworkBuilder::finish`] (see the module documentation for the matching rule).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeRow {
    /// The id or handle the row gives, as written (a leading `@` is allowed).
    pub key: String,
    /// The platform the row names, if it does.
    pub platform: Option<Platform>,
    pub label: Option<String>,
    /// Attribute name and value, in column order; empty values are not kept.
    pub attributes: Vec<(String, String)>,
    /// Scores computed elsewhere (a metric id and its value), imported as columns
    /// ([`ImportedScores`](super::ImportedScores)).
    pub scores: Vec<(String, f64)>,
    /// Which input the row came from; the builder only groups by it (ingest passes the file's index).
    pub origin: u32,
    /// Where the row is in its input, for notes.
    pub line: Option<u64>,
}

/// What became of one input's node rows.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NodeRowCounts {
    pub rows: u64,
    pub matched_by_id: u64,
    pub matched_by_handle: u64,
    /// Rows that matched no account and became new generic accounts.
    pub added: u64,
    /// Rows that matched several accounts and were not applied.
    pub ambiguous: u64,
}

/// Something to tell the user about a node row (or all the rows of an input).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeRowNote {
    pub origin: u32,
    pub line: Option<u64>,
    pub message: String,
}

/// The outcome of joining node rows at finish.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeRowReport {
    /// Counts by [`NodeRow::origin`].
    pub counts: BTreeMap<u32, NodeRowCounts>,
    pub notes: Vec<NodeRowNote>,
}

/// How a node row found its account.
enum RowMatch {
    ById(AccountIdx),
    ByHandle(AccountIdx),
    Ambiguous(Vec<AccountIdx>),
    Nothing,
}

#[derive(Debug, Default)]
pub struct NetworkBuilder {
    accounts: Vec<Account>,
    /// Id → account, one map per platform (indexed by `Platform as usize`), so lookups borrow a `&str`.
    /// FxHash, not SipHash: these lookups run once per id read (twice per interaction) and
    /// the maps are never iterated, so the hash only has to be fast (and is the same on
    /// every run and target anyway).
    by_key: [FxHashMap<IdKey, AccountIdx>; Platform::COUNT],
    /// Lower-cased handle → account, per platform. Handles are case-insensitive on every platform we read.
    by_handle: [HashMap<String, AccountIdx>; Platform::COUNT],
    /// Accounts created from a handle alone, waiting for the id to appear.
    provisional: HashSet<AccountIdx>,
    /// Account → the account it turned out to be.
    merged_into: HashMap<AccountIdx, AccountIdx>,
    interactions: Interactions,
    /// Keys of the events stored, to drop repeats (FxHash: see `by_key`).
    seen: FxHashSet<(EventKey, Kind, AccountIdx)>,
    posts: Posts,
    by_post_id: [FxHashMap<String, PostIdx>; Platform::COUNT],
    terms: Terms,
    self_interactions: u64,
    duplicates: u64,
    /// Node rows waiting for every file to be read.
    node_rows: Vec<NodeRow>,
    /// The node rows' scores, applied with them.
    imported: ImportedCells,
    /// When each account's profile fields were last taken from a dated snapshot.
    profile_times: HashMap<AccountIdx, Timestamp>,
    /// Kinds whose interactions are not stored (see [`NetworkBuilder::leave_out_kinds`]).
    left_out: [bool; Kind::ALL.len()],
    /// Interactions not stored because their kind is left out.
    left_out_count: u64,
    /// Bytes of the post ids keyed in `by_post_id`, and of the node rows' text, for
    /// [`NetworkBuilder::estimated_bytes`] (see `memory.rs`).
    pub(super) post_id_bytes: usize,
    pub(super) node_row_bytes: usize,
    /// Whether [`finish`](Self::finish) hands over the [`Identities`].
    keep_identities: bool,
    /// The owners of the account exports read (placeholders included, resolved at finish).
    owners: Vec<AccountIdx>,
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

    /// Posts of the collection itself (see [`Posts::collected_count`]).
    pub fn collected_post_count(&self) -> usize {
        self.posts.collected_count()
    }

    /// The heap memory held so far, estimated as `memory.rs` explains (O(1) per call).
    pub fn estimated_bytes(&self) -> u64 {
        use super::memory::*;
        let events = &self.interactions;
        let interactions = vec_bytes(&events.actor)
            + vec_bytes(&events.target)
            + vec_bytes(&events.kind)
            + vec_bytes(&events.weight)
            + vec_bytes(&events.time)
            + vec_bytes(&events.subject)
            + vec_bytes(&events.key)
            + hash_set_bytes(&self.seen);
        let lookups: u64 = self.by_key.iter().map(hash_table_bytes).sum::<u64>()
            + self.by_handle.iter().map(hash_table_bytes).sum::<u64>()
            + hash_set_bytes(&self.provisional)
            + hash_table_bytes(&self.merged_into)
            + hash_table_bytes(&self.profile_times);
        let accounts = vec_bytes(&self.accounts) + accounts_text_bytes(&self.accounts);
        let posts = vec_bytes(&self.posts.records)
            + vec_bytes(&self.posts.terms)
            + self.by_post_id.iter().map(hash_table_bytes).sum::<u64>()
            + string_bytes(self.post_id_bytes, self.posts.len())
            + self.terms.estimated_bytes();
        let node_rows = vec_bytes(&self.node_rows) + self.node_row_bytes as u64;
        interactions + lookups + accounts + posts + node_rows
    }

    /// Makes [`finish`](Self::finish) keep the post ids, profile times and handle-only
    /// accounts in [`Network::identities`], for a shard to be merged with others later.
    pub fn keep_identities(&mut self) {
        self.keep_identities = true;
    }

    /// Kinds of the interactions stored so far, in order (for per-file counts).
    pub fn interaction_kinds(&self) -> &[Kind] {
        &self.interactions.kind
    }

    /// The account with this platform id, created on first sight.
    pub fn account(&mut self, platform: Platform, id: &str) -> AccountIdx {
        if let Some(&idx) = self.by_key[platform as usize].get(id.as_bytes()) {
            return idx;
        }
        self.create(platform, id)
    }

    /// The account with this platform id, if it exists.
    pub fn find_account(&self, platform: Platform, id: &str) -> Option<AccountIdx> {
        self.by_key[platform as usize].get(id.as_bytes()).copied()
    }

    fn create(&mut self, platform: Platform, id: &str) -> AccountIdx {
        self.create_from(Account {
            platform,
            id: id.to_owned(),
            ..Account::default()
        })
    }

    fn create_from(&mut self, account: Account) -> AccountIdx {
        let idx = AccountIdx::try_from(self.accounts.len()).expect("more than 2^32 accounts");
        self.by_key[account.platform as usize].insert(IdKey::new(&account.id), idx);
        self.accounts.push(account);
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
        self.by_key[platform as usize].insert(IdKey::new(&absorbed.id), into);
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

    /// Stops storing interactions of these kinds from now on (to save memory, where a
    /// collection is too large to hold whole); they are counted in [`Self::left_out_count`].
    /// Accounts and posts are still recorded. An empty list keeps every kind.
    pub fn leave_out_kinds(&mut self, kinds: &[Kind]) {
        self.left_out = [false; Kind::ALL.len()];
        for kind in kinds {
            self.left_out[kind.index()] = true;
        }
    }

    /// Interactions offered so far whose kind was left out.
    pub fn left_out_count(&self) -> u64 {
        self.left_out_count
    }

    /// An empty builder for one part of a file read apart, leaving out the same kinds;
    /// [`NetworkBuilder::absorb_part`] later adds it to this one.
    pub fn part_builder(&self) -> NetworkBuilder {
        NetworkBuilder {
            left_out: self.left_out,
            ..NetworkBuilder::default()
        }
    }

    /// Adds a part's accounts and interactions as if they had been offered here: its
    /// accounts, in their order of first sight in the part, are looked up (so those new
    /// here come in that order, after every account before the part), then its stored
    /// interactions are offered in order. Its repeats, self-interactions and left-out
    /// counts add to these.
    ///
    /// Only for parts of plain accounts and events without identity (an edge list's rows):
    /// a keyed event seen in an earlier part would be a repeat here, but its part may have
    /// counted it a self-interaction and not kept it; a handle join would need the file's
    /// order. Debug builds check.
    pub fn absorb_part(&mut self, part: NetworkBuilder) {
        debug_assert!(part.posts.is_empty() && part.node_rows.is_empty() && part.owners.is_empty());
        debug_assert!(part.merged_into.is_empty() && part.provisional.is_empty());
        debug_assert!(part.interactions.key.iter().all(Option::is_none) && part.duplicates == 0);
        let accounts: Vec<AccountIdx> = part
            .accounts
            .into_iter()
            .map(
                |account| match self.by_key[account.platform as usize].get(account.id.as_bytes()) {
                    Some(&idx) => idx,
                    None => self.create_from(account),
                },
            )
            .collect();
        let events = part.interactions;
        debug_assert!(events.subject.iter().all(|&subject| subject == NO_POST));
        if !self.merged_into.is_empty() {
            for i in 0..events.len() {
                let time = events.time[i];
                self.interact(Interaction {
                    weight: events.weight[i],
                    time: (time != NO_TIME).then_some(time),
                    ..Interaction::new(
                        accounts[events.actor[i] as usize],
                        accounts[events.target[i] as usize],
                        events.kind[i],
                    )
                });
            }
        } else {
            // Nothing to resolve, nothing keyed, no self-interaction (distinct ids in the
            // part are distinct accounts here), no kind left out (the part left it out):
            // what `interact` would store is the part's interactions, renumbered.
            let stored = &mut self.interactions;
            stored
                .actor
                .extend(events.actor.iter().map(|&actor| accounts[actor as usize]));
            stored
                .target
                .extend(events.target.iter().map(|&target| accounts[target as usize]));
            stored.kind.extend_from_slice(&events.kind);
            stored.weight.extend_from_slice(&events.weight);
            stored.time.extend_from_slice(&events.time);
            stored.subject.extend_from_slice(&events.subject);
            stored.key.extend_from_slice(&events.key);
        }
        self.self_interactions += part.self_interactions;
        self.left_out_count += part.left_out_count;
    }

    /// Offers one interaction; duplicates (same key, kind and target) and self-interactions
    /// are not stored, nor interactions of a kind left out.
    pub fn interact(&mut self, mut event: Interaction) -> Added {
        if self.left_out[event.kind.index()] {
            self.left_out_count += 1;
            return Added::LeftOut;
        }
        event.actor = self.resolve(event.actor);
        event.target = self.resolve(event.target);
        // A repeat is a repeat before it is a self-interaction: a thread reply seen in two
        // files is one self-interaction, as any event seen twice is one event.
        if let Some(key) = event.key {
            if !self.seen.insert((key, event.kind, event.target)) {
                self.duplicates += 1;
                return Added::Duplicate;
            }
        }
        if event.actor == event.target {
            self.self_interactions += 1;
            return Added::SelfInteraction;
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
        self.post_id_bytes += post_id.len();
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

    /// Attaches a link to a post: its domain and its normalised URL (an expanded URL: a
    /// shortener's `t.co` link would say nothing of the page).
    pub fn tag_link(&mut self, post: PostIdx, url: &str) {
        self.tag_post(post, TermKind::Domain, url);
        self.tag_post(post, TermKind::Url, url);
    }

    /// Keeps a node-table row, to be matched to its account at [`finish`](Self::finish).
    pub fn add_node_row(&mut self, row: NodeRow) {
        self.node_row_bytes += super::memory::node_row_heap(&row);
        self.node_rows.push(row);
    }

    /// Records `account` as the owner of an account export (an archive is an ego network
    /// around it). A placeholder owner later merged into the real one resolves to it.
    pub fn mark_owner(&mut self, account: AccountIdx) {
        self.owners.push(account);
    }

    /// Applies the node rows, resolves joined accounts and returns the finished network.
    pub fn finish(mut self) -> Network {
        let node_rows = self.apply_node_rows();
        let owners: Vec<AccountIdx> = self.owners.iter().map(|&owner| self.resolve(owner)).collect();
        let new_index = (!self.merged_into.is_empty()).then(|| self.apply_merges());
        let mut seen = HashSet::new();
        let owners = owners
            .into_iter()
            .map(|owner| new_index.as_ref().map_or(owner, |map| map[owner as usize]))
            .filter(|&owner| seen.insert(owner))
            .collect();
        let imported = std::mem::take(&mut self.imported).into_scores(self.accounts.len(), |old| {
            new_index.as_ref().map_or(old, |map| map[old as usize])
        });
        let identities = self
            .keep_identities
            .then(|| self.take_identities(new_index.as_deref()));
        self.posts.sort_terms();
        // The lookup keys become the posts' ids (moved, not copied): coordination names
        // the reposted originals by them.
        let mut ids = vec![String::new(); self.posts.len()];
        for map in &mut self.by_post_id {
            for (id, post) in map.drain() {
                ids[post as usize] = id;
            }
        }
        self.posts.set_ids(ids);
        Network {
            accounts: self.accounts,
            interactions: self.interactions,
            posts: self.posts,
            terms: self.terms,
            self_interactions: self.self_interactions,
            duplicates: self.duplicates,
            node_rows,
            imported,
            identities,
            owners,
        }
    }

    /// The identities, by the final indices (`new_index` maps the indices before the
    /// merges to them; `None`: nothing was merged).
    fn take_identities(&mut self, new_index: Option<&[AccountIdx]>) -> Identities {
        let index = |old: AccountIdx| new_index.map_or(old, |map| map[old as usize]) as usize;
        let posts = self.posts.len();
        let mut post_ids = vec![String::new(); posts];
        let mut post_platforms = vec![Platform::Generic; posts];
        for (platform, ids) in PLATFORMS.iter().zip(&mut self.by_post_id) {
            for (id, post) in ids.drain() {
                post_platforms[post as usize] = *platform;
                post_ids[post as usize] = id;
            }
        }
        let mut profile_times = vec![NO_TIME; self.accounts.len()];
        for (&old, &time) in &self.profile_times {
            let slot = &mut profile_times[index(old)];
            *slot = (*slot).max(time);
        }
        let mut handle_only = vec![false; self.accounts.len()];
        for &old in &self.provisional {
            handle_only[index(old)] = true;
        }
        Identities {
            post_ids,
            post_platforms,
            profile_times,
            handle_only,
        }
    }

    /// Matches every node row to its account (see the module documentation) and applies it.
    fn apply_node_rows(&mut self) -> NodeRowReport {
        let mut report = NodeRowReport::default();
        let rows = std::mem::take(&mut self.node_rows);
        if rows.is_empty() {
            return report;
        }
        let accounts_before = self.accounts.len() - self.merged_into.len();
        let mut generic_by_lowercase_id = None;
        for row in rows {
            let counts = report.counts.entry(row.origin).or_default();
            counts.rows += 1;
            let found = self.match_node_row(&row, &mut generic_by_lowercase_id);
            let idx = match found {
                RowMatch::ById(idx) => {
                    counts.matched_by_id += 1;
                    idx
                }
                RowMatch::ByHandle(idx) => {
                    counts.matched_by_handle += 1;
                    idx
                }
                RowMatch::Nothing => {
                    counts.added += 1;
                    let idx = self.create(Platform::Generic, row.key.trim());
                    if let Some(index) = generic_by_lowercase_id.as_mut() {
                        index_generic_id(index, &self.accounts[idx as usize].id, idx);
                    }
                    idx
                }
                RowMatch::Ambiguous(candidates) => {
                    counts.ambiguous += 1;
                    report.notes.push(NodeRowNote {
                        origin: row.origin,
                        line: row.line,
                        message: self.ambiguity_message(&row.key, &candidates),
                    });
                    continue;
                }
            };
            let account = &mut self.accounts[idx as usize];
            if let Some(label) = row.label {
                account.label = Some(label);
            }
            account.attributes.extend(row.attributes);
            for (name, value) in row.scores {
                self.imported.push(idx, name, value);
            }
        }
        if accounts_before > 0 {
            for (&origin, counts) in &report.counts {
                if counts.added > 0 && counts.matched_by_id + counts.matched_by_handle == 0 {
                    report.notes.push(NodeRowNote {
                        origin,
                        line: None,
                        message: format!(
                            "none of the {} node rows matched an account of the other files by id or \
                             handle; they were added as {} accounts without interactions (is the id \
                             column the one the edges use?)",
                            counts.rows, counts.added
                        ),
                    });
                }
            }
        }
        report
    }

    fn match_node_row(
        &self,
        row: &NodeRow,
        generic_by_lowercase_id: &mut Option<HashMap<String, Vec<AccountIdx>>>,
    ) -> RowMatch {
        let key = row.key.trim();
        let by_id = self.candidates(row.platform, |platform| {
            self.by_key[platform as usize]
                .get(key.as_bytes())
                .copied()
                .into_iter()
                .collect()
        });
        match by_id.len() {
            0 => {}
            1 => return RowMatch::ById(by_id[0]),
            _ => return RowMatch::Ambiguous(by_id),
        }
        let handle = normalise_handle(key).to_lowercase();
        if handle.is_empty() {
            return RowMatch::Nothing;
        }
        let generic_ids = generic_by_lowercase_id.get_or_insert_with(|| self.index_generic_ids());
        let by_handle = self.candidates(row.platform, |platform| {
            let mut found: Vec<AccountIdx> = self.by_handle[platform as usize]
                .get(&handle)
                .copied()
                .into_iter()
                .collect();
            if platform == Platform::Generic {
                found.extend(generic_ids.get(&handle).into_iter().flatten().copied());
            }
            found
        });
        match by_handle.len() {
            0 => RowMatch::Nothing,
            1 => RowMatch::ByHandle(by_handle[0]),
            _ => RowMatch::Ambiguous(by_handle),
        }
    }

    /// The distinct accounts `lookup` finds: on the preferred platform alone when it finds
    /// any there, else on every platform. In account order, so the outcome is deterministic.
    fn candidates(
        &self,
        preferred: Option<Platform>,
        mut lookup: impl FnMut(Platform) -> Vec<AccountIdx>,
    ) -> Vec<AccountIdx> {
        let resolve_all = |found: Vec<AccountIdx>| -> Vec<AccountIdx> {
            let mut resolved: Vec<AccountIdx> = found.into_iter().map(|idx| self.resolve(idx)).collect();
            resolved.sort_unstable();
            resolved.dedup();
            resolved
        };
        if let Some(platform) = preferred {
            let found = resolve_all(lookup(platform));
            if !found.is_empty() {
                return found;
            }
        }
        let all = PLATFORMS.iter().flat_map(|&platform| lookup(platform)).collect();
        resolve_all(all)
    }

    /// Lower-cased ids of the generic accounts that stand (not merged into another).
    fn index_generic_ids(&self) -> HashMap<String, Vec<AccountIdx>> {
        let mut index = HashMap::new();
        for (idx, account) in self.accounts.iter().enumerate() {
            let idx = idx as AccountIdx;
            if account.platform == Platform::Generic && !self.merged_into.contains_key(&idx) {
                index_generic_id(&mut index, &account.id, idx);
            }
        }
        index
    }

    fn ambiguity_message(&self, key: &str, candidates: &[AccountIdx]) -> String {
        const SHOWN: usize = 3;
        let described: Vec<String> = candidates
            .iter()
            .take(SHOWN)
            .map(|&idx| {
                let account = &self.accounts[idx as usize];
                let platform = platform_name(account.platform);
                match &account.handle {
                    Some(handle) => format!("{platform} '{}' (@{handle})", account.id),
                    None => format!("{platform} '{}'", account.id),
                }
            })
            .collect();
        let more = candidates.len().saturating_sub(SHOWN);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!(
            "node row '{}' matches {} accounts ({}{more}); its label and attributes were not applied \
             (add a `platform` column to say which)",
            key.trim(),
            candidates.len(),
            described.join(", ")
        )
    }

    /// Rewrites interactions and posts of merged accounts onto the accounts they joined,
    /// drops the merged accounts, and removes what became duplicates or self-interactions.
    /// Returns where each index before the merges went.
    fn apply_merges(&mut self) -> Vec<AccountIdx> {
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
        new_index
    }
}

const PLATFORMS: [Platform; Platform::COUNT] = [
    Platform::Generic,
    Platform::Twitter,
    Platform::Mastodon,
    Platform::Bluesky,
];

fn normalise_handle(handle: &str) -> &str {
    handle.trim().trim_start_matches('@')
}

fn platform_name(platform: Platform) -> &'static str {
    match platform {
        Platform::Generic => "generic",
        Platform::Twitter => "twitter",
        Platform::Mastodon => "mastodon",
        Platform::Bluesky => "bluesky",
    }
}

fn index_generic_id(index: &mut HashMap<String, Vec<AccountIdx>>, id: &str, idx: AccountIdx) {
    let key = normalise_handle(id).to_lowercase();
    if !key.is_empty() {
        index.entry(key).or_default().push(idx);
    }
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
        let thread = Some(EventKey::of_post(Platform::Twitter, "100"));
        assert_eq!(
            builder.interact(event(a, a, Kind::Reply, thread)),
            Added::SelfInteraction
        );
        assert_eq!(
            builder.interact(event(a, a, Kind::Reply, thread)),
            Added::Duplicate,
            "a repeated self-interaction counts once"
        );
        assert_eq!(builder.interact(event(a, b, Kind::Link, None)), Added::New);
        assert_eq!(builder.interact(event(a, b, Kind::Link, None)), Added::New);
        let summary = builder.finish().summary();
        assert_eq!(summary.edges, 1);
        assert_eq!(summary.self_interactions, 2);
        assert_eq!(summary.duplicates, 2);
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
    fn identities_are_kept_by_the_final_indices_when_asked() {
        let mut builder = NetworkBuilder::new();
        builder.keep_identities();
        let owner = builder.account(Platform::Twitter, "1");
        let by_handle = builder.account_by_handle(Platform::Twitter, "MFA_a");
        let never_joined = builder.account_by_handle(Platform::Twitter, "ngo_d");
        let (post, _) = builder.post(Platform::Twitter, "500", owner, &PostInfo::default());
        builder.post(Platform::Mastodon, "500", never_joined, &PostInfo::default());
        builder.interact(Interaction {
            subject: Some(post),
            ..event(owner, by_handle, Kind::Quote, None)
        });
        builder.interact(event(owner, never_joined, Kind::Mention, None));
        let real = builder.account(Platform::Twitter, "222");
        assert!(builder.is_latest_profile(by_handle, Some(70)));
        builder.set_handle(Platform::Twitter, real, "mfa_a");
        assert!(builder.is_latest_profile(real, Some(90)));
        let network = builder.finish();
        let identities = network.identities.as_ref().expect("kept");
        let ids: Vec<&str> = network.accounts.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["1", "@ngo_d", "222"]);
        assert_eq!(identities.handle_only, [false, true, false]);
        // The provisional account's snapshot moved with it; the later one is the latest.
        assert_eq!(identities.profile_times, [NO_TIME, NO_TIME, 90]);
        assert_eq!(identities.post_ids, ["500", "500"]);
        assert_eq!(identities.post_platforms, [Platform::Twitter, Platform::Mastodon]);
        assert!(
            NetworkBuilder::new().finish().identities.is_none(),
            "kept only when asked"
        );
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
        let (other, _) = builder.post(Platform::Mastodon, "https://m.example/s/1", author, &info);
        let network = builder.finish();
        assert_eq!(network.posts.len(), 2);
        assert_eq!(network.posts.id(post), "55");
        assert_eq!(network.posts.id(other), "https://m.example/s/1");
        assert_eq!(network.posts.terms.len(), 1);
        assert_eq!(network.terms.name(network.posts.records[0].lang.unwrap()), "en");
    }

    fn node_row(key: &str, platform: Option<Platform>, attribute: &str) -> NodeRow {
        NodeRow {
            key: key.into(),
            platform,
            attributes: vec![("group".into(), attribute.into())],
            line: Some(1),
            ..NodeRow::default()
        }
    }

    fn group_of<'n>(network: &'n Network, platform: Platform, id: &str) -> Option<&'n str> {
        let account = network
            .accounts
            .iter()
            .find(|a| a.platform == platform && a.id == id)?;
        account.attributes.get("group").map(String::as_str)
    }

    #[test]
    fn node_rows_match_by_id_on_any_platform_then_by_handle() {
        let mut builder = NetworkBuilder::new();
        // Rows may come before the accounts they describe: they wait for finish.
        builder.add_node_row(node_row("1440720000000000001", None, "by id"));
        builder.add_node_row(node_row("@EMB_B", None, "by handle"));
        builder.add_node_row(node_row("Alice", None, "generic id, any case"));
        let twitter = builder.account(Platform::Twitter, "1440720000000000001");
        let handle_owner = builder.account(Platform::Twitter, "77");
        builder.set_handle(Platform::Twitter, handle_owner, "emb_b");
        let alice = builder.account(Platform::Generic, "alice");
        builder.interact(Interaction::new(twitter, alice, Kind::Link));
        let network = builder.finish();
        assert_eq!(
            group_of(&network, Platform::Twitter, "1440720000000000001"),
            Some("by id")
        );
        assert_eq!(group_of(&network, Platform::Twitter, "77"), Some("by handle"));
        assert_eq!(
            group_of(&network, Platform::Generic, "alice"),
            Some("generic id, any case")
        );
        assert_eq!(network.accounts.len(), 3);
        let counts = network.node_rows.counts[&0];
        assert_eq!(
            (
                counts.rows,
                counts.matched_by_id,
                counts.matched_by_handle,
                counts.added
            ),
            (3, 1, 2, 0)
        );
        assert!(network.node_rows.notes.is_empty());
    }

    #[test]
    fn an_id_on_two_platforms_is_ambiguous_unless_the_row_names_one() {
        let mut builder = NetworkBuilder::new();
        builder.account(Platform::Twitter, "5");
        builder.account(Platform::Mastodon, "5");
        builder.add_node_row(node_row("5", None, "which?"));
        builder.add_node_row(NodeRow {
            origin: 1,
            line: Some(9),
            ..node_row("5", Some(Platform::Mastodon), "mastodon")
        });
        let network = builder.finish();
        assert_eq!(group_of(&network, Platform::Twitter, "5"), None);
        assert_eq!(group_of(&network, Platform::Mastodon, "5"), Some("mastodon"));
        assert_eq!(network.node_rows.counts[&0].ambiguous, 1);
        assert_eq!(network.node_rows.counts[&1].matched_by_id, 1);
        let note = &network.node_rows.notes[0];
        assert_eq!((note.origin, note.line), (0, Some(1)));
        assert!(note.message.contains("matches 2 accounts"), "{}", note.message);
        assert!(note.message.contains("twitter '5'"), "{}", note.message);
    }

    #[test]
    fn a_named_platform_without_the_id_falls_back_to_a_unique_match() {
        let mut builder = NetworkBuilder::new();
        builder.account(Platform::Generic, "x");
        builder.add_node_row(node_row("x", Some(Platform::Twitter), "fallback"));
        let network = builder.finish();
        assert_eq!(group_of(&network, Platform::Generic, "x"), Some("fallback"));
    }

    #[test]
    fn unmatched_rows_become_generic_accounts_and_repeats_update_them() {
        let mut builder = NetworkBuilder::new();
        let a = builder.account(Platform::Generic, "a");
        let b = builder.account(Platform::Generic, "b");
        builder.interact(Interaction::new(a, b, Kind::Link));
        builder.add_node_row(node_row("lonely", None, "first"));
        builder.add_node_row(node_row("lonely", None, "second"));
        builder.add_node_row(NodeRow {
            origin: 3,
            ..node_row("nobody", None, "x")
        });
        let network = builder.finish();
        assert_eq!(network.accounts.len(), 4);
        assert_eq!(group_of(&network, Platform::Generic, "lonely"), Some("second"));
        let counts = network.node_rows.counts[&0];
        assert_eq!((counts.added, counts.matched_by_id), (1, 1));
        // Origin 3 matched nothing although the network had accounts: it is told.
        assert_eq!(network.node_rows.notes.len(), 1);
        assert_eq!(network.node_rows.notes[0].origin, 3);
        assert!(network.node_rows.notes[0]
            .message
            .contains("none of the 1 node rows matched"));
    }

    #[test]
    fn a_row_for_a_handle_only_account_lands_on_the_id_it_joins() {
        let mut builder = NetworkBuilder::new();
        let owner = builder.account(Platform::Twitter, "1");
        let by_handle = builder.account_by_handle(Platform::Twitter, "mfa_a");
        builder.interact(Interaction::new(owner, by_handle, Kind::Mention));
        builder.add_node_row(NodeRow {
            label: Some("Ministry A".into()),
            ..node_row("MFA_A", None, "gov")
        });
        let real = builder.account(Platform::Twitter, "222");
        builder.set_handle(Platform::Twitter, real, "mfa_a");
        let network = builder.finish();
        assert_eq!(network.accounts.len(), 2);
        assert_eq!(group_of(&network, Platform::Twitter, "222"), Some("gov"));
        let real = network.accounts.iter().find(|a| a.id == "222").unwrap();
        assert_eq!(real.label.as_deref(), Some("Ministry A"));
    }
}
