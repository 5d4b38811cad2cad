#!/usr/bin/env python3
"""The benchmark runner: attaché (native and wasm) against graphology, igraph and networkx.

    python3 bench/run.py [--sizes 10k,100k,1m] [--reps 3] [--cutoff 120] [--large-twarc2]
                         [--datasets /work/shared/datasets] [--tools native,wasm,...]
                         [--browser bench/data/browser.json] [--out bench/RESULTS.md]

`bench/run.sh` (`make bench`) builds what is needed and calls this. For each size it
generates (once, seeded) a twarc2 JSONL file and a CSV edge list of the same network
into bench/data/, then runs every tool on the same files, one worker process per tool
and file (bench/native, bench/workers/*): the CSV for every tool, the twarc2 file for
attaché's ingest (the peers have no twarc2 reader). The real graphs under --datasets
are run too when present.

Timing: each worker reports wall and CPU seconds per repetition; tables show the median
CPU time (user + system of the worker process), which a shared machine disturbs far less
than wall time. A task is skipped when its time at the previous size, scaled by its
complexity, predicts more than the cut-off, or when one run exceeds it (the worker is
stopped and restarted after that task): "skipped (> N s)". Peak memory is the worker's
resident high-water mark during the task (VmHWM, reset before each task).
"""

import argparse
import datetime
import json
import os
import platform
import queue
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"

SIZES = {
    "10k": (10_000, 50_000),
    "100k": (100_000, 1_000_000),
    "1m": (1_000_000, 10_000_000),
}

TASKS = [
    "ingest",
    "csr",
    "pagerank",
    "hits",
    "betweenness",
    "betweenness_sampled",
    "harmonic",
    "coreness",
    "louvain",
    "louvain_single",
    "forceatlas2",
    "pagerank_iteration",
    "components",
    "strong_components",
    "gatekeepers",
]

TASK_NAMES = {
    "ingest": "ingest",
    "csr": "snapshot (CSR + U)",
    "pagerank": "PageRank",
    "hits": "HITS",
    "betweenness": "betweenness, exact",
    "betweenness_sampled": "betweenness, 100 sources",
    "harmonic": "harmonic closeness",
    "coreness": "coreness",
    "louvain": "Louvain (attaché default restarts)",
    "louvain_single": "Louvain, one run",
    "forceatlas2": "ForceAtlas2, 100 iterations",
    "pagerank_iteration": "PageRank, one iteration",
    "components": "weak components",
    "strong_components": "strong components",
    "gatekeepers": "articulation points and bridges",
}

# A peer predicted to need more memory than this for a size is not run on it (the
# machine is shared; a swapless out-of-memory kill takes others' work with it).
MEMORY_LIMIT = 8 * 2**30

# Tasks whose cost grows as V × E (one search per account); the others as E.
QUADRATIC = {"betweenness", "harmonic"}

TOOLS = ["native", "wasm", "graphology", "igraph", "networkx"]
TOOL_NAMES = {
    "native": "attaché native",
    "wasm": "attaché wasm",
    "graphology": "graphology",
    "igraph": "igraph",
    "networkx": "networkx",
}


def worker_command(tool, path, tasks, reps):
    common = ["--file", str(path), "--tasks", ",".join(tasks), "--reps", str(reps)]
    if tool == "native":
        return [str(ROOT / "target/release/examples/attache-bench"), "measure", *common]
    if tool == "wasm":
        return ["node", "--max-old-space-size=8192", str(BENCH / "workers/wasm.mjs"), *common]
    if tool == "graphology":
        return ["node", "--max-old-space-size=16384", str(BENCH / "workers/graphology.mjs"), *common]
    return [sys.executable, str(BENCH / "workers/peers.py"), "--tool", tool, *common]


def available(tool):
    if tool in ("igraph", "networkx"):
        probe = subprocess.run([sys.executable, "-c", f"import {tool}"], capture_output=True)
        return probe.returncode == 0
    if tool == "graphology":
        return (BENCH / "node_modules/graphology").exists()
    if tool == "wasm":
        return (ROOT / "www/src/pkg/attache_bg.wasm").exists()
    return (ROOT / "target/release/examples/attache-bench").exists()


