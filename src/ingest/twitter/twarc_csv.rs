//! Tweet and user tables: twarc-csv output, other collectors' Twitter CSVs, and the
//! legacy Grailbird archive's `tweets.csv`.
//!
//! Columns are matched by header name (trimmed, any case), never by position, so tables
//! with columns dropped, added or reordered (`--output-columns`, a spreadsheet re-save
//! with `;`) still read. Recognised names, first match wins:
//!
//! | meaning | names |
//! |---|---|
//! | tweet id | `id`, `tweet_id`, `status_id`, `id_str` |
//! | author | `author_id`, `author.id`, `user_id`, `user.id_str`...; handle `author.username`, `username`, `screen_name`...; `author.name`, `author.public_metrics.*`, `author.created_at` |
//! | time, text, language | `created_at` (Grailbird `timestamp`), `text`/`full_text`, `lang` |
//! | reply | `referenced_tweets.replied_to.id`/`in_reply_to_status_id`, `in_reply_to_user_id`, `in_reply_to_username`/`in_reply_to_screen_name` |
//! | repost | `referenced_tweets.retweeted.id`/`retweeted_status_id`, `retweeted_user_id`/`retweeted_status_user_id`, `retweeted_username` |
//! | quote | `referenced_tweets.quoted.id`/`quoted_status_id`, `quoted_user_id`, `quoted_username` |
//! | references as JSON | `referenced_tweets` (`[{"type": "retweeted", "id": …}]`); academictwitteR's `sourcetweet_type`, `sourcetweet_id`, `sourcetweet_author_id` |
//! | entities | `entities.mentions`, `entities.hashtags`, `entities.urls` (JSON lists of `"@user"`, `"#tag"`, URLs, or of objects), Grailbird `expanded_urls` |
//! | counts | `public_metrics.{retweet,like,reply,quote}_count` (or without the prefix) |
//! | snapshot time | `__twarc.retrieved_at` |
//!
//! Three kinds of table:
//! * **tweets** (twarc-csv's 84 columns, or any table with a tweet id, an author and a
//!   Twitter reference or entity column). twarc-csv merges retweets by default: a
//!   retweet row's text, entities and metrics are the *original's*. Such a row (text not
//!   starting `RT @`) also gives the original post (referenced, with those counts,
//!   hashtags and domains) and the original's mentions, with the original's author as
//!   actor; the retweet post itself keeps no counts. An unmerged retweet row (`RT @…`)
//!   gives its `retweet_count` to the original, if known. Mentions are handles (no ids):
//!   they join their ids when a profile with that handle appears (any file).
//! * **users** (`twarc2 csv --input-data-type users`, 27 columns): profiles only.
//! * **Grailbird `tweets.csv`** (2012–2018 archives): one account's tweets, but the file
//!   does not say whose; they are attributed to one placeholder account
//!   `(archive owner)`, with a warning. Retweets point to `retweeted_status_user_id`
//!   (its handle from the `RT @handle:` prefix), replies to `in_reply_to_user_id`;
//!   mentions and hashtags are read from the text, domains from `expanded_urls`.
//!
//! Everything else follows the shared rules of [`crate::ingest::twitter`]. Rows that cannot be
//! read are skipped with their line and reason. Complexity: linear in the input; list
//! cells are parsed per row.

use serde_json::Value;

use crate::ingest::framing::records::{sniff_delimiter, Delimited, Record, RecordReader, Rows};
use crate::ingest::twitter::{
    apply_profile, give_retweet_count, handles_in, hashtags_in, header_name, known_author,
    referenced_account, retweeted_handle, snowflake_time, status_link, tag, Acts, Count, MentionRef, Profile,
    ReplyTo, Unresolved, PLATFORM,
};
use crate::ingest::Sink;
use crate::network::{AccountIdx, Kind, PostInfo, PostKind, PublicCounts, Timestamp};
use crate::time::parse_timestamp;

/// The placeholder id of a Grailbird archive's owner.
pub const GRAILBIRD_OWNER: &str = "(archive owner)";

