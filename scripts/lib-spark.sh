# shellcheck shell=bash
# Sourced by submit.sh and local-cluster.sh: which Spark to use and how to start one of its classes.
# SPARK_HOME is the caller's (a Spark 3.5 distribution) or, unset, target/spark-home: the Spark jars Maven
# resolved for the build, copied into jars/ (pom.xml, execution "spark-home"). That one has no bin/ folder, so
# Spark's own launcher library builds the java command line, as bin/spark-class does in a distribution.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Prints the calling script's header comment (its usage).
usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

die() {
  echo "error: $*" >&2
  exit 2
}

# Exports SPARK_HOME, making the Maven one first when it is needed and missing.
use_spark_home() {
  if [[ -z "${SPARK_HOME:-}" ]]; then
    SPARK_HOME="$ROOT/target/spark-home"
    if ! compgen -G "$SPARK_HOME/jars/spark-core_*.jar" > /dev/null; then
      echo "copying the Maven-resolved Spark jars into $SPARK_HOME/jars ..." >&2
      (cd "$ROOT" && mvn -q -B dependency:copy-dependencies@spark-home) >&2
    fi
  fi
  [[ -d "$SPARK_HOME/jars" ]] || die "SPARK_HOME=$SPARK_HOME has no jars/ folder"
  export SPARK_HOME
  if [[ ! -x "$SPARK_HOME/bin/spark-class" ]]; then
    # A distribution's scripts set this; without it Spark's launcher, and so every executor a worker starts,
    # fails with "Cannot find any build directories".
    export SPARK_SCALA_VERSION=2.12
  fi
}

# Replaces this shell with a Spark main class (SparkSubmit, Master, Worker) and its arguments, like
# bin/spark-class: the launcher adds the driver memory, the extraJavaOptions and the --add-opens Java 17 needs.
spark_class() {
  if [[ -x "$SPARK_HOME/bin/spark-class" ]]; then
    exec "$SPARK_HOME/bin/spark-class" "$@"
  fi
  local java="java" part
  [[ -n "${JAVA_HOME:-}" ]] && java="$JAVA_HOME/bin/java"
  local cmd=() delimiter=$'\n' in_command=false
  # The launcher prints its messages, a line holding only a NUL, then the command NUL-separated; the launcher's
  # exit code is appended as a last field. (Bash drops the NUL, so the marker reads as an empty line.)
  while IFS= read -r -d "$delimiter" part; do
    if $in_command; then
      cmd+=("$part")
    elif [[ -z "$part" ]]; then
      delimiter='' in_command=true
    else
      echo "$part" >&2
    fi
  done < <("$java" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@"; printf '%d\0' $?)
  local last=$((${#cmd[@]} - 1))
  if ((last < 1)) || [[ "${cmd[$last]}" != 0 ]]; then
    die "Spark's launcher could not build the command for $1"
  fi
  unset "cmd[$last]"
  exec "${cmd[@]}"
}
