package io.creatorscope.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creatorscope.cli.Main;
import io.creatorscope.common.CommitPause;
import io.creatorscope.common.Tables;
import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.CommandJvm;
import io.creatorscope.testing.OutputTrees;
import io.creatorscope.testing.SampleRun;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline in Iceberg mode on the sample, run once for both tests: every table holds the rows the Parquet
 * run holds, the tables are Iceberg tables under the output (Hadoop catalog), and the manifest records each table's
 * snapshot. Then a rerun killed with SIGKILL between two of its table commits (in a JVM of its own, which pauses
 * there for the test), so that half the tables' main moved: the manifest stays as it was, readers started before
 * and after the kill read the previous run's rows, and the next run completes with
 * every table's main at the snapshot its manifest records and no run branch left. The killed run and its rerun are
 * `ingest` runs: a run of any job commits its tables and manifest through the same writer, and ingest's six tables
 * have a middle to be killed in at a third of a pipeline's cost. And a catalog the user configured (JDBC over
 * SQLite) in place of the default Hadoop catalog.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IcebergPipelineIT extends SparkTestBase {
  private static final String COUNTS = "SELECT (SELECT count(*) FROM creator_engagement) AS engagement, "
      + "(SELECT count(*) FROM curated_posts) AS posts, (SELECT sum(observations) FROM curated_posts) AS seen";

  /** The tables an ingest run commits. */
  private static final List<String> INGEST_TABLES = List.of(Tables.QUARANTINE, Tables.CURATED_PROFILES,
      Tables.CURATED_POSTS, Tables.CURATED_AUDIENCES, Tables.INGEST_ACCOUNTING, Tables.INGEST_LOG);

  @TempDir static Path dir;
  static Path out;

  @BeforeAll
  static void runOnTheSample() {
    out = dir.resolve("out");
    CliRun run = CliRun.of("pipeline", "--input", "data-samples", "--output", out.toString(), "--format", "iceberg");
    assertEquals(0, run.exitCode(), run.toString());
  }

  @Test
  @Order(1)
  void anIcebergRunAndAParquetRunOfTheSameInputHoldTheSameRows(@TempDir Path tmp) throws Exception {
    String parquet = SampleRun.output();
    String iceberg = out.toString();

    LocalDate asOf = SampleRun.AS_OF;
    JsonNode manifest = new ObjectMapper().readTree(
        Path.of(iceberg, "_manifests", "as_of_date=" + asOf + ".json").toFile());
    assertEquals("iceberg", manifest.path("format").path("name").asText(), manifest.toString());
    for (String table : Tables.OUTPUTS) {
      assertTrue(manifest.path("tables").path(table).has("snapshot_id"), table + " in " + manifest);
      assertTrue(Files.isDirectory(Path.of(iceberg, "creatorscope", table, "metadata")), table);
      assertFalse(Files.exists(Path.of(iceberg, table)), table + " is not a Parquet folder");
      Dataset<Row> expected = OutputTrees.rowsAsOf(spark, parquet, table, asOf).drop("ingested_at");
      assertTrue(expected.count() > 0 || table.equals(Tables.QUARANTINE), table + " is empty in the Parquet run");
      Dataset<Row> actual = OutputTrees.rowsAsOf(spark, iceberg, table, asOf);
      assertEquals(expected.count(), actual.count(), table);
      OutputTrees.assertSameRows(table, OutputTrees.roundDoubles(expected), OutputTrees.roundDoubles(actual));
    }

    // The readers print the same from both outputs.
    for (String[] command : new String[][] {
        {"discover", "--niche", "fitness,food", "--top", "5"},
        {"evaluate", "--as-of", asOf.toString(), "--labels", "data-samples/labels"},
        {"query", "SELECT niche, count(*) AS creators FROM discovery_ranking GROUP BY niche ORDER BY niche"},
        {"query", "--as-of", asOf.toString(), "SELECT count(*) AS posts FROM curated_posts"}}) {
      CliRun fromParquet = reader(command, parquet);
      CliRun fromIceberg = reader(command, iceberg);
      assertEquals(0, fromIceberg.exitCode(), fromIceberg.toString());
      assertEquals(fromParquet.out(), fromIceberg.out(), String.join(" ", command));
    }
    // And in a JVM of its own, as a user's query runs: no catalog this test JVM's sessions registered helps it.
    // Without SPARK_LOCAL_IP, Spark warns when the host name resolves to a loopback address (it does on the CI
    // machine): stdout must hold the rows only, the warning goes to stderr.
    String[] byNiche = {"query", "--output", iceberg,
        "SELECT niche, count(*) AS creators FROM discovery_ranking GROUP BY niche ORDER BY niche"};
    Path freshOut = tmp.resolve("fresh-query.txt");
    ProcessBuilder freshQuery = new ProcessBuilder(CommandJvm.command(List.of(), byNiche))
        .redirectOutput(freshOut.toFile()).redirectError(tmp.resolve("fresh-query.err").toFile());
    freshQuery.environment().remove("SPARK_LOCAL_IP");
    Process fresh = freshQuery.start();
    assertTrue(fresh.waitFor(3, TimeUnit.MINUTES), "query in a JVM of its own did not end");
    assertEquals(0, fresh.exitValue(), Files.readString(tmp.resolve("fresh-query.err")));
    assertEquals(reader(new String[] {byNiche[0], byNiche[3]}, parquet).out(), Files.readString(freshOut));
    Path html = tmp.resolve("report.html");
    CliRun report = CliRun.of("report", "--output", iceberg, "--out", html.toString());
    assertEquals(0, report.exitCode(), report.toString());
    assertTrue(Files.readString(html).contains("<svg"), "the report has its charts");
  }

  /** Runs last: it replaces the first run's snapshots. */
  @Test
  @Order(2)
  void aRunKilledWhileCommittingLeavesThePreviousSnapshotsAndTheNextRunCompletes(@TempDir Path tmp)
      throws Exception {
    String out = IcebergPipelineIT.out.toString();
    Path manifest = Path.of(out, "_manifests").resolve(Files.list(Path.of(out, "_manifests")).findFirst()
        .orElseThrow().getFileName());
    String recorded = Files.readString(manifest);
    String before = query(out);

    Path log = tmp.resolve("killed-run.log");
    int pauseAfter = INGEST_TABLES.size() / 2;
    // Spark's scratch folders in the test's own folder: a killed JVM cannot remove them, the test's cleanup does.
    Process run = new ProcessBuilder(CommandJvm.command(List.of("-D" + CommitPause.PROPERTY + "=" + pauseAfter,
            "-Dspark.local.dir=" + tmp.resolve("spark-local")),
        "ingest", "--input", "data-samples", "--output", out, "--full", "--format", "iceberg"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    String paused;
    try {
      waitFor("[ingest", run, log);
      assertEquals(before, query(out), "a reader started during the run reads the previous run");
      paused = waitFor(CommitPause.LINE, run, log);
    } finally {
      run.destroyForcibly();
    }
    assertTrue(run.waitFor(60, TimeUnit.SECONDS));
    assertEquals(137, run.exitValue(), "killed by SIGKILL");
    assertEquals(recorded, Files.readString(manifest), "the manifest is the previous run's");
    assertEquals(before, query(out), "readers read the previous run's snapshots");

    // The kill landed between two table commits: the tables committed before it are at the killed run's
    // snapshots, the others at the recorded ones.
    Set<String> committed = Set.of(paused.substring(paused.indexOf(CommitPause.LINE) + CommitPause.LINE.length())
        .strip().split(","));
    assertEquals(pauseAfter, committed.size(), paused);
    ObjectMapper json = new ObjectMapper();
    JsonNode recordedTables = json.readTree(recorded).path("tables");
    int moved = 0;
    for (String table : INGEST_TABLES) {
      long recordedSnapshot = recordedTables.path(table).path("snapshot_id").asLong();
      long current = currentMetadata(out, table).path("current-snapshot-id").asLong();
      if (committed.contains(table)) {
        moved += current != recordedSnapshot ? 1 : 0;
      } else {
        assertEquals(recordedSnapshot, current, table + " was not committed before the kill");
      }
    }
    assertTrue(moved > 0, "some tables' main moved before the kill: " + committed);

    assertEquals(0, Main.execute("ingest", "--input", "data-samples", "--output", out, "--full",
        "--format", "iceberg"));
    assertEquals(before, query(out), "the rerun of the same input and date holds the same rows");
    JsonNode tables = json.readTree(manifest.toFile()).path("tables");
    for (String table : Tables.OUTPUTS) {
      JsonNode current = currentMetadata(out, table);
      assertEquals(tables.path(table).path("snapshot_id").asLong(), current.path("current-snapshot-id").asLong(),
          table + ": main is the snapshot the manifest records");
      assertEquals(List.of("main"), List.copyOf(iterable(current.path("refs").fieldNames())),
          table + ": no run branch is left");
    }
  }

  /**
   * A catalog of the user's, configured with Spark properties only: Iceberg's JDBC catalog over a SQLite file keeps
   * the table pointers in a database, as REST, Hive, Glue and Nessie catalogs do, and the data under its own
   * warehouse. The tables are created there, not under the output, and the readers find them from the manifest.
   */
  @Test
  @Order(3)
  void aCatalogTheUserConfiguredHoldsTheTables(@TempDir Path tmp) throws Exception {
    String catalog = "spark.sql.catalog.userjdbc";
    Path warehouse = tmp.resolve("warehouse");
    Map<String, String> properties = Map.of(catalog, org.apache.iceberg.spark.SparkCatalog.class.getName(),
        catalog + ".catalog-impl", org.apache.iceberg.jdbc.JdbcCatalog.class.getName(),
        catalog + ".uri", "jdbc:sqlite:" + tmp.resolve("catalog.db"),
        catalog + ".jdbc.schema-version", "V1",
        catalog + ".warehouse", warehouse.toString());
    // As spark-submit --conf would: in the context's configuration, which every session (query's own included)
    // starts from, and in this session, which the commands run in.
    SparkSession.setActiveSession(spark);
    properties.forEach((k, v) -> {
      spark.sparkContext().conf().set(k, v);
      spark.conf().set(k, v);
    });
    try {
      spark.sql("CREATE NAMESPACE userjdbc.analytics");
      String userOut = tmp.resolve("out").toString();
      CliRun ingest = CliRun.of("ingest", "--input", "data-samples", "--output", userOut, "--format", "iceberg",
          "--catalog", "userjdbc", "--namespace", "analytics");
      assertEquals(0, ingest.exitCode(), ingest.toString());
      assertTrue(Files.isDirectory(warehouse.resolve("analytics").resolve(Tables.CURATED_PROFILES)),
          "the table's files are in the catalog's warehouse");
      assertFalse(Files.exists(Path.of(userOut, "creatorscope")), "nothing in the output's own warehouse");
      assertTrue(spark.catalog().tableExists("userjdbc.analytics." + Tables.CURATED_POSTS), "in the catalog");
      String counts = "SELECT (SELECT count(*) FROM curated_profiles) AS profiles, "
          + "(SELECT count(*) FROM curated_posts) AS posts";
      CliRun fromUser = CliRun.of("query", "--output", userOut, counts);
      assertEquals(0, fromUser.exitCode(), fromUser.toString());
      assertEquals(CliRun.of("query", "--output", SampleRun.output(), counts).out(), fromUser.out());
    } finally {
      properties.keySet().forEach(k -> {
        spark.sparkContext().conf().remove(k);
        spark.conf().unset(k);
      });
    }
  }

  /** The table's current metadata in the Hadoop catalog under the output. */
  private static JsonNode currentMetadata(String out, String table) throws Exception {
    Path metadata = Path.of(out, "creatorscope", table, "metadata");
    String newest = Files.readString(metadata.resolve("version-hint.text")).strip();
    return new ObjectMapper().readTree(metadata.resolve("v" + newest + ".metadata.json").toFile());
  }

  private static List<String> iterable(java.util.Iterator<String> names) {
    List<String> out = new java.util.ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }

  private static String query(String out) {
    CliRun run = CliRun.of("query", "--output", out, COUNTS);
    assertEquals(0, run.exitCode(), run.toString());
    return run.out();
  }

  /** Waits until the run's log holds {@code line}; returns the log line that holds it. */
  private static String waitFor(String line, Process run, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
    while (System.nanoTime() < deadline) {
      if (!run.isAlive()) {
        return fail("the run ended before it was killed:\n" + Files.readString(log));
      }
      if (Files.exists(log)) {
        java.util.Optional<String> found = Files.readAllLines(log).stream().filter(l -> l.contains(line)).findFirst();
        if (found.isPresent()) {
          return found.get();
        }
      }
      Thread.sleep(20);
    }
    return fail("the run did not reach '" + line + "' in time:\n" + Files.readString(log));
  }

  private static CliRun reader(String[] command, String output) {
    String[] args = new String[command.length + 2];
    args[0] = command[0];
    args[1] = "--output";
    args[2] = output;
    System.arraycopy(command, 1, args, 3, command.length - 1);
    return CliRun.of(args);
  }
}
