//! The Twitter readers (twarc2 JSONL, API v1.1 JSON, twarc-csv and other tweet tables) on
//! the real samples in `tests/fixtures/` and on small hand-made files, one per rule.

use std::collections::BTreeMap;

use attache::ingest::{ingest_files, Format, Ingest, Loaded};
use attache::network::{Account, Kind, Network, PostKind, TermKind};

fn fixture(path: &str) -> Vec<u8> {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn load(files: &[(&str, &str)]) -> Loaded {
    ingest_files(files.iter().map(|(name, text)| (*name, text.as_bytes())))
}

fn load_in_chunks(files: &[(&str, &[u8])], chunk: usize) -> Loaded {
    let mut ingest = Ingest::new();
    for (name, bytes) in files {
        ingest.begin_file(name);
        for piece in bytes.chunks(chunk) {
            ingest.push(piece);
        }
        ingest.end_file();
    }
    ingest.finish()
}

fn kinds(network: &Network) -> BTreeMap<Kind, u64> {
    network.summary().interactions
}

/// Every interaction as `(actor id, target id, kind)`, sorted.
fn edges(network: &Network) -> Vec<(String, String, Kind)> {
    let events = &network.interactions;
    let id = |idx: u32| network.accounts[idx as usize].id.clone();
    let mut edges: Vec<_> = (0..events.len())
        .map(|i| (id(events.actor[i]), id(events.target[i]), events.kind[i]))
        .collect();
    edges.sort();
    edges
}

fn edge(actor: &str, target: &str, kind: Kind) -> (String, String, Kind) {
    (actor.to_owned(), target.to_owned(), kind)
}

fn account<'n>(network: &'n Network, id: &str) -> &'n Account {
    network
        .accounts
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no account {id}"))
}

