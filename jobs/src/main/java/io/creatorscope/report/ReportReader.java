package io.creatorscope.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.Columns;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.common.UserError;
import io.creatorscope.discovery.BrandBrief;
import io.creatorscope.economics.CampaignPlanner;
import io.creatorscope.economics.Objective;
import io.creatorscope.economics.PlanLimits;
import io.creatorscope.engagement.CreatorTimeline;
import io.creatorscope.engagement.TierScheme;
import io.creatorscope.report.ReportData.AccountingRow;
import io.creatorscope.report.ReportData.CostGroup;
import io.creatorscope.report.ReportData.Distribution;
import io.creatorscope.report.ReportData.Flag;
import io.creatorscope.report.ReportData.FlaggedCreator;
import io.creatorscope.report.ReportData.Overview;
import io.creatorscope.report.ReportData.PostDay;
import io.creatorscope.report.ReportData.Snapshot;
import io.creatorscope.report.ReportData.TopCreator;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Reads what the report shows from the output tables of one as-of date. Every query ends in a small aggregate or
 * a bounded row set before it reaches the driver: distribution rollups (platforms x (tiers + niches) rows), the
 * best {@code topPerGroup} creators per niche x tier, and the histories of at most {@code maxFlagged} creators
 * (chosen with Spark, then only their snapshots and per-day post totals in the history window are collected).
 */
public final class ReportReader {
  private static final String RANK = "rank";
  private static final String SCORE = "score";
  private static final String SEVERITY = "severity";
  private static final String MAX_SEVERITY = "max_severity";
  private static final String POSITION = "position";
  private static final String DAY = "day";
  private static final String POSTS = "posts";
  private static final String INTERACTIONS = "interactions";

  /** The report's default brief: every ranked creator, this budget, the most expected engagements. */
  public static final double PLAN_BUDGET_USD = 5_000;

  private final SparkSession spark;
  private final String output;
  private final LocalDate asOf;

  public ReportReader(SparkSession spark, String output, LocalDate asOf) {
    this.spark = spark;
    this.output = output;
    this.asOf = asOf;
  }

  /**
   * @param tiers the tier scheme the pipeline ran with (tier order, tier of a flagged creator)
   * @param historyDays days of follower history before the as-of date shown for flagged creators
   */
  public ReportData read(TierScheme tiers, int historyDays, int topPerGroup, int maxFlagged) {
    List<String> tierOrder = tiers.names();
    return new ReportData(output, asOf, overview(), tierOrder, Benchmarks.forTiers(tiers), distributions(),
        topPerGroup, topCreators(topPerGroup, tierOrder), flagged(tiers, historyDays, maxFlagged), accounting(),
        costs(), defaultPlan());
  }

  private Dataset<Row> table(String name) {
    try {
      if (!PublishedTables.hasPartition(spark, output, name, asOf)) {
        throw new UserError(name + " has no partition for " + asOf + " under " + output
            + "; run the pipeline for that date first");
      }
    } catch (IOException e) {
      throw new UserError("cannot read " + name + " under " + output + ": " + e.getMessage(), e);
    }
    return PublishedTables.readPartition(spark, output, name, asOf);
  }

  private Overview overview() {
    Row creators = table(Tables.CREATOR_ENGAGEMENT)
        .agg(count(lit(1)), sum(when(col("rated"), 1L).otherwise(0L))).first();
    long ranked = table(Tables.DISCOVERY_RANKING).filter(col(RANK).isNotNull()).count();
    Map<String, Long> flagsByKind = new TreeMap<>();
    for (Row r : table(Tables.GROWTH_ANOMALIES).groupBy(Columns.KIND).count().collectAsList()) {
      flagsByKind.put(r.getString(0), r.getLong(1));
    }
    long rated = creators.isNullAt(1) ? 0 : creators.getLong(1);
    return new Overview(creators.getLong(0), rated, ranked, flagsByKind);
  }

  /** The per-tier and per-niche rollups of every platform (the platform_tier_niche rows are not needed). */
  private List<Distribution> distributions() {
    List<Distribution> out = new ArrayList<>();
    Dataset<Row> rows = table(Tables.ENGAGEMENT_DISTRIBUTION)
        .filter(col("group_level").notEqual("platform_tier_niche").and(col("er_p50").isNotNull()))
        .select(Columns.PLATFORM, Columns.TIER, Columns.NICHE, "group_level", "rated_creators",
            "er_p05", "er_p25", "er_p50", "er_p75", "er_p95");
    for (Row r : rows.collectAsList()) {
      out.add(new Distribution(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
          r.getDouble(5), r.getDouble(6), r.getDouble(7), r.getDouble(8), r.getDouble(9)));
    }
    out.sort(Comparator.comparing(Distribution::platform).thenComparing(Distribution::groupLevel)
        .thenComparing(Distribution::niche).thenComparing(Distribution::tier));
    return out;
  }

