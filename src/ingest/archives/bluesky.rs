//! Bluesky repository exports (`.car`, "Export my data", or `com.atproto.sync.getRepo`).
//! Format: formats.md §5; the container and DAG-CBOR decoding are in `car.rs`.
//!
//! The CAR's blocks reference each other, so the file is **buffered whole**, up to
//! [`MAX_CAR_BYTES`] (real exports are a few megabytes; larger ones are refused with a
//! warning). Then the reader walks the **live** repository: the root commit's `data` is the
//! root of a Merkle search tree (MST) whose entries map `collection/rkey` keys (prefix-
//! compressed) to record CIDs. Blocks the tree does not reach (earlier commits, deleted
//! records: `paul_staging` has 17 follow blocks but 8 live follows) are not read. The walk
//! keeps a visited set and a depth limit, so blocks that loop cannot hang it.
//!
//! Records, by the repository's owner (the commit's `did`), keyed by DID ([`Platform::Bluesky`]):
//! * `app.bsky.feed.post`: a post `at://did/app.bsky.feed.post/rkey`. **Reply** → the DID of
//!   `reply.parent.uri` (the authority of an at-URI is the author's DID). **Quote** →
//!   `embed.record.uri`, or `embed.record.record.uri` for `recordWithMedia`, when it is a post.
//!   **Mention** → each `facets[].features[]` of type `#mention` (`did`), or the 2023
//!   `entities[]` of type `mention`; the mentioned text (`@handle`, UTF-8 byte offsets) labels
//!   the DID. A mention of the replied-to account is the reply's addressee, not also a
//!   mention. Hashtags from `#tag` facets and `tags`; domains from `#link` facets and
//!   external embeds; language from `langs[0]`. Time: `createdAt`, or the record key's
//!   TID when `createdAt` is unreadable or more than a day after it (client clocks lie).
//! * `app.bsky.feed.repost`: a repost of `subject.uri`'s author.
//! * `app.bsky.graph.follow`: owner → `subject`.
//! * `app.bsky.actor.profile`: the owner's display name.
//! * Not read: likes (not scored; counted in a note), blocks, lists, and other or
//!   third-party collections.
//!
//! **Partial or damaged CARs** (`repo_slice.car`): missing record blocks are skipped and
//! counted; when MST nodes are missing, or the commit itself, the reader falls back to
//! scanning every block for records it did not reach, and says so in a warning (a scan
//! cannot tell live records from deleted ones). The repository has no handles and no
//! followers: the export is an ego network, which a note says.
//!
//! Complexity: O(file) memory (the buffer and a block index); time O(blocks reached).

use std::collections::HashSet;

use crate::ingest::archives::car::{self, Car, Cbor};
use crate::ingest::{FormatReader, Sink};
use crate::network::{
    AccountIdx, EventKey, Interaction, Kind, Platform, PostInfo, PostKind, TermKind, Timestamp,
};
use crate::time::parse_timestamp;

const PLATFORM: Platform = Platform::Bluesky;

/// Largest CAR read: it must be held whole.
pub const MAX_CAR_BYTES: usize = 256 << 20;

/// Deepest MST walked (real trees are under 10 levels; fanout is 16 per level on average).
const MAX_TREE_DEPTH: usize = 128;

const POST: &str = "app.bsky.feed.post";

pub struct BlueskyReader {
    bytes: Vec<u8>,
    too_large: bool,
}

impl BlueskyReader {
    pub fn new() -> Self {
        BlueskyReader {
            bytes: Vec::new(),
            too_large: false,
        }
    }
}

impl Default for BlueskyReader {
    fn default() -> Self {
        Self::new()
    }
}

impl FormatReader for BlueskyReader {
    fn held_bytes(&self) -> usize {
        self.bytes.capacity()
    }