fn warnings(loaded: &Loaded) -> String {
    loaded
        .warnings
        .iter()
        .map(|w| format!("{}:{:?}: {}", w.file, w.line, w.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One sample file and what a reader of the rules should find in it.
struct Expected {
    path: &'static str,
    format: Format,
    records: u64,
    skipped: u64,
    accounts: usize,
    posts: usize,
    interactions: &'static [(Kind, u64)],
}

/// The hand counts. Conventions in the comments: "T" is every tweet with data in the file
/// (data and includes, or the main and inlined tweets), deduplicated by id; a repost,
/// quote, reply or mention is one per (tweet, target), self-interactions excluded.
const SAMPLES: &[Expected] = &[
    // One page: a retweet (by LachiVeronica) of bibaigna96's tweet, which is in includes.
    // accounts: `[.data[].author_id, .includes.users[].id] | unique` = 2; posts: data + includes = 2.
    // The retweet's mention of @bibaigna96 (no id, 2021 payload) is the repost, not a mention.
    Expected {
        path: "twarc2/two_tweets.jsonl",
        format: Format::Twarc2,
        records: 1,
        skipped: 0,
        accounts: 2,
        posts: 2,
        interactions: &[(Kind::Repost, 1)],
    },
    // A retweet of S3NT1N3L17's tweet, which mentions 8 accounts (all with ids).
    // includes.tweets holds the original and the retweet itself: posts 2.
    // accounts: author + S3NT1N3L17 + `[.includes.tweets[].entities.mentions[]?.id] | unique` (8) = 10.
    // The 8 mentions are the original's (S3NT1N3L17 → each); the retweet adds only the repost.
    Expected {
        path: "twarc2/mentions_tweet.jsonl",
        format: Format::Twarc2,
        records: 1,
        skipped: 0,
        accounts: 10,
        posts: 2,
        interactions: &[(Kind::Repost, 1), (Kind::Mention, 8)],
    },
    // dappdavid99 replies to wongmjane's tweet and quotes another of hers, text "@wongmjane Test":
    // reply 1 + quote 1; the leading @wongmjane is the reply's addressee, not a mention.
    // posts: `[.data[].id, .includes.tweets[].id] | unique` = 3; accounts: the 2 includes.users.
    Expected {
        path: "twarc2/quoted_edit.jsonl",
        format: Format::Twarc2,
        records: 1,
        skipped: 0,
        accounts: 2,
        posts: 3,
        interactions: &[(Kind::Quote, 1), (Kind::Reply, 1)],
    },
    // A 100-tweet #kpop search page. posts: `[.data[].id, .includes.tweets[].id] | unique` = 121.
    // accounts: authors ∪ includes.users ∪ includes.tweets authors ∪ mention ids = 114.
    // reposts: `[.data[] | select(.referenced_tweets[]?.type == "retweeted")]` = 78 (none of
    // them self-retweets); mentions: the 23 includes.tweets (originals) carry 10 distinct
    // (tweet, target) mentions, the 3 non-retweets in data carry 3: 13. No replies or quotes.
    Expected {
        path: "twarc2/kpop.jsonl",
        format: Format::Twarc2,
        records: 100,
        skipped: 0,
        accounts: 114,
        posts: 121,
        interactions: &[(Kind::Repost, 78), (Kind::Mention, 13)],
    },
    // A users page: 96 user objects, `[.data[].id] | unique` = 91 accounts; no follow
    // direction in its URL (`/2/users?ids=…`), so no interactions; pinned tweets not read.
    Expected {
        path: "twarc2/users.jsonl",
        format: Format::Twarc2,
        records: 96,
        skipped: 0,
        accounts: 91,
        posts: 0,
        interactions: &[],
    },
    // 100 flattened tweets. T = main + inlined referenced tweets, `unique_by(.id)`: 164 posts.
    // reposts: 45 (tweet, original author) pairs over T; quotes: 17, of which 5 quote tweets
    // absent from the file whose author comes from the tweet link in the URLs; replies: 46
    // (in_reply_to_user_id ≠ author; 5 self-replies dropped); mentions outside retweets,
    // less each reply's leading @handle of its replied-to account: 44 distinct (tweet,
    // account) pairs (recounted from the JSON with a script of its own). accounts: authors ∪ reply users ∪ mention ids or handles
    // over T = 180, plus 3 accounts known only by the handle in a quoted tweet's link = 183.
    Expected {
        path: "twarc2/flat.jsonl",
        format: Format::Twarc2,
        records: 100,
        skipped: 0,
        accounts: 183,
        posts: 164,
        interactions: &[
            (Kind::Repost, 45),
            (Kind::Quote, 17),
            (Kind::Reply, 46),
            (Kind::Mention, 44),
        ],
    },
    // Filtered stream: 7 whole lines (one tweet each) and an 8th cut off (skipped, warned).
    // posts: 7 + 4 includes.tweets = 11; accounts: 7 authors + 4 referenced authors = 11;
    // 1 quote, 3 replies; the replies' only mentions are their leading addressees.
    Expected {
        path: "twarc2/streaming_output_with_error.jsonl",
        format: Format::Twarc2,
        records: 8,
        skipped: 1,
        accounts: 11,
        posts: 11,
        interactions: &[(Kind::Quote, 1), (Kind::Reply, 3)],
    },
    // A followers/ids page: ids without whose followers they are; nothing added.
    Expected {
        path: "twitter-v1.1/python-twitter_get_follower_ids_stringify.json",
        format: Format::TwitterV1,
        records: 0,
        skipped: 0,
        accounts: 0,
        posts: 0,
        interactions: &[],
    },
    // 14 retweets of one tweet by @jack: `[.[].user.id_str] | unique` = 14 retweeters + jack
    // = 15 accounts; 14 retweets + 1 original = 15 posts; 14 reposts.
    Expected {
        path: "twitter-v1.1/python-twitter_get_retweets.json",
        format: Format::TwitterV1,
        records: 14,
        skipped: 0,
        accounts: 15,
        posts: 15,
        interactions: &[(Kind::Repost, 14)],
    },
    // mastodonmusic quotes kylesethgray, whose quoted tweet mentions @mastodonmusic:
    // quote mastodonmusic → kylesethgray, mention kylesethgray → mastodonmusic.
    Expected {
        path: "twitter-v1.1/python-twitter_status_quoted_tweet.json",
        format: Format::TwitterV1,
        records: 1,
        skipped: 0,
        accounts: 2,
        posts: 2,
        interactions: &[(Kind::Quote, 1), (Kind::Mention, 1)],
    },
    // One original tweet without mentions (`extended_tweet.entities.user_mentions` = []).
    Expected {
        path: "twitter-v1.1/python-twitter_streaming_extended_tweet.json",
        format: Format::TwitterV1,
        records: 1,
        skipped: 0,
        accounts: 1,
        posts: 1,
        interactions: &[],
    },
    // 72 streaming tweets, 7 of them quotes with `quoted_status`: 79 posts; no retweets.
    // quotes: 8 (tweet, quoted author) pairs; replies: 29 (`in_reply_to_user_id_str` ≠
    // author); mentions: `extended_tweet.entities` (else `entities`) mentions, less each
    // reply's leading mention of its addressee (`display_text_range` changes nothing): 176
    // distinct (tweet, account) pairs, one self-mention dropped. accounts: authors ∪ quoted
    // ∪ reply users ∪ mentioned = 279 (both recounted from the JSON with a script of its own).
    Expected {
        path: "twitter-v1.1/python-twitter_streaming_lines.jsonl",
        format: Format::TwitterV1,
        records: 72,
        skipped: 0,
        accounts: 279,
        posts: 79,
        interactions: &[(Kind::Quote, 8), (Kind::Reply, 29), (Kind::Mention, 176)],
    },
    // A JSON array: simonw retweets drvox; replies to scientiffic with "@scientiffic
    // @Wikipedia @unsplash @cagarrity The @inaturalist API … @Natbat … @observablehq"
    // (the leading @scientiffic is the reply; the other 6 are mentions); quotes bwhitman.
    // Posts: 3 + 2 embedded = 5; accounts: simonw, drvox, scientiffic, Wikipedia, unsplash,
    // cagarrity, inaturalist, Natbat, observablehq, bwhitman = 10.
    Expected {
        path: "twitter-v1.1/twitter-to-sqlite_tweets.json",
        format: Format::TwitterV1,
        records: 3,
        skipped: 0,
        accounts: 10,
        posts: 5,
        interactions: &[
            (Kind::Repost, 1),
            (Kind::Quote, 1),
            (Kind::Reply, 1),
            (Kind::Mention, 6),
        ],
    },
    // The same #kpop page through twarc-csv: 78 merged retweet rows of 21 originals, 22
    // others: 100 + 21 = 121 posts; each merged row carries its original's mentions, so
    // the counts equal the JSON's. Mentions are handles; accounts: 114 as in the JSON.
    Expected {
        path: "twarc-csv/kpop.csv",
        format: Format::TwarcCsv,
        records: 100,
        skipped: 0,
        accounts: 114,
        posts: 121,
        interactions: &[(Kind::Repost, 78), (Kind::Mention, 13)],
    },
    // mentions_tweet.jsonl as a CSV row: the merged retweet gives the original post and
    // its 8 mentions (S3NT1N3L17 → each), the row a repost.
    Expected {
        path: "twarc-csv/mentions_tweet.csv",
        format: Format::TwarcCsv,
        records: 1,
        skipped: 0,
        accounts: 10,
        posts: 2,
        interactions: &[(Kind::Repost, 1), (Kind::Mention, 8)],
    },
    // The users CSV: 91 rows, 91 distinct ids, profiles only.
    Expected {
        path: "twarc-csv/users.csv",
        format: Format::TwarcCsv,
        records: 91,
        skipped: 0,
        accounts: 91,
        posts: 0,
        interactions: &[],
    },
];

#[test]
fn every_sample_loads_with_the_hand_counted_totals() {
    for expected in SAMPLES {
        let bytes = fixture(expected.path);
        let loaded = ingest_files([(expected.path, &bytes[..])]);
        let report = &loaded.files[0];
        let context = format!("{}\n{}", expected.path, warnings(&loaded));
        assert_eq!(report.format, expected.format, "{context}");
        assert_eq!(
            (report.records, report.skipped),
            (expected.records, expected.skipped),
            "{context}"
        );
        assert_eq!(loaded.network.accounts.len(), expected.accounts, "{context}");
        assert_eq!(loaded.network.posts.len(), expected.posts, "{context}");
        let wanted: BTreeMap<Kind, u64> = expected.interactions.iter().copied().collect();
        assert_eq!(kinds(&loaded.network), wanted, "{context}");
    }
}

#[test]
fn sample_details_survive_reading() {
    let bytes = fixture("twarc2/users.jsonl");
    let loaded = ingest_files([("users.jsonl", &bytes[..])]);
    let user = account(&loaded.network, "119369819");
    assert_eq!(user.handle.as_deref(), Some("DoDirty78"));
    assert_eq!(user.name.as_deref(), Some("DoDirtysHouse"));
    assert_eq!(
        (user.followers, user.following, user.posts_count),
        (Some(580), Some(518), Some(55186))
    );
    assert_eq!(user.created, Some(1_267_620_564)); // 2010-03-03T12:49:24Z
    assert!(
        warnings(&loaded).contains("pinned_tweet_id"),
        "{}",
        warnings(&loaded)
    );

    let bytes = fixture("twarc2/streaming_output_with_error.jsonl");
    let loaded = ingest_files([("stream.jsonl", &bytes[..])]);
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].line, Some(8));
    assert!(loaded.warnings[0].message.contains("ends in the middle"));

    let bytes = fixture("twarc2/kpop.jsonl");
    let loaded = ingest_files([("kpop.jsonl", &bytes[..])]);
    assert!(warnings(&loaded).contains("User has been suspended: [leeseunggi]."));
    // The suspended account stays, by its id, as the target of the tweet mentioning it.
    let suspended = account(&loaded.network, "54551802");
    assert_eq!(suspended.handle.as_deref(), Some("leeseunggi"));
    assert!(suspended.followers.is_none());
}

#[test]
fn chunk_splits_do_not_change_anything() {
    for expected in SAMPLES {
        let bytes = fixture(expected.path);
        let files = [(expected.path, &bytes[..])];
        let whole = fingerprint(&load_in_chunks(&files, bytes.len().max(1)));
        for chunk in [1, 7, 4096] {
            assert!(
                fingerprint(&load_in_chunks(&files, chunk)) == whole,
                "{} differs in chunks of {chunk}",
                expected.path
            );
        }
    }
}

/// Everything a load produced, as text.
fn fingerprint(loaded: &Loaded) -> String {
    let network = &loaded.network;
    let events = &network.interactions;
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        network.summary(),
        network.accounts,
        network.posts.records,
        network.posts.terms,
        (0..network.terms.len() as u32)
            .map(|t| network.terms.name(t))
            .collect::<Vec<_>>(),
        (&events.actor, &events.target, &events.kind),
        (&events.time, &events.subject, &events.weight),
        loaded.warnings,
        loaded.files,
        edges(network),
    )
}

