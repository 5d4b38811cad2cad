#!/usr/bin/env python3
"""Writes the fixture graphs under tests/fixtures/graphs/ and the values networkx
computes on them under tests/reference/, which the Rust tests compare against.

Run from the repository root: python3 tests/reference/generate.py
Needs networkx, numpy and scipy; CI does not: it reads the checked-in values.

Every graph is read by attaché the way its CSV says (directed rows, `undirected` rows
in both directions), self-loops dropped and parallel rows summed into one weight:
the networkx graph below is built by the same rules, so the two see the same G.
U, the undirected simple view, links two accounts that interact in either direction,
with the SUM of both directions' weights (built explicitly: networkx's
`G.to_undirected()` would keep one direction's weight). Only the community check reads
U's weights; coreness, clustering and collective influence ignore them.

Each reference file holds:
- `metrics`: metric id -> {account id: value}, every metric at its default parameters;
- `runs`: the same for other parameters (`params` as attaché takes them);
- `betweenness_samples`: networkx's sampled estimate, with the sources its generator
  drew (random.Random(seed).sample(list(G), k)), so the estimator can be compared
  exactly even though attaché draws its sources differently;
- `communities`: the modularity of networkx's Louvain partition of U per resolution and
  seed (attaché's must be at least as high), and for the first seed the partition itself
  (to check that attaché computes modularity as networkx does);
- `notes`: where a value is not networkx's own (see eigenvector_last_iterate).
"""
import csv
import json
import math
import pathlib
import random

import networkx as nx
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
GRAPHS = ROOT / "fixtures" / "graphs"
REFERENCE = ROOT / "reference"

LOUVAIN_SEEDS = range(5)
LOUVAIN_RESOLUTIONS = [1.0, 0.5, 2.0]


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


def disconnected_rows():
    """Three weakly connected parts and an isolated account: a cyclic core with accounts
    that only send (s1, s2) and only receive (t1, t2), a small out-star (hub → leaves),
    and `lone`, known only from a self-loop. The largest singular value of A is simple
    (the core's), so networkx's HITS is well defined."""
    return [
        ("c1", "c2", 2, ""), ("c2", "c3", 1, ""), ("c3", "c1", 1, ""), ("c3", "c4", 3, ""),
        ("c4", "c2", 1, ""), ("c2", "c4", 1, ""), ("s1", "c1", 1, ""), ("s1", "c3", 1, ""),
        ("s2", "c1", 2, ""), ("c4", "t1", 1, ""), ("c2", "t1", 1, ""), ("c1", "t2", 1, ""),
        ("s2", "t2", 1, ""),
        ("hub", "l1", 1, ""), ("hub", "l2", 1, ""), ("hub", "l3", 1, ""), ("l3", "l4", 1, ""),
        ("p", "q", 1, ""), ("q", "p", 1, ""), ("r", "p", 1, ""),
        ("lone", "lone", 5, ""),
    ]


def self_loops_and_parallel_rows():
    """Interactions of several kinds between the same pairs (summed), self-loops of
    accounts that also interact (dropped), and undirected rows (both directions)."""
    rng = random.Random(11)
    kinds = ["retweet", "mention", "reply", "quote", ""]
    names = [f"u{i}" for i in range(25)]
    rows = []
    for _ in range(120):
        source, target = rng.choice(names), rng.choice(names)
        kind = rng.choice(kinds)
        for _ in range(rng.choice([1, 1, 2, 3])):
            rows.append((source, target, rng.choice([1, 1, 2, 0.5]), kind))
    for name in names[::4]:
        rows.append((name, name, 3, "mention"))
    for u, v in [("u1", "u2"), ("u3", "u1"), ("u5", "u6"), ("u6", "u5")]:
        rows.append((u, v, 1.5, "undirected"))
    return rows


def dag_rows():
    """A directed acyclic graph: layers, each account pointing only to later layers."""
    rng = random.Random(5)
    layers = [[f"d{layer}_{i}" for i in range(size)] for layer, size in enumerate([3, 5, 6, 4, 2])]
    rows = []
    for depth, layer in enumerate(layers[:-1]):
        for source in layer:
            for later in layers[depth + 1:]:
                for target in later:
                    if rng.random() < 0.35:
                        rows.append((source, target, rng.choice([1, 2, 3]), ""))
    return rows


def planted_rows(seed=3, groups=4, size=50):
    """Four planted groups of 50 accounts, dense inside and sparse across, with weights:
    a graph whose communities Louvain should find."""
    rng = random.Random(seed)
    rows = []
    for u in range(groups * size):
        for v in range(groups * size):
            same = u // size == v // size
            if u != v and rng.random() < (0.12 if same else 0.008):
                rows.append((f"g{u}", f"g{v}", rng.choice([1, 1, 2, 4]), ""))
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


def undirected_summed(graph):
    """U: one link per pair interacting in either direction, weight summed over both."""
    undirected = nx.Graph()
    undirected.add_nodes_from(graph)
    for u, v, weight in graph.edges(data="weight"):
        previous = undirected.get_edge_data(u, v, {"weight": 0})["weight"]
        undirected.add_edge(u, v, weight=previous + weight)
    return undirected


