//! X/Twitter account archives ("Download an archive of your data"): the `data/*.js`
//! files, loose or inside the ZIP (`archive.rs` picks the members). Format: formats.md §1.
//!
//! Each data file is `window.YTD.<type>.partN = [ ... ]`: the array is cut into items by
//! [`JsonValues`] (`Layout::JsAssignment`), one item parsed at a time, so memory follows
//! the largest tweet, not the file. `manifest.js` (`window.__THAR_CONFIG = {...}`) and
//! `account.js` name the owner; every number is a string. Files read:
//!
//! * `tweets.js`/`tweet.js` (and their parts): every tweet is the **owner's** (there is no
//!   author field). As files arrive in any order, the owner may not be known yet: tweets
//!   then go to a placeholder account merged into the owner when a file names it (`owners.rs`).
//!   - **Repost**: the text starts `RT @` *and* the first mention starts at index 3 (the
//!     `retweeted` flag is always false); target = that mention's id. The other mentions
//!     belong to the original tweet and are not the owner's.
//!   - **Reply**: `in_reply_to_user_id_str`; a reply to the owner (a thread) is a
//!     self-interaction, dropped and counted by the builder. The mention of the replied-to
//!     account is the reply's addressee, not also a mention.
//!   - **Quote**: a link in `entities.urls[].expanded_url` to
//!     `twitter.com|x.com/<handle>/status/<id>` (the archive has no quote field). The link
//!     gives a handle only: the quoted account is joined to its id when a mention or reply
//!     elsewhere pairs that handle with an id. `/i/web/status/` links are the owner's own
//!     long tweets; links to the owner's own tweets become self-interactions.
//!   - **Mention**: every other `user_mentions[]` entry.
//!   - The post keeps time (`created_at`, else the snowflake id), language, hashtags,
//!     linked domains, and the export-time `retweet_count`/`favorite_count` (not for the
//!     owner's retweets, where they are always 0).
//! * `follower.js`: follower → owner follows. `following.js`: owner → followed. Ids only.
//! * `account.js`, `manifest.js`: the owner's id, handle and name.
//! * Not read: `like.js` (no author for a liked tweet), `note-tweet.js` (long posts, which
//!   repeat their truncated tweet: joining them is heuristic, formats.md §1.5),
//!   `deleted-tweets.js`, and every private file (DMs, IP audit, e-mail, phone): those are
//!   recognised and skipped unparsed, with a note.
//!
//! An archive is an **ego network**: it holds what its owner did and who follows them,
//! never what others did among themselves. Each file's report says so in a note.
//! Handles: the newest tweet's handle for an account becomes its label (a handle seen in
//! an older tweet still joins a quote link that used it).
//!
//! Complexity: one pass; memory O(largest item + accounts labelled).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::ingest::framing::json_values::{JsonEvent, JsonValues, Layout};
use crate::ingest::{FormatReader, Sink};
use crate::network::{
    AccountIdx, EventKey, Interaction, Kind, Platform, PostInfo, PostKind, PublicCounts, TermKind, Timestamp,
};
use crate::time::parse_timestamp;

const PLATFORM: Platform = Platform::Twitter;

/// Largest `manifest.js` read (it is a few kilobytes in real archives).
const MAX_MANIFEST_BYTES: usize = 16 << 20;

const EGO_NOTE: &str = "an X archive is an ego network: it holds what its owner did and who follows them, \
                        not what other accounts did among themselves";

/// The data types read, in the order they are best read (owner first).
const READ_TYPES: [(&str, u8); 5] = [
    ("account", 0),
    ("tweets", 1),
    ("tweet", 1),
    ("follower", 2),
    ("following", 3),
];

/// True for an archive data file (`window.YTD.…`, the manifest's `window.__THAR_CONFIG`, or
/// a legacy `Grailbird.data.…` file, which is recognised only to say it is not read).
pub fn looks_like_archive_file(head: &[u8]) -> bool {
    let start = trim_start(head);
    start.starts_with(b"window.YTD.")
        || start.starts_with(b"window.__THAR_CONFIG")
        || start.starts_with(b"Grailbird.data.")
}

