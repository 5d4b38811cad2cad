//! `attache convert FILE... --to DIR`: one shard of a collection too large for one machine,
//! as three Parquet tables that `spark/attache_spark.py` unions with other shards.
//!
//! The files are read by the core [`Session`] like every other command's (same readers,
//! same leniency, same warnings), so within a shard accounts are keyed, events
//! deduplicated and handles joined exactly as `attache score` does. What is left for
//! after the union is written beside the data ([`attache::network::Identities`]): the
//! event keys (to drop an event seen in two shards), the accounts known by handle only
//! (to join them to an id another shard knows), the profile times (to keep the latest
//! profile), and each row's position in the shard (`seq`: accounts are numbered in the
//! order the core first sees them, which breaks ties in rankings).
//!
//! - `DIR/accounts.parquet`: `seq, platform, id, handle_only, label, handle, name,
//!   followers, profile_time, attributes` (a map of strings);
//! - `DIR/interactions.parquet`: `seq, actor_platform, actor, actor_handle,
//!   target_platform, target, target_handle, kind, weight, time, key, subject`, where
//!   `*_handle` is set only for an end known by handle only, `key` is the event key as 16
//!   hex digits (null: the source gives none, every row counts) and `subject` the id of
//!   the post the attention goes to;
//! - `DIR/posts.parquet`: `seq, platform, id, author, author_handle, kind, time,
//!   language, hashtags, domains, reposts, likes, replies, quotes, collected`;
//! - `DIR/shard.json`: the attaché version (event keys compare only within one release),
//!   the inputs with their SHA-256 and the counts.
//!
//! Times are UTC timestamps in microseconds (what Spark reads as `TimestampType`). The
//! tables are written in batches of [`BATCH_ROWS`] rows, Snappy-compressed; one shard is
//! held in memory as one network, as `attache score` holds it.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, MapBuilder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use attache::network::{
    Account, Identities, Network, Platform, PostKind, TermKind, Timestamp, NO_POST, NO_TIME,
};
use attache::session::Session;

use crate::inputs;
use crate::Failure;

/// Rows per record batch: large enough for Parquet's encodings, small enough that the
/// Arrow copy of a batch is nothing next to the network itself.
pub const BATCH_ROWS: usize = 65_536;

/// Reads `files` as one shard and writes its tables into `to` (created if need be).
pub fn run(files: &[PathBuf], to: &Path) -> Result<(), Failure> {
    let mut session = Session::new();
    session.keep_identities()?;
    let any_unreadable = inputs::read_files(&mut session, files);
    let loaded = session.finish()?;
    inputs::print_warnings(&session);
    let network = session.network()?;
    let identities = network
        .identities
        .as_ref()
        .expect("kept: keep_identities was called before reading");
    fs::create_dir_all(to).map_err(|error| {
        Failure::BadArguments(format!("cannot create the directory {}: {error}", to.display()))
    })?;
    let output = |error: parquet::errors::ParquetError| Failure::Output(std::io::Error::other(error));
    write_accounts(network, identities, &to.join("accounts.parquet")).map_err(output)?;
    write_interactions(network, identities, &to.join("interactions.parquet")).map_err(output)?;
    write_posts(network, identities, &to.join("posts.parquet")).map_err(output)?;
    let summary = &loaded.network;
    let manifest = serde_json::json!({
        "format": "attache-shard",
        "version": 1,
        "attache_version": env!("CARGO_PKG_VERSION"),
        "files": session.settings().files,
        "accounts": summary.nodes,
        "interactions": network.interactions.len(),
        "posts": summary.posts,
        "duplicates": summary.duplicates,
        "self_interactions": summary.self_interactions,
    });
    let text = serde_json::to_string_pretty(&manifest).expect("plain data serialises") + "\n";
    fs::write(to.join("shard.json"), text).map_err(Failure::Output)?;
    eprintln!(
        "attache: wrote {} accounts, {} interactions and {} posts to {}",
        summary.nodes,
        network.interactions.len(),
        summary.posts,
        to.display()
    );
    if any_unreadable {
        Err(Failure::UnreadableInput)
    } else {
        Ok(())
    }
}

