package io.creatorscope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.cli.ShellWords;
import io.creatorscope.common.Tables;
import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.SampleRun;
import io.creatorscope.testing.TinyDataSparkTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyst documentation (README.md and docs/*.md) is true: every output table has its section in
 * docs/tables.md, and every SQL example in the documentation runs on the sample data and returns rows, through the
 * query command or, for blocks marked {@code -- DuckDB}, through DuckDB.
 *
 * <p>Tiny data: the read-side commands on the sample's small output run as the launcher runs them, interpreted.
 */
class ReadmeExamplesIT extends TinyDataSparkTest {
  /** Where the documentation's examples expect the pipeline's output. */
  static final String README_OUTPUT = "target/sample-output";
  static final String DUCKDB_MARK = "-- DuckDB";
  /** The page holding one section per output table. */
  static final Path TABLES_DOC = Path.of("docs", "tables.md");

  /** A fenced code block of the documentation and where it stands: its file and heading. */
  record Block(String language, String text, String heading) {}

  static String tablesDoc;
  static List<Block> blocks;
  static String out;

  @BeforeAll
  static void readDocs() throws IOException {
    out = SampleRun.output();
    blocks = new ArrayList<>();
    for (Path file : DocsLinksTest.documentation()) {
      readBlocks(file);
    }
    tablesDoc = Files.readString(TABLES_DOC);
  }

  private static void readBlocks(Path file) throws IOException {
    String heading = "";
    String language = null;
    StringBuilder text = new StringBuilder();
    for (String line : Files.readString(file).lines().toList()) {
      if (language == null && line.startsWith("#")) {
        heading = line;
      } else if (language == null && line.startsWith("```")) {
        language = line.substring(3).strip();
        text.setLength(0);
      } else if (language != null && line.startsWith("```")) {
        blocks.add(new Block(language, text.toString(), file + " " + heading));
        language = null;
      } else if (language != null) {
        text.append(line).append('\n');
      }
    }
  }

  static List<Block> sqlBlocks(boolean duckDb) {
    return blocks.stream()
        .filter(b -> b.language().equals("sql") && b.text().strip().startsWith(DUCKDB_MARK) == duckDb)
        .toList();
  }

  @Test
  void everyOutputTableHasASectionWithLayoutGrainAndExamples() {
    for (String table : Tables.OUTPUTS) {
      String heading = TABLES_DOC + " ## `" + table + "`";
      long examples = sqlBlocks(false).stream().filter(b -> b.heading().equals(heading)).count();
      assertTrue(examples >= 2, heading + " has at least two SQL examples, found " + examples);
    }
    for (String table : Tables.OUTPUTS) {
      int start = tablesDoc.indexOf("\n## `" + table + "`\n");
      assertTrue(start >= 0, TABLES_DOC + " has a section for " + table);
      int end = tablesDoc.indexOf("\n#", start + 1);
      String section = end < 0 ? tablesDoc.substring(start) : tablesDoc.substring(start, end);
      String partition = Tables.output(table).partitionedBy().get(0);
      assertTrue(section.contains("Layout: `" + table + "/" + partition + "=") && section.contains("Grain: one row per"),
          table + " section gives layout and grain");
    }
  }

  /** Each example is saved to a file and run with {@code query --file}, as an analyst would run a script. */
  @Test
  void everySqlExampleRunsThroughTheQueryCommand(@TempDir Path tmp) throws IOException {
    List<String> failures = new ArrayList<>();
    Path file = tmp.resolve("example.sql");
    for (Block b : sqlBlocks(false)) {
      Files.writeString(file, b.text());
      List<String> args = new ArrayList<>(List.of("query", "--output", out, "--format", "csv", "--file",
          file.toString()));
      if (b.text().contains("--all-dates")) {
        args.add("--all-dates");
      }
      check(b, CliRun.of(args.toArray(String[]::new)), failures);
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void everyQueryCommandLineRuns() {
    List<String> failures = new ArrayList<>();
    int statements = 0;
    for (Block b : blocks) {
      for (String line : b.text().lines().toList()) {
        if (line.startsWith("scripts/creatorscope query ") && line.contains("\"")) {
          List<String> args = ShellWords.split(line.substring("scripts/creatorscope ".length()));
          check(b, CliRun.of(args.stream().map(a -> a.replace(README_OUTPUT, out)).toArray(String[]::new)),
              failures);
          statements++;
        }
      }
    }
    assertTrue(statements > 0, "the documentation shows the query command with a statement");
    assertEquals(List.of(), failures);
  }

  /** Every {@code plan} example of the documentation runs on the sample output and prints a plan. */
  @Test
  void everyPlanCommandLineRuns() {
    List<String> failures = new ArrayList<>();
    int plans = 0;
    for (Block b : blocks) {
      for (String line : b.text().lines().toList()) {
        if (line.startsWith("scripts/creatorscope plan ")) {
          List<String> args = ShellWords.split(line.substring("scripts/creatorscope ".length()));
          CliRun run = CliRun.of(args.stream().map(a -> a.replace(README_OUTPUT, out)).toArray(String[]::new));
          check(b, run, failures);
          if (run.exitCode() == 0 && !run.out().contains("total")) {
            failures.add(line + ": no total line\n" + run);
          }
          plans++;
        }
      }
    }
    assertTrue(plans >= 3, "the documentation shows plan examples, found " + plans);
    assertEquals(List.of(), failures);
  }

  private static void check(Block b, CliRun run, List<String> failures) {
    if (run.exitCode() != 0 || run.out().lines().count() < 2) {
      failures.add(b.heading() + ": " + b.text() + run);
    }
  }

  @Test
  void duckDbExamplesRun() throws SQLException {
    List<Block> duckBlocks = sqlBlocks(true);
    assertTrue(duckBlocks.size() >= 1, "the documentation shows DuckDB");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      for (Block b : duckBlocks) {
        String[] statements = b.text().replace(README_OUTPUT, out).split(";\\s*(\\n|$)");
        try (Statement st = duck.createStatement()) {
          for (int i = 0; i < statements.length - 1; i++) {
            st.execute(statements[i]);
          }
          try (ResultSet rs = st.executeQuery(statements[statements.length - 1])) {
            assertTrue(rs.next(), "rows from " + b.text());
          }
        }
      }
    }
  }
}