fn trim_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[skip..]
}

/// The data files `manifest.js` lists for the types read (owner, tweets, followers,
/// following), in reading order, as paths relative to the archive root (`data/tweets.js`).
pub fn manifest_data_files(manifest: &[u8]) -> Result<Vec<String>, String> {
    let config = parse_manifest(manifest)?;
    let types = config
        .get("dataTypes")
        .and_then(Value::as_object)
        .ok_or("the manifest has no dataTypes")?;
    let mut files: Vec<(u8, String)> = Vec::new();
    for (name, rank) in READ_TYPES {
        let listed = types
            .get(name)
            .and_then(|t| t.get("files"))
            .and_then(Value::as_array);
        for file in listed.into_iter().flatten() {
            if let Some(path) = file.get("fileName").and_then(Value::as_str) {
                files.push((rank, path.to_owned()));
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files.into_iter().map(|(_, path)| path).collect())
}

/// For a file under `data/` in an archive without a usable manifest: its reading rank if read.
pub fn data_file_rank(file: &str) -> Option<u8> {
    let stem = file.strip_suffix(".js")?;
    let base = match stem.split_once("-part") {
        Some((base, part)) if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) => base,
        Some(_) => return None,
        None => stem,
    };
    READ_TYPES
        .iter()
        .find(|(name, _)| *name == base)
        .map(|&(_, rank)| rank)
}

fn parse_manifest(bytes: &[u8]) -> Result<Value, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the manifest is not UTF-8".to_owned())?;
    let json = text
        .split_once('=')
        .map(|(_, json)| json)
        .ok_or("the manifest has no `window.__THAR_CONFIG =`")?;
    let json = json.trim().trim_end_matches(';');
    serde_json::from_str(json).map_err(|e| format!("the manifest is not valid JSON ({e})"))
}

/// What one data file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DataKind {
    Manifest,
    Tweets,
    Follower,
    Following,
    Account,
    Likes,
    /// Private data (DMs, IP addresses, e-mail, phone): never parsed.
    Private(String),
    /// A type with nothing for the network (ads, settings, note tweets...).
    Unused(String),
    /// Not an archive data file after all (a Grailbird `tweets_2013_01.js`, a broken prefix).
    Unknown,
}

impl DataKind {
    fn from_head(head: &[u8]) -> DataKind {
        let start = trim_start(head);
        if start.starts_with(b"window.__THAR_CONFIG") {
            return DataKind::Manifest;
        }
        let Some(rest) = start.strip_prefix(b"window.YTD.") else {
            return DataKind::Unknown;
        };
        let name_len = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        let name = String::from_utf8_lossy(&rest[..name_len]).into_owned();
        match name.as_str() {
            "tweets" | "tweet" => DataKind::Tweets,
            "follower" => DataKind::Follower,
            "following" => DataKind::Following,
            "account" => DataKind::Account,
            "like" => DataKind::Likes,
            _ if is_private(&name) => DataKind::Private(name),
            _ => DataKind::Unused(name),
        }
    }
}

fn is_private(name: &str) -> bool {
    const PRIVATE: [&str; 12] = [
        "direct_message",
        "ip_audit",
        "account_creation_ip",
        "email_address_change",
        "phone_number",
        "contact",
        "device_token",
        "ni_devices",
        "key_registry",
        "connected_application",
        "personalization",
        "ageinfo",
    ];
    PRIVATE.iter().any(|p| name.contains(p))
}

pub struct XArchiveReader {
    kind: DataKind,
    values: JsonValues,
    /// The manifest, read whole.
    manifest: Vec<u8>,
    manifest_too_large: bool,
    likes: u64,
    /// The newest handle and name seen per account, applied at the end (files are newest first,
    /// but a label must not depend on that).
    labels: BTreeMap<AccountIdx, Label>,
}