def run_worker(tool, path, tasks, reps, cutoff, log):
    """Runs the tasks (ingest first) in as few worker processes as the cut-off allows.
    Returns {task: result line, or {"skipped": reason}}."""
    results = {}
    pending = list(tasks)
    while pending:
        command = worker_command(tool, path, pending, reps)
        log(f"    $ {' '.join(command)}")
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(l) for l in process.stdout] + [lines.put(None)], daemon=True).start()
        stderr_lines = []
        threading.Thread(target=lambda: stderr_lines.extend(process.stderr), daemon=True).start()
        started = time.monotonic()
        timed_out = None
        while True:
            try:
                line = lines.get(timeout=0.1)
            except queue.Empty:
                line = ""
            if line is None:
                process.wait()
                break
            if line.strip().startswith("{"):
                result = json.loads(line)
                results.setdefault(result["task"], result)
                if result["task"] in pending:
                    pending.remove(result["task"])
                log(f"      {summarise(result)}")
                started = time.monotonic()
                continue
            current = pending[0] if pending else None
            # Ingest gates everything after it: it gets five times the cut-off.
            limit = cutoff * (5 if current == "ingest" else 1)
            if current and time.monotonic() - started > limit:
                timed_out = current
                process.kill()
                process.wait()
                break
        time.sleep(0.1)
        stderr = "".join(stderr_lines)
        if timed_out:
            results[timed_out] = {"skipped": f"skipped (> {limit:.0f} s)"}
            log(f"      {timed_out}: skipped (> {limit:.0f} s)")
            pending.remove(timed_out)
            if timed_out in ("ingest", "csr"):
                # Everything else needs them: a restart would only time out again.
                for task in pending:
                    results.setdefault(task, {"skipped": f"skipped ({timed_out} over the cut-off)"})
                return results
            if pending:
                # The restarted worker needs the network and its snapshot again; their
                # second measurements are not kept.
                pending = ["ingest", "csr"] + [t for t in pending if t not in ("ingest", "csr")]
            continue
        if pending:
            reason = "failed: " + (stderr.strip().splitlines() or ["no output"])[-1][:200]
            if "out of memory" in stderr.lower() or "heap" in stderr.lower() or process.returncode == -9:
                reason = "failed (out of memory)"
            log(f"      {pending[0]}: {reason}")
            results[pending[0]] = {"skipped": reason}
            for task in pending[1:]:
                results[task] = {"skipped": "not run (an earlier task failed)"}
            return results
    return results


def summarise(result):
    if "skipped" in result:
        return f"{result.get('task', '?')}: {result['skipped']}"
    cpu = result.get("cpu") or []
    if not cpu:
        return f"{result['task']}: n/a"
    return f"{result['task']}: cpu {statistics.median(cpu):.4f} s (wall {statistics.median(result['seconds']):.4f} s), peak {result['peak_rss'] / 2**20:.0f} MiB"


def median_cpu(result):
    if not result or "skipped" in result or not result.get("cpu"):
        return None
    value = statistics.median(result["cpu"])
    if result["task"] == "csr":
        value /= result.get("detail", {}).get("rebuilds", 1)
    return value


def scale(task, previous, current):
    """How much more a task costs on `current` than on `previous` (sizes as (V, E))."""
    (v0, e0), (v1, e1) = previous, current
    if task in QUADRATIC:
        return (v1 * e1) / (v0 * e0)
    return e1 / e0


def plan_tasks(tool, shape, previous, cutoff):
    """The tasks to run for `tool` on a graph of `shape` (V, E), and those skipped because
    their time at a measured size, scaled by their complexity, predicts more than the cut-off."""
    tasks, skipped = [], {}
    loading = previous.get((tool, "ingest"))
    if loading:
        factor = scale("ingest", loading[0], shape)
        reason = None
        if loading[1] * factor > 5 * cutoff:
            reason = f"skipped (ingest > {5 * cutoff:.0f} s; ~{loading[1] * factor:.0f} s predicted)"
        elif loading[2] * factor > MEMORY_LIMIT:
            reason = f"skipped (> {MEMORY_LIMIT / 2**30:.0f} GiB; ~{loading[2] * factor / 2**30:.0f} GiB predicted)"
        if reason:
            return [], {task: {"skipped": reason} for task in TASKS}
    for task in TASKS:
        known = previous.get((tool, task))
        if task not in ("ingest", "csr") and known:
            predicted = known[1] * scale(task, known[0], shape)
            if predicted > cutoff:
                skipped[task] = {"skipped": f"skipped (> {cutoff:.0f} s; ~{predicted:.0f} s predicted)"}
                continue
        if known is None and (tool, task) in previous.get("__skipped__", set()):
            skipped[task] = {"skipped": f"skipped (> {cutoff:.0f} s at a smaller size)"}
            continue
        tasks.append(task)
    return tasks, skipped


