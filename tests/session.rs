//! The session through its public calls: reading, settings in force everywhere, replay.

mod common;

use std::sync::Arc;

use sha2::{Digest, Sha256};

use attache::csr::KindWeights;
use attache::explain::ExplainOptions;
use attache::ingest::FileOptions;
use attache::layout::SettingsPatch;
use attache::metrics::influence_index::IndexWeights;
use attache::metrics::Params;
use attache::network::Kind;
use attache::progress::Silent;
use attache::session::{AnalysisFile, Session, SessionError};
use attache::timeline::{WindowMetric, WindowStatus, WindowWidth};

const EDGES: &str =
    "source,target,type\nb,a,retweet\nc,a,reply\nd,a,follow\nb,c,mention\na,d,retweet\nd,b,mention\n";

fn read(session: &mut Session, name: &str, bytes: &str) {
    common::push_file(session, name, bytes.as_bytes(), 7);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn ready() -> Session {
    let mut session = Session::new();
    read(&mut session, "edges.csv", EDGES);
    session.finish().unwrap();
    session
}

#[test]
fn answers_wait_for_the_files_and_files_wait_for_a_new_session() {
    let mut session = Session::new();
    assert_eq!(
        session.column("pagerank", &mut Silent).unwrap_err(),
        SessionError::NotReady
    );
    read(&mut session, "edges.csv", EDGES);
    let summary = session.finish().unwrap();
    assert_eq!(summary.network.nodes, 4);
    assert_eq!(
        session.begin_file("more.csv", None).unwrap_err(),
        SessionError::Finished
    );
    assert_eq!(session.finish().unwrap_err(), SessionError::Finished);
    assert!(session.column("pagerank", &mut Silent).is_ok(), "still answers");
}

#[test]
fn every_input_is_recorded_with_its_hash() {
    let session = ready();
    let settings = session.settings();
    assert_eq!(settings.files.len(), 1);
    let input = &settings.files[0];
    assert_eq!(
        (input.name.as_str(), input.size),
        ("edges.csv", EDGES.len() as u64)
    );
    let expected = hex(&Sha256::digest(EDGES.as_bytes()));
    assert_eq!(input.sha256, expected);
}

#[test]
fn personalised_pagerank_is_the_one_every_answer_uses() {
    let mut session = ready();
    let seeds = Params::default().with_accounts("seeds", &["c"]);
    session.set_params("pagerank", seeds).unwrap();
    let pagerank = session.column("pagerank", &mut Silent).unwrap();
    let index = session.influence_index(&mut Silent).unwrap();
    assert_eq!(index.pillars[3].raw, pagerank.values, "the network pillar");
    let a = session.account("a").unwrap();
    let explanation = session
        .explain(a, &ExplainOptions::default(), &mut Silent)
        .unwrap();
    assert_eq!(explanation.pagerank, pagerank.values[a as usize], "the card");
    let lens = explanation.lenses.iter().find(|l| l.id == "pagerank").unwrap();
    assert_eq!(
        lens.value,
        Some(pagerank.values[a as usize]),
        "the card's lens ranks"
    );
    let (_, _, report) = session.groups("in_degree", 1, &mut Silent).unwrap();
    let share: f64 = report.groups.iter().map(|g| g.pagerank_share).sum();
    assert!((share - 1.0).abs() < 1e-12);
    let contributions: f64 = explanation.contributors.iter().map(|c| c.contribution).sum();
    assert!((contributions + explanation.from_jumps - explanation.pagerank).abs() < 1e-12);
}

#[test]
fn a_seed_that_is_no_account_is_refused_when_set_or_when_the_column_runs() {
    let zz = || Params::default().with_accounts("seeds", &["zz"]);
    let mut session = ready();
    let error = session.set_params("pagerank", zz()).unwrap_err().to_string();
    assert!(error.contains("'zz'"), "{error}");
    assert_eq!(session.params("pagerank"), Params::default(), "nothing changed");

    // Before the files are read (an analysis file replayed), the ids cannot be checked yet.
    let mut session = Session::new();
    session.set_params("pagerank", zz()).unwrap();
    read(&mut session, "edges.csv", EDGES);
    session.finish().unwrap();
    let error = session.column("pagerank", &mut Silent).unwrap_err().to_string();
    assert!(error.contains("'zz'"), "{error}");
    let error = session.influence_index(&mut Silent).unwrap_err().to_string();
    assert!(error.contains("'zz'"), "{error}");
}

#[test]
fn kind_weights_reset_the_layout_and_refuse_negative_values() {
    let mut session = ready();
    session.start_layout(&SettingsPatch::default()).unwrap();
    session.step_layout(3, &mut Vec::new()).unwrap();
    assert_eq!(session.layout_iterations(), 3);
    let mut weights = KindWeights::default();
    weights.set(Kind::Mention, -1.0);
    assert!(session.set_kind_weights(weights).is_err());
    assert_eq!(session.layout_iterations(), 3, "nothing changed");
    weights.set(Kind::Mention, 0.0);
    assert!(session.set_kind_weights(weights).unwrap());
    assert_eq!(session.layout_iterations(), 0);
    assert!(!session.set_kind_weights(weights).unwrap());
}

#[test]
fn an_analysis_replays_bit_for_bit_from_its_file() {
    let mut first = ready();
    let mut weights = KindWeights::default();
    weights.set(Kind::Repost, 3.0);
    first.set_kind_weights(weights).unwrap();
    first
        .set_params(
            "pagerank",
            Params::default()
                .with("alpha", 0.7)
                .with_accounts("seeds", &["b"]),
        )
        .unwrap();
    first
        .set_index_weights(IndexWeights([2.0, 1.0, 0.5, 3.0]))
        .unwrap();
    first.start_layout(&SettingsPatch::default()).unwrap();
    first.step_layout(5, &mut Vec::new()).unwrap();
    let saved = first.settings().to_json();

    let mut second = Session::new();
    second.apply(AnalysisFile::parse(&saved).unwrap()).unwrap();
    read(&mut second, "edges.csv", EDGES);
    let summary = second.finish().unwrap();
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    for metric in ["pagerank", "influence_index", "in_strength"] {
        let a = first.column(metric, &mut Silent).unwrap();
        let b = second.column(metric, &mut Silent).unwrap();
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a.values), bits(&b.values), "{metric}");
    }
    second.replay_layout(None).unwrap();
    assert_eq!(second.layout_iterations(), 5);
    assert_eq!(second.settings().to_json(), saved);
}

