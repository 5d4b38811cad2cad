//! Coordinated amplification: accounts that act on the same items within seconds of each
//! other, again and again.
//!
//! # Definition
//!
//! * An **action** is either
//!   - a **repost** of a post: its item is the original post (the repost interaction's
//!     subject); or
//!   - a post that **links** a URL: its item is the normalised URL
//!     ([`crate::network::normalise_url`]: the expanded URL where the export has one, never
//!     the `t.co` link; scheme and host lower-cased, no `www.`, no fragment, no `utm_*`
//!     and other tracking parameters, no trailing `/`). Every post of the network counts
//!     (collected, or referenced such as the original of a retweet: its author did post
//!     it), except reposts: a repost's links are the original's, already counted as the
//!     repost of it, and under `all` one act would otherwise be counted twice.
//!
//!   Self-reposts are not actions (the network drops self-interactions); a post seen twice
//!   (the same id, in one file or several) is one action (the network keeps it once). An
//!   action without a time, or a repost whose original is unknown, cannot be placed and is
//!   counted aside ([`ActionCounts`]).
//! * Two different accounts **co-act** on an item when each acted on it at times at most
//!   `window` seconds apart (`|t_a − t_b| ≤ window`, so a pair exactly `window` apart
//!   counts). Their **shared count** is the number of distinct items on which they co-acted.
//! * The **coordination network** keeps the pairs whose shared count is at least
//!   `min_shared`; its **groups** are its connected components (each has two accounts or
//!   more), ordered by size, then by total shared count (the sum over the group's pairs),
//!   then by their first member.
//! * `by`: reposts, links, or all (both kinds; an item of one kind never matches an item of
//!   the other: a post id is not a URL).
//!
//! For each group: its members, its total shared count, its **items** (distinct items on
//! which two members forming one of the group's pairs co-acted), the **median gap** (over
//! every pair of the group and item they co-acted on, the smallest time between their
//! actions on it; the mean of the two middle values for an even count), and its **top
//! items** (by how many members co-acted on them).
//!
//! # Baseline
//!
//! A popular post is reposted by many accounts within a minute by chance. For each group,
//! the **expected** shared count is the same total (over the group's pairs, without any
//! threshold) after the action times are shuffled among all the actions considered (a
//! uniform permutation drawn with ChaCha8 from a stated seed), averaged over
//! `permutations` draws; the **ratio** is observed / expected (`None` when no draw gave the
//! group any co-action: the observed count is beyond what the baseline measures). A high
//! ratio says the members' timing, not the items' popularity, makes them move together.
//!
//! Coordination is a pattern, not proof of inauthenticity: fan communities, newsrooms and
//! activists coordinate openly, and the window and threshold change what is found.
//!
//! # Reference
//!
//! Pacheco, Hui, Torres-Lugo, Truong, Flammini and Menczer, "Uncovering Coordinated
//! Networks on Social Media: Methods and Case Studies", ICWSM 2021 (co-retweet and
//! co-link similarity networks); Giglietto, Righetti, Rossi and Marino, "It takes a village
//! to manipulate the media: coordinated link sharing behavior during 2018 and 2019 Italian
//! elections", Information, Communication & Society 2020 (the CooRnet package: shares of
//! the same URL within a short interval, repeated); CooRTweet (Righetti and Balluff) for
//! reposts. `tests/reference/coordination.py` recomputes the definition independently from
//! the files, over every pair of actions.
//!
//! # Complexity
//!
//! Actions are sorted by item, then time: O(A log A) for A actions. Then, account by
//! account, each action is compared only with the actions on its item within the window:
//! O(A × c) for c the co-actors within the window, never all pairs of accounts; pairs that
//! stay below `min_shared` are counted in arrays and forgotten, so memory is O(A + V) plus
//! the kept pairs' co-actions (K, sorted by pair: O(K log K)). Groups are a union-find over
//! the kept pairs. Each baseline draw samples times for the groups' members' actions only
//! (M of them) and sweeps those: O(M log M + M × c_M).

use petgraph::unionfind::UnionFind;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::network::{AccountIdx, Kind, Network, PostIdx, PostKind, TermId, TermKind, Timestamp};
use crate::network::{NO_POST, NO_TIME};
use crate::progress::{Cancelled, Progress};

/// The window unless told otherwise, in seconds.
pub const DEFAULT_WINDOW: i64 = 60;
/// The shared count a pair needs unless told otherwise.
pub const DEFAULT_MIN_SHARED: u32 = 3;
/// The baseline's seed unless told otherwise (stated in every output).
pub const DEFAULT_SEED: u64 = 15;
/// Baseline draws unless told otherwise: enough to tell "never by chance" from "rarely".
pub const DEFAULT_PERMUTATIONS: u32 = 20;
/// Items listed per group unless told otherwise.
pub const DEFAULT_TOP_ITEMS: usize = 5;

/// Which actions are compared.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CoordinateBy {
    Repost,
    Link,
    All,
}

