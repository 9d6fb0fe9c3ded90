#!/usr/bin/env bash
# Submits a creatorscope command to a Spark cluster through spark-submit.
#   scripts/submit.sh [--local-cluster] [--jar JAR] [spark-submit options] -- SUBCOMMAND [arguments]
# Everything before "--" goes to spark-submit (--master, --deploy-mode, --conf, --executor-memory, ...), the rest
# is the creatorscope command line, the same as for scripts/creatorscope. Added: --class, and
# -Duser.timezone=UTC in the driver's and executors' extraJavaOptions (appended to the ones you pass with --conf
# or --driver-java-options; pass your cluster's defaults again, a --conf replaces spark-defaults.conf).
#   --local-cluster  submit to scripts/local-cluster.sh's cluster ($CREATORSCOPE_CLUSTER_DIR, default
#                    target/local-cluster): its master URL, its secret (read from its mode-600 properties file,
#                    never on a command line) and a driver bound to 127.0.0.1.
#   --jar JAR        the application jar, a path or a URI such as local:///opt/creatorscope.jar (default
#                    target/creatorscope.jar, built when missing or older than the sources).
# Iceberg's Spark runtime jar that Maven resolved is added with --jars, so it reaches the driver and the executors
# (--format iceberg writes with it; readers follow an output's format), unless the options already name an Iceberg
# jar or package (e.g. --packages org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.10.1).
# Spark: $SPARK_HOME/bin/spark-submit of a Spark 3.5 distribution (needed for YARN and Kubernetes); with
# SPARK_HOME unset, the Maven-resolved Spark jars in target/spark-home (standalone and local masters).
set -euo pipefail
# shellcheck source=lib-spark.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-spark.sh"

TIMEZONE_OPTION=-Duser.timezone=UTC

# True when the jar is missing or a source is newer than it.
needs_build() {
  [[ ! -f "$1" ]] && return 0
  [[ -n "$(find "$ROOT/pom.xml" "$ROOT/jobs/src/main" "$ROOT/schemas" -newer "$1" -type f -print -quit)" ]]
}

jar=""
local_cluster=false
submit_options=()
command_line=()
while (($#)); do
  case "$1" in
    --)
      shift
      command_line=("$@")
      break
      ;;
    --local-cluster) local_cluster=true ;;
    --jar)
      (($# > 1)) || die "--jar needs a path or URI"
      jar="$2"
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) submit_options+=("$1") ;;
  esac
  shift
done
((${#command_line[@]})) || {
  usage >&2
  exit 2
}

# The user's own JVM options for the driver and the executors are kept, with the time zone appended.
driver_java="$TIMEZONE_OPTION"
executor_java="$TIMEZONE_OPTION"
passed=()
for ((i = 0; i < ${#submit_options[@]}; i++)); do
  option="${submit_options[$i]}"
  case "$option" in
    --conf | -c | --driver-java-options)
      value="${submit_options[$((i + 1))]:-}"
      i=$((i + 1))
      ;;
    --conf=* | --driver-java-options=*)
      value="${option#*=}"
      option="${option%%=*}"
      ;;
    *)
      passed+=("$option")
      continue
      ;;
  esac
  case "$option $value" in
    "--driver-java-options "*) driver_java="$value $driver_java" ;;
    *" spark.driver.extraJavaOptions="*) driver_java="${value#*=} $driver_java" ;;
    *" spark.executor.extraJavaOptions="*) executor_java="${value#*=} $executor_java" ;;
    *) passed+=("$option" "$value") ;;
  esac
done

cluster_options=()
if $local_cluster; then
  dir="${CREATORSCOPE_CLUSTER_DIR:-$ROOT/target/local-cluster}"
  [[ -f "$dir/master-url" && -f "$dir/spark.properties" ]] \
    || die "no local cluster runs from $dir; start one with scripts/local-cluster.sh start"
  cluster_options=(--master "$(cat "$dir/master-url")" --properties-file "$dir/spark.properties"
    --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1)
  export SPARK_LOCAL_IP=127.0.0.1
fi

if [[ -z "$jar" ]]; then
  jar="$ROOT/target/creatorscope.jar"
  if needs_build "$jar"; then
    echo "building $jar ..." >&2
    (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
  fi
fi
# A URI (hdfs://, s3a://, local:///) is for the cluster to resolve; a plain path must exist here.
[[ "$jar" == *:* || -f "$jar" ]] || die "no application jar at $jar"

# The Iceberg runtime jar of the build (see the header), found in the compile classpath Maven lists.
iceberg_jars=()
if [[ " ${submit_options[*]-} " != *iceberg* ]]; then
  cp_file="$ROOT/target/classpath.txt"
  if [[ ! -f "$cp_file" ]]; then
    (cd "$ROOT" && mvn -q -B dependency:build-classpath@run-classpath) >&2
  fi
  iceberg_jar="$(tr ':' '\n' < "$cp_file" | grep '/iceberg-spark-runtime-' | head -1 || true)"
  [[ -n "$iceberg_jar" ]] && iceberg_jars=(--jars "$iceberg_jar")
fi

use_spark_home
spark_class org.apache.spark.deploy.SparkSubmit --class io.creatorscope.cli.Main \
  ${cluster_options[@]+"${cluster_options[@]}"} \
  --conf "spark.driver.extraJavaOptions=$driver_java" \
  --conf "spark.executor.extraJavaOptions=$executor_java" \
  ${iceberg_jars[@]+"${iceberg_jars[@]}"} ${passed[@]+"${passed[@]}"} "$jar" "${command_line[@]}"