#[test]
fn a_file_that_differs_from_the_analysis_is_named_and_still_read() {
    let saved = ready().settings();
    let mut second = Session::new();
    second.apply(saved).unwrap();
    read(&mut second, "dir/edges.csv", &EDGES.replace("d,b,mention\n", ""));
    let summary = second.finish().unwrap();
    assert_eq!(summary.warnings.len(), 1);
    let warning = &summary.warnings[0];
    assert_eq!(warning.file, "dir/edges.csv");
    assert!(warning
        .message
        .contains("differs from the one the analysis was saved with"));
    assert_eq!(summary.network.nodes, 4, "the analysis runs on what was given");

    let mut third = Session::new();
    third.apply(ready().settings()).unwrap();
    read(&mut third, "other.csv", EDGES);
    let summary = third.finish().unwrap();
    assert!(summary.warnings[0].message.contains("which was not given"));
}

#[test]
fn a_saved_mapping_is_used_to_read_the_file_again() {
    use attache::ingest::{ColumnRole, TableOptions};
    let swapped = "to;from\na;b\na;c\n";
    let mapping = FileOptions {
        table: Some(TableOptions {
            delimiter: Some(';'),
            has_header: Some(true),
            columns: Some(vec![ColumnRole::Target, ColumnRole::Source]),
            ..TableOptions::default()
        }),
        format: None,
    };
    let mut first = Session::new();
    first.begin_file("swapped.csv", Some(mapping.clone())).unwrap();
    first.push(swapped.as_bytes()).unwrap();
    first.end_file().unwrap();
    first.finish().unwrap();
    let saved = first.settings();
    assert_eq!(saved.files[0].options, Some(mapping));

    let mut second = Session::new();
    second.apply(saved).unwrap();
    read(&mut second, "swapped.csv", swapped);
    second.finish().unwrap();
    let in_degree = |s: &Session| s.column("in_degree", &mut Silent).unwrap().values.clone();
    assert_eq!(in_degree(&first), in_degree(&second));
}

