package io.creatorscope.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.audience.AudienceBrief;
import io.creatorscope.audience.AudienceTarget;
import io.creatorscope.audience.Dimension;
import io.creatorscope.common.Tables;
import io.creatorscope.common.UserError;
import io.creatorscope.testing.SparkTestBase;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Audience targets in a brief, checked against a plain-Java computation over the same rows: which creators match,
 * which are kept as unknown, and their order.
 */
class BriefAudienceTest extends SparkTestBase {
  private static final List<String> COUNTRIES = List.of("US", "DE", "FR");
  private static final List<String> AGES = List.of("13-17", "18-24", "25-34", "35+");
  private static final StructType RANKING = new StructType()
      .add("creator_id", DataTypes.StringType).add("platform", DataTypes.StringType)
      .add("niche", DataTypes.StringType).add("tier", DataTypes.StringType).add("country", DataTypes.StringType)
      .add("authenticity_score", DataTypes.DoubleType).add("score", DataTypes.DoubleType)
      .add("rank", DataTypes.IntegerType);

  private final List<Row> ranking = new ArrayList<>();
  private final List<Row> audience = new ArrayList<>();
  /** creator -> dimension -> bucket -> share, as the independent computation sees it. */
  private final Map<String, Map<String, Map<String, Double>>> splits = new HashMap<>();
  private final Map<String, Double> scores = new HashMap<>();

  /**
   * 40 creators with random scores; 30 with a country split, 25 of those also with an age split (random shares),
   * so that every case occurs: matching, failing, unknown in one dimension, unknown in both; one creator excluded
   * by the ranking (rank null) with a matching audience.
   */
  @BeforeEach
  void creators() {
    Random random = new Random(7);
    for (int i = 0; i < 40; i++) {
      String id = String.format("c%02d", i);
      double score = Math.round(random.nextDouble() * 1000) / 10.0;
      scores.put(id, score);
      ranking.add(RowFactory.create(id, "instagram", "food", "micro", "DE", 0.9, score, i == 3 ? null : i + 1));
      if (i < 30) {
        split(id, Dimension.COUNTRY, COUNTRIES, random);
      }
      if (i < 25) {
        split(id, Dimension.AGE, AGES, random);
      }
    }
  }

  private void split(String id, Dimension dimension, List<String> buckets, Random random) {
    double[] w = buckets.stream().mapToDouble(b -> random.nextDouble()).toArray();
    double sum = Arrays.stream(w).sum();
    for (int b = 0; b < buckets.size(); b++) {
      double share = w[b] / sum;
      audience.add(RowFactory.create(id, dimension.label(), buckets.get(b), share, LocalDate.of(2026, 10, 1), null,
          null, null, null, LocalDate.of(2026, 10, 2)));
      splits.computeIfAbsent(id, k -> new HashMap<>()).computeIfAbsent(dimension.label(), k -> new HashMap<>())
          .put(buckets.get(b), share);
    }
  }

  private Dataset<Row> rankingFrame() {
    return spark.createDataFrame(ranking, RANKING);
  }

  private Dataset<Row> audienceFrame() {
    return spark.createDataFrame(audience, Tables.output(Tables.CREATOR_AUDIENCE).structType().asNullable());
  }

  private static BrandBrief brief(List<AudienceTarget> targets, double weight, int top) {
    return new BrandBrief(List.of(), List.of(), List.of(), List.of(), Optional.empty(),
        new AudienceBrief(targets, weight), top);
  }

  /** The expected creator order, computed without Spark from the same rows. */
  private List<String> expected(List<AudienceTarget> targets, double weight) {
    record Scored(String id, boolean known, double order) {}
    List<Scored> out = new ArrayList<>();
    for (Row r : ranking) {
      String id = r.getString(0);
      if (r.isNullAt(7)) {
        continue;
      }
      Map<String, Map<String, Double>> s = splits.getOrDefault(id, Map.of());
      boolean known = targets.stream().allMatch(t -> s.containsKey(t.dimension().label()));
      double fit = 0;
      boolean matches = true;
      for (AudienceTarget t : targets) {
        double share = known ? s.get(t.dimension().label()).getOrDefault(t.bucket(), 0.0) : 0;
        fit += share / targets.size();
        matches &= share >= t.minShare();
      }
      if (!known || matches) {
        out.add(new Scored(id, known, known ? (1 - weight) * scores.get(id) + weight * 100 * fit : scores.get(id)));
      }
    }
    out.sort(Comparator.comparing((Scored x) -> !x.known()).thenComparing(x -> -x.order())
        .thenComparing(Scored::id));
    return out.stream().map(Scored::id).toList();
  }

