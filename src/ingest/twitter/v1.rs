//! Twitter API v1.1 JSON: twarc1 and `twarc hydrate` output, streaming dumps, tweepy
//! collections, `user_timeline` responses, mongoexport dumps.
//!
//! Accepted layouts: one tweet per line (JSONL), a JSON array of tweets, single or
//! concatenated (pretty-printed) objects. Each top-level value is one of:
//! * a **tweet**: `id_str` (else `id`, kept exact), `user`, `created_at` (else
//!   `timestamp_ms`, else the snowflake id), `full_text`, `extended_tweet.full_text` or
//!   `text`, `entities` (or `extended_tweet.entities`), `retweeted_status`,
//!   `quoted_status`, `in_reply_to_*`, counts;
//! * a **user object** (`users/lookup`): a profile;
//! * a **stream notice** (`delete`, `limit`, `scrub_geo`, `status_withheld`,
//!   `user_withheld`, `disconnect`, `warning`): not a record; counted in one warning
//!   (a `limit` notice means the stream withheld tweets, so the count matters);
//! * a **`followers/ids` or `friends/ids` page** (`ids`, `next_cursor`): ids without the
//!   account they are followers or friends of, so no follow can be drawn; nothing is
//!   added, and one warning says how many ids were passed over.
//!
//! mongoexport's `{"$numberLong": …}` and `{"$date": …}` wrappers are read; a Mongo shell
//! dump (`NumberLong("…")`, `ObjectId(…)`, `ISODate(…)`, not JSON) is rejected with one
//! message saying how to re-export it.
//!
//! Semantics, on top of the shared rules in [`crate::ingest::twitter`]:
//! * a top-level tweet is collected; its `retweeted_status` and `quoted_status` (nested
//!   as deep as the file nests them, up to three levels) are referenced posts with their
//!   own interactions, their authors' embedded profiles included;
//! * repost → `retweeted_status.user`, else the `RT @handle:` prefix; quote →
//!   `quoted_status.user`, else the handle in `quoted_status_permalink.expanded` or in a
//!   link to the quoted id; reply → `in_reply_to_user_id_str` (with
//!   `in_reply_to_screen_name`); mention → each `user_mentions[]` entry, except in a
//!   reply the leading one of the replied-to account (`display_text_range` does not change
//!   this: the hidden reply context names accounts the reply is addressed to as well);
//! * a retweet's `retweet_count` is the original's (and its `favorite_count` is 0): the
//!   retweet keeps no counts, the original gets the larger of its own and the retweet's;
//! * a user object embedded in a tweet is a snapshot dated by the outermost tweet's time
//!   (when it was delivered or collected); a bare user object is undated.
//!
//! Complexity: linear in the input; each value is parsed once into borrowed structs.
//! Natively, on several threads, the values are parsed apart and read in file order
//! (`framing::parsed_values`), so the network and the warnings are those of one thread.

use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::ingest::framing::json_apart::{Item, Unreadable};
use crate::ingest::framing::json_values::Layout;
use crate::ingest::framing::parsed_values::{ParseAs, ParsedValues};
use crate::ingest::twitter::{
    apply_profile, give_retweet_count, known_author, referenced_account, retweeted_handle, snowflake_time,
    status_link, tag, Acts, Count, Id, MentionRef, Profile, ReplyTo, Text, Time, Unresolved, PLATFORM,
};
use crate::ingest::{FormatReader, Sink};
use crate::network::{AccountIdx, Kind, PostInfo, PostKind, PublicCounts, Timestamp};

/// How deep `retweeted_status` / `quoted_status` nesting is followed.
const MAX_NESTING: u32 = 3;