#[test]
fn timelines_are_cut_once() {
    let mut session = Session::new();
    read(
        &mut session,
        "timed.csv",
        "source,target,timestamp\na,b,2024-01-01T00:00:00Z\nb,a,2024-02-03T00:00:00Z\n",
    );
    session.finish().unwrap();
    let first = session.timeline(WindowWidth::Month).unwrap();
    assert!(Arc::ptr_eq(
        &first,
        &session.timeline(WindowWidth::Month).unwrap()
    ));
    assert_eq!(first.windows().len(), 2);
}

#[test]
fn time_is_honest_about_empty_and_thin_windows() {
    let mut session = Session::new();
    let fixture = std::fs::read_to_string("tests/fixtures/tables/gap_month.csv").unwrap();
    read(&mut session, "gap_month.csv", &fixture);
    session.finish().unwrap();
    let timeline = session.timeline(WindowWidth::Month).unwrap();
    let windows: Vec<(String, usize, WindowStatus)> = timeline
        .windows()
        .iter()
        .map(|w| (w.label.clone(), w.interactions, w.status))
        .collect();
    use WindowStatus::{Empty, Ranked, Thin};
    assert_eq!(
        windows,
        [
            ("2024-01", 30, Ranked),
            ("2024-02", 0, Empty),
            ("2024-03", 25, Ranked),
            ("2024-04", 20, Ranked),
            ("2024-05", 3, Thin),
        ]
        .map(|(label, n, status)| (label.to_owned(), n, status))
    );
    // The two largest adjacent windows, not the last two (20 and 3) nor the first and last.
    assert_eq!(timeline.default_comparison(), Some((2, 3)));
    let accounts: Vec<u32> = (0..3).collect();
    for metric in WindowMetric::ALL {
        let lines = session
            .trajectories(WindowWidth::Month, metric, &accounts, &mut Silent)
            .unwrap();
        for line in &lines {
            assert_eq!(line.ranks[1], 0, "no rank in the empty month ({metric:?})");
            assert!(line.scores[1].is_nan());
            assert!(line.ranks.iter().enumerate().all(|(w, &r)| w == 1 || r > 0));
        }
    }
    assert_eq!(
        session
            .movers(WindowWidth::Month, WindowMetric::PageRank, (1, 2), 5, &mut Silent)
            .unwrap_err()
            .to_string(),
        "the window 2024-02 has no interactions: nobody has a rank there"
    );
    let movers = session
        .movers(
            WindowWidth::Month,
            WindowMetric::InStrength,
            (2, 3),
            5,
            &mut Silent,
        )
        .unwrap();
    let risers: Vec<(&str, i64)> = movers.risers.iter().map(|m| (m.id.as_str(), m.change)).collect();
    // g: nothing received in March (5th, tied) to 5 in April (2nd); c: 4 (3rd) to 11 (1st).
    assert_eq!(risers, [("g", 3), ("c", 2)]);
}

#[test]
fn pseudonyms_name_accounts_in_exports() {
    let mut session = ready();
    session.set_pseudonyms(Some("7".into()));
    let table = session.score_table(&["in_degree"], &mut Silent).unwrap();
    let mut out = Vec::new();
    session.write_scores_csv(&table, &[0, 1, 2, 3], &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Account 000") && !text.contains("\nb,"), "{text}");
    let mut report = Vec::new();
    session
        .write_report_json(&table, &[0], None, &mut report)
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&report).unwrap();
    assert_eq!(report["analysis"]["salt"], serde_json::Value::Null);
    assert!(report["methods"]
        .as_str()
        .unwrap()
        .starts_with("In-degree; kind weights"));
}

#[test]
fn the_same_content_twice_is_read_once_with_a_note() {
    let mut session = Session::new();
    read(&mut session, "edges.csv", EDGES);
    let mut copy = EDGES.as_bytes();
    let report = session
        .skip_if_repeat("copy of edges.csv", &mut copy)
        .unwrap()
        .expect("the copy is recognised");
    assert!(
        report.notes[0].starts_with("the same content as edges.csv"),
        "{:?}",
        report.notes
    );
    // Another file of the same size is read.
    let other = EDGES.replace("b,a,retweet", "a,b,retweet");
    let mut bytes = other.as_bytes();
    assert!(session.skip_if_repeat("other.csv", &mut bytes).unwrap().is_none());
    read(&mut session, "other.csv", &other);
    let summary = session.finish().unwrap();
    let once = common::session_of(&[("edges.csv", EDGES.as_bytes()), ("other.csv", other.as_bytes())]);
    assert_eq!(
        summary.network.interactions,
        once.network().unwrap().summary().interactions
    );
    assert!(session.unread_inputs().is_empty(), "a repeat is no failure");
}