def write_csv(name, rows):
    with open(GRAPHS / f"{name}.csv", "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["source", "target", "weight", "type"])
        writer.writerows(rows)


def collective_influence(undirected):
    """Morone & Makse (2015), radius 2: (k_i - 1) * sum of (k_j - 1) over d(i, j) = 2."""
    values = {}
    for i in undirected:
        distances = nx.single_source_shortest_path_length(undirected, i, cutoff=2)
        frontier = sum(undirected.degree(j) - 1 for j, d in distances.items() if d == 2)
        values[i] = (undirected.degree(i) - 1) * frontier
    return values


def tunkrank(graph, p=0.05):
    """Tunkelang (2009), unweighted: I(x) = sum over y -> x of (1 + p I(y)) / outdeg(y),
    iterated from zero until no value changes by more than 1e-15 relative."""
    influence = dict.fromkeys(graph, 0.0)
    for _ in range(10000):
        updated = {
            x: sum((1 + p * influence[y]) / graph.out_degree(y) for y in graph.predecessors(x))
            for x in graph
        }
        change = max(abs(updated[x] - influence[x]) for x in graph)
        scale = max(1.0, max(abs(v) for v in updated.values()))
        influence = updated
        if change <= 1e-15 * scale:
            return influence
    raise RuntimeError("TunkRank did not converge")


def eigenvector_last_iterate(graph, max_iter=100, tol=1e-6):
    """networkx.eigenvector_centrality(G, weight="weight")'s loop, verbatim, except that
    it returns the last iterate where networkx raises PowerIterationFailedConvergence:
    what attaché reports (with converged = 0) on graphs without cycles."""
    x = {v: 1 / len(graph) for v in graph}
    for _ in range(max_iter):
        xlast = x
        x = xlast.copy()
        for n in x:
            for nbr in graph[n]:
                x[nbr] += xlast[n] * graph[n][nbr].get("weight", 1)
        norm = math.hypot(*x.values()) or 1
        x = {k: v / norm for k, v in x.items()}
        if sum(abs(x[n] - xlast[n]) for n in x) < len(graph) * tol:
            break
    return x


def check_hits_is_well_defined(name, graph):
    """networkx's HITS is the top singular vector of A, arbitrary when that is not simple."""
    singular = np.linalg.svd(nx.to_numpy_array(graph, weight="weight"), compute_uv=False)
    assert singular[0] - singular[1] > 1e-6 * singular[0], f"{name}: HITS ill-defined in networkx"


def reference_values(name, graph, notes):
    undirected = undirected_summed(graph)
    check_hits_is_well_defined(name, graph)
    hubs, authorities = nx.hits(graph)
    try:
        eigenvector = nx.eigenvector_centrality(graph, weight="weight")
    except nx.PowerIterationFailedConvergence:
        eigenvector = eigenvector_last_iterate(graph)
        notes.append("eigenvector: networkx does not converge (no cycle); values are its last iterate")
    return {
        "pagerank": nx.pagerank(graph, alpha=0.85, weight="weight", tol=1e-12, max_iter=10000),
        "in_degree": dict(graph.in_degree()),
        "out_degree": dict(graph.out_degree()),
        "in_strength": dict(graph.in_degree(weight="weight")),
        "out_strength": dict(graph.out_degree(weight="weight")),
        "hub": hubs,
        "authority": authorities,
        "betweenness": nx.betweenness_centrality(graph, normalized=True),
        "harmonic": nx.harmonic_centrality(graph),
        "closeness": nx.closeness_centrality(graph),
        "eigenvector": eigenvector,
        "coreness": nx.core_number(undirected),
        "clustering": nx.clustering(undirected),
        "collective_influence": collective_influence(undirected),
        "tunkrank": tunkrank(graph),
    }


def parameter_runs(graph):
    nodes = sorted(graph)
    seeds = random.Random(len(nodes)).sample(nodes, min(3, len(nodes)))
    personalised = nx.pagerank(
        graph, alpha=0.85, personalization={s: 1 for s in seeds}, weight="weight", tol=1e-12, max_iter=10000
    )
    return [
        {"metric": "pagerank", "params": {"seeds": seeds}, "values": personalised},
        {"metric": "tunkrank", "params": {"p": 0.3}, "values": tunkrank(graph, p=0.3)},
    ]


def betweenness_samples(graph):
    samples = []
    for k, seed in [(2, 1), (max(2, len(graph) // 3), 2)]:
        sources = random.Random(seed).sample(list(graph), k)
        values = nx.betweenness_centrality(graph, k=k, normalized=True, seed=random.Random(seed))
        samples.append({"k": k, "sources": sources, "values": values})
    return samples


def louvain_runs(graph):
    undirected = undirected_summed(graph)
    runs = []
    for resolution in LOUVAIN_RESOLUTIONS:
        for seed in LOUVAIN_SEEDS:
            communities = nx.community.louvain_communities(
                undirected, weight="weight", resolution=resolution, seed=seed
            )
            modularity = nx.community.modularity(undirected, communities, weight="weight", resolution=resolution)
            run = {"resolution": resolution, "seed": seed, "modularity": modularity}
            if seed == LOUVAIN_SEEDS[0]:
                run["partition"] = {account: index for index, members in enumerate(communities) for account in members}
            runs.append(run)
    return runs


def main():
    GRAPHS.mkdir(parents=True, exist_ok=True)
    cases = {
        "karate": karate_rows(),
        "weighted_dangling": weighted_with_dangling_rows(),
        "random_300": random_rows(),
        "disconnected": disconnected_rows(),
        "self_loops_parallel": self_loops_and_parallel_rows(),
        "dag": dag_rows(),
        "planted_200": planted_rows(),
    }
    for name, rows in cases.items():
        write_csv(name, rows)
        graph = to_digraph(rows)
        notes = []
        document = {
            "networkx": nx.__version__,
            "graph": f"fixtures/graphs/{name}.csv",
            "metrics": reference_values(name, graph, notes),
            "runs": parameter_runs(graph),
            "betweenness_samples": betweenness_samples(graph),
            "communities": louvain_runs(graph),
            "notes": notes,
        }
        (REFERENCE / f"{name}.json").write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
        print(f"{name}: {len(rows)} rows, {len(graph)} accounts, {graph.number_of_edges()} edges {notes}")


if __name__ == "__main__":
    main()
