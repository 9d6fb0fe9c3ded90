#!/usr/bin/env bash
# The benchmark. Two scenarios, each run in its own JVM(s), then one aggregation step that prints a markdown table
# with the issue's targets checked and writes JSON.
# scale (issue #8, the default): per scale, in one JVM each (so the peak memory is per scale), the floor (a bare
# scan of the input columns), the whole pipeline and DuckDB on the same generated input.
# daily (issue #14): a full run at day D/2, then one incremental run per day to day D in one JVM, with full reruns
# of a few checkpoint days into a separate output, timed and their output bytes counted.
#   scripts/bench.sh                                   # S = 50,000 creators x 90 days, 2S, 4S; 3 runs each
#   scripts/bench.sh --scales 2000,4000,8000 --days 30 --runs 1
#   scripts/bench.sh --scenario daily                  # 50,000 creators x 180 days: full at 90, daily 91..180
#   scripts/bench.sh --scenario daily --creators 2000 --days 40
#   scripts/bench.sh --scenario daily --formats parquet,iceberg   # both formats, in turn every day (issue #15)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

SCENARIO=scale
SCALES=50000,100000,200000
CREATORS_DAILY=50000
DAYS=""
RUNS=3
FULL_DAY=""
CHECKPOINTS=""
FORMATS=parquet
MASTER='local[2]'
XMX=2g
DATA="$ROOT/target/bench-data"
OUT="$ROOT/target/bench"
EVENT_LOG=""
DIRTY_RATE=0.01
SEED=42

usage() {
  cat <<EOF
usage: scripts/bench.sh [--scenario scale|daily] [--days D] [--master M] [--xmx SIZE] [--data DIR] [--out DIR]
                        [--event-log] [--scales A,B,C] [--runs N] [--creators S] [--full-day F] [--checkpoints A,B]
                        [--formats parquet,iceberg]
  --scenario   scale (default): floor, pipeline and DuckDB per scale; daily: incremental runs against full reruns
  --days       days of snapshots per dataset (default 90 for scale, 180 for daily)
scale only:
  --scales     creators per scale, smallest first (default $SCALES); the targets compare the first and the last
  --runs       runs per scale; the table shows medians (default $RUNS)
daily only:
  --creators   creators (default $CREATORS_DAILY)
  --full-day   day of the first, full run (default D/2); then one incremental run per day to D
  --checkpoints days that also get a full rerun (default D/2+1, then every third of the rest: 91,120,150,180;
               day D always)
  --formats    output formats (default $FORMATS); with parquet,iceberg each day runs in both formats in turn,
               each on its own outputs, and the report compares them day by day
both:
  --master     Spark master (default $MASTER); DuckDB gets the same number of threads
  --xmx        heap of each measuring JVM, i.e. spark.driver.memory in local mode (default $XMX)
  --data       where generated datasets are cached and reused (default target/bench-data)
  --out        results (default target/bench): scale: scale-cN-dD.json and .log per scale, bench.json, bench.md;
               daily: daily-cS-dD[-FORMAT].json, daily-cS-dD.log, bench-daily[-FORMAT].json and .md, and
               bench-daily-formats.json and .md when both formats ran
  --event-log  also write Spark event logs to OUT/events (for the Spark history server)
Datasets: the project's generator, seed $SEED, dirty rate $DIRTY_RATE, generated once and cached, not timed; flat
layout for scale, hive (a folder per day, delivered day by day) for daily, its last day before today.
EOF
}

ONLY_SCALE=""
ONLY_DAILY=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scenario) SCENARIO="$2"; shift 2 ;;
    --scales) SCALES="$2"; ONLY_SCALE="$1"; shift 2 ;;
    --days) DAYS="$2"; shift 2 ;;
    --runs) RUNS="$2"; ONLY_SCALE="$1"; shift 2 ;;
    --creators) CREATORS_DAILY="$2"; ONLY_DAILY="$1"; shift 2 ;;
    --full-day) FULL_DAY="$2"; ONLY_DAILY="$1"; shift 2 ;;
    --checkpoints) CHECKPOINTS="$2"; ONLY_DAILY="$1"; shift 2 ;;
    --formats) FORMATS="$2"; ONLY_DAILY="$1"; shift 2 ;;
    --master) MASTER="$2"; shift 2 ;;
    --xmx) XMX="$2"; shift 2 ;;
    --data) DATA="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --event-log) EVENT_LOG="--event-log"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$SCENARIO" in
  scale) [[ -z "$ONLY_DAILY" ]] || { echo "error: $ONLY_DAILY is for --scenario daily" >&2; exit 2; }
    DAYS="${DAYS:-90}" ;;
  daily) [[ -z "$ONLY_SCALE" ]] || { echo "error: $ONLY_SCALE is for --scenario scale" >&2; exit 2; }
    DAYS="${DAYS:-180}" ;;
  *) echo "error: --scenario must be scale or daily, got '$SCENARIO'" >&2; exit 2 ;;