fn platform_name(platform: Platform) -> &'static str {
    match platform {
        Platform::Generic => "generic",
        Platform::Twitter => "twitter",
        Platform::Mastodon => "mastodon",
        Platform::Bluesky => "bluesky",
    }
}

fn post_kind_name(kind: PostKind) -> &'static str {
    match kind {
        PostKind::Original => "original",
        PostKind::Reply => "reply",
        PostKind::Repost => "repost",
        PostKind::Quote => "quote",
    }
}

fn utc_micros() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

fn string_list() -> DataType {
    DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)))
}

/// What `MapBuilder` makes with its default field names.
fn string_map() -> DataType {
    let entries = Field::new(
        "entries",
        DataType::Struct(
            vec![
                Field::new("keys", DataType::Utf8, false),
                Field::new("values", DataType::Utf8, true),
            ]
            .into(),
        ),
        false,
    );
    DataType::Map(Arc::new(entries), false)
}

fn micros(time: Timestamp) -> Option<i64> {
    (time != NO_TIME).then(|| time.saturating_mul(1_000_000))
}

/// A Parquet file written batch by batch.
struct Table {
    schema: SchemaRef,
    writer: ArrowWriter<BufWriter<File>>,
}

impl Table {
    fn create(path: &Path, fields: Vec<Field>) -> parquet::errors::Result<Table> {
        let schema: SchemaRef = Arc::new(Schema::new(fields));
        let file = File::create(path)?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer = ArrowWriter::try_new(BufWriter::new(file), Arc::clone(&schema), Some(properties))?;
        Ok(Table { schema, writer })
    }

    fn write(&mut self, columns: Vec<ArrayRef>) -> parquet::errors::Result<()> {
        let batch = RecordBatch::try_new(Arc::clone(&self.schema), columns)?;
        self.writer.write(&batch)
    }

    fn close(self) -> parquet::errors::Result<()> {
        self.writer.close().map(drop)
    }
}

/// The handle of an account known by handle only (its id is `@handle`), else `None`.
fn handle_if_only<'a>(account: &'a Account, identities: &Identities, index: usize) -> Option<&'a str> {
    identities.handle_only[index]
        .then_some(account.handle.as_deref())
        .flatten()
}

fn write_accounts(network: &Network, identities: &Identities, path: &Path) -> parquet::errors::Result<()> {
    let mut table = Table::create(
        path,
        vec![
            Field::new("seq", DataType::Int64, false),
            Field::new("platform", DataType::Utf8, false),
            Field::new("id", DataType::Utf8, false),
            Field::new("handle_only", DataType::Boolean, false),
            Field::new("label", DataType::Utf8, true),
            Field::new("handle", DataType::Utf8, true),
            Field::new("name", DataType::Utf8, true),
            Field::new("followers", DataType::Int64, true),
            Field::new("profile_time", utc_micros(), true),
            Field::new("attributes", string_map(), false),
        ],
    )?;
    let accounts = &network.accounts;
    for start in (0..accounts.len()).step_by(BATCH_ROWS) {
        let end = (start + BATCH_ROWS).min(accounts.len());
        let mut seq = Int64Builder::new();
        let mut platform = StringBuilder::new();
        let mut id = StringBuilder::new();
        let mut handle_only = BooleanBuilder::new();
        let mut label = StringBuilder::new();
        let mut handle = StringBuilder::new();
        let mut name = StringBuilder::new();
        let mut followers = Int64Builder::new();
        let mut profile_time = TimestampMicrosecondBuilder::new().with_timezone("UTC");
        let mut attributes = MapBuilder::new(None, StringBuilder::new(), StringBuilder::new());
        for (index, account) in accounts.iter().enumerate().take(end).skip(start) {
            seq.append_value(index as i64);
            platform.append_value(platform_name(account.platform));
            id.append_value(&account.id);
            handle_only.append_value(identities.handle_only[index]);
            label.append_option(account.label.as_deref());
            handle.append_option(account.handle.as_deref());
            name.append_option(account.name.as_deref());
            // Spark has no unsigned integers; no platform counts 2^63 followers.
            followers.append_option(account.followers.map(|f| i64::try_from(f).unwrap_or(i64::MAX)));
            profile_time.append_option(micros(identities.profile_times[index]));
            for (key, value) in &account.attributes {
                attributes.keys().append_value(key);
                attributes.values().append_value(value);
            }
            attributes.append(true)?;
        }
        table.write(vec![
            Arc::new(seq.finish()),
            Arc::new(platform.finish()),
            Arc::new(id.finish()),
            Arc::new(handle_only.finish()),
            Arc::new(label.finish()),
            Arc::new(handle.finish()),
            Arc::new(name.finish()),
            Arc::new(followers.finish()),
            Arc::new(profile_time.finish()),
            Arc::new(attributes.finish()),
        ])?;
    }
    table.close()
}

