//! A seeded generator of realistic interaction networks, and writers for the formats
//! users hold: twarc2 JSONL pages and CSV edge lists.
//!
//! The model, chosen to have the shape of real Twitter collections:
//! * **heavy tails**: each account has an activity (how often it acts) and a popularity
//!   (how often it receives attention), both Pareto-distributed (shape 1.6 and 1.1), so a
//!   few accounts post a lot and a few receive most of the attention;
//! * **communities**: accounts belong to one of about V/400 communities of Zipf-distributed
//!   sizes; 85% of the interactions stay inside the actor's community;
//! * **reciprocity**: 20% of the interactions are answered (a reply back, soon after);
//! * **kinds**: reposts 38%, mentions 15%, replies 20% (plus the answers), quotes 10%,
//!   follows 12% (each follow pair once: a follow is a relation, not an event);
//! * **timestamps**: 30 days from 2023-03-01, increasing along the stream with a
//!   day/night cycle.
//!
//! The same event list is written as CSV (one row per interaction, `source,target,kind,
//! timestamp`) and as twarc2 (one tweet per interaction in search pages of 100 tweets,
//! with the retweeted/quoted/replied-to originals in `includes.tweets` and the users in
//! `includes.users`; follows as `followers` users pages), so both files load to the same
//! network. Deterministic: ChaCha8 from the seed, no hashing of output order.
//!
//! Used by the `attache-bench` example (files on disk) and the criterion benches (in memory).

use std::io::{self, Write};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The interaction kinds, as the CSV writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    Follow,
    Repost,
    Quote,
    Reply,
    Mention,
}

impl EventKind {
    pub fn csv_name(self) -> &'static str {
        match self {
            EventKind::Follow => "follow",
            EventKind::Repost => "retweet",
            EventKind::Quote => "quote",
            EventKind::Reply => "reply",
            EventKind::Mention => "mention",
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Event {
    pub actor: u32,
    pub target: u32,
    pub kind: EventKind,
    /// Seconds since the epoch.
    pub time: i64,
}

pub struct Synthetic {
    pub events: Vec<Event>,
}

/// 2023-03-01T00:00:00Z.
pub const START: i64 = 1_677_628_800;
const SPAN_DAYS: i64 = 30;
const TWITTER_EPOCH_MS: i64 = 1_288_834_974_657;

/// Draws from cumulative weights by binary search.
struct Cumulative {
    totals: Vec<f64>,
}

impl Cumulative {
    fn new(weights: impl Iterator<Item = f64>) -> Self {
        let mut sum = 0.0;
        let totals = weights
            .map(|w| {
                sum += w;
                sum
            })
            .collect();
        Cumulative { totals }
    }

    fn draw(&self, rng: &mut ChaCha8Rng) -> usize {
        let total = *self.totals.last().expect("non-empty");
        let x = rng.gen::<f64>() * total;
        self.totals
            .partition_point(|&t| t <= x)
            .min(self.totals.len() - 1)
    }
}

fn pareto(rng: &mut ChaCha8Rng, shape: f64) -> f64 {
    let u: f64 = rng.gen::<f64>().max(1e-12);
    u.powf(-1.0 / shape)
}

/// `accounts` accounts and exactly `interactions` events, from `seed`.
pub fn generate(accounts: usize, interactions: usize, seed: u64) -> Synthetic {
    assert!(accounts >= 2, "at least two accounts");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let activity: Vec<f64> = (0..accounts).map(|_| pareto(&mut rng, 1.6)).collect();
    let popularity: Vec<f64> = (0..accounts).map(|_| pareto(&mut rng, 1.1)).collect();

    // Communities of Zipf sizes; members listed per community for within-community draws.
    let community_count = (accounts / 400).max(2);
    let community_sizes = Cumulative::new((1..=community_count).map(|c| 1.0 / c as f64));
    let community: Vec<u32> = (0..accounts)
        .map(|_| community_sizes.draw(&mut rng) as u32)
        .collect();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); community_count];
    for (account, &c) in community.iter().enumerate() {
        members[c as usize].push(account as u32);
    }
    let by_community: Vec<Option<Cumulative>> = members
        .iter()
        .map(|m| (m.len() >= 2).then(|| Cumulative::new(m.iter().map(|&a| popularity[a as usize]))))
        .collect();
    let actors = Cumulative::new(activity.iter().copied());
    let targets = Cumulative::new(popularity.iter().copied());