/// Where each meaning sits in a row.
#[derive(Debug, Clone, Default)]
struct Columns {
    id: Option<usize>,
    author_id: Option<usize>,
    author_handle: Option<usize>,
    author_name: Option<usize>,
    author_followers: Option<usize>,
    author_following: Option<usize>,
    author_tweets: Option<usize>,
    author_created: Option<usize>,
    created_at: Option<usize>,
    text: Option<usize>,
    lang: Option<usize>,
    reply_status: Option<usize>,
    reply_user: Option<usize>,
    reply_handle: Option<usize>,
    retweet_status: Option<usize>,
    retweet_user: Option<usize>,
    retweet_handle: Option<usize>,
    quote_status: Option<usize>,
    quote_user: Option<usize>,
    quote_handle: Option<usize>,
    referenced_tweets: Option<usize>,
    source_type: Option<usize>,
    source_id: Option<usize>,
    source_author: Option<usize>,
    mentions: Option<usize>,
    hashtags: Option<usize>,
    urls: Option<usize>,
    retweets: Option<usize>,
    likes: Option<usize>,
    replies: Option<usize>,
    quotes: Option<usize>,
    retrieved_at: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum TableKind {
    Tweets,
    Users,
    Grailbird,
}

impl Columns {
    fn from_header(fields: &[String]) -> (TableKind, Columns) {
        let names: Vec<String> = fields.iter().map(|f| header_name(f)).collect();
        let find = |aliases: &[&str]| aliases.iter().find_map(|a| names.iter().position(|n| n == a));
        let has = |name: &str| names.iter().any(|n| n == name);
        let kind = if has("tweet_id") && has("in_reply_to_status_id") && !has("author_id") {
            TableKind::Grailbird
        } else if has("username") && has("public_metrics.followers_count") && !has("text") {
            TableKind::Users
        } else {
            TableKind::Tweets
        };
        let users = kind == TableKind::Users;
        let columns = Columns {
            id: find(&["id", "tweet_id", "status_id", "id_str", "tweet.id"]),
            author_id: find(&[
                "author_id",
                "author.id",
                "user_id",
                "user.id_str",
                "user_id_str",
                "user.id",
                "from_user_id",
            ]),
            author_handle: find(&[
                "author.username",
                "username",
                "user_username",
                "user.screen_name",
                "user_screen_name",
                "screen_name",
                "from_user",
            ]),
            author_name: find(&["author.name", "user_name", "user.name", "name"]),
            author_followers: find(&[
                "author.public_metrics.followers_count",
                "public_metrics.followers_count",
                "user_followers_count",
                "user.followers_count",
                "followers_count",
            ]),
            author_following: find(&[
                "author.public_metrics.following_count",
                "public_metrics.following_count",
                "user_friends_count",
                "user.friends_count",
                "friends_count",
                "following_count",
            ]),
            author_tweets: find(&[
                "author.public_metrics.tweet_count",
                "public_metrics.tweet_count",
                "user_statuses_count",
                "user.statuses_count",
                "statuses_count",
            ]),
            author_created: if users {
                find(&["created_at"])
            } else {
                find(&["author.created_at", "user_created_at", "user.created_at"])
            },
            created_at: find(&["created_at", "timestamp", "tweet_created_at"]).filter(|_| !users),
            text: find(&["text", "full_text", "tweet"]),
            lang: find(&["lang", "language"]),
            reply_status: find(&[
                "referenced_tweets.replied_to.id",
                "in_reply_to_status_id",
                "in_reply_to_status_id_str",
                "in_reply_to_tweet_id",
            ]),
            reply_user: find(&["in_reply_to_user_id", "in_reply_to_user_id_str"]),
            reply_handle: find(&["in_reply_to_username", "in_reply_to_screen_name"]),
            retweet_status: find(&[
                "referenced_tweets.retweeted.id",
                "retweeted_status_id",
                "retweeted_status.id_str",
                "retweet_id",
            ]),
            retweet_user: find(&[
                "retweeted_user_id",
                "retweeted_status_user_id",
                "retweeted_status.user.id_str",
                "user_rt_id",
            ]),
            retweet_handle: find(&[
                "retweeted_username",
                "retweeted_screen_name",
                "retweeted_status.user.screen_name",
                "user_rt",
            ]),
            quote_status: find(&[
                "referenced_tweets.quoted.id",
                "quoted_status_id",
                "quoted_status_id_str",
            ]),
            quote_user: find(&[
                "quoted_user_id",
                "quoted_status_user_id",
                "quoted_status.user.id_str",
            ]),
            quote_handle: find(&[
                "quoted_username",
                "quoted_screen_name",
                "quoted_status.user.screen_name",
            ]),
            referenced_tweets: find(&["referenced_tweets"]),
            source_type: find(&["sourcetweet_type"]),
            source_id: find(&["sourcetweet_id"]),
            source_author: find(&["sourcetweet_author_id"]),
            mentions: find(&[
                "entities.mentions",
                "entities.user_mentions",
                "mentions",
                "user_mentions",
            ]),
            hashtags: find(&["entities.hashtags", "hashtags"]),
            urls: find(&["entities.urls", "expanded_urls", "urls"]),
            retweets: find(&["public_metrics.retweet_count", "retweet_count", "retweets_count"]),
            likes: find(&[
                "public_metrics.like_count",
                "like_count",
                "favorite_count",
                "likes_count",
            ]),
            replies: find(&["public_metrics.reply_count", "reply_count", "replies_count"]),
            quotes: find(&["public_metrics.quote_count", "quote_count", "quotes_count"]),
            retrieved_at: find(&["__twarc.retrieved_at"]),
        };
        (kind, columns)
    }
}

/// The tweet-table reader: delimited records read as tweet, user or Grailbird rows.
pub type TwarcCsvReader = Delimited<TweetRows>;

/// A reader whose delimiter is sniffed from the first bytes of the file.
pub fn twarc_csv_reader(head: &[u8]) -> TwarcCsvReader {
    let rows = TweetRows {
        table: None,
        unresolved: Unresolved::default(),
        warned_rounded_ids: false,
        owner: None,
    };
    Delimited::new(RecordReader::new(sniff_delimiter(head)), rows)
}

pub struct TweetRows {
    table: Option<(TableKind, Columns)>,
    unresolved: Unresolved,
    warned_rounded_ids: bool,
    owner: Option<AccountIdx>,
}

/// One row's cells by meaning.
struct Row<'r> {
    record: &'r Record<'r>,
    columns: &'r Columns,
}

