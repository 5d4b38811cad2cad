"""The measured figures of docs/SCALE.md: `attache convert` throughput per format, and the
Spark job in local mode on sharded synthetic collections, with its parity to `attache score`.

    python3 bench/scale.py [--sizes 100k,1m] [--shards 4] [--convert-size 100k]
                           [--max-iterations N] [--driver-memory 12g]

Run through bench/scale.sh (which builds what it needs). For each size (accounts /
interactions: 100k = 100,000 / 1,000,000, 1m = 1,000,000 / 10,000,000, as bench/run.py),
the seeded generator (`attache-bench generate`, bench/native/synthetic.rs, seed 7) writes
a CSV edge list, cut here into --shards shards by rows; each shard is converted
(`attache convert`), and `spark/run.sh` (local mode, every core) scores the shards. At
the sizes one machine also holds, `attache score` scores the unsplit file and the two
results are compared (largest PageRank difference, counts equal). --convert-size also
generates the twarc2 JSONL of that size and times `attache convert` on both formats
(MB/s = input bytes / wall seconds; the peak resident memory beside it).

Writes bench/data/scale.json (the measurements, with the machine and the date) and
prints them as Markdown tables.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
ATTACHE = ROOT / "target/release/attache"
GENERATOR = ROOT / "target/release/examples/attache-bench"
SIZES = {"10k": (10_000, 50_000), "100k": (100_000, 1_000_000), "1m": (1_000_000, 10_000_000)}
METRICS = (
    "pagerank,influence_index,in_degree,out_degree,in_strength,out_strength,"
    "follows_in,reposts_in,quotes_in,replies_in,mentions_in"
)
COUNTS = ["in_degree", "out_degree", "in_strength", "out_strength", "follows_in",
          "reposts_in", "quotes_in", "replies_in", "mentions_in"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(command: list[str], env: dict | None = None, stdout=None) -> dict:
    """Runs `command` under /usr/bin/time; wall seconds, CPU seconds, peak RSS in MiB."""
    log("  $ " + " ".join(str(c) for c in command))
    report = DATA / "scale-time.txt"
    started = time.monotonic()
    subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", str(report), *map(str, command)],
                   check=True, env=env, stdout=stdout, stderr=subprocess.DEVNULL if stdout is None else None)
    wall = time.monotonic() - started
    user, system, peak_kib = report.read_text().split()[-3:]
    return {"wall_s": round(wall, 2), "cpu_s": round(float(user) + float(system), 2),
            "peak_mib": round(int(peak_kib) / 1024)}


def generate(size: str, twarc2: bool) -> tuple[Path, Path | None]:
    accounts, interactions = SIZES[size]
    DATA.mkdir(exist_ok=True)
    csv_path = DATA / f"synthetic-{size}.csv"
    twarc2_path = DATA / f"synthetic-{size}.jsonl"
    command = [str(GENERATOR), "generate", "--accounts", str(accounts), "--interactions", str(interactions),
               "--seed", "7"]
    if not csv_path.exists():
        command += ["--csv", str(csv_path)]
    if twarc2 and not twarc2_path.exists():
        command += ["--twarc2", str(twarc2_path)]
    if "--csv" in command or "--twarc2" in command:
        log(f"generating {size}")
        subprocess.run(command, check=True)
    return csv_path, (twarc2_path if twarc2 else None)


def measure_convert(files: dict[str, Path]) -> list[dict]:
    rows = []
    for name, path in files.items():
        out = DATA / f"convert-{name}"
        shutil.rmtree(out, ignore_errors=True)
        figures = timed([ATTACHE, "convert", path, "--to", out])
        size = path.stat().st_size
        rows.append({"format": name, "file": path.name, "mb": round(size / 1e6, 1),
                     "mb_per_s": round(size / 1e6 / figures["wall_s"], 1), **figures,
                     "parquet_mb": round(sum(f.stat().st_size for f in out.glob("*.parquet")) / 1e6, 1)})
        shutil.rmtree(out, ignore_errors=True)
    return rows


def split_csv(path: Path, shards: int, into: Path) -> list[Path]:
    """Cuts a CSV edge list into `shards` files of consecutive rows, each with the header."""
    into.mkdir(parents=True, exist_ok=True)
    with open(path, encoding="utf-8") as source:
        header = source.readline()
        rows = sum(1 for _ in source)
    per_shard = -(-rows // shards)
    parts = []
    with open(path, encoding="utf-8") as source:
        source.readline()
        for index in range(shards):
            part = into / f"part-{index}.csv"
            with open(part, "w", encoding="utf-8") as out:
                out.write(header)
                for _, line in zip(range(per_shard), source):
                    out.write(line)
            parts.append(part)
    return parts


def compare(cli_csv: Path, spark_csv: Path) -> dict:
    def read(path):
        with open(path, newline="", encoding="utf-8") as handle:
            return {row["id"]: row for row in csv.DictReader(handle)}

    cli, spark = read(cli_csv), read(spark_csv)
    worst_pagerank = max(abs(float(row["pagerank"]) - float(spark[i]["pagerank"])) for i, row in cli.items()
                         if i in spark)
    worst_index = max((abs(float(row["influence_index"]) - float(spark[i]["influence_index"]))
                       for i, row in cli.items() if i in spark and row["influence_index"] and
                       spark[i]["influence_index"]), default=0.0)
    unequal_counts = sum(1 for i, row in cli.items() if i in spark for c in COUNTS if row[c] != spark[i][c])
    return {"accounts_cli": len(cli), "accounts_spark": len(spark), "same_ids": set(cli) == set(spark),
            "max_pagerank_difference": worst_pagerank, "max_index_difference": worst_index,
            "unequal_counts": unequal_counts}


def measure_spark(size: str, csv_path: Path, shards: int, args) -> dict:
    work = DATA / f"scale-{size}"
    shutil.rmtree(work, ignore_errors=True)
    parts = split_csv(csv_path, shards, work / "parts")
    shard_dirs, convert = [], []
    for index, part in enumerate(parts):
        shard = work / f"shard-{index}"
        convert.append(timed([ATTACHE, "convert", part, "--to", shard]))
        shard_dirs.append(shard)
        part.unlink()
    env = dict(os.environ, SPARK_DRIVER_MEMORY=args.driver_memory)
    job = [ROOT / "spark/run.sh", *shard_dirs, "--output", work / "out", "--checkpoint-dir", work / "checkpoints"]
    settings = None
    if args.max_iterations:
        settings = work / "analysis.json"
        settings.write_text(json.dumps({"format": "attache-analysis", "version": 1,
                                        "params": {"pagerank": {"max_iterations": args.max_iterations}}}))
        job += ["--settings", settings]
    spark = timed(job, env=env)
    summary = json.loads((work / "out/summary.json").read_text())
    result = {"size": size, "accounts": SIZES[size][0], "interactions": SIZES[size][1], "shards": shards,
              "convert_per_shard": convert, "spark": spark, "spark_phases_s": summary["seconds"],
              "pagerank_iterations": summary["pagerank"]["iterations"],
              "pagerank_last_change": summary["pagerank"]["last_change"],
              "max_iterations": args.max_iterations, "edges": summary["edges"],
              "accounts_scored": summary["accounts"]}
    if size in args.parity_sizes.split(","):
        command = [ATTACHE, "score", csv_path, "--metrics", METRICS, "--format", "csv"]
        if settings:
            command += ["--settings", settings]
        with open(work / "cli.csv", "w") as out:
            result["cli_score"] = timed(command, stdout=out)
        result["parity"] = compare(work / "cli.csv", work / "out/scores.csv")
    shutil.rmtree(work / "checkpoints", ignore_errors=True)
    return result


def markdown(results: dict) -> str:
    lines = [f"Measured {results['date']} on {results['machine']} (`{results['command']}`).", ""]
    if results["convert"]:
        lines += ["| input | size | wall | MB/s | CPU | peak memory | Parquet |", "|---|---|---|---|---|---|---|"]
        for row in results["convert"]:
            lines.append(f"| {row['format']} ({row['file']}) | {row['mb']} MB | {row['wall_s']} s | "
                         f"{row['mb_per_s']} | {row['cpu_s']} s | {row['peak_mib']} MiB | {row['parquet_mb']} MB |")
        lines.append("")
    lines += ["| accounts / interactions | shards | convert (all shards) | Spark job | PageRank iterations | "
              "attache score | largest PageRank difference | counts unequal |", "|---|---|---|---|---|---|---|---|"]
    for row in results["spark"]:
        parity = row.get("parity", {})
        convert = sum(c["wall_s"] for c in row["convert_per_shard"])
        cli = row.get("cli_score", {}).get("wall_s")
        lines.append(f"| {row['accounts']:,} / {row['interactions']:,} | {row['shards']} | {convert:.1f} s | "
                     f"{row['spark']['wall_s']} s ({row['spark']['peak_mib']} MiB driver) | "
                     f"{row['pagerank_iterations']} | {cli if cli is not None else '-'} s | "
                     f"{parity.get('max_pagerank_difference', '-')} | {parity.get('unequal_counts', '-')} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--convert-size", default="100k", help="size of the convert throughput inputs ('' to skip)")
    parser.add_argument("--parity-sizes", default="100k,1m", help="sizes also scored by attache score")
    parser.add_argument("--max-iterations", type=int, default=0, help="cap PageRank (0: converge)")
    parser.add_argument("--driver-memory", default="12g")
    parser.add_argument("--output", default=str(DATA / "scale.json"))
    args = parser.parse_args()
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, "
                   f"{platform.system()} {platform.release()}",
        "command": "bench/scale.sh " + " ".join(sys.argv[1:]),
        "convert": [],
        "spark": [],
    }
    if args.convert_size:
        csv_path, twarc2_path = generate(args.convert_size, twarc2=True)
        results["convert"] = measure_convert({"twarc2 JSONL": twarc2_path, "CSV edge list": csv_path})
    for size in [s for s in args.sizes.split(",") if s]:
        csv_path, _ = generate(size, twarc2=False)
        results["spark"].append(measure_spark(size, csv_path, args.shards, args))
        Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
