package io.creatorscope.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.common.UserError;
import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.OutputTrees;
import io.creatorscope.testing.SampleRun;
import io.creatorscope.testing.TinyDataSparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code query} is read-only by construction: statements that write, change the session, read files by path or
 * call Java are refused with one {@code error:} line and exit code 2, and have no effect; ordinary queries over
 * the views (joins, CTEs, windows, subqueries, DESCRIBE, EXPLAIN) still run. The attacks run against a copy of
 * the shared sample run, so one that got through could not spoil the other tests' data. The cases run
 * through the command line; their neighbours through {@link SqlQuery} over the same views, which is what the
 * command runs, without paying for a command line each.
 *
 * <p>Tiny data: the query command on the sample's small output runs as the launcher runs it, interpreted.
 */
class QuerySafetyIT extends TinyDataSparkTest {
  private static final String REFUSED = "error: query runs read-only SQL";
  private static final String JAVA_PROPERTY = "creatorscope.query.reflected";

  @TempDir static Path tmp;
  static String out;
  static Path partition;
  static String outside;
  static List<String> views;

  @BeforeAll
  static void copySampleRun() throws IOException {
    Path copy = tmp.resolve("out");
    OutputTrees.copy(Path.of(SampleRun.output()), copy);
    out = copy.toString();
    partition = Path.of(PublishedTables.partitionPath(out, Tables.CREATOR_ENGAGEMENT, SampleRun.AS_OF).toString());
    outside = tmp.resolve("outside").toString();
    views = OutputCatalog.open(spark, out).registerViews(DateSelection.latest(), OutputCatalog.EVERY_TABLE);
  }

  private static CliRun query(String sql) {
    return CliRun.of("query", "--output", out, sql);
  }

  private static void assertRefused(String sql, String prefix) {
    CliRun run = query(sql);
    assertEquals(2, run.exitCode(), sql + "\n" + run);
    assertEquals("", run.out(), sql);
    assertEquals(1, run.err().lines().count(), "one line for " + sql + "\n" + run);
    assertTrue(run.err().startsWith(prefix), sql + "\n" + run);
  }

  /** Each statement refused by the check that the command runs, with its one-line message. */
  private static void assertAllRefused(List<String> statements) {
    for (String sql : statements) {
      UserError e = assertThrows(UserError.class, () -> SqlQuery.run(spark, sql, 10, views), sql);
      assertTrue(("error: " + e.getMessage()).startsWith(REFUSED) && !e.getMessage().contains("\n"),
          sql + ": " + e.getMessage());
    }
    assertFalse(Files.exists(Path.of(outside)), "nothing written outside");
  }

