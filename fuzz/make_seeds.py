#!/usr/bin/env python3
"""Writes the seed corpora (fuzz/corpus/<target>/seed-*) from the test fixtures.

Each seed is one control byte (see fuzz/harness.rs: it picks the reader and the chunk
size) followed by a fixture, cut to at most MAX_SEED bytes at a line end where the
fixture has lines (a cut file is a fine seed: readers must handle truncation). Run from
the repository root: `python3 fuzz/make_seeds.py`. Only seed* files are kept by git
(fuzz/.gitignore); what the fuzzer adds to the corpus stays local.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT / "fuzz" / "corpus"
MAX_SEED = 8 * 1024

# target -> [(control byte, fixture path relative to tests/fixtures)]
SEEDS = {
    "ingest_any": [
        (7, "graphs/weighted_dangling.csv"),
        (64, "gexf/gexfspec_site_data.gexf"),
        (33, "pajek/diplomats.net"),
        (19, "gml/newman_style.gml"),
        (200, "twarc2/two_tweets.jsonl"),
        (90, "node_link/d3_classic.json"),
        (11, "x-archive/handmade/tweets.js"),
        (128, "mastodon/outbox.json"),
        (255, "bluesky-car/greenground.repo.car"),
        (3, "tables/graph.gdf"),
    ],
    "csv_tables": [
        (4 * 7 + 0, "graphs/weighted_dangling.csv"),
        (4 * 3 + 1, "tables/semicolon_decimal_comma.csv"),
        (4 * 9 + 2, "tables/tabs.tsv"),
        (4 * 5 + 0, "tables/multiline_quoted.csv"),
        (4 * 2 + 1, "tables/gephi_nodes.csv"),
        (4 * 11 + 2, "tables/graph.gdf"),
        (4 * 13 + 3, "twarc-csv/mentions_tweet.csv"),
        (4 * 1 + 0, "tables/nodexl_edges.csv"),
        (4 * 6 + 0, "tables/windows1252.csv"),
        (4 * 8 + 0, "tables/bad_rows.csv"),
    ],
    "json_values": [
        (3 * 4 + 0, "twarc2/two_tweets.jsonl"),
        (3 * 9 + 1, "twitter-v1.1/python-twitter_status_quoted_tweet.json"),
        (3 * 2 + 2, "x-archive/handmade/tweets.js"),
        (3 * 20 + 0, "node_link/d3_classic.json"),
    ],
    "twitter_json": [
        (5 * 10 + 0, "twarc2/two_tweets.jsonl"),
        (5 * 3 + 0, "twarc2/quoted_edit.jsonl"),
        (5 * 7 + 0, "twarc2/mentions_tweet.jsonl"),
        (5 * 2 + 1, "twitter-v1.1/python-twitter_status_quoted_tweet.json"),
        (5 * 9 + 1, "twitter-v1.1/python-twitter_streaming_extended_tweet.json"),
        (5 * 4 + 1, "twitter-v1.1/python-twitter_streaming_lines.jsonl"),
        (5 * 6 + 2, "mastodon/outbox.json"),
        (5 * 1 + 2, "mastodon/actor.json"),
        (5 * 8 + 3, "node_link/networkx.json"),
        (5 * 5 + 3, "node_link/d3_classic.json"),
        (5 * 3 + 4, "graphology/mixed.json"),
        (5 * 11 + 4, "graphology/graphology_clique3.json"),
    ],
    "x_archive": [
        (13, "x-archive/handmade/tweets.js"),
        (1, "x-archive/handmade/manifest.js"),
        (40, "x-archive/handmade/account.js"),
        (7, "x-archive/handmade/follower.js"),
        (90, "x-archive/handmade/following.js"),
        (5, "x-archive/twoo/tweets.js"),
        (21, "x-archive/twitter-to-sqlite/account.js"),
    ],
    "zip_archive": [
        (0, "archives/x-archive.zip"),
        (1, "archives/mastodon-archive.zip"),
    ],
    "bluesky_car": [
        (1, "bluesky-car/greenground.repo.car"),
        (4, "bluesky-car/repo_slice.car"),
    ],
    "xml_graphs": [
        (2 * 9, "gexf/gexfspec_site_data.gexf"),
        (2 * 3, "gexf/gexfspec_site_dynamics.gexf"),
        (2 * 20, "gexf/traps.gexf"),
        (2 * 5, "gexf/graphology_mixed.gexf"),
        (2 * 7 + 1, "graphml/graphology_attributes.graphml"),
        (2 * 2 + 1, "graphml/traps.graphml"),
        (2 * 30 + 1, "graphml/yed.graphml"),
        (2 * 4 + 1, "graphml/nodexl.graphml"),
    ],
    "pajek": [
        (5, "pajek/diplomats.net"),
        (9, "pajek/arcslist.net"),
        (2, "pajek/two_mode.net"),
        (30, "pajek/bad_lines.net"),
        (3, "pajek/windows1252.net"),
    ],
    "gml": [
        (5, "gml/newman_style.gml"),
        (17, "gml/traps.gml"),
        (3, "gml/unbalanced.gml"),
    ],
}


def cut(data: bytes, binary: bool) -> bytes:
    if len(data) <= MAX_SEED:
        return data
    head = data[:MAX_SEED]
    if not binary and b"\n" in head:
        head = head[: head.rindex(b"\n") + 1]
    return head


def main() -> None:
    for target, seeds in SEEDS.items():
        folder = CORPUS / target
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("seed*"):
            old.unlink()
        for control, fixture in seeds:
            path = FIXTURES / fixture
            binary = path.suffix in (".car", ".zip")
            data = path.read_bytes()
            if path.suffix == ".zip" and len(data) > MAX_SEED:
                continue  # a cut ZIP loses its directory: useless as a seed
            name = "seed-" + fixture.replace("/", "-")
            (folder / name).write_bytes(bytes([control]) + cut(data, binary))
        print(f"{target}: {len(list(folder.glob('seed*')))} seeds")


if __name__ == "__main__":
    main()
