package io.creatorscope.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.cli.Main;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Tables;
import io.creatorscope.common.WriteMode;
import io.creatorscope.generate.DatasetGenerator;
import io.creatorscope.generate.GeneratorConfig;
import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.OutputTrees;
import io.creatorscope.testing.TinyDataSparkTest;
import io.creatorscope.testing.SparkWarnings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oracle of the incremental design: daily runs, each reading only what is new, end with the same tables as
 * one full run over the same input. The input arrives as hive partitions by day (posts are re-observed on later
 * days), with late data on top: a re-delivered snapshot day, stale post observations delivered late, and a flat
 * file of later observations spanning every day, which each run reads past its through date. A first run, then
 * a backfill of two daily runs; the first of them also takes the late data, the second reads a day the first
 * left after its as-of date. The daily runs go to two outputs, one per format (Parquet, and Iceberg: curated posts
 * merged by creator and post_id, re-delivered snapshot days overwritten, derived tables replaced by as-of date, all read back
 * at the recorded snapshots), each held to the full run. Two creator ids also stand for a second account on
 * another platform, every day: the platform conflicts are quarantined alike in the daily batches and the full run.
 * The anomalies job of the last daily run judges only the days the run before had not settled and those near the
 * data that changed since, and carries the flags of the earlier ones, some of which there must be.
 *
 * <p>Seven pipeline runs on 50 creators: tiny data (SparkTestBase.TINY_DATA), half the time.
 */
class IncrementalEqualsFullIT extends TinyDataSparkTest {
  /** Long enough that the daily runs' flags of the first weeks are settled, and carried rather than judged again. */
  static final int DAYS = 56;
  static final LocalDate START = GeneratorConfig.DEFAULT_START;
  /** The first run (a full ingest), then a backfill of daily runs up to {@link #LAST}. */
  static final LocalDate FIRST = START.plusDays(DAYS - 4);
  static final LocalDate LAST = START.plusDays(DAYS - 2);

  /** Each format's options; the daily runs of both read the same deliveries. */
  static final List<List<String>> FORMATS = List.of(List.of(), List.of("--format", "iceberg"));

  @TempDir Path tmp;
  @Test
  void dailyIncrementalRunsEndWithTheTablesOfOneFullRun() throws Exception {
    Path gen = tmp.resolve("gen");
    new DatasetGenerator(spark, new GeneratorConfig(50, DAYS, START, 11, 0.02, GeneratorConfig.LAYOUT_HIVE, 0))
        .run(gen.toString());
    twinAccounts(gen);
    Path in = tmp.resolve("in");
    List<String> daily = FORMATS.stream().map(f -> tmp.resolve("daily" + String.join("", f)).toString()).toList();
    List<LocalDate> judgedFrom = new ArrayList<>();

    deliverDaysUpTo(gen, in, FIRST);
    flatFileOfLaterObservations(gen, in);
    for (int f = 0; f < FORMATS.size(); f++) {
      pipeline(FORMATS.get(f), "--input", in.toString(), "--output", daily.get(f), "--as-of", FIRST.toString());
    }

    // Then two days at once, and late data: a backfill of two daily runs.
    LocalDate second = FIRST.plusDays(1);
    deliverDaysUpTo(gen, in, LAST);
    redeliverSnapshotDay(gen, in, FIRST.minusDays(25));
    staleObservations(gen, in, FIRST.minusDays(6));
    for (int f = 0; f < FORMATS.size(); f++) {
      try (SparkWarnings warnings = new SparkWarnings()) {
        CliRun backfill = pipeline(FORMATS.get(f), "--input", in.toString(), "--output", daily.get(f),
            "--from", second.toString(), "--to", LAST.toString());
        assertEquals(2, backfill.out().lines().filter(l -> l.startsWith("backfill ")).count(), backfill.out());
        assertTrue(backfill.out().contains("ingest incremental"), backfill.out());
        judgedFrom.add(judgedFrom(backfill));
        // Until 2026-12-03 every daily run warned "No Partition Defined for Window operation!" (the ingest log).
        assertEquals(List.of(), warnings.seen(), "Spark SQL's warnings about our plans in daily runs");
      }
    }

    // One full run, in Parquet: IcebergPipelineIT holds a full Iceberg run to the Parquet one table by table, so
    // the daily Iceberg runs are held to the Parquet full run directly.
    String full = tmp.resolve("full").toString();
    pipeline(List.of(), "--input", in.toString(), "--output", full, "--as-of", LAST.toString());

    assertEquals(2, PublishedTables.readPartition(spark, full, Tables.INGEST_ACCOUNTING, LAST)
        .filter(col("reason").equalTo("PLATFORM_CONFLICT")).count(), "profiles and posts of the twin accounts");
    assertEquals(judgedFrom.get(0), judgedFrom.get(1), "both formats judge the same days");
    assertTrue(OutputTrees.rowsAsOf(spark, full, Tables.GROWTH_ANOMALIES, LAST)
        .filter(col("date").lt(lit(judgedFrom.get(0)))).count() > 0, "some flags were carried, not judged again");
    for (String out : daily) {
      tablesEqualTheFullRun(full, out);
      accountingPerBatch(full, out, second);
      firstReported(out);
    }
  }

