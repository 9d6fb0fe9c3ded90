package io.creatorscope.audience;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.BaseJob;
import io.creatorscope.common.ChangedDays;
import io.creatorscope.common.Columns;
import io.creatorscope.common.JobResult;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.Progress;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Tables;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The {@code audience} job: the creator_audience table. Per creator and dimension the latest split in
 * curated_audiences up to the as-of date (and at most {@code audience.max_age_days} old), with the creator's top
 * country and top age band beside every row. An output without audience input gets an empty table.
 */
public final class CreatorAudienceJob extends BaseJob<CreatorAudienceJob.Result> {
  static final String SPLIT_DATE = "split_date";
  /** The latest day of a bucket's split, before the dimension's latest day is known. */
  private static final String BUCKET_DATE = "_bucket_date";
  private static final Column[] SPLIT_COLUMNS = {col(Columns.CREATOR_ID), col(Columns.DIMENSION),
      col(Columns.BUCKET), col(Columns.SHARE), col(Columns.SNAPSHOT_DATE)};

  private final AudienceConfig config;

  public CreatorAudienceJob(SparkSession spark, AudienceConfig config) {
    super(spark, "audience", "creator_audience");
    this.config = config;
  }

  /** What a run wrote. */
  /** @param continuedFrom the earlier as-of date whose table the run continued ({@link #continues}), if any */
  public record Result(LocalDate asOf, long creators, long rows, Optional<LocalDate> continuedFrom, double seconds)
      implements JobResult {
    @Override
    public String summary() {
      return creators + " creators with an audience split in creator_audience (" + rows + " rows)"
          + continuedFrom.map(e -> ", continuing " + e + "'s").orElse("");
    }
  }

  @Override
  protected Result execute(OutputRun out, LocalDate asOf, Progress progress) {
    out.requireIngested(asOf);
    LocalDate from = asOf.minusDays(config.maxAgeDays());
    Optional<LocalDate> earlier = out.earlierRun(Tables.CREATOR_AUDIENCE, name(), asOf,
            List.of(Tables.CURATED_AUDIENCES))
        .filter(e -> continues(e.asOf(), e.sameConfiguration(configuration()), e.changedSince()))
        .map(RunManifest.EarlierRun::asOf);
    progress.step(earlier.map(e -> "the latest splits of " + e + " and the audience days after it")
        .orElse("every audience day from " + from));
    Dataset<Row> table = earlier
        .map(e -> continued(out.read(Tables.CREATOR_AUDIENCE, e),
            splitsOf(out, e.plusDays(1).isAfter(from) ? e.plusDays(1) : from, asOf), from))
        .orElseGet(() -> latest(splitsOf(out, from, asOf)));
    out.stage(Tables.output(Tables.CREATOR_AUDIENCE), table, asOf);
    Row counts = out.read(Tables.CREATOR_AUDIENCE, asOf).agg(countDistinct(col(Columns.CREATOR_ID)), count(lit(1)))
        .first();
    progress.step("creator_audience: " + counts.getLong(0) + " creators, " + counts.getLong(1) + " rows");
    return new Result(asOf, counts.getLong(0), counts.getLong(1), earlier, progress.elapsedSeconds());
  }

  /**
   * Whether a run continues the creator_audience of the {@code earlier} as-of date: the newest earlier run of the
   * job, recorded with the same settings, after which no curated_audiences day up to that date changed. A
   * dimension's latest split only moves forward in time, so that table's splits and the days after it hold every
   * latest split of this run: the daily run reads one day, not max_age_days. A day up to it delivered again could
   * have dropped a split it kept, and then every day is read.
   */
  static boolean continues(LocalDate earlier, boolean sameSettings, ChangedDays changedSince) {
    return sameSettings && !changedSince.all()
        && (changedSince.from() == null || changedSince.from().isAfter(earlier));
  }

  /**
   * The creator_audience table (without as_of_date) that continues {@code earlierTable} (as {@link #continues}
   * allows) with the curated_audiences rows of the days after it, {@code splitsAfter}: the splits of {@code from}
   * on, the first day of the run's window.
   */
  static Dataset<Row> continued(Dataset<Row> earlierTable, Dataset<Row> splitsAfter, LocalDate from) {
    return latest(earlierTable.filter(col(SPLIT_DATE).geq(lit(from)))
        .withColumn(Columns.SNAPSHOT_DATE, col(SPLIT_DATE))
        .select(SPLIT_COLUMNS)
        .unionByName(splitsAfter.select(SPLIT_COLUMNS)));
  }

  /** The curated_audiences rows of the days [{@code from}, {@code to}]. */
  private static Dataset<Row> splitsOf(OutputRun out, LocalDate from, LocalDate to) {
    return out.readFacts(Tables.output(Tables.CURATED_AUDIENCES), from, to);
  }

  @Override
  protected Map<String, Object> configuration() {
    return Map.of("audience", config);
  }

  /** The creator_audience table (without as_of_date) from curated_audiences rows of the days to consider. */
  public static Dataset<Row> latest(Dataset<Row> splits) {
    WindowSpec byDimension = Window.partitionBy(col(Columns.CREATOR_ID), col(Columns.DIMENSION));
    WindowSpec byCreator = Window.partitionBy(col(Columns.CREATOR_ID));
    Column isTop = row_number().over(byDimension.orderBy(col(Columns.SHARE).desc(), col(Columns.BUCKET)))
        .equalTo(1);
    // Each bucket's latest share first, in a hash aggregation that shrinks the days before they are shuffled; then
    // only the buckets of each dimension's latest day stay. Windows over the split rows themselves sorted every day
    // read (14 million rows at 50,000 creators x 180 days) to keep one day of each: most of the job's time. A
    // creator's day is unique per bucket in curated_audiences, so the latest share has no tie.
    Dataset<Row> buckets = splits
        .groupBy(col(Columns.CREATOR_ID), col(Columns.DIMENSION), col(Columns.BUCKET))
        .agg(max_by(col(Columns.SHARE), col(Columns.SNAPSHOT_DATE)).as(Columns.SHARE),
            max(col(Columns.SNAPSHOT_DATE)).as(BUCKET_DATE));
    // Hash-partitioned by creator, the windows below are computed without another shuffle.
    Dataset<Row> latest = buckets.repartition(col(Columns.CREATOR_ID))
        .withColumn(SPLIT_DATE, max(col(BUCKET_DATE)).over(byDimension))
        .filter(col(BUCKET_DATE).equalTo(col(SPLIT_DATE)))
        .drop(BUCKET_DATE)
        .withColumn("_top", isTop);
    return latest
        .withColumn("top_country", top(byCreator, Dimension.COUNTRY, col(Columns.BUCKET)))
        .withColumn("top_country_share", top(byCreator, Dimension.COUNTRY, col(Columns.SHARE)))
        .withColumn("top_age", top(byCreator, Dimension.AGE, col(Columns.BUCKET)))
        .withColumn("top_age_share", top(byCreator, Dimension.AGE, col(Columns.SHARE)));
  }

  /** The value of the creator's top bucket of {@code dimension}, on every row of the creator. */
  private static Column top(WindowSpec byCreator, Dimension dimension, Column value) {
    return max(when(col("_top").and(col(Columns.DIMENSION).equalTo(dimension.label())), value)).over(byCreator);
  }
}
