package io.creatorscope.discovery;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.anomaly.AnomalyKind;
import io.creatorscope.common.Columns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Scores discovery_ranking against a generated dataset's labels: how many creators with injected (bought) follower
 * spikes are ranked, excluded, and in the top 10% of their platform x niche x tier group. The discovery issue's
 * target is none in any top 10%. All joins run in Spark; only counts and the (few) leaking creators come back.
 */
public final class DiscoveryEvaluation {
  /** The share of each group's ranked creators that counts as its top. */
  public static final double TOP_SHARE = 0.10;
  /** Leaking creators listed in the report, at most. */
  static final int LISTED = 20;

  /** One creator with bought followers found in a top 10%. */
  public record Leak(String creatorId, String group, int rank, long rankedInGroup, double score,
      double engagement, double authenticity, double growth, double activity, double paid) {}

  /** The evaluation. */
  public record Report(long topSlots, long boughtCreators, long boughtRated, long boughtRanked, long boughtExcluded,
      long boughtInTop, List<Leak> leaks) {
    public String table() {
      StringBuilder b = new StringBuilder();
      b.append(String.format("creators with injected suspicious spikes: %d (rated %d: ranked %d, excluded %d)%n",
          boughtCreators, boughtRated, boughtRanked, boughtExcluded));
      b.append(String.format("of them in the top %.0f%% of a group: %d (of %d top slots)%n", TOP_SHARE * 100,
          boughtInTop, topSlots));
      for (Leak l : leaks) {
        b.append(String.format("  %s %s rank %d/%d score %.1f (engagement %.2f authenticity %.2f growth %.2f "
            + "activity %.2f paid %.2f)%n", l.creatorId(), l.group(), l.rank(), l.rankedInGroup(), l.score(),
            l.engagement(), l.authenticity(), l.growth(), l.activity(), l.paid()));
      }
      return b.toString();
    }

    public Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("top_share", TOP_SHARE);
      m.put("top_slots", topSlots);
      m.put("bought_creators", boughtCreators);
      m.put("bought_rated", boughtRated);
      m.put("bought_ranked", boughtRanked);
      m.put("bought_excluded", boughtExcluded);
      m.put("bought_in_top", boughtInTop);
      m.put("leaks", leaks.stream().map(Leak::creatorId).toList());
      return m;
    }
  }

  /**
   * One aggregation over the ranking joined with the bought creators; the leaking creators are fetched only when
   * there are any.
   *
   * @param ranking discovery_ranking rows of one as-of date
   * @param labels the generator's labels (creator_id, kind, event_date), up to that date
   */
  public Report evaluate(Dataset<Row> ranking, Dataset<Row> labels) {
    Dataset<Row> bought = labels.filter(col(Columns.KIND).equalTo(AnomalyKind.SUSPICIOUS_SPIKE.value()))
        .select(col(Columns.CREATOR_ID).as("_bought_id")).distinct();
    Column ranked = col("rank").isNotNull();
    Dataset<Row> joined = ranking
        .withColumn("_ranked_in_group", count(oneIf(ranked)).over(
            Window.partitionBy(Columns.PLATFORM, Columns.NICHE, Columns.TIER)))
        .withColumn("_top", ranked.and(col("rank").leq(ceil(col("_ranked_in_group").multiply(TOP_SHARE)))))
        .join(bought, col(Columns.CREATOR_ID).equalTo(col("_bought_id")), "full_outer");
    Column isBought = col("_bought_id").isNotNull();
    Column boughtInTop = isBought.and(col("_top"));
    Row counts = joined.agg(count(oneIf(col("_top"))), count(col("_bought_id")),
        count(oneIf(isBought.and(col(Columns.CREATOR_ID).isNotNull()))), count(oneIf(isBought.and(ranked))),
        count(oneIf(boughtInTop))).first();
    long rated = counts.getLong(2);
    long inTop = counts.getLong(4);
    List<Leak> leaks = new ArrayList<>();
    if (inTop > 0) {
      for (Row r : joined.filter(boughtInTop)
          .orderBy(Columns.PLATFORM, Columns.NICHE, Columns.TIER, "rank").limit(LISTED)
          .select(col(Columns.CREATOR_ID), concat_ws(" x ", col(Columns.PLATFORM), col(Columns.NICHE),
                  col(Columns.TIER)), col("rank"), col("_ranked_in_group"), col("score"),
              col("engagement_component"), col("authenticity_component"), col("growth_component"),
              col("activity_component"), col("paid_component"))
          .collectAsList()) {
        leaks.add(new Leak(r.getString(0), r.getString(1), r.getInt(2), r.getLong(3), r.getDouble(4),
            r.getDouble(5), r.getDouble(6), r.getDouble(7), r.getDouble(8), r.getDouble(9)));
      }
    }
    return new Report(counts.getLong(0), counts.getLong(1), rated, counts.getLong(3), rated - counts.getLong(3),
        inTop, leaks);
  }

  /** A column that is non-null exactly where {@code condition} holds, for count(). */
  private static Column oneIf(Column condition) {
    return when(condition, lit(1));
  }
}