def graph_shape(path):
    """(accounts, edge rows) of an edge list, to predict the tasks' times."""
    ids, rows = set(), 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.replace("\t", ",").replace(" ", ",").split(",")
            if len(parts) >= 2:
                ids.update(parts[:2])
                rows += 1
    return (max(len(ids), 1), max(rows, 1))


# --------------------------------------------------------------------------- datasets


def synthetic_files(size, want_twarc2, log):
    accounts, interactions = SIZES[size]
    DATA.mkdir(exist_ok=True)
    csv_path = DATA / f"synthetic-{size}.csv"
    twarc2_path = DATA / f"synthetic-{size}.jsonl"
    command = [str(ROOT / "target/release/examples/attache-bench"), "generate"]
    command += ["--accounts", str(accounts), "--interactions", str(interactions), "--seed", "7"]
    if not csv_path.exists():
        command += ["--csv", str(csv_path)]
    if want_twarc2 and not twarc2_path.exists():
        command += ["--twarc2", str(twarc2_path)]
    if "--csv" in command or "--twarc2" in command:
        log(f"  generating {size}: $ {' '.join(command)}")
        subprocess.run(command, check=True)
    return csv_path, (twarc2_path if want_twarc2 else None)


REAL_GRAPHS = [
    ("snap_ego_facebook", "facebook_combined.txt"),
    ("bitcoin_otc", "soc-sign-bitcoinotc.csv"),
    ("musae_facebook", "edges.csv"),
    ("musae_github", "edges.csv"),
]


def real_datasets(root):
    found = []
    for folder, name in REAL_GRAPHS:
        path = Path(root) / folder / name
        if path.exists():
            found.append((folder, path))
    return found


# --------------------------------------------------------------------------- report


def fmt_time(result):
    if result is None:
        return "—"
    if "skipped" in result:
        return result["skipped"]
    value = median_cpu(result)
    if value is None:
        return "n/a"
    memory = result.get("peak_rss", 0) / 2**20
    text = f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"{text} ({memory:.0f} MiB)"


def fmt_throughput(result):
    if result is None or "skipped" in result or median_cpu(result) is None:
        return fmt_time(result)
    size = result["detail"].get("bytes", 0) / 1e6
    return f"{size / median_cpu(result):.1f} MB/s ({result.get('peak_rss', 0) / 2**20:.0f} MiB)"


def ratio(peer, ours):
    a, b = median_cpu(peer), median_cpu(ours)
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt_ratio(value):
    return "—" if value is None else f"{value:.1f}×"


def table(dataset_results):
    """Markdown table of one dataset: tasks × tools, then attaché's speed-ups."""
    csv_results = dataset_results["csv"]
    twarc2 = dataset_results.get("twarc2")
    header = ["task"] + [TOOL_NAMES[t] for t in TOOLS]
    header += ["wasm vs graphology", "native vs igraph", "native vs networkx"]
    rows = [header, ["---"] * len(header)]

    def row(name, by_tool, throughput=False):
        cells = [name]
        for tool in TOOLS:
            result = by_tool.get(tool)
            cells.append(fmt_throughput(result) if throughput else fmt_time(result))
        cells.append(fmt_ratio(ratio(by_tool.get("graphology"), by_tool.get("wasm"))))
        cells.append(fmt_ratio(ratio(by_tool.get("igraph"), by_tool.get("native"))))
        cells.append(fmt_ratio(ratio(by_tool.get("networkx"), by_tool.get("native"))))
        rows.append(cells)

    if twarc2:
        row("ingest twarc2 (MB/s)", {t: twarc2.get(t, {}).get("ingest") for t in TOOLS if t in twarc2}, True)
    row("ingest CSV (MB/s)", {t: r.get("ingest") for t, r in csv_results.items()}, True)
    for task in TASKS[1:]:
        row(TASK_NAMES[task], {t: r.get(task) for t, r in csv_results.items()})
    return "\n".join("| " + " | ".join(cells) + " |" for cells in rows)


