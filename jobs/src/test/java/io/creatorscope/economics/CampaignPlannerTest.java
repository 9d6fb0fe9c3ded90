package io.creatorscope.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.UserError;
import io.creatorscope.discovery.BrandBrief;
import io.creatorscope.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The planner over hand-built ranking and economics tables: exclusions, limits, the comparison line. */
class CampaignPlannerTest extends SparkTestBase {
  private static final StructType RANKING = new StructType()
      .add("creator_id", DataTypes.StringType).add("rank", DataTypes.IntegerType)
      .add("niche", DataTypes.StringType).add("tier", DataTypes.StringType).add("platform", DataTypes.StringType)
      .add("country", DataTypes.StringType).add("authenticity_score", DataTypes.DoubleType)
      .add("score", DataTypes.DoubleType).add("excluded_reason", DataTypes.StringType);
  private static final StructType ECONOMICS = new StructType()
      .add("creator_id", DataTypes.StringType).add("handle", DataTypes.StringType)
      .add("platform", DataTypes.StringType).add("niche", DataTypes.StringType).add("tier", DataTypes.StringType)
      .add("country", DataTypes.StringType).add("followers", DataTypes.LongType)
      .add("price_low_usd", DataTypes.DoubleType).add("price_high_usd", DataTypes.DoubleType)
      .add("expected_interactions", DataTypes.DoubleType).add("expected_views", DataTypes.DoubleType);

  private static Dataset<Row> ranking;
  private static Dataset<Row> economics;

  @BeforeAll
  static void market() {
    List<Row> ranked = new ArrayList<>();
    List<Row> priced = new ArrayList<>();
    // id, tier, country, followers, high price, interactions, views, excluded
    Object[][] market = {
      {"m1", "micro", "DE", 20_000L, 300.0, 900.0, 5_000.0, null},
      {"m2", "micro", "DE", 30_000L, 400.0, 1_000.0, null, null},
      {"m3", "micro", "FR", 15_000L, 200.0, 500.0, 9_000.0, null},
      {"m4", "micro", "FR", 60_000L, 800.0, 1_500.0, null, null},
      {"m5", "micro", "IT", 12_000L, 150.0, 300.0, null, null},
      {"spiky", "micro", "DE", 50_000L, 100.0, 5_000.0, 50_000.0,
          "suspicious follower spike in the last 90 days (severity 0.60)"},
      {"n1", "nano", "DE", 5_000L, 50.0, 200.0, null, null},
      {"M1", "macro", "DE", 300_000L, 3_000.0, 4_000.0, null, null},
      {"M2", "macro", "FR", 800_000L, 6_000.0, 9_000.0, null, null},
      {"M3", "macro", "IT", 200_000L, 2_500.0, 3_500.0, null, null},
      {"G1", "mega", "US", 2_000_000L, 20_000.0, 30_000.0, null, null},
    };
    for (Object[] c : market) {
      String id = (String) c[0];
      boolean excluded = c[7] != null;
      ranked.add(RowFactory.create(id, excluded ? null : 1, "food", c[1], "instagram", c[2], 0.9, 50.0, c[7]));
      priced.add(RowFactory.create(id, "@" + id, "instagram", "food", c[1], c[2], c[3], (Double) c[4] / 2, c[4],
          c[5], c[6]));
    }
    ranking = spark.createDataFrame(ranked, RANKING);
    economics = spark.createDataFrame(priced, ECONOMICS);
  }

  private static BrandBrief brief(List<String> tiers, List<String> countries) {
    return new BrandBrief(List.of(), tiers, List.of(), countries, Optional.empty(), 1);
  }

  private static List<String> ids(CampaignPlanner.Plan plan) {
    return plan.selection().chosen().stream().map(Selection.Candidate::creatorId).toList();
  }

