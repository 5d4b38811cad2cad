#!/usr/bin/env bash
# Spark's scores equal `attache score`'s (run by `make test`; docs/SCALE.md).
#
# Fixture files are converted into two shards that share posts (twarc2/flat.jsonl split
# into lines 1-60 and 41-100; the kpop tweets as twarc-csv in one shard and as twarc2 in
# the other) and whose handle-only mentions (twarc-csv) find their ids in the other shard;
# the second shard also carries profiles (users.jsonl) and a node table of groups made
# here from them. The Spark job (local[2]) runs on the shards with the analysis file that
# `attache score` saved on the same files unsplit (non-default kind and pillar weights),
# and spark/compare_parity.py compares scores, groups and counts.
#
# Installs Java and pyspark when missing (spark/run.sh --install-only); about two minutes
# once installed, most of it Spark's own start and PageRank's iterations.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --quiet --bin attache
attache="$root/target/debug/attache"
spark/run.sh --install-only

work="$(mktemp -d "${TMPDIR:-/tmp}/attache-parity.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fixtures="$root/tests/fixtures"
head -n 60 "$fixtures/twarc2/flat.jsonl" >"$work/flat_a.jsonl"
sed -n '41,100p' "$fixtures/twarc2/flat.jsonl" >"$work/flat_b.jsonl"
# Groups for three quarters of the profiled accounts, by their id (input, not a result).
python3 - "$fixtures/twarc2/users.jsonl" "$work/camps.csv" <<'EOF'
import json, sys
users = json.load(open(sys.argv[1], encoding="utf-8"))["data"]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("id,camp\n")
    for i, user in enumerate(users):
        if i % 4 != 3:
            out.write(f"{user['id']},{['north', 'south', 'east'][int(user['id']) % 3]}\n")
EOF

# The same files in the same order, unsplit and in two shards.
whole=("$fixtures/twarc-csv/kpop.csv" "$fixtures/twarc2/flat.jsonl" "$fixtures/twarc2/kpop.jsonl"
  "$fixtures/twarc2/users.jsonl" "$work/camps.csv")
"$attache" convert "$fixtures/twarc-csv/kpop.csv" "$work/flat_a.jsonl" --to "$work/s1" 2>/dev/null
"$attache" convert "$work/flat_b.jsonl" "$fixtures/twarc2/kpop.jsonl" "$fixtures/twarc2/users.jsonl" \
  "$work/camps.csv" --to "$work/s2" 2>/dev/null

metrics=pagerank,influence_index,in_degree,out_degree,in_strength,out_strength,follows_in,reposts_in,quotes_in,replies_in,mentions_in
"$attache" score "${whole[@]}" --metrics "$metrics" --format csv \
  --kind-weights repost=2,mention=0.5 --weights reach=2 --save-settings "$work/analysis.json" \
  >"$work/cli.csv" 2>/dev/null
"$attache" groups "${whole[@]}" --settings "$work/analysis.json" --by camp --json \
  >"$work/cli_groups.json" 2>/dev/null
"$attache" inspect "${whole[@]}" --json >"$work/cli_inspect.json" 2>/dev/null

if ! SPARK_LOCAL_CORES=2 SPARK_DRIVER_MEMORY=1g spark/run.sh "$work/s1" "$work/s2" --output "$work/out" \
  --settings "$work/analysis.json" --group-by camp >"$work/spark.log" 2>&1; then
  cat "$work/spark.log" >&2
  echo "spark/test-parity.sh: the Spark job failed" >&2
  exit 1
fi
python3 spark/compare_parity.py "$work"

# Back from the cluster: the command line reads OUT/scores.parquet (Spark's part files) as
# the same table as OUT/scores.csv.
read_back=imported:pagerank,imported:influence_index,imported:in_degree,imported:reposts_in
"$attache" score "$work/out/scores.csv" --metrics "$read_back" --format csv >"$work/back_csv.csv"
"$attache" score "$work/out/scores.parquet" --metrics "$read_back" --format csv >"$work/back_parquet.csv"
if [[ $(wc -l <"$work/back_csv.csv") -lt 3 ]] || ! cmp -s "$work/back_csv.csv" "$work/back_parquet.csv"; then
  diff "$work/back_csv.csv" "$work/back_parquet.csv" | head -20 >&2
  echo "spark/test-parity.sh: scores.parquet does not read back as scores.csv does" >&2
  exit 1
fi
echo "scores.parquet reads back as scores.csv: $(($(wc -l <"$work/back_csv.csv") - 1)) accounts"

