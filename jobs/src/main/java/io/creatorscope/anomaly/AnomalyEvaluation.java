package io.creatorscope.anomaly;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores growth_anomalies against a generated dataset's labels: a flag matches a label of the same creator and
 * kind whose event date is within one day of the flag's date. Unexplained rises are a caution, not a claim about
 * what happened, so they are counted apart and left out of the per-kind scores and the false-flag rate. All joins
 * run in Spark; only the counts come back.
 */
public final class AnomalyEvaluation {
  public static final List<String> KINDS = AnomalyKind.values(AnomalyKind.scored());
  /** Lower edges of the magnitude buckets (share of followers, or of following for follow_churn). */
  public static final double[] MAGNITUDE_EDGES = {0, 0.03, 0.05, 0.10, 0.20};
  static final int MATCH_DAYS = 1;

  /** Precision, recall and F1 of one kind. */
  public record KindScore(String kind, long flags, long matchedFlags, long labels, long matchedLabels,
      Map<String, long[]> labelsByMagnitude) {
    public double precision() {
      return flags == 0 ? Double.NaN : (double) matchedFlags / flags;
    }

    public double recall() {
      return labels == 0 ? Double.NaN : (double) matchedLabels / labels;
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Recall over labels of at least {@code minMagnitude}. */
    public double recallAtLeast(double minMagnitude) {
      long total = 0;
      long matched = 0;
      for (int i = 0; i < MAGNITUDE_EDGES.length; i++) {
        if (MAGNITUDE_EDGES[i] >= minMagnitude) {
          long[] b = labelsByMagnitude.get(bucketName(i));
          total += b[0];
          matched += b[1];
        }
      }
      return total == 0 ? Double.NaN : (double) matched / total;
    }
  }

  /** The whole evaluation. */
  public record Report(Map<String, KindScore> kinds, long organicLabels, long organicReportedSuspicious,
      long cleanCreators, long cleanCreatorsFlagged, long unexplainedRises, long unexplainedNearBought,
      long cleanCreatorsUnexplained) {
    public double organicAsSuspiciousRate() {
      return organicLabels == 0 ? Double.NaN : (double) organicReportedSuspicious / organicLabels;
    }

    public double falseFlagRate() {
      return cleanCreators == 0 ? Double.NaN : (double) cleanCreatorsFlagged / cleanCreators;
    }

    public String table() {
      StringBuilder b = new StringBuilder();
      b.append(String.format("%-17s %7s %7s %9s %7s %6s%n", "kind", "flags", "labels", "precision", "recall", "F1"));
      for (KindScore k : kinds.values()) {
        b.append(String.format("%-17s %7d %7d %9.3f %7.3f %6.3f%n", k.kind(), k.flags(), k.labels(), k.precision(),
            k.recall(), k.f1()));
      }
      b.append("recall by magnitude (matched/labels):\n");
      for (KindScore k : kinds.values()) {
        b.append(String.format("  %-17s", k.kind()));
        k.labelsByMagnitude().forEach((bucket, v) -> b.append(String.format(" %s: %d/%d", bucket, v[1], v[0])));
        b.append('\n');
      }
      b.append(String.format("suspicious_spike recall for gains >= 3%%: %.3f%n",
          kinds.get(AnomalyKind.SUSPICIOUS_SPIKE.value()).recallAtLeast(0.03)));
      b.append(String.format("organic spikes reported as suspicious_spike: %d/%d = %.3f%n", organicReportedSuspicious,
          organicLabels, organicAsSuspiciousRate()));
      b.append(String.format("creators without an injected event flagged with anything: %d/%d = %.4f%n",
          cleanCreatorsFlagged, cleanCreators, falseFlagRate()));
      b.append(String.format("unexplained_rise (not scored above): %d flags, %d within a day of an injected "
          + "suspicious spike; creators without an injected event with one: %d/%d = %.4f%n", unexplainedRises,
          unexplainedNearBought, cleanCreatorsUnexplained, cleanCreators,
          cleanCreators == 0 ? Double.NaN : (double) cleanCreatorsUnexplained / cleanCreators));
      return b.toString();
    }

    /** The evaluation as JSON-ready maps and lists. */
    public Map<String, Object> asMap() {
      Map<String, Object> root = new LinkedHashMap<>();
      List<Map<String, Object>> perKind = new ArrayList<>();
      for (KindScore k : kinds.values()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", k.kind());
        m.put("flags", k.flags());
        m.put("labels", k.labels());
        m.put("precision", k.precision());
        m.put("recall", k.recall());
        m.put("f1", k.f1());
        Map<String, Object> buckets = new LinkedHashMap<>();
        k.labelsByMagnitude().forEach((bucket, v) -> buckets.put(bucket, Map.of("labels", v[0], "matched", v[1])));
        m.put("recall_by_magnitude", buckets);
        perKind.add(m);
      }
      root.put("kinds", perKind);
      root.put("suspicious_recall_at_least_3pct", kinds.get(AnomalyKind.SUSPICIOUS_SPIKE.value()).recallAtLeast(0.03));
      root.put("organic_reported_suspicious_rate", organicAsSuspiciousRate());
      root.put("clean_creators", cleanCreators);
      root.put("clean_creators_flagged", cleanCreatorsFlagged);
      root.put("false_flag_rate", falseFlagRate());
      root.put("unexplained_rises", unexplainedRises);
      root.put("unexplained_rises_near_bought", unexplainedNearBought);
      root.put("clean_creators_with_unexplained_rise", cleanCreatorsUnexplained);
      return root;
    }
  }

  static String bucketName(int i) {
    String lo = Math.round(MAGNITUDE_EDGES[i] * 100) + "%";
    return i + 1 < MAGNITUDE_EDGES.length ? lo + "-" + Math.round(MAGNITUDE_EDGES[i + 1] * 100) + "%" : ">=" + lo;
  }

  /**
   * @param flags growth_anomalies rows (creator_id, kind, date)
   * @param labels the generator's labels (creator_id, kind, event_date, magnitude)
   * @param creators every creator evaluated (creator_id)
   */
  public Report evaluate(Dataset<Row> flags, Dataset<Row> labels, Dataset<Row> creators) {
    Dataset<Row> all = flags.select(col("creator_id").as("f_creator"), col("kind").as("f_kind"),
        col("date").as("f_date"));
    Dataset<Row> f = all.filter(col("f_kind").isin(KINDS.toArray()));
    Dataset<Row> unexplained = all.filter(col("f_kind").equalTo(AnomalyKind.UNEXPLAINED_RISE.value()));
    Dataset<Row> l = labels.select(col("creator_id").as("l_creator"), col("kind").as("l_kind"),
        col("event_date").as("l_date"), col("magnitude").as("l_magnitude"));
    Column sameCreatorNearDate = col("f_creator").equalTo(col("l_creator"))
        .and(abs(datediff(col("f_date"), col("l_date"))).leq(MATCH_DAYS));
    Column match = sameCreatorNearDate.and(col("f_kind").equalTo(col("l_kind")));

    Map<String, long[]> flagCounts = new LinkedHashMap<>();
    for (Row r : f.join(l, match, "left_semi").groupBy("f_kind").count().collectAsList()) {
      flagCounts.computeIfAbsent(r.getString(0), k -> new long[2])[1] = r.getLong(1);
    }
    for (Row r : all.groupBy("f_kind").count().collectAsList()) {
      flagCounts.computeIfAbsent(r.getString(0), k -> new long[2])[0] = r.getLong(1);
    }
    Column bucket = lit(MAGNITUDE_EDGES.length - 1);
    for (int i = MAGNITUDE_EDGES.length - 1; i >= 1; i--) {
      bucket = when(col("l_magnitude").lt(MAGNITUDE_EDGES[i]), lit(i - 1)).otherwise(bucket);
    }
    Dataset<Row> labelled = l.withColumn("_bucket", bucket);
    Map<String, Map<String, long[]>> byBucket = new LinkedHashMap<>();
    for (String kind : KINDS) {
      Map<String, long[]> m = new LinkedHashMap<>();
      for (int i = 0; i < MAGNITUDE_EDGES.length; i++) {
        m.put(bucketName(i), new long[2]);
      }
      byBucket.put(kind, m);
    }
    for (Row r : labelled.groupBy("l_kind", "_bucket").count().collectAsList()) {
      byBucket.get(r.getString(0)).get(bucketName(r.getInt(1)))[0] = r.getLong(2);
    }
    for (Row r : labelled.join(f, match, "left_semi").groupBy("l_kind", "_bucket").count().collectAsList()) {
      byBucket.get(r.getString(0)).get(bucketName(r.getInt(1)))[1] = r.getLong(2);
    }
    Map<String, KindScore> kinds = new LinkedHashMap<>();
    for (String kind : KINDS) {
      long[] fc = flagCounts.getOrDefault(kind, new long[2]);
      long labelsTotal = byBucket.get(kind).values().stream().mapToLong(v -> v[0]).sum();
      long matchedTotal = byBucket.get(kind).values().stream().mapToLong(v -> v[1]).sum();
      kinds.put(kind, new KindScore(kind, fc[0], fc[1], labelsTotal, matchedTotal, byBucket.get(kind)));
    }

    Dataset<Row> organic = l.filter(col("l_kind").equalTo(AnomalyKind.ORGANIC_SPIKE.value()));
    long organicSuspicious = organic.join(f.filter(col("f_kind").equalTo(AnomalyKind.SUSPICIOUS_SPIKE.value())),
        sameCreatorNearDate, "left_semi").count();
    Dataset<Row> clean = creators.select(col("creator_id").as("c")).distinct()
        .join(l, col("c").equalTo(col("l_creator")), "left_anti");
    Row cleanCounts = clean.join(f.select(col("f_creator")).distinct(), col("c").equalTo(col("f_creator")), "left")
        .agg(count(lit(1)), count(col("f_creator"))).first();
    long unexplainedNearBought = unexplained.join(l.filter(col("l_kind").equalTo(AnomalyKind.SUSPICIOUS_SPIKE.value())),
        sameCreatorNearDate, "left_semi").count();
    long cleanUnexplained = clean.join(unexplained, col("c").equalTo(col("f_creator")), "left_semi").count();
    return new Report(kinds, kinds.get(AnomalyKind.ORGANIC_SPIKE.value()).labels(), organicSuspicious,
        cleanCounts.getLong(0), cleanCounts.getLong(1),
        flagCounts.getOrDefault(AnomalyKind.UNEXPLAINED_RISE.value(), new long[2])[0], unexplainedNearBought,
        cleanUnexplained);
  }
}
