//! Tables as users hold them: generic edge lists and node tables, Gephi's and NodeXL's
//! CSV exports, GDF, in every encoding and delimiter, with or without an explicit column
//! mapping, alone or with the other files they describe.
//!
//! Every fixture in `tests/fixtures/tables/` is hand-made in the shapes of
//! `../shared/reference/formats.md` §8 and §13 (no permissively licensed Gephi or NodeXL
//! export exists to copy). Expected counts are counted by hand from the fixture rows; each
//! test says how.

use std::collections::BTreeMap;
use std::path::Path;

use attache::ingest::{
    ColumnRole, FileOptions, FileReport, Format, Ingest, Loaded, TableOptions, TableShape,
};
use attache::network::{Account, Kind, Platform, NO_TIME};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tables")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One file of a scenario: its fixture name and how to read it.
#[derive(Clone)]
struct Input {
    name: &'static str,
    bytes: Vec<u8>,
    options: FileOptions,
}

fn input(name: &'static str) -> Input {
    Input {
        name,
        bytes: fixture(name),
        options: FileOptions::default(),
    }
}

fn mapped(name: &'static str, table: TableOptions) -> Input {
    Input {
        options: FileOptions {
            table: Some(table),
            ..FileOptions::default()
        },
        ..input(name)
    }
}

/// Ingests the inputs in order, each pushed in chunks of `chunk` bytes (0: whole).
fn ingest(inputs: &[Input], chunk: usize) -> Loaded {
    let mut ingest = Ingest::new();
    for file in inputs {
        ingest.begin_file_with(file.name, file.options.clone());
        if chunk == 0 {
            ingest.push(&file.bytes);
        } else {
            for piece in file.bytes.chunks(chunk) {
                ingest.push(piece);
            }
        }
        ingest.end_file();
    }
    ingest.finish()
}

fn load(inputs: &[Input]) -> Loaded {
    ingest(inputs, 0)
}

fn kinds(report: &FileReport) -> BTreeMap<Kind, u64> {
    report.interactions.clone()
}

fn expect_kinds(pairs: &[(Kind, u64)]) -> BTreeMap<Kind, u64> {
    pairs.iter().copied().collect()
}

fn account<'n>(loaded: &'n Loaded, id: &str) -> &'n Account {
    loaded
        .network
        .accounts
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no account '{id}'"))
}

fn attribute<'n>(loaded: &'n Loaded, id: &str, name: &str) -> Option<&'n str> {
    account(loaded, id).attributes.get(name).map(String::as_str)
}

/// Interactions as `actor → target` ids, in order.
fn pairs(loaded: &Loaded) -> Vec<(String, String)> {
    let network = &loaded.network;
    let id = |idx: u32| network.accounts[idx as usize].id.clone();
    network
        .interactions
        .actor
        .iter()
        .zip(&network.interactions.target)
        .map(|(&a, &t)| (id(a), id(t)))
        .collect()
}

fn pair(actor: &str, target: &str) -> (String, String) {
    (actor.to_owned(), target.to_owned())
}

fn no_warnings(loaded: &Loaded) {
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
}

#[test]
fn gephi_edge_table() {
    let loaded = load(&[input("gephi_edges.csv")]);
    let report = &loaded.files[0];
    assert_eq!(report.format, Format::EdgeList);
    // 6 rows: 111→222 Directed, 222→333 labelled retweet, 333–111 Undirected (2), 111→444 with an
    // interval, 444→222 Mention, 222→111 directed: 5 links, 1 repost, 1 mention.
    assert_eq!((report.records, report.skipped, report.accounts), (6, 0, 4));
    assert_eq!(
        kinds(report),
        expect_kinds(&[(Kind::Repost, 1), (Kind::Mention, 1), (Kind::Link, 5)])
    );
    assert_eq!(
        loaded.network.interactions.weight,
        vec![3.0, 1.0, 2.0, 2.0, 1.0, 1.0, 1.0]
    );
    // Only the interval row has a time: its start, 2019-01-01.
    let times = &loaded.network.interactions.time;
    assert_eq!(times[4], 1_546_300_800);
    assert_eq!(times.iter().filter(|&&t| t != NO_TIME).count(), 1);
    no_warnings(&loaded);
}