/// A tweet, a user, a stream notice or an ids page: one lenient shape for all.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Object<'a> {
    #[serde(borrow)]
    id: Id<'a>,
    #[serde(borrow)]
    id_str: Id<'a>,
    created_at: Time,
    timestamp_ms: Time,
    // A tweet.
    #[serde(borrow)]
    text: Text<'a>,
    #[serde(borrow)]
    full_text: Text<'a>,
    #[serde(borrow)]
    extended_tweet: Option<Extended<'a>>,
    #[serde(borrow)]
    entities: Option<Entities<'a>>,
    #[serde(borrow)]
    user: Option<Box<Object<'a>>>,
    #[serde(borrow)]
    in_reply_to_status_id_str: Id<'a>,
    #[serde(borrow)]
    in_reply_to_status_id: Id<'a>,
    #[serde(borrow)]
    in_reply_to_user_id_str: Id<'a>,
    #[serde(borrow)]
    in_reply_to_user_id: Id<'a>,
    #[serde(borrow)]
    in_reply_to_screen_name: Text<'a>,
    #[serde(borrow)]
    retweeted_status: Option<Box<Object<'a>>>,
    #[serde(borrow)]
    quoted_status: Option<Box<Object<'a>>>,
    #[serde(borrow)]
    quoted_status_id_str: Id<'a>,
    #[serde(borrow)]
    quoted_status_id: Id<'a>,
    #[serde(borrow)]
    quoted_status_permalink: Option<Permalink<'a>>,
    retweet_count: Count,
    favorite_count: Count,
    reply_count: Count,
    quote_count: Count,
    #[serde(borrow)]
    lang: Text<'a>,
    // A user.
    #[serde(borrow)]
    screen_name: Text<'a>,
    #[serde(borrow)]
    name: Text<'a>,
    followers_count: Count,
    friends_count: Count,
    statuses_count: Count,
    // Stream notices.
    delete: Option<IgnoredAny>,
    limit: Option<Limit>,
    scrub_geo: Option<IgnoredAny>,
    status_withheld: Option<IgnoredAny>,
    user_withheld: Option<IgnoredAny>,
    disconnect: Option<IgnoredAny>,
    warning: Option<IgnoredAny>,
    // An ids page.
    ids: Option<Vec<IgnoredAny>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Extended<'a> {
    #[serde(borrow)]
    full_text: Text<'a>,
    #[serde(borrow)]
    entities: Option<Entities<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Entities<'a> {
    #[serde(borrow)]
    user_mentions: Option<Vec<Mention<'a>>>,
    #[serde(borrow)]
    hashtags: Option<Vec<Hashtag<'a>>>,
    #[serde(borrow)]
    urls: Option<Vec<Url<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Mention<'a> {
    #[serde(borrow)]
    id_str: Id<'a>,
    #[serde(borrow)]
    id: Id<'a>,
    #[serde(borrow)]
    screen_name: Text<'a>,
    indices: Option<Vec<Count>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Hashtag<'a> {
    #[serde(borrow)]
    text: Text<'a>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Url<'a> {
    #[serde(borrow)]
    expanded_url: Text<'a>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Permalink<'a> {
    #[serde(borrow)]
    expanded: Text<'a>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Limit {
    track: Count,
}

impl<'a> Object<'a> {
    fn tweet_id(&self) -> Option<&str> {
        self.id_str.or(&self.id)
    }

    fn is_tweet(&self) -> bool {
        self.user.is_some()
            || self.text.get().is_some()
            || self.full_text.get().is_some()
            || self.retweeted_status.is_some()
    }

    fn is_user(&self) -> bool {
        !self.is_tweet() && self.screen_name.get().is_some() && self.tweet_id().is_some()
    }

    fn notice(&self) -> Option<&'static str> {
        let notices = [
            (self.delete.is_some(), "delete"),
            (self.limit.is_some(), "limit"),
            (self.scrub_geo.is_some(), "scrub_geo"),
            (self.status_withheld.is_some(), "status_withheld"),
            (self.user_withheld.is_some(), "user_withheld"),
            (self.disconnect.is_some(), "disconnect"),
            (self.warning.is_some(), "warning"),
        ];
        notices
            .iter()
            .find(|(present, _)| *present)
            .map(|&(_, name)| name)
    }

    fn profile(&self) -> Profile<'_> {
        Profile {
            id: self.tweet_id(),
            handle: self.screen_name.get(),
            name: self.name.get(),
            followers: self.followers_count.0,
            following: self.friends_count.0,
            posts: self.statuses_count.0,
            created: self.created_at.0,
        }
    }

    fn time(&self) -> Option<Timestamp> {
        self.created_at
            .0
            .or(self.timestamp_ms.0)
            .or_else(|| self.tweet_id().and_then(snowflake_time))
    }

    /// The full text and its entities, wherever this tweet's API mode put them.
    fn text_and_entities(&self) -> (Option<&str>, Option<&Entities<'a>>) {
        match &self.extended_tweet {
            Some(extended) if extended.full_text.get().is_some() => (
                extended.full_text.get(),
                extended.entities.as_ref().or(self.entities.as_ref()),
            ),
            _ => (self.full_text.get().or(self.text.get()), self.entities.as_ref()),
        }
    }

    fn quoted_id(&self) -> Option<&str> {
        self.quoted_status_id_str
            .or(&self.quoted_status_id)
            .or_else(|| self.quoted_status.as_ref().and_then(|q| q.tweet_id()))
    }
}

