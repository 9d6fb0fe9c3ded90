package io.creatorscope.audience;

import static io.creatorscope.testing.RawInputs.day;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.ChangedDays;
import io.creatorscope.common.OutputFormat;
import io.creatorscope.common.Tables;
import io.creatorscope.ingest.IngestConfig;
import io.creatorscope.ingest.IngestJob;
import io.creatorscope.ingest.IngestResult;
import io.creatorscope.testing.OutputTrees;
import io.creatorscope.testing.RawInputs;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreatorAudienceJobTest extends SparkTestBase {
  private static final Column[] COLUMNS = Stream.of("creator_id", "dimension", "bucket", "share", "split_date",
      "top_country", "top_country_share", "top_age", "top_age_share").map(functions::col).toArray(Column[]::new);

  @TempDir Path tmp;

  private final List<Row> curated = new ArrayList<>();

  private CreatorAudienceJobTest split(String creator, String dimension, String bucket, double share, int day) {
    curated.add(RowFactory.create(creator, dimension, bucket, share, day(day), 1));
    return this;
  }

  private static Row row(String creator, String dimension, String bucket, double share, int splitDay,
      String topCountry, Double topCountryShare, String topAge, Double topAgeShare) {
    return RowFactory.create(creator, dimension, bucket, share, day(splitDay), topCountry, topCountryShare, topAge,
        topAgeShare);
  }

  @Test
  void theLatestSplitOfEachDimensionWithTheTopCountryAndAgeOnEveryRow() {
    split("a", "country", "US", 0.4, 1).split("a", "country", "DE", 0.4, 1).split("a", "country", "FR", 0.2, 1)
        .split("a", "country", "US", 0.3, 3).split("a", "country", "DE", 0.7, 3)     // newer: replaces day 1, FR too
        .split("a", "age", "18-24", 0.6, 2).split("a", "age", "25-34", 0.4, 2)       // its own latest day
        .split("b", "gender", "female", 1.0, 1)                                       // no country, no age
        .split("c", "country", "FR", 0.5, 1).split("c", "country", "BE", 0.5, 1);    // a tie: first by name
    Dataset<Row> splits = spark.createDataFrame(curated,
        Tables.output(Tables.CURATED_AUDIENCES).structType().asNullable());

    List<Row> rows = CreatorAudienceJob.latest(splits).select(COLUMNS)
        .orderBy("creator_id", "dimension", "bucket").collectAsList();

    assertEquals(Arrays.asList(
        row("a", "age", "18-24", 0.6, 2, "DE", 0.7, "18-24", 0.6),
        row("a", "age", "25-34", 0.4, 2, "DE", 0.7, "18-24", 0.6),
        row("a", "country", "DE", 0.7, 3, "DE", 0.7, "18-24", 0.6),
        row("a", "country", "US", 0.3, 3, "DE", 0.7, "18-24", 0.6),
        row("b", "gender", "female", 1.0, 1, null, null, null, null),
        row("c", "country", "BE", 0.5, 1, "BE", 0.5, null, null),
        row("c", "country", "FR", 0.5, 1, "BE", 0.5, null, null)), rows);
  }

  @Test
  void splitsOlderThanTheMaximumAgeAreNotUsedAndNoAudienceInputGivesAnEmptyTable() {
    Path in = new RawInputs(spark)
        .profile("a", "instagram", "food", 1000L, day(1))
        .profile("b", "instagram", "food", 1000L, day(5))
        .audience("a", "country", "US", 1.0, day(1))
        .audience("b", "country", "DE", 1.0, day(5))
        .writeTo(tmp.resolve("in"));
    String out = tmp.resolve("out").toString();
    new IngestJob(spark, new IngestConfig(in.toString(), out, Optional.of(day(5)))).run();
    new CreatorAudienceJob(spark, new AudienceConfig(3, 0.3)).run(out, day(5));
    assertEquals(List.of("b"), creators(out, day(5)), "a's split is 4 days old");
    new CreatorAudienceJob(spark, new AudienceConfig(4, 0.3)).run(out, day(5));
    assertEquals(List.of("a", "b"), creators(out, day(5)));

    Path bare = new RawInputs(spark).profile("a", "instagram", "food", 1000L, day(1)).writeTo(tmp.resolve("bare"));
    String bareOut = tmp.resolve("bare-out").toString();
    new IngestJob(spark, new IngestConfig(bare.toString(), bareOut, Optional.of(day(1)))).run();
    CreatorAudienceJob.Result r = new CreatorAudienceJob(spark, AudienceConfig.defaults()).run(bareOut, day(1));
    assertEquals(0, r.rows());
    assertEquals(0, OutputTrees.rowsAsOf(spark, bareOut, Tables.CREATOR_AUDIENCE, day(1)).count());
  }

  /**
   * A run continues the earlier creator_audience with the days after it: the same table as from every day of its
   * window, here two days (b's country split of day 1 has aged out by day 4, as has the earlier table's split of it).
   */
  @Test
  void theEarlierTableAndTheDaysAfterItGiveTheTableOfEveryDay() {
    split("a", "country", "US", 1.0, 1).split("b", "country", "DE", 1.0, 1).split("b", "age", "25-34", 1.0, 2)
        .split("a", "country", "FR", 0.6, 4).split("a", "country", "IT", 0.4, 4);
    Dataset<Row> splits = spark.createDataFrame(curated,
        Tables.output(Tables.CURATED_AUDIENCES).structType().asNullable());
    Dataset<Row> earlier = CreatorAudienceJob.latest(splits.filter(col("snapshot_date").leq(lit(day(2)))));

    List<Row> continued = CreatorAudienceJob.continued(earlier,
        splits.filter(col("snapshot_date").gt(lit(day(2)))), day(2)).select(COLUMNS).orderBy("creator_id", "bucket")
        .collectAsList();

    assertEquals(List.of(
        row("a", "country", "FR", 0.6, 4, "FR", 0.6, null, null),
        row("a", "country", "IT", 0.4, 4, "FR", 0.6, null, null),
        row("b", "age", "25-34", 1.0, 2, null, null, "25-34", 1.0)), continued);
    assertEquals(continued, CreatorAudienceJob.latest(splits.filter(col("snapshot_date").geq(lit(day(2)))))
        .select(COLUMNS).orderBy("creator_id", "bucket").collectAsList());
  }

  /** Only a run of the same settings, after which no audience day up to it changed, is continued. */
  @Test
  void anEarlierTableIsContinuedUnlessItsSettingsDifferOrADayUpToItChanged() {
    LocalDate p = day(10);
    assertTrue(CreatorAudienceJob.continues(p, true, ChangedDays.NONE));
    assertTrue(CreatorAudienceJob.continues(p, true, ChangedDays.from(day(11))), "only later days changed");
    assertFalse(CreatorAudienceJob.continues(p, false, ChangedDays.NONE), "other settings, or none recorded");
    assertFalse(CreatorAudienceJob.continues(p, true, ChangedDays.ALL), "a full ingest since");
    assertFalse(CreatorAudienceJob.continues(p, true, ChangedDays.from(p)), "its own last day delivered again");
    assertFalse(CreatorAudienceJob.continues(p, true, ChangedDays.from(day(3))), "an older day delivered again");
  }

  /** The same tables in Iceberg: curated_audiences is created on the first batch that has audiences. */
  @Test
  void inIcebergTooAndALaterBatchAddsAudiencesToAnOutputThatHadNone() {
    OutputFormat.use(spark, OutputFormat.of("iceberg", Optional.empty(), Optional.empty()));
    Path in = tmp.resolve("in");
    new RawInputs(spark).profile("a", "instagram", "food", 1000L, day(1))
        .post("p1", "a", io.creatorscope.testing.RawInputs.noon(1), 10L, 1L, day(1)).deliver(in, "first");
    String out = tmp.resolve("out").toString();
    new IngestJob(spark, new IngestConfig(in.toString(), out, Optional.of(day(1)))).run();
    new RawInputs(spark)
        .profile("a", "instagram", "food", 1010L, day(2))
        .audience("a", "age", "18-24", 0.75, day(2))
        .audience("a", "age", "25-34", 0.25, day(2))
        .deliver(in, "second");
    IngestResult second = new IngestJob(spark, new IngestConfig(in.toString(), out, Optional.of(day(2)))).run();
    assertEquals(2, second.audiences().orElseThrow().kept());
    new CreatorAudienceJob(spark, AudienceConfig.defaults()).run(out, day(2));
    Row r = OutputTrees.rowsAsOf(spark, out, Tables.CREATOR_AUDIENCE, day(2)).orderBy("bucket").first();
    assertEquals(List.of("a", "18-24", 0.75, "18-24", 0.75), List.of(r.getAs("creator_id"), r.getAs("bucket"),
        r.getAs("share"), r.getAs("top_age"), r.getAs("top_age_share")));
  }

  private List<String> creators(String out, LocalDate asOf) {
    return OutputTrees.rowsAsOf(spark, out, Tables.CREATOR_AUDIENCE, asOf).select("creator_id").distinct()
        .orderBy("creator_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }
}
