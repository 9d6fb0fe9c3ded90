package io.creatorscope.anomaly;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores growth_anomalies against a generated dataset's labels: a flag matches a label of the same creator and
 * kind when the change it covers (the days after its previous_date up to its date) meets the event's days, give
 * or take one day (a drip-fed purchase spans its delivery days, and one flag anywhere in it finds it). Unexplained
 * rises are a caution, not a claim about what happened, so they are counted apart and left out of the per-kind
 * scores and the false-flag rates. All joins run in Spark; only the counts come back.
 */
public final class AnomalyEvaluation {
  public static final List<String> KINDS = AnomalyKind.values(AnomalyKind.scored());
  /** Kinds that accuse a creator of faking its audience (an organic spike does not). */
  public static final List<String> FRAUD_KINDS = AnomalyKind.values(
      List.of(AnomalyKind.SUSPICIOUS_SPIKE, AnomalyKind.DROP, AnomalyKind.FOLLOW_CHURN));
  /** Lower edges of the magnitude buckets (share of followers, or of following for follow_churn). */
  public static final double[] MAGNITUDE_EDGES = {0, 0.03, 0.05, 0.10, 0.20};
  /**
   * Lower edges of the signal-to-noise buckets: an event's magnitude over the creator's organic wobble across its
   * delivery days (daily_noise x sqrt(days), noise adding up like a random walk). A rule on follower counts alone
   * tests each creator on ~100 days and several rise lengths, so it must draw its line near 4-5 of these to keep
   * clean creators flagged under 0.5% (docs/anomalies.md): a miss below 5 says more about the data than about
   * the detector, a miss above 8 is the detector's.
   */
  public static final double[] SIGNAL_EDGES = {0, 3, 5, 8};
  /** Kinds whose magnitude is a share of the followers, whose wobble daily_noise is (not follow_churn's). */
  static final List<String> FOLLOWER_KINDS = AnomalyKind.values(
      List.of(AnomalyKind.SUSPICIOUS_SPIKE, AnomalyKind.ORGANIC_SPIKE, AnomalyKind.DROP));
  static final int MATCH_DAYS = 1;

