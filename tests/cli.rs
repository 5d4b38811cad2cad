//! The command-line tool as a user runs it: outputs, warnings and exit codes.

mod common;

use common::{attache, stderr, stdout, temp_file};

#[test]
fn score_csv_has_a_header_and_one_row_per_account_in_rank_order() {
    let output = attache(&["score", "tests/fixtures/graphs/karate.csv", "--format", "csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "id,label,pagerank,in_degree");
    assert_eq!(lines.len(), 1 + 34);
    // networkx ranks the two leaders of the club first: 33 (the administrator) then 0 (the instructor).
    assert!(lines[1].starts_with("33,33,0.1009"), "{}", lines[1]);
    assert!(lines[2].starts_with("0,0,0.0969"), "{}", lines[2]);
}

#[test]
fn metrics_all_selects_every_catalogued_metric() {
    let printed = common::score_all_top_row("tests/fixtures/graphs/weighted_dangling.csv");
    let header = printed.lines().next().unwrap();
    for metric in attache::metrics::catalogue() {
        assert!(
            header.split(',').any(|c| c == metric.info.id),
            "{header} lacks {}",
            metric.info.id
        );
    }
    assert_eq!(printed.lines().count(), 2);
}

#[test]
fn score_table_and_json_agree_on_the_leader() {
    let table = attache(&["score", "tests/fixtures/graphs/karate.csv", "--top", "3"]);
    assert!(table.status.success());
    let text = stdout(&table);
    assert!(text.lines().next().unwrap().contains("pagerank"));
    assert!(
        text.lines().nth(1).unwrap().trim_start().starts_with("1  33"),
        "{text}"
    );

    let json = attache(&[
        "score",
        "tests/fixtures/graphs/karate.csv",
        "--format",
        "json",
        "--top",
        "1",
    ]);
    let document: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(document["accounts"][0]["id"], "33");
    assert_eq!(document["accounts"][0]["scores"]["in_degree"], 17.0);
}

#[test]
fn inspect_json_counts_nodes_edges_interactions_and_warnings() {
    let file = temp_file(
        "inspect.csv",
        "source,target,weight\na,b,1\na,b,2\nb,a,1\nc,c,1\nbroken\nd,e,x\n",
    );
    let output = attache(&["inspect", file.to_str().unwrap(), "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["nodes"], 3);
    assert_eq!(document["edges"], 2);
    assert_eq!(document["interactions"]["link"], 3);
    assert_eq!(document["self_interactions"], 1);
    assert_eq!(document["files"][0]["format"], "edge_list");
    assert_eq!(document["files"][0]["path"], file.to_str().unwrap());
    let warnings = document["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 2);
    assert_eq!(warnings[0]["line"], 6);
    assert_eq!(warnings[1]["line"], 7);
    assert!(warnings[1]["message"]
        .as_str()
        .unwrap()
        .contains("expected a number"));
}

#[test]
fn inspect_shows_what_became_of_node_rows() {
    let files = [
        "tests/fixtures/tables/gephi_nodes.csv",
        "tests/fixtures/tables/gephi_edges.csv",
    ];
    let output = attache(&["inspect", files[0], files[1]]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("gephi_nodes.csv: node_table"), "{text}");
    assert!(
        text.contains("node rows 4 (matched 3 by id, 0 by handle; 1 added; 0 ambiguous)"),
        "{text}"
    );
    let output = attache(&["inspect", files[0], files[1], "--json"]);
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["nodes"], 5);
    assert_eq!(document["files"][0]["node_rows"]["matched_by_id"], 3);
}

#[test]
fn a_missing_file_exits_1_naming_it_and_the_others_still_load() {
    let output = attache(&[
        "score",
        "no/such/file.csv",
        "tests/fixtures/graphs/karate.csv",
        "--top",
        "1",
        "--format",
        "csv",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot read no/such/file.csv"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).lines().nth(1).unwrap().starts_with("33,"));
}

#[test]
fn a_file_that_yields_nothing_exits_1_naming_it_and_the_others_still_load() {
    for (file, why) in [
        ("tests/fixtures/real-shapes/empty.csv", "the file is empty"),
        (
            "tests/fixtures/real-shapes/league.txt",
            "its format was not recognised",
        ),
        (
            "tests/fixtures/real-shapes/every_row_skipped.csv",
            "every one of its 2 records was skipped",
        ),
    ] {
        let output = attache(&[
            "score",
            file,
            "tests/fixtures/graphs/karate.csv",
            "--top",
            "1",
            "--format",
            "csv",
        ]);
        assert_eq!(output.status.code(), Some(1), "{file}");
        let expected = format!("nothing could be read from {file}: {why}");
        assert!(stderr(&output).contains(&expected), "{file}: {}", stderr(&output));
        assert!(
            stdout(&output).lines().nth(1).unwrap().starts_with("33,"),
            "{file}"
        );
    }
    let fine = attache(&["inspect", "tests/fixtures/real-shapes/league.zip"]);
    assert_eq!(fine.status.code(), Some(0), "{}", stderr(&fine));
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(attache(&["score"]).status.code(), Some(2));
    assert_eq!(
        attache(&["score", "x.csv", "--format", "xml"]).status.code(),
        Some(2)
    );
    let unknown = attache(&["score", "tests/fixtures/graphs/karate.csv", "--metrics", "fame"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("unknown metric 'fame'"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn bad_rows_warn_on_stderr_with_file_and_line() {
    let file = temp_file("rows.csv", "a,b\nonly-one\n");
    let output = attache(&["score", file.to_str().unwrap(), "--format", "csv"]);
    assert!(output.status.success());
    assert!(
        stderr(&output).contains(&format!("{}:2: expected at least 2 columns", file.display())),
        "{}",
        stderr(&output)
    );
}

/// b reposts a twice and replies to c; c mentions a; d follows a.
const SOCIAL_CSV: &str = "source,target,weight,type,timestamp\n\
    b,a,1,retweet,2021-03-01T10:00:00Z\n\
    b,a,1,retweet,2021-03-02T10:00:00Z\n\
    b,c,1,reply,2021-03-09T10:00:00Z\n\
    c,a,1,mention,2021-03-10T10:00:00Z\n\
    d,a,1,follow,\n";

#[test]
fn explain_traces_the_index_and_the_pagerank_an_account_receives() {
    let file = temp_file("explain.csv", SOCIAL_CSV);
    let output = attache(&["explain", file.to_str().unwrap(), "--account", "a", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["account"]["id"], "a");
    assert_eq!(document["index_rank"], 1);
    let pillars = document["pillars"].as_array().unwrap();
    assert_eq!(pillars[0]["source"], "follows_in");
    let points: f64 = pillars.iter().filter_map(|p| p["contribution"].as_f64()).sum();
    assert!((points - document["influence_index"].as_f64().unwrap()).abs() < 1e-9);
    let reposts = document["lenses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "reposts_in")
        .unwrap();
    assert_eq!(
        (reposts["value"].as_f64(), reposts["rank"].as_u64()),
        (Some(2.0), Some(1))
    );
    let contributors = document["contributors"].as_array().unwrap();
    assert_eq!(contributors.len(), 3);
    let b = contributors.iter().find(|c| c["id"] == "b").unwrap();
    assert_eq!(b["interactions"], serde_json::json!({"repost": 2.0}));

    let text = attache(&[
        "explain",
        file.to_str().unwrap(),
        "--account",
        "a",
        "--weights",
        "network=0",
    ]);
    assert!(text.status.success(), "{}", stderr(&text));
    assert!(stdout(&text).contains("influence index"), "{}", stdout(&text));

    let unknown = attache(&["explain", file.to_str().unwrap(), "--account", "zz"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("no account with id 'zz'"));
    let bad_weight = attache(&[
        "explain",
        file.to_str().unwrap(),
        "--account",
        "a",
        "--weights",
        "fame=1",
    ]);
    assert_eq!(bad_weight.status.code(), Some(2));
}

#[test]
fn groups_by_a_metric_column_or_an_attribute_nobody_has() {
    let file = temp_file("groups.csv", SOCIAL_CSV);
    let output = attache(&["groups", file.to_str().unwrap(), "--by", "in_degree", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let names: Vec<&str> = document["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["0", "1", "3"]);
    assert_eq!(document["groups"][0]["members"], 2);
    assert_eq!(document["groups"][0]["topics"]["posts"], 0);
    let flow = document["flows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["from"] == 0 && f["to"] == 2)
        .unwrap();
    assert_eq!(flow["kinds"], serde_json::json!({"follow": 1.0, "repost": 2.0}));

    let karate = attache(&["groups", "tests/fixtures/graphs/karate.csv", "--by", "country"]);
    assert!(karate.status.success(), "{}", stderr(&karate));
    let text = stdout(&karate);
    assert!(text.contains("(none)       34"), "{text}");
    assert!(text.contains("(none) → (none): 156 (link 156)"), "{text}");
}

#[test]
fn kind_weights_change_the_graph_the_scores_read() {
    let file = temp_file("kinds.csv", SOCIAL_CSV);
    let strength_of_a = |extra: &[&str]| -> String {
        let mut args = vec![
            "score",
            file.to_str().unwrap(),
            "--metrics",
            "in_strength",
            "--format",
            "csv",
        ];
        args.extend_from_slice(extra);
        let output = attache(&args);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output).lines().nth(1).unwrap().to_owned()
    };
    assert_eq!(strength_of_a(&[]), "a,a,4");
    assert_eq!(strength_of_a(&["--kind-weights", "repost=3,follow=0"]), "a,a,7");
    let bad = attache(&["score", file.to_str().unwrap(), "--kind-weights", "like=1"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("unknown interaction kind 'like'; kinds: follow"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn inspect_opens_zip_archives_by_random_access() {
    let output = attache(&["inspect", "tests/fixtures/archives/x-archive.zip", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let files = document["files"].as_array().unwrap();
    assert_eq!(files[0]["format"], "zip");
    assert_eq!(
        files[1]["path"],
        "tests/fixtures/archives/x-archive.zip/data/manifest.js"
    );
    assert!(files
        .iter()
        .all(|f| !f["path"].as_str().unwrap().contains("direct-messages")));
    assert_eq!(document["interactions"]["follow"], 4);
    assert!(files[0]["notes"][0].as_str().unwrap().contains("not opened"));
}

#[test]
fn score_gexf_writes_every_account_with_scores_and_laid_out_positions() {
    let output = attache(&[
        "score",
        "tests/fixtures/graphs/karate.csv",
        "--format",
        "gexf",
        "--layout",
        "50",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let mut reader = quick_xml::Reader::from_str(&text);
    let (mut nodes, mut positions, mut edges) = (0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed GEXF") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().as_ref() {
                    "node" => nodes += 1,
                    "viz:position" => positions += 1,
                    "edge" => edges += 1,
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((nodes, positions), (34, 34));
    // The karate edge list is undirected: each of the 78 ties is read both ways.
    assert_eq!(edges, 156);
    assert!(text.contains(r#"<attribute id="score:pagerank" title="PageRank" type="double"/>"#));
}

/// The PageRank column of `score --format csv` (id, label, pagerank), by account id.
fn pagerank_by_id(args: &[&str]) -> std::collections::BTreeMap<String, String> {
    let mut all = vec![
        "score",
        "tests/fixtures/graphs/karate.csv",
        "--metrics",
        "pagerank",
        "--format",
        "csv",
    ];
    all.extend_from_slice(args);
    let output = attache(&all);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[0].to_owned(), cells.last().unwrap().to_string())
        })
        .collect()
}

#[test]
fn lens_parameters_reach_the_score_explain_and_the_index_alike() {
    let plain = pagerank_by_id(&[]);
    let seeded = pagerank_by_id(&["--param", "pagerank.seeds=33,25", "--param", "pagerank.alpha=0.7"]);
    assert_ne!(plain["25"], seeded["25"]);
    let explained = attache(&[
        "explain",
        "tests/fixtures/graphs/karate.csv",
        "--account",
        "25",
        "--param",
        "pagerank.seeds=33,25",
        "--param",
        "pagerank.alpha=0.7",
        "--json",
    ]);
    assert!(explained.status.success(), "{}", stderr(&explained));
    let document: serde_json::Value = serde_json::from_slice(&explained.stdout).unwrap();
    let pagerank = document["pagerank"].as_f64().unwrap();
    let listed: f64 = seeded["25"].parse().unwrap();
    assert!(
        (pagerank - listed).abs() <= 1e-9 * listed.max(1.0),
        "{pagerank} vs {listed}"
    );
    let network = document["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pillar"] == "network")
        .unwrap();
    assert_eq!(
        network["raw"].as_f64(),
        Some(pagerank),
        "the index reads the same PageRank"
    );
}

#[test]
fn bad_lens_parameters_exit_2_naming_what_exists() {
    let run = |param: &str| attache(&["score", "tests/fixtures/graphs/karate.csv", "--param", param]);
    let unknown_metric = run("fame.alpha=1");
    assert_eq!(unknown_metric.status.code(), Some(2));
    assert!(
        stderr(&unknown_metric).contains("known metrics: "),
        "{}",
        stderr(&unknown_metric)
    );
    let unknown_param = run("pagerank.damping=0.9");
    assert_eq!(unknown_param.status.code(), Some(2));
    assert!(
        stderr(&unknown_param).contains("its parameters: alpha, seeds"),
        "{}",
        stderr(&unknown_param)
    );
    let out_of_range = run("pagerank.alpha=2");
    assert_eq!(out_of_range.status.code(), Some(2));
    assert!(stderr(&out_of_range).contains("alpha") || stderr(&out_of_range).contains("Damping"));
    assert!(stdout(&out_of_range).is_empty(), "nothing computed");
    let no_account = run("pagerank.seeds=nobody");
    assert_eq!(no_account.status.code(), Some(2));
    assert!(
        stderr(&no_account).contains("'nobody'"),
        "{}",
        stderr(&no_account)
    );
}

#[test]
fn a_saved_analysis_replays_bit_for_bit_and_flags_override_it() {
    let saved = temp_file("saved.attache.json", "");
    let first = pagerank_by_id(&[
        "--param",
        "pagerank.seeds=0",
        "--kind-weights",
        "follow=2",
        "--save-settings",
        saved.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&saved).unwrap();
    let analysis: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(analysis["format"], "attache-analysis");
    assert_eq!(analysis["files"][0]["name"], "karate.csv");
    assert_eq!(analysis["files"][0]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(analysis["params"]["pagerank"]["seeds"], serde_json::json!(["0"]));
    let replayed = pagerank_by_id(&["--settings", saved.to_str().unwrap()]);
    assert_eq!(first, replayed);
    let overridden = pagerank_by_id(&[
        "--settings",
        saved.to_str().unwrap(),
        "--param",
        "pagerank.seeds=33",
    ]);
    assert_ne!(first, overridden);
    assert_eq!(
        overridden,
        pagerank_by_id(&["--param", "pagerank.seeds=33", "--kind-weights", "follow=2"])
    );
}

#[test]
fn a_bad_analysis_file_computes_nothing_and_a_changed_input_warns() {
    let not_json = temp_file("bad.attache.json", "{ nope");
    let output = attache(&[
        "score",
        "tests/fixtures/graphs/karate.csv",
        "--settings",
        not_json.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("bad.attache.json"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).is_empty());
    let unknown_param = temp_file(
        "unknown.attache.json",
        r#"{"format":"attache-analysis","version":1,"params":{"pagerank":{"damping":0.9}}}"#,
    );
    let output = attache(&[
        "score",
        "tests/fixtures/graphs/karate.csv",
        "--settings",
        unknown_param.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stdout(&output).is_empty());

    let saved = temp_file("changed.attache.json", "");
    let data = temp_file("data.csv", "source,target\na,b\nb,c\n");
    let save = attache(&[
        "score",
        data.to_str().unwrap(),
        "--save-settings",
        saved.to_str().unwrap(),
    ]);
    assert!(save.status.success(), "{}", stderr(&save));
    std::fs::write(&data, "source,target\na,b\nc,b\n").unwrap();
    let replay = attache(&[
        "score",
        data.to_str().unwrap(),
        "--settings",
        saved.to_str().unwrap(),
    ]);
    assert!(replay.status.success(), "{}", stderr(&replay));
    assert!(
        stderr(&replay).contains("differs from the one the analysis was saved with"),
        "{}",
        stderr(&replay)
    );
}

#[test]
fn report_writes_one_self_contained_html_study() {
    let output = attache(&[
        "report",
        "tests/fixtures/twarc2/kpop.jsonl",
        "--lenses",
        "pagerank,betweenness",
        "--by",
        "community",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = stdout(&output);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<h3>How the network holds together</h3>"));
    assert!(html.contains("Components (separate conversations)"));
    for section in [
        "What was read",
        "Who leads",
        "Methods",
        "Groups by community",
        "Risers and fallers",
        "The map",
        "Reproducibility",
    ] {
        assert!(html.contains(&format!("<h2>{section}")), "{section}");
    }
    assert!(
        !html.contains("<script") && !html.contains("src="),
        "nothing to run or fetch"
    );
    // The collection spans one hour: no two windows are large enough to compare.
    assert!(
        html.contains("too few to rank, so no risers and fallers"),
        "the thin windows said"
    );
    assert!(
        html.contains("e568a2151348b9f272f880c727198f2e84b7da516772158aef331d3a5e71093c"),
        "the file's hash"
    );
    assert!(
        html.contains("&quot;format&quot;: &quot;attache-analysis&quot;"),
        "the analysis embedded"
    );
    let unknown = attache(&["report", "tests/fixtures/twarc2/kpop.jsonl", "--lenses", "fame"]);
    assert_eq!(unknown.status.code(), Some(2));
}

const COORDINATION_FILES: [&str; 5] = [
    "tests/fixtures/coordination/ring.twarc2.jsonl",
    "tests/fixtures/coordination/ring.v1.jsonl",
    "tests/fixtures/coordination/m1.outbox.json",
    "tests/fixtures/coordination/m2.outbox.json",
    "tests/fixtures/coordination/m3.outbox.json",
];

fn coordination(extra: &[&str]) -> std::process::Output {
    let mut args = vec!["coordination"];
    args.extend(COORDINATION_FILES);
    args.extend(extra);
    attache(&args)
}

#[test]
fn coordination_json_has_the_issue_s_shape_and_the_reference_s_groups() {
    let output = coordination(&["--format", "json", "--by", "repost"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["by"], "repost");
    assert_eq!(json["window"], 60);
    assert_eq!(json["min_shared"], 3);
    assert_eq!(json["seed"], attache::coordination::DEFAULT_SEED);
    assert_eq!(json["permutations"], attache::coordination::DEFAULT_PERMUTATIONS);
    let mut pairs: Vec<(String, String, u64)> = json["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let (a, b) = (p["a"].as_str().unwrap(), p["b"].as_str().unwrap());
            (
                a.min(b).to_owned(),
                a.max(b).to_owned(),
                p["shared"].as_u64().unwrap(),
            )
        })
        .collect();
    pairs.sort();
    let m = |name: &str| format!("https://mast.example/users/{name}");
    assert_eq!(
        pairs,
        [
            ("101".into(), "102".into(), 3),
            ("102".into(), "103".into(), 4),
            (m("m1"), m("m2"), 3)
        ]
    );
    let groups = json["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["members"], serde_json::json!(["101", "102", "103"]));
    assert_eq!(groups[0]["shared"], 7);
    assert_eq!(groups[0]["items"], 4);
    assert_eq!(groups[0]["median_gap_seconds"], 10.0);
    assert_eq!(groups[0]["top_items"][0]["item"], "5001");
    assert_eq!(groups[0]["top_items"][0]["author"], "900");
    assert_eq!(groups[0]["top_items"][0]["accounts"], 3);
    for group in groups {
        assert!(group["expected_shared"].is_number(), "{group}");
    }
}

#[test]
fn coordination_flags_set_the_lens_parameters_over_the_param_option_and_are_saved() {
    let saved = temp_file("coordination.attache.json", "");
    let output = coordination(&[
        "--param",
        "coordination.window=3600",
        "--param",
        "coordination.min_shared=1",
        "--min-shared",
        "2",
        "--format",
        "csv",
        "--permutations",
        "0",
        "--save-settings",
        saved.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "a,b,shared,group");
    // Within an hour and at least 2 shared: 101–103 join (5 pairs, tests/reference ring.json).
    assert_eq!(lines.len(), 1 + 5, "{text}");
    assert!(lines.contains(&"101,103,4,1"), "{text}");
    let settings = std::fs::read_to_string(&saved).unwrap();
    assert!(settings.contains("\"coordination\""), "{settings}");
    assert!(
        settings.contains("\"window\": 3600") && settings.contains("\"min_shared\": 2"),
        "{settings}"
    );

    // The saved analysis replays the same network; the lens agrees with it.
    let replayed = attache(&[
        "score",
        "--settings",
        saved.to_str().unwrap(),
        COORDINATION_FILES[0],
        COORDINATION_FILES[1],
        COORDINATION_FILES[2],
        COORDINATION_FILES[3],
        COORDINATION_FILES[4],
        "--metrics",
        "coordination",
        "--format",
        "csv",
    ]);
    assert!(replayed.status.success(), "{}", stderr(&replayed));
    let scores = stdout(&replayed);
    for row in [
        "101,ring_a1,2",
        "102,ring_a2,2",
        "103,ring_a3,2",
        "104,links_b1,1",
        "900,news_desk,0",
    ] {
        assert!(scores.lines().any(|line| line == row), "{row} in {scores}");
    }
}

#[test]
fn coordination_table_names_accounts_and_says_when_there_is_nothing_to_compare() {
    let output = coordination(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("3 groups"), "{text}");
    assert!(text.contains("members: ring_a1, ring_a2, ring_a3"), "{text}");
    assert!(text.contains("seed 15"), "{text}");
    assert!(text.contains("not proof"), "{text}");

    let none = attache(&["coordination", "tests/fixtures/graphs/karate.csv"]);
    assert!(none.status.success());
    assert!(stdout(&none).contains("nothing to compare"), "{}", stdout(&none));

    let bad = coordination(&["--by", "likes"]);
    assert_eq!(bad.status.code(), Some(2));
    let out_of_range = coordination(&["--min-shared", "0"]);
    assert_eq!(out_of_range.status.code(), Some(2));
    assert!(
        stderr(&out_of_range).contains("between 1 and"),
        "{}",
        stderr(&out_of_range)
    );
}

/// A cluster's result explored again: `attache score --format csv` output read back as a
/// scores table, with the edges of the top accounts beside it.
#[test]
fn a_scores_csv_reads_back_as_imported_columns_with_a_sub_network_beside_it() {
    let scored = attache(&[
        "score",
        "tests/fixtures/graphs/karate.csv",
        "--metrics",
        "pagerank,in_degree",
        "--format",
        "csv",
    ]);
    assert!(scored.status.success(), "{}", stderr(&scored));
    let written = stdout(&scored);
    let scores = temp_file("karate-scores.csv", &written);
    let edges = temp_file("karate-top.csv", "source,target\n0,33\n33,0\n32,33\n");
    let scores_path = scores.to_str().unwrap();
    let again = attache(&[
        "score",
        scores_path,
        edges.to_str().unwrap(),
        "--metrics",
        "imported:pagerank,imported:in_degree,pagerank",
        "--format",
        "csv",
    ]);
    assert!(again.status.success(), "{}", stderr(&again));
    let text = stdout(&again);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("id,label,imported:pagerank,imported:in_degree,pagerank")
    );
    // Ranked by the imported PageRank, with the values as written: the same rows as before.
    for (before, after) in written.lines().skip(1).zip(lines.by_ref()) {
        let before: Vec<&str> = before.split(',').collect();
        let after: Vec<&str> = after.split(',').collect();
        assert_eq!(before[..4], after[..4], "{after:?}");
    }
    assert_eq!(lines.next(), None, "one row per account");

    let printed = common::score_all_top_row(scores_path);
    let header = printed.lines().next().unwrap();
    assert!(
        header.ends_with(",imported:pagerank,imported:in_degree"),
        "{header}"
    );

    let missing = attache(&["score", scores_path, "--metrics", "imported:betweenness"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("no imported column 'imported:betweenness'; the files bring imported:pagerank, imported:in_degree"),
        "{}",
        stderr(&missing)
    );

    let inspected = attache(&["inspect", scores_path, "--json"]);
    assert!(inspected.status.success(), "{}", stderr(&inspected));
    let document: serde_json::Value = serde_json::from_str(&stdout(&inspected)).unwrap();
    assert_eq!(document["files"][0]["format"], "scores_table");
    assert_eq!(
        document["imported_columns"],
        serde_json::json!(["imported:pagerank", "imported:in_degree"])
    );
}
