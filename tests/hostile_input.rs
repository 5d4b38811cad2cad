//! Bombs and traps: hand-made or generated hostile inputs, one test each. Every one must
//! be read without panic or hang, with bounded memory, with a warning that names the file
//! (and the line where there is one), and without losing what other files loaded.
//! docs/ROBUSTNESS.md lists each threat with the test that shows it.
//!
//! The ZIP bombs (ratio, size, member count, overlap, nesting) are in `ingest_archives.rs`,
//! as is the CAR whose blocks loop; the fuzz regressions in `fuzz_regressions.rs`.

use std::time::{Duration, Instant};

use attache::analysis::Analysis;
use attache::ingest::{Format, Ingest, Loaded, Warning};
use attache::metrics::{catalogue, Params};
use attache::network::{Kind, Network};
use attache::progress::Silent;

/// A small edge list read before the hostile file, which must survive it.
const EARLIER: (&str, &[u8]) = ("earlier.csv", b"source,target\nkeep1,keep2\n");

/// Reads `EARLIER`, then `bytes` as `name` in 1 MiB chunks (forced to `format` if given).
fn after_earlier(name: &str, bytes: &[u8], format: Option<Format>) -> Loaded {
    let mut ingest = Ingest::new();
    ingest.begin_file(EARLIER.0);
    ingest.push(EARLIER.1);
    ingest.end_file();
    match format {
        Some(format) => ingest.begin_file_as(name, format),
        None => ingest.begin_file(name),
    }
    for chunk in bytes.chunks(1 << 20) {
        ingest.push(chunk);
    }
    ingest.end_file();
    ingest.finish()
}

fn warnings_of<'l>(loaded: &'l Loaded, file: &str) -> Vec<&'l Warning> {
    loaded.warnings.iter().filter(|w| w.file == file).collect()
}

fn has_account(network: &Network, id: &str) -> bool {
    network.accounts.iter().any(|a| a.id == id)
}

/// The earlier file's interaction is still there.
fn assert_earlier_kept(loaded: &Loaded) {
    assert!(has_account(&loaded.network, "keep1") && has_account(&loaded.network, "keep2"));
    assert_eq!(loaded.files[0].interaction_total(), 1);
}

/// Runs `f`, failing if it takes longer than `limit` (a hang shows as a slow test otherwise).
fn within<T>(limit: Duration, what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = f();
    assert!(start.elapsed() < limit, "{what} took {:?}", start.elapsed());
    result
}

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

// ---------------------------------------------------------------------------------------
// XML with a DOCTYPE, entities, external entities

#[test]
fn xml_entity_bombs_and_external_entities_are_refused_in_gexf_and_graphml() {
    for name in ["traps/billion_laughs.gexf", "traps/external_entity.graphml"] {
        let loaded = within(Duration::from_secs(5), name, || {
            after_earlier(name, &fixture(name), None)
        });
        let warnings = warnings_of(&loaded, name);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("DOCTYPE"), "{}", warnings[0].message);
        assert_eq!(warnings[0].line, Some(2), "{warnings:?}");
        assert_eq!(loaded.files[1].interaction_total(), 0);
        assert!(!has_account(&loaded.network, "lol9") && !has_account(&loaded.network, "root:x:0:0"));
        assert_earlier_kept(&loaded);
    }
}

// ---------------------------------------------------------------------------------------
// Deep nesting

/// `depth` nested arrays.
fn nested(depth: usize) -> String {
    "[".repeat(depth) + &"]".repeat(depth)
}