#[test]
fn gephi_node_table_before_or_after_its_edges() {
    let after = load(&[input("gephi_edges.csv"), input("gephi_nodes.csv")]);
    let before = load(&[input("gephi_nodes.csv"), input("gephi_edges.csv")]);
    for loaded in [&after, &before] {
        let nodes = loaded.files.iter().find(|f| f.path == "gephi_nodes.csv").unwrap();
        assert_eq!(nodes.format, Format::NodeTable);
        // 111, 222, 333 are in the edges; 555 is not and becomes an account of its own.
        assert_eq!(
            (
                nodes.node_rows.rows,
                nodes.node_rows.matched_by_id,
                nodes.node_rows.added
            ),
            (4, 3, 1)
        );
        assert_eq!(nodes.accounts, 1);
        assert_eq!(loaded.network.accounts.len(), 5);
        assert_eq!(account(loaded, "111").label.as_deref(), Some("emb_b"));
        assert_eq!(attribute(loaded, "111", "Modularity Class"), Some("3"));
        assert_eq!(attribute(loaded, "222", "followers"), Some("98000"));
        assert_eq!(attribute(loaded, "111", "timeset"), None);
        assert_eq!(account(loaded, "444").label, None);
        assert_eq!(account(loaded, "555").label.as_deref(), Some("Isolated"));
        no_warnings(loaded);
    }
    // The order of the files changes nothing in the network.
    assert_eq!(
        format!("{:?}", after.network.accounts),
        format!("{:?}", before.network.accounts)
    );
    assert_eq!(pairs(&after), pairs(&before));
}

#[test]
fn nodexl_edges_with_banner_row() {
    let loaded = load(&[input("nodexl_edges.csv")]);
    let report = &loaded.files[0];
    assert_eq!(report.format, Format::NodexlEdges);
    // 8 rows under the banner and the header: Followed, Follower (reversed), Replies to,
    // Mentions, Tweet (a self-loop: no interaction), Retweet (weight 2), MentionsInRetweet
    // (not counted), Quote.
    assert_eq!((report.records, report.skipped), (8, 0));
    assert_eq!(
        kinds(report),
        expect_kinds(&[
            (Kind::Follow, 2),
            (Kind::Repost, 1),
            (Kind::Quote, 1),
            (Kind::Reply, 1),
            (Kind::Mention, 1),
        ])
    );
    assert_eq!(
        loaded.network.self_interactions, 0,
        "Tweet rows are no interaction"
    );
    // Screen names in any case are one Twitter account each, known by handle.
    assert_eq!(loaded.network.accounts.len(), 4);
    assert!(loaded
        .network
        .accounts
        .iter()
        .all(|a| a.platform == Platform::Twitter));
    assert_eq!(account(&loaded, "@mfa_a").handle.as_deref(), Some("mfa_a"));
    let pairs = pairs(&loaded);
    assert_eq!(
        pairs[0],
        pair("@emb_b", "@mfa_a"),
        "Followed: vertex 1 follows vertex 2"
    );
    assert_eq!(
        pairs[1],
        pair("@press_c", "@mfa_a"),
        "Follower: vertex 2 follows vertex 1"
    );
    assert_eq!(
        pairs[4],
        pair("@ngo_d", "@emb_b"),
        "the retweet points to the original author"
    );
    assert_eq!(loaded.network.interactions.weight[4], 2.0);
    // 2019-06-01 10:00:00 UTC.
    assert_eq!(loaded.network.interactions.time[0], 1_559_383_200);
    assert_eq!(loaded.warnings.len(), 1);
    assert!(loaded.warnings[0]
        .message
        .contains("1 MentionsInRetweet rows were not counted"));
}