#[derive(Debug, Clone)]
struct Label {
    time: Timestamp,
    handle: Option<String>,
    name: Option<String>,
}

impl XArchiveReader {
    pub fn new(head: &[u8]) -> Self {
        XArchiveReader {
            kind: DataKind::from_head(head),
            values: JsonValues::new(Layout::JsAssignment),
            manifest: Vec::new(),
            manifest_too_large: false,
            likes: 0,
            labels: BTreeMap::new(),
        }
    }

    fn on_event(&mut self, event: JsonEvent, sink: &mut Sink) {
        match event {
            JsonEvent::Value { line, bytes } => {
                sink.record();
                match serde_json::from_slice::<Value>(bytes) {
                    Ok(item) => self.on_item(&item, line, sink),
                    Err(error) => sink.skip(
                        Some(line),
                        format!("an item is not valid JSON ({error}); skipped"),
                    ),
                }
            }
            JsonEvent::Oversized { line } => {
                sink.record();
                sink.skip(Some(line), "an item is too large to be a tweet; skipped");
            }
            JsonEvent::Garbage { line } => sink.warn(
                Some(line),
                "unexpected text; expected `window.YTD.<type>.partN = [ ... ]`; the line was skipped",
            ),
            JsonEvent::Truncated { line } => {
                sink.record();
                sink.skip(
                    Some(line),
                    "the file ends inside an item (a cut-off file?); that item was skipped",
                );
            }
        }
    }

    fn on_item(&mut self, item: &Value, line: u64, sink: &mut Sink) {
        match self.kind {
            DataKind::Tweets => self.read_tweet(item, line, sink),
            DataKind::Follower => read_follow(item, "follower", line, sink),
            DataKind::Following => read_follow(item, "following", line, sink),
            DataKind::Account => read_account(item, line, sink),
            DataKind::Likes => self.likes += 1,
            _ => {}
        }
    }

    fn read_tweet(&mut self, item: &Value, line: u64, sink: &mut Sink) {
        let tweet = item.get("tweet").unwrap_or(item);
        let Some(id) = twitter_id(tweet.get("id_str")).or_else(|| twitter_id(tweet.get("id"))) else {
            sink.skip(Some(line), "a tweet without an `id_str` was skipped");
            return;
        };
        let owner = sink.owners.x.current(sink.network, PLATFORM);
        let time = tweet
            .get("created_at")
            .and_then(Value::as_str)
            .and_then(parse_timestamp)
            .or_else(|| snowflake_time(&id));
        let text = str_of(tweet, "full_text")
            .or_else(|| str_of(tweet, "text"))
            .unwrap_or("");
        let entities = tweet.get("entities");
        let mentions: Vec<Mention> = array_of(entities, "user_mentions")
            .iter()
            .map(Mention::from)
            .collect();
        let retweet = text.starts_with("RT @") && mentions.first().is_some_and(|m| m.start == Some(3));
        // A retweet's other mentions are the original author's, cut off with the text: not read.
        let read_mentions = if retweet { 1 } else { mentions.len() };
        let mentioned: Vec<Option<AccountIdx>> = mentions[..read_mentions]
            .iter()
            .map(|m| self.mention_account(m, time, sink))
            .collect();
        let reply_to = self.reply_target(tweet, time, sink);
        let quotes = if retweet {
            Vec::new()
        } else {
            self.quote_targets(entities, &mentions, &mentioned, sink)
        };
        let kind = if retweet {
            PostKind::Repost
        } else if reply_to.is_some() {
            PostKind::Reply
        } else if !quotes.is_empty() {
            PostKind::Quote
        } else {
            PostKind::Original
        };
        let public = if retweet {
            PublicCounts::default()
        } else {
            PublicCounts {
                reposts: count_of(tweet, "retweet_count"),
                likes: count_of(tweet, "favorite_count"),
                ..PublicCounts::default()
            }
        };
        let info = PostInfo {
            kind,
            time,
            lang: str_of(tweet, "lang"),
            public,
            collected: true,
        };
        let (post, _) = sink.network.post(PLATFORM, &id, owner, &info);
        for tag in array_of(entities, "hashtags") {
            if let Some(text) = str_of(tag, "text") {
                sink.network.tag_post(post, TermKind::Hashtag, text);
            }
        }
        for url in array_of(entities, "urls") {
            if let Some(expanded) = str_of(url, "expanded_url") {
                // Links to Twitter itself (status links are quotes, `/i/web/` the owner's
                // long tweets) are no domains, as in every Twitter reader.
                if crate::ingest::twitter::link_domain(expanded).is_some() {
                    sink.network.tag_link(post, expanded);
                }
            }
        }

        let event = |target: AccountIdx, kind: Kind, subject: Option<u32>| Interaction {
            time,
            key: Some(EventKey::of_post(PLATFORM, &id)),
            subject,
            ..Interaction::new(owner, target, kind)
        };
        if retweet {
            if let Some(target) = mentioned.first().copied().flatten() {
                sink.network.interact(event(target, Kind::Repost, None));
            }
            return;
        }
        let mut addressee = None;
        if let Some((target, subject)) = reply_to {
            addressee = Some(target);
            sink.network.interact(event(target, Kind::Reply, subject));
        }
        for (target, subject) in quotes {
            sink.network.interact(event(target, Kind::Quote, Some(subject)));
        }
        for target in mentioned.into_iter().flatten() {
            if addressee.is_some_and(|a| sink.network.resolve(a) == sink.network.resolve(target)) {
                continue;
            }
            sink.network.interact(event(target, Kind::Mention, None));
        }
    }