    let mut follows = std::collections::HashSet::new();
    let mut events = Vec::with_capacity(interactions);
    let seconds = (SPAN_DAYS * 86_400) as f64;
    while events.len() < interactions {
        let actor = actors.draw(&mut rng) as u32;
        let c = community[actor as usize] as usize;
        let target = match &by_community[c] {
            Some(local) if rng.gen::<f64>() < 0.85 => members[c][local.draw(&mut rng)],
            _ => targets.draw(&mut rng) as u32,
        };
        if target == actor {
            continue;
        }
        let roll: f64 = rng.gen();
        let mut kind = match roll {
            r if r < 0.38 => EventKind::Repost,
            r if r < 0.53 => EventKind::Mention,
            r if r < 0.73 => EventKind::Reply,
            r if r < 0.83 => EventKind::Quote,
            _ => EventKind::Follow,
        };
        if kind == EventKind::Follow && !follows.insert((u64::from(actor) << 32) | u64::from(target)) {
            kind = EventKind::Mention;
        }
        // Times increase along the stream; a sine makes nights quieter than days.
        let progress = events.len() as f64 / interactions as f64;
        let day_phase = (progress * SPAN_DAYS as f64).fract();
        let wobble = 0.3 * (day_phase * std::f64::consts::TAU).sin() / SPAN_DAYS as f64;
        let time =
            START + ((progress + wobble / std::f64::consts::TAU).clamp(0.0, 0.999_999) * seconds) as i64;
        events.push(Event {
            actor,
            target,
            kind,
            time,
        });
        if events.len() < interactions && rng.gen::<f64>() < 0.2 {
            events.push(Event {
                actor: target,
                target: actor,
                kind: EventKind::Reply,
                time: time + rng.gen_range(30..3600),
            });
        }
    }
    Synthetic { events }
}

/// A 19-digit id shaped like a Twitter user id (beyond 2^53: never a float).
pub fn account_id(account: u32) -> u64 {
    1_300_000_000_000_000_000 + u64::from(account) * 1_000_003
}

fn handle(account: u32) -> String {
    format!("acct{account:x}")
}

pub fn iso(time: i64) -> String {
    let days = time.div_euclid(86_400);
    let secs = time.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.000Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// The CSV edge list: `source,target,kind,timestamp`, one row per event.
pub fn write_csv(network: &Synthetic, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "source,target,kind,timestamp")?;
    for event in &network.events {
        writeln!(
            out,
            "{},{},{},{}",
            account_id(event.actor),
            account_id(event.target),
            event.kind.csv_name(),
            &iso(event.time)[..19]
        )?;
    }
    Ok(())
}

const WORDS: [&str; 16] = [
    "the",
    "embassy",
    "minister",
    "summit",
    "climate",
    "trade",
    "today",
    "statement",
    "visit",
    "talks",
    "peace",
    "energy",
    "cooperation",
    "press",
    "week",
    "partners",
];
const HASHTAGS: [&str; 6] = ["G20", "COP28", "diplomacy", "UNGA", "EU", "trade"];
const LANGS: [&str; 5] = ["en", "fr", "es", "de", "und"];

/// A tweet id for an event: a snowflake of its time, with the event index as sequence.
fn event_tweet_id(index: usize, time: i64) -> u64 {
    (((time * 1000 + (index % 997) as i64) - TWITTER_EPOCH_MS) as u64) << 22 | (index as u64 & 0x3F_FFFF)
}

/// One of a target's four earlier posts, which reposts, quotes and replies refer to.
fn original_tweet_id(target: u32, which: u32) -> (u64, i64) {
    let slot = i64::from(target) * 4 + i64::from(which);
    let ms = (START - 7 * 86_400) * 1000 + slot;
    (
        (((ms - TWITTER_EPOCH_MS) as u64) << 22) | (slot as u64 & 0x3F_FFFF),
        ms / 1000,
    )
}

fn words(rng: &mut ChaCha8Rng, count: usize, text: &mut String) {
    for i in 0..count {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(WORDS[rng.gen_range(0..WORDS.len())]);
    }
}

fn user_json(account: u32, out: &mut String) {
    use std::fmt::Write as _;
    let followers = (account_id(account) % 9973) * 3;
    let _ = write!(
        out,
        r#"{{"public_metrics":{{"followers_count":{followers},"following_count":{},"tweet_count":{},"listed_count":{}}},"profile_image_url":"https://pbs.twimg.com/profile_images/{}/photo_normal.jpg","verified":false,"description":"Account {account} — diplomacy and news","id":"{}","created_at":"2012-04-0{}T10:00:00.000Z","url":"","name":"Account {account}","protected":false,"username":"{}"}}"#,
        account % 997,
        account % 5003 + 10,
        account % 17,
        account_id(account),
        account_id(account),
        account % 9 + 1,
        handle(account),
    );
}