impl<'r> Row<'r> {
    fn get(&self, column: Option<usize>) -> Option<&'r str> {
        let text = self.record.get(column?)?.trim();
        (!text.is_empty()).then_some(text)
    }

    fn count(&self, column: Option<usize>) -> Count {
        Count(self.get(column).and_then(|text| text.parse().ok()))
    }

    fn time(&self, column: Option<usize>) -> Option<Timestamp> {
        self.get(column).and_then(parse_timestamp)
    }

    fn author(&self) -> Profile<'r> {
        let c = self.columns;
        Profile {
            id: self.get(c.author_id),
            handle: self.get(c.author_handle),
            name: self.get(c.author_name),
            followers: self.count(c.author_followers).0,
            following: self.count(c.author_following).0,
            posts: self.count(c.author_tweets).0,
            created: self.time(c.author_created),
        }
    }

    /// `(retweeted, quoted, replied-to)` tweet ids and author ids from every column that says.
    fn references(&self) -> [(Option<String>, Option<&'r str>); 3] {
        let c = self.columns;
        let mut refs = [
            (
                self.get(c.retweet_status).map(str::to_owned),
                self.get(c.retweet_user),
            ),
            (
                self.get(c.quote_status).map(str::to_owned),
                self.get(c.quote_user),
            ),
            (
                self.get(c.reply_status).map(str::to_owned),
                self.get(c.reply_user),
            ),
        ];
        let slot = |kind: &str| match kind {
            "retweeted" | "retweet" => Some(0),
            "quoted" | "quote" => Some(1),
            "replied_to" | "reply" => Some(2),
            _ => None,
        };
        for item in list_items(self.get(c.referenced_tweets)) {
            if let (Some(i), Some(id)) = (item.kind.as_deref().and_then(slot), item.id) {
                refs[i].0.get_or_insert(id);
            }
        }
        if let Some(i) = self.get(c.source_type).and_then(slot) {
            if refs[i].0.is_none() {
                refs[i] = (
                    self.get(c.source_id).map(str::to_owned),
                    self.get(c.source_author),
                );
            }
        }
        refs
    }

    fn public_counts(&self) -> PublicCounts {
        let c = self.columns;
        PublicCounts {
            reposts: self.count(c.retweets).u32(),
            likes: self.count(c.likes).u32(),
            replies: self.count(c.replies).u32(),
            quotes: self.count(c.quotes).u32(),
        }
    }
}