#[test]
fn deeply_nested_json_is_skipped_record_by_record_or_refused_with_a_warning() {
    let deep = nested(200_000);
    // A tweet line whose entities nest 200,000 deep, between two good tweets.
    let tweet = |id: u32, extra: &str| {
        format!(
            r#"{{"data":{{"id":"{id}","author_id":"1","text":"@x hi","entities":{{"mentions":[{{"username":"x","id":"2"}}]}}{extra}}},"includes":{{"users":[{{"id":"1","username":"a"}},{{"id":"2","username":"x"}}]}}}}"#
        ) + "\n"
    };
    // Deep in a field that is not read: skipped over without recursion, the tweet is read.
    let lines = tweet(10, "") + &tweet(11, &format!(r#","deep":{deep}"#)) + &tweet(12, "");
    let loaded = within(Duration::from_secs(10), "nested twarc2", || {
        after_earlier("deep.jsonl", lines.as_bytes(), Some(Format::Twarc2))
    });
    assert_eq!(loaded.files[1].interaction_total(), 3, "{:?}", loaded.warnings);
    // Deep in a field that is read leniently: that tweet reads without its mentions.
    let deep_entities = format!(
        r#"{{"data":{{"id":"13","author_id":"1","text":"@x hi","entities":{{"mentions":{deep}}}}}}}"#
    ) + "\n";
    let lines = tweet(10, "") + &deep_entities + &tweet(12, "");
    let loaded = within(Duration::from_secs(10), "nested twarc2 entities", || {
        after_earlier("deep.jsonl", lines.as_bytes(), Some(Format::Twarc2))
    });
    assert_eq!(
        loaded.files[1].interaction_total(),
        2,
        "the good tweets around it are read"
    );

    // The same in an API v1.1 stream and an X archive's tweets.js.
    let v1 = |id: u32, extra: &str| {
        format!(
            r#"{{"id_str":"{id}","text":"@x hi","user":{{"id_str":"1","screen_name":"a"}},"entities":{{"user_mentions":[{{"id_str":"2","screen_name":"x"}}]}}{extra}}}"#
        ) + "\n"
    };
    let deep_mentions = format!(
        r#"{{"id_str":"21","text":"@x hi","user":{{"id_str":"1","screen_name":"a"}},"entities":{{"user_mentions":{deep}}}}}"#
    ) + "\n";
    let lines = v1(20, "") + &deep_mentions + &v1(22, &format!(r#","deep":{deep}"#));
    let loaded = after_earlier("deep_v1.jsonl", lines.as_bytes(), Some(Format::TwitterV1));
    assert_eq!(loaded.files[1].interaction_total(), 2, "{:?}", loaded.warnings);

    // Whole-document formats: a deep value where an attribute may be is skipped over
    // (the graph is read); where a record must be (a post of the outbox), the record is
    // skipped with a warning.
    let node_link = format!(
        r#"{{"nodes":[{{"id":"a"}},{{"id":"b","x":{deep}}}],"links":[{{"source":"a","target":"b"}}]}}"#
    );
    let graphology = format!(
        r#"{{"nodes":[{{"key":"a"}},{{"key":"b","attributes":{{"x":{deep}}}}}],"edges":[{{"source":"a","target":"b"}}]}}"#
    );
    let outbox = format!(
        r#"{{"@context":"https://www.w3.org/ns/activitystreams","type":"OrderedCollection","orderedItems":[{{"type":"Create","actor":"https://m.example/users/a","object":{deep}}}]}}"#
    );
    for (name, text, format, read) in [
        ("deep_node_link.json", &node_link, Format::NodeLink, 1),
        ("deep_graphology.json", &graphology, Format::Graphology, 1),
        ("outbox.json", &outbox, Format::Mastodon, 0),
    ] {
        let loaded = within(Duration::from_secs(10), name, || {
            after_earlier(name, text.as_bytes(), Some(format))
        });
        let warnings = warnings_of(&loaded, name);
        assert_eq!(loaded.files[1].interaction_total(), read, "{name}: {warnings:?}");
        if read == 0 {
            assert!(!warnings.is_empty(), "{name}: no warning");
        }
        assert_earlier_kept(&loaded);
    }
}

#[test]
fn deeply_nested_xml_and_gml_are_read_without_recursion() {
    let depth = 100_000;
    let gexf = format!(
        "<?xml version=\"1.0\"?>\n<gexf><graph defaultedgetype=\"directed\"><nodes><node id=\"a\"/>\
         <node id=\"b\"/></nodes><edges><edge source=\"a\" target=\"b\"/></edges>{}{}</graph></gexf>\n",
        "<x>".repeat(depth),
        "</x>".repeat(depth)
    );
    let loaded = within(Duration::from_secs(10), "nested gexf", || {
        after_earlier("deep.gexf", gexf.as_bytes(), None)
    });
    assert_eq!(loaded.files[1].interaction_total(), 1);

    let gml = format!(
        "graph [\n directed 1\n node [ id 1 ]\n node [ id 2 ]\n edge [ source 1 target 2 ]\n deep {}{}\n]\n",
        "[ a ".repeat(depth),
        "] ".repeat(depth)
    );
    let loaded = within(Duration::from_secs(10), "nested gml", || {
        after_earlier("deep.gml", gml.as_bytes(), None)
    });
    assert_eq!(loaded.files[1].interaction_total(), 1);
}

// ---------------------------------------------------------------------------------------
// A 100 MB line

#[test]
fn a_100_mb_line_is_skipped_with_a_warning_in_every_text_format() {
    let huge = "x".repeat(100 << 20);
    let cases: [(&str, String, Option<Format>); 6] = [
        ("long.csv", format!("source,target\na,b\n{huge},c\nd,e\n"), None),
        (
            "long.jsonl",
            format!(
                "{}\n{{\"data\":{{\"id\":\"2\",\"author_id\":\"1\",\"text\":\"{huge}\"}}}}\n{}\n",
                r#"{"data":{"id":"1","author_id":"1","text":"@x a","entities":{"mentions":[{"username":"x","id":"2"}]}}}"#,
                r#"{"data":{"id":"3","author_id":"1","text":"@y b","entities":{"mentions":[{"username":"y","id":"3"}]}}}"#
            ),
            Some(Format::Twarc2),
        ),
        ("long.net", format!("*Vertices 3\n1 \"a\"\n2 \"{huge}\"\n3 \"c\"\n*Arcs\n1 3\n"), None),
        // GML gives up on the rest of the file after a token over 1 MB, keeping what came before.
        ("long.gml", format!("graph [\n node [ id 1 ]\n node [ id 3 ]\n edge [ source 1 target 3 ]\n node [ id 2 label \"{huge}\" ]\n]\n"), None),
        (
            "long.gexf",
            // XML gives up on the rest of the file after a construct over 16 MB.
            format!("<?xml version=\"1.0\"?>\n<gexf><graph><nodes><node id=\"a\"/><node id=\"c\"/></nodes>\n<edges><edge source=\"a\" target=\"c\"/>\n<edge source=\"a\" target=\"b\" label=\"{huge}\"/></edges></graph></gexf>\n"),
            None,
        ),
        ("long.gdf", format!("nodedef>name VARCHAR\na\n{huge}\nc\nedgedef>node1 VARCHAR,node2 VARCHAR\na,c\n"), None),
    ];
    for (name, text, format) in cases {
        let loaded = within(Duration::from_secs(30), name, || {
            after_earlier(name, text.as_bytes(), format)
        });
        let warnings = warnings_of(&loaded, name);
        assert!(!warnings.is_empty(), "{name}: no warning");
        assert!(
            warnings.iter().any(|w| w.line.is_some()),
            "{name}: no line in {warnings:?}"
        );
        assert!(loaded.files[1].interaction_total() >= 1, "{name}: {warnings:?}");
        assert!(
            loaded
                .network
                .accounts
                .iter()
                .all(|a| a.id.len() < 1 << 20 && a.label.as_ref().is_none_or(|l| l.len() < 1 << 20)),
            "{name}: the long field was kept"
        );
        assert_earlier_kept(&loaded);
    }
}

// ---------------------------------------------------------------------------------------
// GML with unbalanced brackets

#[test]
fn gml_with_unbalanced_brackets_keeps_what_was_complete() {
    // Unclosed: the graph never ends. Extra closers: stray `]` after the graph.
    let unclosed = b"graph [\n directed 1\n node [ id 1 ]\n node [ id 2 ]\n edge [ source 1 target 2 ]\n edge [ source 2 target 1\n";
    let loaded = after_earlier("unclosed.gml", unclosed, None);
    assert_eq!(loaded.files[1].format, Format::Gml);
    assert_eq!(loaded.files[1].interaction_total(), 1);
    let warnings = warnings_of(&loaded, "unclosed.gml");
    assert!(!warnings.is_empty());
    assert_earlier_kept(&loaded);

    let extra = b"graph [\n node [ id 1 ]\n node [ id 2 ] ] ]\n edge [ source 1 target 2 ]\n]\n]]]\n";
    let loaded = after_earlier("extra.gml", extra, None);
    assert!(!warnings_of(&loaded, "extra.gml").is_empty());
    assert_earlier_kept(&loaded);

    // Only openers, a million of them: bounded time, a warning.
    let openers = "graph [ ".to_owned() + &"a [ ".repeat(1_000_000);
    let loaded = within(Duration::from_secs(20), "openers", || {
        after_earlier("openers.gml", openers.as_bytes(), None)
    });
    assert!(!warnings_of(&loaded, "openers.gml").is_empty());
}

// ---------------------------------------------------------------------------------------
// Integers beyond 64 bits

#[test]
fn ids_beyond_64_bits_stay_exact_strings() {
    let big = "123456789012345678901234567890";
    let bigger = "98765432109876543210987654321098765";
    let csv = format!("source,target\n{big},{bigger}\n");
    let loaded = after_earlier("big_ids.csv", csv.as_bytes(), None);
    assert!(has_account(&loaded.network, big) && has_account(&loaded.network, bigger));

    let node_link = format!(
        r#"{{"nodes":[{{"id":{big}}},{{"id":{bigger}}}],"links":[{{"source":{big},"target":{bigger}}}]}}"#
    );
    let loaded = after_earlier("big_ids.json", node_link.as_bytes(), None);
    assert_eq!(loaded.files[1].format, Format::NodeLink);
    assert!(
        has_account(&loaded.network, big) && has_account(&loaded.network, bigger),
        "{:?}",
        loaded.network.accounts.iter().map(|a| &a.id).collect::<Vec<_>>()
    );
    assert_eq!(loaded.files[1].interaction_total(), 1);

    // Tweet and user ids as JSON numbers: exact up to 2^64 - 1; beyond, the tweet is
    // skipped with a warning rather than read with a rounded id.
    let max = u64::MAX;
    let tweet = |id: &str, author: &str| {
        format!(
            r#"{{"data":{{"id":{id},"author_id":{author},"text":"@x hi","entities":{{"mentions":[{{"username":"x","id":{id}9}}]}}}}}}"#
        ) + "\n"
    };
    let lines = tweet(&max.to_string(), &(max - 1).to_string()) + &tweet(big, bigger);
    let loaded = after_earlier("big_ids.jsonl", lines.as_bytes(), Some(Format::Twarc2));
    assert!(
        has_account(&loaded.network, &(max - 1).to_string()),
        "{:?}",
        loaded.warnings
    );
    assert!(!has_account(&loaded.network, bigger));
    let floats = |id: &str| id.contains("e+") || id.contains('.');
    assert!(
        loaded.network.accounts.iter().all(|a| !floats(&a.id)),
        "no id through a float"
    );
    let warnings = warnings_of(&loaded, "big_ids.jsonl");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].line, Some(2));
}

#[test]
fn weights_beyond_64_bits_are_floats_and_beyond_f64_are_skipped_with_a_warning() {
    let csv = b"source,target,weight\na,b,123456789012345678901234567890\nc,d,1e400\ne,f,2\n";
    let loaded = after_earlier("big_weights.csv", csv, None);
    let weights = &loaded.network.interactions.weight;
    assert!(weights.contains(&123456789012345678901234567890.0));
    assert!(weights.iter().all(|w| w.is_finite()));
    let warnings = warnings_of(&loaded, "big_weights.csv");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].line, Some(3));
    assert!(warnings[0].message.contains("1e400"));
}