fn write_interactions(
    network: &Network,
    identities: &Identities,
    path: &Path,
) -> parquet::errors::Result<()> {
    let mut table = Table::create(
        path,
        vec![
            Field::new("seq", DataType::Int64, false),
            Field::new("actor_platform", DataType::Utf8, false),
            Field::new("actor", DataType::Utf8, false),
            Field::new("actor_handle", DataType::Utf8, true),
            Field::new("target_platform", DataType::Utf8, false),
            Field::new("target", DataType::Utf8, false),
            Field::new("target_handle", DataType::Utf8, true),
            Field::new("kind", DataType::Utf8, false),
            Field::new("weight", DataType::Float64, false),
            Field::new("time", utc_micros(), true),
            Field::new("key", DataType::Utf8, true),
            Field::new("subject", DataType::Utf8, true),
        ],
    )?;
    let events = &network.interactions;
    let accounts = &network.accounts;
    for start in (0..events.len()).step_by(BATCH_ROWS) {
        let end = (start + BATCH_ROWS).min(events.len());
        let mut seq = Int64Builder::new();
        let mut actor_platform = StringBuilder::new();
        let mut actor = StringBuilder::new();
        let mut actor_handle = StringBuilder::new();
        let mut target_platform = StringBuilder::new();
        let mut target = StringBuilder::new();
        let mut target_handle = StringBuilder::new();
        let mut kind = StringBuilder::new();
        let mut weight = Float64Builder::new();
        let mut time = TimestampMicrosecondBuilder::new().with_timezone("UTC");
        let mut key = StringBuilder::new();
        let mut subject = StringBuilder::new();
        for i in start..end {
            let (a, t) = (events.actor[i] as usize, events.target[i] as usize);
            seq.append_value(i as i64);
            actor_platform.append_value(platform_name(accounts[a].platform));
            actor.append_value(&accounts[a].id);
            actor_handle.append_option(handle_if_only(&accounts[a], identities, a));
            target_platform.append_value(platform_name(accounts[t].platform));
            target.append_value(&accounts[t].id);
            target_handle.append_option(handle_if_only(&accounts[t], identities, t));
            kind.append_value(events.kind[i].as_str());
            weight.append_value(events.weight[i]);
            time.append_option(micros(events.time[i]));
            key.append_option(events.key(i).map(|k| format!("{:016x}", k.as_u64())));
            let post = events.subject[i];
            subject.append_option((post != NO_POST).then(|| identities.post_ids[post as usize].as_str()));
        }
        table.write(vec![
            Arc::new(seq.finish()),
            Arc::new(actor_platform.finish()),
            Arc::new(actor.finish()),
            Arc::new(actor_handle.finish()),
            Arc::new(target_platform.finish()),
            Arc::new(target.finish()),
            Arc::new(target_handle.finish()),
            Arc::new(kind.finish()),
            Arc::new(weight.finish()),
            Arc::new(time.finish()),
            Arc::new(key.finish()),
            Arc::new(subject.finish()),
        ])?;
    }
    table.close()
}

