#!/usr/bin/env python3
"""How the fixture graphs hold together, as networkx computes it, for
tests/reference_structure.rs (and the structure lenses of tests/reference_metrics.rs).

Run from the repository root: python3 tests/reference/generate_structure.py
Needs networkx only (generate.py runs it last, after writing its own references).

It writes
- the structure-only fixture graphs under tests/fixtures/graphs/: a directed cycle, a
  star, isolated accounts, and gatekeepers (cliques joined through single accounts and
  links); the graphs of generate.py are read as it builds them;
- tests/reference/structure/NAME.json for every fixture graph: the accounts in the order
  attaché reads them (the order networkx's graph holds them: first appearance in the
  rows), networkx's weakly and strongly connected components, articulation points and
  bridges of U, the network summary, the four structure lenses, and paths of attention
  between pairs of accounts (`shortest_path_length`, and the path attaché must choose,
  found by brute force over `all_shortest_paths`);
- tests/reference/structure/chain_100000.aggregate.json: the same figures in aggregate
  for a chain of 100,000 accounts (which the Rust test builds itself);
- the four structure lenses into the `metrics` of tests/reference/NAME.json, leaving
  every other value as it is (so that this script needs neither numpy nor scipy).

Component numbering (attaché's, networkx returns sets): by decreasing size, ties by the
earliest account of each component in account order, from 1.
"""
import json
import pathlib
import random

import networkx as nx

ROOT = pathlib.Path(__file__).resolve().parent.parent
GRAPHS = ROOT / "fixtures" / "graphs"
REFERENCE = ROOT / "reference"
STRUCTURE = REFERENCE / "structure"

# Ordered pairs of accounts checked for paths: all of them up to this many accounts,
# else a seeded sample of PATH_SAMPLE pairs.
ALL_PAIRS_UP_TO = 40
PATH_SAMPLE = 400


def cycle_rows(n=12):
    """One directed cycle: a single strong component, no gatekeeper, every link on a cycle."""
    return [(f"r{i}", f"r{(i + 1) % n}", 1, "") for i in range(n)]


def star_rows():
    """A hub and fifteen leaves: some leaves act on the hub, the hub on others, one pair
    both ways. The hub is the only gatekeeper; every link is a bridge."""
    rows = []
    for i in range(15):
        leaf = f"leaf{i}"
        if i % 3 == 0:
            rows.append((leaf, "hub", 1 + i % 4, ""))
        elif i % 3 == 1:
            rows.append(("hub", leaf, 2, ""))
        else:
            rows.append((leaf, "hub", 1, ""))
            rows.append(("hub", leaf, 1, ""))
    return rows


def isolated_rows():
    """Accounts known only from self-loops (dropped: they interact with nobody), a pair
    and a triangle: many components of one account, ties between components of one size."""
    rows = [(f"alone{i}", f"alone{i}", 1, "") for i in range(5)]
    rows += [("p1", "p2", 1, ""), ("t1", "t2", 1, ""), ("t2", "t3", 1, ""), ("t3", "t1", 1, "")]
    rows += [("alone5", "alone5", 2, ""), ("q1", "q2", 1, "")]
    return rows


def gatekeepers_rows():
    """Two dense groups joined through one account (gk) by single links, a chain hanging
    off one group, a triangle with a tail elsewhere, links in both directions and weights."""
    rng = random.Random(17)
    rows = []
    for group in ("a", "b"):
        members = [f"{group}{i}" for i in range(5)]
        for i, u in enumerate(members):
            for v in members[i + 1:]:
                if rng.random() < 0.8:
                    rows.append((u, v, rng.choice([1, 2, 3]), "" if rng.random() < 0.7 else "undirected"))
        rows.append((members[0], members[1], 1, ""))
        rows.append((members[0], members[2], 1, ""))
        rows.append((members[1], members[2], 1, "undirected"))
    rows += [("a0", "gk", 2, ""), ("gk", "b0", 1, ""), ("b3", "gk", 1, "")]
    rows += [("a4", "c1", 1, ""), ("c1", "c2", 3, ""), ("c3", "c2", 1, "")]
    rows += [("x", "y", 1, ""), ("y", "z", 1, ""), ("z", "x", 2, ""), ("z", "tail", 1, "")]
    return rows


STRUCTURE_ONLY = {
    "cycle": cycle_rows,
    "star": star_rows,
    "isolated": isolated_rows,
    "gatekeepers": gatekeepers_rows,
}


def undirected(graph):
    """U, unweighted (the structure ignores weights)."""
    u = nx.Graph()
    u.add_nodes_from(graph)
    u.add_edges_from(graph.edges())
    return u


def numbered(components, order):
    """Account -> component number: by decreasing size, ties by the earliest account."""
    position = {account: i for i, account in enumerate(order)}
    ranked = sorted(components, key=lambda c: (-len(c), min(position[a] for a in c)))
    return {account: number for number, members in enumerate(ranked, 1) for account in members}


def structure_lenses(graph):
    """The four structure lenses, per account."""
    order = list(graph)
    weak = list(nx.weakly_connected_components(graph))
    strong = list(nx.strongly_connected_components(graph))
    size = {a: len(c) for c in weak for a in c}
    strong_size = {a: len(c) for c in strong for a in c}
    points = set(nx.articulation_points(undirected(graph)))
    return {
        "component": {a: float(k) for a, k in numbered(weak, order).items()},
        "component_size": {a: float(size[a]) for a in order},
        "strong_component_size": {a: float(strong_size[a]) for a in order},
        "gatekeeper": {a: 1.0 if a in points else 0.0 for a in order},
    }