// ---------------------------------------------------------------------------------------
// NaN and infinite weights

#[test]
fn nan_and_infinite_weights_are_skipped_with_a_warning_in_every_format() {
    let cases: [(&str, &str); 7] = [
        ("nan.csv", "source,target,weight\na,b,NaN\na,c,inf\na,d,-Infinity\nx,y,1\n"),
        ("nan.tsv", "source\ttarget\tweight\na\tb\tnan\na\tc\t1e999\nx\ty\t1\n"),
        (
            "nan.gexf",
            "<?xml version=\"1.0\"?>\n<gexf><graph defaultedgetype=\"directed\"><nodes/><edges>\n\
             <edge source=\"a\" target=\"b\" weight=\"NaN\"/>\n<edge source=\"a\" target=\"c\" weight=\"INF\"/>\n\
             <edge source=\"x\" target=\"y\" weight=\"1\"/>\n</edges></graph></gexf>\n",
        ),
        (
            "nan.graphml",
            "<?xml version=\"1.0\"?>\n<graphml><key id=\"w\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n\
             <graph edgedefault=\"directed\">\n<edge source=\"a\" target=\"b\"><data key=\"w\">NaN</data></edge>\n\
             <edge source=\"a\" target=\"c\"><data key=\"w\">-inf</data></edge>\n\
             <edge source=\"x\" target=\"y\"><data key=\"w\">1</data></edge>\n</graph></graphml>\n",
        ),
        ("nan.net", "*Vertices 4\n1 \"a\"\n2 \"b\"\n3 \"x\"\n4 \"y\"\n*Arcs\n1 2 nan\n1 2 inf\n3 4 1\n"),
        (
            "nan.gml",
            "graph [\n directed 1\n node [ id 1 label \"a\" ]\n node [ id 2 label \"b\" ]\n node [ id 3 label \"x\" ]\n node [ id 4 label \"y\" ]\n\
             edge [ source 1 target 2 weight NAN ]\n edge [ source 1 target 2 weight INF ]\n edge [ source 3 target 4 weight 1 ]\n]\n",
        ),
        (
            "nan.json",
            r#"{"nodes":[{"id":"a"},{"id":"b"},{"id":"x"},{"id":"y"}],"links":[{"source":"a","target":"b","weight":1e999},{"source":"x","target":"y","weight":1}]}"#,
        ),
    ];
    for (name, text) in cases {
        let loaded = after_earlier(name, text.as_bytes(), None);
        assert_ne!(loaded.files[1].format, Format::Unknown, "{name}");
        let weights = &loaded.network.interactions.weight;
        assert!(weights.iter().all(|w| w.is_finite()), "{name}: {weights:?}");
        let warnings = warnings_of(&loaded, name);
        assert!(!warnings.is_empty(), "{name}: no warning");
        assert!(
            warnings.iter().all(|w| w.line.is_some()),
            "{name}: a warning without a line: {warnings:?}"
        );
        assert_eq!(loaded.files[1].interaction_total(), 1, "{name}: {warnings:?}");
        assert_earlier_kept(&loaded);
    }
}