pub struct TwitterV1Reader {
    values: ParsedValues<V1Values>,
    state: State,
}

/// A v1.1 value parses as a tweet, a user, a notice or a page of ids ([`Object`]).
struct V1Values;

impl ParseAs for V1Values {
    type Parsed<'w> = Object<'w>;
}

#[derive(Default)]
struct State {
    unresolved: Unresolved,
    /// Stream notices by kind, in first-seen order.
    notices: Vec<(&'static str, u64)>,
    /// Tweets a `limit` notice said the stream withheld (the largest `track` seen).
    withheld: u64,
    ids_pages: u64,
    ids: u64,
    /// Set on a Mongo shell dump: the rest of the file is not read.
    rejected: bool,
    values_after_rejection: u64,
}

impl Default for TwitterV1Reader {
    fn default() -> Self {
        Self::new()
    }
}

impl TwitterV1Reader {
    pub fn new() -> Self {
        TwitterV1Reader {
            values: ParsedValues::new(Layout::Auto),
            state: State::default(),
        }
    }

    /// Parses the values on up to `threads` threads, `window` bytes at a time (natively;
    /// see `framing::parsed_values`), reading them in order: the same network and warnings
    /// as on one.
    pub fn on_threads(self, threads: usize, window: usize) -> Self {
        TwitterV1Reader {
            values: self.values.on_threads(threads, window),
            ..self
        }
    }
}

impl FormatReader for TwitterV1Reader {
    fn feed(&mut self, chunk: &[u8], sink: &mut Sink) {
        let state = &mut self.state;
        self.values.feed(chunk, &mut |item| state.on_item(item, sink));
    }

    fn finish(&mut self, sink: &mut Sink) {
        let state = &mut self.state;
        self.values.finish(&mut |item| state.on_item(item, sink));
        state.report(sink);
    }
}

impl State {
    fn on_item(&mut self, item: Item<Object>, sink: &mut Sink) {
        // After a rejection nothing is read, only counted.
        if self.rejected {
            self.values_after_rejection += 1;
            return;
        }
        match item {
            Item::Value { line, bytes, parsed } => self.on_value(parsed, line, bytes, sink),
            Item::Unreadable(Unreadable::Oversized { line }) => {
                sink.record();
                sink.skip(Some(line), "the value is too large to be a tweet; skipped");
            }
            Item::Unreadable(Unreadable::Garbage { line }) => {
                sink.record();
                sink.skip(Some(line), "the line is not JSON; expected a v1.1 tweet object");
            }
            Item::Unreadable(Unreadable::Truncated { line }) => {
                sink.record();
                sink.skip(
                    Some(line),
                    "the file ends in the middle of this tweet (an interrupted collection?): it was skipped",
                );
            }
        }
    }

    /// One value of the file, parsed (or not): `bytes` tell a Mongo shell dump from a typo.
    fn on_value<'a>(
        &mut self,
        parsed: Result<Object<'a>, serde_json::Error>,
        line: u64,
        bytes: &[u8],
        sink: &mut Sink,
    ) {
        match parsed {
            Ok(object) => self.value(&object, line, sink),
            Err(_) if is_mongo_shell(bytes) => {
                self.rejected = true;
                sink.record();
                sink.skip(
                    Some(line),
                    "this is a Mongo shell dump (`NumberLong(…)`, `ObjectId(…)`, `ISODate(…)`), which is not \
                     JSON; the file was not read. Export it with `mongoexport --jsonFormat=canonical` (or \
                     relaxed) and load that instead",
                );
            }
            Err(error) => {
                sink.record();
                sink.skip(
                    Some(line),
                    format!("not a v1.1 tweet ({error}); expected a tweet or user object"),
                );
            }
        }
    }