// ---------------------------------------------------------------------------------------
// The rules, one small file each.

/// A twarc2 page with the given data tweets, users and referenced tweets.
fn page(data: &str, users: &str, tweets: &str) -> String {
    format!(
        r#"{{"data": [{data}], "includes": {{"users": [{users}], "tweets": [{tweets}]}}, "__twarc": {{"retrieved_at": "2022-12-02T00:00:00+00:00"}}}}"#
    )
}

fn user(id: &str, username: &str) -> String {
    format!(r#"{{"id": "{id}", "username": "{username}", "name": "{username} name"}}"#)
}

#[test]
fn a_retweet_carries_no_mentions_its_original_does() {
    // v2: 1 retweets tweet 100 of 2, which mentions 3.
    let retweet = r#"{"id": "200", "author_id": "1", "text": "RT @b: hello @c", "referenced_tweets": [{"type": "retweeted", "id": "100"}],
        "entities": {"mentions": [{"start": 3, "end": 5, "username": "b", "id": "2"}, {"start": 13, "end": 15, "username": "c", "id": "3"}]},
        "public_metrics": {"retweet_count": 9, "like_count": 0}}"#;
    let original = r#"{"id": "100", "author_id": "2", "text": "hello @c", "entities": {"mentions": [{"start": 6, "end": 8, "username": "c", "id": "3"}]},
        "public_metrics": {"retweet_count": 5, "like_count": 4}}"#;
    let users = [user("1", "a"), user("2", "b"), user("3", "c")].join(",");
    let v2 = load(&[("rt.jsonl", &page(retweet, &users, original))]);
    let expected = vec![edge("1", "2", Kind::Repost), edge("2", "3", Kind::Mention)];
    assert_eq!(edges(&v2.network), expected, "{}", warnings(&v2));

    // v1.1: the same retweet with the original embedded.
    let v1 = r#"{"id_str": "200", "created_at": "Tue Mar 10 14:03:15 +0000 2020", "full_text": "RT @b: hello @c",
        "user": {"id_str": "1", "screen_name": "a"},
        "entities": {"user_mentions": [{"id_str": "2", "screen_name": "b", "indices": [3, 5]}, {"id_str": "3", "screen_name": "c", "indices": [13, 15]}]},
        "retweeted_status": {"id_str": "100", "created_at": "Tue Mar 10 13:47:36 +0000 2020", "full_text": "hello @c", "user": {"id_str": "2", "screen_name": "b"},
            "entities": {"user_mentions": [{"id_str": "3", "screen_name": "c", "indices": [6, 8]}]}}}"#;
    let v1 = load(&[("rt.json", v1)]);
    assert_eq!(edges(&v1.network), expected, "{}", warnings(&v1));

    // twarc-csv, merged: the row's text and mentions are the original's.
    let csv = "id,author_id,author.username,referenced_tweets.retweeted.id,retweeted_user_id,retweeted_username,text,entities.mentions,public_metrics.retweet_count\n\
               200,1,a,100,2,b,hello @c,\"[\"\"@c\"\"]\",5\n\
               300,3,c,,,,hi,[],0\n";
    let csv = load(&[("rt.csv", csv)]);
    assert_eq!(edges(&csv.network), expected, "{}", warnings(&csv));
    // The merged row's counts are the original's: they go to the original post.
    let original = csv.network.posts.records.iter().find(|p| !p.collected).unwrap();
    assert_eq!(original.public.reposts, Some(5));
    let row = csv
        .network
        .posts
        .records
        .iter()
        .find(|p| p.kind == PostKind::Repost)
        .unwrap();
    assert_eq!(row.public.reposts, None);
}

