//! Posts: what the scores need of each post, never its text.
//!
//! A post is keyed by platform and post id and deduplicated across files. It records
//! its author, kind (original, reply, repost, quote), time, language, the platform's
//! public counts (reposts, likes, replies, quotes) and its hashtags, linked domains and
//! linked URLs (expanded and normalised), which are interned as [`Terms`]. A post seen only as the subject of another (the
//! original of a retweet, a tweet in `includes`) is *referenced*; a post in the
//! collection itself is *collected*.

use std::collections::HashMap;

use serde::Serialize;

use super::{AccountIdx, PostIdx, Timestamp, NO_TIME};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PostKind {
    #[default]
    Original,
    Reply,
    Repost,
    Quote,
}

/// The platform's public engagement counts for a post, where the export has them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PublicCounts {
    pub reposts: Option<u32>,
    pub likes: Option<u32>,
    pub replies: Option<u32>,
    pub quotes: Option<u32>,
}

impl PublicCounts {
    /// Keeps the larger of each count: a later collection has seen more engagement.
    fn merge(&mut self, other: &PublicCounts) {
        fn larger(mine: &mut Option<u32>, theirs: Option<u32>) {
            *mine = match (*mine, theirs) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
        larger(&mut self.reposts, other.reposts);
        larger(&mut self.likes, other.likes);
        larger(&mut self.replies, other.replies);
        larger(&mut self.quotes, other.quotes);
    }
}

/// What ingest knows about a post when it offers it to the builder.
#[derive(Clone, Copy, Debug, Default)]
pub struct PostInfo<'a> {
    pub kind: PostKind,
    pub time: Option<Timestamp>,
    /// Language code as the platform gives it (`en`, `fr`, `und`).
    pub lang: Option<&'a str>,
    pub public: PublicCounts,
    /// True when the post is part of the collection, false when only referenced by one.
    pub collected: bool,
}

/// One stored post.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PostRecord {
    pub author: AccountIdx,
    pub kind: PostKind,
    /// [`NO_TIME`] when unknown.
    pub time: Timestamp,
    pub lang: Option<TermId>,
    pub public: PublicCounts,
    pub collected: bool,
}

/// All posts, plus their hashtags and domains as `(post, term)` pairs sorted by post.
#[derive(Clone, Debug, Default)]
pub struct Posts {
    pub records: Vec<PostRecord>,
    /// `(post, term)` pairs, sorted and without repeats once the network is finished.
    pub terms: Vec<(PostIdx, TermId)>,
    /// Each post's id as the platform gives it, by post index; filled at finish (while
    /// reading, the ids live only as the builder's lookup keys, so they are held once).
    ids: Vec<String>,
    /// How many records are collected posts (the rest are referenced ones).
    collected: usize,
}

impl Posts {
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The post's id as the platform gives it (a tweet id, a status or `at://` URI); empty
    /// before the network is finished.
    pub fn id(&self, post: PostIdx) -> &str {
        self.ids.get(post as usize).map_or("", String::as_str)
    }

    pub(crate) fn set_ids(&mut self, ids: Vec<String>) {
        debug_assert_eq!(ids.len(), self.records.len());
        self.ids = ids;
    }

    /// Posts of the collection itself, not those only referenced by one (counted as they
    /// are added, so a file's report can say how many posts it held).
    pub fn collected_count(&self) -> usize {
        self.collected
    }

    pub(crate) fn add(&mut self, author: AccountIdx, info: &PostInfo, lang: Option<TermId>) -> PostIdx {
        let idx = PostIdx::try_from(self.records.len()).expect("more than 2^32 posts");
        self.collected += usize::from(info.collected);
        self.records.push(PostRecord {
            author,
            kind: info.kind,
            time: info.time.unwrap_or(NO_TIME),
            lang,
            public: info.public,
            collected: info.collected,
        });
        idx
    }

    /// Completes a post seen again: fills what was missing, keeps the larger counts.
    pub(crate) fn update(&mut self, post: PostIdx, info: &PostInfo, lang: Option<TermId>) {
        let record = &mut self.records[post as usize];
        if record.time == NO_TIME {
            record.time = info.time.unwrap_or(NO_TIME);
        }
        if record.lang.is_none() {
            record.lang = lang;
        }
        if info.collected {
            // The collection's own view of a post says what kind it is; a reference may not.
            record.kind = info.kind;
            self.collected += usize::from(!record.collected);
            record.collected = true;
        }
        record.public.merge(&info.public);
    }

    pub(crate) fn sort_terms(&mut self) {
        self.terms.sort_unstable();
        self.terms.dedup();
    }
}

pub type TermId = u32;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    Hashtag,
    Domain,
    Language,
    /// A link's expanded URL, normalised (see [`normalise_url`]): what coordination
    /// detection compares across accounts, where a domain is too coarse.
    Url,
}

/// Interned hashtags (lower-cased, without `#`), domains (lower-cased, without `www.`)
/// and language codes.
#[derive(Clone, Debug, Default)]
pub struct Terms {
    names: Vec<String>,
    kinds: Vec<TermKind>,
    index: HashMap<(TermKind, String), TermId>,
    /// Bytes of the names, for the memory estimate.
    text_bytes: usize,
}