  private void tablesEqualTheFullRun(String full, String daily) {
    for (String table : Tables.OUTPUTS) {
      if (table.equals(Tables.QUARANTINE) || table.equals(Tables.INGEST_ACCOUNTING)
          || table.equals(Tables.INGEST_LOG)) {
        continue;
      }
      Dataset<Row> expected = comparable(OutputTrees.rowsAsOf(spark, full, table, LAST));
      assertTrue(expected.count() > 0, table + " is empty in the full run");
      OutputTrees.assertSameRows(daily + " " + table, expected,
          comparable(OutputTrees.rowsAsOf(spark, daily, table, LAST)));
    }
  }

  /**
   * Per batch: each balances, every input row is quarantined in exactly one batch, and the rows each batch kept
   * add up to the curated tables.
   */
  private void accountingPerBatch(String full, String daily, LocalDate second) {
    List<LocalDate> batches = new ArrayList<>(RunManifest.completeDates(spark, daily, Tables.INGEST_ACCOUNTING));
    assertEquals(3, batches.size(), batches.toString());
    Dataset<Row> accounting = PublishedTables.readPartitions(spark, daily, Tables.INGEST_ACCOUNTING, batches);
    Column signed = functions.when(col("measure").equalTo("read"), col("row_count")).otherwise(col("row_count")
        .multiply(-1));
    assertEquals(List.of(), accounting.groupBy("as_of_date", "input_table").agg(sum(signed).as("unbalanced"))
        .filter(col("unbalanced").notEqual(0)).collectAsList(), daily + ": every batch balances");
    OutputTrees.assertSameRows(daily + " quarantined per reason",
        quarantinedPerReason(PublishedTables.readPartition(spark, full, Tables.INGEST_ACCOUNTING, LAST)),
        quarantinedPerReason(accounting));
    Dataset<Row> quarantine = PublishedTables.readPartitions(spark, daily, Tables.QUARANTINE, batches)
        .drop("as_of_date");
    OutputTrees.assertSameRows(daily + " " + Tables.QUARANTINE,
        PublishedTables.readPartition(spark, full, Tables.QUARANTINE, LAST).drop("as_of_date"), quarantine);
    for (String[] t : new String[][] {{"profiles", Tables.CURATED_PROFILES}, {"posts", Tables.CURATED_POSTS}}) {
      long kept = accounting.filter(col("input_table").equalTo(t[0]).and(col("measure").equalTo("kept")))
          .agg(sum("row_count")).first().getLong(0);
      assertEquals(PublishedTables.readFacts(spark, daily, t[1], null, null).count(), kept, daily + " " + t[1]);
      long updated = accounting.filter(col("input_table").equalTo(t[0]).and(col("measure").equalTo("updated"))
          .and(col("as_of_date").equalTo(lit(second)))).agg(sum("row_count")).first().getLong(0);
      assertTrue(updated > 0, daily + " " + t[0] + ": the late data of " + second + " updated earlier rows");
    }
  }

  /** first_reported: a flag the run before reported keeps its date; the others are new in this run. */
  private void firstReported(String daily) {
    Dataset<Row> now = PublishedTables.readPartition(spark, daily, Tables.GROWTH_ANOMALIES, LAST);
    Dataset<Row> before = PublishedTables.readPartition(spark, daily, Tables.GROWTH_ANOMALIES, LAST.minusDays(1))
        .select(col("creator_id"), col("date"), col("kind"), col("first_reported").as("before"));
    Dataset<Row> joined = now.join(before, scala.collection.JavaConverters.asScalaBuffer(
        List.of("creator_id", "date", "kind")).toSeq(), "left");
    assertEquals(0, joined.filter(col("before").isNotNull().and(col("first_reported").notEqual(col("before"))))
        .count(), daily + ": carried over");
    assertEquals(0, joined.filter(col("before").isNull().and(col("first_reported").notEqual(lit(LAST)))).count(),
        daily + ": new flags are first reported today");
    assertTrue(joined.filter(col("before").isNotNull()).count() > 0, daily + ": some flags were reported before");
  }