#[test]
fn a_reply_addresses_its_leading_handles_and_mentions_the_rest() {
    // 1 replies to 2: "@b @c thanks, cc @d". @b addresses the reply; @c and @d are mentions.
    let reply = r#"{"id": "300", "author_id": "1", "in_reply_to_user_id": "2", "text": "@b @c thanks, cc @d",
        "referenced_tweets": [{"type": "replied_to", "id": "299"}],
        "entities": {"mentions": [{"start": 0, "end": 2, "username": "b", "id": "2"}, {"start": 3, "end": 5, "username": "c", "id": "3"},
                                  {"start": 17, "end": 19, "username": "d", "id": "4"}]}}"#;
    // 1 continues its own thread with a leading mention: the run does not address the
    // replied-to account (1 itself), so @d counts; the self-reply is dropped.
    let thread = r#"{"id": "301", "author_id": "1", "in_reply_to_user_id": "1", "text": "@d see above",
        "referenced_tweets": [{"type": "replied_to", "id": "300"}],
        "entities": {"mentions": [{"start": 0, "end": 2, "username": "d", "id": "4"}]}}"#;
    let users = [user("1", "a"), user("2", "b"), user("3", "c"), user("4", "d")].join(",");
    let loaded = load(&[("reply.jsonl", &page(&format!("{reply},{thread}"), &users, ""))]);
    assert_eq!(
        edges(&loaded.network),
        vec![
            edge("1", "2", Kind::Reply),
            edge("1", "3", Kind::Mention),
            edge("1", "4", Kind::Mention),
            edge("1", "4", Kind::Mention),
        ]
    );
    assert_eq!(loaded.network.self_interactions, 1);

    // Old payloads have no mention ids: the run is matched by handle, in any case.
    let old = r#"{"id": "310", "author_id": "1", "in_reply_to_user_id": "2", "text": "@B hi @d",
        "entities": {"mentions": [{"start": 0, "end": 2, "username": "B"}, {"start": 6, "end": 8, "username": "d"}]}}"#;
    let loaded = load(&[("old.jsonl", &page(old, &users, ""))]);
    assert_eq!(
        edges(&loaded.network),
        vec![edge("1", "2", Kind::Reply), edge("1", "4", Kind::Mention)]
    );
}

#[test]
fn v1_hidden_reply_context_does_not_change_the_mention_rule() {
    // Twitter prefixed @x @y as reply context (before display_text_range[0] = 6), though
    // the replied-to account (2) is not among them; @z is written by the author. Only the
    // addressee's leading handle would be the reply: all three are mentions.
    let tweet = r#"{"id_str": "5", "full_text": "@x @y hello @z", "display_text_range": [6, 14],
        "in_reply_to_status_id_str": "4", "in_reply_to_user_id_str": "2", "in_reply_to_screen_name": "b",
        "user": {"id_str": "1", "screen_name": "a"},
        "entities": {"user_mentions": [{"id_str": "7", "screen_name": "x", "indices": [0, 2]},
            {"id_str": "8", "screen_name": "y", "indices": [3, 5]}, {"id_str": "9", "screen_name": "z", "indices": [12, 14]}]}}"#;
    let loaded = load(&[("ctx.jsonl", tweet)]);
    assert_eq!(
        edges(&loaded.network),
        vec![
            edge("1", "2", Kind::Reply),
            edge("1", "7", Kind::Mention),
            edge("1", "8", Kind::Mention),
            edge("1", "9", Kind::Mention)
        ]
    );
    assert_eq!(account(&loaded.network, "2").handle.as_deref(), Some("b"));
}

#[test]
fn a_quote_that_is_also_a_reply_counts_both_and_other_mentions() {
    let tweet = r#"{"id": "400", "author_id": "1", "in_reply_to_user_id": "2", "text": "@b look at this, @c https://t.co/x",
        "referenced_tweets": [{"type": "quoted", "id": "390"}, {"type": "replied_to", "id": "380"}],
        "entities": {"mentions": [{"start": 0, "end": 2, "username": "b", "id": "2"}, {"start": 17, "end": 19, "username": "c", "id": "3"}],
                     "urls": [{"expanded_url": "https://twitter.com/d/status/390"}]}}"#;
    let quoted = r#"{"id": "390", "author_id": "4", "text": "news"}"#;
    let replied = r#"{"id": "380", "author_id": "2", "text": "question"}"#;
    let users = [user("1", "a"), user("2", "b"), user("3", "c"), user("4", "d")].join(",");
    let loaded = load(&[(
        "quote.jsonl",
        &page(tweet, &users, &format!("{quoted},{replied}")),
    )]);
    let network = &loaded.network;
    assert_eq!(
        edges(network),
        vec![
            edge("1", "2", Kind::Reply),
            edge("1", "3", Kind::Mention),
            edge("1", "4", Kind::Quote),
        ]
    );
    // The reply and the quote point at the posts they answer and quote.
    let collected = network.posts.records.iter().position(|p| p.collected).unwrap();
    assert_eq!(network.posts.records[collected].kind, PostKind::Reply);
    for i in 0..network.interactions.len() {
        let subject = network.interactions.subject[i];
        match network.interactions.kind[i] {
            Kind::Reply | Kind::Quote => {
                let author = network.posts.records[subject as usize].author;
                assert_eq!(author, network.interactions.target[i]);
            }
            _ => assert_eq!(subject, u32::MAX),
        }
    }
    // The tweet link is a quote, not a linked domain.
    assert!(network.posts.terms.is_empty());
}