    /// The mentioned account, labelled with the mention's handle and name.
    fn mention_account(
        &mut self,
        mention: &Mention,
        time: Option<Timestamp>,
        sink: &mut Sink,
    ) -> Option<AccountIdx> {
        let idx = match (&mention.id, mention.handle) {
            (Some(id), _) => sink.network.account(PLATFORM, id),
            (None, Some(handle)) => sink.network.account_by_handle(PLATFORM, handle),
            (None, None) => return None,
        };
        if mention.id.is_some() {
            self.label(idx, time, mention.handle, mention.name, sink);
        }
        Some(idx)
    }

    /// The replied-to account and post, if the tweet is a reply.
    fn reply_target(
        &mut self,
        tweet: &Value,
        time: Option<Timestamp>,
        sink: &mut Sink,
    ) -> Option<(AccountIdx, Option<u32>)> {
        let user = twitter_id(tweet.get("in_reply_to_user_id_str"))
            .or_else(|| twitter_id(tweet.get("in_reply_to_user_id")))?;
        let target = sink.network.account(PLATFORM, &user);
        self.label(target, time, str_of(tweet, "in_reply_to_screen_name"), None, sink);
        let status = twitter_id(tweet.get("in_reply_to_status_id_str"))
            .or_else(|| twitter_id(tweet.get("in_reply_to_status_id")));
        let subject = status.map(|status| {
            sink.network
                .post(PLATFORM, &status, target, &PostInfo::default())
                .0
        });
        Some((target, subject))
    }

    /// Accounts and posts quoted through status links (never the owner's long-tweet links).
    fn quote_targets(
        &mut self,
        entities: Option<&Value>,
        mentions: &[Mention],
        mentioned: &[Option<AccountIdx>],
        sink: &mut Sink,
    ) -> Vec<(AccountIdx, u32)> {
        let mut quotes = Vec::new();
        for url in array_of(entities, "urls") {
            let Some((handle, status)) = str_of(url, "expanded_url").and_then(status_link) else {
                continue;
            };
            // A mention of the same handle in this tweet gives the id directly.
            let paired = mentions
                .iter()
                .zip(mentioned)
                .find(|(m, _)| m.handle.is_some_and(|h| h.eq_ignore_ascii_case(handle)))
                .and_then(|(_, idx)| *idx);
            let target = paired.unwrap_or_else(|| sink.network.account_by_handle(PLATFORM, handle));
            let (subject, _) = sink.network.post(PLATFORM, status, target, &PostInfo::default());
            quotes.push((target, subject));
        }
        quotes
    }

