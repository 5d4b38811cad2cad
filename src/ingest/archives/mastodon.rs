//! Mastodon account exports: the archive's `outbox.json` and `actor.json` (loose or in the
//! ZIP, `archive.rs`), and the CSV exports. Format: formats.md §4.
//!
//! Accounts are [`Platform::Mastodon`], keyed by **actor URI** (`https://host/users/name`),
//! with the handle `name@host` (joins the `user@domain` addresses of the CSVs) and the
//! label `@name@host`.
//!
//! **`outbox.json`** is an `OrderedCollection` whose activities sit in `orderedItems`,
//! a key the exporter writes *twice* (`"orderedItems":[],"orderedItems":[…]`). The file is
//! read streaming: a small scanner follows the top-level object and hands the contents of
//! every `orderedItems` array, duplicates included, to [`JsonValues`], so memory follows the
//! largest activity, not the file. Each activity, by the owner (`actor`):
//! * `Create` of a Note (or Question, Article...): a post, keyed by the object's URI.
//!   **Reply**: `inReplyTo`; its author is the Mention, `to` or `cc` actor whose URI prefixes
//!   the status URI, else the `/users/<name>/statuses/` shape of the URI. The Mention of the
//!   replied-to actor is the reply's addressee, not also a mention. **Mention**: every other
//!   `tag` of type Mention (its `href` is the actor; trusting `tag` over the HTML).
//!   **Quote**: `quote` (FEP-044f), `quoteUri`, `quoteUrl` or `_misskey_quote`, attributed the
//!   same way. Hashtags from `tag`, domains from the content's links (not mention or hashtag
//!   links), language from `contentMap`, public counts from `likes`/`shares`/`replies` totals.
//! * `Announce` (a boost): a repost of the `object` URI, whose author is the `cc`/`to` actor
//!   other than the owner's followers collection and Public, else the URI's shape.
//! * **Visibility** from the addressing: public (`to` Public), unlisted (`cc` Public),
//!   followers-only (a followers collection, no Public), direct (neither). Followers-only
//!   and direct posts are **left out** (they are private; there is no switch to include
//!   them yet), and counted in a note.
//! * `likes.json`/`bookmarks.json` (collections of bare status URIs) are recognised and not
//!   read: likes are not scored, and they name no author.
//! * A **single activity or object** as a document of its own (`Create`/`Note`, `Announce`,
//!   `Follow`, as Mastodon's and Lemmy's fixtures hold them, or a status fetched as
//!   `application/activity+json`) is read as the one item of an outbox; a bare object as the
//!   `Create` of its `attributedTo`; a `Follow` as its actor following its object.
//!
//! **`actor.json`** (a `Person`) names the owner: id, `preferredUsername`, `name`. It is
//! buffered whole (at most 4 MiB).
//!
//! **CSV exports** (read with `records.rs`): `following_accounts.csv` (header
//! `Account address,Show boosts,Notify on new posts,Languages`) and the 2-column variant:
//! owner → account follows. A header-less one-column list of `user@domain` (or
//! `@user@domain`) addresses: read as follows too, except when the file name says `block`
//! or `mute` (Mastodon's blocked-accounts export has the same shape: content cannot tell).
//! `lists.csv` (no header, `List title,account`): list members, whom Mastodon lets one list
//! only when followed, are follows. `muted_accounts.csv` (`Account address,Hide
//! notifications`) and block lists are not attention: recognised, noted, not read. A CSV
//! does not name its owner: a placeholder stands in until an `actor.json` or outbox names it.
//! IDN hosts are kept as written, so `@nare@թութ.հայ` does not join the punycode host of an
//! actor URI.
//!
//! Complexity: one pass over each file; memory O(largest activity + accounts).

use memchr::memmem;
use serde_json::Value;

use crate::ingest::framing::json_values::{JsonEvent, JsonValues, Layout};
use crate::ingest::framing::records::{Delimited, Record, RecordReader, Rows};
use crate::ingest::{FormatReader, Sink};
use crate::network::{
    AccountIdx, EventKey, Interaction, Kind, Platform, PostInfo, PostKind, PublicCounts, TermKind,
};
use crate::time::parse_timestamp;

const PLATFORM: Platform = Platform::Mastodon;

/// Largest `actor.json` read (real ones are a few kilobytes).
const MAX_ACTOR_BYTES: usize = 4 << 20;