#[test]
fn a_mention_without_id_joins_its_id_from_a_later_file() {
    // 2021 payloads: a mention with only a username, not in includes.users.
    let early = r#"{"id": "500", "author_id": "1", "text": "hello @Later_One", "entities": {"mentions": [{"start": 6, "end": 16, "username": "Later_One"}]}}"#;
    let later = r#"{"data": [{"id": "9", "username": "later_one", "name": "Later"}]}"#;
    let loaded = load(&[
        ("early.jsonl", &page(early, &user("1", "a"), "")),
        ("users.jsonl", later),
    ]);
    let network = &loaded.network;
    assert_eq!(edges(network), vec![edge("1", "9", Kind::Mention)]);
    assert_eq!(network.accounts.len(), 2);
    assert_eq!(account(network, "9").handle.as_deref(), Some("later_one"));

    // A twarc-csv mention (handles only) joins the id a twarc2 page gives.
    let csv = fixture("twarc-csv/kpop.csv");
    let json = fixture("twarc2/kpop.jsonl");
    let both = ingest_files([("kpop.csv", &csv[..]), ("kpop.jsonl", &json[..])]);
    let alone = ingest_files([("kpop.jsonl", &json[..])]);
    assert!(both.network.accounts.iter().all(|a| !a.id.starts_with('@')));
    assert_eq!(edges(&both.network), edges(&alone.network));
    assert_eq!(both.network.summary().posts, 121);
    assert_eq!(
        account(&both.network, "335141638").handle.as_deref(),
        Some("BTS_twt")
    );
}

#[test]
fn overlapping_pages_count_each_tweet_once() {
    let tweet = |id: &str, author: &str, reply_to: &str| {
        format!(
            r#"{{"id": "{id}", "author_id": "{author}", "in_reply_to_user_id": "{reply_to}", "text": "hi", "public_metrics": {{"like_count": {id}}}}}"#
        )
    };
    let users = [user("1", "a"), user("2", "b"), user("3", "c")].join(",");
    let first = page(
        &[tweet("10", "1", "2"), tweet("11", "2", "3")].join(","),
        &users,
        "",
    );
    let second = page(
        &[tweet("11", "2", "3"), tweet("12", "3", "1")].join(","),
        &users,
        "",
    );
    let loaded = load(&[("a.jsonl", &first), ("b.jsonl", &second)]);
    let network = &loaded.network;
    assert_eq!(network.posts.len(), 3);
    assert_eq!(kinds(network), BTreeMap::from([(Kind::Reply, 3)]));
    assert_eq!(network.duplicates, 1);
    assert_eq!(loaded.files[1].posts, 1);
    assert_eq!(loaded.files[1].interactions, BTreeMap::from([(Kind::Reply, 1)]));
}

#[test]
fn a_cut_off_last_line_warns_and_the_rest_loads() {
    let line = |id: &str| format!(r#"{{"data": {{"id": "{id}", "author_id": "1", "text": "x"}}}}"#);
    let file = format!(
        "{}\n{}\n{{\"data\": {{\"id\": \"3\", \"auth",
        line("1"),
        line("2")
    );
    let loaded = load(&[("stream.jsonl", &file)]);
    assert_eq!(loaded.network.posts.len(), 2);
    assert_eq!((loaded.files[0].records, loaded.files[0].skipped), (3, 1));
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].line, Some(3));
    assert!(loaded.warnings[0].message.contains("interrupted collection"));
}

#[test]
fn ids_above_2_pow_53_survive_exactly() {
    // v1.1 with numeric ids only (no `_str`), as some dumps have them; 2^64 - 1 and a
    // tweet id that a float would round to 1440720000000000000.
    let v1 = r#"{"id": 1440720000000000001, "text": "hi @c", "user": {"id": 18446744073709551615, "screen_name": "a"},
        "entities": {"user_mentions": [{"id": 9007199254740993, "screen_name": "c", "indices": [3, 5]}]}}"#;
    let loaded = load(&[("big.jsonl", v1)]);
    assert_eq!(
        edges(&loaded.network),
        vec![edge("18446744073709551615", "9007199254740993", Kind::Mention)]
    );
    // A JS-rounded `id` next to the exact `id_str`: the string wins.
    let rounded = r#"{"id": 1169246717864136700, "id_str": "1169246717864136705", "text": "x", "user": {"id_str": "1"}, "in_reply_to_user_id_str": "2", "in_reply_to_status_id": 1169246717864136700, "in_reply_to_status_id_str": "1169246717864136705"}"#;
    let loaded = load(&[("rounded.json", rounded)]);
    assert_eq!(edges(&loaded.network), vec![edge("1", "2", Kind::Reply)]);
    // A filtered-stream line with a 64-bit rule id as a number, and mongoexport wrappers.
    let stream = r#"{"data": {"id": "1377650090978992134", "author_id": "4602771083", "text": "x", "in_reply_to_user_id": "1164149377532907520"}, "matching_rules": [{"id": 1377649934414049282, "tag": null}]}"#;
    let loaded = load(&[("stream.jsonl", stream)]);
    assert_eq!(
        edges(&loaded.network),
        vec![edge("4602771083", "1164149377532907520", Kind::Reply)]
    );
    let mongo = r#"{"_id": {"$oid": "5e6799f3"}, "id": {"$numberLong": "1237383927112222720"}, "created_at": {"$date": "2020-03-10T14:03:15Z"},
        "text": "@b hi", "in_reply_to_user_id": {"$numberLong": "1237383927112222721"}, "user": {"id": {"$numberLong": "99"}, "screen_name": "c"}}"#;
    let loaded = load(&[("mongo.json", mongo)]);
    assert_eq!(
        edges(&loaded.network),
        vec![edge("99", "1237383927112222721", Kind::Reply)]
    );
    assert_eq!(loaded.network.posts.records[0].time, 1_583_848_995);
}

