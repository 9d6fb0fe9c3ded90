package io.creatorscope.audience;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.Columns;
import io.creatorscope.common.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The audience part of a brand brief: targets every matching creator must meet (all of them), and how much the
 * audience fit weighs in the brief's order. A creator's audience is known when creator_audience holds a split of
 * every dimension the brief names; the fit is the mean of its shares in the targets' buckets (0-1).
 *
 * @param weightFit {@link AudienceConfig#WEIGHT_FIT}
 */
public record AudienceBrief(List<AudienceTarget> targets, double weightFit) {
  /** Columns the brief adds to the rows it returns (only when it names a target). */
  public static final String KNOWN = "audience_known";
  public static final String FIT = "audience_fit";
  public static final String BRIEF_SCORE = "brief_score";
  static final String MATCHES = "_audience_matches";

  public static final AudienceBrief NONE = new AudienceBrief(List.of(), AudienceConfig.WEIGHT_FIT.defaultValue());

  public AudienceBrief {
    targets = List.copyOf(targets);
    AudienceConfig.WEIGHT_FIT.check(weightFit);
  }

  public boolean named() {
    return !targets.isEmpty();
  }

  /**
   * Per creator of creator_audience: {@link #KNOWN}, {@link #FIT} and whether it meets every target, in one
   * aggregation. Buckets no creator has are rejected first, listing the known ones.
   */
  public Dataset<Row> perCreator(Dataset<Row> creatorAudience) {
    checkKnown(creatorAudience);
    List<Column> aggs = new ArrayList<>();
    List<String> dimensions = targets.stream().map(t -> t.dimension().label()).distinct().toList();
    for (int i = 0; i < dimensions.size(); i++) {
      aggs.add(max(when(col(Columns.DIMENSION).equalTo(dimensions.get(i)), lit(true))).as("_has_" + i));
    }
    for (int i = 0; i < targets.size(); i++) {
      AudienceTarget t = targets.get(i);
      aggs.add(max(when(col(Columns.DIMENSION).equalTo(t.dimension().label())
          .and(col(Columns.BUCKET).equalTo(t.bucket())), col(Columns.SHARE))).as("_share_" + i));
    }
    Dataset<Row> shares = creatorAudience.groupBy(col(Columns.CREATOR_ID))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
    Column known = lit(true);
    for (int i = 0; i < dimensions.size(); i++) {
      known = known.and(col("_has_" + i).isNotNull());
    }
    Column fit = lit(0.0);
    Column matches = lit(true);
    for (int i = 0; i < targets.size(); i++) {
      // A known split without the bucket holds none of the followers there.
      Column share = org.apache.spark.sql.functions.coalesce(col("_share_" + i), lit(0.0));
      fit = fit.plus(share);
      matches = matches.and(share.geq(targets.get(i).minShare()));
    }
    return shares.select(col(Columns.CREATOR_ID), known.as(KNOWN),
        when(known, fit.divide(targets.size())).as(FIT), known.and(matches).as(MATCHES));
  }

  /**
   * Adds the audience columns to brief rows (creator_id, score) and keeps the creators that meet every target and
   * those whose audience is unknown (marked, never silently dropped); {@link #BRIEF_SCORE} mixes score and fit.
   */
  public Dataset<Row> apply(Dataset<Row> rows, Dataset<Row> creatorAudience) {
    Column score = col("score");
    return rows.join(perCreator(creatorAudience), Columns.CREATOR_ID, "left")
        .withColumn(KNOWN, org.apache.spark.sql.functions.coalesce(col(KNOWN), lit(false)))
        .filter(col(MATCHES).or(not(col(KNOWN))))
        .withColumn(BRIEF_SCORE, when(col(KNOWN),
            score.multiply(1 - weightFit).plus(col(FIT).multiply(100 * weightFit))))
        .drop(MATCHES);
  }

  private static Column not(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }

  /** Rejects buckets no creator of the table has in the target's dimension (one small aggregation). */
  private void checkKnown(Dataset<Row> creatorAudience) {
    Map<String, List<String>> known = new TreeMap<>();
    for (Row r : creatorAudience.groupBy(col(Columns.DIMENSION)).agg(collect_set(col(Columns.BUCKET)))
        .collectAsList()) {
      known.put(r.getString(0), r.getList(1));
    }
    for (AudienceTarget t : targets) {
      List<String> buckets = known.getOrDefault(t.dimension().label(), List.of());
      if (!buckets.contains(t.bucket())) {
        throw new UserError("unknown audience " + t.dimension().label() + " '" + t.bucket() + "'; "
            + (buckets.isEmpty() ? "creator_audience holds no " + t.dimension().label() + " split (is there an "
                + "audiences/ input?)" : "known: " + String.join(", ", new TreeSet<>(buckets))));
      }
    }
  }
}
