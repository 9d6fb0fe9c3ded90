package io.creatorscope.discovery;

import static org.apache.spark.sql.functions.col;

import io.creatorscope.common.Columns;
import io.creatorscope.common.UserError;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A brand brief: filters over discovery_ranking (every filter optional and multi-valued; an empty list means any)
 * and how many creators to return. Reads the table only; nothing is recomputed.
 */
public record BrandBrief(List<String> niches, List<String> tiers, List<String> platforms, List<String> countries,
    Optional<Double> minAuthenticity, int top) {

  public BrandBrief {
    if (top < 1) {
      throw new UserError("--top must be at least 1, got " + top);
    }
  }

  /** The best {@code top} ranked creators matching the brief, best score first (ties by creator_id). */
  public Dataset<Row> apply(Dataset<Row> ranking) {
    checkKnown(ranking, Columns.NICHE, niches, "niche");
    checkKnown(ranking, Columns.TIER, tiers, "tier");
    checkKnown(ranking, Columns.PLATFORM, platforms, "platform");
    Column keep = col("rank").isNotNull();
    keep = keep.and(in(Columns.NICHE, niches)).and(in(Columns.TIER, tiers)).and(in(Columns.PLATFORM, platforms));
    if (!countries.isEmpty()) {
      keep = keep.and(col(Columns.COUNTRY).isin(countries.stream().map(String::toUpperCase).toArray()));
    }
    if (minAuthenticity.isPresent()) {
      keep = keep.and(col("authenticity_score").geq(minAuthenticity.get()));
    }
    return ranking.filter(keep).orderBy(col("score").desc(), col(Columns.CREATOR_ID)).limit(top);
  }

  private static Column in(String column, List<String> values) {
    return values.isEmpty() ? org.apache.spark.sql.functions.lit(true)
        : col(column).isin(values.stream().map(String::toLowerCase).toArray());
  }

  private static void checkKnown(Dataset<Row> ranking, String column, List<String> wanted, String what) {
    if (wanted.isEmpty()) {
      return;
    }
    TreeSet<String> known = new TreeSet<>();
    for (Row r : ranking.select(col(column)).distinct().collectAsList()) {
      known.add(r.getString(0));
    }
    for (String w : wanted) {
      if (!known.contains(w.toLowerCase())) {
        throw new UserError("unknown " + what + " '" + w + "'; known: " + String.join(", ", known));
      }
    }
  }
}
