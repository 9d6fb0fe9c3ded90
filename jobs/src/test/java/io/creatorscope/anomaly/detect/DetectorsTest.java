package io.creatorscope.anomaly.detect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.creatorscope.common.Columns;
import io.creatorscope.engagement.CreatorTimeline;
import io.creatorscope.engagement.TierScheme;
import io.creatorscope.testing.SparkTestBase;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Each detector on tiny hand-made series: 40 daily snapshots of 10,000 followers growing 0.1% a day with a
 * deterministic, irregular +-0.2% wobble (a quadratic residue hash of the day), one behaviour per creator, and the
 * engagement evidence given directly (no posts).
 */
class DetectorsTest extends SparkTestBase {
  static final int DAYS = 40;
  static final int EVENT = 30;
  static final LocalDate AS_OF = LocalDate.of(2026, 10, 9);
  static final StructType SNAPSHOTS = new StructType()
      .add(Columns.CREATOR_ID, DataTypes.StringType).add(Columns.PLATFORM, DataTypes.StringType)
      .add(Columns.NICHE, DataTypes.StringType).add(Columns.FOLLOWERS, DataTypes.LongType)
      .add(Columns.FOLLOWING, DataTypes.LongType).add(CreatorTimeline.DAY, DataTypes.DateType)
      .add(CreatorTimeline.DAY_NUMBER, DataTypes.IntegerType)
      .add(Evidence.SURGE_RATIO, DataTypes.DoubleType).add(Evidence.SURGE_Z, DataTypes.DoubleType)
      .add(Evidence.RECENT_INTERACTIONS, DataTypes.LongType);

  static final Floors FLOORS = new Floors(50, 0.02);
  /** The creators' post-to-post scale of log ER: 1.4826 x the MAD of 0.2 given below. */
  static final double LOG_ER_SCALE = 1.4826 * 0.2;
  /** The defaults: no outlier gate on the post, 0.35 followers per extra interaction. */
  static final ViralPost VIRAL = new ViralPost(0.0, 1.0, 3, 0.35, 0.15, 3.0);

  private final List<Row> rows = new ArrayList<>();

  /** Organic growth with the wobble, plus {@code extra} followers on day d. */
  private void creator(String id, int firstDay, IntToDoubleFunction extra, IntToDoubleFunction following,
      Double surgeOnEvent, long interactionsOnEvent) {
    for (int d = firstDay; d < DAYS; d++) {
      double wobble = 0.004 * (((d * d * 7919L + d * 104_729L) % 10_007) / 10_007.0 - 0.5);
      long followers = Math.round(10_000 * (1 + 0.001 * d + wobble) + extra.applyAsDouble(d));
      boolean afterPost = surgeOnEvent != null && (d == EVENT || d == EVENT + 1);
      rows.add(RowFactory.create(id, "instagram", "food", followers, Math.round(following.applyAsDouble(d)),
          AS_OF.minusDays(DAYS - 1 - d), d - (DAYS - 1), afterPost ? surgeOnEvent : 1.0,
          afterPost ? Math.log(surgeOnEvent) / LOG_ER_SCALE : 0.0, afterPost ? interactionsOnEvent : 300L));
    }
  }

  private void creator(String id, IntToDoubleFunction extra) {
    creator(id, 0, extra, d -> 300, null, 0);
  }

  /** The evidence pipeline (without the engagement step) and every detector's finding, per creator and day. */
  private List<String> findings() {
    Dataset<Row> snapshots = spark.createDataFrame(rows, SNAPSHOTS)
        .withColumn(Evidence.RECENT_ER, lit(0.03))
        .withColumn(Evidence.LOG_INTERACTIONS_BEFORE, lit(null).cast("double"))
        .withColumn(Evidence.POSTS_BEFORE, lit(0L))
        .withColumn(Evidence.LOG_INTERACTIONS_AFTER, lit(null).cast("double"))
        .withColumn(Evidence.POSTS_AFTER, lit(0L))
        .withColumn(Evidence.MEDIAN_LOG_ER, lit(Math.log(0.03)))
        .withColumn(Evidence.MAD_LOG_ER, lit(LOG_ER_SCALE / 1.4826));
    Dataset<Row> changes = new FollowerChanges(7, 10, 61).prepare(snapshots)
        .withColumn(Columns.TIER, TierScheme.named(TierScheme.DEFAULT).tierOf(col(Evidence.PREV_FOLLOWERS)));
    Dataset<Row> judged = new RobustBaseline(60, 10, 0.0005, 7).prepare(changes, changes, lit(true),
        FLOORS.singleDay());
    List<Detector> detectors = List.of(new Drop(5, 0.03, FLOORS), new SingleDaySpike(5, 1.0, FLOORS, VIRAL),
        new MultiDayRise(5, FLOORS, VIRAL), new UnexplainedRise(3.5, 5, FLOORS, VIRAL),
        new FollowChurn(500, 0.2, 0.5, 10));
    Column found = lit(null).cast("string");
    for (Detector detector : detectors) {
      Finding f = detector.detect();
      found = when(f.condition(), f.kind()).otherwise(found);
    }
    return judged.select(col(Columns.CREATOR_ID), col(CreatorTimeline.DAY_NUMBER), found.as("found"))
        .filter(col("found").isNotNull()).orderBy(Columns.CREATOR_ID, CreatorTimeline.DAY_NUMBER).collectAsList()
        .stream().map(r -> r.getString(0) + " " + (r.getInt(1) + DAYS - 1) + " " + r.getString(2)).toList();
  }

