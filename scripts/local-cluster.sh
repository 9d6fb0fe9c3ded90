#!/usr/bin/env bash
# A real Spark standalone cluster on this machine (one master, one worker; executors in their own JVMs), made of
# $SPARK_HOME or, unset, the Maven-resolved Spark jars (see lib-spark.sh).
#   scripts/local-cluster.sh start|stop|status
# Everything binds to 127.0.0.1 only. spark.authenticate is on, with a secret generated at each start and kept
# in the working directory (mode 600), so only the local user who reads it can run code on the cluster.
# Working directory: $CREATORSCOPE_CLUSTER_DIR (default target/local-cluster) holds spark.properties (the
# secret), master-url, the PID files, logs/ and the worker's work/ (executor logs). Settings (environment):
#   CREATORSCOPE_CLUSTER_CORES (2), CREATORSCOPE_CLUSTER_MEMORY (2g): what the worker offers to executors;
#   CREATORSCOPE_CLUSTER_PORT, CREATORSCOPE_CLUSTER_UI_PORT: master ports (default 0: free ports, see status).
# Submit to it with: scripts/submit.sh --local-cluster -- SUBCOMMAND [arguments]
set -euo pipefail
# shellcheck source=lib-spark.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-spark.sh"

DIR="${CREATORSCOPE_CLUSTER_DIR:-$ROOT/target/local-cluster}"
CORES="${CREATORSCOPE_CLUSTER_CORES:-2}"
MEMORY="${CREATORSCOPE_CLUSTER_MEMORY:-2g}"
MASTER_PORT="${CREATORSCOPE_CLUSTER_PORT:-0}"
MASTER_UI_PORT="${CREATORSCOPE_CLUSTER_UI_PORT:-0}"
READY_SECONDS=60
MASTER_CLASS=org.apache.spark.deploy.master.Master
WORKER_CLASS=org.apache.spark.deploy.worker.Worker

# When a process started, as ps prints it; with the PID it tells that process apart from a later one reusing it.
started_at() {
  ps -o lstart= -p "$1" 2> /dev/null | tr -s ' ' | sed 's/^ //'
}

# Prints the PID recorded for a daemon if that very process still runs: same start time, same main class, and
# this working directory on its command line. Fails otherwise.
live_pid() {
  local name=$1 class=$2 pid started args
  [[ -f "$DIR/$name.pid" ]] || return 1
  read -r pid started < "$DIR/$name.pid"
  [[ -n "$pid" && "$(started_at "$pid")" == "$started" ]] || return 1
  args="$(ps -ww -o args= -p "$pid" 2> /dev/null)" || return 1
  [[ "$args" == *"$class"* && "$args" == *"$DIR/spark.properties"* ]] || return 1
  echo "$pid"
}

# Starts a Spark class in the background, detached from this shell's hang-up, output to logs/NAME.log.
launch() {
  local name=$1
  shift
  (
    trap '' HUP
    spark_class "$@"
  ) > "$DIR/logs/$name.log" 2>&1 < /dev/null &
  local pid=$!
  echo "$pid $(started_at "$pid")" > "$DIR/$name.pid"
}

# Waits until the daemon's log has a line matching the pattern; fails early when the daemon died.
wait_for_log() {
  local name=$1 pattern=$2 deadline=$((SECONDS + READY_SECONDS))
  until grep -q -- "$pattern" "$DIR/logs/$name.log" 2> /dev/null; do
    if ! kill -0 "$(cut -d' ' -f1 "$DIR/$name.pid")" 2> /dev/null; then
      tail -n 20 "$DIR/logs/$name.log" >&2
      die "the $name died while starting; log: $DIR/logs/$name.log"
    fi
    ((SECONDS < deadline)) || die "the $name was not ready after ${READY_SECONDS}s; log: $DIR/logs/$name.log"
    sleep 0.5
  done
}