    fn feed(&mut self, chunk: &[u8], _sink: &mut Sink) {
        if self.too_large || self.bytes.len() + chunk.len() > MAX_CAR_BYTES {
            self.too_large = true;
            self.bytes = Vec::new();
        } else {
            self.bytes.extend_from_slice(chunk);
        }
    }

    fn finish(&mut self, sink: &mut Sink) {
        if self.too_large {
            sink.warn(
                None,
                format!(
                    "the repository export is larger than {} MiB, the most held in memory; not read",
                    MAX_CAR_BYTES >> 20
                ),
            );
            return;
        }
        let bytes = std::mem::take(&mut self.bytes);
        match Car::parse(&bytes) {
            Ok(car) => Repository::new(&car).read(sink),
            Err(why) => sink.skip(None, format!("not a readable CAR file: {why}")),
        }
    }
}

/// One repository being read.
struct Repository<'c, 'a> {
    car: &'c Car<'a>,
    /// Record blocks read (so a fallback scan does not read them twice).
    read: HashSet<&'a [u8]>,
    missing_nodes: u64,
    missing_records: u64,
    undecodable: u64,
    too_deep: bool,
    likes: u64,
    other: u64,
}

/// What a record needs besides itself.
struct Context<'s> {
    owner: AccountIdx,
    did: &'s str,
}

impl<'c, 'a> Repository<'c, 'a> {
    fn new(car: &'c Car<'a>) -> Self {
        Repository {
            car,
            read: HashSet::new(),
            missing_nodes: 0,
            missing_records: 0,
            undecodable: 0,
            too_deep: false,
            likes: 0,
            other: 0,
        }
    }

    fn read(mut self, sink: &mut Sink) {
        if let Some(why) = &self.car.truncated {
            sink.warn(
                None,
                format!("the CAR is damaged or cut off: {why}; the blocks before were read"),
            );
        }
        let commit = self
            .car
            .roots
            .first()
            .and_then(|root| self.car.block(root))
            .and_then(|block| car::decode(block).ok());
        let did = commit.as_ref().and_then(|c| c.get("did")).and_then(Cbor::as_str);
        let owner = match did {
            Some(did) => sink.network.account(PLATFORM, did),
            None => sink.network.account(PLATFORM, "(repository owner)"),
        };
        sink.network.mark_owner(owner);
        let context = Context {
            owner,
            did: did.unwrap_or("(repository owner)"),
        };
        let tree = commit
            .as_ref()
            .and_then(|c| c.get("data"))
            .and_then(Cbor::as_link);
        match tree {
            Some(tree) if self.car.block(tree).is_some() => self.walk(tree, &context, sink),
            _ => self.missing_nodes += 1,
        }
        if commit.is_none() {
            sink.warn(
                None,
                "the commit this CAR names as its root is missing or unreadable",
            );
        }
        if self.missing_nodes > 0 || self.too_deep {
            self.scan(&context, sink);
        }
        self.report(sink);
    }