#[test]
fn nodexl_vertices_match_their_edges_by_screen_name() {
    let loaded = load(&[input("nodexl_edges.csv"), input("nodexl_vertices.csv")]);
    let vertices = &loaded.files[1];
    assert_eq!(vertices.format, Format::NodexlVertices);
    // EMB_B, mfa_a and press_c are handles of the edges' accounts; someone_else is new.
    let rows = vertices.node_rows;
    assert_eq!(
        (rows.rows, rows.matched_by_id, rows.matched_by_handle, rows.added),
        (4, 0, 3, 1)
    );
    assert_eq!(loaded.network.accounts.len(), 5);
    let embassy = account(&loaded, "@emb_b");
    assert_eq!(embassy.label.as_deref(), Some("Embassy B"));
    let attributes: Vec<&str> = embassy.attributes.keys().map(String::as_str).collect();
    // Layout columns (Color, Shape, Image File, X, Y...) and NodeXL's row ID are not attributes;
    // empty cells (In-Degree, Out-Degree) are not kept.
    assert_eq!(
        attributes,
        vec!["Degree", "Followers", "Location", "PageRank", "Tweets"]
    );
    assert_eq!(account(&loaded, "@mfa_a").label.as_deref(), Some("Ministry A"));
    assert_eq!(attribute(&loaded, "@mfa_a", "Location"), Some("Capital, A"));
    assert_eq!(account(&loaded, "@press_c").label, None);
    assert_eq!(account(&loaded, "someone_else").platform, Platform::Generic);
    assert_eq!(loaded.warnings.len(), 1, "only the MentionsInRetweet note");
}

#[test]
fn gdf_nodes_and_edges() {
    let loaded = load(&[input("graph.gdf")]);
    let report = &loaded.files[0];
    assert_eq!(report.format, Format::Gdf);
    // 4 nodes (one isolated); edges 111→222 directed, 222→333 directed labelled retweet,
    // 333–111 undirected (2): 3 links and 1 repost.
    assert_eq!((report.records, report.accounts), (7, 4));
    assert_eq!(kinds(report), expect_kinds(&[(Kind::Repost, 1), (Kind::Link, 3)]));
    assert_eq!(loaded.network.interactions.weight, vec![3.0, 1.0, 2.0, 2.0]);
    assert_eq!(account(&loaded, "222").label.as_deref(), Some("Ministry, A"));
    assert_eq!(account(&loaded, "333").label.as_deref(), Some("O'Brien Press"));
    assert_eq!(attribute(&loaded, "111", "country"), Some("FR"));
    assert_eq!(
        attribute(&loaded, "222", "country"),
        Some("unknown"),
        "null takes the default"
    );
    assert_eq!(attribute(&loaded, "444", "country"), Some("unknown"));
    assert_eq!(attribute(&loaded, "111", "color"), None);
    no_warnings(&loaded);
}

#[test]
fn semicolons_with_decimal_commas() {
    let loaded = load(&[input("semicolon_decimal_comma.csv")]);
    assert_eq!(loaded.network.interactions.weight, vec![1.5, 0.25, 2.0]);
    assert_eq!(kinds(&loaded.files[0]), expect_kinds(&[(Kind::Link, 3)]));
    no_warnings(&loaded);
}

#[test]
fn tab_separated_with_times() {
    let loaded = load(&[input("tabs.tsv")]);
    let events = &loaded.network.interactions;
    assert_eq!(events.weight, vec![1.0, 3.0, 1.0], "an empty weight is 1");
    // 2021-05-18 and 2021-05-19T10:00:00Z; the last row has no time.
    assert_eq!(events.time, vec![1_621_296_000, 1_621_418_400, NO_TIME]);
    assert_eq!(pairs(&loaded)[2], pair("z", "x"));
    no_warnings(&loaded);
}

#[test]
fn bom_and_crlf_without_a_final_newline() {
    let loaded = load(&[input("bom_crlf.csv")]);
    let ids: Vec<&str> = loaded.network.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, vec!["p", "q", "r"]);
    assert_eq!(loaded.network.interactions.weight, vec![1.0, 2.0, 3.0]);
    no_warnings(&loaded);
}

