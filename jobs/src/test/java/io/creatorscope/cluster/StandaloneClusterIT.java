package io.creatorscope.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.Tables;
import io.creatorscope.testing.OutputTrees;
import io.creatorscope.testing.SampleRun;
import io.creatorscope.testing.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a real Spark standalone cluster: {@code scripts/local-cluster.sh} starts a master and a worker,
 * {@code scripts/submit.sh} submits the application jar with spark-submit (the driver in its own JVM), and an
 * executor JVM started by the worker does the work. Its tables must equal those of a local run on the same input
 * ({@link SampleRun}). The cluster is stopped after the class, whatever happened.
 */
class StandaloneClusterIT extends SparkTestBase {
  private static final Path CLUSTER_DIR = Path.of("target", "local-cluster-test").toAbsolutePath();
  private static final Path JAR = Path.of("target", "creatorscope.jar").toAbsolutePath();
  private static final long SUBMIT_TIMEOUT_MINUTES = 6;
  private static final String SHORT_RUN_JVM = "-XX:TieredStopAtLevel=1";
  /** C1 alone gets a 48 MB code cache, which Spark fills: the JIT would switch itself off. */
  private static final String CODE_CACHE = "-XX:ReservedCodeCacheSize=240m";
  /** The collector the launcher gives a short run (scripts/creatorscope, where it is measured). */
  private static final String SERIAL_GC = "-XX:+UseSerialGC";

  @TempDir static Path tmp;

  @BeforeAll
  static void startCluster() throws Exception {
    run(tmp.resolve("stop-leftover.log"), 1, "scripts/local-cluster.sh", "stop");
    long began = System.nanoTime();
    Result started = run(tmp.resolve("start.log"), 2, "scripts/local-cluster.sh", "start");
    assertEquals(0, started.exitCode(), "local-cluster.sh start:\n" + started.output());
    printElapsed("cluster start", began);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    Result stopped = run(tmp.resolve("stop.log"), 1, "scripts/local-cluster.sh", "stop");
    assertEquals(0, stopped.exitCode(), "local-cluster.sh stop:\n" + stopped.output());
    Result status = run(tmp.resolve("status.log"), 1, "scripts/local-cluster.sh", "status");
    assertEquals(3, status.exitCode(), "nothing runs after stop:\n" + status.output());
  }

