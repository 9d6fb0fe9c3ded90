package io.creatorscope.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.RawInputs;
import io.creatorscope.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that cannot or do not finish: an as-of date before the data, a job's input never published, a failure of
 * any Throwable type. Each gets one error line or its exception, and leaves neither staging nor lock behind.
 */
class RunFailureTest extends SparkTestBase {
  @TempDir Path tmp;

  private Path octoberInput() {
    return new RawInputs(spark)
        .profile("c1", "instagram", "fitness", 5000L, RawInputs.day(1))
        .profile("c1", "instagram", "fitness", 5100L, RawInputs.day(2))
        .post("p1", "c1", RawInputs.noon(1), 100L, 5L, RawInputs.day(2))
        .writeTo(tmp.resolve("in"));
  }

  @Test
  void anAsOfDateBeforeTheDataIsOneErrorLineNamingBothDatesAndLeavesNothingBehind() throws IOException {
    String in = octoberInput().toString();
    for (String command : List.of("pipeline", "ingest")) {
      Path out = tmp.resolve("out-" + command);
      CliRun run = CliRun.of(command, "--input", in, "--output", out.toString(), "--as-of", "2026-09-01");
      assertEquals(2, run.exitCode(), run.toString());
      assertOneErrorLine(run, "--as-of 2026-09-01 is before the first snapshot_date", "(2026-10-01)",
          "from 2026-10-01 to 2026-10-02");
      assertEquals(List.of(), leftInStaging(out), command + ": no staging folder, no lock");
    }
  }

  /** The crash reported in #20 happened past ingest, in engagement, over empty curated tables. */
  @Test
  void aJobRunAloneOnADateNothingWasPublishedForIsOneErrorLine() throws IOException {
    Path out = tmp.resolve("out");
    List<String[]> commands = List.of(new String[] {"engagement"}, new String[] {"anomalies"},
        new String[] {"rank"}, new String[] {"evaluate", "--labels", tmp.resolve("labels").toString()});
    for (String[] args : commands) {
      String command = args[0];
      CliRun run = CliRun.of(Stream.concat(Stream.of(args),
          Stream.of("--output", out.toString(), "--as-of", "2026-07-01")).toArray(String[]::new));
      assertEquals(2, run.exitCode(), run.toString());
      assertOneErrorLine(run, "no complete run wrote", "for 2026-07-01");
      assertEquals(List.of(), leftInStaging(out), command);
    }
  }

  /** Scala code throws checked exceptions undeclared (an interrupted job: InterruptedException); Java cannot. */
  @Test
  void aFailureOfAnyThrowableTypeDropsTheStagingAndKeepsThePreviousOutputs() throws IOException {
    String out = tmp.resolve("out").toString();
    TableSchema accounting = Tables.output(Tables.INGEST_ACCOUNTING);
    LocalDate asOf = LocalDate.of(2026, 10, 1);
    OutputRun.publish(spark, out, run -> {
      run.stage(accounting, accountingRows(accounting, 7), asOf);
      return null;
    });
    String manifest = Files.readString(Path.of(out, RunManifest.FOLDER, "as_of_date=" + asOf + ".json"));

    for (Throwable failure : List.of(new IOException("disk gone"), new InterruptedException("job cancelled"),
        new Throwable("odd"))) {
      Throwable thrown = assertThrows(Throwable.class, () -> OutputRun.publish(spark, out, run -> {
        run.stage(accounting, accountingRows(accounting, 8), asOf);
        assertFalse(leftInStaging(Path.of(out)).isEmpty(), "staged before the failure");
        if (failure instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw sneaky(failure);
      }));
      boolean interrupted = Thread.interrupted();
      assertEquals(List.of(), leftInStaging(Path.of(out)), failure + ": no staging folder, no lock");
      assertSame(failure, thrown.getCause(), thrown.toString());
      assertEquals(failure instanceof InterruptedException, interrupted, "the interrupt is kept for the caller");
      assertEquals(List.of(7L), PublishedTables.readPartition(spark, out, Tables.INGEST_ACCOUNTING, asOf)
          .select("row_count").as(Encoders.LONG()).collectAsList(), failure.toString());
      assertEquals(manifest, Files.readString(Path.of(out, RunManifest.FOLDER, "as_of_date=" + asOf + ".json")));
    }
  }

  static void assertOneErrorLine(CliRun run, String... parts) {
    List<String> errors = run.err().lines().filter(l -> l.startsWith("error:")).toList();
    assertEquals(1, errors.size(), run.toString());
    for (String part : parts) {
      assertTrue(errors.get(0).contains(part), part + " in " + errors.get(0));
    }
    assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), "no stack trace: " + run);
  }

  /** Whatever is under OUTPUT/_staging: run folders and the lock file. */
  static List<String> leftInStaging(Path out) {
    Path staging = out.resolve(OutputRun.STAGING);
    if (!Files.exists(staging)) {
      return List.of();
    }
    try (Stream<Path> left = Files.list(staging)) {
      return left.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> accountingRows(TableSchema accounting, long count) {
    StructType type = accounting.fileStructType();
    return spark.createDataFrame(List.of(RowFactory.create("profiles", "read", null, count)), type);
  }

  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
