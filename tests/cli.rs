//! The command-line tool as a user runs it: outputs, warnings and exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

fn attache(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("attache runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("attache-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

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
    let output = attache(&[
        "score",
        "tests/fixtures/graphs/weighted_dangling.csv",
        "--metrics",
        "all",
        "--format",
        "csv",
        "--top",
        "1",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let header = stdout(&output).lines().next().unwrap().to_owned();
    for metric in attache::metrics::catalogue() {
        assert!(
            header.split(',').any(|c| c == metric.info.id),
            "{header} lacks {}",
            metric.info.id
        );
    }
    assert_eq!(stdout(&output).lines().count(), 2);
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
    assert!(stderr(&bad).contains("unknown kind 'like'"), "{}", stderr(&bad));
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