// ---------------------------------------------------------------------------------------
// Negative weights (signed networks)

#[test]
fn negative_weights_are_kept_in_the_data_and_left_out_of_the_graph_metrics() {
    // A signed trust network like Bitcoin OTC's: source, target, rating (-10..10), time.
    let csv = b"source,target,rating,time\n\
        a,b,5,1289241911\nb,c,-3,1289241912\na,c,2,1289241913\na,c,-2,1289241914\n\
        c,a,-10,1289241915\nb,a,4,1289241916\nc,b,1,1289241917\n";
    let loaded = after_earlier("signed.csv", csv, None);
    let notes = &loaded.files[1].notes;
    assert!(notes.iter().any(|n| n.contains("negative weights")), "{notes:?}");
    assert_eq!(
        loaded.files[1].interaction_total(),
        7,
        "every rating is kept in the data"
    );

    let analysis = Analysis::new(loaded.network);
    let network = analysis.network();
    let index = |id: &str| network.accounts.iter().position(|a| a.id == id).unwrap();
    let (a, b, c) = (index("a"), index("b"), index("c"));
    let column = |metric: &str| {
        analysis
            .compute(metric, &Params::default(), &mut Silent)
            .unwrap()
            .values
    };
    // Positive pairs: a→b (5), b→a (4), c→b (1); a→c sums to 0, b→c and c→a are negative.
    let in_degree = column("in_degree");
    assert_eq!((in_degree[a], in_degree[b], in_degree[c]), (1.0, 2.0, 0.0));
    let in_strength = column("in_strength");
    assert_eq!((in_strength[a], in_strength[b], in_strength[c]), (4.0, 6.0, 0.0));
    let pagerank = column("pagerank");
    assert!((pagerank.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    // Every metric runs and gives finite values or NaN where undefined, never a panic.
    for metric in catalogue() {
        let values = analysis
            .compute(metric.info.id, &Params::default(), &mut Silent)
            .unwrap()
            .values;
        assert!(
            values.iter().all(|v| !v.is_infinite()),
            "{}: {values:?}",
            metric.info.id
        );
    }
}

#[test]
fn negative_weights_subtract_in_the_counts_by_kind() {
    let csv = b"source,target,weight,type\nx,y,3,retweet\nz,y,-1,retweet\n";
    let loaded = after_earlier("signed_kinds.csv", csv, None);
    let analysis = Analysis::new(loaded.network);
    let y = analysis
        .network()
        .accounts
        .iter()
        .position(|a| a.id == "y")
        .unwrap();
    let reposts = analysis
        .compute("reposts_in", &Params::default(), &mut Silent)
        .unwrap()
        .values;
    assert_eq!(reposts[y], 2.0);
    let in_degree = analysis
        .compute("in_degree", &Params::default(), &mut Silent)
        .unwrap()
        .values;
    assert_eq!(in_degree[y], 1.0, "z → y is negative: not an edge of the graph");
}

// ---------------------------------------------------------------------------------------
// Invalid UTF-8

/// Puts invalid UTF-8 (a lone continuation byte, an overlong form, a truncated sequence)
/// where `@@` stands.
fn with_invalid_utf8(text: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    for (i, part) in text.split("@@").enumerate() {
        if i > 0 {
            bytes.extend_from_slice(b"\x80\xC0\xAF\xE2\x82");
        }
        bytes.extend_from_slice(part.as_bytes());
    }
    bytes
}

#[test]
fn invalid_utf8_in_every_text_format_is_read_or_skipped_with_a_warning() {
    let cases: [(&str, &str, Option<Format>); 13] = [
        ("bad.csv", "source,target\na@@,b\nc,d\n", None),
        ("bad.gdf", "nodedef>name VARCHAR,label VARCHAR\na,x@@\nc,y\nedgedef>node1 VARCHAR,node2 VARCHAR\na,c\n", None),
        ("bad.net", "*Vertices 2\n1 \"a@@\"\n2 \"b\"\n*Arcs\n1 2\n", None),
        ("bad.gml", "graph [\n directed 1\n node [ id 1 label \"a@@\" ]\n node [ id 2 ]\n edge [ source 1 target 2 ]\n]\n", None),
        (
            "bad.gexf",
            "<?xml version=\"1.0\"?>\n<gexf><graph><nodes><node id=\"a\" label=\"x@@\"/><node id=\"b\"/></nodes>\
             <edges><edge source=\"a\" target=\"b\"/></edges></graph></gexf>\n",
            None,
        ),
        (
            "bad.graphml",
            "<?xml version=\"1.0\"?>\n<graphml><graph edgedefault=\"directed\"><node id=\"a@@\"/><node id=\"b\"/>\
             <edge source=\"c\" target=\"b\"/></graph></graphml>\n",
            None,
        ),
        ("bad.json", r#"{"nodes":[{"id":"a","label":"@@"},{"id":"b"}],"links":[{"source":"a","target":"b"}]}"#, None),
        (
            "bad.jsonl",
            "{\"data\":{\"id\":\"1\",\"author_id\":\"1\",\"text\":\"@@ @x\",\"entities\":{\"mentions\":[{\"username\":\"x\",\"id\":\"2\"}]}}}\n\
             {\"data\":{\"id\":\"3\",\"author_id\":\"1\",\"text\":\"@y\",\"entities\":{\"mentions\":[{\"username\":\"y\",\"id\":\"4\"}]}}}\n",
            Some(Format::Twarc2),
        ),
        (
            "bad_v1.jsonl",
            "{\"id_str\":\"1\",\"text\":\"@@\",\"user\":{\"id_str\":\"1\",\"screen_name\":\"a\"},\"entities\":{\"user_mentions\":[{\"id_str\":\"2\",\"screen_name\":\"x\"}]}}\n\
             {\"id_str\":\"3\",\"text\":\"@y\",\"user\":{\"id_str\":\"1\",\"screen_name\":\"a\"},\"entities\":{\"user_mentions\":[{\"id_str\":\"4\",\"screen_name\":\"y\"}]}}\n",
            Some(Format::TwitterV1),
        ),
        (
            "tweets.js",
            "window.YTD.tweets.part0 = [ {\"tweet\":{\"id_str\":\"1\",\"full_text\":\"@@ @x\",\"entities\":{\"user_mentions\":[{\"id_str\":\"2\",\"screen_name\":\"x\"}]}}},\n\
             {\"tweet\":{\"id_str\":\"3\",\"full_text\":\"@y\",\"entities\":{\"user_mentions\":[{\"id_str\":\"4\",\"screen_name\":\"y\"}]}}} ]\n",
            Some(Format::XArchive),
        ),
        (
            "twarc.csv",
            "id,author_id,author.username,in_reply_to_user_id,in_reply_to_username,text\n1,1,a,2,x,@x @@\n3,1,a,4,y,@y hi\n",
            Some(Format::TwarcCsv),
        ),
        ("following_accounts.csv", "Account address,Show boosts\nx@m.example@@,true\ny@m.example,true\n", None),
        (
            "outbox.json",
            r#"{"@context":"https://www.w3.org/ns/activitystreams","type":"OrderedCollection","orderedItems":[
{"type":"Create","actor":"https://m.example/users/a","object":{"id":"https://m.example/users/a/statuses/1","type":"Note","attributedTo":"https://m.example/users/a","content":"@@","to":["https://www.w3.org/ns/activitystreams#Public"],"tag":[{"type":"Mention","href":"https://m.example/users/x","name":"@x@m.example"}]}},
{"type":"Create","actor":"https://m.example/users/a","object":{"id":"https://m.example/users/a/statuses/2","type":"Note","attributedTo":"https://m.example/users/a","content":"hi","to":["https://www.w3.org/ns/activitystreams#Public"],"tag":[{"type":"Mention","href":"https://m.example/users/y","name":"@y@m.example"}]}}
]}"#,
            Some(Format::Mastodon),
        ),
    ];
    for (name, text, format) in cases {
        let bytes = with_invalid_utf8(text);
        let loaded = after_earlier(name, &bytes, format);
        assert_ne!(loaded.files[1].format, Format::Unknown, "{name}");
        let interactions = loaded.files[1].interaction_total();
        let warnings = warnings_of(&loaded, name);
        // Each file has a clean record besides the damaged one: it is read whatever happens
        // to the other (decoded as Windows-1252, read with U+FFFD, or skipped with a warning).
        assert!(interactions >= 1, "{name}: nothing read; {warnings:?}");
        for account in &loaded.network.accounts {
            // Whatever was kept is valid text (Rust strings are), without the raw bytes.
            assert!(!account.id.contains('\u{0}'), "{name}");
        }
        assert_earlier_kept(&loaded);
    }
}

// ---------------------------------------------------------------------------------------
// Arbitrary binary data

#[test]
fn random_binary_data_through_every_reader_warns_and_keeps_earlier_files() {
    // A deterministic pseudo-random megabyte (xorshift), forced through every reader.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let noise: Vec<u8> = (0..1 << 20)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let formats = [
        Format::EdgeList,
        Format::NodeTable,
        Format::NodexlEdges,
        Format::NodexlVertices,
        Format::Gdf,
        Format::Gexf,
        Format::Graphml,
        Format::Pajek,
        Format::Gml,
        Format::NodeLink,
        Format::Graphology,
        Format::Twarc2,
        Format::TwitterV1,
        Format::TwarcCsv,
        Format::Zip,
        Format::XArchive,
        Format::Mastodon,
        Format::MastodonCsv,
        Format::BlueskyCar,
        Format::Unknown,
    ];
    for format in formats {
        let name = format!("noise.{}", format.name());
        let loaded = within(Duration::from_secs(20), &name, || {
            after_earlier(&name, &noise, Some(format))
        });
        assert!(!warnings_of(&loaded, &name).is_empty(), "{name}: no warning");
        assert_earlier_kept(&loaded);
    }
    let _ = Kind::ALL;
}

// ---------------------------------------------------------------------------------------
// Floods of warnings

#[test]
fn warnings_are_bounded_per_file_and_in_all() {
    let mut text = String::from("source,target\n");
    text.push_str(&"lonely\n".repeat(300));
    text.push_str("a,b\n");
    let mut ingest = Ingest::new();
    for i in 0..120 {
        ingest.begin_file(&format!("f{i}.csv"));
        ingest.push(text.as_bytes());
        ingest.end_file();
    }
    let loaded = ingest.finish();
    // Every warning is counted in its file's report; 200 per file and 20,000 in all are kept.
    assert!(loaded
        .files
        .iter()
        .all(|f| f.warnings == 300 && f.interaction_total() == 1));
    assert_eq!(warnings_of(&loaded, "f0.csv").len(), 200);
    assert_eq!(loaded.warnings.len(), 20_000);
    assert!(warnings_of(&loaded, "f119.csv").is_empty());
}