  /** The first day the anomalies job of the backfill's last day judged (the flags of the days before carried). */
  private static LocalDate judgedFrom(CliRun backfill) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "backfill 2/2 +" + LAST + " .* growth flags \\((\\d+) days judged\\)").matcher(backfill.out());
    assertTrue(m.find(), backfill.out());
    return LAST.minusDays(Integer.parseInt(m.group(1)) - 1L);
  }

  private static CliRun pipeline(List<String> format, String... args) {
    String[] all = Stream.of(Stream.of("pipeline"), Stream.of(args), format.stream())
        .flatMap(s -> s).toArray(String[]::new);
    CliRun run = CliRun.of(all);
    assertEquals(0, run.exitCode(), run.toString());
    return run;
  }

  /** Rows without first_reported, doubles rounded ({@link OutputTrees#roundDoubles}). */
  private static Dataset<Row> comparable(Dataset<Row> rows) {
    // first_reported depends on the runs before (a full run on a fresh output reports every flag first).
    return OutputTrees.roundDoubles(rows.drop("first_reported"));
  }

  private static Dataset<Row> quarantinedPerReason(Dataset<Row> accounting) {
    return accounting.filter(col("measure").equalTo("quarantined"))
        .groupBy("input_table", "reason").agg(sum("row_count").as("row_count"));
  }

  /** Copies the generated day folders up to {@code last} that the input does not have yet. */
  private static void deliverDaysUpTo(Path gen, Path in, LocalDate last) throws IOException {
    for (String[] t : new String[][] {{"profiles", "snapshot_date="}, {"posts", "observed_date="},
        {"audiences", "snapshot_date="}}) {
      try (Stream<Path> days = Files.list(gen.resolve(t[0]))) {
        for (Path day : days.toList()) {
          String name = day.getFileName().toString();
          Path target = in.resolve(t[0]).resolve(name);
          if (name.startsWith(t[1]) && !LocalDate.parse(name.substring(t[1].length())).isAfter(last)
              && !Files.exists(target)) {
            Files.createDirectories(target.getParent());
            OutputTrees.copy(day, target);
          }
        }
      }
    }
  }

  /**
   * Two creators' ids stand for a second account on another platform too, every day, with posts of its own: rows
   * in a file of their own beside each generated day's.
   */
  private void twinAccounts(Path gen) {
    String profiles = gen.resolve("profiles").toString();
    Dataset<Row> generated = spark.read().parquet(profiles);
    Column twins = col("creator_id").isin(generated.select("creator_id").where(col("creator_id").isNotNull())
        .distinct().orderBy("creator_id").limit(2).as(Encoders.STRING()).collectAsList().toArray());
    Column otherPlatform = functions.when(col("platform").equalTo("tiktok"), lit("youtube")).otherwise(lit("tiktok"));
    generated.filter(twins.and(col("snapshot_date").isNotNull()))
        .withColumn("platform", otherPlatform).withColumn("followers", col("followers").divide(10).cast("long"))
        .write().mode("append").partitionBy("snapshot_date").parquet(profiles);
    spark.read().parquet(gen.resolve("posts").toString()).filter(twins.and(col("observed_date").isNotNull()))
        .withColumn("platform", otherPlatform).withColumn("post_id", functions.concat(lit("twin-"), col("post_id")))
        .write().mode("append").partitionBy("observed_date").parquet(gen.resolve("posts").toString());
  }

  /**
   * A second file for a day already ingested: a tenth of its creators again, with 30% more followers. The jump is
   * flagged on a day the run before had settled: only a run that judges the days near changed data again sees it.
   */
  private void redeliverSnapshotDay(Path gen, Path in, LocalDate day) {
    spark.read().parquet(gen.resolve("profiles").resolve("snapshot_date=" + day).toString())
        .filter(functions.abs(functions.hash(col("creator_id"))).mod(10).equalTo(0))
        .withColumn("followers", col("followers").multiply(1.3).cast("long"))
        .coalesce(1).write().parquet(in.resolve("profiles").resolve("snapshot_date=" + day).resolve("redelivery")
            .toString());
  }

  /** Observations of posts dated {@code day}, delivered late, with more likes than any: they must not win. */
  private void staleObservations(Path gen, Path in, LocalDate day) {
    spark.read().parquet(gen.resolve("posts").resolve("observed_date=" + day).toString())
        .withColumn("likes", col("likes").multiply(3))
        .coalesce(1).write().parquet(in.resolve("posts").resolve("observed_date=" + day).resolve("late").toString());
  }

  /**
   * A flat file holding an observation a day later of every generated post, dated in the file: each run reads
   * the rows after its through date, later rows are counted after the as-of date.
   */
  private void flatFileOfLaterObservations(Path gen, Path in) {
    spark.read().option("basePath", gen.resolve("posts").toString()).parquet(gen.resolve("posts").toString())
        .filter(col("observed_date").isNotNull())
        .withColumn("observed_date", functions.date_add(col("observed_date"), 1))
        .withColumn("likes", col("likes").plus(1))
        .orderBy("observed_date")
        .coalesce(1).write().parquet(in.resolve("posts").resolve("vendor-flat").toString());
  }
}
