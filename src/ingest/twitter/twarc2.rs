//! twarc2 JSONL: Twitter API v2 as collected by twarc2, in each of its shapes.
//!
//! * **Pages** (`twarc2 search`, `timeline`, `hydrate`...): one API response per line,
//!   `{"data": [tweets], "includes": {"users", "tweets"}, "errors", "meta", "__twarc"}`.
//! * **Filtered-stream lines**: the same with `data` a single tweet object, plus
//!   `matching_rules` (ids above 2^53 as JSON numbers: never read, so never rounded).
//! * **Flattened** output (`twarc2 flatten`): one tweet per line with its `author`, its
//!   `referenced_tweets` inlined (each with its own `author`), mentions merged with user
//!   objects, and `{}` where the API returned nothing.
//! * **Users pages** (`twarc2 users`, `followers`, `following`): `data` holds user objects.
//!   They give profiles. When `__twarc.url` shows whose followers or followings they are
//!   (`/2/users/{id}/followers` or `/following`), each listed user also gets a follow:
//!   follower → followed. Pinned tweets in their `includes` are not read (a users page is
//!   not a tweet collection).
//!
//! Semantics, on top of the shared rules in [`crate::ingest::twitter`]:
//! * every tweet in `data` is a collected post; every tweet in `includes.tweets` or
//!   inlined in a flattened line is a referenced post, with its own interactions (the
//!   original of a retweet carries its own mentions, with its author as actor);
//! * repost → the original's author: from `includes.tweets`, else a post seen earlier,
//!   else the retweet's `RT @handle:` prefix (its first mention, resolved by id when the
//!   mention has one); quote → the quoted author, falling back to a tweet link in the
//!   quote's URLs; reply → `in_reply_to_user_id`; mention → `entities.mentions[].id`,
//!   else the username (through `includes.users`, or joined later);
//! * a retweet's `public_metrics.retweet_count` is the original's: it goes to the
//!   original, and the retweet keeps no counts;
//! * profiles are dated by `__twarc.retrieved_at` (undated ones: the last seen wins);
//! * a post kind is repost, else reply, else quote, else original (a reply that quotes
//!   is a reply post with both a reply and a quote interaction);
//! * `errors[]` entries (deleted, suspended, protected) are counted in one warning; the
//!   accounts they concern stay id-only (or handle-only) nodes.
//!
//! Bad lines are skipped with their line number and the parser's reason; a last line
//! cut off (an interrupted collection) is reported. Complexity: linear in the input;
//! each line is parsed once into borrowed structs, unknown fields skipped unparsed.

use std::collections::HashMap;

use serde::Deserialize;

use crate::ingest::framing::json_apart::{Item, Unreadable};
use crate::ingest::framing::json_values::Layout;
use crate::ingest::framing::parsed_values::{ParseAs, ParsedValues};
use crate::ingest::twitter::{
    apply_profile, give_retweet_count, known_author, referenced_account, retweeted_handle, snowflake_time,
    status_link, tag, Acts, Count, Id, MentionRef, OneOrMany, Profile, ReplyTo, Text, Time, Unresolved,
    PLATFORM,
};
use crate::ingest::{FormatReader, Sink};
use crate::network::{AccountIdx, EventKey, Interaction, Kind, PostInfo, PostKind, PublicCounts, Timestamp};

/// A tweet, a user, a mention, a referenced tweet, a page: the v2 objects share one
/// lenient shape, every field optional, so one parse reads any of them.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Object<'a> {
    #[serde(borrow)]
    id: Id<'a>,
    // A tweet.
    #[serde(borrow)]
    text: Text<'a>,
    #[serde(borrow)]
    author_id: Id<'a>,
    created_at: Time,
    #[serde(borrow)]
    lang: Text<'a>,
    #[serde(borrow)]
    in_reply_to_user_id: Id<'a>,
    #[serde(borrow)]
    referenced_tweets: Option<Vec<Object<'a>>>,
    /// On a referenced tweet: `retweeted`, `quoted` or `replied_to`.
    #[serde(borrow, rename = "type")]
    reference: Text<'a>,
    #[serde(borrow)]
    entities: Option<Entities<'a>>,
    public_metrics: Option<Metrics>,
    // Flattened output inlines these.
    #[serde(borrow)]
    author: Option<Box<Object<'a>>>,
    #[serde(borrow)]
    in_reply_to_user: Option<Box<Object<'a>>>,
    // A user (or a mention merged with one).
    #[serde(borrow)]
    username: Text<'a>,
    #[serde(borrow)]
    name: Text<'a>,
    start: Count,
    // A page.
    #[serde(borrow)]
    data: Option<OneOrMany<Object<'a>>>,
    #[serde(borrow)]
    includes: Option<Includes<'a>>,
    #[serde(borrow)]
    errors: Option<Vec<ApiError<'a>>>,
    #[serde(borrow, rename = "__twarc")]
    twarc: Option<TwarcMeta<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Entities<'a> {
    #[serde(borrow)]
    mentions: Option<Vec<Object<'a>>>,
    #[serde(borrow)]
    hashtags: Option<Vec<Hashtag<'a>>>,
    #[serde(borrow)]
    urls: Option<Vec<Url<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Hashtag<'a> {
    #[serde(borrow)]
    tag: Text<'a>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Url<'a> {
    #[serde(borrow)]
    expanded_url: Text<'a>,
}