impl CoordinateBy {
    pub const ALL: [CoordinateBy; 3] = [CoordinateBy::Repost, CoordinateBy::Link, CoordinateBy::All];

    pub fn as_str(self) -> &'static str {
        match self {
            CoordinateBy::Repost => "repost",
            CoordinateBy::Link => "link",
            CoordinateBy::All => "all",
        }
    }

    /// The number the lens's `by` parameter gives it (the catalogue's parameters are
    /// numbers): 0 reposts, 1 links, 2 both.
    pub fn code(self) -> f64 {
        match self {
            CoordinateBy::Repost => 0.0,
            CoordinateBy::Link => 1.0,
            CoordinateBy::All => 2.0,
        }
    }

    pub fn from_code(code: f64) -> Option<CoordinateBy> {
        CoordinateBy::ALL.into_iter().find(|by| by.code() == code)
    }

    /// Reads `repost`, `link` or `all` (as the command line gives them).
    pub fn parse(text: &str) -> Option<CoordinateBy> {
        CoordinateBy::ALL
            .into_iter()
            .find(|by| by.as_str() == text.trim())
    }

    fn reposts(self) -> bool {
        self != CoordinateBy::Link
    }

    fn links(self) -> bool {
        self != CoordinateBy::Repost
    }
}

/// What a coordination network is built from (the lens's parameters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoordinationParams {
    pub by: CoordinateBy,
    /// Seconds, ≥ 0.
    pub window: i64,
    /// ≥ 1.
    pub min_shared: u32,
}

impl Default for CoordinationParams {
    fn default() -> Self {
        CoordinationParams {
            by: CoordinateBy::All,
            window: DEFAULT_WINDOW,
            min_shared: DEFAULT_MIN_SHARED,
        }
    }
}

/// What the full answer adds to the parameters: the baseline's draws and the listing.
/// Read from the page as a plain object; a field left out takes its default.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CoordinationOptions {
    pub seed: u64,
    /// Baseline draws; 0 leaves the baseline out.
    pub permutations: u32,
    pub top_items: usize,
}

impl Default for CoordinationOptions {
    fn default() -> Self {
        CoordinationOptions {
            seed: DEFAULT_SEED,
            permutations: DEFAULT_PERMUTATIONS,
            top_items: DEFAULT_TOP_ITEMS,
        }
    }
}

/// What an action is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    /// The original post of a repost.
    Post(PostIdx),
    /// A normalised URL (a [`TermKind::Url`] term).
    Url(TermId),
}

#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Repost,
    Link,
}

impl Item {
    pub fn kind(self) -> ItemKind {
        match self {
            Item::Post(_) => ItemKind::Repost,
            Item::Url(_) => ItemKind::Link,
        }
    }

    /// The original's post id, or the URL.
    pub fn text(self, network: &Network) -> &str {
        match self {
            Item::Post(post) => network.posts.id(post),
            Item::Url(term) => network.terms.name(term),
        }
    }

    /// The author of the reposted original (none for a URL).
    pub fn author(self, network: &Network) -> Option<AccountIdx> {
        match self {
            Item::Post(post) => Some(network.posts.records[post as usize].author),
            Item::Url(_) => None,
        }
    }

    /// One number that sorts as the item does (reposts first, then links).
    fn key(self) -> u64 {
        match self {
            Item::Post(post) => u64::from(post),
            Item::Url(term) => (1 << 32) | u64::from(term),
        }
    }

    fn from_key(key: u64) -> Item {
        if key >> 32 == 0 {
            Item::Post(key as PostIdx)
        } else {
            Item::Url(key as TermId)
        }
    }
}

/// How many actions there were, and how many could not be placed.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ActionCounts {
    /// Repost actions compared (timed, with a known original).
    pub reposts: usize,
    /// Link actions compared (timed posts, one per distinct URL of each).
    pub links: usize,
    /// Actions of the kinds asked for that have no time.
    pub untimed: usize,
    /// Reposts whose original post the data does not identify.
    pub without_original: usize,
}

impl ActionCounts {
    /// Why nothing could be compared, in plain words, when no action of the kinds `by`
    /// asks for has a time and an item; `None` when some have. The command line and the
    /// page both say this rather than show an empty network as if nobody coordinated.
    pub fn missing(&self, by: CoordinateBy) -> Option<String> {
        if self.reposts + self.links > 0 {
            return None;
        }
        let (one, many, none) = match by {
            CoordinateBy::Repost => ("repost", "reposts", "no reposts"),
            CoordinateBy::Link => ("post with a link", "posts with links", "no posts with links"),
            CoordinateBy::All => (
                "repost or post with a link",
                "reposts and posts with links",
                "no reposts and no posts with links",
            ),
        };
        let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut reasons = Vec::new();
        if self.untimed > 0 {
            let verb = if self.untimed == 1 { "has" } else { "have" };
            reasons.push(format!("{} {verb} no timestamp", count(self.untimed, one, many)));
        }
        if self.without_original > 0 {
            let says = if self.without_original == 1 {
                "does not say which post it reposts"
            } else {
                "do not say which post they repost"
            };
            reasons.push(format!(
                "{} {says} (an edge table names who reposted whom, not the post)",
                count(self.without_original, "repost", "reposts")
            ));
        }
        Some(if reasons.is_empty() {
            format!(
                "These data have {none}, so there is nothing to compare. Coordination shows in \
                 reposts of the same post and links to the same URL, with their times: collections \
                 of posts carry them (twarc, the X API, X, Mastodon and Bluesky archives); a table \
                 of who follows or mentions whom does not."
            )
        } else {
            format!(
                "In these data {}, so there is nothing to compare: coordination is acting on the \
                 same item within seconds of each other, which needs both the item and the time.",
                reasons.join(", and ")
            )
        })
    }
}

