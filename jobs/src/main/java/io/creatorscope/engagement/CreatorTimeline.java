package io.creatorscope.engagement;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_add;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.Columns;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.Tables;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Each creator's profile snapshots and posts up to an as-of date as one stream ordered by day, every post annotated
 * with its followers on the day (its own day's snapshot when there is one), its interactions and its engagement
 * rates. The engagement and anomaly jobs both read it; this class is the one definition of a post's followers
 * (the as-of join), its interactions and its ER.
 *
 * <p>The as-of join is a sort, not a join: window functions over the stream carry the latest snapshot forward and
 * the first one backward. That is one shuffle by creator, linear in the rows, with no cartesian product and no
 * blow-up for creators with tens of thousands of posts; whatever reads the stream by creator (a grouping, windows
 * ordered by the day number) reuses that partitioning and order. Each job builds its own stream (the engagement and
 * anomaly jobs each sort theirs once).
 */
public final class CreatorTimeline {
  public static final String DAY = "_day";
  /**
   * The day as an integer, days since the as-of date (0 on it, negative before). Every window over the stream
   * orders by it (range frames need a number), so Spark sorts the stream once.
   */
  public static final String DAY_NUMBER = "_t";
  private static final String KIND = "_kind";
  private static final int KIND_SNAPSHOT = 0;
  private static final int KIND_POST = 1;
  public static final String INTERACTIONS = "interactions";
  public static final String POST_FOLLOWERS = "post_followers";
  public static final String ER = "er";
  public static final String VIEWS_ER = "views_er";
  /** (likes + comments) / followers: the ER Instagram tools publish, without shares and saves. */
  public static final String LIKES_COMMENTS_ER = "likes_comments_er";
  public static final String MATCHED = "matched";

  /**
   * The days a stream holds, up to {@code asOf}: snapshots from {@code snapshotsFrom} (null: every snapshot given)
   * and posts published from {@code postsFrom}.
   */
  public record Span(LocalDate asOf, LocalDate snapshotsFrom, LocalDate postsFrom) {
    /** The smallest span holding both (of the same as-of date). */
    public Span union(Span other) {
      require(other);
      return new Span(asOf, earlier(snapshotsFrom, other.snapshotsFrom), earlier(postsFrom, other.postsFrom));
    }

    /** Whether every row {@code other} asks for is in this span. */
    public boolean covers(Span other) {
      boolean snapshots = snapshotsFrom == null
          || (other.snapshotsFrom != null && !snapshotsFrom.isAfter(other.snapshotsFrom));
      return asOf.equals(other.asOf) && snapshots && !postsFrom.isAfter(other.postsFrom);
    }

    private void require(Span other) {
      if (!asOf.equals(other.asOf)) {
        throw new IllegalArgumentException("spans of two as-of dates: " + asOf + ", " + other.asOf);
      }
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
      return a == null || b == null ? null : a.isBefore(b) ? a : b;
    }
  }

  private final Span span;
  private final Dataset<Row> rows;
  private final Dataset<Row> snapshots;
  private final Dataset<Row> posts;

  private CreatorTimeline(Span span, Dataset<Row> rows, Dataset<Row> snapshots, Dataset<Row> posts) {
    this.span = span;
    this.rows = rows;
    this.snapshots = snapshots;
    this.posts = posts;
  }

  /**
   * The span the engagement job reads: the posts of the {@code window_days} up to {@code asOf}, and the snapshots
   * of the window and of the {@code match_before_days} before it (the oldest a window post's followers may come
   * from).
   */
  public static Span engagementSpan(EngagementConfig config, LocalDate asOf) {
    return postsFrom(config, asOf, config.windowStart(asOf));
  }

  /** The posts from {@code postsFrom} up to {@code asOf} and every snapshot their followers may come from. */
  public static Span postsFrom(EngagementConfig config, LocalDate asOf, LocalDate postsFrom) {
    return new Span(asOf, postsFrom.minusDays(config.matchBeforeDays()), postsFrom);
  }

  /** Reads the curated snapshots and posts of {@code span} as {@code out} sees them. */
  public static CreatorTimeline read(OutputRun out, Span span, EngagementConfig config) {
    return of(out.readFacts(Tables.output(Tables.CURATED_PROFILES), span.snapshotsFrom(), span.asOf()),
        out.readFacts(Tables.output(Tables.CURATED_POSTS), span.postsFrom(), span.asOf()), span, config);
  }

  /**
   * The stream of the snapshots and posts of {@code span} in {@code profiles} and {@code posts}.
   *
   * <p>A post's followers: the latest snapshot on or before its day and at most {@code match_before_days} before
   * it, else the first snapshot up to {@code match_after_days} later, else none (unmatched). Bounded on both sides
   * by the post's own day, a post's followers do not depend on how far back the stream reaches, so
   * creator_engagement is the same whoever else reads the stream, and a daily run reads no more snapshots than its
   * windows need.
   */
  public static CreatorTimeline of(Dataset<Row> profiles, Dataset<Row> posts, Span span, EngagementConfig config) {
    LocalDate asOf = span.asOf();
    Column snapshotDays = col(Columns.SNAPSHOT_DATE).leq(lit(asOf));
    if (span.snapshotsFrom() != null) {
      snapshotDays = snapshotDays.and(col(Columns.SNAPSHOT_DATE).geq(lit(span.snapshotsFrom())));
    }
    Dataset<Row> snapshots = profiles
        .filter(snapshotDays)
        .select(col(Columns.CREATOR_ID), col(Columns.SNAPSHOT_DATE).as(DAY), lit(KIND_SNAPSHOT).as(KIND),
            col(Columns.FOLLOWERS), col(Columns.FOLLOWING), col(Columns.HANDLE), col(Columns.PLATFORM),
            col(Columns.NICHE), col(Columns.COUNTRY));
    Column postDay = to_date(col(Columns.POSTED_AT));
    Dataset<Row> postsInSpan = posts.filter(postDay.between(lit(span.postsFrom()), lit(asOf)));
    // A post's interactions before the shuffle: the rows then carry one count instead of the saves and the post id
    // that the overflow check names.
    Dataset<Row> postEvents = postsInSpan
        .select(col(Columns.CREATOR_ID), postDay.as(DAY), lit(KIND_POST).as(KIND), col(Columns.POST_ID),
            col(Columns.LIKES), col(Columns.COMMENTS), col(Columns.SHARES), col(Columns.VIEWS),
            col(Columns.IS_SPONSORED), interactions().as(INTERACTIONS));
    Dataset<Row> stream = snapshots.unionByName(postEvents, true)
        .withColumn(DAY_NUMBER, datediff(col(DAY), lit(asOf)));

    // Range frames on the day number: a post's day includes its same-day snapshot (a creator has one per day),
    // and both frames share one ordering, so Spark computes them in one window operator over one sort.
    WindowSpec byDay = Window.partitionBy(Columns.CREATOR_ID).orderBy(col(DAY_NUMBER));
    WindowSpec upToHere = byDay.rangeBetween(Window.unboundedPreceding(), Window.currentRow());
    Column snapshotFollowers = when(isSnapshot(), col(Columns.FOLLOWERS));
    Column previous = last(snapshotFollowers, true).over(upToHere);
    Column previousDay = last(when(snapshotFollowers.isNotNull(), col(DAY_NUMBER)), true).over(upToHere);
    Column previousAllowed = col(DAY_NUMBER).minus(previousDay).leq(config.matchBeforeDays());
    // The first snapshot up to matchAfterDays later, for a post with none on or before its day: a bounded range
    // frame. (A frame from the current row to the partition's end would be recomputed for every row, quadratic in
    // a creator's rows.)
    Column next = first(snapshotFollowers, true).over(byDay.rangeBetween(0, config.matchAfterDays()));
    Column postFollowers = coalesce(when(previousAllowed, previous), next);

    return new CreatorTimeline(span, stream
        .withColumn(POST_FOLLOWERS, when(isPost(), postFollowers))
        .withColumn(MATCHED, col(POST_FOLLOWERS).isNotNull())
        .withColumn(ER, rate(col(INTERACTIONS), col(POST_FOLLOWERS)))
        .withColumn(LIKES_COMMENTS_ER, rate(col(Columns.LIKES).plus(col(Columns.COMMENTS)), col(POST_FOLLOWERS)))
        .withColumn(VIEWS_ER, rate(col(INTERACTIONS), col(Columns.VIEWS))),
        snapshots.withColumn(DAY_NUMBER, datediff(col(DAY), lit(asOf))), postsInSpan);
  }

  public Span span() {
    return span;
  }

  /** Every row of the stream. */
  public Dataset<Row> rows() {
    return rows;
  }

  /**
   * The rows of {@code within}: its snapshots and posts only, with the followers, interactions and rates this
   * stream gave them. Filtering keeps the stream's partitioning and order, so windows over it sort nothing again.
   */
  public Dataset<Row> rows(Span within) {
    if (!span.covers(within)) {
      throw new IllegalArgumentException("the timeline holds " + span + ", not " + within);
    }
    Column snapshots = within.snapshotsFrom() == null ? isSnapshot()
        : isSnapshot().and(col(DAY).geq(lit(within.snapshotsFrom())));
    return rows.filter(snapshots.or(isPost().and(col(DAY).geq(lit(within.postsFrom())))));
  }

  /**
   * The snapshots of {@code within} as read, without the posts and the stream's shuffle and windows: for what
   * needs only the follower counts (the anomaly job's peer baseline), so it does not compute the stream twice.
   */
  public Dataset<Row> snapshots(Span within) {
    if (!span.covers(within)) {
      throw new IllegalArgumentException("the timeline holds " + span + ", not " + within);
    }
    return within.snapshotsFrom() == null ? snapshots : snapshots.filter(col(DAY).geq(lit(within.snapshotsFrom())));
  }

  /**
   * The posts of {@code within} as read, with every column given and without the stream's shuffle and windows:
   * for what is counted per post alone (engagement's niche votes), so that it does not travel through the sort.
   */
  public Dataset<Row> posts(Span within) {
    if (!span.covers(within)) {
      throw new IllegalArgumentException("the timeline holds " + span + ", not " + within);
    }
    return posts.filter(to_date(col(Columns.POSTED_AT)).geq(lit(within.postsFrom())));
  }

  /** Whether a row of the stream is a profile snapshot. */
  public static Column isSnapshot() {
    return col(KIND).equalTo(KIND_SNAPSHOT);
  }

  /** Whether a row of the stream is a post. */
  public static Column isPost() {
    return col(KIND).equalTo(KIND_POST);
  }

  /** An engagement rate: {@code interactions / base} when the base (followers or views) is positive, else null. */
  public static Column rate(Column interactions, Column base) {
    return when(base.gt(0), interactions.divide(base));
  }

  /** {@link #rate} for values on the driver (the report's per-day figures): null when the base is not positive. */
  public static Double rate(double interactions, long base) {
    return base > 0 ? interactions / base : null;
  }

  /**
   * A post's interactions, likes + comments + shares + saves (missing shares and saves count 0), in exact 64-bit
   * arithmetic that fails the job, naming the post, rather than wrap around to a negative number. Ingest
   * quarantines counts above ingest.max_count (at most 10^18), so the sum of curated counts cannot overflow; the
   * check guards the engagement rate against tables written any other way.
   */
  public static Column interactions() {
    Column sum = try_add(try_add(try_add(col(Columns.LIKES), col(Columns.COMMENTS)),
        coalesce(col(Columns.SHARES), lit(0L))), coalesce(col(Columns.SAVES), lit(0L)));
    Column overflow = sum.isNull().and(col(Columns.LIKES).isNotNull()).and(col(Columns.COMMENTS).isNotNull());
    return when(overflow, raise_error(format_string("post %s: likes + comments + shares + saves exceed the largest "
        + "64-bit count (likes %s, comments %s, shares %s, saves %s)", col(Columns.POST_ID), col(Columns.LIKES),
        col(Columns.COMMENTS), col(Columns.SHARES), col(Columns.SAVES))))
        .otherwise(sum);
  }
}
