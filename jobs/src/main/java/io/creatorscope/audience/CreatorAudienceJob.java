package io.creatorscope.audience;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.BaseJob;
import io.creatorscope.common.Columns;
import io.creatorscope.common.JobResult;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.Progress;
import io.creatorscope.common.Tables;
import java.time.LocalDate;
import java.util.Map;
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

  private final AudienceConfig config;

  public CreatorAudienceJob(SparkSession spark, AudienceConfig config) {
    super(spark, "audience", "creator_audience");
    this.config = config;
  }

  /** What a run wrote. */
  public record Result(LocalDate asOf, long creators, long rows, double seconds) implements JobResult {
    @Override
    public String summary() {
      return creators + " creators with an audience split in creator_audience (" + rows + " rows)";
    }
  }

  @Override
  protected Result execute(OutputRun out, LocalDate asOf, Progress progress) {
    out.requireIngested(asOf);
    Dataset<Row> splits = out.readFacts(Tables.output(Tables.CURATED_AUDIENCES),
        asOf.minusDays(config.maxAgeDays()), asOf);
    out.stage(Tables.output(Tables.CREATOR_AUDIENCE), latest(splits), asOf);
    Row counts = out.read(Tables.CREATOR_AUDIENCE, asOf).agg(countDistinct(col(Columns.CREATOR_ID)), count(lit(1)))
        .first();
    progress.step("creator_audience: " + counts.getLong(0) + " creators, " + counts.getLong(1) + " rows");
    return new Result(asOf, counts.getLong(0), counts.getLong(1), progress.elapsedSeconds());
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
    // Hash-partitioned by creator, both windows below are computed without another shuffle.
    Dataset<Row> latest = splits.repartition(col(Columns.CREATOR_ID))
        .withColumn(SPLIT_DATE, max(col(Columns.SNAPSHOT_DATE)).over(byDimension))
        .filter(col(Columns.SNAPSHOT_DATE).equalTo(col(SPLIT_DATE)))
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