#[derive(Debug, Default, Deserialize, Clone, Copy)]
#[serde(default)]
struct Metrics {
    retweet_count: Count,
    reply_count: Count,
    like_count: Count,
    quote_count: Count,
    followers_count: Count,
    following_count: Count,
    tweet_count: Count,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Includes<'a> {
    #[serde(borrow)]
    users: Option<Vec<Object<'a>>>,
    #[serde(borrow)]
    tweets: Option<Vec<Object<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ApiError<'a> {
    #[serde(borrow)]
    detail: Text<'a>,
    #[serde(borrow)]
    title: Text<'a>,
    /// The id or handle asked for: it names someone, so pseudonyms hide it.
    #[serde(borrow)]
    value: Text<'a>,
    #[serde(borrow)]
    resource_id: Text<'a>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TwarcMeta<'a> {
    #[serde(borrow)]
    url: Text<'a>,
    retrieved_at: Time,
}

impl Object<'_> {
    fn is_empty(&self) -> bool {
        self.id.get().is_none() && self.author_id.get().is_none() && self.username.get().is_none()
    }

    fn is_tweet(&self) -> bool {
        self.author_id.get().is_some() || self.text.get().is_some() || self.referenced_tweets.is_some()
    }

    fn is_user(&self) -> bool {
        !self.is_tweet() && self.username.get().is_some()
    }

    fn metrics(&self) -> Metrics {
        self.public_metrics.unwrap_or_default()
    }

    fn profile(&self) -> Profile<'_> {
        let metrics = self.metrics();
        Profile {
            id: self.id.get(),
            handle: self.username.get(),
            name: self.name.get(),
            followers: metrics.followers_count.0,
            following: metrics.following_count.0,
            posts: metrics.tweet_count.0,
            created: self.created_at.0,
        }
    }

    fn author_id(&self) -> Option<&str> {
        self.author_id
            .get()
            .or_else(|| self.author.as_ref().and_then(|a| a.id.get()))
    }

    fn references(&self) -> impl Iterator<Item = &Object<'_>> {
        self.referenced_tweets.iter().flatten()
    }

    fn reference_of(&self, kind: &str) -> Option<&Object<'_>> {
        self.references().find(|r| r.reference.get() == Some(kind))
    }

    fn mentions(&self) -> impl Iterator<Item = &Object<'_>> {
        self.entities.iter().flat_map(|e| e.mentions.iter().flatten())
    }
}

/// What one line offers for resolving references: its tweets by id.
#[derive(Default)]
struct Context<'o, 'a> {
    tweets: HashMap<&'o str, &'o Object<'a>>,
    taken_at: Option<Timestamp>,
}

impl<'o, 'a> Context<'o, 'a> {
    fn author_of(&self, tweet_id: &str) -> Option<&'o str> {
        self.tweets.get(tweet_id).and_then(|t| t.author_id())
    }
}

pub struct Twarc2Reader {
    values: ParsedValues<Twarc2Values>,
    unresolved: Unresolved,
}

/// A twarc2 line parses as a page or a tweet ([`Object`]).
struct Twarc2Values;

impl ParseAs for Twarc2Values {
    type Parsed<'w> = Object<'w>;
}

impl Default for Twarc2Reader {
    fn default() -> Self {
        Self::new()
    }
}

impl Twarc2Reader {
    pub fn new() -> Self {
        Twarc2Reader {
            values: ParsedValues::new(Layout::Auto),
            unresolved: Unresolved::default(),
        }
    }

    /// Parses the lines on up to `threads` threads, `window` bytes at a time (natively;
    /// see `framing::parsed_values`), reading them in order: the same network and warnings
    /// as on one.
    pub fn on_threads(self, threads: usize, window: usize) -> Self {
        Twarc2Reader {
            values: self.values.on_threads(threads, window),
            ..self
        }
    }
}

