#!/usr/bin/env python3
"""Writes the fixture graphs under tests/fixtures/graphs/ and the values networkx
computes on them under tests/reference/, which the Rust tests compare against.

Run from the repository root: python3 tests/reference/generate.py
Needs networkx, numpy and scipy; CI does not: it reads the checked-in values.
(numpy and scipy are imported where they are used, so that generate_structure.py,
which needs networkx only, can reuse the graphs below; this script runs it last.)

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
import datetime
import json
import math
import pathlib
import random

import networkx as nx

import generate_structure
from generate_structure import structure_lenses

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
    import numpy as np

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
        **structure_lenses(graph),
    }


# ---------------------------------------------------------------------------------------
# Social fixtures: accounts with follower counts and attributes, posts with kinds, times,
# languages, hashtags, domains and public counts, and interactions of every kind with the
# post they are about. attaché builds them with NetworkBuilder (tests/reference_social.rs);
# the lenses networkx does not have are computed below, directly from their definitions.
# ---------------------------------------------------------------------------------------

SOCIAL = ROOT / "fixtures" / "social"
SOCIAL_REFERENCE = REFERENCE / "social"
DAY = 86400
MARCH_2021 = 1614556800  # 2021-03-01T00:00:00Z, a Monday


def embassies_fixture():
    """Seven accounts around a G20 week: hand-made so every rule has a case."""
    def at(day, hour=10):
        return MARCH_2021 + day * DAY + hour * 3600

    accounts = [
        {"id": "fr", "followers": 1000, "attributes": {"country": "FR", "category": "embassy"}},
        {"id": "de", "followers": 800, "attributes": {"country": "DE", "category": "embassy"}},
        {"id": "us", "followers": 5000, "attributes": {"country": "US", "category": "embassy"}},
        {"id": "jp", "attributes": {"country": "JP", "category": "embassy"}},
        {"id": "ngo", "followers": 50, "attributes": {"category": "ngo"}},
        {"id": "j1", "followers": 300, "attributes": {"country": "FR", "category": "press"}},
        {"id": "j2"},
    ]
    posts = [
        {"id": "f1", "author": "fr", "kind": "original", "time": at(0), "lang": "en", "reposts": 12,
         "likes": 40, "hashtags": ["G20", "#climate"], "domains": ["https://www.diplomatie.gouv.fr/x"]},
        {"id": "f2", "author": "fr", "kind": "reply", "time": at(1), "lang": "fr", "reposts": 0, "likes": 2},
        {"id": "f3", "author": "fr", "kind": "quote", "time": at(3), "lang": "en", "reposts": 3, "likes": 5,
         "hashtags": ["g20"]},
        {"id": "f4", "author": "fr", "kind": "repost", "time": at(4), "lang": "en", "reposts": 50, "likes": 0},
        {"id": "d1", "author": "de", "kind": "original", "time": at(2), "lang": "de",
         "hashtags": ["Klima"], "domains": ["auswaertiges-amt.de"]},
        {"id": "d2", "author": "de", "kind": "original", "time": at(5), "lang": "en", "hashtags": ["G20"]},
        {"id": "u1", "author": "us", "kind": "original", "time": at(0, 8), "lang": "en", "reposts": 50,
         "likes": 200, "hashtags": ["G20"], "domains": ["state.gov"]},
        {"id": "u2", "author": "us", "kind": "reply", "time": at(6), "lang": "en", "reposts": 1, "likes": 3},
        {"id": "n1", "author": "ngo", "kind": "original", "time": at(8, 23), "lang": "en", "reposts": 2,
         "hashtags": ["climate"], "domains": ["example.org"]},
        {"id": "j1a", "author": "j1", "kind": "quote", "time": at(1, 12), "lang": "fr", "reposts": 0, "likes": 1,
         "domains": ["lemonde.fr"]},
        {"id": "jp1", "author": "jp", "kind": "original", "time": at(-3), "lang": "ja", "reposts": 7,
         "collected": False, "hashtags": ["G20"]},
    ]

    def event(actor, target, kind, day=None, subject=None, weight=1):
        record = {"actor": actor, "target": target, "kind": kind, "weight": weight}
        if day is not None:
            record["time"] = at(day, 14)
        if subject is not None:
            record["subject"] = subject
        return record

    interactions = [
        event("fr", "us", "follow"), event("us", "fr", "follow"), event("de", "fr", "follow"),
        event("fr", "de", "follow"), event("j1", "fr", "follow"), event("j2", "fr", "follow"),
        event("ngo", "us", "follow"), event("de", "us", "follow"), event("jp", "us", "follow"),
        event("us", "jp", "follow"),
        event("de", "fr", "repost", 0, "f1"), event("j1", "fr", "repost", 1, "f1"),
        event("j2", "fr", "repost", 7, "f1"), event("fr", "us", "repost", 4, "u1"),
        event("ngo", "us", "repost", 1, "u1"), event("j2", "de", "repost", 2, "d1"),
        event("fr", "de", "repost", 3, "d1"), event("us", "de", "repost", 9, "d1"),
        event("j1", "de", "repost", 5, "d2"), event("ngo", "jp", "repost", -2, "jp1"),
        event("j1", "fr", "quote", 1, "f1"), event("de", "fr", "quote", 10, "f3"),
        event("fr", "j1", "reply", 1, "j1a"), event("us", "ngo", "reply", 9, "n1"),
        event("j2", "us", "reply", 0, "u1"), event("j1", "us", "reply", 2, "u1"),
        event("fr", "us", "mention", 0), event("fr", "de", "mention", 0), event("ngo", "fr", "mention"),
        event("ngo", "de", "mention", 8), event("j2", "jp", "mention", 15),
        event("j1", "j2", "link", 3, weight=2.5),
        event("fr", "fr", "repost", 4, "f1"),
    ]
    return {"accounts": accounts, "posts": posts, "interactions": interactions}


def follow_graph_fixture():
    """No posts and no follower counts: the posting lenses are unknown, reach comes from
    follows, amplification and conversation are left out of the index."""
    accounts = [{"id": name} for name in ["a", "b", "c", "d", "e"]]
    pairs = [("a", "b"), ("b", "a"), ("c", "a"), ("d", "a"), ("a", "c"), ("e", "d"), ("b", "c")]
    interactions = [{"actor": u, "target": v, "kind": "follow", "weight": 1} for u, v in pairs]
    interactions.append({"actor": "e", "target": "b", "kind": "link", "weight": 3})
    return {"accounts": accounts, "posts": [], "interactions": interactions}


def random_social_fixture(seed=11, accounts=40, posts=260, events=700):
    """Seeded: most accounts have follower counts, some posts lack public counts, some
    events lack times, a few are self-interactions or weighted links."""
    rng = random.Random(seed)
    names = [f"u{i}" for i in range(accounts)]
    countries = ["FR", "DE", "US", "BR", "IN"]
    account_records = []
    for name in names:
        record = {"id": name, "attributes": {}}
        if rng.random() < 0.7:
            record["followers"] = rng.choice([0, 10, 10, 250, 1200, rng.randrange(100000)])
        if rng.random() < 0.8:
            record["attributes"]["country"] = rng.choice(countries)
        account_records.append(record)
    tags = ["g20", "climate", "trade", "health", "Ukraine", "COP26"]
    domains = ["example.org", "gov.uk", "un.org", "news.example.com"]
    post_records = []
    for i in range(posts):
        post = {
            "id": f"p{i}",
            "author": rng.choice(names[: accounts * 3 // 4]),
            "kind": rng.choice(["original", "original", "reply", "quote", "repost"]),
            "time": MARCH_2021 + rng.randrange(40 * DAY),
            "lang": rng.choice(["en", "en", "fr", "de", "es"]),
            "collected": rng.random() < 0.9,
            "hashtags": rng.sample(tags, rng.randrange(3)),
            "domains": rng.sample(domains, rng.randrange(2)),
        }
        if rng.random() < 0.6:
            post["reposts"] = rng.randrange(20)
            post["likes"] = rng.randrange(60)
        if rng.random() < 0.1:
            del post["time"]
        post_records.append(post)
    kinds = ["follow", "repost", "repost", "quote", "reply", "mention", "link"]
    interactions = []
    for _ in range(events):
        kind = rng.choice(kinds)
        actor = rng.choice(names)
        record = {"kind": kind, "actor": actor, "weight": 1}
        if kind in ("repost", "quote", "reply"):
            post = rng.choice(post_records)
            record["target"] = post["author"]
            record["subject"] = post["id"]
        else:
            record["target"] = rng.choice(names) if rng.random() < 0.97 else actor
        if kind == "link":
            record["weight"] = rng.choice([1, 2.5])
        if kind != "follow" and rng.random() < 0.9:
            record["time"] = MARCH_2021 + rng.randrange(40 * DAY)
        interactions.append(record)
    return {"accounts": account_records, "posts": post_records, "interactions": interactions}


def social_events(fixture):
    """The interactions attaché keeps: self-interactions are dropped."""
    return [e for e in fixture["interactions"] if e["actor"] != e["target"]]


def social_digraph(fixture):
    """G with every kind weighted 1: parallel events summed by their weights."""
    graph = nx.DiGraph()
    graph.add_nodes_from(a["id"] for a in fixture["accounts"])
    for e in social_events(fixture):
        previous = graph.get_edge_data(e["actor"], e["target"], {"weight": 0})["weight"]
        graph.add_edge(e["actor"], e["target"], weight=previous + e["weight"])
    return graph


NAN = float("nan")


def received_counts(fixture, kind):
    counts = {a["id"]: 0 for a in fixture["accounts"]}
    for e in social_events(fixture):
        if e["kind"] == kind:
            counts[e["target"]] += e["weight"]
    return counts


def social_lenses(fixture):
    ids = [a["id"] for a in fixture["accounts"]]
    collected = [p for p in fixture["posts"] if p.get("collected", True)]
    own = [p for p in collected if p["kind"] != "repost"]
    any_posts = bool(collected)
    lenses = {column: received_counts(fixture, kind) for column, kind in [
        ("follows_in", "follow"), ("reposts_in", "repost"), ("quotes_in", "quote"),
        ("replies_in", "reply"), ("mentions_in", "mention")]}
    lenses["followers"] = {a["id"]: a.get("followers", NAN) for a in fixture["accounts"]}

    lenses["posts"] = {v: sum(1 for p in collected if p["author"] == v) if any_posts else NAN for v in ids}
    days = sorted(p["time"] // DAY for p in collected if "time" in p)
    span = days[-1] - days[0] + 1 if days else None
    lenses["posts_per_day"] = {v: lenses["posts"][v] / span if span else NAN for v in ids}

    def reposts_of(post):
        if "reposts" in post:
            return post["reposts"]
        return sum(e["weight"] for e in social_events(fixture)
                   if e["kind"] == "repost" and e.get("subject") == post["id"])

    def mean(values):
        return sum(values) / len(values) if values else NAN

    def own_posts(v):
        return [p for p in own if p["author"] == v]

    lenses["reposts_per_post"] = {v: mean([reposts_of(p) for p in own_posts(v)]) for v in ids}
    lenses["likes_per_post"] = {v: mean([p["likes"] for p in own_posts(v) if "likes" in p]) for v in ids}
    lenses["reply_share"] = {v: mean([1 if p["kind"] == "reply" else 0 for p in own_posts(v)]) for v in ids}

    follows = {(e["actor"], e["target"]) for e in social_events(fixture) if e["kind"] == "follow"}
    lenses["mutual_follows"] = {v: sum(1 for (a, b) in follows if a == v and (b, a) in follows) for v in ids}

    def t_factor(v):
        counts = sorted((reposts_of(p) for p in own_posts(v)), reverse=True)
        return max([t for t in range(len(counts) + 1) if all(c >= t for c in counts[:t])])

    lenses["t_factor"] = {v: t_factor(v) if any_posts else NAN for v in ids}
    lenses["pagerank"] = nx.pagerank(social_digraph(fixture), alpha=0.85, weight="weight", tol=1e-12,
                                     max_iter=10000)
    return lenses


def percentile_ranks(values):
    """(average rank - 1) / (m - 1) among the known values, compared at 10 significant digits."""
    known = {k: float(f"{v:.9e}") for k, v in values.items() if v == v}
    if len(known) == 1:
        return {k: (0.5 if k in known else NAN) for k in values}
    keys = list(known)
    ranks = dict(zip(keys, scipy.stats.rankdata([known[k] for k in keys], method="average")))
    return {k: (ranks[k] - 1) / (len(known) - 1) if k in known else NAN for k in values}


def influence_index(fixture, lenses, weights=(1, 1, 1, 1)):
    import scipy.stats

    ids = [a["id"] for a in fixture["accounts"]]
    if any(a.get("followers") is not None for a in fixture["accounts"]):
        reach = lenses["followers"]
    elif any(v > 0 for v in lenses["follows_in"].values()):
        reach = lenses["follows_in"]
    else:
        reach = None

    def total(a, b):
        summed = {v: lenses[a][v] + lenses[b][v] for v in ids}
        return summed if any(x > 0 for x in summed.values()) else None

    has_edges = social_digraph(fixture).number_of_edges() > 0
    raws = [reach, total("reposts_in", "quotes_in"), total("replies_in", "mentions_in"),
            lenses["pagerank"] if has_edges else None]
    pillars = [percentile_ranks(raw) if raw is not None else None for raw in raws]
    index = {}
    for v in ids:
        terms = [(w, p[v]) for w, p in zip(weights, pillars) if p is not None and p[v] == p[v]]
        weight = sum(w for w, _ in terms)
        index[v] = 100 * sum(w * x for w, x in terms) / weight if weight > 0 else NAN
    return index


def window_start(time, width):
    day = time // DAY
    if width == "day":
        return day * DAY
    if width == "week":
        return (day - (day + 3) % 7) * DAY  # 1970-01-01 was a Thursday; weeks start on Monday
    moment = datetime.datetime.fromtimestamp(time, datetime.timezone.utc)
    return int(datetime.datetime(moment.year, moment.month, 1, tzinfo=datetime.timezone.utc).timestamp())


def next_window(start, width):
    if width == "day":
        return start + DAY
    if width == "week":
        return start + 7 * DAY
    moment = datetime.datetime.fromtimestamp(start, datetime.timezone.utc)
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    return int(datetime.datetime(year, month, 1, tzinfo=datetime.timezone.utc).timestamp())


def windows(fixture, width):
    """Every window from the first timed event's to the last's, with PageRank and
    in-degree on the sub-network of the events inside it."""
    timed = [e for e in social_events(fixture) if "time" in e]
    if not timed:
        return []
    first = window_start(min(e["time"] for e in timed), width)
    last = max(e["time"] for e in timed)
    result = []
    start = first
    while start <= last:
        end = next_window(start, width)
        inside = {"accounts": fixture["accounts"],
                  "interactions": [e for e in timed if start <= e["time"] < end]}
        graph = social_digraph(inside)
        result.append({
            "start": start,
            "end": end,
            "interactions": len(inside["interactions"]),
            "pagerank": nx.pagerank(graph, alpha=0.85, weight="weight", tol=1e-12, max_iter=10000),
            "in_degree": dict(graph.in_degree()),
        })
        start = end
    return result


def json_number(value):
    return None if value != value else value


def write_social_references():
    SOCIAL.mkdir(parents=True, exist_ok=True)
    SOCIAL_REFERENCE.mkdir(parents=True, exist_ok=True)
    cases = {
        "embassies": embassies_fixture(),
        "follow_graph": follow_graph_fixture(),
        "random_social": random_social_fixture(),
    }
    for name, fixture in cases.items():
        (SOCIAL / f"{name}.json").write_text(json.dumps(fixture, indent=1) + "\n")
        lenses = social_lenses(fixture)
        lenses["influence_index"] = influence_index(fixture, lenses)
        metrics = {metric: {k: json_number(v) for k, v in values.items()} for metric, values in lenses.items()}
        weighted = {k: json_number(v) for k, v in influence_index(fixture, lenses, (2, 0, 1, 0.5)).items()}
        document = {
            "networkx": nx.__version__,
            "fixture": f"fixtures/social/{name}.json",
            "metrics": metrics,
            "influence_index_weighted": {"weights": {"reach": 2, "amplification": 0, "conversation": 1,
                                                     "network": 0.5}, "values": weighted},
            "windows": {width: windows(fixture, width) for width in ["day", "week", "month"]},
        }
        (SOCIAL_REFERENCE / f"{name}.json").write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
        print(f"{name}: {len(fixture['accounts'])} accounts, {len(fixture['posts'])} posts, "
              f"{len(fixture['interactions'])} interactions")
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


# The fixture graphs: name -> the function giving their rows.
GRAPH_CASES = {
    "karate": karate_rows,
    "weighted_dangling": weighted_with_dangling_rows,
    "random_300": random_rows,
    "disconnected": disconnected_rows,
    "self_loops_parallel": self_loops_and_parallel_rows,
    "dag": dag_rows,
    "planted_200": planted_rows,
}


def main():
    GRAPHS.mkdir(parents=True, exist_ok=True)
    cases = {name: rows() for name, rows in GRAPH_CASES.items()}
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
    write_social_references()
    generate_structure.main()


if __name__ == "__main__":
    main()
