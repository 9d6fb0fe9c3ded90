package io.creatorscope.bench;

import io.creatorscope.common.Columns;
import io.creatorscope.common.TableSchema;
import io.creatorscope.common.Tables;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.engagement.EngagementJob;
import io.creatorscope.engagement.TierScheme;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;

/**
 * The engagement distribution (median creator ER per platform x tier x niche, and its percentiles) computed by
 * DuckDB in one SQL query straight from the raw input files, as the benchmark's reference engine.
 *
 * <p>It follows the project's definitions with the engagement job's defaults: input rows that ingest would
 * quarantine are dropped (required columns null or blank, negative counts, posts observed before they were
 * published, posts of creators without a valid profile up to the as-of date); one snapshot per creator and day
 * (the largest follower count); the latest observation of each post; per-post ER = interactions / followers of the
 * latest snapshot on or before the post's day (ASOF JOIN), else of the first snapshot at most match_after_days
 * after it; creator ER = the exact median over the window's posts, rated with at least min_posts ERs; the tier,
 * platform and niche of the latest snapshot. Where it differs from the pipeline: the percentiles are DuckDB's
 * {@code quantile_disc} (exact) where the pipeline uses Spark's {@code percentile_approx} (for the median both take
 * the element of rank ceil(n/2) in groups smaller than the accuracy; other percentiles may differ by a rank); profile
 * rows of the same creator and day that disagree keep the largest follower count here and the largest (followers,
 * following, media_count, ...) tuple there (the generator's duplicates are exact copies, so that never differs in
 * the bench).
 * It also does more work than the engagement job alone: the validation and deduplication that ingest does.
 */
public final class DuckDbEngagement {
  private final Connection connection;
  private final String inputRoot;
  private final EngagementConfig config = EngagementConfig.defaults();

  /** {@code inputRoot} holds profiles/ and posts/ as flat Parquet files (the generator's flat layout). */
  public DuckDbEngagement(Connection connection, String inputRoot) {
    this.connection = connection;
    this.inputRoot = inputRoot;
  }