impl Rows for TweetRows {
    const ROW: &'static str = "a tweet";

    fn record(&mut self, record: &Record, sink: &mut Sink) {
        self.on_record(record, sink);
    }

    fn finish(&mut self, _records: &RecordReader, sink: &mut Sink) {
        self.unresolved.report(sink);
    }
}

impl TweetRows {
    fn on_record(&mut self, record: &Record, sink: &mut Sink) {
        let Some((kind, columns)) = self.table.clone() else {
            let table = Columns::from_header(record.fields());
            if table.0 == TableKind::Grailbird {
                sink.warn(
                    None,
                    format!(
                        "a Grailbird tweets.csv does not say whose archive it is: its tweets are attributed to \
                         one placeholder account '{GRAILBIRD_OWNER}'"
                    ),
                );
            }
            self.table = Some(table);
            return;
        };
        sink.record();
        let row = Row {
            record,
            columns: &columns,
        };
        let result = match kind {
            TableKind::Users => self.user_row(&row, sink),
            TableKind::Tweets => self.tweet_row(&row, sink),
            TableKind::Grailbird => self.grailbird_row(&row, sink),
        };
        if let Err(reason) = result {
            sink.skip(Some(record.line), reason);
        }
    }

    fn user_row(&mut self, row: &Row, sink: &mut Sink) -> Result<(), String> {
        let profile = Profile {
            id: row.get(row.columns.id),
            ..row.author()
        };
        self.check_id(profile.id, row.record.line, sink);
        let taken_at = row.time(row.columns.retrieved_at);
        apply_profile(sink.network, &profile, taken_at)
            .map(|_| ())
            .ok_or_else(|| "a user row without an id or username; skipped".to_owned())
    }

    fn tweet_row(&mut self, row: &Row, sink: &mut Sink) -> Result<(), String> {
        let c = row.columns;
        let id = row
            .get(c.id)
            .ok_or("the tweet id cell is empty; expected a tweet id")?;
        self.check_id(Some(id), row.record.line, sink);
        let taken_at = row.time(c.retrieved_at);
        let author = apply_profile(sink.network, &row.author(), taken_at).ok_or_else(|| {
            format!("tweet {id} has no author id or username; expected an `author_id` cell")
        })?;
        let text = row.get(c.text);
        let [(retweeted, retweet_user), (quoted, quote_user), (replied, reply_user)] = row.references();
        let retweet_handle = row
            .get(c.retweet_handle)
            .or_else(|| text.and_then(retweeted_handle));
        let is_retweet =
            retweeted.is_some() || retweet_user.is_some() || text.is_some_and(|t| t.starts_with("RT @"));
        // twarc-csv's default --merge-retweets swaps in the original's text, entities and metrics.
        let merged = is_retweet && !text.is_some_and(|t| t.starts_with("RT @"));
        let is_reply = replied.is_some() || reply_user.is_some();
        let kind = match () {
            _ if is_retweet => PostKind::Repost,
            _ if is_reply => PostKind::Reply,
            _ if quoted.is_some() || quote_user.is_some() => PostKind::Quote,
            _ => PostKind::Original,
        };
        let time = row.time(c.created_at).or_else(|| snowflake_time(id));
        let lang = row.get(c.lang);
        let hashtags = list_items(row.get(c.hashtags));
        let urls = list_items(row.get(c.urls));
        let mentions = list_items(row.get(c.mentions));
        let mention_refs: Vec<MentionRef> = mentions
            .iter()
            .map(|m| MentionRef {
                id: m.id.as_deref(),
                handle: m.text.as_deref(),
                start: None,
            })
            .collect();
        let (hashtags, urls) = (item_texts(&hashtags), item_texts(&urls));

        let network = &mut *sink.network;
        let info = PostInfo {
            kind,
            time,
            lang,
            public: if is_retweet {
                PublicCounts::default()
            } else {
                row.public_counts()
            },
            collected: true,
        };
        let (post, new) = network.post(PLATFORM, id, author, &info);
        if new {
            tag(network, post, hashtags.iter().copied(), urls.iter().copied());
        }

        if is_retweet {
            let original_author = referenced_account(network, retweet_user, retweet_handle);
            if let (true, Some(original), Some(original_author)) = (merged, &retweeted, original_author) {
                let info = PostInfo {
                    kind: PostKind::Original,
                    time: snowflake_time(original),
                    lang,
                    public: row.public_counts(),
                    collected: false,
                };
                let (original_post, new) = network.post(PLATFORM, original, original_author, &info);
                if new {
                    tag(
                        network,
                        original_post,
                        hashtags.iter().copied(),
                        urls.iter().copied(),
                    );
                }
                Acts::new(network, original, original_author, info.time).mentions(&mention_refs, text, None);
            }
            let mut acts = Acts::new(network, id, author, time);
            match original_author {
                Some(target) => {
                    if let (false, Some(original)) = (merged, &retweeted) {
                        give_retweet_count(&mut acts, original, target, row.count(c.retweets));
                    }
                    acts.add(Kind::Repost, target, retweeted.as_deref());
                }
                None => self.unresolved.references += 1,
            }
            return Ok(());
        }

        let mut acts = Acts::new(network, id, author, time);
        if quoted.is_some() || quote_user.is_some() {
            let link_handle = urls
                .iter()
                .filter_map(|u| status_link(u))
                .find_map(|(handle, status)| {
                    handle.filter(|_| quoted.as_deref().is_none_or(|q| q == status))
                });
            let target =
                referenced_account(acts.network, quote_user, row.get(c.quote_handle).or(link_handle))
                    .or_else(|| quoted.as_deref().and_then(|q| known_author(acts.network, q)));
            match target {
                Some(target) => acts.add(Kind::Quote, target, quoted.as_deref()),
                None => self.unresolved.references += 1,
            }
        }
        let mut reply_to = None;
        if is_reply {
            let handle = row.get(c.reply_handle);
            let target = referenced_account(acts.network, reply_user, handle)
                .or_else(|| replied.as_deref().and_then(|r| known_author(acts.network, r)));
            if let Some(target) = target {
                acts.add(Kind::Reply, target, replied.as_deref());
            }
            reply_to = Some(ReplyTo {
                account: target,
                handle,
            });
        }
        acts.mentions(&mention_refs, text, reply_to);
        Ok(())
    }