impl Terms {
    pub fn intern(&mut self, kind: TermKind, text: &str) -> Option<TermId> {
        let normal = normalise(kind, text);
        if normal.is_empty() {
            return None;
        }
        if let Some(&id) = self.index.get(&(kind, normal.clone())) {
            return Some(id);
        }
        let id = TermId::try_from(self.names.len()).expect("more than 2^32 terms");
        self.text_bytes += normal.len();
        self.names.push(normal.clone());
        self.kinds.push(kind);
        self.index.insert((kind, normal), id);
        Some(id)
    }

    pub fn name(&self, id: TermId) -> &str {
        &self.names[id as usize]
    }

    pub fn kind(&self, id: TermId) -> TermKind {
        self.kinds[id as usize]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The heap memory held, estimated as `memory.rs` explains: each name is stored twice
    /// (the list and the index key).
    pub(super) fn estimated_bytes(&self) -> u64 {
        use super::memory::{hash_table_bytes, string_bytes, vec_bytes};
        vec_bytes(&self.names)
            + vec_bytes(&self.kinds)
            + hash_table_bytes(&self.index)
            + 2 * string_bytes(self.text_bytes, self.names.len())
    }
}

fn normalise(kind: TermKind, text: &str) -> String {
    let text = text.trim();
    match kind {
        TermKind::Hashtag => text.trim_start_matches('#').to_lowercase(),
        TermKind::Domain => {
            let lower = text.to_ascii_lowercase();
            let host = lower
                .split_once("://")
                .map_or(lower.as_str(), |(_, rest)| rest)
                .split(['/', '?', '#'])
                .next()
                .unwrap_or("");
            let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
            let host = host.split(':').next().unwrap_or("");
            host.strip_prefix("www.").unwrap_or(host).to_owned()
        }
        TermKind::Language => text.to_ascii_lowercase(),
        TermKind::Url => normalise_url(text),
    }
}

/// Query parameters that track the click, not the page: two links that differ by them are
/// one link.
const TRACKING_PARAMETERS: [&str; 6] = ["utm_", "fbclid", "gclid", "igshid", "mc_cid", "mc_eid"];

/// A link as one page: scheme and host lower-cased, `www.` and default ports dropped, the
/// fragment and tracking parameters removed, and a lone trailing `/` too. The path and the
/// other parameters are kept as written (they are case-sensitive). Empty when the text
/// has no host.
pub fn normalise_url(url: &str) -> String {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or("");
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
        None => ("https".to_owned(), url),
    };
    let (authority, path_and_query) = match rest.find(['/', '?']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = match (scheme.as_str(), host.rsplit_once(':')) {
        ("https", Some((name, "443"))) | ("http", Some((name, "80"))) => name,
        _ => host,
    };
    if host.is_empty() {
        return String::new();
    }
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or("").to_ascii_lowercase();
            !pair.is_empty() && !TRACKING_PARAMETERS.iter().any(|t| name.starts_with(t))
        })
        .collect();
    let path = path.strip_suffix('/').unwrap_or(path);
    let mut normal = format!("{scheme}://{host}{path}");
    if !kept.is_empty() {
        normal.push('?');
        normal.push_str(&kept.join("&"));
    }
    normal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_normalised_and_interned_once() {
        let mut terms = Terms::default();
        let a = terms.intern(TermKind::Hashtag, "#G20").unwrap();
        assert_eq!(terms.intern(TermKind::Hashtag, "g20"), Some(a));
        assert_eq!(terms.name(a), "g20");
        let d = terms
            .intern(TermKind::Domain, "https://WWW.Example.org:443/path?q")
            .unwrap();
        assert_eq!(terms.name(d), "example.org");
        assert_ne!(terms.intern(TermKind::Language, "g20"), Some(a));
        assert_eq!(terms.intern(TermKind::Hashtag, "#"), None);
    }

    #[test]
    fn urls_are_normalised_to_one_page() {
        assert_eq!(
            normalise_url("HTTPS://WWW.News.example:443/Story/?utm_source=tw&id=7&fbclid=x#top"),
            "https://news.example/Story?id=7"
        );
        assert_eq!(normalise_url("http://a.example"), "http://a.example");
        assert_eq!(normalise_url("a.example/x/"), "https://a.example/x");
        assert_eq!(normalise_url("https:///nothing"), "");
        let mut terms = Terms::default();
        let a = terms.intern(TermKind::Url, "https://a.example/x?utm_medium=social");
        assert_eq!(terms.intern(TermKind::Url, "https://www.a.example/x/"), a);
    }

    #[test]
    fn a_post_seen_again_keeps_the_larger_counts() {
        let mut posts = Posts::default();
        let referenced = PostInfo {
            public: PublicCounts {
                reposts: Some(3),
                ..Default::default()
            },
            ..Default::default()
        };
        let idx = posts.add(0, &referenced, None);
        let collected = PostInfo {
            kind: PostKind::Reply,
            time: Some(10),
            public: PublicCounts {
                reposts: Some(2),
                likes: Some(5),
                ..Default::default()
            },
            collected: true,
            ..Default::default()
        };
        posts.update(idx, &collected, None);
        let record = posts.records[0];
        assert_eq!(record.public.reposts, Some(3));
        assert_eq!(record.public.likes, Some(5));
        assert_eq!(
            (record.kind, record.time, record.collected),
            (PostKind::Reply, 10, true)
        );
    }
}