  /**
   * Precision and recall of one kind, with its labels by magnitude bucket, by variant, and by variant and
   * signal-to-noise bucket ([labels, matched]).
   */
  public record KindScore(String kind, long flags, long matchedFlags, long labels, long matchedLabels,
      Map<String, long[]> labelsByMagnitude, Map<String, long[]> labelsByVariant,
      Map<String, Map<String, long[]>> labelsByVariantAndSignal) {
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

    public double recallOf(String variant) {
      long[] v = labelsByVariant.getOrDefault(variant, new long[2]);
      return v[0] == 0 ? Double.NaN : (double) v[1] / v[0];
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
      long cleanCreators, long cleanCreatorsFlagged, long cleanCreatorsFraudFlagged, long unexplainedRises,
      long unexplainedNearBought, long cleanCreatorsUnexplained) {
    public KindScore kind(AnomalyKind kind) {
      return kinds.get(kind.value());
    }

    public double organicAsSuspiciousRate() {
      return organicLabels == 0 ? Double.NaN : (double) organicReportedSuspicious / organicLabels;
    }

    /** Creators without an injected event that carry any scored flag. */
    public double falseFlagRate() {
      return cleanCreators == 0 ? Double.NaN : (double) cleanCreatorsFlagged / cleanCreators;
    }

    /** Creators without an injected event that carry a fraud flag (suspicious spike, drop, follow churn). */
    public double falseFraudFlagRate() {
      return cleanCreators == 0 ? Double.NaN : (double) cleanCreatorsFraudFlagged / cleanCreators;
    }

    public String table() {
      StringBuilder b = new StringBuilder();
      b.append(String.format("%-17s %7s %7s %9s %7s %6s%n", "kind", "flags", "labels", "precision", "recall", "F1"));
      for (KindScore k : kinds.values()) {
        b.append(String.format("%-17s %7d %7d %9.3f %7.3f %6.3f%n", k.kind(), k.flags(), k.labels(), k.precision(),
            k.recall(), k.f1()));
      }
      b.append("recall by variant (matched/labels):\n");
      for (KindScore k : kinds.values()) {
        k.labelsByVariant().forEach((variant, v) -> b.append(String.format("  %-17s %-16s %5d/%-5d %.3f%n",
            k.kind(), variant, v[1], v[0], k.recallOf(variant))));
      }
      b.append("recall by magnitude (matched/labels):\n");
      for (KindScore k : kinds.values()) {
        b.append(String.format("  %-17s", k.kind()));
        k.labelsByMagnitude().forEach((bucket, v) -> b.append(String.format(" %s: %d/%d", bucket, v[1], v[0])));
        b.append('\n');
      }
      b.append("recall by variant and signal-to-noise, magnitude / (daily_noise x sqrt(days)) (matched/labels):\n");
      for (KindScore k : kinds.values()) {
        k.labelsByVariantAndSignal().forEach((variant, buckets) -> {
          b.append(String.format("  %-17s %-16s", k.kind(), variant));
          buckets.forEach((bucket, v) -> b.append(String.format(" %s: %d/%d", bucket, v[1], v[0])));
          b.append('\n');
        });
      }
      b.append(String.format("suspicious_spike recall for gains >= 3%%: %.3f%n",
          kinds.get(AnomalyKind.SUSPICIOUS_SPIKE.value()).recallAtLeast(0.03)));
      b.append(String.format("organic spikes reported as suspicious_spike: %d/%d = %.3f%n", organicReportedSuspicious,
          organicLabels, organicAsSuspiciousRate()));
      b.append(String.format("creators without an injected event flagged with anything: %d/%d = %.4f%n",
          cleanCreatorsFlagged, cleanCreators, falseFlagRate()));
      b.append(String.format("creators without an injected event with a fraud flag (%s): %d/%d = %.4f%n",
          String.join(", ", FRAUD_KINDS), cleanCreatorsFraudFlagged, cleanCreators, falseFraudFlagRate()));
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
        Map<String, Object> variants = new LinkedHashMap<>();
        k.labelsByVariant().forEach((variant, v) -> variants.put(variant,
            Map.of("labels", v[0], "matched", v[1], "recall", k.recallOf(variant))));
        m.put("recall_by_variant", variants);
        Map<String, Object> buckets = new LinkedHashMap<>();
        k.labelsByMagnitude().forEach((bucket, v) -> buckets.put(bucket, Map.of("labels", v[0], "matched", v[1])));
        m.put("recall_by_magnitude", buckets);
        Map<String, Object> signal = new LinkedHashMap<>();
        k.labelsByVariantAndSignal().forEach((variant, byBucket) -> {
          Map<String, Object> perBucket = new LinkedHashMap<>();
          byBucket.forEach((bucket, v) -> perBucket.put(bucket, Map.of("labels", v[0], "matched", v[1])));
          signal.put(variant, perBucket);
        });
        if (!signal.isEmpty()) {
          m.put("recall_by_variant_and_signal_to_noise", signal);
        }
        perKind.add(m);
      }
      root.put("kinds", perKind);
      root.put("suspicious_recall_at_least_3pct", kinds.get(AnomalyKind.SUSPICIOUS_SPIKE.value()).recallAtLeast(0.03));
      root.put("organic_reported_suspicious_rate", organicAsSuspiciousRate());
      root.put("clean_creators", cleanCreators);
      root.put("clean_creators_flagged", cleanCreatorsFlagged);
      root.put("false_flag_rate", falseFlagRate());
      root.put("clean_creators_fraud_flagged", cleanCreatorsFraudFlagged);
      root.put("false_fraud_flag_rate", falseFraudFlagRate());
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

  static String signalBucketName(int i) {
    String lo = String.valueOf(Math.round(SIGNAL_EDGES[i]));
    return i + 1 < SIGNAL_EDGES.length ? lo + "-" + Math.round(SIGNAL_EDGES[i + 1]) : ">=" + lo;
  }

  /** Empty [labels, matched] counts for every signal-to-noise bucket. */
  private static Map<String, long[]> signalBuckets() {
    Map<String, long[]> m = new LinkedHashMap<>();
    for (int i = 0; i < SIGNAL_EDGES.length; i++) {
      m.put(signalBucketName(i), new long[2]);
    }
    return m;
  }

  /** The index of the bucket {@code value} falls in, as a column: the last edge it reaches. */
  private static Column bucketOf(Column value, double[] edges) {
    Column bucket = lit(edges.length - 1);
    for (int i = edges.length - 1; i >= 1; i--) {
      bucket = when(value.lt(edges[i]), lit(i - 1)).otherwise(bucket);
    }
    return bucket;
  }

  /**
   * @param flags growth_anomalies rows (creator_id, kind, date)
   * @param labels the generator's labels (creator_id, kind, event_date, magnitude, variant, last_date,
   *     daily_noise)
   * @param creators every creator evaluated (creator_id)
   * @param from the first day flags were computed for: events before it are not scored (they still make their
   *     creators not clean, and a flag on their days counts as right)
   */
  public Report evaluate(Dataset<Row> flags, Dataset<Row> labels, Dataset<Row> creators, LocalDate from) {
    // A flag covers the change from the day after its previous snapshot to its date: several days for a
    // multi-day rise or over missing days, whose flag falls on the day the rise became clear, maybe after the
    // last delivery day.
    Dataset<Row> all = flags.select(col("creator_id").as("f_creator"), col("kind").as("f_kind"),
        col("date").as("f_date"), coalesce(date_add(col("previous_date"), 1), col("date")).as("f_start"));
    Dataset<Row> f = all.filter(col("f_kind").isin(KINDS.toArray()));
    Dataset<Row> unexplained = all.filter(col("f_kind").equalTo(AnomalyKind.UNEXPLAINED_RISE.value()));
    Column signalToNoise = col("magnitude").divide(
        col("daily_noise").multiply(sqrt(datediff(col("last_date"), col("event_date")).plus(1))));
    // Every label judges whether a flag is right (a purchase delivered from the day before the history into it
    // is flagged rightly on its days in the history); only the ones from the first day on are scored for recall.
    Dataset<Row> every = labels
        .select(col("creator_id").as("l_creator"), col("kind").as("l_kind"), col("variant").as("l_variant"),
            date_sub(col("event_date"), MATCH_DAYS).as("l_from"), date_add(col("last_date"), MATCH_DAYS).as("l_to"),
            bucketOf(col("magnitude"), MAGNITUDE_EDGES).as("_bucket"),
            bucketOf(signalToNoise, SIGNAL_EDGES).as("_signal"), col("event_date").geq(lit(from)).as("_scored"));
    Dataset<Row> l = every.filter(col("_scored"));
    Column sameCreatorNearDate = col("f_creator").equalTo(col("l_creator"))
        .and(col("f_start").leq(col("l_to"))).and(col("f_date").geq(col("l_from")));
    Column match = sameCreatorNearDate.and(col("f_kind").equalTo(col("l_kind")));

    Map<String, long[]> flagCounts = new LinkedHashMap<>();
    for (Row r : f.join(every, match, "left_semi").groupBy("f_kind").count().collectAsList()) {
      flagCounts.computeIfAbsent(r.getString(0), k -> new long[2])[1] = r.getLong(1);
    }
    for (Row r : all.groupBy("f_kind").count().collectAsList()) {
      flagCounts.computeIfAbsent(r.getString(0), k -> new long[2])[0] = r.getLong(1);
    }
    Map<String, Map<String, long[]>> byBucket = new LinkedHashMap<>();
    Map<String, Map<String, long[]>> byVariant = new LinkedHashMap<>();
    Map<String, Map<String, Map<String, long[]>>> bySignal = new LinkedHashMap<>();
    for (String kind : KINDS) {
      Map<String, long[]> m = new LinkedHashMap<>();
      for (int i = 0; i < MAGNITUDE_EDGES.length; i++) {
        m.put(bucketName(i), new long[2]);
      }
      byBucket.put(kind, m);
      byVariant.put(kind, new TreeMap<>());
      bySignal.put(kind, new TreeMap<>());
    }
    // [labels, matched] per kind, variant and bucket: the labels counted, then the labels some flag matches
    // (a semi-join keeps each label once, however many flags match it).
    List<Dataset<Row>> labelsThenMatched = List.of(l, l.join(f, match, "left_semi"));
    for (int slot = 0; slot < labelsThenMatched.size(); slot++) {
      for (Row r : labelsThenMatched.get(slot).groupBy("l_kind", "l_variant", "_bucket", "_signal").count()
          .collectAsList()) {
        long[] b = byBucket.get(r.getString(0)).get(bucketName(r.getInt(2)));
        long[] v = byVariant.get(r.getString(0)).computeIfAbsent(r.getString(1), k -> new long[2]);
        List<long[]> cells = new ArrayList<>(List.of(b, v));
        if (FOLLOWER_KINDS.contains(r.getString(0))) {
          cells.add(bySignal.get(r.getString(0)).computeIfAbsent(r.getString(1), k -> signalBuckets())
              .get(signalBucketName(r.getInt(3))));
        }
        for (long[] counts : cells) {
          counts[slot] += r.getLong(4);
        }
      }
    }
    Map<String, KindScore> kinds = new LinkedHashMap<>();
    for (String kind : KINDS) {
      long[] fc = flagCounts.getOrDefault(kind, new long[2]);
      long labelsTotal = byBucket.get(kind).values().stream().mapToLong(v -> v[0]).sum();
      long matchedTotal = byBucket.get(kind).values().stream().mapToLong(v -> v[1]).sum();
      kinds.put(kind, new KindScore(kind, fc[0], fc[1], labelsTotal, matchedTotal, byBucket.get(kind),
          byVariant.get(kind), bySignal.get(kind)));
    }

    Dataset<Row> organic = l.filter(col("l_kind").equalTo(AnomalyKind.ORGANIC_SPIKE.value()));
    long organicSuspicious = organic.join(f.filter(col("f_kind").equalTo(AnomalyKind.SUSPICIOUS_SPIKE.value())),
        sameCreatorNearDate, "left_semi").count();
    Dataset<Row> clean = creators.select(col("creator_id").as("c")).distinct()
        .join(labels, col("c").equalTo(col("creator_id")), "left_anti");
    Dataset<Row> flaggedCreators = f.groupBy(col("f_creator"))
        .agg(count(when(col("f_kind").isin(FRAUD_KINDS.toArray()), lit(1))).as("_fraud"));
    Row cleanCounts = clean.join(flaggedCreators, col("c").equalTo(col("f_creator")), "left")
        .agg(count(lit(1)), count(col("f_creator")), count(when(col("_fraud").gt(0), lit(1)))).first();
    long unexplainedNearBought = unexplained.join(
        l.filter(col("l_kind").equalTo(AnomalyKind.SUSPICIOUS_SPIKE.value())), sameCreatorNearDate, "left_semi")
        .count();
    long cleanUnexplained = clean.join(unexplained, col("c").equalTo(col("f_creator")), "left_semi").count();
    return new Report(kinds, kinds.get(AnomalyKind.ORGANIC_SPIKE.value()).labels(), organicSuspicious,
        cleanCounts.getLong(0), cleanCounts.getLong(1), cleanCounts.getLong(2),
        flagCounts.getOrDefault(AnomalyKind.UNEXPLAINED_RISE.value(), new long[2])[0], unexplainedNearBought,
        cleanUnexplained);
  }
}