  private List<String> actual(BrandBrief brief) {
    return ids(brief.collect(rankingFrame(), audienceFrame()));
  }

  @Test
  void targetsKeepTheCreatorsThatMeetThemThenTheUnknownOnesInTheIndependentOrder() {
    List<AudienceTarget> country = List.of(AudienceTarget.parse(Dimension.COUNTRY, "us:0.3"));
    assertEquals(expected(country, 0.3), actual(brief(country, 0.3, 100)));

    List<AudienceTarget> both = List.of(AudienceTarget.parse(Dimension.COUNTRY, "US:0.25"),
        AudienceTarget.parse(Dimension.AGE, "18-24:0.2"));
    List<String> expected = expected(both, 0.5);
    assertEquals(expected, actual(brief(both, 0.5, 100)));
    assertTrue(expected.contains("c27") && expected.contains("c35"),
        "unknown in age only (c27) and in both dimensions (c35) are kept");
    assertFalse(expected.contains("c03"), "the ranking's exclusions stay excluded");
    assertTrue(expected.size() < 39, "some known creators miss the targets: " + expected.size());
    assertEquals(expected.subList(0, 5), actual(brief(both, 0.5, 5)), "--top keeps the first ones");
  }

  @Test
  void theFitChangesTheOrderOnlyWithItsWeightAndTheRowsAreMarked() {
    List<AudienceTarget> country = List.of(AudienceTarget.parse(Dimension.COUNTRY, "DE:0"));
    List<Row> rows = brief(country, 0.0, 100).collect(rankingFrame(), audienceFrame());
    for (Row r : rows) {
      boolean known = r.getAs(AudienceBrief.KNOWN);
      assertEquals(splits.containsKey(r.<String>getAs("creator_id")), known);
      if (known) {
        assertEquals((double) r.getAs("score"), (double) r.getAs(AudienceBrief.BRIEF_SCORE), 1e-9,
            "weight 0: the brief score is the score");
        assertEquals(splits.get(r.<String>getAs("creator_id")).get("country").get("DE"),
            (double) r.getAs(AudienceBrief.FIT), 1e-9);
      } else {
        assertTrue(r.isNullAt(r.fieldIndex(AudienceBrief.FIT)));
      }
    }
    assertEquals(expected(country, 0.0), rows.stream().map(r -> r.<String>getAs("creator_id")).toList());
    assertEquals(expected(country, 0.8), actual(brief(country, 0.8, 100)));
  }