#[test]
fn warnings_name_accounts_as_the_naming_does() {
    let kpop = common::fixture("twarc2/kpop.jsonl");
    let mut session = common::session_of(&[("kpop.jsonl", &kpop)]);
    let real: Vec<String> = session
        .named_warnings()
        .unwrap()
        .into_iter()
        .map(|w| w.message)
        .collect();
    assert!(real.iter().any(|m| m.contains("leeseunggi")), "{real:?}");
    session.set_pseudonyms(Some("salt".into()));
    let hidden: Vec<String> = session
        .named_warnings()
        .unwrap()
        .into_iter()
        .map(|w| w.message)
        .collect();
    assert_eq!(hidden.len(), real.len());
    assert!(!hidden.iter().any(|m| m.contains("leeseunggi")), "{hidden:?}");
    assert!(hidden.iter().any(|m| m.contains("[hidden]")), "{hidden:?}");
}

#[test]
fn an_archive_answers_its_owner_first() {
    let mut session = Session::new();
    // Tweets before the account file: the owner is a placeholder until account.js names it.
    for name in [
        "tweets.js",
        "tweets-part1.js",
        "follower.js",
        "following.js",
        "account.js",
    ] {
        let bytes = std::fs::read(format!("tests/fixtures/x-archive/handmade/{name}")).unwrap();
        common::push_file(&mut session, name, &bytes, 97);
    }
    session.finish().unwrap();
    let view = session.owner_view().unwrap().expect("an archive has an owner");
    assert_eq!(
        (view.owner.id.as_str(), view.owner.label.as_str()),
        ("1000000000000000001", "emb_example")
    );
    assert!(view.other_owners.is_empty());
    // Its posts that travelled: by the reposts X counted, then likes.
    assert_eq!(view.posts, 8);
    assert_eq!(
        (
            view.public_totals.reposts,
            view.public_totals.likes,
            view.public_totals.quotes
        ),
        (Some(8), Some(35), None)
    );
    let travelled: Vec<_> = view
        .travelled
        .iter()
        .map(|p| (p.id.as_str(), p.reposts, p.likes))
        .collect();
    assert_eq!(
        travelled[..3],
        [
            ("1700000000000000004", Some(5), Some(20)),
            ("1700000000000000002", Some(2), Some(11)),
            ("1700000000000000008", Some(1), Some(3))
        ]
    );
    // Whom it engages, and how: ties in account order.
    assert_eq!(view.engaged_accounts, 6);
    let engaged: Vec<_> = view
        .engaged
        .iter()
        .map(|e| {
            (
                e.account.label.as_str(),
                e.interactions,
                e.kinds.keys().map(String::as_str).collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        engaged[..3],
        [
            ("ministry_x", 2.0, vec!["follow", "repost"]),
            ("amb_y", 2.0, vec!["reply"]),
            ("NGO_Z", 2.0, vec!["mention", "quote"])
        ]
    );
    // follower.js: two accounts follow it. Its month of activity.
    assert_eq!(view.received.get("follow"), Some(&2));
    let activity: Vec<_> = view
        .activity
        .iter()
        .map(|m| (m.month.as_str(), m.posts, m.interactions))
        .collect();
    assert_eq!(activity, [("2023-09", 8, 7)]);
}

#[test]
fn a_collection_has_no_owner_view() {
    assert_eq!(ready().owner_view().unwrap(), None);
}

/// Two cycles of attention joined through `h` (c → h → d), and a pair apart.
const JOINED: &str = "source,target,type\na,b,retweet\nb,c,retweet\nc,a,mention\nc,h,reply\nh,d,retweet\n\
    d,e,retweet\ne,f,mention\nf,d,retweet\nx,y,retweet\nx,y,mention\n";

fn joined() -> Session {
    let mut session = Session::new();
    read(&mut session, "joined.csv", JOINED);
    session.finish().unwrap();
    session
}

#[test]
fn structure_gatekeeping_and_paths_follow_the_kind_weights() {
    let mut session = joined();
    let id = |session: &Session, id: &str| session.account(id).unwrap();
    let structure = session.structure().unwrap();
    assert_eq!((structure.components, structure.largest_component), (2, 7));
    assert_eq!(
        (structure.strong_components, structure.largest_strong_component),
        (5, 3)
    );
    assert_eq!(structure.accounts_in_cycles, 6);
    assert!(structure.has_cycle);

    let (c, h, d) = (id(&session, "c"), id(&session, "h"), id(&session, "d"));
    let hub = session.gatekeeping(h).unwrap();
    assert!(hub.gatekeeper);
    assert_eq!(hub.parts, 2);
    assert_eq!(hub.bridges_to, vec![c, d]);
    let corner = session.gatekeeping(id(&session, "a")).unwrap();
    assert_eq!(
        (corner.gatekeeper, corner.parts, corner.bridges_to.len()),
        (false, 1, 0)
    );
    let pair = session.gatekeeping(id(&session, "x")).unwrap();
    assert_eq!((pair.gatekeeper, pair.parts), (false, 1));
    assert_eq!(pair.bridges_to, vec![id(&session, "y")]);

    let (a, f) = (id(&session, "a"), id(&session, "f"));
    let path = session.attention_path(a, f).unwrap();
    assert_eq!(path.hops, Some(6));
    let names: Vec<&str> = path
        .path
        .iter()
        .map(|&k| session.network().unwrap().accounts[k as usize].id.as_str())
        .collect();
    assert_eq!(names, ["a", "b", "c", "h", "d", "e", "f"]);
    assert_eq!(path.steps[2].kinds.get(&Kind::Reply), Some(&1.0));
    let back = session.attention_path(f, a).unwrap();
    assert_eq!((back.hops, back.path.len()), (None, 0));
    assert!(session.attention_path(a, 99).is_err(), "an index out of range");

    // Without replies c → h is gone: two separate conversations, no path, no gatekeeper at h.
    let mut weights = KindWeights::default();
    weights.set(Kind::Reply, 0.0);
    session.set_kind_weights(weights).unwrap();
    assert_eq!(session.structure().unwrap().components, 3);
    assert_eq!(session.attention_path(a, f).unwrap().hops, None);
    let hub = session.gatekeeping(h).unwrap();
    assert_eq!((hub.gatekeeper, hub.parts), (false, 1));
}

/// A cluster's result back in a session: the CSV `write_scores_csv` writes (what `attache
/// score --format csv` and the Spark job write) is read as a scores table, each account
/// with its label and attributes, each metric column as the imported column of that id.
#[test]
fn scores_written_by_the_session_read_back_with_the_same_ids_and_values() {
    let edges =
        "source,target,type\nb,a,retweet\nc,a,reply\nd,a,follow\nb,c,mention\na,d,retweet\n\"e,1\",b,quote\n";
    let nodes = "id,label,camp\na,\"Ann, the first\",north\nb,Bob,south\nlonely,,east\n";
    let original = common::session_of(&[("edges.csv", edges.as_bytes()), ("nodes.csv", nodes.as_bytes())]);
    let metrics = [
        "pagerank",
        "influence_index",
        "in_degree",
        "reposts_in",
        "community",
    ];
    let table = original.score_table(&metrics, &mut Silent).unwrap();
    let order = Session::ranking(&table.columns[0]);
    let mut csv = Vec::new();
    original.write_scores_csv(&table, &order, &mut csv).unwrap();

    let mut back = Session::new();
    common::push_file(&mut back, "scores.csv", &csv, 5);
    let summary = back.finish().unwrap();
    assert_eq!(summary.files[0].format, attache::ingest::Format::ScoresTable);
    assert!(back.warnings().is_empty(), "{:?}", back.warnings());
    let ids = common::account_ids(&back);
    let network = original.network().unwrap();
    let mut expected_ids: Vec<String> = order
        .iter()
        .map(|&i| network.accounts[i as usize].id.clone())
        .collect();
    assert_eq!(ids, expected_ids, "every account, in the order of the file");
    let imported: Vec<String> = back
        .imported_columns()
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    let expected: Vec<String> = metrics.iter().map(|m| format!("imported:{m}")).collect();
    assert_eq!(imported, expected);
    for (metric, values) in metrics.iter().zip(&table.columns) {
        let read = common::column(&back, &format!("imported:{metric}"));
        for (row, &account) in order.iter().enumerate() {
            let (was, is) = (values[account as usize], read[row]);
            assert!(
                was == is || (was.is_nan() && is.is_nan()),
                "{metric} of {}: {was} then {is}",
                ids[row]
            );
        }
    }
    let accounts = &back.network().unwrap().accounts;
    let ann = accounts.iter().find(|a| a.id == "a").unwrap();
    assert_eq!(ann.label.as_deref(), Some("Ann, the first"));
    assert_eq!(ann.attributes.get("camp").map(String::as_str), Some("north"));
    assert!(
        back.attribute_keys().unwrap() == ["camp"],
        "scores are columns, not attributes"
    );
    // Written again, the table names the imported columns and reads back the same once more.
    let again = back.score_table(&["imported:pagerank"], &mut Silent).unwrap();
    let mut second = Vec::new();
    back.write_scores_csv(&again, &Session::ranking(&again.columns[0]), &mut second)
        .unwrap();
    let twice = common::session_of(&[("scores2.csv", &second)]);
    assert_eq!(
        common::column(&twice, "imported:pagerank"),
        common::column(&back, "imported:pagerank")
    );
    expected_ids.sort();
    let mut twice_ids = common::account_ids(&twice);
    twice_ids.sort();
    assert_eq!(twice_ids, expected_ids);
}

/// What the page's worker pool does: plan, run the blocks (here on a copy of the snapshot,
/// in reverse order), then keep the column from the parts. It must be the column a
/// session computes in one go, bit for bit, and then count as kept.
#[test]
fn a_column_computed_in_parts_elsewhere_is_the_column() {
    let bytes = common::fixture("twarc2/kpop.jsonl");
    let settings = [
        ("betweenness", Params::default().with("k", 30.0).with("seed", 3.0)),
        ("betweenness", Params::default()),
        ("closeness", Params::default()),
        ("harmonic", Params::default()),
        ("community", Params::default().with("restarts", 4.0)),
    ];
    for (id, params) in settings {
        let mut whole = common::session_of(&[("kpop.jsonl", &bytes)]);
        let mut parts = common::session_of(&[("kpop.jsonl", &bytes)]);
        whole.set_params(id, params.clone()).unwrap();
        parts.set_params(id, params.clone()).unwrap();
        let expected = whole.column(id, &mut Silent).unwrap();

        let blocks = parts.split_plan(id).unwrap().expect("splits");
        let (graph, _) = parts.snapshot().unwrap();
        let copy = attache::csr::Csr::from_out(graph.node_count(), graph.out.clone()).unwrap();
        let split = attache::metrics::split::Split::plan(id, &copy, &params)
            .unwrap()
            .unwrap();
        assert_eq!(split.block_count(), blocks);
        let mut computed: Vec<(usize, Vec<f64>)> = (0..blocks)
            .rev()
            .map(|b| (b, split.run_block(&copy, b, &mut |_| Ok(())).unwrap()))
            .collect();
        computed.sort_by_key(|(b, _)| *b);
        // The owner computes a block too: the same part as the copy's.
        assert_eq!(parts.run_block(id, 0, &mut Silent).unwrap(), computed[0].1);
        let accepted = parts
            .accept_blocks(id, computed.into_iter().map(|(_, part)| part).collect())
            .unwrap();
        let bits = |values: &[f64]| values.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&accepted.values), bits(&expected.values), "{id}");
        assert_eq!(accepted.details, expected.details, "{id}");
        assert_eq!(
            parts.split_plan(id).unwrap(),
            None,
            "{id}: kept, nothing left to split"
        );
        assert!(Arc::ptr_eq(&parts.column(id, &mut Silent).unwrap(), &accepted));
    }
    let session = ready();
    assert_eq!(session.split_plan("pagerank").unwrap(), None);
    let wrong = session.accept_blocks("closeness", vec![vec![1.0]]);
    assert!(wrong.unwrap_err().to_string().contains("do not fit"));
}