write_secret() {
  local secret
  secret="$(openssl rand -hex 32 2> /dev/null || od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
  [[ ${#secret} -ge 64 ]] || die "cannot generate a secret"
  rm -f "$DIR/spark.properties"
  (
    umask 077
    cat > "$DIR/spark.properties" << EOF
# Written by scripts/local-cluster.sh start; read by the master, the worker and scripts/submit.sh --local-cluster.
spark.authenticate=true
spark.authenticate.secret=$secret
spark.master.rest.enabled=false
spark.ui.killEnabled=false
EOF
  )
}

start() {
  if live_pid master "$MASTER_CLASS" > /dev/null || live_pid worker "$WORKER_CLASS" > /dev/null; then
    die "a local cluster already runs from $DIR (scripts/local-cluster.sh status); stop it first"
  fi
  local began=$SECONDS
  use_spark_home
  mkdir -p "$DIR"
  chmod 700 "$DIR"
  rm -rf "$DIR/logs" "$DIR/work" "$DIR/master-url" "$DIR/master-ui"
  mkdir "$DIR/logs" "$DIR/work"
  write_secret
  # Loopback for every address Spark binds and advertises (master, worker, UIs, executors the worker starts).
  export SPARK_LOCAL_IP=127.0.0.1 SPARK_PUBLIC_DNS=127.0.0.1 SPARK_DAEMON_MEMORY=512m

  launch master "$MASTER_CLASS" --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_UI_PORT" \
    --properties-file "$DIR/spark.properties"
  wait_for_log master "I have been elected leader"
  local url ui
  url="$(grep -o 'Starting Spark master at spark://[0-9.:]*' "$DIR/logs/master.log" | head -n 1 | sed 's/.* at //')"
  ui="$(grep -o 'Bound MasterWebUI to .*started at http://[^ ]*' "$DIR/logs/master.log" | head -n 1 | sed 's/.* at //')"
  [[ -n "$url" ]] || die "no master URL in $DIR/logs/master.log"
  echo "$url" > "$DIR/master-url"
  echo "$ui" > "$DIR/master-ui"

  launch worker "$WORKER_CLASS" --host 127.0.0.1 --port 0 --webui-port 0 --cores "$CORES" --memory "$MEMORY" \
    --work-dir "$DIR/work" --properties-file "$DIR/spark.properties" "$url"
  wait_for_log worker "Successfully registered with master"
  echo "local cluster started in $((SECONDS - began)) s: master $url (UI $ui), 1 worker with $CORES cores and $MEMORY"
  echo "submit with: scripts/submit.sh --local-cluster -- SUBCOMMAND [arguments]"
}

# Ends one daemon if it is the process start recorded (TERM, then KILL after 20 s).
stop_daemon() {
  local name=$1 class=$2 pid
  if pid="$(live_pid "$name" "$class")"; then
    kill -TERM "$pid"
    local deadline=$((SECONDS + 20))
    while live_pid "$name" "$class" > /dev/null && ((SECONDS < deadline)); do
      sleep 0.5
    done
    if live_pid "$name" "$class" > /dev/null; then
      kill -KILL "$pid"
    fi
    echo "$name stopped (pid $pid)"
  elif [[ -f "$DIR/$name.pid" ]]; then
    echo "$name was not running"
  fi
  rm -f "$DIR/$name.pid"
}

stop() {
  # The worker first: it ends its executors on the way out.
  stop_daemon worker "$WORKER_CLASS"
  stop_daemon master "$MASTER_CLASS"
  rm -f "$DIR/spark.properties" "$DIR/master-url" "$DIR/master-ui"
}

# Prints what runs; exit 0 when master and worker both run, 3 otherwise.
status() {
  local running=0 pid
  if pid="$(live_pid master "$MASTER_CLASS")"; then
    echo "master  running, pid $pid, $(cat "$DIR/master-url"), UI $(cat "$DIR/master-ui")"
    running=$((running + 1))
  else
    echo "master  not running"
  fi
  if pid="$(live_pid worker "$WORKER_CLASS")"; then
    echo "worker  running, pid $pid, work dir $DIR/work"
    running=$((running + 1))
  else
    echo "worker  not running"
  fi
  if ((running > 0)) && command -v curl > /dev/null; then
    # The master's own view: alive workers, cores in use, applications.
    curl -sf --max-time 5 "$(cat "$DIR/master-ui")/json/" \
      | grep -E '^  "(status|aliveworkers|cores|coresused|memory|memoryused)" :' \
      | tr -d '", ' | tr '\n' ' ' | sed 's/:/=/g; s/^/master  /; s/ $/\n/' || true
  fi
  ((running == 2)) || return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  -h | --help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