  @Test
  void aPlanChoosesOnlyAmongCreatorsKnownToMeetTheTargetsAndCountsTheUnknownOnes() {
    List<AudienceTarget> both = List.of(AudienceTarget.parse(Dimension.COUNTRY, "US:0.25"),
        AudienceTarget.parse(Dimension.AGE, "18-24:0.2"));
    BrandBrief.AudiencePool pool = brief(both, 0.3, 1).plannable(rankingFrame(), audienceFrame());
    List<String> known = new ArrayList<>();
    long unknown = 0;
    for (String id : expected(both, 0.3)) {
      boolean hasBoth = splits.containsKey(id) && splits.get(id).containsKey("country")
          && splits.get(id).containsKey("age");
      if (hasBoth) {
        known.add(id);
      } else {
        unknown++;
      }
    }
    known.sort(Comparator.naturalOrder());
    assertEquals(known, brief(both, 0.3, 1).matching(pool.ranking()).select("creator_id").orderBy("creator_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    assertEquals(unknown, pool.unknownAudience());
    assertEquals(15, unknown, "c25-c39 lack an age split, c30-c39 a country split too");
  }

  @Test
  void withoutTargetsTheResultIsTodays() {
    BrandBrief plain = brief(List.of(), 0.3, 10);
    List<Row> withTable = plain.collect(rankingFrame(), audienceFrame());
    assertEquals(Arrays.asList(rankingFrame().columns()), Arrays.asList(withTable.get(0).schema().fieldNames()),
        "no audience column");
    assertEquals(plain.collect(rankingFrame(), null), withTable);
    assertEquals(new BrandBrief(List.of(), List.of(), List.of(), List.of(), Optional.empty(), 10)
        .collect(rankingFrame(), null), withTable);
  }

  /**
   * A niche, tier, platform or country the table does not have is a user error even when the brief's other values
   * find creators; a known value that finds none is an empty answer. A minimum authenticity outside 0-1 too.
   */
  @Test
  void briefValuesTheTableDoesNotHaveAreUserErrorsWhateverTheRowsFound() {
    Dataset<Row> small = spark.createDataFrame(List.of(
        RowFactory.create("a", "instagram", "food", "micro", "DE", 0.9, 50.0, 1),
        RowFactory.create("b", "tiktok", "travel", "nano", "FR", 0.9, 40.0, 2),
        RowFactory.create("c", "tiktok", "fitness", "micro", "FR", 0.9, 30.0, null)), RANKING);
    UserError niche = assertThrows(UserError.class, () -> new BrandBrief(List.of("food", "fitnes"), List.of(),
        List.of(), List.of(), Optional.empty(), 1).collect(small, null));
    assertEquals("unknown niche 'fitnes'; known: fitness, food, travel", niche.getMessage());
    UserError tier = assertThrows(UserError.class, () -> new BrandBrief(List.of(), List.of("micro", "macro"),
        List.of(), List.of(), Optional.empty(), 5).collect(small, null));
    assertEquals("unknown tier 'macro'; known: micro, nano", tier.getMessage());
    assertEquals(List.of("a"), ids(new BrandBrief(List.of("FOOD", "travel"), List.of(), List.of("Instagram"),
        List.of(), Optional.empty(), 1).collect(small, null)), "travel is known though the best row is food");
    assertEquals(List.of(), ids(new BrandBrief(List.of("fitness"), List.of(), List.of(), List.of(),
        Optional.empty(), 5).collect(small, null)), "fitness is known; its only creator is unranked");
    UserError country = assertThrows(UserError.class, () -> new BrandBrief(List.of(), List.of(), List.of(),
        List.of("de", "usa"), Optional.empty(), 5).collect(small, null));
    assertEquals("unknown country 'usa'; known: DE, FR", country.getMessage());
    assertEquals(List.of("a"), ids(new BrandBrief(List.of(), List.of(), List.of(), List.of("de"), Optional.empty(),
        5).collect(small, null)), "country codes in any case");
    for (double outside : new double[] {-0.1, 1.5, 95, Double.NaN}) {
      assertEquals("--min-authenticity must be from 0 to 1, got " + outside, assertThrows(UserError.class,
          () -> new BrandBrief(List.of(), List.of(), List.of(), List.of(), Optional.of(outside), 5)).getMessage());
    }
  }

  private static List<String> ids(List<Row> rows) {
    return rows.stream().map(r -> r.<String>getAs("creator_id")).toList();
  }

  @Test
  void malformedTargetsAndUnknownBucketsAreUserErrors() {
    assertEquals("--audience-country 'US': expected BUCKET:SHARE, e.g. US:0.4",
        assertThrows(UserError.class, () -> AudienceTarget.parse(Dimension.COUNTRY, "US")).getMessage());
    assertTrue(assertThrows(UserError.class, () -> AudienceTarget.parse(Dimension.AGE, "18-24:1.5")).getMessage()
        .contains("the share must be from 0 to 1"));
    assertTrue(assertThrows(UserError.class, () -> AudienceTarget.parse(Dimension.AGE, "18-24:-0.1")).getMessage()
        .contains("the share must be from 0 to 1"));
    assertTrue(assertThrows(UserError.class, () -> AudienceTarget.parse(Dimension.GENDER, "female:NaN"))
        .getMessage().contains("not a number"));
    assertTrue(assertThrows(UserError.class, () -> AudienceTarget.parse(Dimension.GENDER, ":0.5")).getMessage()
        .contains("expected BUCKET:SHARE"));
    UserError unknown = assertThrows(UserError.class, () -> actual(brief(
        List.of(AudienceTarget.parse(Dimension.COUNTRY, "BR:0.1")), 0.3, 5)));
    assertEquals("unknown audience country 'BR'; known: DE, FR, US", unknown.getMessage());
    UserError noSplit = assertThrows(UserError.class, () -> actual(brief(
        List.of(AudienceTarget.parse(Dimension.GENDER, "female:0.1")), 0.3, 5)));
    assertTrue(noSplit.getMessage().contains("creator_audience holds no gender split"), noSplit.getMessage());
  }
}