    /// Walks the MST in key order, reading every record it reaches.
    fn walk(&mut self, root: &'a [u8], context: &Context, sink: &mut Sink) {
        enum Task<'a> {
            Node(&'a [u8], usize),
            Record(String, &'a [u8]),
        }
        let mut visited: HashSet<&'a [u8]> = HashSet::new();
        let mut stack = vec![Task::Node(root, 0)];
        while let Some(task) = stack.pop() {
            match task {
                Task::Record(key, cid) => self.record_at(&key, cid, context, sink),
                Task::Node(cid, depth) => {
                    if !visited.insert(cid) {
                        continue;
                    }
                    if depth > MAX_TREE_DEPTH {
                        self.too_deep = true;
                        continue;
                    }
                    let Some(node) = self.car.block(cid).and_then(|b| car::decode(b).ok()) else {
                        self.missing_nodes += 1;
                        continue;
                    };
                    // Pushed in reverse so that popping yields: left subtree, entry, its right subtree, ...
                    let mut tasks = Vec::new();
                    if let Some(left) = node.get("l").and_then(Cbor::as_link) {
                        tasks.push(Task::Node(left, depth + 1));
                    }
                    let mut key: Vec<u8> = Vec::new();
                    for entry in node.get("e").and_then(Cbor::as_array).unwrap_or(&[]) {
                        let prefix = entry.get("p").and_then(Cbor::as_u64).unwrap_or(0) as usize;
                        let suffix = entry.get("k").and_then(Cbor::as_bytes).unwrap_or(&[]);
                        key.truncate(prefix.min(key.len()));
                        key.extend_from_slice(suffix);
                        if let Some(value) = entry.get("v").and_then(Cbor::as_link) {
                            tasks.push(Task::Record(String::from_utf8_lossy(&key).into_owned(), value));
                        }
                        if let Some(right) = entry.get("t").and_then(Cbor::as_link) {
                            tasks.push(Task::Node(right, depth + 1));
                        }
                    }
                    stack.extend(tasks.into_iter().rev());
                }
            }
        }
    }

    /// Reads every record block the walk did not reach (the fallback for a broken tree).
    fn scan(&mut self, context: &Context, sink: &mut Sink) {
        let before = self.read.len();
        for &cid in &self.car.order {
            if self.read.contains(cid) {
                continue;
            }
            let Some(record) = self.car.block(cid).and_then(|b| car::decode(b).ok()) else {
                continue;
            };
            let Some(collection) = record.get("$type").and_then(Cbor::as_str) else {
                continue;
            };
            let key = format!("{collection}/{}", car::cid_to_string(cid));
            self.read.insert(cid);
            self.record(&key, &record, context, sink);
        }
        sink.warn(
            None,
            format!(
                "the repository tree is incomplete ({} tree nodes missing{}): every other block was scanned \
                 for records and {} found; they may include deleted records",
                self.missing_nodes,
                if self.too_deep { ", or nested too deep" } else { "" },
                self.read.len() - before
            ),
        );
    }

    fn record_at(&mut self, key: &str, cid: &'a [u8], context: &Context, sink: &mut Sink) {
        let Some(block) = self.car.block(cid) else {
            self.missing_records += 1;
            return;
        };
        if !self.read.insert(cid) {
            return;
        }
        match car::decode(block) {
            Ok(record) => self.record(key, &record, context, sink),
            Err(_) => self.undecodable += 1,
        }
    }

    fn record(&mut self, key: &str, record: &Cbor, context: &Context, sink: &mut Sink) {
        let (collection, rkey) = key.split_once('/').unwrap_or((key, ""));
        sink.record();
        match collection {
            POST => read_post(rkey, record, context, sink),
            "app.bsky.feed.repost" => read_repost(rkey, record, context, sink),
            "app.bsky.graph.follow" => read_follow(record, context, sink),
            "app.bsky.actor.profile" => {
                if let Some(name) = record
                    .get("displayName")
                    .and_then(Cbor::as_str)
                    .filter(|n| !n.is_empty())
                {
                    sink.network.account_mut(context.owner).name = Some(name.to_owned());
                }
            }
            "app.bsky.feed.like" => self.likes += 1,
            _ => self.other += 1,
        }
    }

    fn report(&self, sink: &mut Sink) {
        if self.missing_records > 0 {
            sink.warn(
                None,
                format!(
                    "{} records the repository tree lists are missing from the CAR (a partial export?); skipped",
                    self.missing_records
                ),
            );
        }
        if self.undecodable > 0 {
            sink.warn(
                None,
                format!(
                    "{} record blocks are not valid DAG-CBOR; skipped",
                    self.undecodable
                ),
            );
        }
        if self.likes > 0 {
            sink.note(format!(
                "{} likes were not read: likes are not scored",
                self.likes
            ));
        }
        if self.other > 0 {
            sink.note(format!(
                "{} records of other kinds (blocks, lists, other apps' collections) were not read",
                self.other
            ));
        }
        sink.note(
            "a Bluesky repository is an ego network: it holds what its owner did, with no followers and no handles \
             (accounts show as DIDs unless a mention gave their handle)",
        );
    }
}

fn read_post(rkey: &str, record: &Cbor, context: &Context, sink: &mut Sink) {
    let uri = format!("at://{}/{POST}/{rkey}", context.did);
    let time = record_time(record, rkey);
    let reply_to = record.path(&["reply", "parent", "uri"]).and_then(Cbor::as_str);
    let quoted = quoted_post(record);
    let kind = if reply_to.is_some() {
        PostKind::Reply
    } else if quoted.is_some() {
        PostKind::Quote
    } else {
        PostKind::Original
    };
    let lang = record
        .get("langs")
        .and_then(Cbor::as_array)
        .and_then(|langs| langs.first())
        .and_then(Cbor::as_str);
    let info = PostInfo {
        kind,
        time,
        lang,
        collected: true,
        ..PostInfo::default()
    };
    let (post, _) = sink.network.post(PLATFORM, &uri, context.owner, &info);
    let event = |target: AccountIdx, kind: Kind, subject: Option<u32>| Interaction {
        time,
        key: Some(EventKey::of_post(PLATFORM, &uri)),
        subject,
        ..Interaction::new(context.owner, target, kind)
    };
    let mut addressee = None;
    for (subject_uri, kind) in [(reply_to, Kind::Reply), (quoted, Kind::Quote)] {
        let Some((target, subject)) = subject_uri.and_then(|u| subject_post(u, sink)) else {
            continue;
        };
        sink.network.interact(event(target, kind, Some(subject)));
        if kind == Kind::Reply {
            addressee = Some(target);
        }
    }
    let text = record.get("text").and_then(Cbor::as_str).unwrap_or("");
    let facts = Facets::of(record, text);
    for tag in &facts.tags {
        sink.network.tag_post(post, TermKind::Hashtag, tag);
    }
    for link in &facts.links {
        sink.network.tag_link(post, link);
    }
    for (did, handle) in facts.mentions {
        let target = sink.network.account(PLATFORM, did);
        if let Some(handle) = handle {
            sink.network.set_handle(PLATFORM, target, handle);
        }
        if addressee == Some(target) {
            continue;
        }
        sink.network.interact(event(target, Kind::Mention, None));
    }
}

/// The at-URI of the post a post quotes (record embeds of lists, feeds and packs are not quotes).
fn quoted_post<'v>(record: &'v Cbor<'v>) -> Option<&'v str> {
    let embed = record.get("embed")?;
    let uri = match embed.get("$type").and_then(Cbor::as_str)? {
        "app.bsky.embed.record" => embed.path(&["record", "uri"]),
        "app.bsky.embed.recordWithMedia" => embed.path(&["record", "record", "uri"]),
        _ => None,
    }?
    .as_str()?;
    (collection_of(uri) == Some(POST)).then_some(uri)
}

/// Hashtags, links and mentions (DID and handle) of a post.
struct Facets<'v> {
    tags: Vec<&'v str>,
    links: Vec<&'v str>,
    mentions: Vec<(&'v str, Option<&'v str>)>,
}

