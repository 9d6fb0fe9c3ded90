package io.creatorscope.bench;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.testing.SampleRun;
import io.creatorscope.testing.SparkTestBase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's DuckDB query computes what the pipeline computes: on the committed sample (about 1% dirty rows),
 * the same platform x tier x niche groups, the same rated creators in each, and the same median creator ER.
 */
class DuckDbEngagementIT extends SparkTestBase {
  @Test
  void duckdbDistributionMatchesThePipelines() throws Exception {
    Map<String, DistributionComparison.Group> ours = new HashMap<>();
    for (Row r : PublishedTables.readPartition(spark, SampleRun.output(), Tables.ENGAGEMENT_DISTRIBUTION, SampleRun.AS_OF)
        .filter(col("group_level").equalTo("platform_tier_niche"))
        .select("platform", "tier", "niche", "rated_creators", "er_p50").collectAsList()) {
      ours.put(DistributionComparison.key(r.getString(0), r.getString(1), r.getString(2)),
          new DistributionComparison.Group(r.getLong(3), r.getDouble(4)));
    }
    Map<String, DistributionComparison.Group> theirs;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("SET TimeZone = 'UTC'");
      theirs = new DuckDbEngagement(c, "data-samples").run(SampleRun.AS_OF);
    }

    assertTrue(ours.size() > 50, "the sample has many groups: " + ours.size());
    assertEquals(ours.keySet(), theirs.keySet());
    ScaleResult.Comparison cmp = DistributionComparison.compare(ours, theirs);
    assertEquals(0, cmp.ratedCreatorsDiffer(), "rated creators per group");
    // Both take the element of rank ceil(n/2) as the median of a group this small: equal up to rounding.
    assertEquals(0.0, cmp.maxAbsDiffP50(), 1e-12);
  }
}