  @Test
  void pipelineSubmittedToTheClusterEqualsALocalRun() throws Exception {
    assertTrue(Files.isRegularFile(JAR), "the application jar is built before the tests: " + JAR);
    Path secretFile = CLUSTER_DIR.resolve("spark.properties");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)));
    String master = Files.readString(CLUSTER_DIR.resolve("master-url")).trim();
    assertTrue(master.startsWith("spark://127.0.0.1:"), master);

    String clusterOut = tmp.resolve("cluster-out").toString();
    Path submitLog = tmp.resolve("submit.log");
    Process submit = submit(submitLog, "pipeline", clusterOut);
    long began = System.nanoTime();
    String localOut;
    Result submitted;
    try {
      // The local reference run happens in this JVM while the cluster's JVMs work.
      localOut = SampleRun.output();
      printElapsed("local run (or the shared one made earlier)", began);
      submitted = await(submit, submitLog, SUBMIT_TIMEOUT_MINUTES);
      printElapsed("submitted pipeline on the cluster", began);
    } finally {
      kill(submit);
    }
    assertFinished(submitted);

    assertExecutorsDidTheWork(secret(secretFile));
    began = System.nanoTime();
    OutputTrees.assertSameTables(spark, localOut, clusterOut, SampleRun.AS_OF);
    printElapsed("comparison of the tables", began);
  }

  /**
   * In Iceberg mode the runtime jar must reach the driver and the executors (submit.sh adds it with --jars) and the
   * Hadoop catalog must work from executors: the ingest job's tables, written by executors and committed by the
   * driver (posts merged by key, snapshot days overwritten, the batch's quarantine and accounting), hold the rows of
   * the local Parquet run. The ingest alone, not the pipeline: the derived tables go through the same writer and
   * commit, in Parquet on this cluster (the test above) and in Iceberg locally (IcebergPipelineIT), and a second
   * pipeline on the cluster cost a minute and a half of the suite.
   */
  @Test
  void icebergIngestSubmittedToTheClusterHoldsTheRowsOfALocalRun() throws Exception {
    String clusterOut = tmp.resolve("cluster-iceberg-out").toString();
    Path submitLog = tmp.resolve("submit-iceberg.log");
    Process submit = submit(submitLog, "ingest", clusterOut, "--format", "iceberg");
    String localOut;
    Result submitted;
    try {
      localOut = SampleRun.output();
      submitted = await(submit, submitLog, SUBMIT_TIMEOUT_MINUTES);
    } finally {
      kill(submit);
    }
    assertEquals(0, submitted.exitCode(), "submit.sh ingest:\n" + submitted.output());
    assertTrue(submitted.output().contains("ingest " + SampleRun.AS_OF + " done"), submitted.output());
    assertTrue(Files.isDirectory(Path.of(clusterOut, "creatorscope", Tables.CURATED_POSTS, "metadata")),
        "Iceberg tables under the output");
    for (String table : List.of(Tables.CURATED_PROFILES, Tables.CURATED_POSTS, Tables.CURATED_AUDIENCES,
        Tables.QUARANTINE, Tables.INGEST_ACCOUNTING)) {
      Dataset<Row> expected = OutputTrees.rowsAsOf(spark, localOut, table, SampleRun.AS_OF);
      Dataset<Row> actual = OutputTrees.rowsAsOf(spark, clusterOut, table, SampleRun.AS_OF);
      assertTrue(expected.count() > 0, table + " is empty in the local run");
      assertEquals(expected.count(), actual.count(), table);
      OutputTrees.assertSameRows(table, OutputTrees.roundDoubles(expected), OutputTrees.roundDoubles(actual));
    }
  }

  /** Submits a command on the sample to the local cluster with small-run settings. */
  private static Process submit(Path log, String creatorscopeCommand, String out, String... options) throws IOException {
    List<String> command = new ArrayList<>(List.of("scripts/submit.sh", "--local-cluster", "--jar", JAR.toString(),
        "--conf", "spark.executor.cores=2", "--conf", "spark.executor.memory=1g",
        "--conf", "spark.sql.shuffle.partitions=4", "--conf", "spark.ui.enabled=false",
        // The launcher's setting for small inputs: adaptive execution runs each shuffle stage as a job of its own.
        "--conf", "spark.sql.adaptive.enabled=false",
        // A short run on little data: the C2 compiler costs more CPU than it saves (measured: 2.5x faster).
        "--driver-java-options", SHORT_RUN_JVM + " " + CODE_CACHE + " " + SERIAL_GC,
        "--conf", "spark.executor.extraJavaOptions=" + SHORT_RUN_JVM + " " + CODE_CACHE + " " + SERIAL_GC,
        "--", creatorscopeCommand, "--input", "data-samples", "--output", out));
    command.addAll(List.of(options));
    return start(log, command.toArray(String[]::new));
  }

  private static void assertFinished(Result submitted) {
    assertEquals(0, submitted.exitCode(), "submit.sh pipeline:\n" + submitted.output());
    assertTrue(submitted.output().contains("pipeline as of " + SampleRun.AS_OF + " finished"), submitted.output());
  }

  /**
   * Executor logs under the worker's work dir: executor JVMs ran tasks, with the JVM options submit.sh merged, and
   * none got the secret as an argument.
   */
  private static void assertExecutorsDidTheWork(String secret) throws IOException {
    List<Path> executorLogs;
    try (Stream<Path> files = Files.walk(CLUSTER_DIR.resolve("work"))) {
      executorLogs = files.filter(p -> p.getFileName().toString().equals("stderr")).toList();
    }
    assertFalse(executorLogs.isEmpty(), "no executor log under " + CLUSTER_DIR.resolve("work"));
    int executorsWithTasks = 0;
    for (Path log : executorLogs) {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(text.contains("CoarseGrainedExecutorBackend"), log + " is an executor JVM's log");
      assertFalse(text.contains(secret), log + " shows the cluster secret");
      String command = text.lines().findFirst().orElse("");
      assertTrue(command.contains("-Duser.timezone=UTC") && command.contains(SHORT_RUN_JVM),
          "submit.sh's and the test's executor JVM options: " + command);
      executorsWithTasks += text.contains("Finished task") ? 1 : 0;
    }
    assertTrue(executorsWithTasks >= 1, "no executor finished a task: " + executorLogs);
  }

  private static String secret(Path propertiesFile) throws IOException {
    return Files.readAllLines(propertiesFile).stream()
        .filter(line -> line.startsWith("spark.authenticate.secret="))
        .map(line -> line.substring(line.indexOf('=') + 1))
        .findFirst().orElseThrow();
  }

  private static void printElapsed(String what, long beganNanos) {
    System.out.printf("%s: %.1f s%n", what, (System.nanoTime() - beganNanos) / 1e9);
  }

  private record Result(int exitCode, String output) {}

  /** Runs a project script to its end (see {@link #start}). */
  private static Result run(Path log, long timeoutMinutes, String... command) throws Exception {
    return await(start(log, command), log, timeoutMinutes);
  }

  /**
   * Starts a project script with the cluster's working dir and the Maven-made Spark (never a SPARK_HOME of the
   * environment), its output going to {@code log}.
   */
  private static Process start(Path log, String... command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("CREATORSCOPE_CLUSTER_DIR", CLUSTER_DIR.toString());
    builder.environment().remove("SPARK_HOME");
    return builder.start();
  }

  /** Waits for a script; kills it and its children when it outlasts the timeout. */
  private static Result await(Process process, Path log, long timeoutMinutes) throws Exception {
    if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      kill(process);
      return new Result(-1, "timed out after " + timeoutMinutes + " min\n" + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log));
  }

  /** Ends a script this test started, and its children, when it still runs. */
  private static void kill(Process process) throws InterruptedException {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
  }
}