    fn value(&mut self, object: &Object, line: u64, sink: &mut Sink) {
        if let Some(notice) = object.notice() {
            self.count_notice(notice, object);
            return;
        }
        if let Some(ids) = &object.ids {
            self.ids_pages += 1;
            self.ids += ids.len() as u64;
            return;
        }
        sink.record();
        let result = if object.is_tweet() {
            let taken_at = object.time();
            Tweets {
                network: sink.network,
                unresolved: &mut self.unresolved,
                taken_at,
            }
            .tweet(object, true, 0)
            .map(|_| ())
        } else if object.is_user() {
            apply_profile(sink.network, &object.profile(), None);
            Ok(())
        } else {
            Err("neither a v1.1 tweet (`id_str`, `user`, `text`) nor a user object; skipped".to_owned())
        };
        if let Err(reason) = result {
            sink.skip(Some(line), reason);
        }
    }

    fn count_notice(&mut self, notice: &'static str, object: &Object) {
        match self.notices.iter_mut().find(|(name, _)| *name == notice) {
            Some((_, count)) => *count += 1,
            None => self.notices.push((notice, 1)),
        }
        if let Some(track) = object.limit.as_ref().and_then(|l| l.track.0) {
            self.withheld = self.withheld.max(track);
        }
    }

    fn report(&self, sink: &mut Sink) {
        self.unresolved.report(sink);
        if !self.notices.is_empty() {
            let list: Vec<String> = self
                .notices
                .iter()
                .map(|(name, n)| format!("{n} {name}"))
                .collect();
            let mut message = format!("stream notices skipped (not tweets): {}", list.join(", "));
            if self.withheld > 0 {
                message.push_str(&format!(
                    "; the stream reported {} matching tweets it did not deliver",
                    self.withheld
                ));
            }
            sink.warn(None, message);
        }
        if self.ids > 0 {
            sink.warn(
                None,
                format!(
                    "{} account ids in {} `followers/ids` or `friends/ids` page(s) were not added: the pages do not \
                     say whose followers or friends they are",
                    self.ids, self.ids_pages
                ),
            );
        }
        if self.values_after_rejection > 0 {
            sink.warn(
                None,
                format!(
                    "{} further values of the Mongo shell dump were not read",
                    self.values_after_rejection
                ),
            );
        }
    }
}

/// Mongo shell syntax, which JSON parsers reject.
fn is_mongo_shell(bytes: &[u8]) -> bool {
    [
        &b"NumberLong("[..],
        b"ObjectId(",
        b"ISODate(",
        b"NumberInt(",
        b"NumberDecimal(",
    ]
    .iter()
    .any(|marker| memchr::memmem::find(bytes, marker).is_some())
}

/// Writes tweets to the network.
struct Tweets<'n, 'w> {
    network: &'n mut crate::network::NetworkBuilder,
    unresolved: &'w mut Unresolved,
    /// When the outermost tweet was delivered: the date of every profile inside it.
    taken_at: Option<Timestamp>,
}

