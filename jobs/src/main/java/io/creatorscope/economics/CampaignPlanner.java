package io.creatorscope.economics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;

import io.creatorscope.common.Columns;
import io.creatorscope.discovery.BrandBrief;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * A campaign plan over discovery_ranking and creator_economics: the creators a brief matches (never one the
 * ranking excluded), priced, chosen for a budget by {@link Selection}, and beside them, for every tier larger than
 * the plan's, the same budget spent on that tier's best single affordable creator.
 *
 * <p>The candidates are filtered and ordered with Spark and only the best {@link #MAX_CANDIDATES} by value per USD
 * reach the driver, where the selection runs: a plan is budget-bounded (at most a few dozen creators), so the
 * candidates that can matter are a small top-k, never the whole table.
 */
public final class CampaignPlanner {
  /** Candidates brought to the driver at most, the best by value per USD at the high price. */
  public static final int MAX_CANDIDATES = 5_000;
  private static final String VALUE = "_value";

  /** The best single creator of a larger tier the budget affords (null: none). */
  public record Comparison(String tier, Selection.Candidate best) {}

  /**
   * @param candidates creators that matched the brief, were priced, had a value and fit the per-creator cap
   * @param capped whether more candidates than {@link #MAX_CANDIDATES} matched (the selection saw the best ones)
   */
  public record Plan(Objective objective, PlanLimits limits, Selection.Result selection, long candidates,
      boolean capped, List<Comparison> comparisons) {}

  private CampaignPlanner() {}

  /** A plan choosing among every ranked creator matching the brief. */
  public static Plan plan(Dataset<Row> ranking, Dataset<Row> economics, BrandBrief brief, Objective objective,
      PlanLimits limits) {
    return plan(ranking, ranking, economics, brief, objective, limits);
  }

  /**
   * A plan choosing among the rows of {@code choosable} (the ranking's rows a plan may take, e.g. those known to
   * meet the brief's audience targets); the brief's niches, tiers and platforms are checked against the whole
   * {@code ranking}, so that a value none of the choosable creators has is an empty plan, not an unknown value.
   */
  public static Plan plan(Dataset<Row> ranking, Dataset<Row> choosable, Dataset<Row> economics, BrandBrief brief,
      Objective objective, PlanLimits limits) {
    Dataset<Row> priced = economics.withColumn(VALUE, objective.value())
        .filter(col("price_high_usd").isNotNull().and(col(VALUE).gt(0)));
    Dataset<Row> pool = brief.matching(choosable).select(Columns.CREATOR_ID).join(priced, Columns.CREATOR_ID)
        .filter(col("price_high_usd").leq(limits.maxPriceUsd()));
    List<Row> best = pool
        .orderBy(col(VALUE).divide(col("price_high_usd")).desc(), col(Columns.CREATOR_ID))
        .limit(MAX_CANDIDATES + 1).collectAsList();
    // creator_economics and discovery_ranking take a creator's niche, tier and platform from creator_engagement.
    brief.checkKnownUnlessShown(best, ranking);
    List<Selection.Candidate> candidates = best.stream().map(CampaignPlanner::candidate)
        .collect(Collectors.toCollection(ArrayList::new));
    boolean capped = candidates.size() > MAX_CANDIDATES;
    if (capped) {
      candidates.remove(candidates.size() - 1);
    }
    Selection.Result selection = Selection.select(candidates, limits);

    List<String> tierOrder = economics.groupBy(Columns.TIER).agg(min(Columns.FOLLOWERS).as("_from"))
        .orderBy("_from").collectAsList().stream().map(r -> r.getString(0)).toList();
    List<String> larger = largerTiers(tierOrder, selection.chosen(), brief.tiers());
    List<Comparison> comparisons = new ArrayList<>();
    if (!larger.isEmpty()) {
      // The brief's values were checked above, and anyTier() keeps a subset of them.
      List<Row> single = brief.anyTier().matching(choosable).select(Columns.CREATOR_ID)
          .join(priced, Columns.CREATOR_ID)
          .filter(col(Columns.TIER).isin(larger.toArray()).and(col("price_high_usd").leq(limits.budgetUsd())))
          .withColumn("_n", row_number().over(Window.partitionBy(Columns.TIER)
              .orderBy(col(VALUE).desc(), col(Columns.CREATOR_ID))))
          .filter(col("_n").equalTo(1)).collectAsList();
      for (String tier : larger) {
        comparisons.add(new Comparison(tier, single.stream().filter(r -> r.getAs(Columns.TIER).equals(tier))
            .findFirst().map(CampaignPlanner::candidate).orElse(null)));
      }
    }
    return new Plan(objective, limits, selection, candidates.size(), capped, comparisons);
  }

  /**
   * The tiers above the largest one the plan chose; with nothing chosen, above the largest tier the brief asked
   * for, or every tier.
   */
  static List<String> largerTiers(List<String> tierOrder, List<Selection.Candidate> chosen, List<String> briefTiers) {
    int top = -1;
    for (Selection.Candidate c : chosen) {
      top = Math.max(top, tierOrder.indexOf(c.tier()));
    }
    if (chosen.isEmpty()) {
      for (String t : briefTiers) {
        top = Math.max(top, tierOrder.indexOf(t.toLowerCase()));
      }
    }
    return tierOrder.subList(top + 1, tierOrder.size());
  }

  private static Selection.Candidate candidate(Row r) {
    Double views = r.isNullAt(r.fieldIndex("expected_views")) ? null : r.getAs("expected_views");
    return new Selection.Candidate(r.getAs(Columns.CREATOR_ID), r.getAs(Columns.HANDLE), r.getAs(Columns.PLATFORM),
        r.getAs(Columns.NICHE), r.getAs(Columns.TIER), r.getAs(Columns.COUNTRY), r.<Long>getAs(Columns.FOLLOWERS),
        r.<Double>getAs("price_low_usd"), r.<Double>getAs("price_high_usd"), r.<Double>getAs("expected_interactions"),
        views, r.<Double>getAs(VALUE));
  }
}
