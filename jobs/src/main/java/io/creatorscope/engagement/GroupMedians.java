package io.creatorscope.engagement;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.creatorscope.common.Columns;
import io.creatorscope.common.Sparks;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The benchmark a creator is compared with: the median ER of its group in engagement_distribution. */
public final class GroupMedians {
  private GroupMedians() {}

  /**
   * Adds the median creator ER of each creator's platform x tier x niche group (from engagement_distribution) as
   * column {@code as}. The distribution is one small row per group, so it is broadcast: no shuffle of creators.
   */
  public static Dataset<Row> withGroupMedian(Dataset<Row> creators, Dataset<Row> distribution, String as) {
    Dataset<Row> medians = distribution.filter(col("group_level").equalTo("platform_tier_niche"))
        .select(col(Columns.PLATFORM), col(Columns.TIER), col(Columns.NICHE), col("er_p50").as(as));
    return creators.join(broadcast(medians),
        Sparks.joinColumns(Columns.PLATFORM, Columns.TIER, Columns.NICHE), "left");
  }
}