fn write_posts(network: &Network, identities: &Identities, path: &Path) -> parquet::errors::Result<()> {
    let mut table = Table::create(
        path,
        vec![
            Field::new("seq", DataType::Int64, false),
            Field::new("platform", DataType::Utf8, false),
            Field::new("id", DataType::Utf8, false),
            Field::new("author", DataType::Utf8, false),
            Field::new("author_handle", DataType::Utf8, true),
            Field::new("kind", DataType::Utf8, false),
            Field::new("time", utc_micros(), true),
            Field::new("language", DataType::Utf8, true),
            Field::new("hashtags", string_list(), false),
            Field::new("domains", string_list(), false),
            Field::new("reposts", DataType::Int64, true),
            Field::new("likes", DataType::Int64, true),
            Field::new("replies", DataType::Int64, true),
            Field::new("quotes", DataType::Int64, true),
            Field::new("collected", DataType::Boolean, false),
        ],
    )?;
    let posts = &network.posts;
    let accounts = &network.accounts;
    // `(post, term)` pairs are sorted by post: one cursor walks them alongside.
    let mut term = 0;
    for start in (0..posts.len()).step_by(BATCH_ROWS) {
        let end = (start + BATCH_ROWS).min(posts.len());
        let mut seq = Int64Builder::new();
        let mut platform = StringBuilder::new();
        let mut id = StringBuilder::new();
        let mut author = StringBuilder::new();
        let mut author_handle = StringBuilder::new();
        let mut kind = StringBuilder::new();
        let mut time = TimestampMicrosecondBuilder::new().with_timezone("UTC");
        let mut language = StringBuilder::new();
        let mut hashtags = ListBuilder::new(StringBuilder::new());
        let mut domains = ListBuilder::new(StringBuilder::new());
        let mut counts: [Int64Builder; 4] = std::array::from_fn(|_| Int64Builder::new());
        let mut collected = BooleanBuilder::new();
        for (index, record) in posts.records.iter().enumerate().take(end).skip(start) {
            let a = record.author as usize;
            seq.append_value(index as i64);
            platform.append_value(platform_name(identities.post_platforms[index]));
            id.append_value(&identities.post_ids[index]);
            author.append_value(&accounts[a].id);
            author_handle.append_option(handle_if_only(&accounts[a], identities, a));
            kind.append_value(post_kind_name(record.kind));
            time.append_option(micros(record.time));
            language.append_option(record.lang.map(|l| network.terms.name(l)));
            while term < posts.terms.len() && (posts.terms[term].0 as usize) < index {
                term += 1;
            }
            while term < posts.terms.len() && posts.terms[term].0 as usize == index {
                let id = posts.terms[term].1;
                match network.terms.kind(id) {
                    TermKind::Hashtag => hashtags.values().append_value(network.terms.name(id)),
                    TermKind::Domain => domains.values().append_value(network.terms.name(id)),
                    // The language has its own column; the Spark job reads no URLs.
                    TermKind::Language | TermKind::Url => {}
                }
                term += 1;
            }
            hashtags.append(true);
            domains.append(true);
            let public = &record.public;
            for (builder, value) in
                counts
                    .iter_mut()
                    .zip([public.reposts, public.likes, public.replies, public.quotes])
            {
                builder.append_option(value.map(i64::from));
            }
            collected.append_value(record.collected);
        }
        let [reposts, likes, replies, quotes] = counts.map(|mut b| Arc::new(b.finish()) as ArrayRef);
        table.write(vec![
            Arc::new(seq.finish()),
            Arc::new(platform.finish()),
            Arc::new(id.finish()),
            Arc::new(author.finish()),
            Arc::new(author_handle.finish()),
            Arc::new(kind.finish()),
            Arc::new(time.finish()),
            Arc::new(language.finish()),
            Arc::new(hashtags.finish()),
            Arc::new(domains.finish()),
            reposts,
            likes,
            replies,
            quotes,
            Arc::new(collected.finish()),
        ])?;
    }
    table.close()
}