impl FormatReader for Twarc2Reader {
    fn feed(&mut self, chunk: &[u8], sink: &mut Sink) {
        let unresolved = &mut self.unresolved;
        self.values
            .feed(chunk, &mut |item| on_item(item, unresolved, sink));
    }

    fn finish(&mut self, sink: &mut Sink) {
        let unresolved = &mut self.unresolved;
        self.values.finish(&mut |item| on_item(item, unresolved, sink));
        self.unresolved.report(sink);
    }
}

fn on_item(item: Item<Object>, unresolved: &mut Unresolved, sink: &mut Sink) {
    match item {
        Item::Value { line, parsed, .. } => on_value(parsed, line, unresolved, sink),
        Item::Unreadable(Unreadable::Oversized { line }) => {
            sink.record();
            sink.skip(Some(line), "the line is too large to be a twarc2 page; skipped");
        }
        Item::Unreadable(Unreadable::Garbage { line }) => {
            sink.record();
            sink.skip(
                Some(line),
                "the line is not JSON; expected a twarc2 page or tweet object",
            );
        }
        Item::Unreadable(Unreadable::Truncated { line }) => {
            sink.record();
            sink.skip(
                Some(line),
                "the file ends in the middle of this line (an interrupted collection?): the cut-off line was skipped",
            );
        }
    }
}

/// One value of the file, parsed (or not).
fn on_value(
    parsed: Result<Object, serde_json::Error>,
    line: u64,
    unresolved: &mut Unresolved,
    sink: &mut Sink,
) {
    match parsed {
        Ok(object) => Line {
            sink,
            unresolved,
            line,
        }
        .read(&object),
        Err(error) => {
            sink.record();
            sink.skip(
                Some(line),
                format!("not a twarc2 line ({error}); expected a page or a tweet as one JSON object"),
            );
        }
    }
}

/// Reads one line of a file.
struct Line<'s, 'n, 'w> {
    sink: &'s mut Sink<'n>,
    unresolved: &'w mut Unresolved,
    line: u64,
}