fn metrics_json(seed: u64, out: &mut String) {
    use std::fmt::Write as _;
    let _ = write!(
        out,
        r#""public_metrics":{{"retweet_count":{},"reply_count":{},"like_count":{},"quote_count":{},"impression_count":{}}}"#,
        seed % 50,
        seed % 7,
        seed % 130,
        seed % 3,
        seed % 5000
    );
}

/// The original post a repost, quote or reply refers to, as `includes.tweets` carries it.
fn original_json(target: u32, which: u32, out: &mut String) {
    use std::fmt::Write as _;
    let (id, time) = original_tweet_id(target, which);
    let tag = HASHTAGS[(id % 6) as usize];
    let text = format!("Statement on the {} talks #{tag}", WORDS[(id % 16) as usize]);
    let tag_start = text.len() - tag.len() - 1;
    let _ = write!(
        out,
        r##"{{"edit_history_tweet_ids":["{id}"],"conversation_id":"{id}","entities":{{"hashtags":[{{"start":{tag_start},"end":{},"tag":"{tag}"}}]}},"lang":"en","created_at":"{}","text":"{text}","id":"{id}","##,
        text.len(),
        iso(time),
    );
    metrics_json(id, out);
    let _ = write!(
        out,
        r#","reply_settings":"everyone","source":"Twitter Web App","author_id":"{}","possibly_sensitive":false}}"#,
        account_id(target)
    );
}

