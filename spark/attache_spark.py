"""attaché's scores on Apache Spark, for collections too large for one machine.

    spark-submit spark/attache_spark.py SHARD_DIR... --output OUT
        [--settings ANALYSIS.json] [--group-by ATTRIBUTE]... [--top-edges N]
        [--checkpoint-dir DIR]

Each SHARD_DIR is what `attache convert FILE... --to SHARD_DIR` wrote (accounts,
interactions and posts as Parquet). The job unions the shards and then does what the
core's `NetworkBuilder` does across files, in the same order of precedence:

1. accounts are keyed by platform and id; an account seen in several shards takes its
   profile (handle, name, followers) from the latest snapshot (by profile time; an
   undated one counts as the latest, shards in the order given), its label and each
   attribute from the last shard that has one;
2. accounts known by handle only are joined, case-insensitively and per platform, to the
   account another shard knows with that handle (the earliest one if several had it);
3. interactions move to the accounts their ends became; self-interactions are dropped;
   an event with a key is kept once per key, kind and target (the first copy by shard
   and position), events without a key all count;
4. accounts are ordered by where the core would first have seen them (shard, then
   position in the shard), which breaks ties as the core does.

Then, with the kind weights, index weights and PageRank parameters of the analysis file
(`attache score --save-settings`), the same definitions as `src/metrics/`: in/out degree
and strength on the graph whose edges are the actor → target pairs with a positive sum
of kind weight × event weight (`csr.rs`), received counts per kind (event weights, no
kind weights: `received.rs`), PageRank as networkx computes it (dangling mass spread by
the teleport vector; L1 change below the tolerance: `pagerank.rs`), and the influence
index (`influence_index.rs`: four percentile pillars, ties averaged after rounding to 10
significant digits). It writes

- OUT/scores.csv: the header and rows of `attache score --format csv --metrics
  pagerank,influence_index,in_degree,out_degree,in_strength,out_strength,follows_in,
  reposts_in,quotes_in,replies_in,mentions_in`, ranked by PageRank (ties in account
  order), numbers printed as the CLI prints them; OUT/scores.parquet beside it, with
  the platform, the order and the pillars' percentiles;
- OUT/groups_<ATTRIBUTE>.csv for each --group-by (as `attache groups --by`: members,
  index sum and median, share of PageRank);
- OUT/edges_top.csv: the interactions among the --top-edges highest-ranked accounts,
  an edge list that attaché reads with scores.csv as its node table;
- OUT/summary.json: counts, what the union merged, how PageRank converged.

DataFrame API only (GraphFrames' JVM part is not needed). PageRank iterates with a
checkpoint per iteration so that the plan stays one iteration long.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from decimal import Decimal

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

KINDS = ["follow", "repost", "quote", "reply", "mention", "link"]
PILLARS = ["reach", "amplification", "conversation", "network"]
RECEIVED = [
    ("follows_in", "follow"),
    ("reposts_in", "repost"),
    ("quotes_in", "quote"),
    ("replies_in", "reply"),
    ("mentions_in", "mention"),
]
METRICS = [
    "pagerank",
    "influence_index",
    "in_degree",
    "out_degree",
    "in_strength",
    "out_strength",
] + [name for name, _ in RECEIVED]
# The catalogue's defaults (src/metrics/pagerank.rs, influence_index.rs, csr.rs).
PAGERANK_DEFAULTS = {"alpha": 0.85, "tolerance": 1e-10, "max_iterations": 1000, "seeds": []}
NONE_GROUP = "(none)"
# Settings for the PageRank loop (see `pagerank`).
LOOP_CONF = {"spark.sql.adaptive.enabled": "false", "spark.sql.autoBroadcastJoinThreshold": "-1"}


class SettingsError(Exception):
    pass


# ---------------------------------------------------------------------------------------
# The analysis file (src/session/settings.rs): the part this job uses, checked as strictly.


def read_settings(path: str | None) -> dict:
    settings = {
        "kind_weights": {kind: 1.0 for kind in KINDS},
        "index_weights": {pillar: 1.0 for pillar in PILLARS},
        "pagerank": dict(PAGERANK_DEFAULTS),
        "ignored_lenses": [],
    }
    if path is None:
        return settings
    with open(path, encoding="utf-8") as handle:
        try:
            document = json.load(handle)
        except json.JSONDecodeError as error:
            raise SettingsError(f"the analysis file is not valid JSON: {error}") from error
    if document.get("format") != "attache-analysis":
        raise SettingsError(f"{path} is not an attaché analysis file")
    if document.get("version") != 1:
        raise SettingsError(f"{path} is of version {document.get('version')}; this job reads version 1")

    def weight(what: str, value) -> float:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) or value < 0:
            raise SettingsError(f"{what} must be a number ≥ 0, got {value!r}")
        return float(value)

    for kind, value in (document.get("kind_weights") or {}).items():
        if kind not in KINDS:
            raise SettingsError(f"unknown interaction kind '{kind}'; kinds: {', '.join(KINDS)}")
        settings["kind_weights"][kind] = weight(f"the weight of {kind}", value)
    for pillar, value in (document.get("index_weights") or {}).items():
        if pillar not in PILLARS:
            raise SettingsError(f"unknown pillar '{pillar}'; pillars: {', '.join(PILLARS)}")
        if weight(f"the weight of {pillar}", value) > 100:
            raise SettingsError(f"the weight of {pillar} must be between 0 and 100")
        settings["index_weights"][pillar] = float(value)
    for lens, params in (document.get("params") or {}).items():
        if lens != "pagerank":
            settings["ignored_lenses"].append(lens)
            continue
        for name, value in params.items():
            if name not in PAGERANK_DEFAULTS:
                raise SettingsError(f"PageRank has no parameter '{name}'")
            if name == "seeds":
                if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
                    raise SettingsError("pagerank.seeds must be a list of account ids")
                settings["pagerank"]["seeds"] = value
            else:
                settings["pagerank"][name] = weight(f"pagerank.{name}", value)
    pagerank = settings["pagerank"]
    if not 0.0 <= pagerank["alpha"] <= 1.0:
        raise SettingsError("pagerank.alpha must be between 0 and 1")
    if not 1e-15 <= pagerank["tolerance"] <= 1e-2:
        raise SettingsError("pagerank.tolerance must be between 1e-15 and 0.01")
    pagerank["max_iterations"] = int(pagerank["max_iterations"])
    if not 1 <= pagerank["max_iterations"] <= 100_000:
        raise SettingsError("pagerank.max_iterations must be between 1 and 100000")
    return settings


# ---------------------------------------------------------------------------------------
# Numbers as the core writes and compares them.


def rust_display(value):
    """Rust's `{}` for an f64 (src/scores.rs `format_value`): the shortest digits that
    read back as the same number, never an exponent, whole numbers without a fraction;
    empty for NaN (here: null)."""
    if value is None or math.isnan(value):
        return ""
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        return "-0"
    return text


def significant(value):
    """`influence_index.rs` `significant`: rounded to 10 significant digits, as Rust's
    `{:.9e}` rounds the exact binary value (Python's formatting does the same)."""
    if value is None or math.isnan(value) or math.isinf(value) or value == int(value):
        return value
    return float(f"{value:.9e}")


significant_udf = F.udf(significant, T.DoubleType())


# ---------------------------------------------------------------------------------------
# Reading and merging the shards.


def read_shards(spark: SparkSession, shards: list[str]):
    accounts, interactions, posts, versions = [], [], [], []
    for index, shard in enumerate(shards):
        tag = F.lit(index).cast("int").alias("shard")
        accounts.append(spark.read.parquet(f"{shard}/accounts.parquet").select(tag, "*"))
        interactions.append(spark.read.parquet(f"{shard}/interactions.parquet").select(tag, "*"))
        posts.append(spark.read.parquet(f"{shard}/posts.parquet").select(tag, "*"))
        try:
            manifest = spark.read.option("multiLine", True).json(f"{shard}/shard.json")
            versions.append(manifest.select("attache_version").first()[0])
        except Exception:  # noqa: BLE001 - a shard without its manifest is still read
            versions.append(None)

    def union(frames):
        result = frames[0]
        for frame in frames[1:]:
            result = result.unionByName(frame)
        return result

    return union(accounts), union(interactions), union(posts), versions


def merge_accounts(accounts: DataFrame):
    """One row per account that stands, with `order` (where the core first sees it), and
    the map (platform, lower-case handle) → account for the ends known by handle only."""
    order = F.struct("shard", "seq")
    real = accounts.where(~F.col("handle_only"))
    # A shard's row carries a profile when it has profile fields; one that only references
    # the account (an id and the handle a mention gave) fills gaps and never overrides.
    profiled = F.col("name").isNotNull() | F.col("followers").isNotNull() | F.col("profile_time").isNotNull()
    snapshot = F.struct(
        F.col("shard"),
        F.col("seq"),
        profiled.alias("profiled"),
        F.col("profile_time").cast("long").alias("time"),
        F.col("handle"),
        F.col("name"),
        F.col("followers"),
    )
    empty = F.struct(
        F.lit(None).cast("long").alias("time"),
        F.lit(None).cast("string").alias("handle"),
        F.lit(None).cast("string").alias("name"),
        F.lit(None).cast("long").alias("followers"),
    )

    def fold(acc, x):
        # `is_latest_profile` (builder.rs): an undated snapshot, or one no older than the
        # latest dated one so far, wins; otherwise it only fills what is missing.
        wins = x["profiled"] & (x["time"].isNull() | acc["time"].isNull() | (x["time"] >= acc["time"]))

        def field(name):
            return F.when(wins, F.coalesce(x[name], acc[name])).otherwise(F.coalesce(acc[name], x[name]))

        return F.struct(
            F.greatest(acc["time"], x["time"]).alias("time"),
            field("handle").alias("handle"),
            field("name").alias("name"),
            field("followers").alias("followers"),
        )

    merged = real.groupBy("platform", "id").agg(
        F.min(order).alias("order"),
        F.aggregate(F.array_sort(F.collect_list(snapshot)), empty, fold).alias("profile"),
        F.max(F.when(F.col("label").isNotNull(), F.struct("shard", "seq", "label"))).alias("last_label"),
        F.collect_set(F.lower("handle")).alias("handles"),
    )
    # Each attribute from the last shard that has it (node rows: later rows overwrite).
    attributes = (
        real.select("platform", "id", "shard", "seq", F.explode("attributes").alias("key", "value"))
        .groupBy("platform", "id", "key")
        .agg(F.max(F.struct("shard", "seq", "value")).alias("last"))
        .groupBy("platform", "id")
        .agg(F.map_from_entries(F.collect_list(F.struct("key", F.col("last.value")))).alias("attributes"))
    )
    merged = merged.join(attributes, ["platform", "id"], "left").select(
        "platform",
        "id",
        "order",
        F.col("last_label.label").alias("label"),
        F.col("profile.handle").alias("handle"),
        F.col("profile.name").alias("name"),
        F.col("profile.followers").alias("followers"),
        "attributes",
        "handles",
    )

    # Handle-only accounts: joined to the earliest account that went by the handle...
    by_handle = (
        merged.select("platform", F.explode("handles").alias("handle_key"), "order", "id")
        .groupBy("platform", "handle_key")
        .agg(F.min(F.struct("order", "id")).alias("owner"))
        .select("platform", "handle_key", F.col("owner.id").alias("resolved"))
    )
    provisional = (
        accounts.where(F.col("handle_only"))
        .withColumn("handle_key", F.lower(F.regexp_replace(F.trim("handle"), "^@+", "")))
        .groupBy("platform", "handle_key")
        .agg(F.min(F.struct("shard", "seq", "id", "handle")).alias("first"))
    )
    provisional = provisional.join(by_handle, ["platform", "handle_key"], "left")
    # ... or, when no shard knows the id, one account `@handle` as first seen.
    unresolved = provisional.where(F.col("resolved").isNull()).select(
        "platform",
        F.col("first.id").alias("id"),
        F.struct(F.col("first.shard").alias("shard"), F.col("first.seq").alias("seq")).alias("order"),
        F.lit(None).cast("string").alias("label"),
        F.col("first.handle").alias("handle"),
        F.lit(None).cast("string").alias("name"),
        F.lit(None).cast("long").alias("followers"),
        F.lit(None).cast("map<string,string>").alias("attributes"),
    )
    handle_map = provisional.select(
        "platform", "handle_key", F.coalesce("resolved", F.col("first.id")).alias("resolved")
    )
    joined = provisional.where(F.col("resolved").isNotNull()).count()
    standing = merged.drop("handles").unionByName(unresolved)
    return standing, handle_map, joined


def resolve_ends(frame: DataFrame, handle_map: DataFrame, end: str) -> DataFrame:
    """Replaces `end` (an id, or `@handle` with `<end>_handle` set) by the account it joined."""
    lookup = handle_map.select(
        F.col("platform").alias(f"{end}_platform"),
        F.col("handle_key").alias(f"{end}_key"),
        F.col("resolved").alias(f"{end}_resolved"),
    )
    keyed = frame.withColumn(
        f"{end}_key", F.lower(F.regexp_replace(F.trim(f"{end}_handle"), "^@+", ""))
    )
    return (
        keyed.join(lookup, [f"{end}_platform", f"{end}_key"], "left")
        .withColumn(end, F.coalesce(f"{end}_resolved", end))
        .drop(f"{end}_key", f"{end}_resolved", f"{end}_handle")
    )


def merge_interactions(interactions: DataFrame, handle_map: DataFrame):
    resolved = resolve_ends(interactions, handle_map, "actor")
    resolved = resolve_ends(resolved, handle_map, "target")
    same = (F.col("actor_platform") == F.col("target_platform")) & (F.col("actor") == F.col("target"))
    self_interactions = resolved.where(same)
    resolved = resolved.where(~same)
    keyed = resolved.where(F.col("key").isNotNull())
    first = keyed.groupBy("key", "kind", "target_platform", "target").agg(
        F.min(F.struct("shard", "seq", "actor_platform", "actor", "weight", "time")).alias("first"),
        F.count(F.lit(1)).alias("copies"),
    )
    kept = first.select(
        F.col("first.shard").alias("shard"),
        F.col("first.seq").alias("seq"),
        F.col("first.actor_platform").alias("actor_platform"),
        F.col("first.actor").alias("actor"),
        "target_platform",
        "target",
        "kind",
        F.col("first.weight").alias("weight"),
        F.col("first.time").alias("time"),
    )
    columns = kept.columns
    events = kept.unionByName(resolved.where(F.col("key").isNull()).select(*columns))
    return events, first, self_interactions


# ---------------------------------------------------------------------------------------
# Metrics.


def checkpoint(frame: DataFrame, reliable: bool, eager: bool = True) -> DataFrame:
    return frame.checkpoint(eager=eager) if reliable else frame.localCheckpoint(eager=eager)


def pagerank(spark, nodes: DataFrame, edges: DataFrame, params: dict, reliable: bool):
    """`pagerank.rs`: x' = alpha (x W + dangling mass · p) + (1 − alpha) p from the uniform
    vector, until the L1 change is below the tolerance or the iteration cap is reached."""
    n = nodes.count()
    if n == 0:
        return nodes.select("node", F.lit(0.0).alias("pagerank")), 0, 0.0
    out_strength = edges.groupBy(F.col("src").alias("node")).agg(F.sum("w").alias("s"))
    seeds = params["seeds"]
    state = nodes.select("node", "id").join(out_strength, "node", "left")
    if seeds:
        seed_ids = F.col("id").isin(seeds)
        found = {row[0] for row in nodes.where(seed_ids).select("id").distinct().collect()}
        unknown = [s for s in seeds if s not in found]
        if unknown:
            raise SettingsError(
                "Seed accounts: no account has the id " + ", ".join(f"'{s}'" for s in unknown)
            )
        total = nodes.where(seed_ids).count()
        teleport = F.when(seed_ids, F.lit(1.0) / F.lit(float(total))).otherwise(F.lit(0.0))
    else:
        teleport = F.lit(1.0) / F.lit(float(n))
    state = state.select(
        "node",
        # 1/s as the core keeps it: x · (1/s) · w, in that order.
        F.when(F.col("s") > 0, F.lit(1.0) / F.col("s")).otherwise(F.lit(0.0)).alias("inverse"),
        teleport.alias("p"),
        (F.lit(1.0) / F.lit(float(n))).alias("x"),
    )
    # The ranks partitioned by node and the edges by source, alike: a checkpoint keeps the
    # partitioning, so each iteration shuffles once (the inflow, grouped by target). Adaptive
    # execution is off in the loop: it would re-plan every iteration's identical plan, run a
    # job per stage and broadcast the ranks anew each time (twice as slow on one machine).
    partitions = int(spark.conf.get("spark.sql.shuffle.partitions"))
    saved = {key: spark.conf.get(key) for key in LOOP_CONF}
    for key, value in LOOP_CONF.items():
        spark.conf.set(key, value)
    try:
        return iterate(spark, state, edges, params, reliable, partitions, n)
    finally:
        for key, value in saved.items():
            spark.conf.set(key, value)


def iterate(spark, state, edges, params, reliable, partitions, n):
    alpha = params["alpha"]
    state = checkpoint(state.repartition(partitions, "node"), reliable)
    edges = checkpoint(edges.select("src", "dst", "w").repartition(partitions, "src"), reliable)
    dangling = state.where(F.col("inverse") == 0).agg(F.sum("x")).first()[0] or 0.0
    iterations, change = 0, math.inf
    while iterations < params["max_iterations"]:
        iterations += 1
        shares = state.select(F.col("node").alias("src"), (F.col("x") * F.col("inverse")).alias("share"))
        inflow = (
            edges.join(shares, "src")
            .groupBy(F.col("dst").alias("node"))
            .agg(F.sum(F.col("share") * F.col("w")).alias("inflow"))
        )
        following = state.join(inflow, "node", "left").select(
            "node",
            "inverse",
            "p",
            (
                F.lit(alpha) * (F.coalesce("inflow", F.lit(0.0)) + F.lit(dangling) * F.col("p"))
                + F.lit(1.0 - alpha) * F.col("p")
            ).alias("x"),
            F.col("x").alias("previous"),
        )
        # Not eager: the one job of the iteration (the sums below) also fills the checkpoint.
        following = checkpoint(following, reliable, eager=False)
        totals = following.agg(
            F.sum(F.abs(F.col("x") - F.col("previous"))).alias("change"),
            F.sum(F.when(F.col("inverse") == 0, F.col("x"))).alias("dangling"),
        ).first()
        change, dangling = totals["change"], totals["dangling"] or 0.0
        state = following.drop("previous")
        if change < params["tolerance"]:
            break
    return state.select("node", F.col("x").alias("pagerank")), iterations, change


def percentile_ranks(frame: DataFrame, pillars: list[str]) -> DataFrame:
    """`influence_index.rs` `percentile_ranks` for every pillar column of `frame` at once:
    among the m accounts with a value, (average ascending rank − 1) / (m − 1), after
    rounding to 10 significant digits; 0.5 when m = 1; null where the value is. Returns
    `node, <pillar>_percentile...`."""
    long = frame.select(
        "node",
        F.explode(F.array(*[F.struct(F.lit(p).alias("pillar"), F.col(p).alias("raw")) for p in pillars])).alias("x"),
    ).where(F.col("x.raw").isNotNull())
    long = long.select("node", F.col("x.pillar").alias("pillar"), significant_udf("x.raw").alias("v"))
    ties = long.groupBy("pillar", "v").agg(F.count(F.lit(1)).alias("tie"))
    by_pillar = Window.partitionBy("pillar")
    # Accounts below each distinct value: a window over the distinct values of each pillar.
    below = Window.partitionBy("pillar").orderBy("v").rowsBetween(Window.unboundedPreceding, 0)
    ties = ties.select(
        "pillar",
        "v",
        "tie",
        (F.sum("tie").over(below) - F.col("tie")).alias("start"),
        F.sum("tie").over(by_pillar).alias("m"),
    )
    pct = F.when(F.col("m") == 1, F.lit(0.5)).otherwise(
        (F.col("start").cast("double") + (F.col("tie") - 1).cast("double") / F.lit(2.0))
        / (F.col("m") - 1).cast("double")
    )
    ranked = long.join(ties, ["pillar", "v"]).select("node", "pillar", pct.alias("pct"))
    wide = ranked.groupBy("node").pivot("pillar", pillars).agg(F.first("pct"))
    return frame.select("node").join(wide, "node", "left").select(
        "node", *[F.col(p).alias(f"{p}_percentile") for p in pillars]
    )


# ---------------------------------------------------------------------------------------
# Output.


class Output:
    """The output directory through Hadoop's FileSystem, so that OUT may be a local path
    or any filesystem the cluster has (hdfs://, s3a://...)."""

    def __init__(self, spark: SparkSession, root: str):
        jvm = spark._jvm
        self._jvm = jvm
        self.root = root.rstrip("/")
        path = jvm.org.apache.hadoop.fs.Path(self.root)
        self._fs = path.getFileSystem(spark._jsc.hadoopConfiguration())
        self._fs.mkdirs(path)

    def path(self, name: str) -> str:
        return f"{self.root}/{name}"

    def open(self, name: str) -> "TextFile":
        return TextFile(self._fs.create(self._jvm.org.apache.hadoop.fs.Path(self.path(name)), True))


class TextFile:
    """A UTF-8 text file written in 1 MiB pieces (what csv.writer needs: `write`)."""

    def __init__(self, stream):
        self._stream = stream
        self._pieces: list[str] = []
        self._size = 0

    def write(self, text: str) -> None:
        self._pieces.append(text)
        self._size += len(text)
        if self._size >= 1 << 20:
            self._flush()

    def _flush(self) -> None:
        if self._pieces:
            self._stream.write(bytearray("".join(self._pieces).encode("utf-8")))
        self._pieces, self._size = [], 0

    def close(self) -> None:
        self._flush()
        self._stream.close()


def write_csv(output: Output, name: str, header: list[str], rows) -> None:
    """A CSV as the CLI's `csv` crate writes it: `\n` line ends, quotes only where needed."""
    handle = output.open(name)
    writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    handle.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shards", nargs="+", metavar="SHARD_DIR")
    parser.add_argument("--output", required=True, metavar="OUT")
    parser.add_argument("--settings", metavar="FILE", help="an analysis file (attache score --save-settings)")
    parser.add_argument("--group-by", action="append", default=[], metavar="ATTRIBUTE")
    parser.add_argument("--top-edges", type=int, default=1000, metavar="N")
    parser.add_argument("--checkpoint-dir", metavar="DIR", help="reliable checkpoints there (default: local)")
    args = parser.parse_args(argv)
    try:
        settings = read_settings(args.settings)
    except (SettingsError, OSError) as error:
        print(f"attache_spark: {error}", file=sys.stderr)
        return 2

    started = time.monotonic()
    phases = {}

    def phase(name):
        phases[name] = round(time.monotonic() - started - sum(phases.values()), 3)

    spark = SparkSession.builder.appName("attache").getOrCreate()
    phase("start")
    spark.sparkContext.setLogLevel("WARN")
    reliable = args.checkpoint_dir is not None
    if reliable:
        spark.sparkContext.setCheckpointDir(args.checkpoint_dir)

    accounts, interactions, posts, versions = read_shards(spark, args.shards)
    standing, handle_map, joined = merge_accounts(accounts)
    # Numbers for the joins; monotonically_increasing_id is not stable across
    # recomputation, so the numbered table is materialised once.
    standing = checkpoint(standing.withColumn("node", F.monotonically_increasing_id()), reliable)
    handle_map = checkpoint(handle_map, reliable)
    events, first, self_interactions = merge_interactions(interactions, handle_map)
    keys = standing.select("platform", "id", "node")
    events = (
        events.join(keys.toDF("actor_platform", "actor", "src"), ["actor_platform", "actor"])
        .join(keys.toDF("target_platform", "target", "dst"), ["target_platform", "target"])
        .select("src", "dst", "kind", "weight", "time", "actor", "target")
    )
    events = checkpoint(events, reliable)

    # The graph G (csr.rs): pairs with a positive, finite sum of kind weight × event weight.
    kind_weights = settings["kind_weights"]
    kind_weight = F.coalesce(*[F.when(F.col("kind") == k, F.lit(w)) for k, w in kind_weights.items()])
    edges = (
        events.select("src", "dst", (kind_weight * F.col("weight")).alias("w"))
        .where(F.col("w") != 0)
        .groupBy("src", "dst")
        .agg(F.sum("w").alias("w"))
        .where((F.col("w") > 0) & (F.col("w") < float("inf")))
    )
    edges = checkpoint(edges, reliable)
    edge_count = edges.count()

    phase("union_and_merge")
    ranks, iterations, last_change = pagerank(spark, standing, edges, settings["pagerank"], reliable)
    out_side = edges.groupBy(F.col("src").alias("node")).agg(
        F.count(F.lit(1)).cast("double").alias("out_degree"), F.sum("w").alias("out_strength")
    )
    in_side = edges.groupBy(F.col("dst").alias("node")).agg(
        F.count(F.lit(1)).cast("double").alias("in_degree"), F.sum("w").alias("in_strength")
    )
    received = (
        events.groupBy(F.col("dst").alias("node"))
        .pivot("kind", [kind for _, kind in RECEIVED])
        .agg(F.sum("weight"))
    )
    table = standing.join(ranks, "node", "left").join(in_side, "node", "left").join(out_side, "node", "left")
    table = table.join(received, "node", "left")
    for column in ["in_degree", "out_degree", "in_strength", "out_strength"]:
        table = table.withColumn(column, F.coalesce(column, F.lit(0.0)))
    for name, kind in RECEIVED:
        table = table.withColumn(name, F.coalesce(F.col(kind).cast("double"), F.lit(0.0))).drop(kind)
    table = checkpoint(table, reliable)
    phase("pagerank_and_counts")

    # The influence index (influence_index.rs).
    def any_positive(column):
        return table.where(F.col(column) > 0).limit(1).count() > 0

    has_followers = table.where(F.col("followers").isNotNull()).limit(1).count() > 0
    pillars = []
    if has_followers:
        pillars.append(("reach", F.col("followers").cast("double"), "followers"))
    elif any_positive("follows_in"):
        pillars.append(("reach", F.col("follows_in"), "follows_in"))
    else:
        pillars.append(("reach", None, "no follower counts and no follows in the data"))
    amplification = F.col("reposts_in") + F.col("quotes_in")
    conversation = F.col("replies_in") + F.col("mentions_in")
    amplified = table.where(amplification > 0).limit(1).count() > 0
    conversed = table.where(conversation > 0).limit(1).count() > 0
    pillars.append(
        ("amplification", amplification, "reposts_in + quotes_in")
        if amplified
        else ("amplification", None, "no reposts or quotes in the data")
    )
    pillars.append(
        ("conversation", conversation, "replies_in + mentions_in")
        if conversed
        else ("conversation", None, "no replies or mentions in the data")
    )
    pillars.append(
        ("network", F.col("pagerank"), "pagerank") if edge_count > 0 else ("network", None, "no interactions in the data")
    )
    weights = settings["index_weights"]
    present = [pillar for pillar, raw, _ in pillars if raw is not None]
    if present:
        raws = table.select("node", *[raw.alias(pillar) for pillar, raw, _ in pillars if raw is not None])
        table = table.join(percentile_ranks(raws, present), "node", "left")
    for pillar, raw, _ in pillars:
        if raw is None:
            table = table.withColumn(f"{pillar}_percentile", F.lit(None).cast("double"))
    weighted, total = F.lit(0.0), F.lit(0.0)
    for pillar, raw, _ in pillars:
        if raw is None:
            continue
        pct = F.col(f"{pillar}_percentile")
        w = F.lit(weights[pillar])
        weighted = weighted + F.when(pct.isNotNull(), w * pct).otherwise(F.lit(0.0))
        total = total + F.when(pct.isNotNull(), w).otherwise(F.lit(0.0))
    table = table.withColumn(
        "influence_index", F.when(total > 0, F.lit(100.0) * weighted / total).otherwise(F.lit(None).cast("double"))
    )
    table = table.withColumn("display_label", F.coalesce("label", "handle", "name", "id"))
    table = checkpoint(table, reliable)
    phase("influence_index")

    # scores.csv: ranked by PageRank, ties in account order (scores.rs rank_descending).
    ranked = table.orderBy(F.col("pagerank").desc_nulls_last(), F.col("order.shard"), F.col("order.seq"))
    output = Output(spark, args.output)
    write_csv(
        output,
        "scores.csv",
        ["id", "label", *METRICS],
        (
            [row["id"], row["display_label"], *[rust_display(row[m]) for m in METRICS]]
            for row in ranked.select("id", "display_label", *METRICS).toLocalIterator()
        ),
    )
    ranked.select(
        "platform",
        "id",
        F.col("display_label").alias("label"),
        F.col("order.shard").alias("shard"),
        F.col("order.seq").alias("seq"),
        *METRICS,
        *[f"{pillar}_percentile" for pillar in PILLARS],
    ).write.mode("overwrite").parquet(output.path("scores.parquet"))

    # Groups by attribute (groups.rs): members, index sum and median, share of PageRank.
    total_pagerank = table.agg(F.sum("pagerank")).first()[0] or 0.0
    for attribute in args.group_by:
        value = F.trim(F.col("attributes")[attribute])
        group = F.when(value.isNull() | (value == "") | (value == NONE_GROUP), F.lit(None)).otherwise(value)
        grouped = (
            table.select(group.alias("group"), "influence_index", "pagerank")
            .groupBy("group")
            .agg(
                F.count(F.lit(1)).alias("members"),
                F.coalesce(F.sum("influence_index"), F.lit(0.0)).alias("index_sum"),
                F.median("influence_index").alias("index_median"),
                (F.sum("pagerank") / F.lit(total_pagerank) if total_pagerank > 0 else F.lit(0.0)).alias(
                    "pagerank_share"
                ),
            )
        )
        rows = grouped.orderBy(F.col("group").asc_nulls_last()).collect()
        write_csv(
            output,
            f"groups_{attribute}.csv",
            ["group", "members", "index_sum", "index_median", "pagerank_share"],
            (
                [
                    NONE_GROUP if row["group"] is None else row["group"],
                    row["members"],
                    rust_display(row["index_sum"]),
                    rust_display(row["index_median"]),
                    rust_display(row["pagerank_share"]),
                ]
                for row in rows
            ),
        )

    # The sub-network of the top accounts, to explore with scores.csv in attaché.
    if args.top_edges > 0:
        top = checkpoint(ranked.select("node").limit(args.top_edges), reliable)
        sub = (
            events.join(top.select(F.col("node").alias("src")), "src")
            .join(top.select(F.col("node").alias("dst")), "dst")
            .groupBy("actor", "target", "kind")
            .agg(F.sum("weight").alias("weight"))
            .orderBy("actor", "target", "kind")
        )
        write_csv(
            output,
            "edges_top.csv",
            ["source", "target", "kind", "weight"],
            ([row["actor"], row["target"], row["kind"], rust_display(row["weight"])] for row in sub.toLocalIterator()),
        )

    phase("write")
    by_kind = {row["kind"]: row["count"] for row in events.groupBy("kind").count().collect()}
    duplicates = first.agg(F.sum(F.col("copies") - 1)).first()[0] or 0
    distinct_posts = posts.select("platform", "id").distinct().count()
    summary = {
        "shards": args.shards,
        "attache_versions": sorted({v for v in versions if v}),
        "accounts": table.count(),
        "edges": edge_count,
        "interactions": dict(sorted(by_kind.items())),
        "posts": distinct_posts,
        "duplicates_across_shards": int(duplicates),
        "self_interactions_after_joins": self_interactions.count(),
        "handle_only_accounts_joined": joined,
        "pagerank": {"iterations": iterations, "last_change": last_change, **settings["pagerank"]},
        "kind_weights": kind_weights,
        "index_weights": weights,
        "pillars": {pillar: source for pillar, _, source in pillars},
        "lenses_not_computed": settings["ignored_lenses"],
        "seconds": phases,
    }
    if len(summary["attache_versions"]) > 1:
        print(
            "attache_spark: warning: the shards were converted by different releases of attaché "
            f"({', '.join(summary['attache_versions'])}); event keys may not match across them",
            file=sys.stderr,
        )
    handle = output.open("summary.json")
    handle.write(json.dumps(summary, indent=2) + "\n")
    handle.close()
    print(
        f"attache_spark: {summary['accounts']} accounts, {edge_count} edges, PageRank in {iterations} iterations "
        f"(last change {last_change:.3g}); wrote {args.output}/scores.csv",
        file=sys.stderr,
    )
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
