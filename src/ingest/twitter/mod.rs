//! What the three Twitter readers ([`crate::ingest::twitter::twarc2`], [`crate::ingest::twitter::v1`],
//! [`crate::ingest::twitter::twarc_csv`]) share: format detection from the first bytes, lenient field types
//! for serde (ids, counts, times and texts that drift between strings, numbers, nulls and
//! Mongo wrappers), and the rules that turn a tweet into accounts, a post and interactions.
//!
//! The rules (each reader's module doc says how its format maps onto them):
//!
//! * **Accounts** are keyed by the user id string on [`Platform::Twitter`]. A profile
//!   (handle, display name, followers, following, tweet count, creation time) comes from
//!   user objects or columns; the latest snapshot wins, dated by the collection itself
//!   (twarc's `retrieved_at`, a v1.1 tweet's own time) where it can be, else the last
//!   seen. An older snapshot only fills fields still empty. An account known only by its
//!   handle (a mention without an id, a `RT @handle:` prefix, a quoted URL) is created
//!   from the handle and joined to its id as soon as a profile names that handle.
//! * **Interactions** go actor → target, keyed by the acting tweet's id
//!   ([`EventKey::of_post`]) so that a tweet seen twice counts once: a repost points to
//!   the original's author, a quote to the quoted author, a reply to the replied-to
//!   author, a mention to each mentioned account. A repost carries no mentions (those of
//!   the reposted text belong to the original, which carries them with its own author
//!   as actor when the data has it). The leading `@handle` that a reply carries for its
//!   addressee is the reply, not also a mention; other mentions in a reply or quote count
//!   as mentions, `display_text_range` or not (see [`addressing`]). Self-
//!   interactions (thread replies, self-mentions) are dropped and counted by the builder.
//!   Referenced tweets with data (v2 `includes.tweets`, v1.1 `retweeted_status`,
//!   `quoted_status`, a merged twarc-csv row) add their own interactions, keyed by their
//!   own ids. A reference whose author is nowhere to be found is counted in one warning.
//! * **Posts** are deduplicated by id: every collected tweet, and every referenced tweet
//!   the data describes (not bare ids). A post's kind is repost, else reply, else quote,
//!   else original. A repost's public counts are the original's, so they go to the
//!   original (the larger count is kept) and the repost keeps none. Hashtags are tagged;
//!   link domains come from expanded URLs, and links to Twitter itself (`twitter.com`,
//!   `x.com`, `t.co`: status links are quotes, `/photo/1` links are media) are not
//!   domains. Languages are kept as Twitter codes them (`und` included). Times come from
//!   `created_at`, else the snowflake id.
//!
//! Complexity: detection scans at most the sniffed head once; every helper here is linear
//! in the text or list it reads.

pub mod twarc2;
pub mod twarc_csv;
pub mod v1;

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::ingest::framing::records::{Event, RecordReader};
use crate::ingest::Format;
use crate::network::{
    AccountIdx, EventKey, Interaction, Kind, NetworkBuilder, Platform, PostIdx, PostInfo, PublicCounts,
    TermKind, Timestamp,
};
use crate::time::parse_timestamp;

pub const PLATFORM: Platform = Platform::Twitter;

// ---------------------------------------------------------------------------------------
// Detection