/// The timed actions, sorted by item, then time, then account.
pub struct Actions {
    accounts: Vec<AccountIdx>,
    times: Vec<Timestamp>,
    /// The items, in order, and where each one's actions start (`starts[i]..starts[i + 1]`).
    items: Vec<Item>,
    starts: Vec<usize>,
    /// Each action's item (an index into `items`).
    item_of: Vec<u32>,
    pub counts: ActionCounts,
}

impl Actions {
    /// The actions of the network that `by` compares.
    pub fn of(network: &Network, by: CoordinateBy) -> Actions {
        let mut counts = ActionCounts::default();
        let mut found: Vec<(u64, Timestamp, AccountIdx)> = Vec::new();
        if by.reposts() {
            let events = &network.interactions;
            for i in 0..events.len() {
                if events.kind[i] != Kind::Repost {
                    continue;
                }
                let (actor, subject, time) = (events.actor[i], events.subject[i], events.time[i]);
                if subject == NO_POST {
                    counts.without_original += 1;
                } else if network.posts.records[subject as usize].author == actor {
                    // The network drops self-interactions already; an original whose author
                    // is the reposter (after accounts were joined) is one too.
                } else if time == NO_TIME {
                    counts.untimed += 1;
                } else {
                    counts.reposts += 1;
                    found.push((Item::Post(subject).key(), time, actor));
                }
            }
        }
        if by.links() {
            let posts = &network.posts;
            for &(post, term) in &posts.terms {
                let record = &posts.records[post as usize];
                if network.terms.kind(term) != TermKind::Url || record.kind == PostKind::Repost {
                    continue;
                }
                if record.time == NO_TIME {
                    counts.untimed += 1;
                } else {
                    counts.links += 1;
                    found.push((Item::Url(term).key(), record.time, record.author));
                }
            }
        }
        found.sort_unstable();
        let mut actions = Actions {
            accounts: Vec::with_capacity(found.len()),
            times: Vec::with_capacity(found.len()),
            items: Vec::new(),
            starts: Vec::new(),
            item_of: Vec::with_capacity(found.len()),
            counts,
        };
        for (i, &(key, time, account)) in found.iter().enumerate() {
            if i == 0 || found[i - 1].0 != key {
                actions.items.push(Item::from_key(key));
                actions.starts.push(i);
            }
            actions.accounts.push(account);
            actions.times.push(time);
            actions.item_of.push(actions.items.len() as u32 - 1);
        }
        actions.starts.push(found.len());
        actions
    }

    pub fn len(&self) -> usize {
        self.accounts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }

    /// The actions of item `i`.
    fn run(&self, i: usize) -> std::ops::Range<usize> {
        self.starts[i]..self.starts[i + 1]
    }
}

/// Calls `emit(a, b, gap)` for every two actions by different accounts within `window` of
/// each other, `a < b`; `times` is sorted. Each action meets only the later ones inside the
/// window, which is what keeps the sweep O(actions × co-actors).
fn sweep(
    accounts: &[AccountIdx],
    times: &[Timestamp],
    window: i64,
    mut emit: impl FnMut(AccountIdx, AccountIdx, i64),
) {
    for i in 0..accounts.len() {
        for j in i + 1..accounts.len() {
            let gap = times[j] - times[i];
            if gap > window {
                break;
            }
            let (a, b) = (accounts[i], accounts[j]);
            if a != b {
                emit(a.min(b), a.max(b), gap);
            }
        }
    }
}

fn pair_key(a: AccountIdx, b: AccountIdx) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

fn pair_of(key: u64) -> (AccountIdx, AccountIdx) {
    ((key >> 32) as AccountIdx, key as AccountIdx)
}

/// One pair's co-action on one item, with the smallest gap between their actions on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct CoAction {
    pair: u64,
    /// Index into [`Actions::items`].
    item: u32,
    gap: u32,
}

/// The co-actions of the kept pairs (shared count ≥ `min_shared`), sorted by pair then
/// item, one per pair and item.
struct CoActions {
    records: Vec<CoAction>,
}

const PHASE: &str = "Coordination";