const PUBLIC: [&str; 3] = [
    "https://www.w3.org/ns/activitystreams#Public",
    "as:Public",
    "Public",
];

const EGO_NOTE: &str = "a Mastodon export is an ego network: it holds what its owner did, \
                        not what other accounts did, and no followers";

/// True for an outbox/likes collection or an actor document.
pub fn looks_like_archive_json(head: &[u8]) -> bool {
    if head.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return false;
    }
    let has = |needle: &str| memmem::find(head, needle.as_bytes()).is_some();
    (has("\"orderedItems\"") && has("OrderedCollection"))
        || (has("\"preferredUsername\"") && (has("\"outbox\"") || has("\"inbox\"")))
        || looks_like_activity(head)
}

/// One ActivityPub activity or object as a document of its own (Mastodon's and Lemmy's
/// fixtures, a status fetched with `Accept: application/activity+json`): an ActivityStreams
/// `@context` and a `type` this reader reads.
fn looks_like_activity(head: &[u8]) -> bool {
    let has = |needle: &str| memmem::find(head, needle.as_bytes()).is_some();
    has("\"@context\"")
        && has("activitystreams")
        && ACTIVITY_TYPES
            .iter()
            .chain(OBJECT_TYPES.iter())
            .any(|kind| has(&format!("\"type\":\"{kind}\"")) || has(&format!("\"type\": \"{kind}\"")))
}

/// Activities read from a single document (an outbox holds Create and Announce).
const ACTIVITY_TYPES: [&str; 3] = ["Create", "Announce", "Follow"];

/// Objects read as the post of a Create by their `attributedTo`.
const OBJECT_TYPES: [&str; 5] = ["Note", "Article", "Page", "Question", "Event"];

/// True for a Mastodon CSV export: the `Account address` header, or header-less lines that
/// are all `user@domain` addresses (one column) or `title,user@domain` (`lists.csv`).
pub fn looks_like_csv(head: &[u8], whole_file: bool) -> bool {
    // Lossy: a head cut inside a character, or a stray invalid byte, must not hide the shape.
    let text = String::from_utf8_lossy(head);
    let mut lines: Vec<&str> = text.lines().collect();
    if !whole_file && lines.len() > 1 {
        lines.pop();
    }
    let lines: Vec<&str> = lines
        .into_iter()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let Some(first) = lines.first() else {
        return false;
    };
    if first.to_ascii_lowercase().starts_with("account address") {
        return true;
    }
    lines.iter().all(|line| match line.rsplit_once(',') {
        None => is_address(line),
        Some((title, address)) => is_address(address) && !title.is_empty() && !is_address(title),
    })
}

/// `user@domain` or `@user@domain`, as Mastodon writes account addresses (IDN hosts allowed).
fn is_address(text: &str) -> bool {
    let text = text.trim().trim_matches('"');
    let text = text.strip_prefix('@').unwrap_or(text);
    let Some((user, domain)) = text.split_once('@') else {
        return false;
    };
    let user_ok = !user.is_empty()
        && user
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.' || c == ':');
    user_ok && domain_ok
}

/// What a Mastodon JSON file is, decided from its first bytes.
pub enum MastodonReader {
    Collection(Box<CollectionReader>),
    /// An actor document, or a single activity or object: both read whole (`activity`
    /// says which).
    Actor {
        bytes: Vec<u8>,
        too_large: bool,
        activity: bool,
    },
}

impl MastodonReader {
    pub fn new(head: &[u8]) -> Self {
        if memmem::find(head, b"\"orderedItems\"").is_some() {
            MastodonReader::Collection(Box::default())
        } else {
            let actor = memmem::find(head, b"\"preferredUsername\"").is_some();
            MastodonReader::Actor {
                bytes: Vec::new(),
                too_large: false,
                activity: !actor && looks_like_activity(head),
            }
        }
    }
}

impl FormatReader for MastodonReader {
    fn feed(&mut self, chunk: &[u8], sink: &mut Sink) {
        match self {
            MastodonReader::Collection(reader) => reader.feed(chunk, sink),
            MastodonReader::Actor { bytes, too_large, .. } => {
                if bytes.len() + chunk.len() > MAX_ACTOR_BYTES {
                    *too_large = true;
                    *bytes = Vec::new();
                } else if !*too_large {
                    bytes.extend_from_slice(chunk);
                }
            }
        }
    }

