//! A running estimate of the heap memory a [`NetworkBuilder`](super::NetworkBuilder) holds,
//! cheap enough to ask after every mebibyte of input (O(1) but for a fixed sample of
//! accounts), so that ingest can stop before a browser tab runs out of memory.
//!
//! What is counted, and how:
//!
//! * **Vectors** (the interaction columns, posts, accounts, node rows): their *capacity*
//!   times the element size, since a growing vector holds up to twice what it uses.
//! * **Hash tables** (ids, handles, post ids, event keys for deduplication, terms):
//!   hashbrown's layout, `buckets × (entry + 1 control byte)`, with `buckets` the next
//!   power of two above `capacity × 8/7`.
//! * **Strings**: their length plus [`ALLOCATION_OVERHEAD`] per string (the allocator's
//!   header and rounding). Account ids and handles count twice (the account and its
//!   lookup key); post ids once (only the key is kept); terms twice.
//! * **Account text** (ids, handles, labels, names, attributes): summed over at most
//!   [`ACCOUNT_SAMPLE`] accounts spread evenly over the list and scaled to all of them,
//!   so the estimate stays O(1) per call and the same on every run.
//!
//! What a reader holds (a file buffered whole, a pending record) is added by
//! `Ingest::estimated_bytes`. Typical totals, measured by `tests/memory_budget.rs` with a
//! counting allocator: an edge-list row between known accounts ≈ 45 bytes (the seven
//! interaction columns, with vector slack up to twice that); a new account with a short
//! id ≈ 300 bytes; a tweet ≈ 200 bytes (its post, its id key, its interactions and their
//! deduplication keys). The estimate is meant to be within a factor of two of what is
//! really allocated (the test checks it).

use std::collections::{HashMap, HashSet};
use std::mem::size_of;

use super::{Account, NodeRow};

/// Bytes an allocator adds to each heap block (header and rounding; dlmalloc in wasm and
/// glibc natively both use 8–16).
pub const ALLOCATION_OVERHEAD: u64 = 16;

/// Accounts whose text is measured per estimate; the rest is extrapolated.
pub const ACCOUNT_SAMPLE: usize = 1024;

/// Bytes a `BTreeMap<String, String>` entry takes besides its strings' text (the two
/// `String` headers and the node's share of slack).
const ATTRIBUTE_ENTRY: u64 = 80;

/// A vector's heap block.
pub(super) fn vec_bytes<T>(values: &Vec<T>) -> u64 {
    block(values.capacity() * size_of::<T>())
}

/// A hash map's table (not the heap data its keys and values point to).
pub(super) fn hash_table_bytes<K, V, S>(map: &HashMap<K, V, S>) -> u64 {
    table(map.capacity(), size_of::<(K, V)>())
}

/// A hash set's table.
pub(super) fn hash_set_bytes<T, S>(set: &HashSet<T, S>) -> u64 {
    table(set.capacity(), size_of::<T>())
}

/// The heap blocks of `count` strings whose lengths sum to `total_len`.
pub(super) fn string_bytes(total_len: usize, count: usize) -> u64 {
    total_len as u64 + count as u64 * ALLOCATION_OVERHEAD
}

/// The text of the accounts (and of their lookup keys), sampled: see the module documentation.
pub(super) fn accounts_text_bytes(accounts: &[Account]) -> u64 {
    let n = accounts.len();
    if n <= ACCOUNT_SAMPLE {
        return accounts.iter().map(account_text).sum();
    }
    let step = n / ACCOUNT_SAMPLE;
    let sampled: u64 = (0..ACCOUNT_SAMPLE)
        .map(|i| account_text(&accounts[i * step]))
        .sum();
    sampled * n as u64 / ACCOUNT_SAMPLE as u64
}

/// The text a node row holds until finish.
pub(super) fn node_row_heap(row: &NodeRow) -> usize {
    let attributes: usize = row.attributes.iter().map(|(k, v)| k.len() + v.len() + 32).sum();
    let scores: usize = row.scores.iter().map(|(k, _)| k.len() + 32).sum();
    row.key.len()
        + row.label.as_ref().map_or(0, |l| l.len())
        + attributes
        + scores
        + 4 * ALLOCATION_OVERHEAD as usize
}

fn account_text(account: &Account) -> u64 {
    let text = |s: &str| string_bytes(s.len(), usize::from(!s.is_empty()));
    let optional = |s: &Option<String>| s.as_deref().map_or(0, text);
    let attributes: u64 = account
        .attributes
        .iter()
        .map(|(key, value)| text(key) + text(value) + ATTRIBUTE_ENTRY)
        .sum();
    // Id and handle are also the keys of the lookup tables.
    2 * text(&account.id)
        + 2 * optional(&account.handle)
        + optional(&account.label)
        + optional(&account.name)
        + attributes
}

fn block(bytes: usize) -> u64 {
    if bytes == 0 {
        0
    } else {
        bytes as u64 + ALLOCATION_OVERHEAD
    }
}

fn table(capacity: usize, entry: usize) -> u64 {
    if capacity == 0 {
        return 0;
    }
    let buckets = (capacity * 8 / 7).next_power_of_two();
    block(buckets * (entry + 1) + 16)
}