    fn grailbird_row(&mut self, row: &Row, sink: &mut Sink) -> Result<(), String> {
        let c = row.columns;
        let id = row
            .get(c.id)
            .ok_or("the tweet_id cell is empty; expected a tweet id")?;
        self.check_id(Some(id), row.record.line, sink);
        let network = &mut *sink.network;
        let owner = *self.owner.get_or_insert_with(|| {
            let owner = network.account(PLATFORM, GRAILBIRD_OWNER);
            network
                .account_mut(owner)
                .name
                .get_or_insert_with(|| "archive owner (tweets.csv)".to_owned());
            owner
        });
        let text = row.get(c.text);
        let [(retweeted, retweet_user), (_, _), (replied, reply_user)] = row.references();
        let retweet_handle = text.and_then(retweeted_handle);
        let is_retweet = retweeted.is_some() || retweet_user.is_some();
        let is_reply = replied.is_some() || reply_user.is_some();
        let kind = match () {
            _ if is_retweet => PostKind::Repost,
            _ if is_reply => PostKind::Reply,
            _ => PostKind::Original,
        };
        let time = row.time(c.created_at).or_else(|| snowflake_time(id));
        let info = PostInfo {
            kind,
            time,
            collected: true,
            ..PostInfo::default()
        };
        let (post, new) = network.post(PLATFORM, id, owner, &info);
        let urls = list_items(row.get(c.urls));
        if new {
            let hashtags = text.map(hashtags_in).unwrap_or_default();
            tag(
                network,
                post,
                hashtags,
                urls.iter().filter_map(|u| u.text.as_deref()),
            );
        }
        let mut acts = Acts::new(network, id, owner, time);
        if is_retweet {
            match referenced_account(acts.network, retweet_user, retweet_handle) {
                Some(target) => acts.add(Kind::Repost, target, retweeted.as_deref()),
                None => self.unresolved.references += 1,
            }
            return Ok(());
        }
        let mut reply_to = None;
        if is_reply {
            let target = referenced_account(acts.network, reply_user, None)
                .or_else(|| replied.as_deref().and_then(|r| known_author(acts.network, r)));
            if let Some(target) = target {
                acts.add(Kind::Reply, target, replied.as_deref());
            }
            reply_to = Some(ReplyTo {
                account: target,
                handle: None,
            });
        }
        let handles = text.map(handles_in).unwrap_or_default();
        let mentions: Vec<MentionRef> = handles
            .into_iter()
            .map(|handle| MentionRef {
                handle: Some(handle),
                ..MentionRef::default()
            })
            .collect();
        acts.mentions(&mentions, text, reply_to);
        Ok(())
    }