    fn finish(&mut self, sink: &mut Sink) {
        match self {
            MastodonReader::Collection(reader) => reader.finish(sink),
            MastodonReader::Actor { too_large: true, .. } => sink.warn(
                None,
                format!(
                    "the actor document is larger than {} MiB; not read",
                    MAX_ACTOR_BYTES >> 20
                ),
            ),
            MastodonReader::Actor {
                bytes,
                activity: true,
                ..
            } => match serde_json::from_slice::<Value>(bytes) {
                Ok(document) => read_single_activity(document, sink),
                Err(error) => {
                    sink.record();
                    sink.skip(None, format!("the activity is not valid JSON ({error})"));
                }
            },
            MastodonReader::Actor { bytes, .. } => {
                sink.record();
                match serde_json::from_slice::<Value>(bytes) {
                    Ok(actor) => read_actor(&actor, sink),
                    Err(error) => sink.skip(None, format!("the actor document is not valid JSON ({error})")),
                }
            }
        }
    }
}

/// A single activity or object read as the one item of an outbox: a bare object (a
/// Note...) as the Create of its `attributedTo`.
fn read_single_activity(mut document: Value, sink: &mut Sink) {
    let kind = str_of(&document, "type").unwrap_or("");
    if OBJECT_TYPES.contains(&kind) {
        let actor = document.get("attributedTo").cloned().unwrap_or(Value::Null);
        document = serde_json::json!({ "type": "Create", "actor": actor, "object": document });
    }
    let mut reader = CollectionReader {
        items: 1,
        single: true,
        ..CollectionReader::default()
    };
    sink.record();
    reader.read_activity(&document, sink);
    reader.finish(sink);
}

fn read_actor(actor: &Value, sink: &mut Sink) {
    let Some(uri) = str_of(actor, "id") else {
        sink.skip(
            None,
            "the actor document has no `id`; the owner is not known from it",
        );
        return;
    };
    let handle =
        str_of(actor, "preferredUsername").and_then(|user| host_of(uri).map(|host| format!("{user}@{host}")));
    let owner = actor_account(uri, handle.as_deref(), sink);
    let account = sink.network.account_mut(owner);
    if let Some(name) = str_of(actor, "name").filter(|n| !n.is_empty()) {
        account.name = Some(name.to_owned());
    }
    if let Some(created) = str_of(actor, "published").and_then(parse_timestamp) {
        account.created = Some(created);
    }
    sink.owners.mastodon.identify(sink.network, owner);
}

/// Follows the top-level object of a collection and passes on the bytes of its `orderedItems` arrays.
#[derive(Default)]
struct ItemsScanner {
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// The string being read at depth 1 (a key, or a short value).
    text: Vec<u8>,
    capturing: bool,
    /// The last key read at depth 1, set at its `:`.
    key: Vec<u8>,
    /// After a key's `:`, before its value starts.
    awaiting_value: bool,
    /// Inside an `orderedItems` array: bytes go to the cutter.
    routing: bool,
}

/// Reads an outbox (or a likes/bookmarks collection).
#[derive(Default)]
pub struct CollectionReader {
    scanner: ItemsScanner,
    values: Option<JsonValues>,
    items: u64,
    owner: Option<AccountIdx>,
    bare_uris: u64,
    followers_only: u64,
    direct: u64,
    other_activities: u64,
    unattributed: u64,
    /// One activity as a document of its own, not an export (no ego-network note).
    single: bool,
}

impl CollectionReader {
    fn feed(&mut self, chunk: &[u8], sink: &mut Sink) {
        let mut route_start = None;
        for (i, &byte) in chunk.iter().enumerate() {
            let scanner = &mut self.scanner;
            if scanner.routing && route_start.is_none() {
                route_start = Some(i);
            }
            if scanner.in_string {
                if scanner.escaped {
                    scanner.escaped = false;
                } else if byte == b'\\' {
                    scanner.escaped = true;
                } else if byte == b'"' {
                    scanner.in_string = false;
                    if scanner.capturing {
                        scanner.capturing = false;
                    }
                }
                if scanner.capturing && scanner.text.len() < 64 {
                    scanner.text.push(byte);
                }
                continue;
            }
            match byte {
                b'"' => {
                    scanner.in_string = true;
                    if scanner.depth == 1 && !scanner.routing {
                        scanner.capturing = true;
                        scanner.text.clear();
                    }
                }
                b':' if scanner.depth == 1 => {
                    scanner.key = std::mem::take(&mut scanner.text);
                    scanner.awaiting_value = true;
                }
                b'[' if scanner.depth == 1 && scanner.awaiting_value && scanner.key == b"orderedItems" => {
                    scanner.routing = true;
                    scanner.awaiting_value = false;
                    scanner.depth += 1;
                    self.values = Some(JsonValues::new(Layout::Auto));
                    route_start = Some(i);
                }
                b'{' | b'[' => {
                    scanner.depth += 1;
                    scanner.awaiting_value = false;
                }
                b'}' | b']' => {
                    scanner.depth = scanner.depth.saturating_sub(1);
                    if scanner.routing && scanner.depth == 1 {
                        scanner.routing = false;
                        let start = route_start.take().unwrap_or(i);
                        self.route(&chunk[start..=i], sink);
                        self.end_items(sink);
                    }
                }
                b',' if scanner.depth == 1 => scanner.awaiting_value = false,
                _ => {}
            }
        }
        if let Some(start) = route_start {
            if self.scanner.routing {
                self.route(&chunk[start..], sink);
            }
        }
    }