    /// Sets the handle (joining any account known by it alone) and remembers the newest label.
    fn label(
        &mut self,
        idx: AccountIdx,
        time: Option<Timestamp>,
        handle: Option<&str>,
        name: Option<&str>,
        sink: &mut Sink,
    ) {
        if let Some(handle) = handle {
            sink.network.set_handle(PLATFORM, idx, handle);
        }
        let time = time.unwrap_or(Timestamp::MIN);
        let idx = sink.network.resolve(idx);
        let newest = self.labels.entry(idx).or_insert(Label {
            time,
            handle: None,
            name: None,
        });
        if time >= newest.time {
            newest.time = time;
            if handle.is_some() {
                newest.handle = handle.map(str::to_owned);
            }
            if name.is_some() {
                newest.name = name.map(str::to_owned);
            }
        }
    }

    fn finish_manifest(&mut self, sink: &mut Sink) {
        if self.manifest_too_large {
            sink.warn(
                None,
                format!(
                    "the manifest is larger than {} MiB; not read",
                    MAX_MANIFEST_BYTES >> 20
                ),
            );
            return;
        }
        sink.record();
        let config = match parse_manifest(&self.manifest) {
            Ok(config) => config,
            Err(why) => {
                sink.skip(None, why);
                return;
            }
        };
        let Some(user) = config.get("userInfo") else {
            sink.warn(
                None,
                "the manifest has no userInfo: the archive's owner is not named here",
            );
            return;
        };
        match twitter_id(user.get("accountId")) {
            Some(id) => identify_owner(
                &id,
                str_of(user, "userName"),
                str_of(user, "displayName"),
                None,
                sink,
            ),
            None => sink.warn(None, "the manifest's userInfo has no accountId"),
        }
        if config
            .pointer("/archiveInfo/isPartialArchive")
            .and_then(Value::as_bool)
            .unwrap_or(false)
        {
            sink.warn(
                None,
                "the manifest says this is a partial archive: some data types are missing",
            );
        }
    }
}

impl FormatReader for XArchiveReader {
    fn feed(&mut self, chunk: &[u8], sink: &mut Sink) {
        match self.kind {
            DataKind::Manifest => {
                if self.manifest.len() + chunk.len() > MAX_MANIFEST_BYTES {
                    self.manifest_too_large = true;
                    self.manifest = Vec::new();
                } else if !self.manifest_too_large {
                    self.manifest.extend_from_slice(chunk);
                }
            }
            DataKind::Tweets
            | DataKind::Follower
            | DataKind::Following
            | DataKind::Account
            | DataKind::Likes => {
                let mut values = std::mem::replace(&mut self.values, JsonValues::new(Layout::JsAssignment));
                values.feed(chunk, &mut |event| self.on_event(event, sink));
                self.values = values;
            }
            DataKind::Private(_) | DataKind::Unused(_) | DataKind::Unknown => {}
        }
    }

    fn finish(&mut self, sink: &mut Sink) {
        let mut values = std::mem::replace(&mut self.values, JsonValues::new(Layout::JsAssignment));
        values.finish(&mut |event| self.on_event(event, sink));
        match &self.kind {
            DataKind::Manifest => self.finish_manifest(sink),
            DataKind::Tweets | DataKind::Follower | DataKind::Following => sink.note(EGO_NOTE),
            DataKind::Likes => {
                sink.pass_over();
                sink.note(format!(
                    "{} likes were not read: like.js does not say who wrote a liked post",
                    self.likes
                ));
            }
            DataKind::Private(name) => {
                sink.pass_over();
                sink.note(format!(
                    "`{name}` is private data (messages, addresses, devices): not read"
                ));
            }
            DataKind::Unused(name) => {
                sink.pass_over();
                sink.note(format!("`{name}` holds nothing the network uses: not read"));
            }
            DataKind::Account => {}
            DataKind::Unknown => sink.warn(
                None,
                "this X archive file does not start with `window.YTD.<type>.partN =`; not read \
                 (legacy Grailbird `data/js/tweets/*.js` files are not supported)",
            ),
        }
        for (&idx, label) in &self.labels {
            if let Some(handle) = &label.handle {
                sink.network.set_handle(PLATFORM, idx, handle);
            }
            if let Some(name) = &label.name {
                sink.network.account_mut(idx).name = Some(name.clone());
            }
        }
    }
}