def shell(command):
    try:
        return subprocess.run(command, shell=True, capture_output=True, text=True, cwd=ROOT).stdout.strip()
    except OSError:
        return ""


def versions():
    lock = json.loads((BENCH / "package-lock.json").read_text()) if (BENCH / "package-lock.json").exists() else {}
    packages = lock.get("packages", {})
    npm = ", ".join(
        f"{name} {packages.get('node_modules/' + name, {}).get('version', '?')}"
        for name in ["graphology", "graphology-metrics", "graphology-communities-louvain", "graphology-layout-forceatlas2"]
    )
    python_peers = shell(
        f"{sys.executable} -c \"import igraph, networkx; print('python-igraph', igraph.__version__, '/ networkx', networkx.__version__)\""
    )
    return [
        f"attaché {shell('git rev-parse --short HEAD')} ({shell('git log -1 --format=%cd --date=short')})",
        shell("rustc --version"),
        f"Node.js {shell('node --version')}",
        f"Python {platform.python_version()}: {python_peers or 'python peers not installed'}",
        npm,
    ]


def machine():
    lscpu = shell("lscpu | grep -E '^(Model name|CPU\\(s\\)|Thread|Core|Socket|L2|L3|CPU max MHz)'")
    memory = shell("free -h | head -2")
    os_name = shell(". /etc/os-release && echo $PRETTY_NAME") or platform.platform()
    load = shell("cat /proc/loadavg")
    return lscpu, memory, f"{os_name}, Linux {platform.release()}", load


