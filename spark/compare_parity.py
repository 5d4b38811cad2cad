"""Compares the Spark job's output with `attache`'s on the same files (spark/test-parity.sh).

    python3 spark/compare_parity.py WORK_DIR

WORK_DIR holds the CLI's `cli.csv` (score --format csv), `cli_groups.json` (groups
--json), `cli_inspect.json` (inspect --json) and the job's `out/` directory. PageRank
must agree within 1e-9, counts exactly, the index (a mean of percentiles compared at 10
significant digits) and group sums within 1e-9; the rows must come in the same order,
except where PageRank values closer than 1e-12 may swap. Ends with the plain line
`N passed, N failed`; exits 1 on any failure.
"""

import csv
import json
import sys

EXACT = [
    "in_degree",
    "out_degree",
    "in_strength",
    "out_strength",
    "follows_in",
    "reposts_in",
    "quotes_in",
    "replies_in",
    "mentions_in",
]


def main(work: str) -> int:
    passed, failures = 0, []

    def check(ok: bool, what: str) -> None:
        nonlocal passed
        if ok:
            passed += 1
        else:
            failures.append(what)

    with open(f"{work}/cli.csv", newline="", encoding="utf-8") as handle:
        cli = list(csv.DictReader(handle))
    with open(f"{work}/out/scores.csv", newline="", encoding="utf-8") as handle:
        spark = list(csv.DictReader(handle))
    with open(f"{work}/cli.csv", encoding="utf-8") as a, open(f"{work}/out/scores.csv", encoding="utf-8") as b:
        check(a.readline() == b.readline(), "scores.csv has the header of attache score --format csv")
    check(len(cli) == len(spark), f"accounts: CLI {len(cli)}, Spark {len(spark)}")
    by_id = {row["id"]: row for row in spark}
    check(set(by_id) == {row["id"] for row in cli}, "the same account ids")

    worst = {"pagerank": 0.0, "influence_index": 0.0}
    for row in cli:
        other = by_id.get(row["id"])
        if other is None:
            continue
        check(row["label"] == other["label"], f"{row['id']}: label {row['label']!r} vs {other['label']!r}")
        for column in EXACT:
            check(row[column] == other[column], f"{row['id']}: {column} {row[column]} vs {other[column]}")
        difference = abs(float(row["pagerank"]) - float(other["pagerank"]))
        worst["pagerank"] = max(worst["pagerank"], difference)
        check(difference <= 1e-9, f"{row['id']}: pagerank {row['pagerank']} vs {other['pagerank']}")
        a, b = row["influence_index"], other["influence_index"]
        if a == "" or b == "":
            check(a == b, f"{row['id']}: influence_index {a!r} vs {b!r}")
        else:
            worst["influence_index"] = max(worst["influence_index"], abs(float(a) - float(b)))
            check(abs(float(a) - float(b)) <= 1e-9, f"{row['id']}: influence_index {a} vs {b}")

    # The same ranking, but for neighbours whose PageRank is equal to 1e-12 (either order).
    position = {row["id"]: i for i, row in enumerate(spark)}
    swapped = 0
    for i, (mine, theirs) in enumerate(zip(cli, spark)):
        if mine["id"] != theirs["id"] and abs(float(mine["pagerank"]) - float(theirs["pagerank"])) > 1e-12:
            swapped += 1
    check(swapped == 0, f"{swapped} rows out of the CLI's order")
    check(all(row["id"] in position for row in cli), "every CLI row is ranked by Spark")

    with open(f"{work}/cli_groups.json", encoding="utf-8") as handle:
        groups = json.load(handle)["groups"]
    with open(f"{work}/out/groups_camp.csv", newline="", encoding="utf-8") as handle:
        spark_groups = list(csv.DictReader(handle))
    check([g["name"] for g in groups] == [g["group"] for g in spark_groups], "the same groups, in order")
    for group, other in zip(groups, spark_groups):
        check(group["members"] == int(other["members"]), f"group {group['name']}: members")
        for field in ["index_sum", "index_median", "pagerank_share"]:
            mine, theirs = group[field], other[field]
            if mine is None or theirs == "":
                check(mine is None and theirs == "", f"group {group['name']}: {field} {mine} vs {theirs!r}")
            else:
                scale = max(1.0, abs(mine))
                check(abs(mine - float(theirs)) <= 1e-9 * scale, f"group {group['name']}: {field} {mine} vs {theirs}")

    with open(f"{work}/cli_inspect.json", encoding="utf-8") as handle:
        inspected = json.load(handle)
    with open(f"{work}/out/summary.json", encoding="utf-8") as handle:
        summary = json.load(handle)
    check(summary["accounts"] == inspected["nodes"], f"accounts {summary['accounts']} vs {inspected['nodes']}")
    check(summary["edges"] == inspected["edges"], f"edges {summary['edges']} vs {inspected['edges']}")
    check(summary["posts"] == inspected["posts"], f"posts {summary['posts']} vs {inspected['posts']}")
    check(
        summary["interactions"] == inspected["interactions"],
        f"interactions by kind {summary['interactions']} vs {inspected['interactions']}",
    )
    # The fixture must exercise what the union adds: events in both shards, handles joined.
    check(summary["duplicates_across_shards"] > 0, "some events were in both shards")
    check(summary["handle_only_accounts_joined"] > 0, "some handle-only accounts joined an id of the other shard")

    for failure in failures[:20]:
        print(f"FAIL {failure}")
    print(
        f"parity: {len(cli)} accounts; largest PageRank difference {worst['pagerank']:.3g}, "
        f"largest index difference {worst['influence_index']:.3g}; "
        f"{summary['duplicates_across_shards']} events deduplicated across shards, "
        f"{summary['handle_only_accounts_joined']} handle-only accounts joined; "
        f"PageRank in {summary['pagerank']['iterations']} iterations"
    )
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