/// How often (in accounts) the scan reports progress and asks whether to stop.
const ACCOUNTS_PER_STEP: usize = 4096;

const NO_ITEM: u32 = u32::MAX;

/// Finds the kept pairs' co-actions account by account: for each action of account `a`,
/// the actions on its item within the window on either side (its item's actions are sorted
/// by time, so the scan stops at the window's edges), counted once per co-actor and item in
/// arrays indexed by account. Only the pairs that reach `min_shared` are recorded: a viral
/// post met by thousands within a minute makes millions of pairs that co-act once, which
/// are counted and forgotten, never stored. Each co-acting pair is met from both sides, so
/// the work is twice the co-actions, O(A × c), and the memory O(A + V) plus one account's
/// co-actions.
fn co_actions(
    actions: &Actions,
    accounts: usize,
    window: i64,
    min_shared: u32,
    progress: &mut dyn Progress,
) -> Result<CoActions, Cancelled> {
    // The actions account by account (a counting sort keeps item, then time, order).
    let mut account_starts = vec![0usize; accounts + 1];
    for &account in &actions.accounts {
        account_starts[account as usize + 1] += 1;
    }
    for a in 0..accounts {
        account_starts[a + 1] += account_starts[a];
    }
    let mut next = account_starts.clone();
    let mut by_account = vec![0u32; actions.len()];
    for (p, &account) in actions.accounts.iter().enumerate() {
        by_account[next[account as usize]] = p as u32;
        next[account as usize] += 1;
    }
    drop(next);

    // Per co-actor of the account in hand: which account last touched it (+1), on how
    // many items they met, the last item counted, and where its co-action on that item is.
    let mut stamp = vec![0u32; accounts];
    let mut count = vec![0u32; accounts];
    let mut last_item = vec![NO_ITEM; accounts];
    let mut slot = vec![0u32; accounts];
    let mut met: Vec<(AccountIdx, u32, u32)> = Vec::new();
    let mut records = Vec::new();
    for a in 0..accounts {
        if a % ACCOUNTS_PER_STEP == 0 {
            progress.step(PHASE, 0.8 * a as f64 / accounts.max(1) as f64)?;
        }
        let mine = &by_account[account_starts[a]..account_starts[a + 1]];
        if mine.len() < min_shared as usize {
            // Fewer items than the threshold (at most one per action): no pair of it is kept.
            continue;
        }
        let a = a as AccountIdx;
        met.clear();
        let mut visit = |b: AccountIdx, item: u32, gap: i64, met: &mut Vec<(AccountIdx, u32, u32)>| {
            if b == a {
                return;
            }
            let b_index = b as usize;
            let gap = u32::try_from(gap).unwrap_or(u32::MAX);
            if stamp[b_index] != a + 1 {
                stamp[b_index] = a + 1;
                count[b_index] = 0;
                last_item[b_index] = NO_ITEM;
            }
            if last_item[b_index] != item {
                last_item[b_index] = item;
                count[b_index] += 1;
                slot[b_index] = met.len() as u32;
                met.push((b, item, gap));
            } else {
                let kept = &mut met[slot[b_index] as usize].2;
                *kept = (*kept).min(gap);
            }
        };
        for &p in mine {
            let p = p as usize;
            let item = actions.item_of[p];
            let run = actions.run(item as usize);
            let t = actions.times[p];
            for q in (run.start..p).rev() {
                let gap = t - actions.times[q];
                if gap > window {
                    break;
                }
                visit(actions.accounts[q], item, gap, &mut met);
            }
            for q in p + 1..run.end {
                let gap = actions.times[q] - t;
                if gap > window {
                    break;
                }
                visit(actions.accounts[q], item, gap, &mut met);
            }
        }
        // Each pair once, from its smaller account.
        records.extend(
            met.iter()
                .filter(|&&(b, _, _)| b > a && count[b as usize] >= min_shared)
                .map(|&(b, item, gap)| CoAction {
                    pair: pair_key(a, b),
                    item,
                    gap,
                }),
        );
    }
    records.sort_unstable_by_key(|r| (r.pair, r.item));
    Ok(CoActions { records })
}

/// Two accounts that co-acted on at least `min_shared` items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    pub a: AccountIdx,
    pub b: AccountIdx,
    pub shared: u32,
}

/// The kept pairs, by pair, each with its co-actions (a range of the records).
fn kept_pairs(co: &CoActions, min_shared: u32) -> Vec<(Pair, std::ops::Range<usize>)> {
    let mut kept = Vec::new();
    let records = &co.records;
    let mut start = 0;
    while start < records.len() {
        let mut end = start + 1;
        while end < records.len() && records[end].pair == records[start].pair {
            end += 1;
        }
        let shared = (end - start) as u32;
        if shared >= min_shared {
            let (a, b) = pair_of(records[start].pair);
            kept.push((Pair { a, b, shared }, start..end));
        }
        start = end;
    }
    kept
}

