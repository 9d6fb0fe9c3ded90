package io.creatorscope.discovery;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.not;

import io.creatorscope.audience.AudienceBrief;
import io.creatorscope.common.Columns;
import io.creatorscope.common.UserError;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A brand brief: filters over discovery_ranking (every filter optional and multi-valued; an empty list means any),
 * optional audience targets over creator_audience, and how many creators to return. Reads the tables only; nothing
 * is recomputed.
 */
public record BrandBrief(List<String> niches, List<String> tiers, List<String> platforms, List<String> countries,
    Optional<Double> minAuthenticity, AudienceBrief audience, int top) {

  public BrandBrief {
    if (top < 1) {
      throw new UserError("--top must be at least 1, got " + top);
    }
    // An authenticity score is in 0-1: a value outside (a percentage, 95) would silently match no one.
    minAuthenticity.filter(m -> !(m >= 0 && m <= 1)).ifPresent(m -> {
      throw new UserError("--min-authenticity must be from 0 to 1, got " + m);
    });
  }

  /** A brief without audience targets. */
  public BrandBrief(List<String> niches, List<String> tiers, List<String> platforms, List<String> countries,
      Optional<Double> minAuthenticity, int top) {
    this(niches, tiers, platforms, countries, minAuthenticity, AudienceBrief.NONE, top);
  }

  /**
   * The best {@code top} ranked creators matching the brief, collected ({@code creatorAudience} may be null for a
   * brief without audience targets). Without audience targets: best score first. With them: the creators meeting
   * every target, best brief score (score and audience fit) first, then the creators whose audience is unknown, best
   * score first, marked by {@code audience_known = false}; ties by creator_id.
   *
   * <p>The brief's values are checked against the table by {@link #checkKnownUnlessShown}.
   */
  public List<Row> collect(Dataset<Row> ranking, Dataset<Row> creatorAudience) {
    List<Row> rows = best(matching(ranking), creatorAudience).collectAsList();
    checkKnownUnlessShown(rows, ranking);
    return rows;
  }

  /**
   * Rejects niches, tiers, platforms and countries {@code ranking} does not have, listing the known ones; but a value
   * {@code rows} show is known (rows of the ranking's creators, with their niche, tier, platform and country), so
   * the check's aggregation, a Spark job of its own, runs only when some value is not among them: a misspelled one
   * ("usa" for US), or one the answer does not reach. For a command that collects its answer anyway, one Spark job
   * less in the usual case.
   */
  public void checkKnownUnlessShown(List<Row> rows, Dataset<Row> ranking) {
    if (!shownBy(rows, niches, Columns.NICHE) || !shownBy(rows, tiers, Columns.TIER)
        || !shownBy(rows, platforms, Columns.PLATFORM) || !shownBy(rows, countries, Columns.COUNTRY)) {
      checkKnown(ranking);
    }
  }

  private static boolean shownBy(List<Row> rows, List<String> values, String column) {
    return values.stream().allMatch(v -> rows.stream().anyMatch(r -> v.equalsIgnoreCase(r.getAs(column))));
  }

  /** The best {@code top} rows of the brief's matching rows, ordered as {@link #collect} says. */
  private Dataset<Row> best(Dataset<Row> matching, Dataset<Row> creatorAudience) {
    if (audience.named() && creatorAudience == null) {
      throw new IllegalStateException("a brief with audience targets needs creator_audience");
    }
    if (!audience.named()) {
      return matching.orderBy(col("score").desc(), col(Columns.CREATOR_ID)).limit(top);
    }
    return audience.apply(matching, creatorAudience)
        .orderBy(col(AudienceBrief.KNOWN).desc(), coalesce(col(AudienceBrief.BRIEF_SCORE), col("score")).desc(),
            col(Columns.CREATOR_ID))
        .limit(top);
  }

  /**
   * What a plan may choose from under the brief's audience targets: the ranking's rows whose audience is known to
   * meet every target (a plan spends money on a stated audience), and how many creators matching the other
   * filters were left out because their audience is unknown.
   */
  public record AudiencePool(Dataset<Row> ranking, long unknownAudience) {}

  /**
   * The ranking restricted to creators known to meet the audience targets (see {@link AudiencePool}). The brief's
   * niches, tiers and platforms are not checked here: against the whole ranking, by the plan that follows.
   */
  public AudiencePool plannable(Dataset<Row> ranking, Dataset<Row> creatorAudience) {
    Dataset<Row> withAudience = audience.apply(ranking, creatorAudience);
    long unknown = matching(withAudience).filter(not(col(AudienceBrief.KNOWN))).count();
    return new AudiencePool(withAudience.filter(col(AudienceBrief.KNOWN)), unknown);
  }

  /** The same brief for every tier (e.g. to compare a plan with larger creators). */
  public BrandBrief anyTier() {
    return new BrandBrief(niches, List.of(), platforms, countries, minAuthenticity, audience, top);
  }

  /**
   * Every ranked creator matching the brief's filters over discovery_ranking (not its audience targets). Whether the
   * brief's values exist in the table is {@link #checkKnownUnlessShown}'s question, asked once the answer is in.
   */
  public Dataset<Row> matching(Dataset<Row> ranking) {
    Column keep = col("rank").isNotNull();
    keep = keep.and(in(Columns.NICHE, niches)).and(in(Columns.TIER, tiers)).and(in(Columns.PLATFORM, platforms));
    if (!countries.isEmpty()) {
      keep = keep.and(col(Columns.COUNTRY).isin(countries.stream().map(String::toUpperCase).toArray()));
    }
    if (minAuthenticity.isPresent()) {
      keep = keep.and(col("authenticity_score").geq(minAuthenticity.get()));
    }
    return ranking.filter(keep);
  }

  private static Column in(String column, List<String> values) {
    return values.isEmpty() ? org.apache.spark.sql.functions.lit(true)
        : col(column).isin(values.stream().map(String::toLowerCase).toArray());
  }

  /**
   * Rejects niches, tiers, platforms and countries the table does not have, listing the known ones (one small
   * aggregation).
   */
  private void checkKnown(Dataset<Row> ranking) {
    if (niches.isEmpty() && tiers.isEmpty() && platforms.isEmpty() && countries.isEmpty()) {
      return;
    }
    Row known = ranking.agg(collect_set(col(Columns.NICHE)), collect_set(col(Columns.TIER)),
        collect_set(col(Columns.PLATFORM)), collect_set(col(Columns.COUNTRY))).first();
    check(niches, known.getList(0), "niche", String::toLowerCase);
    check(tiers, known.getList(1), "tier", String::toLowerCase);
    check(platforms, known.getList(2), "platform", String::toLowerCase);
    check(countries, known.getList(3), "country", String::toUpperCase);
  }

  /** {@code normal}: how the table stores the values (niches lower case, country codes upper case). */
  private static void check(List<String> wanted, List<String> known, String what,
      java.util.function.UnaryOperator<String> normal) {
    for (String w : wanted) {
      if (!known.contains(normal.apply(w))) {
        throw new UserError("unknown " + what + " '" + w + "'; known: " + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

}