#[test]
fn a_v1_retweet_count_belongs_to_the_original() {
    let tweet = r#"{"id_str": "2", "text": "RT @b: news", "retweet_count": 42, "favorite_count": 0, "user": {"id_str": "1", "screen_name": "a"},
        "retweeted_status": {"id_str": "1", "text": "news", "retweet_count": 40, "favorite_count": 7, "user": {"id_str": "20", "screen_name": "b"}}}"#;
    let loaded = load(&[("rt.json", tweet)]);
    let posts = &loaded.network.posts.records;
    let original = posts.iter().find(|p| !p.collected).unwrap();
    assert_eq!(
        (original.public.reposts, original.public.likes),
        (Some(42), Some(7))
    );
    let retweet = posts.iter().find(|p| p.collected).unwrap();
    assert_eq!(retweet.kind, PostKind::Repost);
    assert_eq!((retweet.public.reposts, retweet.public.likes), (None, None));

    // The same in v2: a retweet's public_metrics.retweet_count is the original's.
    let retweet = r#"{"id": "2", "author_id": "1", "text": "RT @b: news", "referenced_tweets": [{"type": "retweeted", "id": "1"}], "public_metrics": {"retweet_count": 42, "like_count": 0}}"#;
    let original = r#"{"id": "1", "author_id": "20", "text": "news", "public_metrics": {"retweet_count": 40, "like_count": 7}}"#;
    let loaded = load(&[("rt.jsonl", &page(retweet, "", original))]);
    let posts = &loaded.network.posts.records;
    let original = posts.iter().find(|p| !p.collected).unwrap();
    assert_eq!(
        (original.public.reposts, original.public.likes),
        (Some(42), Some(7))
    );
    assert_eq!(posts.iter().find(|p| p.collected).unwrap().public.reposts, None);
}

#[test]
fn users_pages_give_follows_when_the_url_says_whose() {
    let followers = r#"{"data": [{"id": "2", "username": "b"}, {"id": "3", "username": "c"}],
        "__twarc": {"url": "https://api.twitter.com/2/users/1/followers?max_results=1000"}}"#;
    let following = r#"{"data": [{"id": "4", "username": "d"}], "__twarc": {"url": "https://api.twitter.com/2/users/1/following"}}"#;
    let loaded = load(&[("followers.jsonl", followers), ("following.jsonl", following)]);
    assert_eq!(
        edges(&loaded.network),
        vec![
            edge("1", "4", Kind::Follow),
            edge("2", "1", Kind::Follow),
            edge("3", "1", Kind::Follow),
        ]
    );
}

#[test]
fn the_latest_profile_wins_by_collection_time() {
    let profile = |retrieved: &str, handle: &str, followers: u64| {
        format!(
            r#"{{"data": [{{"id": "7", "username": "{handle}", "public_metrics": {{"followers_count": {followers}}}}}], "__twarc": {{"retrieved_at": "{retrieved}"}}}}"#
        )
    };
    let newer = profile("2023-01-01T00:00:00+00:00", "new_name", 200);
    let older = profile("2021-01-01T00:00:00+00:00", "old_name", 100);
    // The older snapshot comes second but does not win; a mention by the old handle still
    // finds the account.
    let mention = r#"{"data": [{"id": "50", "author_id": "1", "text": "hi @old_name", "entities": {"mentions": [{"start": 3, "end": 12, "username": "old_name"}]}}]}"#;
    let loaded = load(&[("new.jsonl", &newer), ("old.jsonl", &older), ("m.jsonl", mention)]);
    let account = account(&loaded.network, "7");
    assert_eq!(
        (account.handle.as_deref(), account.followers),
        (Some("new_name"), Some(200))
    );
    assert_eq!(edges(&loaded.network), vec![edge("1", "7", Kind::Mention)]);
    // Read the other way round, the result is the same.
    let loaded = load(&[("old.jsonl", &older), ("new.jsonl", &newer)]);
    let account = &loaded.network.accounts[0];
    assert_eq!(
        (account.handle.as_deref(), account.followers),
        (Some("new_name"), Some(200))
    );
}

#[test]
fn stream_notices_ids_pages_and_mongo_shell_dumps() {
    let stream = concat!(
        r#"{"delete":{"status":{"id":1,"id_str":"1","user_id":2,"user_id_str":"2"},"timestamp_ms":"1520690595660"}}"#,
        "\n",
        r#"{"limit":{"track":123,"timestamp_ms":"1520690595661"}}"#,
        "\n",
        r#"{"id_str": "3", "text": "hi", "user": {"id_str": "4", "screen_name": "d"}}"#,
        "\n",
    );
    let loaded = load(&[("stream.jsonl", stream)]);
    assert_eq!(loaded.files[0].format, Format::TwitterV1);
    assert_eq!((loaded.files[0].records, loaded.files[0].skipped), (1, 0));
    let text = warnings(&loaded);
    assert!(
        text.contains("1 delete, 1 limit") && text.contains("123"),
        "{text}"
    );

    let ids = r#"{"ids": [1, 2, 3], "next_cursor": 1522822225442596388, "next_cursor_str": "1522822225442596388", "previous_cursor": 0}"#;
    let loaded = load(&[("ids.json", ids)]);
    assert_eq!(loaded.network.accounts.len(), 0);
    assert!(
        warnings(&loaded).contains("3 account ids"),
        "{}",
        warnings(&loaded)
    );

    let shell = "{\"_id\": ObjectId(\"5e6799f3\"), \"id_str\": \"1\", \"id\": NumberLong(\"722142904660176896\"), \"user\": {\"id_str\": \"2\"}}\n\
                 {\"_id\": ObjectId(\"5e6799f4\"), \"id_str\": \"3\", \"user\": {\"id_str\": \"4\"}}\n";
    let loaded = load(&[("dump.json", shell)]);
    assert_eq!(loaded.files[0].format, Format::TwitterV1);
    assert_eq!(loaded.network.accounts.len(), 0);
    let text = warnings(&loaded);
    assert!(
        text.contains("Mongo shell dump") && text.contains("mongoexport"),
        "{text}"
    );
}