/// A cluster's result read back (its scores table and the sub-network of its top
/// accounts): groups weigh their members by the imported PageRank and index, which
/// describe the whole collection, not by those of the sample read.
#[test]
fn groups_of_an_imported_table_are_weighed_by_its_scores() {
    let scores = "id,label,pagerank,influence_index,camp\n\
                  a,A,0.5,90,north\nb,B,0.2,60,north\nc,C,0.2,40,south\nd,D,,10,south\n";
    let top_edges = "source,target\nb,a\nc,a\na,c\n";
    let session = common::session_of(&[
        ("scores.csv", scores.as_bytes()),
        ("edges_top.csv", top_edges.as_bytes()),
    ]);
    let (_, _, report) = session.groups("camp", 5, &mut Silent).unwrap();
    assert_eq!(report.pagerank_column, "imported:pagerank");
    assert_eq!(report.index_column, "imported:influence_index");
    let north = report.groups.iter().find(|g| g.name == "north").unwrap();
    let south = report.groups.iter().find(|g| g.name == "south").unwrap();
    // d has no imported PageRank: left aside, so the shares are of 0.9.
    assert!((north.pagerank_share - 0.7 / 0.9).abs() < 1e-12, "{north:?}");
    assert!((south.pagerank_share - 0.2 / 0.9).abs() < 1e-12, "{south:?}");
    assert_eq!((north.index_sum, south.index_sum), (150.0, 50.0));
    assert_eq!(south.top_members[0].id, "c");

    // Without imported scores, the groups are weighed by what is computed here.
    let computed = common::session_of(&[("edges.csv", EDGES.as_bytes())]);
    let by_kind = computed.groups("community", 5, &mut Silent).unwrap().2;
    assert_eq!(
        (by_kind.pagerank_column.as_str(), by_kind.index_column.as_str()),
        ("pagerank", "influence_index")
    );
    let shares: f64 = by_kind.groups.iter().map(|g| g.pagerank_share).sum();
    assert!((shares - 1.0).abs() < 1e-12);
}

