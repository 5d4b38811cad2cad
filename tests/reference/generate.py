#!/usr/bin/env python3
"""Writes the fixture graphs under tests/fixtures/graphs/ and the values networkx
computes on them under tests/reference/, which the Rust tests compare against.

Run from the repository root: python3 tests/reference/generate.py
Needs networkx (pip install networkx); CI does not: it reads the checked-in values.

Every graph is read by attaché the way its CSV says (directed rows, `undirected` rows
in both directions), self-loops dropped and parallel rows summed into one weight:
the networkx graph below is built by the same rules, so the two see the same G.
"""
import csv
import json
import pathlib
import random

import networkx as nx

ROOT = pathlib.Path(__file__).resolve().parent.parent
GRAPHS = ROOT / "fixtures" / "graphs"
REFERENCE = ROOT / "reference"


def karate_rows():
    """Zachary's karate club (networkx.karate_club_graph), friendships as undirected rows."""
    graph = nx.karate_club_graph()
    return [(str(u), str(v), 1, "undirected") for u, v in graph.edges()]


def weighted_with_dangling_rows():
    """Small directed graph: parallel rows, a self-loop, dangling nodes, two components."""
    return [
        ("a", "b", 1, ""), ("a", "b", 2, ""), ("b", "c", 1, ""), ("c", "a", 0.5, ""),
        ("c", "d", 1, ""), ("d", "d", 4, ""), ("e", "c", 3, ""), ("e", "f", 1, ""),
        ("x", "y", 2, ""), ("y", "z", 1, ""), ("z", "x", 1.5, ""), ("w", "x", 1, ""),
    ]


def random_rows(seed=7, nodes=300, edges=2400):
    """Seeded heavy-tailed directed graph with random weights (preferential targets)."""
    rng = random.Random(seed)
    targets = [0]
    rows = []
    for _ in range(edges):
        source = rng.randrange(nodes)
        target = rng.choice(targets) if rng.random() < 0.6 else rng.randrange(nodes)
        targets.append(target)
        rows.append((f"n{source}", f"n{target}", round(rng.uniform(0.1, 5.0), 3), ""))
    return rows


def to_digraph(rows):
    graph = nx.DiGraph()
    for source, target, weight, kind in rows:
        for u, v in [(source, target), (target, source)] if kind == "undirected" else [(source, target)]:
            graph.add_node(u)
            graph.add_node(v)
            if u == v:
                continue
            previous = graph.get_edge_data(u, v, {"weight": 0})["weight"]
            graph.add_edge(u, v, weight=previous + weight)
    return graph


def write_csv(name, rows):
    with open(GRAPHS / f"{name}.csv", "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["source", "target", "weight", "type"])
        writer.writerows(rows)


def reference_values(graph):
    return {
        "pagerank": nx.pagerank(graph, alpha=0.85, weight="weight", tol=1e-12, max_iter=10000),
        "in_degree": dict(graph.in_degree()),
        "out_degree": dict(graph.out_degree()),
        "in_strength": dict(graph.in_degree(weight="weight")),
        "out_strength": dict(graph.out_degree(weight="weight")),
    }


def main():
    GRAPHS.mkdir(parents=True, exist_ok=True)
    cases = {
        "karate": karate_rows(),
        "weighted_dangling": weighted_with_dangling_rows(),
        "random_300": random_rows(),
    }
    for name, rows in cases.items():
        write_csv(name, rows)
        values = reference_values(to_digraph(rows))
        document = {"networkx": nx.__version__, "graph": f"fixtures/graphs/{name}.csv", "metrics": values}
        (REFERENCE / f"{name}.json").write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