impl Line<'_, '_, '_> {
    fn read(&mut self, object: &Object) {
        let taken_at = object.twarc.as_ref().and_then(|t| t.retrieved_at.0);
        self.count_errors(object.errors.as_deref().unwrap_or_default());
        if object.data.is_some() || object.includes.is_some() {
            self.page(object, taken_at);
        } else if object.is_tweet() {
            self.flattened(object, taken_at);
        } else if object.is_user() {
            self.sink.record();
            apply_profile(self.sink.network, &object.profile(), taken_at);
        } else if object.errors.is_none() {
            self.sink.record();
            self.sink.skip(
                Some(self.line),
                "neither a page (`data`, `includes`) nor a tweet or user object; skipped",
            );
        }
    }

    fn count_errors(&mut self, errors: &[ApiError]) {
        self.unresolved.api_errors += errors.len() as u64;
        if self.unresolved.first_api_error.is_none() {
            let first = errors.iter().find(|e| e.detail.get().or(e.title.get()).is_some());
            if let Some(error) = first {
                let text = error.detail.get().or(error.title.get()).unwrap_or_default();
                self.unresolved.first_api_error = Some(format!("'{text}'"));
                self.unresolved.api_error_names = [error.value.get(), error.resource_id.get()]
                    .into_iter()
                    .flatten()
                    .map(str::to_owned)
                    .collect();
            }
        }
    }

    fn page(&mut self, page: &Object, taken_at: Option<Timestamp>) {
        let empty = Includes::default();
        let includes = page.includes.as_ref().unwrap_or(&empty);
        for user in includes.users.iter().flatten() {
            apply_profile(self.sink.network, &user.profile(), taken_at);
        }
        let data = page.data.as_ref().map_or(&[][..], |d| &d.0[..]);
        if !data.is_empty() && data.iter().all(Object::is_user) {
            self.users_page(data, page, taken_at);
            return;
        }
        let mut context = Context {
            taken_at,
            ..Context::default()
        };
        // The page's own tweets resolve references too: an included tweet may quote or
        // reply to one in `data`.
        let tweets = includes
            .tweets
            .iter()
            .flatten()
            .chain(data.iter().filter(|t| t.is_tweet()));
        for tweet in tweets {
            if let Some(id) = tweet.id.get() {
                context.tweets.entry(id).or_insert(tweet);
            }
        }
        for tweet in includes.tweets.iter().flatten() {
            // A referenced tweet that cannot be read is not a record of this file: no warning.
            let _ = self.tweet(tweet, &context, false);
        }
        for item in data {
            self.sink.record();
            let result = if item.is_tweet() {
                self.tweet(item, &context, true)
            } else if item.is_user() {
                apply_profile(self.sink.network, &item.profile(), taken_at);
                Ok(())
            } else {
                Err("a `data` item that is neither a tweet (`id`, `author_id`, `text`) nor a user (`id`, `username`); \
                     a `twarc2 counts` page?".to_owned())
            };
            if let Err(reason) = result {
                self.sink.skip(Some(self.line), reason);
            }
        }
    }

    /// Profiles, plus follows when the request URL says whose followers (followings) they are.
    fn users_page(&mut self, users: &[Object], page: &Object, taken_at: Option<Timestamp>) {
        let url = page.twarc.as_ref().and_then(|t| t.url.get());
        let relation = url.and_then(follow_relation);
        for user in users {
            self.sink.record();
            let Some(idx) = apply_profile(self.sink.network, &user.profile(), taken_at) else {
                self.sink
                    .skip(Some(self.line), "a user without an id or username; skipped");
                continue;
            };
            if let (Some((subject_id, direction)), Some(user_id)) = (relation, user.id.get()) {
                let subject = self.sink.network.account(PLATFORM, subject_id);
                let (actor, target, actor_id, target_id) = match direction {
                    Direction::Followers => (idx, subject, user_id, subject_id),
                    Direction::Following => (subject, idx, subject_id, user_id),
                };
                self.sink.network.interact(Interaction {
                    key: Some(EventKey::of_relation(PLATFORM, actor_id, target_id)),
                    ..Interaction::new(actor, target, Kind::Follow)
                });
            }
        }
    }

    fn flattened(&mut self, tweet: &Object, taken_at: Option<Timestamp>) {
        self.sink.record();
        let mut context = Context {
            taken_at,
            ..Context::default()
        };
        for reference in tweet.references().filter(|r| r.is_tweet()) {
            if let Some(id) = reference.id.get() {
                context.tweets.insert(id, reference);
            }
        }
        for reference in tweet.references().filter(|r| r.is_tweet()) {
            let _ = self.tweet(reference, &context, false);
        }
        if let Err(reason) = self.tweet(tweet, &context, true) {
            self.sink.skip(Some(self.line), reason);
        }
    }

    /// One tweet: its post, its author's profile (if inlined) and its interactions.
    fn tweet(&mut self, tweet: &Object, context: &Context, collected: bool) -> Result<(), String> {
        let id = tweet.id.get().ok_or("a tweet without an `id`; skipped")?;
        let author_id = tweet
            .author_id()
            .ok_or_else(|| format!("tweet {id} has no `author_id`; expected the author's user id"))?;
        let network = &mut *self.sink.network;
        // Flattened output inlines user objects: the author, the replied-to user, and the
        // mentioned users (merged into the mentions), as a page would list them in `includes.users`.
        let inlined_users = [&tweet.author, &tweet.in_reply_to_user]
            .into_iter()
            .flatten()
            .map(|u| &**u);
        let mentioned_users = tweet
            .mentions()
            .filter(|m| m.name.get().is_some() || m.public_metrics.is_some());
        for user in inlined_users.chain(mentioned_users) {
            if !user.is_empty() {
                apply_profile(network, &user.profile(), context.taken_at);
            }
        }
        let author = network.account(PLATFORM, author_id);
        let retweeted = tweet.reference_of("retweeted").and_then(|r| r.id.get());
        let quoted = tweet.reference_of("quoted").and_then(|r| r.id.get());
        let replied = tweet.reference_of("replied_to").and_then(|r| r.id.get());
        let reply_user = tweet.in_reply_to_user_id.get();
        let kind = match () {
            _ if retweeted.is_some() => PostKind::Repost,
            _ if replied.is_some() || reply_user.is_some() => PostKind::Reply,
            _ if quoted.is_some() => PostKind::Quote,
            _ => PostKind::Original,
        };
        let metrics = tweet.metrics();
        let public = match kind {
            PostKind::Repost => PublicCounts::default(),
            _ => PublicCounts {
                reposts: metrics.retweet_count.u32(),
                likes: metrics.like_count.u32(),
                replies: metrics.reply_count.u32(),
                quotes: metrics.quote_count.u32(),
            },
        };
        let time = tweet.created_at.0.or_else(|| snowflake_time(id));
        let info = PostInfo {
            kind,
            time,
            lang: tweet.lang.get(),
            public,
            collected,
        };
        let (post, new) = network.post(PLATFORM, id, author, &info);
        if new {
            let entities = tweet.entities.as_ref();
            let hashtags = entities.into_iter().flat_map(|e| e.hashtags.iter().flatten());
            let urls = entities.into_iter().flat_map(|e| e.urls.iter().flatten());
            tag(
                network,
                post,
                hashtags.filter_map(|h| h.tag.get()),
                urls.filter_map(|u| u.expanded_url.get()),
            );
        }

        let mut acts = Acts::new(network, id, author, time);
        if let Some(original) = retweeted {
            let target = context
                .author_of(original)
                .map(|author| acts.network.account(PLATFORM, author))
                .or_else(|| known_author(acts.network, original))
                .or_else(|| retweet_prefix_author(&mut acts, tweet));
            match target {
                Some(target) => {
                    give_retweet_count(&mut acts, original, target, metrics.retweet_count);
                    acts.add(Kind::Repost, target, Some(original));
                }
                None => self.unresolved.references += 1,
            }
        }
        if let Some(quoted) = quoted {
            let target = context
                .author_of(quoted)
                .map(|author| acts.network.account(PLATFORM, author))
                .or_else(|| known_author(acts.network, quoted))
                .or_else(|| quoted_link_author(&mut acts, tweet, quoted));
            match target {
                Some(target) => acts.add(Kind::Quote, target, Some(quoted)),
                None => self.unresolved.references += 1,
            }
        }
        let mut reply_to = None;
        if kind == PostKind::Reply {
            let target = reply_user
                .map(|user| acts.network.account(PLATFORM, user))
                .or_else(|| {
                    replied
                        .and_then(|r| context.author_of(r))
                        .map(|a| acts.network.account(PLATFORM, a))
                })
                .or_else(|| replied.and_then(|r| known_author(acts.network, r)));
            if let Some(target) = target {
                acts.add(Kind::Reply, target, replied);
            }
            let handle = tweet.in_reply_to_user.as_ref().and_then(|u| u.username.get());
            reply_to = Some(ReplyTo {
                account: target,
                handle,
            });
        }
        if retweeted.is_none() {
            let mentions: Vec<MentionRef> = tweet
                .mentions()
                .map(|m| MentionRef {
                    id: m.id.get(),
                    handle: m.username.get(),
                    start: m.start.0,
                })
                .collect();
            acts.mentions(&mentions, tweet.text.get(), reply_to);
        }
        Ok(())
    }
}

