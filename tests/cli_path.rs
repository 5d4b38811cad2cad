//! `attache path` and the structure in `attache inspect --json`, as a user runs them:
//! outputs, the JSON shape and exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{json, Value};

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

/// a reposts b twice and mentions it once; b follows and replies to c; c replies to a;
/// x mentions y, apart from the rest.
/// Written under a name per test: the tests run in parallel.
fn interactions(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("attache-cli-path-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{test}.csv"));
    let rows = "source,target,type\na,b,retweet\na,b,retweet\na,b,mention\nb,c,follow\nb,c,reply\n\
                c,a,reply\nx,y,mention\n";
    std::fs::write(&path, rows).unwrap();
    path
}

fn json_of(output: &Output) -> Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_str(&stdout(output)).unwrap()
}

#[test]
fn the_path_as_json_with_each_steps_interactions_by_kind() {
    let file = interactions("the_path_as_json_with_each_steps_interactions_by_kind");
    let file = file.to_str().unwrap();
    let output = attache(&["path", file, "--from", "a", "--to", "c", "--format", "json"]);
    assert_eq!(
        json_of(&output),
        json!({
            "from": "a", "to": "c", "hops": 2, "path": ["a", "b", "c"],
            "steps": [
                {"from": "a", "to": "b", "kinds": {"repost": 2, "mention": 1}},
                {"from": "b", "to": "c", "kinds": {"follow": 1, "reply": 1}}
            ]
        })
    );
    // The keys in the documented order, the kinds in the kinds' order.
    let text = stdout(&output);
    let at = |key: &str| text.find(key).unwrap();
    assert!(
        at("\"from\"") < at("\"to\"") && at("\"to\"") < at("\"hops\"") && at("\"hops\"") < at("\"path\"")
    );
    assert!(at("\"repost\"") < at("\"mention\""));
}

#[test]
fn the_path_as_a_table() {
    let file = interactions("the_path_as_a_table");
    let output = attache(&["path", file.to_str().unwrap(), "--from", "c", "--to", "b"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("c → a → b (2 hops)\n"), "{text}");
    assert!(text.contains("  c → a: reply 1 (weight 1)\n"), "{text}");
    assert!(
        text.contains("  a → b: repost 2, mention 1 (weight 3)\n"),
        "{text}"
    );
}

#[test]
fn no_path_is_an_answer_not_an_error() {
    let file = interactions("no_path_is_an_answer_not_an_error");
    let file = file.to_str().unwrap();
    let output = attache(&["path", file, "--from", "a", "--to", "y", "--format", "json"]);
    assert_eq!(
        json_of(&output),
        json!({"from": "a", "to": "y", "hops": null, "path": [], "steps": []})
    );
    let table = attache(&["path", file, "--from", "y", "--to", "x"]);
    assert!(table.status.success());
    assert!(
        stdout(&table).starts_with("no path of attention from y to x"),
        "{}",
        stdout(&table)
    );
    // An account reaches itself in no hops.
    let itself = attache(&["path", file, "--from", "x", "--to", "x", "--format", "json"]);
    assert_eq!(json_of(&itself)["path"], json!(["x"]));
    assert_eq!(json_of(&itself)["hops"], json!(0));
}

#[test]
fn an_unknown_id_exits_1_naming_it() {
    let file = interactions("an_unknown_id_exits_1_naming_it");
    let file = file.to_str().unwrap();
    let output = attache(&["path", file, "--from", "a", "--to", "nobody"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("'nobody'"), "{}", stderr(&output));
    assert!(stdout(&output).is_empty());
    let both = attache(&["path", file, "--from", "ghost", "--to", "nobody"]);
    assert_eq!(both.status.code(), Some(1));
    assert!(stderr(&both).contains("'ghost'") && stderr(&both).contains("'nobody'"));
    // A missing option is a bad argument, as everywhere.
    assert_eq!(attache(&["path", file, "--from", "a"]).status.code(), Some(2));
}

#[test]
fn the_path_follows_the_kind_weights() {
    let file = interactions("the_path_follows_the_kind_weights");
    let file = file.to_str().unwrap();
    let args = ["path", file, "--from", "a", "--to", "c", "--format", "json"];
    // Without follows, b → c stands on the reply alone; without replies and follows, it is gone.
    let no_follows = attache(&[&args[..], &["--kind-weights", "follow=0"]].concat());
    assert_eq!(json_of(&no_follows)["steps"][1]["kinds"], json!({"reply": 1}));
    let neither = attache(&[&args[..], &["--kind-weights", "follow=0,reply=0"]].concat());
    assert_eq!(json_of(&neither)["hops"], json!(null));
}

#[test]
fn inspect_json_describes_the_structure() {
    let file = interactions("inspect_json_describes_the_structure");
    let output = attache(&["inspect", "--json", file.to_str().unwrap()]);
    let structure = &json_of(&output)["structure"];
    assert_eq!(structure["accounts"], json!(5));
    assert_eq!(structure["components"], json!(2));
    assert_eq!(structure["largest_component"], json!(3));
    assert_eq!(structure["largest_component_share"], json!(0.6));
    assert_eq!(structure["strong_components"], json!(3));
    assert_eq!(structure["largest_strong_component"], json!(3));
    assert_eq!(structure["has_cycle"], json!(true));
    assert_eq!(structure["reciprocity"], json!(0.0));
    assert_eq!(structure["density"], json!(4.0 / 20.0));
    assert_eq!(
        structure["strong_component_sizes"],
        json!([{"size": 3, "count": 1}, {"size": 1, "count": 2}])
    );
}