#[test]
fn quoted_cells_spanning_lines() {
    let loaded = load(&[input("multiline_quoted.csv")]);
    // 4 rows; the first and third have comments over 2 and 3 lines, the second a quoted id with a comma.
    assert_eq!(loaded.files[0].records, 4);
    assert_eq!(
        pairs(&loaded),
        vec![
            pair("alpha", "beta"),
            pair("Smith, J", "beta"),
            pair("beta", "alpha"),
            pair("gamma", "alpha"),
        ]
    );
    no_warnings(&loaded);
}

#[test]
fn windows_1252_text() {
    let loaded = load(&[input("windows1252.csv")]);
    let ids: Vec<&str> = loaded.network.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, vec!["José", "François", "Zoë"]);
    assert_eq!(loaded.network.interactions.weight, vec![1.0, 2.5]);
    assert_eq!(loaded.warnings.len(), 1);
    assert_eq!(loaded.warnings[0].line, Some(2));
    assert!(loaded.warnings[0].message.contains("Windows-1252"));
}

#[test]
fn an_uppercase_header() {
    let loaded = load(&[input("uppercase_header.csv")]);
    // RETWEET, UNDIRECTED (both ways), FOLLOW.
    assert_eq!(
        kinds(&loaded.files[0]),
        expect_kinds(&[(Kind::Follow, 1), (Kind::Repost, 1), (Kind::Link, 2)])
    );
    assert_eq!(
        pairs(&loaded),
        vec![pair("A", "B"), pair("B", "C"), pair("C", "B"), pair("C", "A")]
    );
    no_warnings(&loaded);
}

#[test]
fn undirected_rows_count_both_ways() {
    let loaded = load(&[input("undirected.csv")]);
    // undirected and mutual: both ways; Directed and empty: one way.
    assert_eq!(
        pairs(&loaded),
        vec![
            pair("a", "b"),
            pair("b", "a"),
            pair("b", "c"),
            pair("c", "b"),
            pair("c", "d"),
            pair("d", "a"),
        ]
    );
    no_warnings(&loaded);
}

#[test]
fn attributes_before_or_after_the_edges() {
    let after = load(&[input("mentions.csv"), input("attributes.csv")]);
    let before = load(&[input("attributes.csv"), input("mentions.csv")]);
    for loaded in [&after, &before] {
        // mention, reply, retweet, quote: one each.
        let edges = loaded.files.iter().find(|f| f.path == "mentions.csv").unwrap();
        assert_eq!(
            kinds(edges),
            expect_kinds(&[
                (Kind::Repost, 1),
                (Kind::Quote, 1),
                (Kind::Reply, 1),
                (Kind::Mention, 1)
            ])
        );
        let nodes = loaded.files.iter().find(|f| f.path == "attributes.csv").unwrap();
        assert_eq!((nodes.node_rows.matched_by_id, nodes.node_rows.added), (3, 0));
        assert_eq!(loaded.network.accounts.len(), 4);
        assert_eq!(account(loaded, "alice").label.as_deref(), Some("Alice A."));
        assert_eq!(attribute(loaded, "alice", "category"), Some("embassy"));
        assert_eq!(attribute(loaded, "bob", "country"), Some("DE"));
        assert_eq!(account(loaded, "bob").label, None);
        assert_eq!(attribute(loaded, "carol", "country"), None);
        assert_eq!(account(loaded, "dave").attributes.len(), 0);
        no_warnings(loaded);
    }
    assert_eq!(
        format!("{:?}", after.network.accounts),
        format!("{:?}", before.network.accounts)
    );
    assert_eq!(
        after.network.interactions.time,
        vec![1_621_365_896, 1_621_368_000, 1_621_365_896, NO_TIME]
    );
}

#[test]
fn attributes_matched_by_handle() {
    let loaded = load(&[input("attributes_by_handle.csv"), input("mentions.csv")]);
    let nodes = &loaded.files[0];
    assert_eq!(nodes.format, Format::NodeTable);
    // @ALICE and Dave are the ids alice and dave in another case or with an @; @erin is nobody.
    let rows = nodes.node_rows;
    assert_eq!(
        (rows.rows, rows.matched_by_id, rows.matched_by_handle, rows.added),
        (3, 0, 2, 1)
    );
    assert_eq!(attribute(&loaded, "alice", "group"), Some("g1"));
    assert_eq!(attribute(&loaded, "dave", "country"), Some("US"));
    assert_eq!(account(&loaded, "@erin").platform, Platform::Generic);
    assert_eq!(loaded.network.accounts.len(), 5);
    no_warnings(&loaded);
}