/// Each account's number of coordination partners (its degree in the coordination
/// network), or `None` when the network has no timed action of the kinds asked for: the
/// data does not say. The lens `coordination` is this.
pub fn partners(
    network: &Network,
    params: &CoordinationParams,
    progress: &mut dyn Progress,
) -> Result<Option<Vec<u32>>, Cancelled> {
    progress.step(PHASE, 0.0)?;
    let actions = Actions::of(network, params.by);
    if actions.is_empty() {
        return Ok(None);
    }
    let co = co_actions(
        &actions,
        network.account_count(),
        params.window,
        params.min_shared,
        progress,
    )?;
    let mut degree = vec![0u32; network.account_count()];
    for (pair, _) in kept_pairs(&co, params.min_shared) {
        degree[pair.a as usize] += 1;
        degree[pair.b as usize] += 1;
    }
    Ok(Some(degree))
}

/// An item a group amplified, with how many of its members co-acted on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemCount {
    pub item: Item,
    pub accounts: u32,
}

/// One action of a group's member on one of the group's items (for its timeline).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupAction {
    pub account: AccountIdx,
    pub item: Item,
    pub time: Timestamp,
}

/// One connected component of the coordination network.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// In account order.
    pub members: Vec<AccountIdx>,
    /// Indices into [`Coordination::pairs`] of the group's pairs.
    pub pairs: Vec<usize>,
    /// The sum of its pairs' shared counts.
    pub shared: u64,
    /// Distinct items its pairs co-acted on, in item order.
    pub items: Vec<Item>,
    pub median_gap_seconds: f64,
    /// The most co-acted items: by members who co-acted on them, then item order.
    pub top_items: Vec<ItemCount>,
    /// The mean shared count of its pairs over the baseline's draws (NaN without draws).
    pub expected_shared: f64,
    /// `shared / expected_shared`; `None` when nothing is expected (or there are no draws).
    pub ratio: Option<f64>,
    /// Every action of a member on one of the group's items, by time, then account.
    pub actions: Vec<GroupAction>,
}

/// The coordination network of a collection, its groups and their baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Coordination {
    pub params: CoordinationParams,
    pub options: CoordinationOptions,
    pub actions: ActionCounts,
    /// The kept pairs: by shared count (highest first), then by accounts.
    pub pairs: Vec<Pair>,
    pub groups: Vec<Group>,
}

impl Coordination {
    /// Each account's group (an index into `groups`), `u32::MAX` for accounts in none.
    pub fn membership(&self, accounts: usize) -> Vec<u32> {
        let mut of = vec![u32::MAX; accounts];
        for (g, group) in self.groups.iter().enumerate() {
            for &member in &group.members {
                of[member as usize] = g as u32;
            }
        }
        of
    }
}

/// Finds the coordination network of `network` (see the module documentation).
pub fn coordination(
    network: &Network,
    params: &CoordinationParams,
    options: &CoordinationOptions,
    progress: &mut dyn Progress,
) -> Result<Coordination, Cancelled> {
    progress.step(PHASE, 0.0)?;
    let actions = Actions::of(network, params.by);
    let co = co_actions(
        &actions,
        network.account_count(),
        params.window,
        params.min_shared,
        progress,
    )?;
    let mut kept = kept_pairs(&co, params.min_shared);
    let components = components(network.account_count(), &kept);

    // Pairs listed by shared count; groups refer to them by that position.
    kept.sort_by(|(x, _), (y, _)| y.shared.cmp(&x.shared).then((x.a, x.b).cmp(&(y.a, y.b))));
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of_root: FxHashMap<AccountIdx, usize> = FxHashMap::default();
    for (index, (pair, _)) in kept.iter().enumerate() {
        let root = components[pair.a as usize];
        let g = *group_of_root.entry(root).or_insert_with(|| {
            groups.push(empty_group());
            groups.len() - 1
        });
        groups[g].pairs.push(index);
    }
    for group in &mut groups {
        describe(group, &kept, &co, &actions, options.top_items);
    }
    groups.sort_by(|x, y| {
        y.members
            .len()
            .cmp(&x.members.len())
            .then(y.shared.cmp(&x.shared))
            .then(x.members[0].cmp(&y.members[0]))
    });
    progress.step(PHASE, 0.85)?;
    baseline(&mut groups, &kept, &actions, params.window, options, progress)?;
    group_actions(&mut groups, &actions, network.account_count());
    Ok(Coordination {
        params: *params,
        options: *options,
        actions: actions.counts,
        pairs: kept.into_iter().map(|(pair, _)| pair).collect(),
        groups,
    })
}

fn empty_group() -> Group {
    Group {
        members: Vec::new(),
        pairs: Vec::new(),
        shared: 0,
        items: Vec::new(),
        median_gap_seconds: f64::NAN,
        top_items: Vec::new(),
        expected_shared: f64::NAN,
        ratio: None,
        actions: Vec::new(),
    }
}

