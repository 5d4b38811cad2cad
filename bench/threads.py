#!/usr/bin/env python3
"""Threads: `attache score --threads N` against `--threads 1`, in wall time, and writes bench/THREADS.md.

The other tables of `make bench` report CPU time, which threads do not shorten: here the
figure is the best wall time of a few repetitions of the whole command (reading the file
included), because wall time is what threads buy. Also measured on the same file: igraph's
exact betweenness (wall time, in-process, the file read before the clock starts), for the
target "the CLI at most 0.5x igraph's time", and the reading of a large CSV edge list and of a
large twarc2 collection (`attache inspect`) in MB/s.

    python3 bench/threads.py                      # what make bench runs
    python3 bench/threads.py --reps 1 --csv '' --jsonl ''   # a quick look, without the large files

The thread counts are 1 and every core (at least 2). Outputs are the same bytes whatever the
count (tests/determinism.rs); this script checks it again on its own files.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / "data"
ATTACHE = ROOT / "target" / "release" / "attache"
GENERATOR = ROOT / "target" / "release" / "examples" / "attache-bench"

# (metric, its --param settings, target speed-up on 2 threads or None)
TASKS = [
    ("betweenness", [], 1.6),
    ("closeness", [], 1.6),
    ("harmonic", [], 1.6),
    ("community", [], None),
]


def generate(accounts, interactions, path, twarc2=None):
    """The seeded synthetic network as a CSV edge list at `path` (and as twarc2 JSONL at `twarc2`)."""
    wanted = [(flag, out) for flag, out in (("--csv", path), ("--twarc2", twarc2)) if out and not out.exists()]
    if wanted:
        command = [str(GENERATOR), "generate", "--accounts", str(accounts), "--interactions", str(interactions),
                   "--seed", "7", "--csv", str(path)]
        if twarc2:
            command += ["--twarc2", str(twarc2)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return twarc2 or path


def wall(command, reps):
    """Best wall time of `reps` runs of `command`, and its output (the same every time)."""
    best, output = None, None
    for _ in range(reps):
        start = time.perf_counter()
        done = subprocess.run(command, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        if output is not None and done.stdout != output:
            sys.exit(f"{' '.join(command)}: the output changed between runs")
        output = done.stdout
        best = seconds if best is None else min(best, seconds)
    return best, output


def reading_row(path, what, many, reps, target):
    """`attache inspect` of `path` on one thread and on `many`, as a row of the table."""
    megabytes = path.stat().st_size / 1e6
    inspect = lambda t: [str(ATTACHE), "inspect", str(path), "--json", "--threads", str(t)]
    one, out_one = wall(inspect(1), reps)
    n, out_n = wall(inspect(many), reps)
    if out_one != out_n:
        sys.exit(f"reading {path.name}: --threads {many} gave another summary than --threads 1")
    return (f"reading {path.name}{what} ({megabytes:,.0f} MB; MB/s: {megabytes / one:.0f} → {megabytes / n:.0f})",
            one, n, target)


def igraph_betweenness(path, reps):
    """igraph's exact directed betweenness, best wall time, or None without python-igraph."""
    script = (
        "import csv, sys, time, igraph\n"
        "rows = list(csv.reader(open(sys.argv[1])))[1:]\n"
        "names = {}\n"
        "edges = [(names.setdefault(a, len(names)), names.setdefault(b, len(names))) for a, b, *_ in rows]\n"
        "g = igraph.Graph(n=len(names), edges=edges, directed=True).simplify()\n"
        "best = None\n"
        "for _ in range(int(sys.argv[2])):\n"
        "    t = time.perf_counter(); g.betweenness(directed=True); s = time.perf_counter() - t\n"
        "    best = s if best is None else min(best, s)\n"
        "print(best)\n"
    )
    try:
        done = subprocess.run([sys.executable, "-c", script, str(path), str(reps)], check=True,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    except subprocess.CalledProcessError:
        return None
    return float(done.stdout.strip())


def score_command(path, metric, params, threads):
    command = [str(ATTACHE), "score", str(path), "--metrics", metric, "--format", "csv", "--threads", str(threads)]
    for param in params:
        command += ["--param", param]
    return command


def machine():
    cores = os.cpu_count()
    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    load = Path("/proc/loadavg").read_text().split()[:3]
    return f"{cores} cores, {int(memory) / 1024 ** 2:.0f} GiB, Linux {platform.release()}, load average {' '.join(load)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--csv", default=str(DATA / "synthetic-1m.csv"),
                        help="the large CSV edge list to read ('' to skip; generated at 1M/10M when missing)")
    parser.add_argument("--jsonl", default=str(DATA / "synthetic-100k.jsonl"),
                        help="the large twarc2 collection to read ('' to skip; generated at 100k/1M when missing)")
    parser.add_argument("--out", default=str(BENCH / "THREADS.md"))
    args = parser.parse_args()
    many = max(2, os.cpu_count() or 2)
    started = datetime.datetime.now(datetime.timezone.utc)
    before = machine()
    small = generate(10_000, 50_000, DATA / "synthetic-10k.csv")
    rows, checks = [], []
    for metric, params, target in TASKS:
        one, out_one = wall(score_command(small, metric, params, 1), args.reps)
        n, out_n = wall(score_command(small, metric, params, many), args.reps)
        if out_one != out_n:
            sys.exit(f"{metric}: --threads {many} gave other bytes than --threads 1")
        rows.append((f"{metric}, 10k / 50k", one, n, target))
    igraph = igraph_betweenness(small, args.reps)
    if args.csv:
        large = generate(1_000_000, 10_000_000, Path(args.csv))
        rows.append(reading_row(large, "", many, args.reps, 1.35))
    if args.jsonl:
        collection = generate(100_000, 1_000_000, DATA / "synthetic-100k.csv", Path(args.jsonl))
        rows.append(reading_row(collection, ", twarc2", many, args.reps, None))
    write(args, started, before, many, rows, igraph)


def write(args, started, before, many, rows, igraph):
    lines = [
        "# Threads",
        "",
        "Written by `bench/threads.py` (part of `make bench`). Do not edit by hand: rerun it.",
        "",
        f"- **Date**: {started:%Y-%m-%d %H:%M} UTC",
        f"- **Machine**: {before}; after: {machine()}",
        f"- **Figure**: the best wall time of {args.reps} runs of the whole command (reading the file "
        "included); the outputs of 1 and of N threads were checked to be the same bytes.",
        "",
        f"| task | `--threads 1` | `--threads {many}` | speed-up | target |",
        "|---|---|---|---|---|",
    ]
    for name, one, n, target in rows:
        speedup = one / n
        verdict = "" if target is None else f"≥ {target}×: {'met' if speedup >= target else '**missed**'}"
        lines.append(f"| {name} | {one:.2f} s | {n:.2f} s | **{speedup:.2f}×** | {verdict} |")
    lines.append("")
    betweenness = next((n for name, _, n, _ in rows if name.startswith("betweenness")), None)
    if igraph is not None and betweenness is not None:
        ratio = betweenness / igraph
        lines += [
            f"Exact betweenness on 10k / 50k: igraph {igraph:.2f} s (wall, the graph already built); "
            f"attaché on {many} threads {betweenness:.2f} s for the whole command, **{ratio:.2f}×** igraph's time "
            f"(target ≤ 0.5×: {'met' if ratio <= 0.5 else '**missed**'}).",
            "",
        ]
    else:
        lines += ["igraph was not available: the comparison with its betweenness was not measured.", ""]
    Path(args.out).write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