#[test]
fn bad_values_are_skipped_with_line_and_reason() {
    // Nesting deeper than serde_json's recursion limit is an error, not a stack overflow.
    let deep = format!(
        "{{\"data\": {}{}}}",
        "{\"author\": ".repeat(10_000),
        "}".repeat(10_000)
    );
    let file = [
        r#"{"data": [{"id": "1", "author_id": "2", "text": "ok"}]}"#,
        "this is not json",
        r#"{"data": [{"id": "3", "text": "no author"}]}"#,
        &deep,
        r#"{"data": {"id": 5, "author_id": {"x": 1}, "text": 7}}"#,
        r#"{"data": [{"id": "6", "author_id": ["2"], "text": "x", "entities": {"mentions": "@nobody"}}]}"#,
        r#"{"data": [{"start": "2021-01-01", "end": "2021-01-02", "tweet_count": 4}]}"#,
        r#"{"data": [{"id": "8", "author_id": "2", "text": "still read"}]}"#,
    ]
    .join("\n");
    let loaded = load(&[("bad.jsonl", &file)]);
    assert_eq!(loaded.network.posts.len(), 2, "{}", warnings(&loaded));
    let lines: Vec<Option<u64>> = loaded.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, vec![Some(2), Some(3), Some(4), Some(5), Some(6), Some(7)]);
    let text = warnings(&loaded);
    assert!(
        text.contains("not JSON") && text.contains("no `author_id`") && text.contains("recursion"),
        "{text}"
    );
    assert!(
        text.contains("neither a tweet") && text.contains("counts"),
        "{text}"
    );
}

#[test]
fn missing_originals_fall_back_to_the_prefix_and_the_link() {
    // The retweeted and quoted tweets were deleted: not in includes, listed in errors.
    let retweet = r#"{"id": "20", "author_id": "1", "text": "RT @Gone: words", "referenced_tweets": [{"type": "retweeted", "id": "10"}],
        "entities": {"mentions": [{"start": 3, "end": 8, "username": "Gone", "id": "5"}]}}"#;
    let quote = r#"{"id": "21", "author_id": "1", "text": "this https://t.co/q", "referenced_tweets": [{"type": "quoted", "id": "11"}],
        "entities": {"urls": [{"expanded_url": "https://twitter.com/quoted_one/status/11"}]}}"#;
    let lost = r#"{"id": "22", "author_id": "1", "text": "lost", "referenced_tweets": [{"type": "quoted", "id": "12"}]}"#;
    let file = format!(
        r#"{{"data": [{retweet}, {quote}, {lost}], "errors": [{{"resource_type": "tweet", "resource_id": "10", "title": "Not Found Error", "detail": "Could not find tweet with referenced_tweets.id: [10]."}}]}}"#
    );
    let loaded = load(&[("gone.jsonl", &file)]);
    assert_eq!(
        edges(&loaded.network),
        vec![
            edge("1", "5", Kind::Repost),
            edge("1", "@quoted_one", Kind::Quote)
        ]
    );
    assert_eq!(account(&loaded.network, "5").handle.as_deref(), Some("Gone"));
    let text = warnings(&loaded);
    assert!(
        text.contains("1 reposts or quotes") && text.contains("Could not find tweet"),
        "{text}"
    );
}

#[test]
fn hashtags_domains_and_languages_are_tagged() {
    let tweet = r#"{"id": "1", "author_id": "2", "text": "x", "lang": "fr",
        "entities": {"hashtags": [{"tag": "G20"}, {"tag": "g20"}], "urls": [{"expanded_url": "https://www.Example.org/a"},
            {"expanded_url": "https://twitter.com/a/status/1/photo/1"}, {"expanded_url": "https://t.co/abc"}]}}"#;
    let loaded = load(&[("tags.jsonl", &page(tweet, "", ""))]);
    let network = &loaded.network;
    let terms: Vec<(TermKind, &str)> = network
        .posts
        .terms
        .iter()
        .map(|&(_, t)| (network.terms.kind(t), network.terms.name(t)))
        .collect();
    assert_eq!(
        terms,
        vec![
            (TermKind::Hashtag, "g20"),
            (TermKind::Domain, "example.org"),
            (TermKind::Url, "https://example.org/a")
        ]
    );
    let lang = network.posts.records[0].lang.unwrap();
    assert_eq!(network.terms.name(lang), "fr");
}

#[test]
fn flattened_lines_inline_everything_and_empty_objects_mean_missing() {
    let line = r#"{"id": "30", "author_id": "1", "text": "RT @b: x", "author": {"id": "1", "username": "a", "public_metrics": {"followers_count": 3}},
        "referenced_tweets": [{"type": "retweeted", "id": "29", "author_id": "2", "text": "x @c", "author": {"id": "2", "username": "b"},
            "entities": {"mentions": [{"start": 2, "end": 4, "username": "c", "id": "3", "name": "C"}]}}],
        "__twarc": {"retrieved_at": "2021-04-08T19:34:32+00:00"}}
{"id": "31", "author_id": "1", "text": "reply", "in_reply_to_user_id": "9", "in_reply_to_user": {}, "author": {"id": "1", "username": "a"},
        "referenced_tweets": [{"type": "replied_to", "id": "28", "author": {}}]}"#;
    let loaded = load(&[("flat.jsonl", line)]);
    assert_eq!(loaded.files[0].format, Format::Twarc2);
    assert_eq!(
        edges(&loaded.network),
        vec![
            edge("1", "2", Kind::Repost),
            edge("1", "9", Kind::Reply),
            edge("2", "3", Kind::Mention)
        ]
    );
    assert_eq!(account(&loaded.network, "3").name.as_deref(), Some("C"));
    assert_eq!(account(&loaded.network, "1").followers, Some(3));
    assert_eq!(account(&loaded.network, "9").handle, None);
}