def summary(graph):
    weak = list(nx.weakly_connected_components(graph))
    strong = list(nx.strongly_connected_components(graph))
    sizes = sorted((len(c) for c in strong), reverse=True)
    histogram = []
    for s in sizes:
        if histogram and histogram[-1]["size"] == s:
            histogram[-1]["count"] += 1
        else:
            histogram.append({"size": s, "count": 1})
    largest = max((len(c) for c in weak), default=0)
    try:
        reciprocity = nx.overall_reciprocity(graph)
    except nx.NetworkXError:  # not defined without edges
        reciprocity = None
    return {
        "accounts": len(graph),
        "edges": graph.number_of_edges(),
        "components": len(weak),
        "largest_component": largest,
        "largest_component_share": largest / len(graph) if len(graph) else 0.0,
        "isolated_accounts": sum(1 for a in graph if graph.degree(a) == 0),
        "strong_components": len(strong),
        "largest_strong_component": sizes[0] if sizes else 0,
        "accounts_in_cycles": sum(s for s in sizes if s > 1),
        "strong_component_sizes": histogram,
        "reciprocity": reciprocity,
        "density": nx.density(graph),
        "has_cycle": not nx.is_directed_acyclic_graph(graph),
    }


def chosen_path(graph, source, target, position):
    """Among networkx's shortest paths, the one whose weakest step is strongest, then the
    first in account order (compared account by account)."""
    candidates = list(nx.all_shortest_paths(graph, source, target))

    def key(path):
        weakest = min((graph[u][v]["weight"] for u, v in zip(path, path[1:])), default=float("inf"))
        return (-weakest, [position[a] for a in path])

    return min(candidates, key=key)


def paths(graph):
    order = list(graph)
    position = {a: i for i, a in enumerate(order)}
    if len(order) <= ALL_PAIRS_UP_TO:
        pairs = [(s, t) for s in order for t in order]
    else:
        rng = random.Random(len(order))
        pairs = [(rng.choice(order), rng.choice(order)) for _ in range(PATH_SAMPLE)]
    found = []
    for source, target in pairs:
        if nx.has_path(graph, source, target):
            hops = nx.shortest_path_length(graph, source, target)
            path = chosen_path(graph, source, target, position)
            assert len(path) == hops + 1
        else:
            hops, path = None, []
        found.append({"from": source, "to": target, "hops": hops, "path": path})
    return found


def structure_document(name, graph):
    u = undirected(graph)
    sets = lambda components: sorted(sorted(c) for c in components)
    return {
        "networkx": nx.__version__,
        "graph": f"fixtures/graphs/{name}.csv",
        "accounts": list(graph),
        "weakly_connected_components": sets(nx.weakly_connected_components(graph)),
        "strongly_connected_components": sets(nx.strongly_connected_components(graph)),
        "articulation_points": sorted(nx.articulation_points(u)),
        "bridges": sorted(sorted(edge) for edge in nx.bridges(u)),
        "summary": summary(graph),
        "metrics": structure_lenses(graph),
        "paths": paths(graph),
    }


CHAIN_LENGTH = 100_000


def chain_document():
    """A chain of 100,000 accounts, c0 -> c1 -> ... (the stack test): too long to list,
    so only what networkx finds in aggregate. tests/reference_structure.rs builds the
    same chain itself."""
    graph = nx.DiGraph()
    graph.add_edges_from((f"c{i}", f"c{i + 1}") for i in range(CHAIN_LENGTH - 1))
    u = undirected(graph)
    lenses = structure_lenses(graph)
    return {
        "networkx": nx.__version__,
        "accounts": CHAIN_LENGTH,
        "summary": summary(graph),
        "articulation_points": sum(1 for _ in nx.articulation_points(u)),
        "bridges": sum(1 for _ in nx.bridges(u)),
        "end_to_end_hops": nx.shortest_path_length(graph, "c0", f"c{CHAIN_LENGTH - 1}"),
        "back_has_path": nx.has_path(graph, f"c{CHAIN_LENGTH - 1}", "c0"),
        "lens_sums": {lens: sum(values.values()) for lens, values in lenses.items()},
    }


def write_json(path, document):
    path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")


def main():
    import generate  # here, not above: generate.py imports this module

    STRUCTURE.mkdir(parents=True, exist_ok=True)
    cases = dict(generate.GRAPH_CASES)
    for name, rows in STRUCTURE_ONLY.items():
        generate.write_csv(name, rows())
        cases[name] = rows
    for name, rows in cases.items():
        graph = generate.to_digraph(rows())
        write_json(STRUCTURE / f"{name}.json", structure_document(name, graph))
        reference = REFERENCE / f"{name}.json"
        if reference.exists():
            document = json.loads(reference.read_text())
            document["metrics"].update(structure_lenses(graph))
            write_json(reference, document)
        print(f"structure of {name}: {len(graph)} accounts, {graph.number_of_edges()} edges")
    write_json(STRUCTURE / "chain_100000.aggregate.json", chain_document())


if __name__ == "__main__":
    main()