/// The component root of every account under the kept pairs (union-find, halving paths).
fn components(accounts: usize, kept: &[(Pair, std::ops::Range<usize>)]) -> Vec<AccountIdx> {
    let mut sets = UnionFind::<AccountIdx>::new(accounts);
    for (pair, _) in kept {
        sets.union(pair.a, pair.b);
    }
    let labels = sets.into_labeling();
    // Each component is rooted at its smallest account, so roots do not depend on the
    // order of the unions.
    let mut smallest = vec![AccountIdx::MAX; accounts];
    for (account, &label) in labels.iter().enumerate() {
        let root = &mut smallest[label as usize];
        *root = (*root).min(account as AccountIdx);
    }
    labels.iter().map(|&label| smallest[label as usize]).collect()
}

/// Fills a group's members, shared count, items, median gap and top items from its pairs.
fn describe(
    group: &mut Group,
    kept: &[(Pair, std::ops::Range<usize>)],
    co: &CoActions,
    actions: &Actions,
    top: usize,
) {
    let mut members = Vec::new();
    let mut gaps = Vec::new();
    let mut item_members: Vec<(u32, AccountIdx)> = Vec::new();
    for &index in &group.pairs {
        let (pair, range) = &kept[index];
        members.extend([pair.a, pair.b]);
        group.shared += u64::from(pair.shared);
        for record in &co.records[range.clone()] {
            gaps.push(record.gap);
            item_members.extend([(record.item, pair.a), (record.item, pair.b)]);
        }
    }
    members.sort_unstable();
    members.dedup();
    group.members = members;
    gaps.sort_unstable();
    let middle = gaps.len() / 2;
    group.median_gap_seconds = if gaps.len() % 2 == 1 {
        f64::from(gaps[middle])
    } else {
        (f64::from(gaps[middle - 1]) + f64::from(gaps[middle])) / 2.0
    };
    item_members.sort_unstable();
    item_members.dedup();
    let mut counts: Vec<(u32, u32)> = Vec::new();
    for &(item, _) in &item_members {
        match counts.last_mut() {
            Some((last, count)) if *last == item => *count += 1,
            _ => counts.push((item, 1)),
        }
    }
    group.items = counts
        .iter()
        .map(|&(item, _)| actions.items[item as usize])
        .collect();
    counts.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    group.top_items = counts
        .into_iter()
        .take(top)
        .map(|(item, accounts)| ItemCount {
            item: actions.items[item as usize],
            accounts,
        })
        .collect();
}