def write_results(args, command_line, results, targets, browser, log_lines, started, load_before, finished=None,
                  measured_versions=None, measured_machine=None):
    lscpu, memory, os_name, load_after = measured_machine or machine()
    end = datetime.datetime.fromisoformat(finished) if finished else datetime.datetime.now(datetime.timezone.utc)
    lines = [
        "# Benchmark results",
        "",
        "Written by `bench/run.py` (run it with `make bench`, which calls `bench/run.sh`). "
        "Do not edit by hand: rerun it.",
        "",
        f"- **Command**: `{command_line}`",
        f"- **Date**: {started:%Y-%m-%d %H:%M} UTC, {(end - started).seconds // 60} minutes",
        f"- **Versions**: " + "; ".join(v for v in (measured_versions or versions()) if v),
        f"- **Machine**: {os_name}; load average before {load_before}, after {load_after}",
        "",
        "```",
        lscpu,
        memory,
        "```",
        "",
        "The machine was shared with other jobs during the run (see the load averages), so every "
        "figure is the **median CPU time** (user + system) of the worker process over "
        f"{args.reps} repetitions (one when a run takes over 10 s), which sharing disturbs far "
        "less than wall time; ratios are what count. Peak memory (in brackets) is the worker's "
        "resident high-water mark during the task, the loaded graph included. "
        f"Cut-off: a task predicted (from the previous size, scaled by its complexity) or "
        f"seen to take over {args.cutoff:.0f} s is skipped; ingest gets five times that.",
        "",
        "Ratios are speed-ups of attaché: the peer's time over attaché's (above 1: attaché is faster).",
        "",
    ]
    if getattr(args, "note", ""):
        lines += [f"**Note.** {args.note}", ""]
    lines += ["## Targets", "", targets, ""]
    analysis = BENCH / "ANALYSIS.md"
    if analysis.exists():
        # Hand-written: the profiles behind the misses (a profile is not rerun by this script).
        lines += [analysis.read_text().strip(), ""]
    threads = BENCH / "THREADS.md"
    if threads.exists():
        # Written by bench/threads.py (wall time: what threads shorten), run before this script.
        text = threads.read_text().strip().replace("# Threads", "## Threads (wall time)", 1)
        lines += [text, ""]
    pool = BENCH / "POOL.md"
    if pool.exists():
        # Written by bench/pool.mjs (the page with one worker and with every core).
        lines += [pool.read_text().strip().replace("# The page", "## The page", 1), ""]
    if browser:
        lines += ["## In the browser", "", browser, ""]
    for name, dataset in results.items():
        lines += [f"## {dataset['title']}", "", dataset.get("note", ""), "", table(dataset), ""]
    lines += [
        "## What each task runs",
        "",
        "- **ingest**: attaché reads the file in 1 MiB chunks through `Ingest` (detection, parsing, "
        "accounts, deduplication) and finishes the network; in wasm `finish()` also builds the snapshot. "
        "The peers read `source,target` with their language's CSV reader and build a directed graph "
        "whose weights count parallel rows. MB/s = file size / CPU time.",
        "- **snapshot**: attaché builds the CSR (out and in) and the undirected view U; the peers build U. "
        "In wasm: one rebuild through `setKindWeights` (U is then built lazily by the first metric on it).",
        "- **PageRank**: weighted, α 0.85, stop at total L1 change < 1e-10 (networkx: `tol = 1e-10 / N`; "
        "graphology the same; igraph: PRPACK, a direct solver). **HITS**: authorities, weighted.",
        "- **betweenness**: unweighted, directed, exact (Brandes); sampled: 100 sources (attaché, networkx `k=100`).",
        "- **harmonic closeness**: incoming distances, one BFS per account.",
        "- **coreness**: on U. **Louvain**: on U, weighted; attaché's default adapts its restarts to the size "
        "(up to 32 on small graphs); 'one run' is `restarts=1`, like for like with the peers' single run.",
        "- **ForceAtlas2**: 100 iterations on U from seeded positions, with attaché's starting settings "
        "(Gephi's defaults for the size: Barnes-Hut from 1,000 nodes with θ = 1.2, scaling 2, gravity 1, "
        "linear attraction, edge weights as they are). attaché: `startLayout` + `stepLayout(100)` in wasm, "
        "`ForceAtlas2::step(100)` natively. graphology: the same settings with `barnesHutTheta` 2.4, since it "
        "opens a cell when 2 × width / distance ≥ θ where attaché tests width / distance (the same rule). "
        "networkx: `forceatlas2_layout` (exact, dense n × n arrays: only up to 5,000 nodes).",
        "",
        "## Run log",
        "",
        "<details><summary>worker commands and per-task medians</summary>",
        "",
        "```",
        *log_lines,
        "```",
        "",
        "</details>",
        "",
    ]
    Path(args.out).write_text("\n".join(lines))


# --------------------------------------------------------------------------- targets


