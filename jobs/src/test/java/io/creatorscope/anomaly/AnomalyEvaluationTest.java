package io.creatorscope.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.creatorscope.testing.SparkTestBase;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Flags against labels, one creator per case: matching by kind and days, events before the evaluated days,
 * variants, signal-to-noise, clean creators.
 */
class AnomalyEvaluationTest extends SparkTestBase {
  private static final LocalDate D = LocalDate.of(2026, 10, 1);
  private static final StructType FLAGS = new StructType()
      .add("creator_id", DataTypes.StringType).add("kind", DataTypes.StringType)
      .add("date", DataTypes.DateType).add("previous_date", DataTypes.DateType);
  private static final StructType LABELS = new StructType()
      .add("creator_id", DataTypes.StringType).add("kind", DataTypes.StringType)
      .add("event_date", DataTypes.DateType).add("magnitude", DataTypes.DoubleType)
      .add("variant", DataTypes.StringType).add("last_date", DataTypes.DateType)
      .add("daily_noise", DataTypes.DoubleType);

  private static Row flag(String creator, AnomalyKind kind, int day) {
    return RowFactory.create(creator, kind.value(), D.plusDays(day), D.plusDays(day - 1));
  }

  private static Row purchase(String creator, String variant, int day, int days, double magnitude, double noise) {
    return RowFactory.create(creator, AnomalyKind.SUSPICIOUS_SPIKE.value(), D.plusDays(day), magnitude, variant,
        D.plusDays(day + days - 1), noise);
  }

  private AnomalyEvaluation.Report evaluate(List<Row> flags, List<Row> labels, List<String> creators) {
    Dataset<Row> creatorRows = spark.createDataFrame(
        creators.stream().map(c -> RowFactory.create(c)).toList(), new StructType().add("creator_id", "string"));
    return new AnomalyEvaluation().evaluate(spark.createDataFrame(flags, FLAGS),
        spark.createDataFrame(labels, LABELS), creatorRows, D);
  }

  @Test
  void scoresMatchesByKindAndDaysPerVariantAndSignalToNoise() {
    List<Row> labels = List.of(
        // 10% in one day on a 1% wobble: signal-to-noise 10, found a day late (within the tolerance).
        purchase("a", "single_day", 5, 1, 0.10, 0.01),
        // 8% over 4 days on a 1% wobble: 8 / (1% x 2) = 4, found on its third day.
        purchase("b", "drip_fed", 10, 4, 0.08, 0.01),
        // 5% over 4 days on a 1% wobble: 2.5, flagged as organic (a wrong kind finds nothing).
        purchase("c", "drip_fed", 10, 4, 0.05, 0.01),
        // 4% in one day on a 2% wobble: 2, flagged three days late (outside the tolerance).
        purchase("d", "after_viral", 20, 1, 0.04, 0.02),
        // Before the evaluated days: not scored, but "e" is not clean.
        purchase("e", "single_day", -3, 1, 0.30, 0.01),
        // Delivered from before the evaluated days into them: not scored, and its flag on day 1 is right.
        purchase("i", "drip_fed", -2, 4, 0.20, 0.01),
        // A following count that jumped: its magnitude is a share of following, so no signal-to-noise.
        RowFactory.create("j", AnomalyKind.FOLLOW_CHURN.value(), D.plusDays(15), 0.5, "follow_unfollow",
            D.plusDays(15), 0.01));
    List<Row> flags = List.of(
        flag("a", AnomalyKind.SUSPICIOUS_SPIKE, 6),
        flag("b", AnomalyKind.SUSPICIOUS_SPIKE, 12),
        flag("c", AnomalyKind.ORGANIC_SPIKE, 11),
        flag("d", AnomalyKind.SUSPICIOUS_SPIKE, 24),
        flag("f", AnomalyKind.SUSPICIOUS_SPIKE, 8),
        flag("i", AnomalyKind.SUSPICIOUS_SPIKE, 1),
        flag("j", AnomalyKind.FOLLOW_CHURN, 15),
        flag("g", AnomalyKind.UNEXPLAINED_RISE, 8));
    AnomalyEvaluation.Report report = evaluate(flags, labels, List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));

    AnomalyEvaluation.KindScore suspicious = report.kind(AnomalyKind.SUSPICIOUS_SPIKE);
    assertEquals(5, suspicious.flags());
    assertEquals(3, suspicious.matchedFlags());
    assertEquals(4, suspicious.labels());
    assertEquals(2, suspicious.matchedLabels());
    assertEquals(0.6, suspicious.precision(), 1e-9);
    assertEquals(1.0, suspicious.recallOf("single_day"), 1e-9);
    assertEquals(0.5, suspicious.recallOf("drip_fed"), 1e-9);
    assertEquals(0.0, suspicious.recallOf("after_viral"), 1e-9);

    Map<String, Map<String, long[]>> signal = suspicious.labelsByVariantAndSignal();
    assertEquals(List.of("0-3", "3-5", "5-8", ">=8"), List.copyOf(signal.get("drip_fed").keySet()));
    assertArrayEquals(new long[] {1, 1}, signal.get("single_day").get(">=8"));
    assertArrayEquals(new long[] {1, 1}, signal.get("drip_fed").get("3-5"));
    assertArrayEquals(new long[] {1, 0}, signal.get("drip_fed").get("0-3"));
    assertArrayEquals(new long[] {1, 0}, signal.get("after_viral").get("0-3"));
    assertArrayEquals(new long[] {0, 0}, signal.get("after_viral").get(">=8"));
    AnomalyEvaluation.KindScore churn = report.kind(AnomalyKind.FOLLOW_CHURN);
    assertEquals(1.0, churn.recallOf("follow_unfollow"), 1e-9);
    assertEquals(Map.of(), churn.labelsByVariantAndSignal());

    // "f" carries a fraud flag and "g" only an unexplained rise (not scored); "h" nothing.
    assertEquals(3, report.cleanCreators());
    assertEquals(1, report.cleanCreatorsFlagged());
    assertEquals(1, report.cleanCreatorsFraudFlagged());
    assertEquals(1, report.unexplainedRises());
    assertEquals(1, report.cleanCreatorsUnexplained());
  }
}