#[test]
fn attributes_matched_by_handle_to_twitter_accounts() {
    // The NodeXL edges name Twitter accounts by handle; a generic table's @handles find them.
    let table = b"username,country\n@Emb_B,FR\nngo_d,BE\n";
    let mut ingest = Ingest::new();
    ingest.begin_file("countries.csv");
    ingest.push(table);
    ingest.end_file();
    ingest.begin_file("nodexl_edges.csv");
    ingest.push(&fixture("nodexl_edges.csv"));
    ingest.end_file();
    let loaded = ingest.finish();
    assert_eq!(loaded.files[0].node_rows.matched_by_handle, 2);
    assert_eq!(attribute(&loaded, "@emb_b", "country"), Some("FR"));
    assert_eq!(attribute(&loaded, "@ngo_d", "country"), Some("BE"));
}

#[test]
fn unmatched_attribute_rows_are_added_and_told() {
    let loaded = load(&[input("mentions.csv"), input("unmatched_attributes.csv")]);
    let nodes = &loaded.files[1];
    // zed and yan match nothing; the row with an empty id is skipped.
    assert_eq!((nodes.records, nodes.skipped), (3, 1));
    assert_eq!((nodes.node_rows.rows, nodes.node_rows.added), (2, 2));
    assert_eq!(nodes.accounts, 2);
    assert_eq!(loaded.network.accounts.len(), 6);
    assert_eq!(attribute(&loaded, "yan", "region"), Some("west"));
    let messages: Vec<(Option<u64>, &str)> = loaded
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(messages[0].0, Some(3));
    assert!(messages[0].1.contains("the id cell (column 1) is empty"));
    assert_eq!(messages[1].0, None);
    assert!(messages[1].1.contains("none of the 2 node rows matched"));
    assert!(loaded
        .warnings
        .iter()
        .all(|w| w.file == "unmatched_attributes.csv"));
}

fn override_mapping(undirected: bool) -> TableOptions {
    TableOptions {
        has_header: Some(true),
        columns: Some(vec![
            ColumnRole::Source,
            ColumnRole::Target,
            ColumnRole::Weight,
            ColumnRole::Ignore,
        ]),
        undirected,
        ..TableOptions::default()
    }
}

#[test]
fn an_explicit_mapping_overrides_the_guess() {
    // `user` is an id name: guessed, the file is a node table of 2 accounts.
    let guessed = load(&[input("mapping_override.csv")]);
    assert_eq!(guessed.files[0].format, Format::NodeTable);
    assert_eq!(guessed.network.interactions.len(), 0);
    assert_eq!(attribute(&guessed, "alice", "replied_to"), Some("bob"));

    let mapped_loaded = load(&[mapped("mapping_override.csv", override_mapping(false))]);
    assert_eq!(mapped_loaded.files[0].format, Format::EdgeList);
    assert_eq!(
        pairs(&mapped_loaded),
        vec![pair("alice", "bob"), pair("carol", "bob")]
    );
    assert_eq!(mapped_loaded.network.interactions.weight, vec![2.0, 1.0]);
    no_warnings(&mapped_loaded);

    let undirected = load(&[mapped("mapping_override.csv", override_mapping(true))]);
    assert_eq!(undirected.network.interactions.len(), 4);
}

#[test]
fn an_explicit_mapping_can_make_an_attribute_table_and_name_its_columns() {
    let options = TableOptions {
        delimiter: Some(','),
        has_header: Some(true),
        columns: Some(vec![
            ColumnRole::Id,
            ColumnRole::Ignore,
            ColumnRole::Attribute {
                name: "replies".into(),
            },
            ColumnRole::Attribute { name: String::new() },
        ]),
        ..TableOptions::default()
    };
    let loaded = load(&[mapped("mapping_override.csv", options)]);
    assert_eq!(attribute(&loaded, "carol", "replies"), Some("1"));
    assert_eq!(attribute(&loaded, "carol", "note"), Some("second, with a comma"));
    assert_eq!(attribute(&loaded, "carol", "replied_to"), None);
}