  /** Runs the query; the result is one small row per group. */
  public Map<String, DistributionComparison.Group> run(LocalDate asOf) throws SQLException {
    Map<String, DistributionComparison.Group> groups = new HashMap<>();
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql(asOf))) {
      while (rs.next()) {
        groups.put(DistributionComparison.key(rs.getString(Columns.PLATFORM), rs.getString(Columns.TIER),
                rs.getString(Columns.NICHE)),
            new DistributionComparison.Group(rs.getLong("rated_creators"), rs.getDouble("er_p50")));
      }
    }
    return groups;
  }

  /** The query for one as-of date. */
  public String sql(LocalDate asOf) {
    String asOfDate = "DATE '" + asOf + "'";
    String windowStart = "DATE '" + asOf.minusDays(config.windowDays() - 1L) + "'";
    List<String> percentiles = new ArrayList<>();
    List<String> percentileColumns = new ArrayList<>();
    for (int i = 0; i < EngagementJob.PERCENTILES.length; i++) {
      percentiles.add(String.valueOf(EngagementJob.PERCENTILES[i]));
      percentileColumns.add(String.format("q[%d] AS er_p%02d", i + 1,
          Math.round(EngagementJob.PERCENTILES[i] * 100)));
    }
    return String.join("\n",
        "WITH profiles AS (",
        "  SELECT creator_id, snapshot_date, followers, lower(trim(platform)) AS platform,",
        "         coalesce(nullif(lower(trim(niche)), ''), 'unknown') AS niche",
        "  FROM read_parquet(" + files(Tables.PROFILES) + ")",
        "  WHERE " + validRows(Tables.input(Tables.PROFILES)) + " AND snapshot_date <= " + asOfDate + "),",
        "snapshots AS (",
        "  SELECT creator_id, snapshot_date, max(followers) AS followers,",
        "         arg_max(platform, followers) AS platform, arg_max(niche, followers) AS niche",
        "  FROM profiles GROUP BY creator_id, snapshot_date),",
        "latest AS (",
        "  SELECT creator_id, arg_max(followers, snapshot_date) AS followers,",
        "         arg_max(platform, snapshot_date) AS platform, arg_max(niche, snapshot_date) AS niche",
        "  FROM snapshots GROUP BY creator_id),",
        "observations AS (",
        "  SELECT post_id, creator_id, posted_at, likes, comments, shares, saves, observed_date",
        "  FROM read_parquet(" + files(Tables.POSTS) + ")",
        "  WHERE " + validRows(Tables.input(Tables.POSTS)) + " AND observed_date <= " + asOfDate,
        "    AND observed_date >= CAST(posted_at AS DATE) AND creator_id IN (SELECT creator_id FROM latest)),",
        "posts AS (",
        "  SELECT arg_max(struct_pack(creator_id, posted_at, likes, comments, shares, saves), observed_date) AS p",
        "  FROM observations GROUP BY creator_id, post_id),",
        "window_posts AS (",
        "  SELECT p.creator_id AS creator_id, CAST(p.posted_at AS DATE) AS post_day,",
        "         p.likes + p.comments + coalesce(p.shares, 0) + coalesce(p.saves, 0) AS interactions",
        "  FROM posts WHERE CAST(p.posted_at AS DATE) BETWEEN " + windowStart + " AND " + asOfDate + "),",
        "post_followers AS (",
        "  SELECT w.creator_id, w.interactions, coalesce(",
        "         CASE WHEN prev.snapshot_date >= w.post_day - " + config.matchBeforeDays(),
        "         THEN prev.followers END,",
        "         CASE WHEN next.snapshot_date <= w.post_day + " + config.matchAfterDays()
            + " THEN next.followers END) AS followers",
        "  FROM window_posts w",
        "  ASOF LEFT JOIN snapshots prev ON w.creator_id = prev.creator_id AND w.post_day >= prev.snapshot_date",
        "  ASOF LEFT JOIN snapshots next ON w.creator_id = next.creator_id AND w.post_day <= next.snapshot_date),",
        "creator_er AS (",
        "  SELECT creator_id, median(er) AS er_median FROM (",
        "    SELECT creator_id, CASE WHEN followers > 0 THEN CAST(interactions AS DOUBLE) / followers END AS er",
        "    FROM post_followers)",
        "  GROUP BY creator_id HAVING count(er) >= " + config.minPosts() + "),",
        "rated AS (",
        "  SELECT l.platform, " + tierCase(config.tiers(), "l.followers") + " AS tier, l.niche, c.er_median",
        "  FROM creator_er c JOIN latest l USING (creator_id)),",
        "distribution AS (",
        "  SELECT platform, tier, niche, count(*) AS rated_creators,",
        "         quantile_disc(er_median, [" + String.join(", ", percentiles) + "]) AS q",
        "  FROM rated GROUP BY platform, tier, niche)",
        "SELECT platform, tier, niche, rated_creators, " + String.join(", ", percentileColumns),
        "FROM distribution");
  }

  private String files(String table) {
    return "'" + (inputRoot + "/" + table + "/*.parquet").replace("'", "''") + "'";
  }

  /** The input contract's row checks: required columns present and not blank, counts not negative. */
  static String validRows(TableSchema contract) {
    List<String> conditions = new ArrayList<>();
    for (TableSchema.ColumnSpec c : contract.columns()) {
      if (c.required()) {
        conditions.add(c.name() + " IS NOT NULL");
        if (c.type().equals(DataTypes.StringType)) {
          conditions.add("trim(" + c.name() + ") <> ''");
        }
      }
      if (c.type().equals(DataTypes.LongType)) {
        conditions.add("coalesce(" + c.name() + ", 0) >= 0");
      }
    }
    return String.join(" AND ", conditions);
  }

  /** The tier of a follower count as a SQL CASE, from the highest lower bound down. */
  static String tierCase(TierScheme scheme, String followers) {
    List<TierScheme.Tier> tiers = scheme.tiers();
    StringBuilder b = new StringBuilder("CASE");
    for (int i = tiers.size() - 1; i > 0; i--) {
      b.append(" WHEN ").append(followers).append(" >= ").append(tiers.get(i).minFollowers())
          .append(" THEN '").append(tiers.get(i).name()).append("'");
    }
    return b.append(" ELSE '").append(tiers.get(0).name()).append("' END").toString();
  }
}