  /** File name to size and content of a folder, to tell that nothing in it changed. */
  private static Map<String, String> contents(Path folder) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(folder.relativize(p).toString(), java.util.Arrays.toString(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  @Test
  void aPublishedPartitionCannotBeOverwritten() throws IOException {
    Map<String, String> before = contents(partition);
    String overwrite = "INSERT OVERWRITE DIRECTORY '" + partition + "' USING parquet SELECT 'wiped' AS x";
    assertRefused(overwrite, REFUSED);
    assertRefused("WITH w AS (SELECT 'wiped' AS x) INSERT OVERWRITE DIRECTORY '" + partition + "' USING parquet "
        + "SELECT * FROM w", REFUSED);
    assertAllRefused(List.of(
        "EXPLAIN " + overwrite,
        "INSERT OVERWRITE DIRECTORY '" + partition + "' SELECT 1",
        "INSERT INTO creator_engagement SELECT * FROM creator_engagement",
        "INSERT OVERWRITE TABLE creator_engagement SELECT * FROM creator_engagement",
        "WITH w AS (SELECT * FROM creator_engagement) INSERT INTO creator_engagement SELECT * FROM w"));
    assertEquals(before, contents(partition));
    CliRun count = CliRun.of("query", "--output", out, "--format", "csv",
        "SELECT count(*) AS n, count(creator_id) AS ids FROM creator_engagement");
    long rows = PublishedTables.readPartition(spark, out, Tables.CREATOR_ENGAGEMENT, SampleRun.AS_OF).count();
    assertEquals("n,ids\n" + rows + "," + rows + "\n", count.out(), count.toString());
  }

  @Test
  void commandsAreRefused() {
    assertAllRefused(List.of(
        "SET spark.sql.runSQLOnFiles=true",
        "SET",
        "RESET",
        "CREATE TEMP VIEW creator_engagement AS SELECT 1 AS x",
        "CREATE TABLE t AS SELECT 1 AS x",
        "CREATE TABLE t USING parquet LOCATION '" + outside + "' AS SELECT 1 AS x",
        "CREATE DATABASE d LOCATION '" + outside + "'",
        "CREATE FUNCTION f AS 'java.lang.Object'",
        "ALTER VIEW quarantine AS SELECT 1 AS x",
        "DROP VIEW quarantine",
        "DROP TABLE IF EXISTS t",
        "TRUNCATE TABLE quarantine",
        "LOAD DATA LOCAL INPATH '/etc/hostname' INTO TABLE quarantine",
        "ADD JAR " + outside + ".jar",
        "ADD FILE /etc/hostname",
        "CACHE TABLE creator_engagement",
        "CACHE LAZY TABLE c AS SELECT * FROM creator_engagement",
        "UNCACHE TABLE creator_engagement",
        "CLEAR CACHE",
        "REFRESH TABLE creator_engagement",
        "MSCK REPAIR TABLE quarantine",
        "ANALYZE TABLE quarantine COMPUTE STATISTICS",
        "USE default",
        "SHOW TABLES",
        "SHOW COLUMNS IN quarantine",
        "DESCRIBE QUERY SELECT * FROM text.`/etc/hostname`",
        "MERGE INTO quarantine q USING quarantine s ON q.reason = s.reason WHEN MATCHED THEN DELETE",
        "DELETE FROM quarantine",
        "UPDATE quarantine SET reason = 'x'"));
    assertFalse(Files.exists(Path.of("spark-warehouse", "t")), "no table written");
  }

  @Test
  void filesAndTablesOutsideTheViewsAreRefused() {
    String own = "parquet.`" + partition + "`";
    assertRefused("SELECT * FROM " + own, REFUSED);
    assertRefused("SELECT * FROM text.`/etc/hostname`", REFUSED);
    assertAllRefused(List.of(
        "SELECT * FROM json.`/etc/hostname`",
        "SELECT * FROM csv.`/etc`",
        "SELECT * FROM creator_engagement WHERE creator_id IN (SELECT creator_id FROM " + own + ")",
        "SELECT (SELECT max(value) FROM text.`/etc/hostname`) AS h FROM quarantine",
        "SELECT * FROM quarantine WHERE EXISTS (SELECT 1 FROM text.`/etc/hostname`)",
        "SELECT * FROM quarantine, LATERAL (SELECT * FROM text.`/etc/hostname`)",
        "SELECT * FROM quarantine q JOIN text.`/etc/hostname` h ON q.reason = h.value",
        "SELECT reason FROM quarantine UNION ALL SELECT value FROM text.`/etc/hostname`",
        "WITH h AS (SELECT * FROM text.`/etc/hostname`) SELECT * FROM h",
        "WITH q AS (SELECT * FROM quarantine) SELECT * FROM q WHERE reason IN "
            + "(WITH h AS (SELECT value FROM text.`/etc/hostname`) SELECT * FROM h)",
        "SELECT * FROM IDENTIFIER('text.`/etc/hostname`')",
        "SELECT * FROM spark_catalog.default.quarantine",
        "SELECT * FROM global_temp.quarantine",
        "SELECT * FROM range(10)",
        "SELECT * FROM quarantine VERSION AS OF 1",
        "DESCRIBE text.`/etc/hostname`",
        "DESCRIBE spark_catalog.default.quarantine",
        "EXPLAIN SELECT * FROM text.`/etc/hostname`"));
  }

  @Test
  void javaCallsAndScriptsAreRefused() {
    String setProperty = "reflect('java.lang.System', 'setProperty', '" + JAVA_PROPERTY + "', 'yes')";
    Path touched = tmp.resolve("touched");
    assertRefused("SELECT " + setProperty, REFUSED);
    assertRefused("SELECT java_method('java.lang.System', 'setProperty', '" + JAVA_PROPERTY + "', 'yes')", REFUSED);
    assertAllRefused(List.of(
        "SELECT REFLECT('java.lang.System', 'setProperty', '" + JAVA_PROPERTY + "', 'yes')",
        "SELECT IDENTIFIER('reflect')('java.lang.System', 'setProperty', '" + JAVA_PROPERTY + "', 'yes')",
        "SELECT * FROM quarantine WHERE EXISTS (SELECT " + setProperty + ")",
        "WITH r AS (SELECT " + setProperty + " AS x) SELECT * FROM r",
        "SELECT transform(array(1), x -> " + setProperty + ")",
        "SELECT TRANSFORM(reason) USING 'touch " + touched + "' FROM quarantine",
        "SELECT TRANSFORM(*) USING 'touch " + touched + "' AS (a) FROM (SELECT 1)"));
    assertNull(System.getProperty(JAVA_PROPERTY), "reflect did not run");
    assertFalse(Files.exists(touched), "the script did not run");
  }

  @Test
  void onlyOneStatement() {
    assertRefused("SELECT 1; DROP VIEW quarantine", "error: [PARSE_SYNTAX_ERROR]");
    assertRefused("SELECT 1; SET spark.sql.runSQLOnFiles=true", "error: [PARSE_SYNTAX_ERROR]");
  }

  @Test
  void readOnlyQueriesOverTheViewsRun() {
    CliRun run = CliRun.of("query", "--output", out, "--format", "csv",
        "WITH r AS (SELECT platform, rank() OVER (PARTITION BY platform ORDER BY followers DESC, creator_id) AS r "
            + "FROM creator_engagement) SELECT platform, count(*) AS n FROM r WHERE r = 1 GROUP BY platform");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("platform,n\n") && run.out().lines().count() > 1, run.out());
    List<String> failures = new ArrayList<>();
    for (String sql : List.of(
        "SELECT 1 AS one",
        "VALUES (1, 'a'), (2, 'b')",
        "WITH top AS (SELECT platform, creator_id, er_median, rank() OVER (PARTITION BY platform ORDER BY "
            + "er_median DESC) AS r FROM creator_engagement WHERE rated) "
            + "SELECT t.platform, t.creator_id, a.authenticity_score FROM top t "
            + "JOIN creator_authenticity a USING (creator_id) WHERE t.r <= 3 ORDER BY t.platform, t.r",
        "SELECT platform, tier, count(*) AS n FROM creator_engagement GROUP BY GROUPING SETS ((platform, tier), ())",
        "SELECT platform, count(*) AS n FROM creator_engagement GROUP BY ROLLUP (platform)",
        "SELECT * FROM (SELECT platform, tier FROM creator_engagement) PIVOT (count(*) FOR tier IN ('micro', 'nano'))",
        "SELECT creator_id, (SELECT max(followers) FROM creator_engagement) AS most FROM creator_engagement LIMIT 3",
        "SELECT creator_id FROM creator_engagement e WHERE EXISTS "
            + "(SELECT 1 FROM creator_authenticity a WHERE a.creator_id = e.creator_id) LIMIT 3",
        "SELECT input_table, r.key FROM ingest_accounting LATERAL VIEW explode(map('a', 1)) r AS key, value",
        "SELECT /*+ BROADCAST(a) */ e.creator_id FROM creator_engagement e JOIN creator_authenticity a "
            + "ON e.creator_id = a.creator_id ORDER BY 1 LIMIT 2 OFFSET 1",
        "SELECT creator_id FROM creator_engagement INTERSECT SELECT creator_id FROM creator_authenticity",
        "SELECT * FROM quarantine WHERE reason IS NOT NULL UNION ALL SELECT * FROM quarantine",
        "DESCRIBE creator_engagement",
        "DESCRIBE TABLE EXTENDED creator_engagement er_median",
        "EXPLAIN WITH c AS (SELECT * FROM creator_engagement) SELECT count(*) FROM c")) {
      try {
        if (SqlQuery.run(spark, sql, 10, views).columns().isEmpty()) {
          failures.add(sql + ": no columns");
        }
      } catch (UserError e) {
        failures.add(sql + ": " + e.getMessage());
      }
    }
    assertEquals(List.of(), failures);
  }
}