    fn route(&mut self, bytes: &[u8], sink: &mut Sink) {
        let Some(mut values) = self.values.take() else {
            return;
        };
        values.feed(bytes, &mut |event| self.on_event(event, sink));
        self.values = Some(values);
    }

    fn end_items(&mut self, sink: &mut Sink) {
        if let Some(mut values) = self.values.take() {
            values.finish(&mut |event| self.on_event(event, sink));
        }
    }

    fn finish(&mut self, sink: &mut Sink) {
        if self.scanner.routing {
            self.end_items(sink);
            sink.warn(
                None,
                "the file ends inside `orderedItems` (a cut-off file?): what came before was read",
            );
        }
        if self.items == 0 && self.bare_uris == 0 {
            sink.note("the collection holds no activities");
        }
        if self.bare_uris > 0 {
            if self.items == 0 {
                sink.pass_over();
            }
            sink.note(format!(
                "{} post addresses (likes or bookmarks) were not read: likes are not scored and the addresses name no author",
                self.bare_uris
            ));
        }
        if self.followers_only + self.direct > 0 {
            sink.note(format!(
                "{} followers-only and {} direct posts were left out: they are private",
                self.followers_only, self.direct
            ));
        }
        if self.other_activities > 0 {
            sink.note(format!(
                "{} activities other than posts and boosts were not read",
                self.other_activities
            ));
        }
        if self.unattributed > 0 {
            sink.warn(
                None,
                format!(
                    "{} replies, boosts or quotes point to a post whose author could not be told from the export; \
                     they were kept as posts without an interaction",
                    self.unattributed
                ),
            );
        }
        if self.items > self.bare_uris && !self.single {
            sink.note(EGO_NOTE);
        }
    }

    fn on_event(&mut self, event: JsonEvent, sink: &mut Sink) {
        match event {
            JsonEvent::Value { bytes, .. } => {
                self.items += 1;
                sink.record();
                match serde_json::from_slice::<Value>(bytes) {
                    Ok(Value::String(_)) => self.bare_uris += 1,
                    Ok(activity) => self.read_activity(&activity, sink),
                    Err(error) => sink.skip(
                        None,
                        format!("activity #{} is not valid JSON ({error}); skipped", self.items),
                    ),
                }
            }
            JsonEvent::Oversized { .. } => {
                self.items += 1;
                sink.record();
                sink.skip(None, format!("activity #{} is too large; skipped", self.items));
            }
            JsonEvent::Garbage { .. } => sink.warn(None, "unexpected text inside `orderedItems`; skipped"),
            JsonEvent::Truncated { .. } => {
                sink.record();
                sink.skip(None, "the last activity is cut off; skipped");
            }
        }
    }