/// The groups' expected shared counts under shuffled times (see the module documentation).
fn baseline(
    groups: &mut [Group],
    kept: &[(Pair, std::ops::Range<usize>)],
    actions: &Actions,
    window: i64,
    options: &CoordinationOptions,
    progress: &mut dyn Progress,
) -> Result<(), Cancelled> {
    if options.permutations == 0 || groups.is_empty() {
        return Ok(());
    }
    let index: FxHashMap<u64, usize> = kept
        .iter()
        .enumerate()
        .map(|(i, (pair, _))| (pair_key(pair.a, pair.b), i))
        .collect();
    let in_group = {
        let mut flags = vec![false; actions.accounts.iter().max().map_or(0, |&a| a as usize + 1)];
        for group in groups.iter() {
            for &member in &group.members {
                if let Some(flag) = flags.get_mut(member as usize) {
                    *flag = true;
                }
            }
        }
        flags
    };
    // The members' actions, item by item: only they can form a group's pair.
    let mut member_actions: Vec<usize> = Vec::new();
    let mut member_runs: Vec<usize> = vec![0];
    for item in 0..actions.items.len() {
        let before = member_actions.len();
        member_actions.extend(
            actions
                .run(item)
                .filter(|&i| in_group[actions.accounts[i] as usize]),
        );
        if member_actions.len() - before < 2 {
            member_actions.truncate(before);
        } else {
            member_runs.push(member_actions.len());
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    // The pool of every action's time. A uniform permutation of all the times, read at the
    // members' actions only, is a uniform draw without replacement of as many times from
    // the pool: the first steps of a Fisher–Yates shuffle, O(members' actions) per draw.
    // (The pool stays a permutation of the times, so the next draw starts from any order.)
    let mut pool = actions.times.clone();
    let mut totals = vec![0u64; kept.len()];
    let mut run: Vec<(Timestamp, AccountIdx)> = Vec::new();
    let (mut run_times, mut run_accounts) = (Vec::new(), Vec::new());
    let mut met: Vec<usize> = Vec::new();
    for draw in 0..options.permutations {
        progress.step(
            PHASE,
            0.85 + 0.15 * f64::from(draw) / f64::from(options.permutations),
        )?;
        for k in 0..member_actions.len() {
            // Drawn as u64, never usize: `gen_range` over usize reads 32 bits of the stream
            // on wasm32 and 64 natively, and the two builds would shuffle differently.
            let j = rng.gen_range(k as u64..pool.len() as u64) as usize;
            pool.swap(k, j);
        }
        for bounds in member_runs.windows(2) {
            run.clear();
            run.extend((bounds[0]..bounds[1]).map(|k| (pool[k], actions.accounts[member_actions[k]])));
            run.sort_unstable();
            run_times.clear();
            run_accounts.clear();
            run_times.extend(run.iter().map(|&(time, _)| time));
            run_accounts.extend(run.iter().map(|&(_, account)| account));
            met.clear();
            sweep(&run_accounts, &run_times, window, |a, b, _| {
                if let Some(&k) = index.get(&pair_key(a, b)) {
                    met.push(k);
                }
            });
            met.sort_unstable();
            met.dedup();
            for &k in &met {
                totals[k] += 1;
            }
        }
    }
    let draws = f64::from(options.permutations);
    for group in groups {
        let total: u64 = group.pairs.iter().map(|&k| totals[k]).sum();
        group.expected_shared = total as f64 / draws;
        group.ratio = (total > 0).then(|| group.shared as f64 / group.expected_shared);
    }
    Ok(())
}

/// Every action of each group's members on the group's items.
fn group_actions(groups: &mut [Group], actions: &Actions, accounts: usize) {
    let mut group_of = vec![u32::MAX; accounts];
    for (g, group) in groups.iter().enumerate() {
        for &member in &group.members {
            group_of[member as usize] = g as u32;
        }
    }
    for (item_index, &item) in actions.items.iter().enumerate() {
        for i in actions.run(item_index) {
            let g = group_of[actions.accounts[i] as usize];
            if g == u32::MAX {
                continue;
            }
            let group = &mut groups[g as usize];
            if group.items.binary_search(&item).is_ok() {
                group.actions.push(GroupAction {
                    account: actions.accounts[i],
                    item,
                    time: actions.times[i],
                });
            }
        }
    }
    for group in groups {
        group.actions.sort_by_key(|a| (a.time, a.account, a.item));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{EventKey, Interaction, NetworkBuilder, Platform, PostInfo};
    use crate::progress::Silent;

    /// A network of reposts `(reposter, original, time)`; originals `o<n>` by `author`.
    fn reposts(events: &[(&str, &str, i64)]) -> Network {
        let mut builder = NetworkBuilder::new();
        let author = builder.account(Platform::Twitter, "author");
        for (n, &(reposter, original, time)) in events.iter().enumerate() {
            let actor = builder.account(Platform::Twitter, reposter);
            let (subject, _) = builder.post(Platform::Twitter, original, author, &PostInfo::default());
            builder.interact(Interaction {
                time: Some(time),
                key: Some(EventKey::of_post(Platform::Twitter, &format!("r{n}"))),
                subject: Some(subject),
                ..Interaction::new(actor, author, Kind::Repost)
            });
        }
        builder.finish()
    }

    fn index(network: &Network, id: &str) -> AccountIdx {
        network.accounts.iter().position(|a| a.id == id).unwrap() as AccountIdx
    }

    fn params(window: i64, min_shared: u32) -> CoordinationParams {
        CoordinationParams {
            by: CoordinateBy::Repost,
            window,
            min_shared,
        }
    }

    #[test]
    fn a_gap_of_exactly_the_window_counts_and_one_second_more_does_not() {
        let network = reposts(&[("a", "o1", 100), ("b", "o1", 160), ("c", "o1", 221)]);
        let found = coordination(
            &network,
            &params(60, 1),
            &CoordinationOptions::default(),
            &mut Silent,
        )
        .unwrap();
        let (a, b) = (index(&network, "a"), index(&network, "b"));
        let c = index(&network, "c");
        assert_eq!(found.pairs, vec![Pair { a, b, shared: 1 }]);
        assert!(!found.groups[0].members.contains(&c));
        assert_eq!(found.groups[0].median_gap_seconds, 60.0);
    }

    #[test]
    fn the_shared_count_is_of_distinct_items_and_repeats_take_the_smallest_gap() {
        // b reposts o1 twice (two repost ids): one co-action on o1, at the smaller gap.
        let network = reposts(&[
            ("a", "o1", 0),
            ("b", "o1", 50),
            ("b", "o1", 10),
            ("a", "o2", 0),
            ("b", "o2", 30),
        ]);
        let found = coordination(
            &network,
            &params(60, 2),
            &CoordinationOptions::default(),
            &mut Silent,
        )
        .unwrap();
        assert_eq!(found.pairs.len(), 1);
        assert_eq!(found.pairs[0].shared, 2);
        let group = &found.groups[0];
        assert_eq!(group.items.len(), 2);
        assert_eq!(group.median_gap_seconds, 20.0, "gaps 10 and 30");
        assert_eq!(group.actions.len(), 5);
        assert!(group.actions.windows(2).all(|w| w[0].time <= w[1].time));
    }

    #[test]
    fn groups_are_components_by_size_then_shared_count() {
        let mut events = Vec::new();
        for (n, original) in ["o1", "o2", "o3"].iter().enumerate() {
            let t = 1000 * n as i64;
            // a–b–c chain (a and c never within the window of each other)…
            events.extend([
                ("a", *original, t),
                ("b", *original, t + 40),
                ("c", *original, t + 80),
            ]);
            // …and a pair d–e, far from them in time.
            events.extend([("d", *original, t + 500), ("e", *original, t + 501)]);
        }
        events.push(("d", "o4", 9000));
        events.push(("e", "o4", 9000));
        let network = reposts(&events);
        let found = coordination(
            &network,
            &params(60, 3),
            &CoordinationOptions::default(),
            &mut Silent,
        )
        .unwrap();
        let ids = |g: &Group| -> Vec<&str> {
            g.members
                .iter()
                .map(|&m| network.accounts[m as usize].id.as_str())
                .collect()
        };
        assert_eq!(found.groups.len(), 2);
        assert_eq!(ids(&found.groups[0]), ["a", "b", "c"]);
        assert_eq!(found.groups[0].shared, 6);
        assert_eq!(ids(&found.groups[1]), ["d", "e"]);
        assert_eq!(found.groups[1].shared, 4);
        assert_eq!(found.groups[1].top_items[0].accounts, 2);
        let partners = partners(&network, &params(60, 3), &mut Silent).unwrap().unwrap();
        assert_eq!(partners[index(&network, "b") as usize], 2);
        assert_eq!(partners[index(&network, "a") as usize], 1);
        assert_eq!(partners[index(&network, "author") as usize], 0);
    }

    #[test]
    fn the_baseline_is_seeded_and_spread_times_expect_less() {
        // Two accounts reposting 10 originals seconds apart, amid a day of other reposts.
        let mut events = Vec::new();
        let names: Vec<String> = (0..40).map(|n| format!("x{n}")).collect();
        let originals: Vec<String> = (0..10).map(|n| format!("o{n}")).collect();
        for (n, original) in originals.iter().enumerate() {
            let t = 8000 * n as i64;
            events.push(("a", original.as_str(), t));
            events.push(("b", original.as_str(), t + 5));
            for (k, name) in names.iter().enumerate() {
                events.push((name.as_str(), original.as_str(), t + 100 + 97 * k as i64));
            }
        }
        let network = reposts(&events);
        let options = CoordinationOptions::default();
        let found = coordination(&network, &params(10, 5), &options, &mut Silent).unwrap();
        assert_eq!(found.groups.len(), 1);
        let group = &found.groups[0];
        assert_eq!(group.shared, 10);
        assert!(group.expected_shared < 2.0, "{}", group.expected_shared);
        if let Some(ratio) = group.ratio {
            assert!(ratio > 5.0, "{ratio}");
        }
        let again = coordination(&network, &params(10, 5), &options, &mut Silent).unwrap();
        assert_eq!(again, found, "the same seed, the same baseline");
        let none = CoordinationOptions {
            permutations: 0,
            ..options
        };
        let without = coordination(&network, &params(10, 5), &none, &mut Silent).unwrap();
        assert!(without.groups[0].expected_shared.is_nan() && without.groups[0].ratio.is_none());
    }

    #[test]
    fn without_actions_the_lens_does_not_say() {
        let network = reposts(&[]);
        assert_eq!(partners(&network, &params(60, 3), &mut Silent).unwrap(), None);
    }

    #[test]
    fn what_is_missing_is_said_only_when_nothing_can_be_compared() {
        let counts = |reposts, untimed, without_original| ActionCounts {
            reposts,
            links: 0,
            untimed,
            without_original,
        };
        assert_eq!(counts(1, 5, 5).missing(CoordinateBy::All), None);
        let nothing = counts(0, 0, 0).missing(CoordinateBy::Repost).unwrap();
        assert!(
            nothing.starts_with("These data have no reposts, so there is nothing to compare"),
            "{nothing}"
        );
        let untimed = counts(0, 1, 0).missing(CoordinateBy::Link).unwrap();
        assert!(
            untimed.contains("1 post with a link has no timestamp"),
            "{untimed}"
        );
        let both = counts(0, 3, 2).missing(CoordinateBy::All).unwrap();
        assert!(both.contains("3 reposts and posts with links have no timestamp, and 2 reposts do not say which post they repost"), "{both}");
        assert!(both.contains("nothing to compare"), "{both}");
    }

    #[test]
    fn by_codes_and_names_round_trip() {
        for by in CoordinateBy::ALL {
            assert_eq!(CoordinateBy::from_code(by.code()), Some(by));
            assert_eq!(CoordinateBy::parse(by.as_str()), Some(by));
        }
        assert_eq!(CoordinateBy::from_code(0.5), None);
        assert_eq!(Item::from_key(Item::Url(7).key()), Item::Url(7));
        assert_eq!(Item::from_key(Item::Post(7).key()), Item::Post(7));
        assert!(Item::Post(u32::MAX).key() < Item::Url(0).key());
    }
}