/// The original author named by `RT @handle:`, by id when the retweet's mention of that
/// handle carries one.
fn retweet_prefix_author(acts: &mut Acts, tweet: &Object) -> Option<AccountIdx> {
    let handle = retweeted_handle(tweet.text.get()?)?;
    let id = tweet
        .mentions()
        .find(|m| m.username.get().is_some_and(|u| u.eq_ignore_ascii_case(handle)))
        .and_then(|m| m.id.get());
    referenced_account(acts.network, id, Some(handle))
}

/// The quoted author named by a link to the quoted tweet among the quote's URLs.
fn quoted_link_author(acts: &mut Acts, tweet: &Object, quoted: &str) -> Option<AccountIdx> {
    let handle = tweet
        .entities
        .iter()
        .flat_map(|e| e.urls.iter().flatten())
        .filter_map(|u| status_link(u.expanded_url.get()?))
        .find_map(|(handle, id)| (id == quoted).then_some(handle).flatten())?;
    referenced_account(acts.network, None, Some(handle))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Direction {
    /// The listed users follow the subject.
    Followers,
    /// The subject follows the listed users.
    Following,
}

/// `(subject id, direction)` from a `…/2/users/{id}/followers` or `/following` URL.
fn follow_relation(url: &str) -> Option<(&str, Direction)> {
    let path = url.split(['?', '#']).next()?;
    let rest = &path[path.find("/2/users/")? + "/2/users/".len()..];
    let (id, relation) = rest.split_once('/')?;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match relation.trim_end_matches('/') {
        "followers" => Some((id, Direction::Followers)),
        "following" => Some((id, Direction::Following)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_direction_comes_from_the_request_url() {
        assert_eq!(
            follow_relation("https://api.twitter.com/2/users/12/followers?max_results=1000"),
            Some(("12", Direction::Followers))
        );
        assert_eq!(
            follow_relation("https://api.twitter.com/2/users/12/following"),
            Some(("12", Direction::Following))
        );
        assert_eq!(follow_relation("https://api.twitter.com/2/users?ids=1,2"), None);
        assert_eq!(
            follow_relation("https://api.twitter.com/2/users/me/followers"),
            None
        );
    }
}
