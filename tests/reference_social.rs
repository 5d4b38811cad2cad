//! The lenses networkx does not have (received counts by kind, the Twiplomacy lenses, the
//! influence index, windows over time) equal their independent Python computation on
//! the social fixtures.
//!
//! `tests/reference/generate.py` writes the fixtures (`tests/fixtures/social/*.json`:
//! accounts, posts, interactions) and the expected values (`tests/reference/social/`);
//! here the fixtures are built with `NetworkBuilder` as an ingest reader would. A null
//! expected value means "unknown" and must be NaN.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use attache::analysis::Analysis;
use attache::metrics::Params;
use attache::network::{
    Interaction, Kind, Network, NetworkBuilder, Platform, PostInfo, PostKind, PublicCounts, TermKind,
};
use attache::progress::Silent;
use attache::timeline::{Timeline, WindowMetric, WindowWidth};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Fixture {
    accounts: Vec<AccountRecord>,
    posts: Vec<PostRecord>,
    interactions: Vec<EventRecord>,
}

#[derive(Deserialize)]
struct AccountRecord {
    id: String,
    followers: Option<u64>,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct PostRecord {
    id: String,
    author: String,
    kind: String,
    time: Option<i64>,
    lang: Option<String>,
    #[serde(default = "yes")]
    collected: bool,
    reposts: Option<u32>,
    likes: Option<u32>,
    #[serde(default)]
    hashtags: Vec<String>,
    #[serde(default)]
    domains: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct EventRecord {
    actor: String,
    target: String,
    kind: String,
    weight: f64,
    time: Option<i64>,
    subject: Option<String>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// Builds the fixture's network the way an ingest reader would.
fn build(fixture: &Fixture) -> Network {
    let platform = Platform::Twitter;
    let mut builder = NetworkBuilder::new();
    for record in &fixture.accounts {
        let account = builder.account(platform, &record.id);
        let account = builder.account_mut(account);
        account.followers = record.followers;
        account.attributes = record.attributes.clone();
    }
    for record in &fixture.posts {
        let author = builder
            .find_account(platform, &record.author)
            .expect("author listed");
        let kind = match record.kind.as_str() {
            "original" => PostKind::Original,
            "reply" => PostKind::Reply,
            "quote" => PostKind::Quote,
            "repost" => PostKind::Repost,
            other => panic!("post kind {other}"),
        };
        let info = PostInfo {
            kind,
            time: record.time,
            lang: record.lang.as_deref(),
            public: PublicCounts {
                reposts: record.reposts,
                likes: record.likes,
                ..PublicCounts::default()
            },
            collected: record.collected,
        };
        let (post, _) = builder.post(platform, &record.id, author, &info);
        for tag in &record.hashtags {
            builder.tag_post(post, TermKind::Hashtag, tag);
        }
        for domain in &record.domains {
            builder.tag_post(post, TermKind::Domain, domain);
        }
    }
    for record in &fixture.interactions {
        let actor = builder
            .find_account(platform, &record.actor)
            .expect("actor listed");
        let target = builder
            .find_account(platform, &record.target)
            .expect("target listed");
        let kind = Kind::parse(&record.kind).expect("kind");
        let subject = record
            .subject
            .as_ref()
            .map(|id| builder.find_post(platform, id).expect("subject listed"));
        builder.interact(Interaction {
            weight: record.weight,
            time: record.time,
            subject,
            ..Interaction::new(actor, target, kind)
        });
    }
    builder.finish()
}

struct Case {
    name: String,
    network: Network,
    expected: Value,
}

fn cases() -> Vec<Case> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("reference/social"))
        .expect("tests/reference/social exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 3, "expected the social reference files");
    names
        .into_iter()
        .map(|name| {
            let read =
                |path: PathBuf| -> Value { serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap() };
            let expected = read(root().join(format!("reference/social/{name}.json")));
            let fixture_path = root().join(expected["fixture"].as_str().unwrap());
            let fixture: Fixture = serde_json::from_value(read(fixture_path)).unwrap();
            Case {
                name,
                network: build(&fixture),
                expected,
            }
        })
        .collect()
}

/// Largest allowed absolute difference: counts and ratios of counts are exact up to
/// rounding; PageRank stops at an L1 change below 1e-10; the index is built from ranks,
/// which agree exactly once PageRank is rounded to 10 digits, hence 1e-9 as well.
const TOLERANCE: f64 = 1e-9;

fn assert_column(case: &Case, what: &str, expected: &Value, values: &[f64]) {
    let accounts = &case.network.accounts;
    let expected = expected.as_object().unwrap();
    assert_eq!(
        expected.len(),
        accounts.len(),
        "{}: {what}: account count",
        case.name
    );
    for (account, &value) in accounts.iter().zip(values) {
        let want = &expected[&account.id];
        let matches = match want.as_f64() {
            None => value.is_nan(),
            Some(want) => (value - want).abs() <= TOLERANCE,
        };
        assert!(
            matches,
            "{}: {what}({}) = {value}, Python says {want}",
            case.name, account.id
        );
    }
}

#[test]
fn every_social_lens_matches_its_python_reference() {
    for case in cases() {
        let analysis = Analysis::new(case.network.clone());
        for (metric, expected) in case.expected["metrics"].as_object().unwrap() {
            let values = analysis
                .compute(metric, &Params::default(), &mut Silent)
                .unwrap_or_else(|e| panic!("{}: {metric}: {e}", case.name))
                .values;
            assert_column(&case, metric, expected, &values);
        }
    }
}

#[test]
fn the_influence_index_with_user_weights_matches_its_python_reference() {
    for case in cases() {
        let analysis = Analysis::new(case.network.clone());
        let weighted = &case.expected["influence_index_weighted"];
        let mut params = Params::default();
        for (pillar, weight) in weighted["weights"].as_object().unwrap() {
            params = params.with(pillar, weight.as_f64().unwrap());
        }
        let values = analysis
            .compute("influence_index", &params, &mut Silent)
            .unwrap()
            .values;
        assert_column(&case, "influence_index (weighted)", &weighted["values"], &values);
    }
}

#[test]
fn window_scores_match_networkx_on_each_window_sub_network() {
    for case in cases() {
        let analysis = Analysis::new(case.network.clone());
        for (width_name, expected_windows) in case.expected["windows"].as_object().unwrap() {
            let width = WindowWidth::parse(width_name).unwrap();
            let timeline = Timeline::new(analysis.network(), width).unwrap();
            let expected_windows = expected_windows.as_array().unwrap();
            let label = format!("{} {width_name}", case.name);
            assert_eq!(
                timeline.windows().len(),
                expected_windows.len(),
                "{label}: windows"
            );
            for (index, (window, expected)) in timeline.windows().iter().zip(expected_windows).enumerate() {
                assert_eq!(window.start, expected["start"].as_i64().unwrap(), "{label}");
                assert_eq!(window.end, expected["end"].as_i64().unwrap(), "{label}");
                assert_eq!(
                    window.interactions as u64,
                    expected["interactions"].as_u64().unwrap(),
                    "{label}"
                );
                for (metric, name) in [
                    (WindowMetric::PageRank, "pagerank"),
                    (WindowMetric::InDegree, "in_degree"),
                ] {
                    let values = timeline.scores(&analysis, index, metric, &mut Silent).unwrap();
                    assert_column(
                        &case,
                        &format!("{label} {index} {name}"),
                        &expected[name],
                        &values,
                    );
                }
            }
        }
    }
}