/// Recognises the Twitter formats from the first bytes of a file (BOM removed).
pub fn detect(head: &[u8]) -> Option<Format> {
    match head.iter().copied().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{' | b'[') => detect_json(head),
        Some(_) => detect_csv(head),
        None => None,
    }
}

/// Keys of the JSON objects in `head`, with how many objects enclose them (1 = a record's
/// own key, whether the records are lines or the elements of a top-level array).
fn json_keys(head: &[u8]) -> Vec<(usize, &[u8])> {
    let mut keys = Vec::new();
    let mut stack: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < head.len() {
        match head[i] {
            b'{' | b'[' => stack.push(head[i]),
            b'}' | b']' => {
                stack.pop();
            }
            b'"' => {
                let start = i + 1;
                let mut end = start;
                while end < head.len() && head[end] != b'"' {
                    end += if head[end] == b'\\' { 2 } else { 1 };
                }
                let after = head[end.min(head.len())..]
                    .iter()
                    .skip(1)
                    .find(|b| !b.is_ascii_whitespace());
                if stack.last() == Some(&b'{') && after == Some(&b':') && end <= head.len() {
                    let objects = stack.iter().filter(|&&b| b == b'{').count();
                    keys.push((objects, &head[start..end]));
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

fn detect_json(head: &[u8]) -> Option<Format> {
    let keys = json_keys(head);
    let has = |depth: usize, name: &str| keys.iter().any(|&(d, k)| d == depth && k == name.as_bytes());
    let nested = |name: &str| {
        keys.iter()
            .any(|&(d, k)| (2..=3).contains(&d) && k == name.as_bytes())
    };
    let v2_marks = [
        "author_id",
        "edit_history_tweet_ids",
        "conversation_id",
        "username",
    ];

    let page = has(1, "data")
        && (has(1, "includes")
            || has(1, "__twarc")
            || has(1, "matching_rules")
            || v2_marks.iter().any(|m| nested(m)));
    let flattened = !has(1, "id_str")
        && has(1, "id")
        && (has(1, "author_id") || (has(1, "username") && has(1, "public_metrics")));
    if page || flattened {
        return Some(Format::Twarc2);
    }
    let tweet_or_user = has(1, "id_str")
        || has(1, "screen_name")
        || has(1, "retweeted_status")
        || (has(1, "user") && ["text", "full_text", "created_at"].iter().any(|k| has(1, k)));
    let control = (has(1, "delete") && nested("status")) || (has(1, "limit") && nested("track"));
    // The cursors come after the 5000 ids, often beyond the sniffed head: an object that
    // opens with `ids` is enough.
    let ids_page = keys.first() == Some(&(1, &b"ids"[..]))
        || (has(1, "ids")
            && (has(1, "next_cursor") || has(1, "next_cursor_str") || has(1, "previous_cursor")));
    (tweet_or_user || control || ids_page).then_some(Format::TwitterV1)
}

/// Header names that make a table a Twitter table, normalised by [`header_name`].
fn detect_csv(head: &[u8]) -> Option<Format> {
    let header = first_record(head)?;
    let has = |name: &str| header.iter().any(|h| h == name);
    let any = |names: &[&str]| names.iter().any(|n| has(n));
    let grailbird =
        has("tweet_id") && has("in_reply_to_status_id") && any(&["retweeted_status_user_id", "timestamp"]);
    let twarc_users = has("id") && has("username") && has("public_metrics.followers_count");
    let tweet_id = any(&["id", "tweet_id", "status_id", "id_str"]);
    let author = any(&[
        "author_id",
        "author.id",
        "author.username",
        "user_id",
        "user.id",
        "user.id_str",
        "user_id_str",
        "user.screen_name",
        "screen_name",
        "user_screen_name",
        "user_username",
    ]);
    let tweety = header.iter().any(|h| {
        h.starts_with("referenced_tweets")
            || h.starts_with("entities.")
            || h.starts_with("retweeted_")
            || h.starts_with("quoted_")
            || h.starts_with("in_reply_to_")
            || h.starts_with("sourcetweet_")
            || h == "conversation_id"
    });
    (grailbird || twarc_users || (tweet_id && author && tweety)).then_some(Format::TwarcCsv)
}

/// The first record of a delimited head, its cells as [`header_name`]s.
fn first_record(head: &[u8]) -> Option<Vec<String>> {
    let mut reader = RecordReader::new(crate::ingest::framing::records::sniff_delimiter(head));
    let mut header = None;
    let mut take = |event: Event| {
        if let (Event::Record(record), None) = (event, &header) {
            header = Some(record.fields().iter().map(|f| header_name(f)).collect());
        }
    };
    // Only whole lines: a header cut by the sniff limit is not a header.
    let end = memchr::memrchr(b'\n', head).map_or(head.len(), |i| i + 1);
    reader.feed(&head[..end], &mut take);
    reader.finish(&mut take);
    header
}

/// A column name as the Twitter tables are matched: trimmed, lower-case.
pub fn header_name(name: &str) -> String {
    name.trim().trim_matches('"').to_ascii_lowercase()
}

// ---------------------------------------------------------------------------------------
// Lenient field types

/// An id as the exports write it: a string, an integer (kept exact, never through a
/// float), or a mongoexport `{"$numberLong": "…"}`. Anything else (a float, which has
/// lost digits; null; a list) reads as absent.
#[derive(Debug, Default, Clone)]
pub struct Id<'a>(Option<Cow<'a, str>>);

impl<'a> Id<'a> {
    pub fn get(&self) -> Option<&str> {
        self.0.as_deref().map(str::trim).filter(|id| !id.is_empty())
    }

    pub fn or<'s>(&'s self, other: &'s Id<'a>) -> Option<&'s str> {
        self.get().or_else(|| other.get())
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Id<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl<'de> Visitor<'de> for IdVisitor {
            type Value = Id<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id (string or integer)")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Id(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Id(Some(Cow::Owned(v.to_owned()))))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Id(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Id(Some(Cow::Owned(v.to_string()))))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Id(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Id(None))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Id(None))
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Id(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Id(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut id = Id(None);
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    if key == "$numberLong" || key == "$numberInt" {
                        id = map.next_value()?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(id)
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

/// A count: an integer, a numeric string, or a mongoexport wrapper; absent otherwise.
#[derive(Debug, Default, Clone, Copy)]
pub struct Count(pub Option<u64>);

impl Count {
    pub fn u32(self) -> Option<u32> {
        self.0.map(|n| u32::try_from(n).unwrap_or(u32::MAX))
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = Id::deserialize(deserializer)?;
        Ok(Count(id.get().and_then(|text| text.parse().ok())))
    }
}

/// A time: any text [`parse_timestamp`] reads, epoch seconds or milliseconds as a number,
/// or a mongoexport `{"$date": …}`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Time(pub Option<Timestamp>);

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimeVisitor;
        impl<'de> Visitor<'de> for TimeVisitor {
            type Value = Time;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a time")
            }
            fn visit_str<E>(self, v: &str) -> Result<Time, E> {
                Ok(Time(parse_timestamp(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Time, E> {
                Ok(Time(parse_timestamp(&v.to_string())))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Time, E> {
                Ok(Time(parse_timestamp(&v.to_string())))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Time, E> {
                Ok(Time(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Time, E> {
                Ok(Time(None))
            }
            fn visit_unit<E>(self) -> Result<Time, E> {
                Ok(Time(None))
            }
            fn visit_none<E>(self) -> Result<Time, E> {
                Ok(Time(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Time, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Time, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Time(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Time, A::Error> {
                let mut time = Time(None);
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    if key == "$date" || key == "$numberLong" {
                        time = map.next_value()?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(time)
            }
        }
        deserializer.deserialize_any(TimeVisitor)
    }
}

/// A text field: a string, or absent (null or any other type).
#[derive(Debug, Default, Clone)]
pub struct Text<'a>(Option<Cow<'a, str>>);

impl Text<'_> {
    pub fn get(&self) -> Option<&str> {
        self.0.as_deref().filter(|text| !text.trim().is_empty())
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Some(Cow::Owned(v.to_owned()))))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Text(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Text(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Text(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Text(None))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Text(None))
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Text(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// A list that is sometimes a single object (twarc2's `data`: an array on pages, an
/// object on filtered-stream lines). Null reads as empty.
#[derive(Debug)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object or a list of objects")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(OneOrMany(Vec::new()))
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(OneOrMany(Vec::new()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(OneOrMany(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let item = T::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(OneOrMany(vec![item]))
            }
        }
        deserializer.deserialize_any(ListVisitor(std::marker::PhantomData))
    }
}

// ---------------------------------------------------------------------------------------
// Text rules

/// The `@handle`s that open a text, as a reply's addressees are written.
#[derive(Debug, Default)]
pub struct LeadingRun {
    /// Character offset just after the last handle of the run.
    pub end: usize,
    /// The handles, lower-case, without `@`.
    pub handles: Vec<String>,
}

impl LeadingRun {
    pub fn of(text: Option<&str>) -> LeadingRun {
        let mut run = LeadingRun::default();
        let Some(text) = text else {
            return run;
        };
        let mut chars = text.char_indices().peekable();
        let mut offset = 0; // in characters
        loop {
            while chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {
                offset += 1;
            }
            let Some(&(at, '@')) = chars.peek() else {
                break;
            };
            let handle_len = handle_length(&text[at + 1..]);
            if handle_len == 0 {
                break;
            }
            run.handles
                .push(text[at + 1..at + 1 + handle_len].to_ascii_lowercase());
            for _ in 0..=handle_len {
                chars.next();
            }
            offset += 1 + handle_len;
            run.end = offset;
        }
        run
    }

    pub fn contains(&self, handle: &str) -> bool {
        let handle = handle.trim_start_matches('@');
        self.handles.iter().any(|h| h.eq_ignore_ascii_case(handle))
    }

    /// Whether a mention (at character offset `start`, when known) lies in the run.
    pub fn covers(&self, start: Option<u64>, handle: Option<&str>) -> bool {
        match (start, handle) {
            (Some(start), _) => (start as usize) < self.end,
            (None, Some(handle)) => self.contains(handle),
            (None, None) => false,
        }
    }
}

/// Length in bytes of the handle at the start of `text` (ASCII letters, digits, `_`).
fn handle_length(text: &str) -> usize {
    text.bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count()
}

/// The handle of `RT @handle: …`, the old-style retweet prefix.
pub fn retweeted_handle(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix("RT @")?;
    let len = handle_length(rest);
    (len > 0).then(|| &rest[..len])
}

/// Every `@handle` in a text (for formats that give no mention entities).
pub fn handles_in(text: &str) -> Vec<&str> {
    let mut handles = Vec::new();
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('@') {
        let preceded_by_word = at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        let len = handle_length(&text[at + 1..]);
        if !preceded_by_word && len > 0 {
            handles.push(&text[at + 1..at + 1 + len]);
        }
    }
    handles
}

/// Every `#hashtag` in a text (for formats that give no hashtag entities).
pub fn hashtags_in(text: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    for (at, _) in text.match_indices('#') {
        let preceded_by_word = text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        let rest = &text[at + 1..];
        let len: usize = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .map(char::len_utf8)
            .sum();
        if !preceded_by_word && len > 0 && !rest[..len].chars().all(|c| c.is_ascii_digit()) {
            tags.push(&rest[..len]);
        }
    }
    tags
}

/// The host of a URL, lower-case, without `www.`.
fn host_of(url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower.split_once("://").map_or(lower.as_str(), |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or("");
    host.strip_prefix("www.").unwrap_or(host).to_owned()
}

fn is_twitter_host(host: &str) -> bool {
    ["twitter.com", "x.com", "t.co"]
        .iter()
        .any(|own| host == *own || host.ends_with(&format!(".{own}")))
}

/// The link's domain for [`TermKind::Domain`], unless the link points at Twitter itself.
pub fn link_domain(url: &str) -> Option<String> {
    let host = host_of(url);
    (!host.is_empty() && host.contains('.') && !is_twitter_host(&host)).then_some(host)
}

/// `(handle, status id)` of a link to a tweet (`https://twitter.com/h/status/1`,
/// `x.com`, `mobile.twitter.com`); the handle is `None` for `/i/web/status/` links.
pub fn status_link(url: &str) -> Option<(Option<&str>, &str)> {
    let rest = url.trim().split_once("://").map_or(url.trim(), |(_, rest)| rest);
    let (host, path) = rest.split_once('/')?;
    if !is_twitter_host(&host.to_ascii_lowercase()) {
        return None;
    }
    let mut parts = path.split(['/', '?', '#']);
    let handle = parts.next()?;
    let (handle, status) = if handle == "i" {
        let web = parts.next()?;
        (None, if web == "web" { parts.next()? } else { web })
    } else {
        (Some(handle), parts.next()?)
    };
    if status != "status" && status != "statuses" {
        return None;
    }
    let id = parts.next()?;
    let valid = !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit());
    let handle = handle.filter(|h| handle_length(h) == h.len() && !h.is_empty());
    valid.then_some((handle, id))
}

/// A tweet's time from its snowflake id (ids from November 2010 on encode milliseconds
/// since Twitter's epoch in their upper bits); `None` for older, sequential ids.
pub fn snowflake_time(id: &str) -> Option<Timestamp> {
    const TWITTER_EPOCH_MS: u64 = 1_288_834_974_657;
    const ONE_DAY_MS: u64 = 86_400_000;
    let id: u64 = id.parse().ok()?;
    let since_epoch = id >> 22;
    (since_epoch >= ONE_DAY_MS).then(|| ((since_epoch + TWITTER_EPOCH_MS) / 1000) as Timestamp)
}

// ---------------------------------------------------------------------------------------
// Writing to the network

/// A user profile as one export gives it.
#[derive(Debug, Default, Clone, Copy)]
pub struct Profile<'p> {
    pub id: Option<&'p str>,
    pub handle: Option<&'p str>,
    pub name: Option<&'p str>,
    pub followers: Option<u64>,
    pub following: Option<u64>,
    pub posts: Option<u64>,
    pub created: Option<Timestamp>,
}

/// Records a profile snapshot taken at `taken_at` (see the module doc for which wins);
/// returns the account, found by id, else by handle.
pub fn apply_profile(
    network: &mut NetworkBuilder,
    profile: &Profile,
    taken_at: Option<Timestamp>,
) -> Option<AccountIdx> {
    let idx = match (profile.id, profile.handle) {
        (Some(id), _) => network.account(PLATFORM, id),
        (None, Some(handle)) => network.account_by_handle(PLATFORM, handle),
        (None, None) => return None,
    };
    let latest = network.is_latest_profile(idx, taken_at);
    if let Some(handle) = profile.handle {
        note_handle(network, idx, handle, latest);
    }
    let account = network.account_mut(idx);
    fn update<T>(field: &mut Option<T>, value: Option<T>, latest: bool) {
        if value.is_some() && (latest || field.is_none()) {
            *field = value;
        }
    }
    update(&mut account.name, profile.name.map(str::to_owned), latest);
    update(&mut account.followers, profile.followers, latest);
    update(&mut account.following, profile.following, latest);
    update(&mut account.posts_count, profile.posts, latest);
    update(&mut account.created, profile.created, latest);
    Some(idx)
}

/// Tells the builder that `idx` goes (or went) by `handle`. An authoritative handle (from
/// the latest profile) becomes the account's label; any other only fills a missing one,
/// but still joins accounts first seen by that handle, unless the handle now belongs to
/// another known account.
pub fn note_handle(network: &mut NetworkBuilder, idx: AccountIdx, handle: &str, authoritative: bool) {
    let handle = handle.trim().trim_start_matches('@');
    let current = network.account_ref(idx).handle.as_deref();
    if current == Some(handle) || (!authoritative && current.is_some_and(|c| c.eq_ignore_ascii_case(handle)))
    {
        return;
    }
    let current = current.map(str::to_owned);
    if authoritative || current.is_none() {
        network.set_handle(PLATFORM, idx, handle);
        return;
    }
    let owner = network
        .find_by_handle(PLATFORM, handle)
        .map(|i| network.resolve(i));
    let provisional = owner.is_some_and(|i| network.account_ref(i).id.starts_with('@'));
    if owner.is_none() || provisional {
        network.set_handle(PLATFORM, idx, handle);
        network.account_mut(idx).handle = current;
    }
}

/// The account a reference names: by id when known (the handle is noted too), else by
/// handle (created from the handle alone if need be).
pub fn referenced_account(
    network: &mut NetworkBuilder,
    id: Option<&str>,
    handle: Option<&str>,
) -> Option<AccountIdx> {
    let handle = handle
        .map(|h| h.trim().trim_start_matches('@'))
        .filter(|h| handle_length(h) > 0);
    match (id, handle) {
        (Some(id), handle) => {
            let idx = network.account(PLATFORM, id);
            if let Some(handle) = handle {
                note_handle(network, idx, handle, false);
            }
            Some(idx)
        }
        (None, Some(handle)) => Some(network.account_by_handle(PLATFORM, handle)),
        (None, None) => None,
    }
}

/// The author of a post already known to the network.
pub fn known_author(network: &NetworkBuilder, post_id: &str) -> Option<AccountIdx> {
    network
        .find_post(PLATFORM, post_id)
        .map(|post| network.post_author(post))
}

/// Adds hashtags and links (their domains and normalised URLs) to a post; links to
/// Twitter itself are none.
pub fn tag<'t>(
    network: &mut NetworkBuilder,
    post: PostIdx,
    hashtags: impl IntoIterator<Item = &'t str>,
    urls: impl IntoIterator<Item = &'t str>,
) {
    for tag in hashtags {
        network.tag_post(post, TermKind::Hashtag, tag);
    }
    for url in urls {
        if link_domain(url).is_some() {
            network.tag_link(post, url);
        }
    }
}

/// One tweet's interactions, all keyed by the tweet's id and stamped with its time.
pub struct Acts<'n> {
    pub network: &'n mut NetworkBuilder,
    pub actor: AccountIdx,
    pub key: EventKey,
    pub time: Option<Timestamp>,
}

impl<'n> Acts<'n> {
    pub fn new(
        network: &'n mut NetworkBuilder,
        tweet_id: &str,
        actor: AccountIdx,
        time: Option<Timestamp>,
    ) -> Self {
        Acts {
            network,
            actor,
            key: EventKey::of_post(PLATFORM, tweet_id),
            time,
        }
    }

    /// One interaction towards `target` about `subject` (a post id, if the post is known).
    pub fn add(&mut self, kind: Kind, target: AccountIdx, subject: Option<&str>) {
        let subject = subject.and_then(|id| self.network.find_post(PLATFORM, id));
        self.network.interact(Interaction {
            time: self.time,
            key: Some(self.key),
            subject,
            ..Interaction::new(self.actor, target, kind)
        });
    }
}

/// A mention as an export gives it: an id, a handle, or both, and where it starts in the
/// text (a character offset) when the export says.
#[derive(Debug, Default, Clone, Copy)]
pub struct MentionRef<'m> {
    pub id: Option<&'m str>,
    pub handle: Option<&'m str>,
    pub start: Option<u64>,
}

/// The account a reply answers: its id and handle, as far as the export says.
#[derive(Debug, Default, Clone, Copy)]
pub struct ReplyTo<'r> {
    pub account: Option<AccountIdx>,
    pub handle: Option<&'r str>,
}

impl Acts<'_> {
    /// Adds a mention for each mentioned account, except a reply's addressing: the leading
    /// `@handle` of the replied-to account is the reply, not also a mention (see
    /// [`addressing`]). Every other mention of a reply or a quote counts.
    pub fn mentions(&mut self, mentions: &[MentionRef], text: Option<&str>, reply: Option<ReplyTo>) {
        let skip = reply.and_then(|reply| addressing(self.network, mentions, text, reply));
        for (i, mention) in mentions.iter().enumerate() {
            if Some(i) == skip {
                continue;
            }
            if let Some(target) = referenced_account(self.network, mention.id, mention.handle) {
                self.add(Kind::Mention, target, None);
            }
        }
    }
}

/// Which of a reply's mentions is its addressing: the mention, in the leading run of
/// `@handles` (any mention when there is no text to place them in), of the replied-to
/// account, matched by id or handle. When the mentions cannot be told from the addressee
/// (handles without ids against an addressee known only by id), the first one that cannot
/// be told: Twitter writes the addressee first. A hidden reply context
/// (`display_text_range`) does not change this.
pub fn addressing(
    network: &NetworkBuilder,
    mentions: &[MentionRef],
    text: Option<&str>,
    reply: ReplyTo,
) -> Option<usize> {
    let run = LeadingRun::of(text);
    let leading: Vec<usize> = (0..mentions.len())
        .filter(|&i| text.is_none() || run.covers(mentions[i].start, mentions[i].handle))
        .collect();
    let account = reply.account.map(|idx| network.account_ref(idx));
    let id = account.map(|a| a.id.as_str()).filter(|id| !id.starts_with('@'));
    let handle = reply
        .handle
        .or(account.and_then(|a| a.handle.as_deref()))
        .map(|h| h.trim().trim_start_matches('@'));
    let is_addressee = |mention: &MentionRef| -> Option<bool> {
        let same_handle = match (mention.handle, handle) {
            (Some(mine), Some(theirs)) => Some(mine.trim_start_matches('@').eq_ignore_ascii_case(theirs)),
            _ => None,
        };
        let same_id = match (mention.id, id) {
            (Some(mine), Some(theirs)) => Some(mine == theirs),
            _ => None,
        };
        match (same_id, same_handle) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (None, None) => None,
            _ => Some(false),
        }
    };
    let found = leading
        .iter()
        .copied()
        .find(|&i| is_addressee(&mentions[i]) == Some(true));
    found.or_else(|| {
        leading
            .iter()
            .copied()
            .find(|&i| is_addressee(&mentions[i]).is_none())
    })
}

/// A retweet's `retweet_count` is its original's: credit the original (if it is a known
/// post; the larger count is kept).
pub fn give_retweet_count(acts: &mut Acts, original: &str, original_author: AccountIdx, count: Count) {
    if count.0.is_some() && acts.network.find_post(PLATFORM, original).is_some() {
        let info = PostInfo {
            public: PublicCounts {
                reposts: count.u32(),
                ..PublicCounts::default()
            },
            ..PostInfo::default()
        };
        acts.network.post(PLATFORM, original, original_author, &info);
    }
}

/// Counts of what a file held besides records, reported once when it ends.
#[derive(Debug, Default)]
pub struct Unresolved {
    /// Reposts or quotes whose original's author could not be found or inferred.
    pub references: u64,
    /// Entries of twarc2 `errors` arrays (deleted, suspended, protected).
    pub api_errors: u64,
    pub first_api_error: Option<String>,
    /// The ids and handles the first error quotes (hidden under pseudonyms).
    pub api_error_names: Vec<String>,
}

impl Unresolved {
    pub fn report(&self, sink: &mut crate::ingest::Sink) {
        if self.references > 0 {
            sink.warn(
                None,
                format!(
                    "{} reposts or quotes point to tweets whose author is not in the data and could not \
                     be inferred (no `RT @handle:` prefix or tweet link): they were not counted",
                    self.references
                ),
            );
        }
        if self.api_errors > 0 {
            sink.warn_naming(
                None,
                format!(
                    "the API could not return {} referenced objects (deleted, suspended or protected; \
                     first: {}): tweets pointing at them still count, their accounts stay id-only",
                    self.api_errors,
                    self.first_api_error.as_deref().unwrap_or("no detail")
                ),
                self.api_error_names.clone(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart_by_their_keys() {
        let page = br#"{"data": [{"id": "1", "author_id": "2", "text": "hi"}], "includes": {}}"#;
        assert_eq!(detect(page), Some(Format::Twarc2));
        let stream = br#"{"data": {"author_id": "4602771083", "id": "1"}, "matching_rules": [{"id": 13776499344140492"#;
        assert_eq!(detect(stream), Some(Format::Twarc2));
        let flat = br#"{"referenced_tweets": [{"type": "retweeted", "id": "9", "author": {"id": "1"}}], "id": "2", "author_id": "3"}"#;
        assert_eq!(detect(flat), Some(Format::Twarc2));
        let v1 = b"[\n  {\n    \"created_at\": \"Wed Sep 04 13:51:55 +0000 2019\",\n    \"id\": 1,\n    \"id_str\": \"1\"";
        assert_eq!(detect(v1), Some(Format::TwitterV1));
        assert_eq!(
            detect(br#"{"limit":{"track":12,"timestamp_ms":"1"}}"#),
            Some(Format::TwitterV1)
        );
        assert_eq!(
            detect(br#"{"ids": ["1"], "next_cursor": 15228222254425963"#),
            Some(Format::TwitterV1)
        );
        assert_eq!(
            detect(br#"{"ids": ["4765959640", "47391"#),
            Some(Format::TwitterV1)
        );
        assert_eq!(
            detect(br#"{"id": 1, "text": "x", "user": {"id": 2, "screen_name": "a"}}"#),
            Some(Format::TwitterV1)
        );
        assert_eq!(detect(br#"{"nodes": [{"id": "a"}], "links": []}"#), None);
        assert_eq!(detect(br#"{"data": {"x": 1}}"#), None);
    }

    #[test]
    fn twitter_tables_are_told_apart_from_edge_lists() {
        let grailbird = b"\"tweet_id\",\"in_reply_to_status_id\",\"in_reply_to_user_id\",\"timestamp\",\"source\",\"text\",\"retweeted_status_id\",\"retweeted_status_user_id\",\"retweeted_status_timestamp\",\"expanded_urls\"\n";
        assert_eq!(detect(grailbird), Some(Format::TwarcCsv));
        assert_eq!(
            detect(b"id,conversation_id,referenced_tweets.replied_to.id,author_id,text\n1,1,,2,hi\n"),
            Some(Format::TwarcCsv)
        );
        assert_eq!(
            detect(b"id,username,public_metrics.followers_count\n"),
            Some(Format::TwarcCsv)
        );
        assert_eq!(detect(b"source,target,weight\na,b,1\n"), None);
        assert_eq!(detect(b"id,label,author_id\n"), None);
    }

    #[test]
    fn leading_runs_and_prefixes() {
        let run = LeadingRun::of(Some("  @Alice @bob_2 hello @carol"));
        assert_eq!(run.handles, vec!["alice", "bob_2"]);
        assert_eq!(run.end, 15);
        assert!(run.covers(Some(2), None));
        assert!(!run.covers(Some(22), None));
        assert!(run.covers(None, Some("@BOB_2")));
        assert!(LeadingRun::of(Some("hi @a")).handles.is_empty());
        assert_eq!(retweeted_handle("RT @mfa_a: Statement"), Some("mfa_a"));
        assert_eq!(retweeted_handle("not RT @x"), None);
        assert_eq!(handles_in("@a hi x@y (@b_1) @"), vec!["a", "b_1"]);
        assert_eq!(hashtags_in("#G20 and #été, not a#b or #1"), vec!["G20", "été"]);
    }

    #[test]
    fn links_to_twitter_are_not_domains() {
        assert_eq!(
            link_domain("https://www.Koreatimes.co.kr/www/art"),
            Some("koreatimes.co.kr".into())
        );
        assert_eq!(link_domain("https://twitter.com/a/status/1/photo/1"), None);
        assert_eq!(link_domain("pic.twitter.com/nyzCbH5jW2"), None);
        assert_eq!(link_domain("https://t.co/x"), None);
        assert_eq!(
            status_link("https://twitter.com/ChartsEcuador/status/1440691114135080963/photo/1"),
            Some((Some("ChartsEcuador"), "1440691114135080963"))
        );
        assert_eq!(
            status_link("https://twitter.com/i/web/status/15"),
            Some((None, "15"))
        );
        assert_eq!(
            status_link("https://x.com/a/statuses/2?s=20"),
            Some((Some("a"), "2"))
        );
        assert_eq!(status_link("https://example.org/a/status/2"), None);
    }

    #[test]
    fn lenient_fields_read_every_drift() {
        #[derive(serde::Deserialize)]
        struct Fields<'a> {
            #[serde(borrow)]
            a: Id<'a>,
            #[serde(borrow)]
            b: Id<'a>,
            #[serde(borrow)]
            c: Id<'a>,
            #[serde(borrow)]
            d: Id<'a>,
            n: Count,
            m: Count,
            t: Time,
            u: Time,
        }
        let json = r#"{"a": "1440720000000000001", "b": 1440720000000000001, "c": {"$numberLong": "18446744073709551615"},
            "d": 1.44e18, "n": "12", "m": null, "t": {"$date": "2021-05-18T19:24:56Z"}, "u": "1621365896000"}"#;
        let fields: Fields = serde_json::from_str(json).unwrap();
        assert_eq!(fields.a.get(), Some("1440720000000000001"));
        assert_eq!(fields.b.get(), Some("1440720000000000001"));
        assert_eq!(fields.c.get(), Some("18446744073709551615"));
        assert_eq!(fields.d.get(), None);
        assert_eq!((fields.n.0, fields.m.0), (Some(12), None));
        assert_eq!(
            (fields.t.0, fields.u.0),
            (Some(1_621_365_896), Some(1_621_365_896))
        );
    }

    #[test]
    fn snowflakes_give_times() {
        // 1440717170493689866 was created 2021-09-22T16:38:35.000Z.
        assert_eq!(snowflake_time("1440717170493689866"), Some(1_632_328_715));
        assert_eq!(snowflake_time("20"), None);
        assert_eq!(snowflake_time("x"), None);
    }
}