#[test]
fn a_mapping_with_neither_edges_nor_ids_reads_nothing_and_says_so() {
    let options = TableOptions {
        columns: Some(vec![ColumnRole::Weight]),
        ..TableOptions::default()
    };
    let loaded = load(&[mapped("mentions.csv", options), input("tabs.tsv")]);
    assert_eq!(loaded.files[0].interaction_total(), 0);
    assert_eq!(
        loaded.files[1].interaction_total(),
        3,
        "the next file still loads"
    );
    assert_eq!(loaded.warnings.len(), 1);
    assert!(loaded.warnings[0]
        .message
        .contains("neither a source and a target nor an id"));
}

#[test]
fn a_mapping_reads_a_csv_no_reader_claims_and_other_formats_ignore_it() {
    // Guessed, this header is a node table (it has an `id` column); mapped by hand, it is an edge table.
    let twarc = b"id,actor,addressee,text\n1,10,20,hi\n2,30,,hello\n";
    let options = TableOptions {
        has_header: Some(true),
        columns: Some(vec![
            ColumnRole::Ignore,
            ColumnRole::Source,
            ColumnRole::Target,
            ColumnRole::Ignore,
        ]),
        ..TableOptions::default()
    };
    let file = |name: &'static str, bytes: &[u8]| Input {
        name,
        bytes: bytes.to_vec(),
        options: FileOptions {
            table: Some(options.clone()),
            ..FileOptions::default()
        },
    };
    let loaded = load(&[file("twarc.csv", twarc), file("graph.gdf", &fixture("graph.gdf"))]);
    assert_eq!(loaded.files[0].format, Format::EdgeList);
    // Row 2 has no replied-to user: skipped with a warning.
    assert_eq!(pairs(&loaded)[0], pair("10", "20"));
    assert_eq!((loaded.files[0].records, loaded.files[0].skipped), (2, 1));
    // The GDF is read as GDF, its own way.
    assert_eq!(loaded.files[1].format, Format::Gdf);
    assert_eq!(loaded.files[1].interaction_total(), 4);
}

#[test]
fn bad_rows_warn_with_file_and_line_and_the_rest_loads() {
    let loaded = load(&[input("bad_rows.csv")]);
    let report = &loaded.files[0];
    // 9 rows: a,b and m,n load; one column, empty source, empty target, `heavy`, NaN, inf,
    // -Infinity are skipped.
    assert_eq!(
        (report.records, report.skipped, report.interaction_total()),
        (9, 7, 2)
    );
    let lines: Vec<Option<u64>> = loaded.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, (3..=9).map(Some).collect::<Vec<_>>());
    let reasons = [
        "expected at least 2 columns",
        "the source cell (column 1) is empty",
        "the target cell (column 2) is empty",
        "'heavy' is not a number",
        "'NaN' is not a finite number",
        "'inf' is not a finite number",
        "'-Infinity' is not a finite number",
    ];
    for (warning, reason) in loaded.warnings.iter().zip(reasons) {
        assert!(
            warning.message.contains(reason),
            "{} lacks {reason}",
            warning.message
        );
        assert_eq!(warning.file, "bad_rows.csv");
    }
}

fn with_oversized_row() -> Vec<u8> {
    let mut bytes = b"source,target\na,b\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 17 * 1024 * 1024));
    bytes.extend_from_slice(b",y\nc,d\n");
    bytes
}