impl<'v> Facets<'v> {
    fn of(record: &'v Cbor<'v>, text: &'v str) -> Self {
        let mut facts = Facets {
            tags: Vec::new(),
            links: Vec::new(),
            mentions: Vec::new(),
        };
        for facet in record.get("facets").and_then(Cbor::as_array).unwrap_or(&[]) {
            let range = (
                facet.path(&["index", "byteStart"]).and_then(Cbor::as_u64),
                facet.path(&["index", "byteEnd"]).and_then(Cbor::as_u64),
            );
            for feature in facet.get("features").and_then(Cbor::as_array).unwrap_or(&[]) {
                let value = |key: &str| feature.get(key).and_then(Cbor::as_str);
                match feature.get("$type").and_then(Cbor::as_str) {
                    Some("app.bsky.richtext.facet#mention") => {
                        if let Some(did) = value("did") {
                            facts.mentions.push((did, mention_handle(text, range)));
                        }
                    }
                    Some("app.bsky.richtext.facet#link") => facts.links.extend(value("uri")),
                    Some("app.bsky.richtext.facet#tag") => facts.tags.extend(value("tag")),
                    _ => {}
                }
            }
        }
        // The pre-facets shape of 2023: {type, index: {start, end}, value}.
        for entity in record.get("entities").and_then(Cbor::as_array).unwrap_or(&[]) {
            let value = entity.get("value").and_then(Cbor::as_str);
            match (entity.get("type").and_then(Cbor::as_str), value) {
                (Some("mention"), Some(did)) => {
                    let range = (
                        entity.path(&["index", "start"]).and_then(Cbor::as_u64),
                        entity.path(&["index", "end"]).and_then(Cbor::as_u64),
                    );
                    facts.mentions.push((did, mention_handle(text, range)));
                }
                (Some("link"), Some(url)) => facts.links.push(url),
                _ => {}
            }
        }
        for tag in record.get("tags").and_then(Cbor::as_array).unwrap_or(&[]) {
            facts.tags.extend(tag.as_str());
        }
        if let Some(external) = record.path(&["embed", "external", "uri"]).and_then(Cbor::as_str) {
            facts.links.push(external);
        }
        facts
    }
}