#[test]
fn twarc_csv_columns_match_by_name_in_any_order() {
    // A spreadsheet re-save: `;`, a BOM, columns reordered and most dropped.
    let csv = "\u{feff}text;in_reply_to_user_id;author.username;id;author_id;referenced_tweets.replied_to.id;entities.mentions;in_reply_to_username\n\
               @b hi @c;2;a;10;1;9;\"[\"\"@b\"\", \"\"@c\"\"]\";b\n\
               ;;;;1;;;\n";
    let loaded = load(&[("subset.csv", csv)]);
    assert_eq!(loaded.files[0].format, Format::TwarcCsv);
    assert_eq!(
        edges(&loaded.network),
        vec![edge("1", "2", Kind::Reply), edge("1", "@c", Kind::Mention)]
    );
    assert_eq!(account(&loaded.network, "2").handle.as_deref(), Some("b"));
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].line, Some(3));
    assert!(loaded.warnings[0].message.contains("tweet id cell is empty"));
}

#[test]
fn a_grailbird_tweets_csv_is_attributed_to_a_placeholder_owner() {
    let csv = r#""tweet_id","in_reply_to_status_id","in_reply_to_user_id","timestamp","source","text","retweeted_status_id","retweeted_status_user_id","retweeted_status_timestamp","expanded_urls"
"3","","","2015-08-22 22:45:29 +0000","web","RT @mfa_a: Statement on #G20 @x","1","222","2015-08-22 20:00:00 +0000","https://example.org/s"
"4","2","333","2015-08-23 08:00:00 +0000","web","@emb_b thanks! cc @press
#diplomacy","","","","https://a.example.com/x,https://twitter.com/emb_b/status/2"
"#;
    let loaded = load(&[("tweets.csv", csv)]);
    let network = &loaded.network;
    assert_eq!(loaded.files[0].format, Format::TwarcCsv);
    assert_eq!(
        edges(network),
        vec![
            edge("(archive owner)", "222", Kind::Repost),
            edge("(archive owner)", "333", Kind::Reply),
            edge("(archive owner)", "@press", Kind::Mention),
        ]
    );
    assert_eq!(account(network, "222").handle.as_deref(), Some("mfa_a"));
    assert!(warnings(&loaded).contains("placeholder"));
    assert_eq!(network.posts.records[0].time, 1_440_283_529);
    let domains: Vec<&str> = network
        .posts
        .terms
        .iter()
        .filter(|&&(_, t)| network.terms.kind(t) == TermKind::Domain)
        .map(|&(_, t)| network.terms.name(t))
        .collect();
    assert_eq!(domains, vec!["example.org", "a.example.com"]);
}

#[test]
fn v1_quotes_without_the_quoted_status_and_bare_user_objects() {
    // The quoted tweet was deleted: only its permalink names the author.
    let quote = r#"{"id_str": "2", "created_at": "Wed Sep 04 13:51:55 +0000 2019", "text": "so true", "is_quote_status": true,
        "quoted_status_id_str": "1", "quoted_status_permalink": {"url": "https://t.co/x", "expanded": "https://twitter.com/Quoted/status/1", "display": "twitter.com/Quoted/status/1"},
        "user": {"id_str": "10", "screen_name": "quoter"}}"#;
    let user = r#"{"id_str": "20", "screen_name": "quoted", "name": "Q", "followers_count": "7", "friends_count": 3, "statuses_count": 9,
        "created_at": "Tue May 18 19:24:56 +0000 2021"}"#;
    let loaded = load(&[("quote.jsonl", quote), ("users.json", user)]);
    let network = &loaded.network;
    assert_eq!(edges(network), vec![edge("10", "20", Kind::Quote)]);
    let quoted = account(network, "20");
    assert_eq!(
        (
            quoted.followers,
            quoted.following,
            quoted.posts_count,
            quoted.created
        ),
        (Some(7), Some(3), Some(9), Some(1_621_365_896))
    );
    // The interaction is stamped with the quoting tweet's time.
    assert_eq!(network.interactions.time, vec![1_567_605_115]);
    assert_eq!(network.posts.records[0].kind, PostKind::Quote);
}

#[test]
fn other_collectors_tables_with_reference_columns() {
    // A json_normalize-style table: the references as a JSON list, the author as `author_id`.
    let csv = "id,author_id,created_at,text,referenced_tweets,in_reply_to_user_id\n\
               5,1,2022-12-01T10:00:00.000Z,RT @b: hi,\"[{\"\"type\"\": \"\"retweeted\"\", \"\"id\"\": \"\"4\"\"}]\",\n\
               6,1,2022-12-01T11:00:00.000Z,@c yes,\"[{\"\"type\"\": \"\"replied_to\"\", \"\"id\"\": \"\"3\"\"}]\",3\n";
    let loaded = load(&[("normalized.csv", csv)]);
    assert_eq!(loaded.files[0].format, Format::TwarcCsv);
    assert_eq!(
        edges(&loaded.network),
        vec![edge("1", "3", Kind::Reply), edge("1", "@b", Kind::Repost)]
    );
    // academictwitteR's tidy columns.
    let csv = "tweet_id,user_username,author_id,text,sourcetweet_type,sourcetweet_id,sourcetweet_author_id,conversation_id\n\
               9,a,1,look,quoted,8,2,9\n";
    let loaded = load(&[("tidy.csv", csv)]);
    assert_eq!(edges(&loaded.network), vec![edge("1", "2", Kind::Quote)]);
    assert_eq!(account(&loaded.network, "1").handle.as_deref(), Some("a"));
}
