#!/usr/bin/env bash
# Runs spark/attache_spark.py on shard directories written by `attache convert`.
#
#   spark/run.sh SHARD_DIR... --output OUT [--master URL] [JOB OPTIONS...]
#   spark/run.sh --install-only
#
# Local mode (all cores of this machine) by default: installs what is missing first,
# idempotently: a JDK 17+ (Debian's openjdk-17-jdk-headless when there is no `java`) and
# PySpark (the version pinned below, from PyPI) in the project's virtual environment
# .venv-spark/. With --master URL (spark://..., yarn, k8s://...) the job is submitted to
# that cluster with the installed spark-submit; the cluster needs Spark 4 and Python 3.10+.
# --conf KEY=VALUE (repeatable) goes to spark-submit.
# Other options go to the job (--settings FILE, --group-by ATTRIBUTE, --top-edges N,
# --checkpoint-dir DIR): see `spark/attache_spark.py --help` and docs/SCALE.md.
#
# Environment: SPARK_DRIVER_MEMORY (local mode, default 4g), SPARK_LOCAL_CORES (default
# every core), ATTACHE_SPARK_VENV (default .venv-spark at the top of the project).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
PYSPARK_VERSION=4.3.0
venv="${ATTACHE_SPARK_VENV:-$root/.venv-spark}"

say() { printf '==> %s\n' "$*" >&2; }

java_major() {
  # `openjdk version "17.0.15" ...` (or "1.8.0_x" for Java 8): the major version.
  java -version 2>&1 | sed -n 's/.*version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n 1
}

install_java() {
  if command -v java >/dev/null 2>&1 && (($(java_major || echo 0) >= 17)); then
    return
  fi
  say "installing Debian's openjdk-17-jdk-headless (Spark 4 needs Java 17 or later)"
  local sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless
}

install_pyspark() {
  if [[ -x "$venv/bin/python" ]] &&
    [[ "$("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)' 2>/dev/null || true)" == "$PYSPARK_VERSION" ]]; then
    return
  fi
  say "installing pyspark $PYSPARK_VERSION into $venv (about 500 MB, once)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --disable-pip-version-check -q "pyspark==$PYSPARK_VERSION"
}

install() {
  install_java
  install_pyspark
}

if [[ "${1:-}" == "--install-only" ]]; then
  install
  exit 0
fi

master=""
args=()
confs=()
while (($#)); do
  case "$1" in
    --conf)
      confs+=(--conf "${2:?--conf needs KEY=VALUE}")
      shift 2
      ;;
    --master)
      master="${2:?--master needs a URL}"
      shift 2
      ;;
    --master=*)
      master="${1#--master=}"
      shift
      ;;
    *)
      args+=("$1")
      shift
      ;;
  esac
done
if ((${#args[@]} == 0)); then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

install
export PYSPARK_PYTHON="$venv/bin/python"
export PYSPARK_DRIVER_PYTHON="$venv/bin/python"
submit=("$venv/bin/spark-submit")
if [[ -z "$master" ]]; then
  cores="${SPARK_LOCAL_CORES:-$(nproc)}"
  submit+=(
    --master "local[$cores]"
    --driver-memory "${SPARK_DRIVER_MEMORY:-4g}"
    # A few partitions per core: the default 200 is meant for clusters and makes every
    # PageRank iteration on one machine pay for 200 tiny tasks.
    --conf "spark.sql.shuffle.partitions=$((cores * 2))"
    --conf spark.ui.enabled=false
  )
else
  submit+=(--master "$master")
fi
# Quiet log4j: Spark's INFO lines would drown the job's own messages.
submit+=(
  --conf "spark.driver.extraJavaOptions=-Dlog4j2.level=warn"
  --conf spark.cleaner.referenceTracking.cleanCheckpoints=true
)
exec "${submit[@]}" "${confs[@]}" "$here/attache_spark.py" "${args[@]}"
