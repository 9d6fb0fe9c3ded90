package io.creatorscope.iceberg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creatorscope.common.Tables;
import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.OutputTrees;
import io.creatorscope.testing.SampleRun;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline in Iceberg mode on the sample: every table holds the rows the Parquet run holds, the tables are
 * Iceberg tables under the output (Hadoop catalog), and the manifest records each table's snapshot.
 */
class IcebergPipelineIT extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void anIcebergRunAndAParquetRunOfTheSameInputHoldTheSameRows() throws Exception {
    String parquet = SampleRun.output();
    String iceberg = tmp.resolve("out").toString();
    CliRun run = CliRun.of("pipeline", "--input", "data-samples", "--output", iceberg, "--format", "iceberg");
    assertEquals(0, run.exitCode(), run.toString());

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
      OutputTrees.assertSameRows(table, expected, actual);
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
    Path html = tmp.resolve("report.html");
    CliRun report = CliRun.of("report", "--output", iceberg, "--out", html.toString());
    assertEquals(0, report.exitCode(), report.toString());
    assertTrue(Files.readString(html).contains("<svg"), "the report has its charts");
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