/// One `user_mentions[]` entry.
struct Mention<'a> {
    id: Option<String>,
    handle: Option<&'a str>,
    name: Option<&'a str>,
    /// Where it starts in the text (code points).
    start: Option<u64>,
}

impl<'a> From<&'a Value> for Mention<'a> {
    fn from(value: &'a Value) -> Self {
        Mention {
            id: twitter_id(value.get("id_str")).or_else(|| twitter_id(value.get("id"))),
            handle: str_of(value, "screen_name").filter(|h| !h.is_empty()),
            name: str_of(value, "name"),
            start: value.get("indices").and_then(|i| i.get(0)).and_then(number_of),
        }
    }
}

fn identify_owner(
    id: &str,
    handle: Option<&str>,
    name: Option<&str>,
    created: Option<&str>,
    sink: &mut Sink,
) {
    let owner = sink.network.account(PLATFORM, id);
    if let Some(handle) = handle {
        sink.network.set_handle(PLATFORM, owner, handle);
    }
    let account = sink.network.account_mut(owner);
    if let Some(name) = name {
        account.name = Some(name.to_owned());
    }
    if let Some(created) = created.and_then(parse_timestamp) {
        account.created = Some(created);
    }
    sink.owners.x.identify(sink.network, owner);
}

fn read_account(item: &Value, line: u64, sink: &mut Sink) {
    let account = item.get("account").unwrap_or(item);
    match twitter_id(account.get("accountId")) {
        Some(id) => identify_owner(
            &id,
            str_of(account, "username"),
            str_of(account, "accountDisplayName"),
            str_of(account, "createdAt"),
            sink,
        ),
        None => sink.skip(Some(line), "an account item without an accountId was skipped"),
    }
}

/// `follower.js` (`wrapper = "follower"`: they follow the owner) or `following.js` (the owner follows them).
fn read_follow(item: &Value, wrapper: &str, line: u64, sink: &mut Sink) {
    let entry = item.get(wrapper).unwrap_or(item);
    let Some(other_id) = twitter_id(entry.get("accountId")) else {
        sink.skip(
            Some(line),
            format!("a {wrapper} item without an accountId was skipped"),
        );
        return;
    };
    let owner = sink.owners.x.current(sink.network, PLATFORM);
    let other = sink.network.account(PLATFORM, &other_id);
    let owner_id = sink.network.account_ref(owner).id.clone();
    let (actor, target, actor_id, target_id) = if wrapper == "follower" {
        (other, owner, other_id.as_str(), owner_id.as_str())
    } else {
        (owner, other, owner_id.as_str(), other_id.as_str())
    };
    sink.network.interact(Interaction {
        key: Some(EventKey::of_relation(PLATFORM, actor_id, target_id)),
        ..Interaction::new(actor, target, Kind::Follow)
    });
}

/// A Twitter id from a string or number field; `-1`, `0` and non-numbers (deleted or unknown users) are none.
fn twitter_id(value: Option<&Value>) -> Option<String> {
    let text = match value? {
        Value::String(text) => text.trim().to_owned(),
        Value::Number(number) => number.as_u64()?.to_string(),
        _ => return None,
    };
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.bytes().any(|b| b != b'0'))
        .then_some(text)
}

fn str_of<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