/// The `@handle` a mention facet covers (UTF-8 byte offsets), without the `@`.
fn mention_handle(text: &str, (start, end): (Option<u64>, Option<u64>)) -> Option<&str> {
    let (start, end) = (usize::try_from(start?).ok()?, usize::try_from(end?).ok()?);
    let mentioned = text.get(start..end)?.strip_prefix('@')?;
    let valid = mentioned.contains('.')
        && mentioned
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    valid.then_some(mentioned)
}

fn read_repost(rkey: &str, record: &Cbor, context: &Context, sink: &mut Sink) {
    let Some(subject_uri) = record.path(&["subject", "uri"]).and_then(Cbor::as_str) else {
        sink.skip(None, format!("repost {rkey} has no subject; skipped"));
        return;
    };
    let uri = format!("at://{}/app.bsky.feed.repost/{rkey}", context.did);
    let time = record_time(record, rkey);
    let info = PostInfo {
        kind: PostKind::Repost,
        time,
        collected: true,
        ..PostInfo::default()
    };
    sink.network.post(PLATFORM, &uri, context.owner, &info);
    let Some((target, subject)) = subject_post(subject_uri, sink) else {
        sink.skip(
            None,
            format!("repost {rkey}: `{subject_uri}` is not an at:// URI; skipped"),
        );
        return;
    };
    sink.network.interact(Interaction {
        time,
        key: Some(EventKey::of_post(PLATFORM, &uri)),
        subject: Some(subject),
        ..Interaction::new(context.owner, target, Kind::Repost)
    });
}

fn read_follow(record: &Cbor, context: &Context, sink: &mut Sink) {
    let Some(subject) = record
        .get("subject")
        .and_then(Cbor::as_str)
        .filter(|s| s.starts_with("did:"))
    else {
        sink.skip(None, "a follow record has no subject DID; skipped");
        return;
    };
    let target = sink.network.account(PLATFORM, subject);
    sink.network.interact(Interaction {
        time: record
            .get("createdAt")
            .and_then(Cbor::as_str)
            .and_then(parse_timestamp),
        key: Some(EventKey::of_relation(PLATFORM, context.did, subject)),
        ..Interaction::new(context.owner, target, Kind::Follow)
    });
}