  @Test
  void microPlanNeverTakesAnExcludedCreatorAndComparesWithTheBestAffordableLargerCreators() {
    CampaignPlanner.Plan plan = CampaignPlanner.plan(ranking, economics, brief(List.of("micro"), List.of()),
        Objective.ENGAGEMENTS, new PlanLimits(1_000, 20, 1.0, 0, 0));
    assertFalse(ids(plan).contains("spiky"), "the best value per USD, but excluded by the ranking");
    assertTrue(plan.selection().spentHighUsd() <= 1_000, "never over the budget at the high price");
    assertEquals(List.of("m1", "m2", "m3"), ids(plan),
        "engagements per USD 3.0, 2.5, 2.5 (the tie by id): 2,400 for 900 USD; m5 (150 USD) no longer fits");
    assertEquals(List.of("macro", "mega"), plan.comparisons().stream().map(CampaignPlanner.Comparison::tier).toList());
    assertNull(plan.comparisons().get(0).best(), "no macro creator costs 1,000 USD or less at its high price");

    CampaignPlanner.Plan bigger = CampaignPlanner.plan(ranking, economics, brief(List.of("micro"), List.of()),
        Objective.ENGAGEMENTS, new PlanLimits(5_000, 20, 1.0, 0, 0));
    assertEquals("M1", bigger.comparisons().get(0).best().creatorId(),
        "M2 has more engagements but costs 6,000; M1 (4,000) beats M3 (3,500)");
    assertNull(bigger.comparisons().get(1).best(), "the mega creator costs 20,000");
    assertEquals(List.of("m1", "m2", "m3", "m5", "m4"), ids(bigger), "every ranked micro creator fits 5,000 USD");
  }

  @Test
  void limitsOnCountriesCreatorsAndShareHold() {
    CampaignPlanner.Plan plan = CampaignPlanner.plan(ranking, economics, brief(List.of("micro", "nano"), List.of()),
        Objective.ENGAGEMENTS, new PlanLimits(5_000, 3, 0.1, 1, 0));
    assertTrue(ids(plan).size() <= 3);
    assertEquals(List.of(), SelectionTest.violations(plan.selection().chosen(), plan.limits()));
    assertFalse(ids(plan).contains("m4"), "800 USD is more than 10% of the budget");
    assertEquals(3, plan.selection().chosen().stream().map(Selection.Candidate::country).distinct().count(),
        "one creator per country");
  }

  @Test
  void theViewsObjectiveOnlyPlansCreatorsWithViewsAndTheBriefFiltersApply() {
    CampaignPlanner.Plan views = CampaignPlanner.plan(ranking, economics, brief(List.of(), List.of()),
        Objective.VIEWS, new PlanLimits(5_000, 20, 1.0, 0, 0));
    assertEquals(List.of("m3", "m1"), ids(views), "views per USD 45 and 16.7; the spiky creator's 50,000 excluded");
    assertEquals(List.of(), views.comparisons().stream().filter(c -> c.best() != null).toList(),
        "no larger creator reports views");

    CampaignPlanner.Plan france = CampaignPlanner.plan(ranking, economics, brief(List.of(), List.of("fr")),
        Objective.CREATORS, new PlanLimits(5_000, 20, 1.0, 0, 0));
    assertEquals(List.of("m3", "m4"), ids(france), "creators objective: the cheapest first; M2 costs too much");
  }

  @Test
  void aTierTheTablesDoNotHaveIsAUserErrorEvenWhenTheOtherTiersFindCreators() {
    UserError unknown = assertThrows(UserError.class, () -> CampaignPlanner.plan(
        ranking, economics, brief(List.of("micro", "mikro"), List.of()), Objective.ENGAGEMENTS,
        new PlanLimits(1_000, 20, 1.0, 0, 0)));
    assertEquals("unknown tier 'mikro'; known: macro, mega, micro, nano", unknown.getMessage());
    CampaignPlanner.Plan none = CampaignPlanner.plan(ranking, economics, brief(List.of("mega"), List.of()),
        Objective.ENGAGEMENTS, new PlanLimits(1_000, 20, 1.0, 0, 0));
    assertEquals(List.of(), ids(none), "mega is known; its one creator costs 20,000 USD");
  }

  /** A plan restricted to some creators (say, those known to meet audience targets) checks values on the whole. */
  @Test
  void aKnownTierNoneOfTheChoosableCreatorsHaveIsAnEmptyPlanNotAnUnknownTier() {
    Dataset<Row> choosable = ranking.filter("tier <> 'nano'");
    CampaignPlanner.Plan nano = CampaignPlanner.plan(ranking, choosable, economics, brief(List.of("nano"), List.of()),
        Objective.ENGAGEMENTS, new PlanLimits(1_000, 20, 1.0, 0, 0));
    assertEquals(List.of(), ids(nano));
    assertEquals("unknown tier 'nan'; known: macro, mega, micro, nano", assertThrows(UserError.class,
        () -> CampaignPlanner.plan(ranking, choosable, economics, brief(List.of("nan"), List.of()),
            Objective.ENGAGEMENTS, new PlanLimits(1_000, 20, 1.0, 0, 0))).getMessage());
  }
}