fn array_of<'a>(value: Option<&'a Value>, key: &str) -> &'a [Value] {
    value
        .and_then(|v| v.get(key))
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// A number written as a string (as the archive does) or as a number.
fn number_of(value: &Value) -> Option<u64> {
    match value {
        Value::String(text) => text.trim().parse().ok(),
        Value::Number(number) => number.as_u64(),
        _ => None,
    }
}

fn count_of(value: &Value, key: &str) -> Option<u32> {
    value
        .get(key)
        .and_then(number_of)
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// A tweet id's own timestamp: milliseconds since the Twitter epoch in its top bits.
fn snowflake_time(id: &str) -> Option<Timestamp> {
    let id: u64 = id.parse().ok()?;
    let millis = (id >> 22) + 1_288_834_974_657;
    // Ids before snowflakes (2010) are small sequential numbers, not times.
    (id > 1 << 40).then_some((millis / 1000) as Timestamp)
}

/// `(handle, status id)` of a link to a tweet: `http(s)://(www.|mobile.)(twitter|x).com/<handle>/status(es)/<id>`.
/// Links to `/i/...` (the owner's own long tweets, `i/web/status`) are not quotes of anyone.
pub fn status_link(url: &str) -> Option<(&str, &str)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    let host = host.to_ascii_lowercase();
    let host = host
        .strip_prefix("www.")
        .or_else(|| host.strip_prefix("mobile."))
        .unwrap_or(&host);
    if host != "twitter.com" && host != "x.com" {
        return None;
    }
    let mut parts = path.split(['/', '?', '#']);
    let handle = parts.next()?;
    let status = parts.next()?;
    let id = parts.next()?;
    let handle_ok = (1..=15).contains(&handle.len())
        && handle.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !handle.eq_ignore_ascii_case("i");
    let id_ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
    (handle_ok && (status == "status" || status == "statuses") && id_ok).then_some((handle, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_links_give_handle_and_id() {
        assert_eq!(
            status_link("https://twitter.com/ngo_z/status/1699000000000000000"),
            Some(("ngo_z", "1699000000000000000"))
        );
        assert_eq!(
            status_link("http://mobile.x.com/A_b/statuses/12?s=20"),
            Some(("A_b", "12"))
        );
        assert_eq!(status_link("https://twitter.com/i/web/status/123"), None);
        assert_eq!(status_link("https://twitter.com/i/status/123"), None);
        assert_eq!(status_link("https://example.com/a/status/1"), None);
        assert_eq!(status_link("https://twitter.com/someone"), None);
    }

    #[test]
    fn data_files_are_chosen_by_type() {
        assert_eq!(data_file_rank("tweets.js"), Some(1));
        assert_eq!(data_file_rank("tweets-part12.js"), Some(1));
        assert_eq!(data_file_rank("account.js"), Some(0));
        assert_eq!(data_file_rank("direct-messages.js"), None);
        assert_eq!(data_file_rank("tweets-partx.js"), None);
        assert_eq!(data_file_rank("like.js"), None);
    }

    #[test]
    fn the_kind_of_file_comes_from_its_prefix() {
        assert_eq!(
            DataKind::from_head(b"window.YTD.tweets.part0 = ["),
            DataKind::Tweets
        );
        assert_eq!(
            DataKind::from_head(b"window.YTD.direct_messages_group.part0 = ["),
            DataKind::Private("direct_messages_group".into())
        );
        assert_eq!(
            DataKind::from_head(b" window.YTD.ad_impressions.part0 = []"),
            DataKind::Unused("ad_impressions".into())
        );
        assert_eq!(
            DataKind::from_head(b"window.__THAR_CONFIG = {"),
            DataKind::Manifest
        );
    }

    #[test]
    fn ids_are_digit_strings() {
        assert_eq!(twitter_id(Some(&Value::from("0123"))), Some("0123".into()));
        assert_eq!(twitter_id(Some(&Value::from("-1"))), None);
        assert_eq!(twitter_id(Some(&Value::from("0"))), None);
        assert_eq!(
            twitter_id(Some(&serde_json::json!(1440720000000000001u64))),
            Some("1440720000000000001".into())
        );
    }
}
