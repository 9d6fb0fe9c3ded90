#!/usr/bin/env bash
# The benchmark of issue #8: per scale, in one JVM each (so the peak memory is per scale), the floor (a bare scan
# of the input columns), the whole pipeline and DuckDB on the same generated input; then one aggregation step that
# prints a markdown table with the issue's targets checked and writes JSON.
#   scripts/bench.sh                                   # S = 50,000 creators x 90 days, 2S, 4S; 3 runs each
#   scripts/bench.sh --scales 2000,4000,8000 --days 30 --runs 1
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

SCALES=50000,100000,200000
DAYS=90
RUNS=3
MASTER='local[2]'
XMX=2g
DATA="$ROOT/target/bench-data"
OUT="$ROOT/target/bench"
EVENT_LOG=""
DIRTY_RATE=0.01
SEED=42

usage() {
  cat <<EOF
usage: scripts/bench.sh [--scales A,B,C] [--days D] [--runs N] [--master M] [--xmx SIZE] [--data DIR] [--out DIR]
                        [--event-log]
  --scales     creators per scale, smallest first (default $SCALES); the targets compare the first and the last
  --days       days of snapshots per dataset (default $DAYS)
  --runs       runs per scale; the table shows medians (default $RUNS)
  --master     Spark master (default $MASTER); DuckDB gets the same number of threads
  --xmx        heap of each scale's JVM, i.e. spark.driver.memory in local mode (default $XMX)
  --data       where generated datasets are cached and reused (default target/bench-data)
  --out        results: scale-cN-dD.json and .log per scale, bench.json, bench.md (default target/bench)
  --event-log  also write Spark event logs to OUT/events (for the Spark history server)
Datasets: the project's generator, flat layout, seed $SEED, dirty rate $DIRTY_RATE; generated once, not timed.
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --scales) SCALES="$2"; shift 2 ;;
    --days) DAYS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --master) MASTER="$2"; shift 2 ;;
    --xmx) XMX="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --event-log) EVENT_LOG="--event-log"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$SCALES" =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "error: --scales must be numbers separated by commas" >&2; exit 2; }
mkdir -p "$DATA" "$OUT"
DATA="$(cd "$DATA" && pwd)"
OUT="$(cd "$OUT" && pwd)"

echo "bench: building (test-compile and the test classpath) ..." >&2
CP_FILE="$ROOT/target/bench-classpath.txt"
(cd "$ROOT" && mvn -q -B test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test) >&2
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$CP_FILE")"
JAVA=(java @"$ROOT/scripts/jvm.options" -XX:+ExitOnOutOfMemoryError)
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

IFS=',' read -r -a CREATORS <<< "$SCALES"
for n in "${CREATORS[@]}"; do
  dataset="$DATA/c$n-d$DAYS-seed$SEED-dirty$DIRTY_RATE"
  if [[ ! -f "$dataset/_COMPLETE" ]]; then
    echo "bench: generating $n creators x $DAYS days into $dataset (once; not timed) ..." >&2
    rm -rf "$dataset" "$dataset.tmp"
    "${JAVA[@]}" "-Xmx${GENERATE_XMX:-4g}" -cp "$CP" io.creatorscope.cli.Main generate --output "$dataset.tmp" \
      --creators "$n" --days "$DAYS" --seed "$SEED" --dirty-rate "$DIRTY_RATE" --layout flat > "$OUT/generate-c$n-d$DAYS.log" 2>&1 \
      || { echo "error: generating $n creators failed; see $OUT/generate-c$n-d$DAYS.log" >&2; exit 1; }
    mv "$dataset.tmp" "$dataset"
    touch "$dataset/_COMPLETE"
  fi

  result="$OUT/scale-c$n-d$DAYS.json"
  log="$OUT/scale-c$n-d$DAYS.log"
  rm -f "$result"
  echo "bench: $n creators x $DAYS days, $RUNS run(s), -Xmx$XMX, master $MASTER (log: $log)" >&2
  set +e
  "${JAVA[@]}" "-Xmx$XMX" -cp "$CP" io.creatorscope.bench.BenchScale --input "$dataset" --creators "$n" \
    --days "$DAYS" --runs "$RUNS" --master "$MASTER" --xmx "$XMX" --out "$OUT" $EVENT_LOG 2>&1 \
    | tee "$log" | grep --line-buffered '^bench:'
  status=${PIPESTATUS[0]}
  set -e
  if [[ $status -ne 0 || ! -f "$result" ]]; then
    echo "bench: $n creators FAILED (exit code $status); see $log" >&2
    printf '{"creators": %d, "days": %d, "xmx": "%s", "master": "%s", "failed": true, "exitCode": %d}\n' \
      "$n" "$DAYS" "$XMX" "$MASTER" "$status" > "$result"
  fi
done

"${JAVA[@]}" -Xmx512m -cp "$CP" io.creatorscope.bench.BenchReport --out "$OUT" --scales "$SCALES" --days "$DAYS"