    fn read_activity(&mut self, activity: &Value, sink: &mut Sink) {
        let kind = str_of(activity, "type").unwrap_or("");
        if kind == "Follow" {
            self.read_follow(activity, sink);
            return;
        }
        if kind != "Create" && kind != "Announce" {
            self.other_activities += 1;
            return;
        }
        let object = activity.get("object");
        let Some(actor) =
            uri_of(activity.get("actor")).or_else(|| object.and_then(|o| uri_of(o.get("attributedTo"))))
        else {
            sink.skip(None, format!("activity #{} has no actor; skipped", self.items));
            return;
        };
        let owner = self.owner_account(actor, sink);
        // A Create carries its addressing on the object; an Announce on itself.
        let addressed = match (kind, object) {
            ("Create", Some(object)) if object.is_object() => object,
            _ => activity,
        };
        match visibility(addressed, actor) {
            Visibility::FollowersOnly => {
                self.followers_only += 1;
                return;
            }
            Visibility::Direct => {
                self.direct += 1;
                return;
            }
            Visibility::Public => {}
        }
        if kind == "Announce" {
            self.read_boost(activity, actor, owner, sink);
        } else if let Some(object) = object.filter(|o| o.is_object()) {
            self.read_post(object, activity, actor, owner, sink);
        } else {
            self.other_activities += 1;
        }
    }

    /// The owner's account; the first activity's actor names the owner of the session's Mastodon files.
    fn owner_account(&mut self, actor: &str, sink: &mut Sink) -> AccountIdx {
        if let Some(owner) = self.owner {
            if sink.network.account_ref(owner).id == actor {
                return sink.network.resolve(owner);
            }
        }
        let owner = actor_account(actor, None, sink);
        if sink.owners.mastodon.known(sink.network) != Some(sink.network.resolve(owner)) {
            sink.owners.mastodon.identify(sink.network, owner);
        }
        self.owner = Some(owner);
        owner
    }

    /// A `Follow`: its actor follows its object (an actor URI). Follows carry no public
    /// addressing, so they are not subject to the visibility rule of posts.
    fn read_follow(&mut self, activity: &Value, sink: &mut Sink) {
        let (Some(actor), Some(followed)) = (uri_of(activity.get("actor")), uri_of(activity.get("object")))
        else {
            sink.skip(
                None,
                format!("follow #{} lacks its actor or object; skipped", self.items),
            );
            return;
        };
        let owner = self.owner_account(actor, sink);
        let target = actor_account(followed, None, sink);
        sink.network.interact(Interaction {
            key: Some(EventKey::of_relation(PLATFORM, actor, followed)),
            ..Interaction::new(owner, target, Kind::Follow)
        });
    }

    fn read_boost(&mut self, activity: &Value, actor: &str, owner: AccountIdx, sink: &mut Sink) {
        let Some(object) = uri_of(activity.get("object")) else {
            sink.skip(None, format!("boost #{} names no post; skipped", self.items));
            return;
        };
        let boost_id = uri_of(activity.get("id"))
            .map(|id| id.strip_suffix("/activity").unwrap_or(id).to_owned())
            .unwrap_or_else(|| format!("{actor}#boost-of-{object}"));
        let time = str_of(activity, "published").and_then(parse_timestamp);
        let info = PostInfo {
            kind: PostKind::Repost,
            time,
            collected: true,
            ..PostInfo::default()
        };
        sink.network.post(PLATFORM, &boost_id, owner, &info);
        let candidates: Vec<&str> = addressees(activity)
            .into_iter()
            .filter(|uri| *uri != actor && !is_public(uri) && !is_followers(uri))
            .collect();
        let author = candidates
            .iter()
            .find(|c| object.starts_with(&format!("{c}/")))
            .map(|c| c.to_string())
            .or_else(|| (candidates.len() == 1).then(|| candidates[0].to_owned()))
            .or_else(|| author_from_uri(object));
        let Some(author) = author else {
            self.unattributed += 1;
            return;
        };
        let target = actor_account(&author, None, sink);
        let (subject, _) = sink.network.post(PLATFORM, object, target, &PostInfo::default());
        sink.network.interact(Interaction {
            time,
            key: Some(EventKey::of_post(PLATFORM, &boost_id)),
            subject: Some(subject),
            ..Interaction::new(owner, target, Kind::Repost)
        });
    }