  /** The best ranked creators of every niche x tier, across platforms, by score (ties by creator_id). */
  private List<TopCreator> topCreators(int topPerGroup, List<String> tierOrder) {
    Dataset<Row> rows = table(Tables.DISCOVERY_RANKING)
        .filter(col(RANK).isNotNull())
        .withColumn(POSITION, row_number().over(Window.partitionBy(Columns.NICHE, Columns.TIER)
            .orderBy(col(SCORE).desc(), col(Columns.CREATOR_ID))))
        .filter(col(POSITION).leq(topPerGroup))
        .select(Columns.NICHE, Columns.TIER, POSITION, Columns.PLATFORM, RANK, Columns.HANDLE, Columns.COUNTRY,
            Columns.FOLLOWERS, "er", "group_median_er", SCORE, "engagement_component", "authenticity_component",
            "growth_component", "activity_component", "paid_component", "top_reasons", Columns.CREATOR_ID);
    List<TopCreator> out = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      String handle = r.isNullAt(5) ? r.getString(17) : r.getString(5);
      out.add(new TopCreator(r.getString(0), r.getString(1), r.getInt(2), r.getString(3), r.getInt(4), handle,
          r.getString(6), r.getLong(7), number(r, 8), number(r, 9), number(r, 10), number(r, 11), number(r, 12),
          number(r, 13), number(r, 14), number(r, 15), r.getString(16)));
    }
    out.sort(Comparator.comparing(TopCreator::niche)
        .thenComparing(TopCreator::tier, TierScheme.byOrder(tierOrder))
        .thenComparing(TopCreator::position));
    return out;
  }

  /**
   * The {@code maxFlagged} creators with the most severe flags, each with all its flags, its follower snapshots
   * and its posts per day over the history window.
   */
  private List<FlaggedCreator> flagged(TierScheme tiers, int historyDays, int maxFlagged) {
    Dataset<Row> flags = table(Tables.GROWTH_ANOMALIES);
    List<Row> chosen = flags.groupBy(Columns.CREATOR_ID).agg(max(SEVERITY).as(MAX_SEVERITY))
        .orderBy(col(MAX_SEVERITY).desc(), col(Columns.CREATOR_ID))
        .limit(maxFlagged)
        .collectAsList();
    if (chosen.isEmpty()) {
      return List.of();
    }
    Column isChosen = col(Columns.CREATOR_ID).isin(chosen.stream().map(r -> r.getString(0)).toArray());
    LocalDate from = asOf.minusDays(historyDays);

    Map<String, List<Flag>> flagsOf = new LinkedHashMap<>();
    for (Row r : flags.filter(isChosen)
        .select(Columns.CREATOR_ID, "date", Columns.KIND, "followers_before", "followers_after",
            "following_before", "following_after", "relative_change_per_day", SEVERITY, "reason")
        .orderBy("date", Columns.KIND).collectAsList()) {
      flagsOf.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new Flag(r.getAs(1), r.getString(2),
          r.getLong(3), r.getLong(4), r.isNullAt(5) ? null : r.getLong(5), r.isNullAt(6) ? null : r.getLong(6),
          number(r, 7), number(r, 8), r.getString(9)));
    }

    Map<String, List<Row>> historyOf = new LinkedHashMap<>();
    for (Row r : PublishedTables.readFacts(spark, output, Tables.CURATED_PROFILES, from, asOf)
        .filter(isChosen)
        .select(Columns.CREATOR_ID, Columns.SNAPSHOT_DATE, Columns.FOLLOWERS, Columns.HANDLE, Columns.PLATFORM,
            Columns.NICHE)
        .orderBy(Columns.SNAPSHOT_DATE).collectAsList()) {
      historyOf.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
    }

    Map<String, List<Row>> postDaysOf = new LinkedHashMap<>();
    for (Row r : PublishedTables.readFacts(spark, output, Tables.CURATED_POSTS, from, asOf)
        .filter(isChosen)
        .withColumn(DAY, to_date(col(Columns.POSTED_AT)))
        .filter(col(DAY).between(lit(from), lit(asOf)))
        .groupBy(Columns.CREATOR_ID, DAY)
        .agg(count(lit(1)).as(POSTS), sum(CreatorTimeline.interactions()).as(INTERACTIONS))
        .orderBy(DAY).collectAsList()) {
      postDaysOf.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
    }

    List<FlaggedCreator> out = new ArrayList<>();
    for (Row c : chosen) {
      String id = c.getString(0);
      List<Row> rows = historyOf.getOrDefault(id, List.of());
      NavigableMap<LocalDate, Long> followers = new TreeMap<>();
      rows.forEach(r -> followers.put(r.getAs(1), r.getLong(2)));
      List<Snapshot> history = followers.entrySet().stream().map(e -> new Snapshot(e.getKey(), e.getValue()))
          .toList();
      Row latest = rows.isEmpty() ? null : rows.get(rows.size() - 1);
      String handle = latest == null || latest.isNullAt(3) ? id : latest.getString(3);
      String platform = latest == null ? "" : latest.getString(4);
      String niche = latest == null ? "" : latest.getString(5);
      String tier = latest == null ? "" : tiers.tierOf(latest.getLong(2));
      List<PostDay> postDays = new ArrayList<>();
      for (Row d : postDaysOf.getOrDefault(id, List.of())) {
        postDays.add(postDay(d.getAs(1), d.getLong(2), d.getLong(3), followers));
      }
      out.add(new FlaggedCreator(id, handle, platform, niche, tier, c.getDouble(1),
          flagsOf.getOrDefault(id, List.of()), history, postDays));
    }
    return out;
  }

  /**
   * A day's posts with their mean per-post ER: interactions / followers on the latest snapshot on or before the
   * day (the first later one when the day precedes every snapshot), as the engagement job measures it.
   */
  static PostDay postDay(LocalDate day, long posts, long interactions, NavigableMap<LocalDate, Long> followers) {
    Map.Entry<LocalDate, Long> snapshot = followers.floorEntry(day);
    if (snapshot == null) {
      snapshot = followers.ceilingEntry(day);
    }
    Double er = snapshot == null || posts == 0 ? null
        : CreatorTimeline.rate((double) interactions / posts, snapshot.getValue());
    return new PostDay(day, posts, interactions, er);
  }

  /** Median CPE at the low and the high price per platform x tier, over the creators the ranking ranks. */
  private List<CostGroup> costs() {
    List<CostGroup> out = new ArrayList<>();
    for (Row r : table(Tables.CREATOR_ECONOMICS).filter(col("cpe_high_usd").isNotNull())
        .join(table(Tables.DISCOVERY_RANKING).filter(col(RANK).isNotNull()).select(Columns.CREATOR_ID),
            Columns.CREATOR_ID)
        .groupBy(Columns.PLATFORM, Columns.TIER)
        .agg(count(lit(1)), percentile_approx(col("cpe_low_usd"), lit(0.5), lit(10_000)),
            percentile_approx(col("cpe_high_usd"), lit(0.5), lit(10_000)))
        .collectAsList()) {
      out.add(new CostGroup(r.getString(0), r.getString(1), r.getLong(2), r.getDouble(3), r.getDouble(4)));
    }
    out.sort(Comparator.comparing(CostGroup::platform));
    return out;
  }

  private CampaignPlanner.Plan defaultPlan() {
    return CampaignPlanner.plan(table(Tables.DISCOVERY_RANKING), table(Tables.CREATOR_ECONOMICS),
        new BrandBrief(List.of(), List.of(), List.of(), List.of(), Optional.empty(), 1), Objective.ENGAGEMENTS,
        new PlanLimits(PLAN_BUDGET_USD, PlanLimits.MAX_CREATORS_DEFAULT, PlanLimits.MAX_SHARE_DEFAULT, 0, 0));
  }

  private List<AccountingRow> accounting() {
    List<AccountingRow> out = new ArrayList<>();
    for (Row r : table(Tables.INGEST_ACCOUNTING).select("input_table", "measure", "reason", "row_count")
        .collectAsList()) {
      out.add(new AccountingRow(r.getString(0), r.getString(1), r.getString(2), r.getLong(3)));
    }
    return out;
  }

  private static double number(Row r, int i) {
    return r.isNullAt(i) ? Double.NaN : ((Number) r.get(i)).doubleValue();
  }
}