    /// Spreadsheets turn 19-digit ids into `1.44072E+18`, merging distinct tweets; say so once.
    fn check_id(&mut self, id: Option<&str>, line: u64, sink: &mut Sink) {
        let rounded = id.is_some_and(|id| id.contains(['E', 'e']) && id.contains('+'));
        if rounded && !self.warned_rounded_ids {
            self.warned_rounded_ids = true;
            sink.warn(
                Some(line),
                "ids like '1.44E+18' look rounded by a spreadsheet: distinct tweets and accounts may have merged; \
                 export the ids as text",
            );
        }
    }
}

/// One item of a list cell: its text (a handle without `@`, a tag without `#`, a URL),
/// and the id or type an object item carries.
#[derive(Debug, Default, PartialEq)]
struct ListItem {
    text: Option<String>,
    id: Option<String>,
    kind: Option<String>,
}

/// Reads a list cell: a JSON list of strings or objects (twarc-csv writes
/// `["@BTS_twt"]`), else a Python-style or comma-separated list.
fn list_items(cell: Option<&str>) -> Vec<ListItem> {
    let Some(cell) = cell else {
        return Vec::new();
    };
    if let Ok(Value::Array(values)) = serde_json::from_str::<Value>(cell) {
        return values.iter().filter_map(list_item).collect();
    }
    cell.trim_start_matches('[')
        .trim_end_matches(']')
        .split([',', ' ', '\n'])
        .map(|part| part.trim().trim_matches(['\'', '"']))
        .filter(|part| !part.is_empty())
        .map(|part| ListItem {
            text: Some(strip_sigil(part).to_owned()),
            ..ListItem::default()
        })
        .collect()
}

fn list_item(value: &Value) -> Option<ListItem> {
    let text = |v: &Value| match v {
        Value::String(s) if !s.trim().is_empty() => Some(strip_sigil(s.trim()).to_owned()),
        Value::Number(n) if n.is_u64() => Some(n.to_string()),
        _ => None,
    };
    match value {
        Value::Object(map) => {
            let first = |keys: &[&str]| keys.iter().find_map(|k| map.get(*k).and_then(text));
            Some(ListItem {
                text: first(&["username", "screen_name", "tag", "text", "expanded_url", "url"]),
                id: first(&["id_str", "id"]),
                kind: first(&["type"]),
            })
        }
        other => text(other).map(|text| ListItem {
            text: Some(text),
            ..ListItem::default()
        }),
    }
}

fn item_texts(items: &[ListItem]) -> Vec<&str> {
    items.iter().filter_map(|i| i.text.as_deref()).collect()
}

/// `@handle` → `handle`, `#tag` → `tag`; URLs are left alone.
fn strip_sigil(text: &str) -> &str {
    text.strip_prefix('@')
        .or_else(|| text.strip_prefix('#'))
        .unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_cells_in_every_spelling() {
        let texts = |cell| {
            list_items(Some(cell))
                .into_iter()
                .map(|i| i.text.unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(r#"["@BTS_twt", "@a"]"#), vec!["BTS_twt", "a"]);
        assert_eq!(texts("['#x', '#y']"), vec!["x", "y"]);
        assert_eq!(
            texts("http://a.org/x,https://b.org"),
            vec!["http://a.org/x", "https://b.org"]
        );
        let objects = list_items(Some(
            r#"[{"type": "quoted", "id": "12"}, {"username": "u", "id": 5}]"#,
        ));
        assert_eq!(objects[0].kind.as_deref(), Some("quoted"));
        assert_eq!(objects[0].id.as_deref(), Some("12"));
        assert_eq!(
            (objects[1].text.as_deref(), objects[1].id.as_deref()),
            (Some("u"), Some("5"))
        );
        assert!(list_items(Some("[]")).is_empty());
    }
}
