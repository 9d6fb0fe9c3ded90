package io.creatorscope.cli;

import static io.creatorscope.testing.RawInputs.day;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.RawInputs;
import io.creatorscope.testing.TinyDataSparkTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that writes tables without --format (and without output.format) keeps the format its output already
 * holds: a daily run scheduled without the option after an Iceberg first run writes Iceberg; naming the other
 * format is refused in one line.
 */
class FormatOptionsIT extends TinyDataSparkTest {
  @TempDir Path tmp;

  @Test
  void withoutAFormatARunKeepsTheOneItsOutputHolds() {
    Path in = RawInputs.twoDays(spark, tmp.resolve("in"));
    String out = tmp.resolve("out").toString();
    CliRun first = CliRun.of("ingest", "--input", in.toString(), "--output", out, "--as-of", day(1).toString(),
        "--format", "iceberg");
    assertEquals(0, first.exitCode(), first.toString());

    CliRun parquet = CliRun.of("ingest", "--input", in.toString(), "--output", out, "--format", "parquet");
    assertEquals(2, parquet.exitCode(), parquet.toString());
    assertTrue(parquet.err().contains("holds outputs in iceberg"), parquet.toString());

    CliRun next = CliRun.of("ingest", "--input", in.toString(), "--output", out, "--as-of", day(2).toString());
    assertEquals(0, next.exitCode(), next.toString());
    assertTrue(next.out().contains("ingest " + day(2) + " done") && next.out().contains("incremental"),
        next.toString());
    assertTrue(Files.isDirectory(Path.of(out, "creatorscope", "curated_profiles", "metadata")), "Iceberg tables");
    assertTrue(Files.notExists(Path.of(out, "curated_profiles")), "no Parquet folder beside them");
  }
}