def evaluate_targets(results, browser_data):
    rows = [["target", "measured", "met?", "gap"], ["---", "---", "---", "---"]]

    def add(target, measured, met, gap=""):
        verdict = "**yes**" if met else ("**no**" if met is not None else "not measured")
        rows.append([target, measured, verdict, gap if met is False else ""])

    def short_by(value, factor):
        return f"{factor / value:.1f}× short of it" if value > 0 else ""

    def find(task, tool, kind="csv", prefer=("100k", "10k", "1m")):
        for size in prefer:
            dataset = results.get(f"synthetic-{size}")
            if dataset and kind in dataset:
                result = dataset[kind].get(tool, {}).get(task)
                if median_cpu(result) is not None:
                    return size, result
        return None, None

    def speedup(task, ours, peer, at, factor, label):
        size_order = (at,) + tuple(s for s in ("100k", "10k", "1m") if s != at)
        for size in size_order:
            dataset = results.get(f"synthetic-{size}", {}).get("csv", {})
            value = ratio(dataset.get(peer, {}).get(task), dataset.get(ours, {}).get(task))
            if value is not None:
                add(label, f"{value:.1f}× at {size}", value >= factor, short_by(value, factor))
                return
        add(label, "no common measurement", None)

    speedup("pagerank", "wasm", "graphology", "100k", 5, "PageRank: wasm ≥ 5× graphology")
    for size in ("100k", "10k"):
        dataset = results.get(f"synthetic-{size}", {}).get("csv", {})
        value = ratio(dataset.get("igraph", {}).get("pagerank"), dataset.get("native", {}).get("pagerank"))
        if value is not None:
            add("PageRank: native within 1.5× of igraph", f"{value:.2f}× (igraph / native) at {size}", value >= 1 / 1.5,
                f"native takes {1 / value:.2f}× igraph's time")
            break
    else:
        add("PageRank: native within 1.5× of igraph", "no common measurement", None)
    speedup("betweenness", "wasm", "graphology", "10k", 5, "exact betweenness: wasm ≥ 5× graphology")
    speedup("betweenness", "wasm", "igraph", "10k", 2, "exact betweenness: wasm ≥ 2× igraph")
    large = results.get("synthetic-1m", {}).get("csv", {})
    for tool in ("native", "wasm"):
        result = large.get(tool, {}).get("betweenness_sampled")
        if median_cpu(result) is not None:
            bound = result["detail"].get("error_bound")
            seconds = median_cpu(result)
            per_source = seconds / 100
            fits = int(60 / per_source) if per_source > 0 else 0
            add(
                f"sampled betweenness on 1M/10M ({tool}) within a user budget (here 60 s)",
                f"100 sources in {seconds:.1f} s, 95% error bound ±{bound:.3f} per value; "
                f"{per_source:.2f} s per source, so a 60 s budget fits {fits} sources",
                seconds <= 60,
                f"{seconds - 60:.0f} s over",
            )
        else:
            add(f"sampled betweenness on 1M/10M ({tool})", "not measured", None)
    for task, label in (("louvain_single", "Louvain (one run): no slower than igraph"),
                        ("louvain", "Louvain (default restarts): no slower than igraph")):
        for size in ("1m", "100k", "10k"):
            dataset = results.get(f"synthetic-{size}", {}).get("csv", {})
            value = ratio(dataset.get("igraph", {}).get("louvain"), dataset.get("native", {}).get(task))
            if value is not None:
                add(label, f"{value:.2f}× (igraph / native) at {size}", value >= 1, f"native takes {1 / value:.2f}× igraph's time")
                break
        else:
            add(label, "no common measurement", None)
    # Issue 13: components and gatekeepers are O(V + E), each within ten PageRank iterations.
    iteration = median_cpu(large.get("native", {}).get("pagerank_iteration"))
    for task in ("components", "strong_components", "gatekeepers"):
        label = f"{TASK_NAMES[task]} on 1M/10M (native) within 10 PageRank iterations"
        seconds = median_cpu(large.get("native", {}).get(task))
        if seconds is None or not iteration:
            add(label, "not measured", None)
            continue
        ratio_to_iteration = seconds / iteration
        add(label, f"{seconds:.2f} s = {ratio_to_iteration:.1f} iterations of {iteration:.3f} s", ratio_to_iteration < 10,
            f"{ratio_to_iteration / 10:.1f}× the budget")
    fa2 = results.get("synthetic-100k", {}).get("csv", {})
    value = ratio(fa2.get("graphology", {}).get("forceatlas2"), fa2.get("wasm", {}).get("forceatlas2"))
    add(
        "ForceAtlas2: ≥ 5× graphology per iteration at 100k nodes",
        f"{value:.1f}× (graphology / wasm, 100 iterations) at 100k" if value else "not measured",
        (value >= 5) if value else None,
        short_by(value, 5) if value else "",
    )
    for tool, floor in (("native", 100), ("wasm", 50)):
        size, result = find("ingest", tool, "twarc2")
        if result:
            speed = result["detail"]["bytes"] / 1e6 / median_cpu(result)
            add(f"ingest twarc2 {tool} ≥ {floor} MB/s", f"{speed:.0f} MB/s at {size}", speed >= floor,
                f"{speed / floor:.0%} of the target")
        else:
            add(f"ingest twarc2 {tool} ≥ {floor} MB/s", "not measured", None)
    size, result = find("ingest", "native", "csv", ("1m", "100k", "10k"))
    if result:
        speed = result["detail"]["bytes"] / 1e6 / median_cpu(result)
        add("ingest CSV native ≥ 200 MB/s", f"{speed:.0f} MB/s at {size}", speed >= 200, f"{speed / 200:.0%} of the target")
    size, result = find("csr", "native", "csv", ("1m", "100k", "10k"))
    if result:
        per = result["detail"]["bytes_per_interaction"]
        with_u = result["detail"]["bytes_per_interaction_with_u"]
        add("CSR ≤ 24 bytes per interaction", f"{per:.1f} B (G, out + in); {with_u:.1f} B with U, at {size}", per <= 24,
            f"{per - 24:.1f} B over")
    wasm_large = large.get("wasm", {})
    memories = [r.get("detail", {}).get("wasm_memory", 0) for r in wasm_large.values() if isinstance(r, dict)]
    if memories and max(memories) > 0:
        peak = max(memories)
        complete = all(median_cpu(wasm_large.get(t)) is not None for t in ("pagerank", "hits", "coreness", "louvain", "betweenness_sampled"))
        add(
            "1M/10M with all metrics within 2 GB of wasm memory",
            f"{peak / 2**30:.2f} GiB of wasm memory at the end"
            + ("" if complete else " (some metrics did not run)")
            + ("" if median_cpu(wasm_large.get("forceatlas2")) is not None
               else "; without the layout, which did not run at this size (see below)"),
            peak <= 2 * 2**30 and complete,
            f"{peak / 2**30 - 2:.2f} GiB over" if peak > 2 * 2**30 else "some metrics did not run",
        )
    else:
        add("1M/10M with all metrics within 2 GB of wasm memory", "not measured", None)
    if browser_data:
        seconds = browser_data.get("drop_to_ranking_ms", 0) / 1000
        longest = browser_data.get("longest_task_ms", 0)
        add("browser: 1M interactions from drop to first ranking < 10 s", f"{seconds:.1f} s", seconds < 10,
            f"{seconds - 10:.1f} s over ({seconds / 10:.1f}× the budget)")
        add("browser: no main-thread block > 100 ms", f"longest {longest:.0f} ms", longest <= 100,
            f"{longest - 100:.0f} ms over")
    else:
        add("browser: drop to first ranking < 10 s; no block > 100 ms", "not measured (bench/browser.mjs)", None)
    return "\n".join("| " + " | ".join(cells) + " |" for cells in rows)


