//! Real files as people hold them, in the shapes that were once read as nothing (or as
//! something else) without a word: issue 12's twelve cases. Every fixture under
//! `tests/fixtures/real-shapes/` was written for attaché in the shape of a public file
//! (SNAP and KONECT edge lists, networkx's ZIPs, Gephi's importer tests, twarc2 pages...);
//! no third-party content is copied. Expected counts are counted by hand from the fixture.

use std::collections::BTreeMap;
use std::path::Path;

use attache::ingest::{FileReport, Format, Ingest, Loaded};
use attache::network::Kind;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real-shapes")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Reads the files whole, then again byte by byte, and checks both readings agree.
fn load(names: &[&str]) -> Loaded {
    let read = |chunk: usize| {
        let mut ingest = Ingest::new();
        for name in names {
            let bytes = fixture(name);
            ingest.begin_file(name);
            if chunk == 0 {
                ingest.push(&bytes);
            } else {
                bytes.chunks(chunk).for_each(|piece| ingest.push(piece));
            }
            ingest.end_file();
        }
        ingest.finish()
    };
    let whole = read(0);
    let bytewise = read(1);
    assert_eq!(whole.files, bytewise.files, "whole and byte by byte differ");
    assert_eq!(whole.warnings, bytewise.warnings, "whole and byte by byte differ");
    whole
}

fn kinds(pairs: &[(Kind, u64)]) -> BTreeMap<Kind, u64> {
    pairs.iter().copied().collect()
}

/// `actor → target kind` for every interaction, by account id.
fn edges(loaded: &Loaded) -> Vec<String> {
    let network = &loaded.network;
    let events = &network.interactions;
    (0..events.len())
        .map(|i| {
            let id = |idx: u32| network.accounts[idx as usize].id.as_str();
            format!(
                "{} → {} {}",
                id(events.actor[i]),
                id(events.target[i]),
                events.kind[i].as_str()
            )
        })
        .collect()
}

fn ids(loaded: &Loaded) -> Vec<&str> {
    loaded.network.accounts.iter().map(|a| a.id.as_str()).collect()
}

fn messages(loaded: &Loaded) -> Vec<&str> {
    loaded.warnings.iter().map(|w| w.message.as_str()).collect()
}

fn report<'l>(loaded: &'l Loaded, path: &str) -> &'l FileReport {
    loaded
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no report for {path}"))
}

// 1. Comment lines in edge lists.