/// One collected tweet standing for `event` (never a follow).
fn tweet_json(index: usize, event: &Event, rng: &mut ChaCha8Rng, out: &mut String) -> Option<(u32, u32)> {
    use std::fmt::Write as _;
    let id = event_tweet_id(index, event.time);
    let target_handle = handle(event.target);
    let target_id = account_id(event.target);
    let which = rng.gen_range(0..4u32);
    let (original, _) = original_tweet_id(event.target, which);
    let mut text = String::new();
    let mut mention_start = None;
    let mut references = String::new();
    let mut reply_to = String::new();
    let mut urls = String::new();
    let mut conversation = id;
    match event.kind {
        EventKind::Repost => {
            text.push_str("RT @");
            text.push_str(&target_handle);
            text.push_str(": Statement on the talks");
            mention_start = Some(3);
            references = format!(r#","referenced_tweets":[{{"type":"retweeted","id":"{original}"}}]"#);
        }
        EventKind::Reply => {
            text.push('@');
            text.push_str(&target_handle);
            text.push(' ');
            words(rng, 8, &mut text);
            mention_start = Some(0);
            conversation = original;
            references = format!(r#","referenced_tweets":[{{"type":"replied_to","id":"{original}"}}]"#);
            reply_to = format!(r#","in_reply_to_user_id":"{target_id}""#);
        }
        EventKind::Quote => {
            words(rng, 10, &mut text);
            text.push_str(" https://t.co/q");
            let link = format!("{original:x}");
            text.push_str(&link[..8]);
            let start = text.len() - 22;
            urls = format!(
                r#","urls":[{{"start":{start},"end":{},"url":"https://t.co/q{}","expanded_url":"https://twitter.com/{target_handle}/status/{original}","display_url":"twitter.com/{target_handle}/…"}}]"#,
                text.len(),
                &link[..8]
            );
            references = format!(r#","referenced_tweets":[{{"type":"quoted","id":"{original}"}}]"#);
        }
        EventKind::Mention => {
            words(rng, 6, &mut text);
            text.push_str(" with @");
            mention_start = Some(text.len() - 1);
            text.push_str(&target_handle);
            text.push(' ');
            words(rng, 3, &mut text);
        }
        EventKind::Follow => return None,
    }
    let tag = HASHTAGS[rng.gen_range(0..HASHTAGS.len())];
    let tag_start = text.chars().count() + 1;
    text.push_str(" #");
    text.push_str(tag);
    let mentions = mention_start
        .map(|start| {
            format!(
                r#","mentions":[{{"start":{start},"end":{},"username":"{target_handle}","id":"{target_id}"}}]"#,
                start + 1 + target_handle.len()
            )
        })
        .unwrap_or_default();
    let _ = write!(
        out,
        r#"{{"edit_history_tweet_ids":["{id}"],"conversation_id":"{conversation}","entities":{{"hashtags":[{{"start":{tag_start},"end":{},"tag":"{tag}"}}]{mentions}{urls}}},"lang":"{}","created_at":"{}","text":"{text} 🌍","id":"{id}","#,
        tag_start + 1 + tag.len(),
        LANGS[rng.gen_range(0..LANGS.len())],
        iso(event.time),
    );
    metrics_json(
        if event.kind == EventKind::Repost {
            original
        } else {
            id
        },
        out,
    );
    let _ = write!(
        out,
        r#"{references}{reply_to},"reply_settings":"everyone","source":"Twitter for Android","author_id":"{}","possibly_sensitive":false}}"#,
        account_id(event.actor)
    );
    (event.kind != EventKind::Mention).then_some((event.target, which))
}

const SEARCH_URL: &str = "https://api.twitter.com/2/tweets/search/all?expansions=author_id%2Cin_reply_to_user_id%2Creferenced_tweets.id%2Creferenced_tweets.id.author_id%2Centities.mentions.username&tweet.fields=attachments%2Cauthor_id%2Cconversation_id%2Ccreated_at%2Centities%2Cid%2Cin_reply_to_user_id%2Clang%2Cpublic_metrics%2Ctext%2Cpossibly_sensitive%2Creferenced_tweets%2Creply_settings%2Csource&user.fields=created_at%2Cdescription%2Cid%2Cname%2Cprofile_image_url%2Cprotected%2Cpublic_metrics%2Curl%2Cusername%2Cverified&max_results=100&query=%28diplomacy%29";

/// twarc2 JSONL: search pages of 100 tweets, then `followers` users pages for the follows.
pub fn write_twarc2(network: &Synthetic, seed: u64, out: &mut impl Write) -> io::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7477_6172_6332);
    let tweets: Vec<usize> = (0..network.events.len())
        .filter(|&i| network.events[i].kind != EventKind::Follow)
        .collect();
    let mut line = String::new();
    let mut users: Vec<u32> = Vec::new();
    let mut originals: Vec<(u32, u32)> = Vec::new();
    for (page, chunk) in tweets.chunks(100).enumerate() {
        line.clear();
        users.clear();
        originals.clear();
        line.push_str(r#"{"data":["#);
        for (n, &i) in chunk.iter().enumerate() {
            if n > 0 {
                line.push(',');
            }
            let event = &network.events[i];
            users.extend([event.actor, event.target]);
            if let Some(original) = tweet_json(i, event, &mut rng, &mut line) {
                originals.push(original);
            }
        }
        line.push_str(r#"],"includes":{"users":["#);
        users.sort_unstable();
        users.dedup();
        for (n, &user) in users.iter().enumerate() {
            if n > 0 {
                line.push(',');
            }
            user_json(user, &mut line);
        }
        line.push_str(r#"],"tweets":["#);
        originals.sort_unstable();
        originals.dedup();
        for (n, &(target, which)) in originals.iter().enumerate() {
            if n > 0 {
                line.push(',');
            }
            original_json(target, which, &mut line);
        }
        let first = &network.events[chunk[0]];
        let last = &network.events[*chunk.last().expect("non-empty chunk")];
        line.push_str(&format!(
            r#"]}},"meta":{{"newest_id":"{}","oldest_id":"{}","result_count":{},"next_token":"b26v89c19zqg8o3f{page:08x}"}},"__twarc":{{"url":"{SEARCH_URL}","version":"2.14.0","retrieved_at":"{}"}}}}"#,
            event_tweet_id(*chunk.last().unwrap(), last.time),
            event_tweet_id(chunk[0], first.time),
            chunk.len(),
            iso(START + SPAN_DAYS * 86_400 + 3600),
        ));
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    write_follower_pages(network, &mut line, out)
}

/// Follows grouped by the followed account: `/2/users/{id}/followers` pages of 1000 users.
fn write_follower_pages(network: &Synthetic, line: &mut String, out: &mut impl Write) -> io::Result<()> {
    let mut follows: Vec<(u32, u32)> = network
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Follow)
        .map(|e| (e.target, e.actor))
        .collect();
    follows.sort_unstable();
    for group in follows.chunk_by(|a, b| a.0 == b.0) {
        for page in group.chunks(1000) {
            line.clear();
            line.push_str(r#"{"data":["#);
            for (n, &(_, follower)) in page.iter().enumerate() {
                if n > 0 {
                    line.push(',');
                }
                user_json(follower, line);
            }
            line.push_str(&format!(
                r#"],"meta":{{"result_count":{}}},"__twarc":{{"url":"https://api.twitter.com/2/users/{}/followers?user.fields=created_at%2Cdescription%2Cid%2Cname%2Cpublic_metrics%2Cusername&max_results=1000","version":"2.14.0","retrieved_at":"{}"}}}}"#,
                page.len(),
                account_id(page[0].0),
                iso(START + SPAN_DAYS * 86_400 + 7200),
            ));
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
    }
    Ok(())
}