def browser_section(data):
    if not data:
        return ""
    return (
        f"`bench/browser.mjs` in headless Debian Chromium: dropping `{data['file']}` "
        f"({data['bytes'] / 1e6:.0f} MB, {data['interactions']:,} interactions) on the page; "
        f"first ranking on screen after **{data['drop_to_ranking_ms'] / 1000:.1f} s** (wall time); "
        f"longest main-thread task during it **{data['longest_task_ms']:.0f} ms** "
        f"({data['long_tasks']} tasks over 50 ms)."
    )


# --------------------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--cutoff", type=float, default=120.0, help="seconds per task run")
    parser.add_argument("--large-twarc2", action="store_true", help="also generate and ingest the 1M/10M twarc2 file")
    parser.add_argument("--datasets", default=str(ROOT.parent.parent / "shared/datasets"))
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--browser", default=str(DATA / "browser.json"))
    parser.add_argument("--out", default=str(BENCH / "RESULTS.md"))
    parser.add_argument("--note", default="", help="a sentence for the head of RESULTS.md (with --render)")
    parser.add_argument("--render", metavar="JSON", help="only rewrite RESULTS.md from a results.json of an earlier run")
    args = parser.parse_args()
    if not Path(args.datasets).exists() and Path("/work/shared/datasets").exists():
        args.datasets = "/work/shared/datasets"
    # bench/run.sh (`make bench`) passes its own command line: the one to rerun.
    command_line = os.environ.get("BENCH_COMMAND") or "python3 bench/run.py " + " ".join(sys.argv[1:])
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = shell("cat /proc/loadavg")
    log_lines = []

    def log(message):
        print(message, flush=True)
        log_lines.append(message)

    tools = [t for t in args.tools.split(",") if t in TOOLS]
    for tool in list(tools):
        if not available(tool):
            log(f"{tool}: not installed, left out (bench/setup.sh installs the peers)")
            tools.remove(tool)

    if args.render:
        saved = json.loads(Path(args.render).read_text())
        browser_data = json.loads(Path(args.browser).read_text()) if Path(args.browser).exists() else None
        targets = evaluate_targets(saved["results"], browser_data)
        started = datetime.datetime.fromisoformat(saved["started"])
        write_results(args, saved["command"], saved["results"], targets, browser_section(browser_data),
                      saved["log"], started, saved["load_before"], saved.get("finished"),
                      saved.get("versions"), saved.get("machine"))
        print(f"wrote {args.out} from {args.render}")
        return

    results = {}
    previous = {}  # (tool, task) -> (size as (V, E), median cpu, peak memory)
    sizes = [s for s in args.sizes.split(",") if s in SIZES]
    for size in sizes:
        accounts, interactions = SIZES[size]
        want_twarc2 = size != "1m" or args.large_twarc2
        csv_path, twarc2_path = synthetic_files(size, want_twarc2, log)
        dataset = {
            "title": f"Synthetic {accounts:,} accounts / {interactions:,} interactions",
            "note": f"`bench/data/{csv_path.name}` ({csv_path.stat().st_size / 1e6:.0f} MB)"
            + (f" and `{twarc2_path.name}` ({twarc2_path.stat().st_size / 1e6:.0f} MB)" if twarc2_path else "")
            + ", generated with seed 7 by `attache-bench generate` (bench/native/synthetic.rs).",
            "csv": {},
        }
        if twarc2_path:
            dataset["twarc2"] = {}
            for tool in [t for t in tools if t in ("native", "wasm")]:
                log(f"[{size} twarc2] {tool}")
                dataset["twarc2"][tool] = run_worker(tool, twarc2_path, ["ingest"], args.reps, args.cutoff, log)
        for tool in tools:
            log(f"[{size} csv] {tool}")
            tasks, skipped = plan_tasks(tool, (accounts, interactions), previous, args.cutoff)
            measured = run_worker(tool, csv_path, tasks, args.reps, args.cutoff, log)
            measured.update(skipped)
            for task, result in measured.items():
                value = median_cpu(result)
                if value is not None:
                    previous[(tool, task)] = ((accounts, interactions), value, result.get("peak_rss", 0))
                elif "skipped" in result and "skipped (>" in result["skipped"]:
                    previous.setdefault("__skipped__", set()).add((tool, task))
            dataset["csv"][tool] = measured
        results[f"synthetic-{size}"] = dataset

    for name, path in real_datasets(args.datasets):
        dataset = {
            "title": f"Real graph: {name}",
            "note": f"`{path}` ({path.stat().st_size / 1e6:.1f} MB), read as a directed edge list by every tool "
            "(see /work/shared/datasets/README.md for its origin).",
            "csv": {},
        }
        shape = graph_shape(path)
        for tool in tools:
            log(f"[{name}] {tool}")
            tasks, skipped = plan_tasks(tool, shape, previous, args.cutoff)
            dataset["csv"][tool] = run_worker(tool, path, tasks, args.reps, args.cutoff, log)
            dataset["csv"][tool].update(skipped)
        results[name] = dataset

    browser_data = None
    if Path(args.browser).exists():
        browser_data = json.loads(Path(args.browser).read_text())
    targets = evaluate_targets(results, browser_data)
    print()
    print(targets)
    for name, dataset in results.items():
        print()
        print(f"## {dataset['title']}")
        print(table(dataset))
    finished = datetime.datetime.now(datetime.timezone.utc)
    # Saved with the results, so that --render later names what was measured, not the later checkout.
    measured_versions, measured_machine = versions(), machine()
    write_results(args, command_line, results, targets, browser_section(browser_data), log_lines, started,
                  load_before, finished.isoformat(), measured_versions, measured_machine)
    saved = {"command": command_line, "started": started.isoformat(), "finished": finished.isoformat(),
             "load_before": load_before, "log": log_lines, "results": results,
             "versions": measured_versions, "machine": measured_machine}
    (DATA / "results.json").write_text(json.dumps(saved, indent=1))
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