#[test]
fn a_comment_line_above_a_headerless_edge_list_is_a_comment() {
    let loaded = load(&["comment_header.txt"]);
    assert_eq!(ids(&loaded), ["1", "2", "10"]);
    assert_eq!(edges(&loaded), ["1 → 2 link", "1 → 10 link", "2 → 1 link"]);
    assert_eq!(loaded.files[0].format, Format::EdgeList);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn a_snap_preamble_with_its_tab_header_is_read_as_comments() {
    let loaded = load(&["snap_style.txt"]);
    assert_eq!(loaded.files[0].format, Format::EdgeList);
    assert_eq!(ids(&loaded), ["101", "202", "303", "404"]);
    assert_eq!(loaded.files[0].interactions, kinds(&[(Kind::Link, 4)]));
    assert!(loaded.files[0].notes[0].contains("4 line(s) starting with `#`"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn konect_percent_lines_are_comments_not_an_account() {
    let loaded = load(&["konect_style.tsv"]);
    assert_eq!(ids(&loaded), ["1", "2", "3"]);
    assert_eq!(
        edges(&loaded),
        ["1 → 2 link", "1 → 3 link", "2 → 3 link", "3 → 1 link"]
    );
}

// 2. Old Mac line ends.

#[test]
fn a_pajek_file_with_carriage_returns_only_reads_its_arcs() {
    let loaded = load(&["cr_line_ends.net"]);
    assert_eq!(loaded.files[0].format, Format::Pajek);
    assert_eq!(ids(&loaded), ["a", "b"]);
    assert_eq!(edges(&loaded), ["a → b link"]);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

// 3. A README inside a ZIP.

#[test]
fn a_readme_beside_the_graph_in_a_zip_is_not_read_as_edges() {
    let bytes = fixture("league.zip");
    let mut ingest = Ingest::new();
    ingest.ingest_archive("league.zip", &mut bytes.as_slice());
    let loaded = ingest.finish();
    assert_eq!(ids(&loaded), ["Harbour", "Hillside", "Riverside"]);
    assert_eq!(
        edges(&loaded),
        [
            "Harbour → Hillside link",
            "Hillside → Harbour link",
            "Hillside → Riverside link",
            "Riverside → Hillside link"
        ]
    );
    let readme = report(&loaded, "league.zip/league.txt");
    assert_eq!(readme.format, Format::Unknown);
    assert!(messages(&loaded).iter().any(|m| m.contains("reads as prose")));
}

#[test]
fn a_readme_alone_is_not_recognised() {
    let loaded = load(&["league.txt"]);
    assert_eq!(loaded.files[0].format, Format::Unknown);
    assert_eq!(loaded.network.accounts.len(), 0);
    assert_eq!(messages(&loaded).len(), 1);
}

// 4. GraphML weights declared `string` or `boolean`.

#[test]
fn graphml_edges_keep_a_weight_that_is_not_a_number_as_one() {
    let loaded = load(&["weight_as_text.graphml"]);
    assert_eq!(edges(&loaded), ["a → b link", "b → c link", "c → a link"]);
    assert_eq!(loaded.network.interactions.weight, [2.5, 1.0, 1.0]);
    assert_eq!(loaded.files[0].skipped, 0);
    let messages = messages(&loaded);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("'strong' is not a number"),
        "{}",
        messages[0]
    );
    assert_eq!(loaded.warnings[0].line, Some(10));
}

// 5. GML with bare-word ids.

#[test]
fn gml_bare_word_ids_and_labels_are_values() {
    let loaded = load(&["bare_word_ids.gml"]);
    assert_eq!(ids(&loaded), ["Alpha", "B", "C"]);
    assert_eq!(edges(&loaded), ["Alpha → B link", "B → C link", "C → Alpha link"]);
    assert_eq!(loaded.network.interactions.weight, [1.0, 2.0, 1.0]);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

// 7. A GML node id declared twice.

#[test]
fn a_duplicate_gml_node_id_is_one_account_its_last_declaration() {
    let loaded = load(&["duplicate_node_id.gml"]);
    assert_eq!(ids(&loaded), ["two", "one"]);
    assert_eq!(edges(&loaded), ["one → two link", "two → one link"]);
    let messages = messages(&loaded);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("first: '1', again at line 4"),
        "{}",
        messages[0]
    );
    assert!(messages[0].contains("last declaration"), "{}", messages[0]);
}

// 6. twarc2: the quoting tweet in `includes`, the quoted one in the page's `data`.

#[test]
fn a_twarc2_quote_from_includes_to_data_is_kept() {
    let loaded = load(&["quote_in_includes.jsonl"]);
    assert_eq!(edges(&loaded), ["30 → 20 quote", "10 → 30 repost"]);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.files[0].posts, 2, "the two tweets of `data`");
}

// 11. Mentions in replies: the addressee's leading @handle is the reply; the rest are
// mentions, in every Twitter reader. A repeated self-interaction counts once; `posts`
// counts posts, not the stubs of referenced ids.

#[test]
fn a_reply_mentions_every_leading_handle_but_its_addressee_in_every_twitter_reader() {
    for (file, format) in [
        ("reply_mentions_twarc2.jsonl", Format::Twarc2),
        ("reply_mentions_v1.jsonl", Format::TwitterV1),
        ("reply_mentions_twarc.csv", Format::TwarcCsv),
        ("reply_mentions_tweets.js", Format::XArchive),
    ] {
        let loaded = load(&[file]);
        assert_eq!(loaded.files[0].format, format, "{file}");
        let mut got = edges(&loaded);
        got.sort();
        // The archive's owner is its placeholder until account.js names it.
        let owner = if format == Format::XArchive {
            loaded.network.accounts[0].id.as_str()
        } else {
            "1"
        };
        let mention = |id: &str| format!("{owner} → {id} mention");
        let reply = format!("{owner} → 2 reply");
        let cem = if format == Format::TwarcCsv { "@cem" } else { "3" };
        let mut expected = vec![mention(cem), reply];
        expected.sort();
        assert_eq!(got, expected, "{file}: {:?}", loaded.warnings);
        assert_eq!(
            loaded.files[0].posts,
            1 + u64::from(format == Format::Twarc2),
            "{file}"
        );
    }
}

#[test]
fn a_thread_reply_seen_twice_is_one_self_interaction() {
    let loaded = load(&["reply_mentions_twarc2.jsonl"]);
    // The thread reply 1 → 1 (its leading @ada is the reply, not a mention) is on both
    // lines: one self-interaction, and the repeat is a duplicate like any other.
    assert_eq!(loaded.network.self_interactions, 1);
    assert_eq!(loaded.network.duplicates, 1);
}

// 8. Gephi's adjacency-matrix CSV.

#[test]
fn gephi_adjacency_matrix_csv_is_read_as_a_matrix() {
    let loaded = load(&["gephi_matrix.csv"]);
    assert_eq!(loaded.files[0].format, Format::AdjacencyMatrix);
    assert_eq!(ids(&loaded), ["A", "B", "C"], "C has no ties but is a column");
    assert_eq!(edges(&loaded), ["A → B link", "B → A link", "B → C link"]);
    assert_eq!(loaded.network.interactions.weight, [1.0, 1.0, 2.5]);
    assert_eq!(loaded.files[0].records, 3);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn a_pandas_adjacency_frame_is_a_matrix_and_its_diagonal_self_loops() {
    let loaded = load(&["pandas_adjacency.csv"]);
    assert_eq!(loaded.files[0].format, Format::AdjacencyMatrix);
    assert_eq!(
        edges(&loaded),
        ["x → y link", "x → z link", "y → x link", "z → x link"]
    );
    assert_eq!(loaded.network.self_interactions, 1, "z → z");
}

// 9. A header of unknown names above rows of numbers.

#[test]
fn a_row_of_words_above_rows_of_numbers_is_a_header() {
    let loaded = load(&["ego_header.txt"]);
    assert_eq!(loaded.files[0].format, Format::EdgeList);
    assert_eq!(ids(&loaded), ["0", "1", "2"]);
    assert_eq!(edges(&loaded), ["0 → 1 link", "0 → 2 link", "1 → 2 link"]);
    assert_eq!(loaded.files[0].records, 3);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn rows_of_names_stay_rows_when_the_next_is_names_too() {
    let mut ingest = Ingest::new();
    ingest.begin_file("names.csv");
    ingest.push(b"alice,bob\nbob,carol\n");
    ingest.end_file();
    let loaded = ingest.finish();
    assert_eq!(edges(&loaded), ["alice → bob link", "bob → carol link"]);
    assert_eq!(loaded.warnings.len(), 0);
}

// 10. A file that yields nothing says so; the CLI exits 1 on it (tests/cli.rs).

#[test]
fn files_that_yield_nothing_say_why_and_an_archive_counts_as_one_input() {
    let loaded = load(&[
        "empty.csv",
        "league.txt",
        "every_row_skipped.csv",
        "comment_header.txt",
    ]);
    let unread = loaded.unread_inputs();
    assert_eq!(
        unread,
        [
            ("empty.csv", "the file is empty".to_owned()),
            ("league.txt", "its format was not recognised".to_owned()),
            (
                "every_row_skipped.csv",
                "every one of its 2 records was skipped".to_owned()
            ),
        ]
    );
    let skipped = report(&loaded, "every_row_skipped.csv");
    assert!(messages(&loaded)
        .contains(&"nothing was read from this file: every one of its 2 records was skipped"));
    assert_eq!(skipped.warnings, 3);

    let mut ingest = Ingest::new();
    for name in ["league.zip", "notes_only.zip"] {
        ingest.ingest_archive(name, &mut fixture(name).as_slice());
    }
    let loaded = ingest.finish();
    assert_eq!(
        loaded.unread_inputs(),
        [(
            "notes_only.zip",
            "nothing was read from any of its 1 members".to_owned()
        )],
        "league.zip's GML member was read"
    );
}

// 12. A single ActivityPub activity or object; an edge list of ordered pairs; GraphML
// without `edgedefault`.

#[test]
fn single_activitypub_documents_read_as_the_outbox_items_they_are() {
    let loaded = load(&[
        "activity_create_note.json",
        "activity_announce.json",
        "activity_follow.json",
        "activity_note.json",
    ]);
    for file in &loaded.files {
        assert_eq!(file.format, Format::Mastodon, "{}", file.path);
    }
    let ada = "https://social.example/users/ada";
    let bea = "https://other.example/users/bea";
    let cem = "https://third.example/users/cem";
    assert_eq!(
        edges(&loaded),
        [
            format!("{ada} → {bea} reply"),
            format!("{ada} → {cem} mention"),
            format!("{ada} → {bea} repost"),
            format!("{ada} → {cem} follow"),
        ]
    );
    assert_eq!(report(&loaded, "activity_create_note.json").posts, 1);
    assert_eq!(report(&loaded, "activity_announce.json").posts, 1);
    assert_eq!(report(&loaded, "activity_note.json").posts, 1, "cem's own note");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert!(loaded.unread_inputs().is_empty());
}

#[test]
fn an_edge_list_of_ordered_pairs_suggests_reading_it_as_undirected() {
    let loaded = load(&["ordered_pairs.csv", "comment_header.txt"]);
    let pairs = report(&loaded, "ordered_pairs.csv");
    assert!(pairs.looks_undirected);
    assert!(
        pairs
            .notes
            .iter()
            .any(|n| n.contains("read the file as undirected")),
        "{:?}",
        pairs.notes
    );
    assert_eq!(pairs.interaction_total(), 7, "still read as written");
    let mixed = report(&loaded, "comment_header.txt");
    assert!(!mixed.looks_undirected, "2 → 1 follows 1 → 2");
}

#[test]
fn graphml_without_edgedefault_is_undirected_with_a_note() {
    let loaded = load(&["no_edgedefault.graphml"]);
    assert_eq!(edges(&loaded), ["a → b link", "b → a link", "b → c link"]);
    assert!(loaded.files[0].notes[0].contains("no `edgedefault`"));
}
