package io.creatorscope.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.creatorscope.common.Columns;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.TableSchema;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.common.WriteMode;
import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.OutputTrees;
import io.creatorscope.testing.SampleRun;
import io.creatorscope.testing.TinyDataSparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query command over a copy of the shared sample run that holds a second, older as_of_date: every table's
 * newest partition copied to {@link #OLDER} (same rows, another date folder), except quarantine's, with a manifest
 * for that date; and an even older discovery_ranking partition, {@link #UNFINISHED}, that no manifest lists (what a
 * failed run would leave).
 *
 * <p>Tiny data: the query command on the sample's small output runs as the launcher runs it, interpreted.
 */
class QueryCommandIT extends TinyDataSparkTest {
  static final LocalDate OLDER = SampleRun.AS_OF.minusDays(7);
  static final LocalDate UNFINISHED = SampleRun.AS_OF.minusDays(14);

  @TempDir static Path tmp;
  static String out;

  @BeforeAll
  static void copySampleRunWithAnOlderDate() throws IOException {
    Path source = Path.of(SampleRun.output());
    Path copy = tmp.resolve("out");
    OutputTrees.copy(source, copy);
    for (String table : Tables.OUTPUTS) {
      if (!table.equals(Tables.QUARANTINE) && Tables.output(table).writeMode() == WriteMode.REPLACE_AS_OF) {
        OutputTrees.copy(partition(copy, table, SampleRun.AS_OF), partition(copy, table, OLDER));
      }
    }
    OutputTrees.copy(partition(copy, Tables.DISCOVERY_RANKING, SampleRun.AS_OF),
        partition(copy, Tables.DISCOVERY_RANKING, UNFINISHED));
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(manifestOf(copy, SampleRun.AS_OF).toFile());
    manifest.put("as_of_date", OLDER.toString());
    ((ObjectNode) manifest.get("tables")).remove(Tables.QUARANTINE);
    json.writeValue(manifestOf(copy, OLDER).toFile(), manifest);
    out = copy.toString();
  }

  private static Path manifestOf(Path root, LocalDate date) {
    return root.resolve(RunManifest.FOLDER).resolve(Columns.AS_OF_DATE + "=" + date + ".json");
  }

  private static Path partition(Path root, String table, LocalDate date) {
    return root.resolve(table).resolve(Columns.AS_OF_DATE + "=" + date);
  }

  private static CliRun query(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "query";
    all[1] = "--output";
    all[2] = out;
    System.arraycopy(args, 0, all, 3, args.length);
    return CliRun.of(all);
  }

  private static List<String> lines(String text) {
    return text.lines().toList();
  }

  private static long sparkRows(String table) {
    return PublishedTables.readPartition(spark, out, table, SampleRun.AS_OF).count();
  }

  @Test
  void viewsCoverTheLatestDateByDefault() {
    CliRun run = query("--format", "csv",
        "SELECT as_of_date, count(*) AS n FROM creator_engagement GROUP BY as_of_date");
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(List.of("as_of_date,n", SampleRun.AS_OF + "," + sparkRows(Tables.CREATOR_ENGAGEMENT)),
        lines(run.out()));

    CliRun niches = query("--format", "csv",
        "SELECT count(DISTINCT niche) AS niches, count(*) AS n, min(as_of_date) AS d FROM discovery_ranking");
    assertEquals(0, niches.exitCode(), niches.toString());
    long sparkNiches = PublishedTables.readPartition(spark, out, Tables.DISCOVERY_RANKING, SampleRun.AS_OF)
        .select(Columns.NICHE).distinct().count();
    assertEquals(sparkNiches + "," + sparkRows(Tables.DISCOVERY_RANKING) + "," + SampleRun.AS_OF,
        lines(niches.out()).get(1), "niche comes from the partition folders");
  }

  @Test
  void partitionsNoManifestListsAreNeverShown() {
    CliRun all = query("--all-dates", "--format", "csv", "SELECT DISTINCT as_of_date FROM discovery_ranking ORDER BY as_of_date");
    assertEquals(0, all.exitCode(), all.toString());
    assertEquals(List.of("as_of_date", OLDER.toString(), SampleRun.AS_OF.toString()), lines(all.out()));
    CliRun one = query("--as-of", UNFINISHED.toString(), "SELECT count(*) FROM discovery_ranking");
    assertEquals(2, one.exitCode(), one.toString());
  }

  @Test
  void allDatesCoversEveryPartition() {
    CliRun run = query("--all-dates", "--format", "csv",
        "SELECT as_of_date, count(*) AS n FROM creator_engagement GROUP BY as_of_date ORDER BY as_of_date");
    assertEquals(0, run.exitCode(), run.toString());
    long n = sparkRows(Tables.CREATOR_ENGAGEMENT);
    assertEquals(List.of("as_of_date,n", OLDER + "," + n, SampleRun.AS_OF + "," + n), lines(run.out()));
  }

  @Test
  void theCuratedFactTablesAreOneTableForEveryDate() {
    long profiles = PublishedTables.readFacts(spark, out, Tables.CURATED_PROFILES, null, null).count();
    for (String dates : new String[] {"--all-dates", "--as-of=" + OLDER}) {
      CliRun run = query(dates, "--format", "csv", "SELECT count(*) AS n, count(DISTINCT snapshot_date) AS days "
          + "FROM curated_profiles");
      assertEquals(0, run.exitCode(), run.toString());
      assertEquals("n,days", lines(run.out()).get(0));
      assertEquals(String.valueOf(profiles), lines(run.out()).get(1).split(",")[0], dates);
      assertTrue(Long.parseLong(lines(run.out()).get(1).split(",")[1]) > 10, run.out());
    }
  }

  @Test
  void asOfPicksOneDateAndTablesWithoutItHaveNoView() {
    CliRun run = query("--as-of", OLDER.toString(), "--format", "csv",
        "SELECT DISTINCT as_of_date FROM growth_anomalies");
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(List.of("as_of_date", OLDER.toString()), lines(run.out()));

    CliRun missing = query("--as-of", OLDER.toString(), "SELECT * FROM quarantine");
    assertEquals(2, missing.exitCode(), missing.toString());
    assertTrue(missing.err().contains("TABLE_OR_VIEW_NOT_FOUND") && missing.err().contains("growth_anomalies")
        && !missing.err().contains(" quarantine"), missing.err());

    CliRun none = query("--as-of", "2020-01-01", "SELECT 1");
    assertEquals(2, none.exitCode(), none.toString());
    assertTrue(none.err().startsWith("error: no table under") && none.err().contains(OLDER.toString()), none.err());
  }

  @Test
  void statementFromAFile() throws IOException {
    Path sql = tmp.resolve("q.sql");
    Files.writeString(sql, "-- creators per platform\nSELECT platform, count(*) AS creators\n"
        + "FROM creator_authenticity\nGROUP BY platform\nORDER BY platform;\n");
    CliRun run = query("--file", sql.toString(), "--format", "csv");
    assertEquals(0, run.exitCode(), run.toString());
    List<String> rows = lines(run.out());
    assertEquals("platform,creators", rows.get(0));
    long total = rows.subList(1, rows.size()).stream().mapToLong(r -> Long.parseLong(r.split(",")[1])).sum();
    assertEquals(sparkRows(Tables.CREATOR_AUTHENTICITY), total);

    CliRun absent = query("--file", tmp.resolve("nope.sql").toString());
    assertEquals(2, absent.exitCode(), absent.toString());
    CliRun both = query("--file", sql.toString(), "SELECT 1");
    assertEquals(2, both.exitCode(), both.toString());
  }

  @Test
  void formatsAndOutFile() throws IOException {
    String sql = "SELECT post_id, posted_at, likes, is_sponsored, shares, posted_date FROM curated_posts "
        + "WHERE shares IS NULL OR shares >= 0 ORDER BY shares NULLS FIRST, post_id LIMIT 3";

    CliRun table = query(sql);
    assertEquals(0, table.exitCode(), table.toString());
    List<String> rows = lines(table.out());
    assertEquals(4, rows.size(), table.out());
    assertTrue(rows.get(0).startsWith("post_id") && rows.get(0).contains("  posted_at"), rows.get(0));
    int dateColumn = rows.get(0).indexOf("posted_date");
    for (String row : rows.subList(1, 4)) {
      assertTrue(row.substring(dateColumn).matches("\\d{4}-\\d{2}-\\d{2}"), "aligned: " + row);
    }

    CliRun json = query("--format", "json", sql);
    assertEquals(0, json.exitCode(), json.toString());
    JsonNode array = new ObjectMapper().readTree(json.out());
    assertEquals(3, array.size());
    JsonNode first = array.get(0);
    assertTrue(first.get("likes").isIntegralNumber() && first.get("is_sponsored").isBoolean(), first.toString());
    assertTrue(first.get("shares").isNull() || first.get("shares").isIntegralNumber(), first.toString());
    assertTrue(first.get("posted_at").asText().endsWith("Z"), "timestamps in UTC ISO text: " + first);
    assertTrue(first.get("posted_at").asText().startsWith(first.get("posted_date").asText()), first.toString());

    Path csv = tmp.resolve("posts.csv");
    CliRun written = query("--format", "csv", "--out", csv.toString(), sql);
    assertEquals(0, written.exitCode(), written.toString());
    assertEquals("3 rows written to " + csv + "\n", written.out());
    List<String> csvRows = Files.readAllLines(csv);
    assertEquals("post_id,posted_at,likes,is_sponsored,shares,posted_date", csvRows.get(0));
    assertEquals(4, csvRows.size());
    assertEquals(array.get(0).get("post_id").asText(), csvRows.get(1).split(",")[0]);

    CliRun badFormat = query("--format", "xml", sql);
    assertEquals(2, badFormat.exitCode(), badFormat.toString());
  }

  @Test
  void limitBoundsTheRowsAndSaysSo() {
    CliRun cut = query("--limit", "5", "--format", "csv", "SELECT post_id FROM curated_posts");
    assertEquals(0, cut.exitCode(), cut.toString());
    assertEquals(6, lines(cut.out()).size(), cut.out());
    assertTrue(cut.err().contains("first 5 rows only"), cut.err());

    CliRun whole = query("--limit", "5", "--format", "csv", "SELECT input_table FROM ingest_accounting LIMIT 5");
    assertEquals(0, whole.exitCode(), whole.toString());
    assertEquals(6, lines(whole.out()).size(), whole.out());
    assertFalse(whole.err().contains("rows only"), "exactly the limit is not truncated: " + whole.err());

    CliRun empty = query("SELECT * FROM quarantine WHERE 1 = 0");
    assertEquals(0, empty.exitCode(), empty.toString());
    assertTrue(empty.out().endsWith("(no rows)\n"), empty.out());

    assertEquals(2, query("--limit", "0", "SELECT 1").exitCode());
    assertEquals(2, query("--limit", String.valueOf(Integer.MAX_VALUE), "SELECT 1").exitCode());
  }

  @Test
  void tablesListsColumnsDocsAndDates() {
    CliRun run = query("--tables");
    assertEquals(0, run.exitCode(), run.toString());
    String text = run.out();
    for (String table : Tables.OUTPUTS) {
      TableSchema schema = Tables.output(table);
      String header;
      if (schema.writeMode() == WriteMode.REPLACE_AS_OF) {
        String dates = table.equals(Tables.QUARANTINE) ? SampleRun.AS_OF.toString() : OLDER + ", " + SampleRun.AS_OF;
        header = table + "  as_of_date: ";
        assertTrue(text.contains(header + dates + "\n"), table + " with its dates in\n" + text);
      } else {
        header = table + "  " + schema.factPartition() + ": ";
        assertTrue(text.contains(header) && text.contains("(one table for every as-of date)"), table + "\n" + text);
      }
      int start = text.indexOf(header);
      for (TableSchema.ColumnSpec c : schema.columns()) {
        assertTrue(text.indexOf(c.doc(), start) > 0, table + "." + c.name() + " doc");
      }
    }
    assertFalse(text.contains("_staging"), text);
  }

  @Test
  void badStatementsAreOneLineErrors() {
    String[][] cases = {
      {"SELECT * FORM quarantine", "error: [PARSE_SYNTAX_ERROR]"},
      {"SELECT no_such_column FROM quarantine", "error: [UNRESOLVED_COLUMN"},
      {"SELECT * FROM no_such_table", "error: [TABLE_OR_VIEW_NOT_FOUND]"},
      {"SELECT raise_error('custom failure') FROM quarantine", "error: the query failed: "},
      {"CREATE TABLE t AS SELECT 1", "error: query runs read-only SQL"},
    };
    for (String[] c : cases) {
      CliRun run = query(c[0]);
      assertEquals(2, run.exitCode(), run.toString());
      assertEquals("", run.out(), c[0]);
      assertEquals(1, lines(run.err()).size(), "one line for " + c[0] + ": " + run.err());
      assertTrue(run.err().startsWith(c[1]), run.err());
    }
    CliRun unknownTable = query("SELECT * FROM no_such_table");
    assertTrue(unknownTable.err().contains("Tables: " + String.join(", ", Tables.OUTPUTS.stream().sorted().toList())),
        unknownTable.err());
    assertFalse(Files.exists(Path.of("spark-warehouse", "t")), "nothing written");
  }

  @Test
  void argumentMistakesAreUserErrors() {
    assertEquals(2, query("--all-dates", "--as-of", OLDER.toString(), "SELECT 1").exitCode());
    assertEquals(2, query().exitCode(), "no statement");
    assertEquals(2, query("--tables", "SELECT 1").exitCode());
    CliRun missing = CliRun.of("query", "--output", tmp.resolve("absent").toString(), "SELECT 1");
    assertEquals(2, missing.exitCode(), missing.toString());
    assertTrue(missing.err().contains("does not exist"), missing.err());
  }

  /** The export rules of ExportsTest (formula guard, escaped control characters) hold for query's output too. */
  @Test
  void queryWritesThroughTheSameRules() {
    String sql = "SELECT '=1+1' AS f, '@creator_x' AS h, -3.5 AS d, '-3.5' AS s, concat('a', char(10), 'b', "
        + "char(27), '[31m') AS c";
    CliRun csv = CliRun.of("query", "--output", SampleRun.output(), "--format", "csv", sql);
    assertEquals(0, csv.exitCode(), csv.toString());
    assertEquals("f,h,d,s,c\n'=1+1,@creator_x,-3.5,-3.5,\"a\nb\u001b[31m\"\n", csv.out());
    CliRun table = CliRun.of("query", "--output", SampleRun.output(), sql);
    assertEquals(0, table.exitCode(), table.toString());
    assertEquals("=1+1  @creator_x  -3.5  -3.5  a\\nb\\u001b[31m", table.out().lines().toList().get(1));
  }
}