esac
[[ "$SCALES" =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "error: --scales must be numbers separated by commas" >&2; exit 2; }
[[ "$CREATORS_DAILY" =~ ^[0-9]+$ ]] || { echo "error: --creators must be a number" >&2; exit 2; }
[[ -z "$CHECKPOINTS" || "$CHECKPOINTS" =~ ^[0-9]+(,[0-9]+)*$ ]] \
  || { echo "error: --checkpoints must be day numbers separated by commas" >&2; exit 2; }
[[ "$FORMATS" =~ ^(parquet|iceberg)(,(parquet|iceberg))?$ ]] \
  || { echo "error: --formats must be parquet, iceberg or both separated by a comma, got '$FORMATS'" >&2; exit 2; }
mkdir -p "$DATA" "$OUT"
DATA="$(cd "$DATA" && pwd)"
OUT="$(cd "$OUT" && pwd)"

echo "bench: building (test-compile and the test classpath) ..." >&2
CP_FILE="$ROOT/target/bench-classpath.txt"
(cd "$ROOT" && mvn -q -B test-compile dependency:build-classpath \
    -Dmdep.outputFile="$CP_FILE" -DincludeScope=test) >&2
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$CP_FILE")"
JAVA=(java @"$ROOT/scripts/jvm.options" -XX:+ExitOnOutOfMemoryError)
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

# Generates a dataset once into DATA (creators, layout, extra generator arguments); sets $dataset to its folder.
generated() {
  local n="$1" layout="$2" suffix=""
  shift 2
  [[ $layout == flat ]] || suffix="-$layout"
  dataset="$DATA/c$n-d$DAYS-seed$SEED-dirty$DIRTY_RATE$suffix"
  if [[ ! -f "$dataset/_COMPLETE" ]]; then
    echo "bench: generating $n creators x $DAYS days ($layout) into $dataset (once; not timed) ..." >&2
    rm -rf "$dataset" "$dataset.tmp"
    "${JAVA[@]}" "-Xmx${GENERATE_XMX:-4g}" -cp "$CP" io.creatorscope.cli.Main generate --output "$dataset.tmp" \
      --creators "$n" --days "$DAYS" --seed "$SEED" --dirty-rate "$DIRTY_RATE" --layout "$layout" "$@" \
      > "$OUT/generate-c$n-d$DAYS$suffix.log" 2>&1 \
      || { echo "error: generating $n creators failed; see $OUT/generate-c$n-d$DAYS$suffix.log" >&2; exit 1; }
    mv "$dataset.tmp" "$dataset"
    touch "$dataset/_COMPLETE"
  fi
}

if [[ "$SCENARIO" == daily ]]; then
  n="$CREATORS_DAILY"
  # Ingest quarantines days after the day of the run, so the generated days end before today.
  generated "$n" hive --start "$(date -u -d "-$((DAYS + 1)) days" +%F)"
  log="$OUT/daily-c$n-d$DAYS.log"
  rm -f "$OUT/daily-c$n-d$DAYS.json" "$OUT/daily-c$n-d$DAYS-iceberg.json"
  echo "bench: daily scenario, $n creators x $DAYS days, formats $FORMATS, -Xmx$XMX, master $MASTER (log: $log)" >&2
  set +e
  "${JAVA[@]}" "-Xmx$XMX" -cp "$CP" io.creatorscope.bench.BenchDaily --input "$dataset" --creators "$n" \
    --days "$DAYS" ${FULL_DAY:+--full-day "$FULL_DAY"} ${CHECKPOINTS:+--checkpoints "$CHECKPOINTS"} \
    --formats "$FORMATS" --master "$MASTER" --xmx "$XMX" --out "$OUT" $EVENT_LOG 2>&1 | tee "$log" \
    | grep --line-buffered '^bench:'
  status=${PIPESTATUS[0]}
  set -e
  [[ $status -eq 0 ]] || echo "bench: daily scenario FAILED (exit code $status); see $log" >&2
  "${JAVA[@]}" -Xmx512m -cp "$CP" io.creatorscope.bench.DailyReport --out "$OUT" --creators "$n" --days "$DAYS" \
    --formats "$FORMATS"
  exit "$status"
fi

IFS=',' read -r -a CREATORS <<< "$SCALES"
for n in "${CREATORS[@]}"; do
  generated "$n" flat
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