impl Tweets<'_, '_> {
    /// One tweet and what it embeds; returns its author.
    fn tweet(&mut self, tweet: &Object, collected: bool, depth: u32) -> Result<AccountIdx, String> {
        let id = tweet
            .tweet_id()
            .ok_or("a tweet without `id_str` or `id`; skipped")?;
        let user = tweet
            .user
            .as_deref()
            .ok_or_else(|| format!("tweet {id} has no `user`; expected the author's user object"))?;
        let author = apply_profile(self.network, &user.profile(), self.taken_at)
            .ok_or_else(|| format!("tweet {id} has a `user` without `id_str` or `screen_name`"))?;

        let mut embedded = |status: &Option<Box<Object>>| -> Option<(String, AccountIdx)> {
            let status = status.as_deref().filter(|_| depth < MAX_NESTING)?;
            let author = self.tweet(status, false, depth + 1).ok()?;
            Some((status.tweet_id()?.to_owned(), author))
        };
        let original = embedded(&tweet.retweeted_status);
        let quoted_embedded = embedded(&tweet.quoted_status);

        let retweet = tweet.retweeted_status.is_some();
        let reply_status = tweet.in_reply_to_status_id_str.or(&tweet.in_reply_to_status_id);
        let reply_user = tweet.in_reply_to_user_id_str.or(&tweet.in_reply_to_user_id);
        let quoted = tweet.quoted_id();
        let kind = match () {
            _ if retweet => PostKind::Repost,
            _ if reply_status.is_some() || reply_user.is_some() => PostKind::Reply,
            _ if quoted.is_some() || tweet.quoted_status_permalink.is_some() => PostKind::Quote,
            _ => PostKind::Original,
        };
        let public = match kind {
            PostKind::Repost => PublicCounts::default(),
            _ => PublicCounts {
                reposts: tweet.retweet_count.u32(),
                likes: tweet.favorite_count.u32(),
                replies: tweet.reply_count.u32(),
                quotes: tweet.quote_count.u32(),
            },
        };
        let time = tweet.time();
        let info = PostInfo {
            kind,
            time,
            lang: tweet.lang.get(),
            public,
            collected,
        };
        let (post, new) = self.network.post(PLATFORM, id, author, &info);
        let (text, entities) = tweet.text_and_entities();
        if new {
            let hashtags = entities.into_iter().flat_map(|e| e.hashtags.iter().flatten());
            let urls = entities.into_iter().flat_map(|e| e.urls.iter().flatten());
            tag(
                self.network,
                post,
                hashtags.filter_map(|h| h.text.get()),
                urls.filter_map(|u| u.expanded_url.get()),
            );
        }

        let mentions: Vec<MentionRef> = entities
            .into_iter()
            .flat_map(|e| e.user_mentions.iter().flatten())
            .map(|m| MentionRef {
                id: m.id_str.or(&m.id),
                handle: m.screen_name.get(),
                start: m.indices.as_ref().and_then(|i| i.first()).and_then(|c| c.0),
            })
            .collect();
        let mut acts = Acts::new(self.network, id, author, time);
        if retweet {
            let original_id = tweet.retweeted_status.as_ref().and_then(|o| o.tweet_id());
            let target = original.as_ref().map(|(_, author)| *author).or_else(|| {
                let handle = retweeted_handle(text?)?;
                let id = mentions
                    .iter()
                    .find(|m| m.handle.is_some_and(|h| h.eq_ignore_ascii_case(handle)))
                    .and_then(|m| m.id);
                referenced_account(acts.network, id, Some(handle))
            });
            match (target, original_id) {
                (Some(target), Some(original_id)) => {
                    give_retweet_count(&mut acts, original_id, target, tweet.retweet_count);
                    acts.add(Kind::Repost, target, Some(original_id));
                }
                (Some(target), None) => acts.add(Kind::Repost, target, None),
                (None, _) => self.unresolved.references += 1,
            }
        }
        if !retweet && (quoted.is_some() || tweet.quoted_status_permalink.is_some()) {
            let target = quoted_embedded
                .as_ref()
                .map(|(_, author)| *author)
                .or_else(|| quoted.and_then(|q| known_author(acts.network, q)))
                .or_else(|| quoted_link_author(&mut acts, tweet, quoted, entities));
            match target {
                Some(target) => acts.add(Kind::Quote, target, quoted),
                None => self.unresolved.references += 1,
            }
        }
        let mut reply_to = None;
        if kind == PostKind::Reply {
            let handle = tweet.in_reply_to_screen_name.get();
            let target = referenced_account(acts.network, reply_user, handle)
                .or_else(|| reply_status.and_then(|status| known_author(acts.network, status)));
            if let Some(target) = target {
                acts.add(Kind::Reply, target, reply_status);
            }
            reply_to = Some(ReplyTo {
                account: target,
                handle,
            });
        }
        if !retweet {
            acts.mentions(&mentions, text, reply_to);
        }
        Ok(author)
    }
}

/// The quoted author from `quoted_status_permalink`, or from a link to the quoted tweet.
fn quoted_link_author(
    acts: &mut Acts,
    tweet: &Object,
    quoted: Option<&str>,
    entities: Option<&Entities>,
) -> Option<AccountIdx> {
    let permalink = tweet
        .quoted_status_permalink
        .as_ref()
        .and_then(|p| p.expanded.get());
    let links = entities
        .into_iter()
        .flat_map(|e| e.urls.iter().flatten())
        .filter_map(|u| u.expanded_url.get());
    let handle = permalink
        .into_iter()
        .chain(links)
        .filter_map(status_link)
        .find_map(|(handle, id)| handle.filter(|_| quoted.is_none_or(|q| q == id)))?;
    referenced_account(acts.network, None, Some(handle))
}