    fn read_post(
        &mut self,
        object: &Value,
        activity: &Value,
        actor: &str,
        owner: AccountIdx,
        sink: &mut Sink,
    ) {
        let Some(id) = uri_of(object.get("id")).or_else(|| uri_of(activity.get("id"))) else {
            sink.skip(None, format!("post #{} has no id; skipped", self.items));
            return;
        };
        let time = str_of(object, "published")
            .or_else(|| str_of(activity, "published"))
            .and_then(parse_timestamp);
        let tags = object
            .get("tag")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let mentions: Vec<(&str, Option<&str>)> = tags
            .iter()
            .filter(|t| str_of(t, "type") == Some("Mention"))
            .filter_map(|t| Some((str_of(t, "href")?, str_of(t, "name"))))
            .collect();
        let mut candidates: Vec<&str> = mentions.iter().map(|(href, _)| *href).collect();
        candidates.extend(
            addressees(object)
                .into_iter()
                .filter(|uri| !is_public(uri) && !is_followers(uri)),
        );
        candidates.push(actor);
        let reply_to = uri_of(object.get("inReplyTo"));
        let quote = ["quote", "quoteUri", "quoteUrl", "_misskey_quote"]
            .iter()
            .find_map(|key| uri_of(object.get(*key)));
        let kind = if reply_to.is_some() {
            PostKind::Reply
        } else if quote.is_some() {
            PostKind::Quote
        } else {
            PostKind::Original
        };
        let lang = object
            .get("contentMap")
            .and_then(Value::as_object)
            .and_then(|map| map.keys().next())
            .map(String::as_str);
        let info = PostInfo {
            kind,
            time,
            lang,
            public: public_counts(object),
            collected: true,
        };
        let (post, _) = sink.network.post(PLATFORM, id, owner, &info);
        for tag in tags.iter().filter(|t| str_of(t, "type") == Some("Hashtag")) {
            if let Some(name) = str_of(tag, "name") {
                sink.network.tag_post(post, TermKind::Hashtag, name);
            }
        }
        if let Some(content) = str_of(object, "content") {
            for link in plain_links(content) {
                sink.network.tag_link(post, link);
            }
        }
        let event = |target: AccountIdx, kind: Kind, subject: Option<u32>| Interaction {
            time,
            key: Some(EventKey::of_post(PLATFORM, id)),
            subject,
            ..Interaction::new(owner, target, kind)
        };
        let mut addressee = None;
        for (status, kind) in [(reply_to, Kind::Reply), (quote, Kind::Quote)] {
            let Some(status) = status else { continue };
            let Some(author) = author_of_status(status, &candidates) else {
                self.unattributed += 1;
                continue;
            };
            let name = mentions
                .iter()
                .find(|(href, _)| *href == author)
                .and_then(|(_, n)| *n);
            let target = actor_account(&author, name, sink);
            let (subject, _) = sink.network.post(PLATFORM, status, target, &PostInfo::default());
            sink.network.interact(event(target, kind, Some(subject)));
            if kind == Kind::Reply {
                addressee = Some(author);
            }
        }
        for (href, name) in mentions {
            if addressee.as_deref() == Some(href) {
                continue;
            }
            let target = actor_account(href, name, sink);
            sink.network.interact(event(target, Kind::Mention, None));
        }
    }
}

enum Visibility {
    /// Public or unlisted.
    Public,
    FollowersOnly,
    Direct,
}

fn visibility(addressed: &Value, actor: &str) -> Visibility {
    let all = addressees(addressed);
    if all.iter().any(|uri| is_public(uri)) {
        Visibility::Public
    } else if all
        .iter()
        .any(|uri| is_followers(uri) || *uri == format!("{actor}/followers"))
    {
        Visibility::FollowersOnly
    } else {
        Visibility::Direct
    }
}

/// `to` and `cc`, each a string or an array of strings.
fn addressees(value: &Value) -> Vec<&str> {
    let mut out = Vec::new();
    for key in ["to", "cc"] {
        match value.get(key) {
            Some(Value::String(uri)) => out.push(uri.as_str()),
            Some(Value::Array(uris)) => out.extend(uris.iter().filter_map(Value::as_str)),
            _ => {}
        }
    }
    out
}

fn is_public(uri: &str) -> bool {
    PUBLIC.contains(&uri)
}

fn is_followers(uri: &str) -> bool {
    uri.ends_with("/followers")
}

/// The actor whose URI prefixes the status URI, else the `/statuses/` shape of the URI.
fn author_of_status(status: &str, candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .filter(|c| !c.is_empty() && status.starts_with(&format!("{c}/")))
        .max_by_key(|c| c.len())
        .map(|c| c.to_string())
        .or_else(|| author_from_uri(status))
}

/// `https://host/users/name/statuses/1` → `https://host/users/name` (Mastodon's shape).
fn author_from_uri(status: &str) -> Option<String> {
    let (actor, _) = status.split_once("/statuses/")?;
    actor.contains("://").then(|| actor.to_owned())
}