#[test]
fn an_oversized_row_is_skipped_and_the_rest_loads_in_any_chunking() {
    let file = Input {
        name: "huge.csv",
        bytes: with_oversized_row(),
        options: FileOptions::default(),
    };
    let whole = ingest(std::slice::from_ref(&file), 0);
    let report = &whole.files[0];
    assert_eq!(
        (report.records, report.skipped, report.interaction_total()),
        (3, 1, 2)
    );
    assert_eq!(whole.warnings.len(), 1);
    assert_eq!(whole.warnings[0].line, Some(3));
    assert!(whole.warnings[0].message.contains("longer than 16 MB"));
    let chunked = ingest(std::slice::from_ref(&file), 65_536);
    assert_eq!(fingerprint(&chunked), fingerprint(&whole));
}

#[test]
fn twitter_collector_csvs_are_left_to_their_own_readers() {
    let twarc = b"id,conversation_id,referenced_tweets.replied_to.id,author_id,text\n1,1,,2,hi\n";
    let grailbird = b"tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,text\n1,,,x,hi\n";
    let following = b"Account address,Show boosts,Notify on new posts,Languages\na@b.example,true,false,\n";
    for (name, bytes) in [
        ("twarc.csv", &twarc[..]),
        ("tweets.csv", &grailbird[..]),
        ("following_accounts.csv", &following[..]),
    ] {
        // Their own readers (twarc-csv, Grailbird, Mastodon) take them, never the table reader.
        let loaded = attache::ingest::ingest_files([(name, bytes)]);
        let format = loaded.files[0].format;
        let table = [
            Format::EdgeList,
            Format::NodeTable,
            Format::NodexlEdges,
            Format::NodexlVertices,
            Format::Gdf,
        ];
        assert!(!table.contains(&format), "{name} read as {format:?}");
    }
}

#[test]
fn a_preview_of_nodexl_vertices_skips_the_banner() {
    let preview = attache::ingest::preview_table(&fixture("nodexl_vertices.csv"));
    assert_eq!(preview.format, Format::NodexlVertices);
    assert_eq!((preview.skip_rows, preview.has_header), (1, true));
    assert_eq!(preview.shape, Some(TableShape::Nodes));
    assert_eq!(preview.rows.len(), 4);
    let role_of = |header: &str| {
        preview
            .columns
            .iter()
            .find(|c| c.header.as_deref() == Some(header))
            .map(|c| c.role.clone())
    };
    assert_eq!(role_of("Vertex"), Some(ColumnRole::Id));
    assert_eq!(role_of("ID"), Some(ColumnRole::Ignore));
    assert_eq!(role_of("Name"), Some(ColumnRole::Label));
    assert_eq!(
        role_of("Followers"),
        Some(ColumnRole::Attribute {
            name: "Followers".into()
        })
    );
}

/// Everything a load produced, to compare two loads.
fn fingerprint(loaded: &Loaded) -> String {
    format!(
        "{:?}\n{:?}\n{}\n{}\n{:?}\n{:?}",
        loaded.network.accounts,
        loaded.network.interactions,
        loaded.network.self_interactions,
        loaded.network.duplicates,
        loaded.warnings,
        loaded.files
    )
}

/// Every fixture alone, and the combinations above, in every chunking.
fn scenarios() -> Vec<Vec<Input>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tables");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut scenarios: Vec<Vec<Input>> = names
        .into_iter()
        .map(|name| vec![input(Box::leak(name.into_boxed_str()))])
        .collect();
    scenarios.extend([
        vec![input("gephi_nodes.csv"), input("gephi_edges.csv")],
        vec![input("nodexl_edges.csv"), input("nodexl_vertices.csv")],
        vec![input("attributes.csv"), input("mentions.csv")],
        vec![input("attributes_by_handle.csv"), input("mentions.csv")],
        vec![input("mentions.csv"), input("unmatched_attributes.csv")],
        vec![mapped("mapping_override.csv", override_mapping(true))],
    ]);
    scenarios
}

#[test]
fn every_fixture_loads_the_same_in_any_chunking() {
    for scenario in scenarios() {
        let names: Vec<&str> = scenario.iter().map(|i| i.name).collect();
        let whole = fingerprint(&ingest(&scenario, 0));
        for chunk in [1, 7, 4096] {
            assert_eq!(
                fingerprint(&ingest(&scenario, chunk)),
                whole,
                "{names:?} in chunks of {chunk}"
            );
        }
    }
}