/// The author (from the at-URI's authority) and the referenced post.
fn subject_post(uri: &str, sink: &mut Sink) -> Option<(AccountIdx, u32)> {
    let authority = uri.strip_prefix("at://")?.split('/').next()?;
    if authority.is_empty() {
        return None;
    }
    let author = if authority.starts_with("did:") {
        sink.network.account(PLATFORM, authority)
    } else {
        sink.network.account_by_handle(PLATFORM, authority)
    };
    let (post, _) = sink.network.post(PLATFORM, uri, author, &PostInfo::default());
    Some((author, post))
}

fn collection_of(uri: &str) -> Option<&str> {
    uri.strip_prefix("at://")?.split('/').nth(1)
}

/// `createdAt`, unless it is unreadable or more than a day after the record key's TID.
fn record_time(record: &Cbor, rkey: &str) -> Option<Timestamp> {
    let created = record
        .get("createdAt")
        .and_then(Cbor::as_str)
        .and_then(parse_timestamp);
    let tid = tid_time(rkey);
    match (created, tid) {
        (Some(created), Some(tid)) if created > tid + 86_400 => Some(tid),
        (Some(created), _) => Some(created),
        (None, tid) => tid,
    }
}

/// The time a TID record key encodes: 13 base32-sortable characters, microseconds since
/// the epoch in the top 53 of 64 bits, a clock id in the low 10.
pub fn tid_time(rkey: &str) -> Option<Timestamp> {
    const ALPHABET: &[u8; 32] = b"234567abcdefghijklmnopqrstuvwxyz";
    if rkey.len() != 13 {
        return None;
    }
    let mut value: u64 = 0;
    for (i, byte) in rkey.bytes().enumerate() {
        let digit = ALPHABET.iter().position(|&c| c == byte)? as u64;
        if i == 0 && digit >= 16 {
            return None;
        }
        value = (value << 5) | digit;
    }
    let seconds = (value >> 10) / 1_000_000;
    // Before 2020 or after 2200 it is a key that happens to look like a TID.
    (1_577_836_800..7_258_118_400)
        .contains(&seconds)
        .then_some(seconds as Timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tids_encode_their_time() {
        // 3ljlyqit2uk2l is the rev of the last commit in the bnewbold export of 2025-03-10.
        let time = tid_time("3ljlyqit2uk2l").unwrap();
        assert_eq!(crate::time::format_timestamp(time), "2025-03-05T03:06:28Z");
        assert_eq!(tid_time("self"), None);
        assert_eq!(tid_time("zzzzzzzzzzzzz"), None);
    }

    #[test]
    fn odd_creation_times_fall_back_to_the_record_key() {
        let tid = "3ljlyqit2uk2l"; // 2025-03-05T03:06:28Z
        let record = |created: &'static str| Cbor::Map(vec![("createdAt", Cbor::Text(created))]);
        let time = |created| record_time(&record(created), tid).map(crate::time::format_timestamp);
        assert_eq!(
            time("2025-03-04T20:00:00-07:00").as_deref(),
            Some("2025-03-05T03:00:00Z")
        );
        assert_eq!(time("yesterday-ish").as_deref(), Some("2025-03-05T03:06:28Z"));
        assert_eq!(
            time("2031-01-01T00:00:00Z").as_deref(),
            Some("2025-03-05T03:06:28Z")
        );
        // Imported old posts keep their earlier creation time; a non-TID key has no fallback.
        assert_eq!(
            time("2019-06-01T00:00:00Z").as_deref(),
            Some("2019-06-01T00:00:00Z")
        );
        assert_eq!(record_time(&record("nonsense"), "self"), None);
    }

    #[test]
    fn mention_text_gives_a_handle() {
        let text = "hi @alice.example.com and @bob";
        assert_eq!(
            mention_handle(text, (Some(3), Some(21))),
            Some("alice.example.com")
        );
        assert_eq!(mention_handle(text, (Some(26), Some(30))), None);
        assert_eq!(mention_handle(text, (Some(4), Some(99))), None);
        assert_eq!(mention_handle("é", (Some(0), Some(1))), None);
    }
}