/// The account of an actor URI, with its handle (`name@host`) and label (`@name@host`).
/// `name` is a Mention's name (`@user@domain`, or `@user` for the same instance).
fn actor_account(uri: &str, name: Option<&str>, sink: &mut Sink) -> AccountIdx {
    let idx = sink.network.account(PLATFORM, uri);
    let handle = name
        .map(|n| n.trim().trim_start_matches('@'))
        .filter(|n| !n.is_empty())
        .map(|n| match (n.contains('@'), host_of(uri)) {
            (false, Some(host)) => format!("{n}@{host}"),
            _ => n.to_owned(),
        })
        .or_else(|| handle_from_uri(uri));
    if let Some(handle) = handle {
        sink.network.set_handle(PLATFORM, idx, &handle);
        let account = sink.network.account_mut(idx);
        if account.label.is_none() {
            account.label = Some(format!("@{handle}"));
        }
    }
    idx
}

fn host_of(uri: &str) -> Option<&str> {
    let (_, rest) = uri.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then_some(host)
}

/// `name@host` from the usual actor URI shapes (`/users/name`, `/@name`, `/u/name`).
fn handle_from_uri(uri: &str) -> Option<String> {
    let host = host_of(uri)?;
    let path = uri.split_once("://")?.1.get(host.len()..)?;
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let name = match segments.as_slice() {
        ["users" | "u" | "user" | "profile", name] => *name,
        [name] if name.starts_with('@') => name.trim_start_matches('@'),
        _ => return None,
    };
    (!name.is_empty()).then(|| format!("{name}@{host}"))
}

/// A URI given as a string or as an object with an `id`.
fn uri_of(value: Option<&Value>) -> Option<&str> {
    match value? {
        Value::String(uri) if !uri.is_empty() => Some(uri),
        Value::Object(object) => object.get("id").and_then(Value::as_str).filter(|u| !u.is_empty()),
        _ => None,
    }
}

fn str_of<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

fn public_counts(object: &Value) -> PublicCounts {
    let total = |key: &str| {
        object
            .get(key)
            .and_then(|c| c.get("totalItems"))
            .and_then(Value::as_u64)
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
    };
    PublicCounts {
        reposts: total("shares"),
        likes: total("likes"),
        replies: total("replies"),
        quotes: None,
    }
}

/// The `href`s of the content's `<a>` elements that are not mention or hashtag links.
fn plain_links(html: &str) -> Vec<&str> {
    let mut links = Vec::new();
    for anchor in html.split("<a ").skip(1) {
        let tag = anchor.split('>').next().unwrap_or("");
        let class = attribute(tag, "class").unwrap_or("");
        if class.contains("mention") || class.contains("hashtag") {
            continue;
        }
        if let Some(href) = attribute(tag, "href").filter(|h| h.starts_with("http")) {
            links.push(href);
        }
    }
    links
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let rest = &tag[start..];
    rest.find('"').map(|end| &rest[..end])
}

/// Reads Mastodon's CSV exports.
/// Mastodon's CSV exports: delimited records read as account addresses.
pub type MastodonCsvReader = Delimited<CsvRows>;

pub struct CsvRows {
    mode: Option<CsvMode>,
    /// The file's name, which alone can tell a block list from a following list.
    name_hint: String,
    follows: u64,
    ignored: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CsvMode {
    /// `Account address,...` header: the address is column 0.
    Following,
    /// `lists.csv`: `title,address`.
    Lists,
    /// A header-less one-column list taken as follows.
    AddressList,
    /// Muted or blocked accounts: not read.
    Ignored,
}

/// A reader for a Mastodon CSV export named `path` (the name alone tells a block list).
pub fn mastodon_csv_reader(path: &str) -> MastodonCsvReader {
    let rows = CsvRows {
        mode: None,
        name_hint: path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase(),
        follows: 0,
        ignored: 0,
    };
    Delimited::new(RecordReader::new(b','), rows)
}

impl Rows for CsvRows {
    const ROW: &'static str = "an account address";

    fn record(&mut self, record: &Record, sink: &mut Sink) {
        self.on_record(record, sink);
    }

