"""The Python peers' worker: python-igraph or networkx on the same CSV edge list.

    python3 bench/workers/peers.py --tool igraph|networkx --file PATH --tasks ... --reps R

Speaks the runner's JSON-lines protocol (one line per task: wall and CPU seconds per
repetition, peak resident memory, details). Ingest reads `source,target` pairs with the
csv module and builds a directed graph whose weights count the parallel rows, the graph
attaché's snapshot holds; `csr` builds the undirected view U (weights of both directions
summed) that coreness and Louvain run on. Tolerances follow attaché's: PageRank stops
when the total L1 change is below 1e-10 (networkx compares it with N × tol).
"""

import csv
import json
import sys
import time


# A task slower than this runs once: its median would not be worth the wait.
SLOW_SECONDS = 10

# networkx's forceatlas2_layout holds dense n × n arrays; above this it would need gigabytes
# of a shared machine's memory.
FORCEATLAS2_MAX_NODES = 5000


def option(name, default=None):
    args = sys.argv[1:]
    if name in args and args.index(name) + 1 < len(args):
        return args[args.index(name) + 1]
    return default


def reset_peak_memory():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_memory():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def read_pairs(path):
    """Counts of each (source, target) row of an edge list, and the file's size."""
    weights = {}
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        first = f.readline()
        delimiter = "," if "," in first else ("\t" if "\t" in first else " ")
        rows = csv.reader(f, delimiter=delimiter)
        if not any(c.isalpha() for c in first):
            rows = _chain([next(csv.reader([first], delimiter=delimiter))], rows)
        for row in rows:
            if len(row) < 2 or row[0] == row[1]:
                continue
            key = (row[0], row[1].strip())
            weights[key] = weights.get(key, 0) + 1
        size = f.tell()
    return weights, size


def _chain(first, rest):
    yield from first
    yield from rest


class Igraph:
    def __init__(self):
        import igraph

        self.ig = igraph
        self.g = None
        self.u = None

    def ingest(self, path):
        weights, size = read_pairs(path)
        index = {}
        edges = []
        for (s, t) in weights:
            edges.append((index.setdefault(s, len(index)), index.setdefault(t, len(index))))
        g = self.ig.Graph(n=len(index), edges=edges, directed=True)
        g.es["weight"] = list(weights.values())
        self.g = g
        return {"bytes": size, "accounts": g.vcount(), "edges": g.ecount()}

    def run(self, task):
        g = self.g
        if task == "csr":
            self.u = g.as_undirected(mode="collapse", combine_edges="sum")
            return {"links": self.u.ecount()}
        if task == "pagerank":
            g.pagerank(weights="weight")
        elif task == "hits":
            g.authority_score(weights="weight")
        elif task == "betweenness":
            g.betweenness(directed=True)
        elif task == "harmonic":
            g.harmonic_centrality(mode="in")
        elif task == "coreness":
            self.u.coreness()
        elif task == "components":
            return {"components": len(g.connected_components(mode="weak"))}
        elif task == "strong_components":
            return {"components": len(g.connected_components(mode="strong"))}
        elif task == "gatekeepers":
            return {"gatekeepers": len(self.u.articulation_points()), "bridges": len(self.u.bridges())}
        elif task in ("louvain", "louvain_single"):
            clusters = self.u.community_multilevel(weights="weight")
            return {"modularity": clusters.modularity, "communities": len(clusters)}
        else:
            return None  # no sampled betweenness, no ForceAtlas2 in igraph
        return {}


class Networkx:
    def __init__(self):
        import networkx

        self.nx = networkx
        self.g = None
        self.u = None

    def ingest(self, path):
        weights, size = read_pairs(path)
        g = self.nx.DiGraph()
        g.add_weighted_edges_from((s, t, w) for (s, t), w in weights.items())
        self.g = g
        return {"bytes": size, "accounts": g.number_of_nodes(), "edges": g.number_of_edges()}

    def run(self, task):
        nx, g = self.nx, self.g
        if task == "csr":
            u = nx.Graph()
            u.add_nodes_from(g)
            for s, t, w in g.edges(data="weight"):
                if u.has_edge(s, t):
                    u[s][t]["weight"] += w
                else:
                    u.add_edge(s, t, weight=w)
            self.u = u
            return {"links": u.number_of_edges()}
        n = g.number_of_nodes()
        if task == "pagerank":
            nx.pagerank(g, tol=1e-10 / n, max_iter=1000)
        elif task == "hits":
            nx.hits(g)
        elif task == "betweenness":
            nx.betweenness_centrality(g)
        elif task == "betweenness_sampled":
            nx.betweenness_centrality(g, k=min(100, n), seed=0)
        elif task == "harmonic":
            nx.harmonic_centrality(g)
        elif task == "coreness":
            nx.core_number(self.u)
        elif task == "components":
            return {"components": nx.number_weakly_connected_components(g)}
        elif task == "strong_components":
            return {"components": nx.number_strongly_connected_components(g)}
        elif task == "gatekeepers":
            return {"gatekeepers": sum(1 for _ in nx.articulation_points(self.u)), "bridges": sum(1 for _ in nx.bridges(self.u))}
        elif task in ("louvain", "louvain_single"):
            communities = nx.community.louvain_communities(self.u, weight="weight", seed=0)
            modularity = nx.community.modularity(self.u, communities, weight="weight")
            return {"modularity": modularity, "communities": len(communities)}
        elif task == "forceatlas2":
            if not hasattr(nx, "forceatlas2_layout"):
                return None
            if g.number_of_nodes() > FORCEATLAS2_MAX_NODES:
                # Exact repulsion on dense n × n × 2 arrays: 10,000 nodes take ~5 GB.
                return {"unavailable": f"over {FORCEATLAS2_MAX_NODES:,} nodes (dense n² arrays)"}
            nx.forceatlas2_layout(g, max_iter=100, seed=0, weight="weight")
        else:
            return None
        return {}


def main():
    tool = {"igraph": Igraph, "networkx": Networkx}[option("--tool")]()
    path = option("--file")
    tasks = option("--tasks", "ingest").split(",")
    reps = int(option("--reps", "3"))
    for task in tasks:
        seconds, cpu, peak, detail = [], [], 0, {}
        for _ in range(reps):
            reset_peak_memory()
            wall0, cpu0 = time.perf_counter(), time.process_time()
            outcome = tool.ingest(path) if task == "ingest" else tool.run(task)
            wall, used = time.perf_counter() - wall0, time.process_time() - cpu0
            peak = max(peak, peak_memory())
            if outcome is None or "unavailable" in outcome:
                seconds, cpu, detail = [], [], outcome or {"unavailable": "no such function"}
                break
            seconds.append(wall)
            cpu.append(used)
            detail = outcome
            if wall > SLOW_SECONDS:
                break
        line = {"task": task, "seconds": seconds, "cpu": cpu, "peak_rss": peak, "detail": detail}
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