/// A table of the kind that trips a reader split at line ends: a byte-order mark, CRLF
/// line ends, `;` as the delimiter, quoted cells holding line ends, delimiters and doubled
/// quotes, and bad rows scattered through it (a short row, a weight that is no number).
fn awkward_table(rows: usize) -> Vec<u8> {
    let mut text = String::from("\u{feff}source;target;type;weight;note\r\n");
    for row in 0..rows {
        let (source, target) = ((row * 7919) % 4001, (row * 104_729 + 13) % 3989);
        match row {
            r if r % 997 == 0 => text.push_str("lonely\r\n"),
            r if r % 1503 == 0 => text.push_str(&format!("u{source};u{target};reply;heavy;x\r\n")),
            r if r % 5 == 0 => text.push_str(&format!(
                "u{source};\"u{target}\";retweet;{};\"first line\r\nsecond; with \"\"quotes\"\"\"\r\n",
                1 + row % 3
            )),
            _ => text.push_str(&format!("u{source};u{target};mention;1;plain\r\n")),
        }
    }
    text.into_bytes()
}

#[test]
fn a_table_read_on_any_number_of_threads_is_the_same_network_and_warnings() {
    let bytes = awkward_table(60_000);
    let read_with = |threads: usize, chunk: usize| {
        let mut session = Session::new();
        session.set_threads(threads);
        common::push_file(&mut session, "awkward.csv", &bytes, chunk);
        let summary = session.finish().unwrap();
        let pagerank: Vec<u64> = common::column(&session, "pagerank")
            .iter()
            .map(|v| v.to_bits())
            .collect();
        let (graph, _) = session.snapshot().unwrap();
        let snapshot = (graph.out.clone(), graph.inc.clone());
        (
            format!("{summary:?}"),
            common::account_ids(&session),
            pagerank,
            format!("{:?}", session.warnings()),
            snapshot,
        )
    };
    let one = read_with(1, 1 << 16);
    assert!(one.1.len() > 3000, "{} accounts", one.1.len());
    assert!(one.3.contains("awkward.csv"), "the bad rows are reported");
    for (threads, chunk) in [(2, 1 << 16), (3, 7777), (8, 1 << 20), (2, 61)] {
        let many = read_with(threads, chunk);
        assert!(
            one.0 == many.0,
            "{threads} threads, chunks of {chunk}: the summary differs"
        );
        assert!(
            one.1 == many.1,
            "{threads} threads, chunks of {chunk}: the account order differs"
        );
        assert!(
            one.2 == many.2,
            "{threads} threads, chunks of {chunk}: PageRank differs"
        );
        assert!(
            one.3 == many.3,
            "{threads} threads, chunks of {chunk}: the warnings differ"
        );
    }
}