  @Test
  void oneDayPurchaseIsASuspiciousSpike() {
    creator("bought", d -> d >= EVENT ? 1_500 : 0);
    assertEquals(List.of("bought 30 suspicious_spike"), findings());
  }

  @Test
  void dripFedPurchaseIsOneMultiDayRise() {
    // +0.8% a day for five days: each day under the floors and the threshold, together far beyond the trend.
    creator("drip", d -> d < EVENT ? 0 : 80.0 * Math.min(5, d - EVENT + 1));
    creator("clean", d -> 0);
    assertEquals(List.of("drip 33 suspicious_spike"), findings());
  }

  @Test
  void riseAfterAViralPostIsOrganicOnlyWhenItFitsThePostsReach() {
    // Both spread over two days after a post at 8x the median ER; its 2,000 interactions (1,750 above the usual)
    // fit 612 followers at 0.35 a follow per interaction.
    IntToDoubleFunction spread = d -> d >= EVENT + 1 ? 650 : d >= EVENT ? 500 : 0;
    creator("viral", 0, spread, d -> 300, 8.0, 2_000);
    IntToDoubleFunction bigger = d -> d >= EVENT + 1 ? 2_250 : d >= EVENT ? 2_100 : 0;
    creator("viral-then-bought", 0, bigger, d -> 300, 8.0, 2_000);
    assertEquals(List.of("viral 30 organic_spike", "viral-then-bought 30 suspicious_spike"), findings());
  }

  @Test
  void aModestPostExplainsTheFewFollowersItsReachBrings() {
    // A post at 2x the median ER (robust z 2.3: no outlier, and under the old gate of 5x and z 3) with 2,000
    // interactions, 1,000 above the usual: it fits 350 followers, so a gain of 250 spread over two days is organic
    // and one of 1,000 is not.
    creator("modest", 0, d -> d >= EVENT + 1 ? 310 : d >= EVENT ? 250 : 0, d -> 300, 2.0, 2_000);
    creator("modest-then-bought", 0, d -> d >= EVENT + 1 ? 1_060 : d >= EVENT ? 1_000 : 0, d -> 300, 2.0, 2_000);
    assertEquals(List.of("modest 30 organic_spike", "modest-then-bought 30 suspicious_spike"), findings());
  }

  @Test
  void dropsAndFollowChurn() {
    creator("purged", 0, d -> d >= EVENT ? -800 : 0, d -> 300, null, 0);
    creator("churner", 0, d -> 0, d -> d >= EVENT && d < EVENT + 3 ? 3_300 : 300, null, 0);
    assertEquals(List.of("churner 30 follow_churn", "purged 30 drop"), findings());
  }

  @Test
  void shortHistoryIsJudgedAgainstItsPeersThatDay() {
    for (int i = 0; i < RobustBaseline.MIN_PEERS; i++) {
      creator("peer" + (100 + i), d -> 0);
    }
    // Five snapshots only, then +20% in a day: no own baseline, far outside its platform x tier that day.
    creator("newcomer", EVENT - 4, d -> d >= EVENT ? 2_000 : 0, d -> 300, null, 0);
    creator("quiet-newcomer", EVENT - 4, d -> 0, d -> 300, null, 0);
    assertEquals(List.of("newcomer 30 suspicious_spike"), findings());
  }

  @Test
  void invalidParametersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new SingleDaySpike(0, 1, FLOORS, VIRAL));
    assertThrows(IllegalArgumentException.class, () -> new Drop(5, 1.5, FLOORS));
    assertThrows(IllegalArgumentException.class, () -> new UnexplainedRise(6, 5, FLOORS, VIRAL));
    assertThrows(IllegalArgumentException.class, () -> new Floors(-1, 0.02));
    assertThrows(IllegalArgumentException.class, () -> new ViralPost(0.0, 0.5, 3, 0.35, 0.15, 3.0));
    assertThrows(IllegalArgumentException.class, () -> new RobustBaseline(5, 10, 0.0005, 7));
  }
}