    fn finish(&mut self, _records: &RecordReader, sink: &mut Sink) {
        self.end(sink);
    }
}

impl CsvRows {
    fn on_record(&mut self, record: &Record, sink: &mut Sink) {
        let fields = record.fields();
        let first = fields.first().map_or("", |f| f.trim());
        if self.mode.is_none() {
            if first.eq_ignore_ascii_case("account address") {
                let second = fields
                    .get(1)
                    .map_or(String::new(), |f| f.trim().to_ascii_lowercase());
                self.mode = Some(if second == "hide notifications" {
                    CsvMode::Ignored
                } else {
                    CsvMode::Following
                });
                return;
            }
            self.mode = Some(self.headerless_mode(fields.len()));
        }
        let mode = self.mode.unwrap_or(CsvMode::Following);
        sink.record();
        if mode == CsvMode::Ignored {
            self.ignored += 1;
            return;
        }
        let column = usize::from(mode == CsvMode::Lists);
        let address = fields
            .get(column)
            .map(|f| f.trim().trim_start_matches('@'))
            .unwrap_or("");
        if address.is_empty() || address.contains(char::is_whitespace) {
            sink.skip(
                Some(record.line),
                format!(
                    "expected an account address such as `user@example.social` in column {}",
                    column + 1
                ),
            );
            return;
        }
        let owner = sink.owners.mastodon.current(sink.network, PLATFORM);
        let target = sink.network.account_by_handle(PLATFORM, address);
        let owner_id = sink.network.account_ref(owner).id.clone();
        sink.network.interact(Interaction {
            key: Some(EventKey::of_relation(
                PLATFORM,
                &owner_id,
                &address.to_lowercase(),
            )),
            ..Interaction::new(owner, target, Kind::Follow)
        });
        self.follows += 1;
    }

    fn headerless_mode(&self, columns: usize) -> CsvMode {
        if self.name_hint.contains("block") || self.name_hint.contains("mute") {
            CsvMode::Ignored
        } else if columns >= 2 {
            CsvMode::Lists
        } else {
            CsvMode::AddressList
        }
    }

    fn end(&self, sink: &mut Sink) {
        match self.mode {
            Some(CsvMode::Ignored) => {
                sink.pass_over();
                sink.note(format!(
                    "{} muted or blocked accounts were not read: muting and blocking are not attention",
                    self.ignored
                ));
            }
            Some(CsvMode::AddressList) => sink.note(
                "a header-less list of accounts is read as accounts the owner follows \
                 (Mastodon's blocked-accounts export has the same shape: name such a file `blocked…` to leave it out)",
            ),
            Some(CsvMode::Lists) => sink.note("list members are read as accounts the owner follows"),
            _ => {}
        }
        if self.follows > 0 {
            sink.note(EGO_NOTE);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_csv_shapes() {
        assert!(is_address("user@example.com"));
        assert!(is_address("@nare@թութ.հայ"));
        assert!(!is_address("bob"));
        assert!(!is_address("a,b"));
        assert!(looks_like_csv(b"Account address,Show boosts\nbob,true\n", true));
        assert!(looks_like_csv(b"user@example.com\n\n@user@test.com\n", true));
        assert!(looks_like_csv(
            b"Mastodon project,gargron@example.com\ntest,foo@example.com\n",
            true
        ));
        assert!(!looks_like_csv(b"source,target\na,b\n", true));
        assert!(!looks_like_csv(b"a@b.c,d@e.f\n", true));
        // The last line of a partial head may be cut anywhere.
        assert!(looks_like_csv(b"user@example.com\nuser@ex", false));
    }

    #[test]
    fn actors_of_statuses() {
        let status = "https://m.example/users/ann/statuses/1";
        assert_eq!(
            author_of_status(
                status,
                &["https://m.example/users/an", "https://m.example/users/ann"]
            ),
            Some("https://m.example/users/ann".into())
        );
        assert_eq!(
            author_of_status(status, &[]),
            Some("https://m.example/users/ann".into())
        );
        assert_eq!(author_of_status("https://misskey.example/notes/9x", &[]), None);
        assert_eq!(
            handle_from_uri("https://m.example/users/ann"),
            Some("ann@m.example".into())
        );
        assert_eq!(
            handle_from_uri("https://m.example/@ann"),
            Some("ann@m.example".into())
        );
        assert_eq!(handle_from_uri("https://m.example/notes/1"), None);
    }

    #[test]
    fn plain_links_skip_mentions_and_hashtags() {
        let html = r#"<p><a href="https://m.example/@ann" class="u-url mention">@ann</a> see <a href="https://news.example/a" rel="nofollow">x</a> <a href="https://m.example/tags/g20" class="mention hashtag">#g20</a></p>"#;
        assert_eq!(plain_links(html), vec!["https://news.example/a"]);
    }
}
