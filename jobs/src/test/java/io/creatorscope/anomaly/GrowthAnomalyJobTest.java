package io.creatorscope.anomaly;

import static io.creatorscope.testing.CuratedSchemas.POSTS;
import static io.creatorscope.testing.CuratedSchemas.PROFILES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.anomaly.detect.RobustBaseline;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.engagement.EngagementJob;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built follower histories: one creator per behaviour, 45 daily snapshots, posts every other day. */
class GrowthAnomalyJobTest extends SparkTestBase {
  static final LocalDate START = LocalDate.of(2026, 9, 1);
  static final int DAYS = 45;
  static final int EVENT = 30;
  static final LocalDate AS_OF = START.plusDays(DAYS - 1);


  private final List<Row> profiles = new ArrayList<>();
  private final List<Row> posts = new ArrayList<>();

  /** Organic growth of 0.1% a day with a deterministic +-0.2% wobble. */
  private static long organic(long base, int d) {
    return Math.round(base * (1 + 0.001 * d + (d % 3 == 0 ? 0.002 : d % 3 == 1 ? -0.002 : 0)));
  }

  /** Growth of 0.1% a day plus a deterministic, irregular +-1% swing (a quadratic residue hash of the day). */
  private static long noisy(long base, int d) {
    double u = ((d * d * 7919L + d * 104_729L) % 10_007) / 10_007.0 - 0.5;
    return Math.round(base * (1 + 0.001 * d + 0.02 * u));
  }

  private void creator(String id, IntToLongFunction followers, IntToLongFunction following, boolean[] missing,
      double viralMultiplier) {
    for (int d = 0; d < DAYS; d++) {
      if (missing != null && missing[d]) {
        continue;
      }
      profiles.add(RowFactory.create(id, START.plusDays(d), followers.applyAsLong(d), following.applyAsLong(d),
          "@" + id, "instagram", "fitness", "DE"));
      if (d % 2 == 0 || d == EVENT - 1) {
        double er = d == EVENT - 1 ? 0.03 * viralMultiplier : 0.03;
        long likes = Math.round(er * followers.applyAsLong(d));
        posts.add(RowFactory.create(id + "-" + d, id, START.plusDays(d).atTime(9, 0).toInstant(ZoneOffset.UTC),
            likes, 0L, null, null, null, false));
      }
    }
  }

  @BeforeEach
  void histories() {
    IntToLongFunction steadyFollowing = d -> 300;
    creator("clean", d -> organic(10_000, d), steadyFollowing, null, 1);
    creator("bought", d -> organic(10_000, d) + (d >= EVENT ? 1_500 : 0), steadyFollowing, null, 1);
    // A viral post's followers keep coming the next day, as many as its reach explains (its 3,000 interactions,
    // 2,700 above the usual, fit 945 followers); bought ones land at once, even after a lucky post.
    creator("viral", d -> organic(10_000, d) + (d >= EVENT ? 800 : 0) + (d >= EVENT + 1 ? 100 : 0),
        steadyFollowing, null, 10);
    creator("lucky-bought", d -> organic(10_000, d) + (d >= EVENT ? 1_500 : 0), steadyFollowing, null, 10);
    creator("purged", d -> organic(10_000, d) - (d >= EVENT ? 800 : 0), steadyFollowing, null, 1);
    creator("churner", d -> organic(10_000, d), d -> d >= EVENT && d < EVENT + 3 ? 3_300 : 300, null, 1);
    // +3.8% on a history whose days swing by up to 1.5%: robust z about 4.1, under the 5 of a suspicious spike.
    creator("nudged", d -> noisy(10_000, d) + (d >= EVENT ? 350 : 0), steadyFollowing, null, 1);
    creator("flat", d -> 5_000 + (d >= EVENT ? 400 : 0), steadyFollowing, null, 1);
    creator("flat-small-change", d -> 5_000 + (d >= EVENT ? 40 : 0), steadyFollowing, null, 1);
    creator("tiny", d -> 300 + (d >= EVENT ? 15 : 0), steadyFollowing, null, 1);
    boolean[] gap = new boolean[DAYS];
    gap[EVENT - 1] = true;
    gap[EVENT - 2] = true;
    creator("gappy", d -> organic(10_000, d), steadyFollowing, gap, 1);
    creator("gappy-bought", d -> organic(10_000, d) + (d >= EVENT ? 1_500 : 0), steadyFollowing, gap, 1);
  }

  @TempDir Path tmp;

  /**
   * The frame written to Parquet and read back, as the job stages growth_anomalies before anything reads it.
   * Queried straight from its plan with most columns pruned (a count, a few columns), Spark's optimizer pushes the
   * field extractions into the flag structs' expressions and spends about a minute planning each query.
   */
  private Dataset<Row> written(Dataset<Row> frame, String name) {
    String path = tmp.resolve(name).toString();
    frame.write().parquet(path);
    return spark.read().parquet(path);
  }

  private Dataset<Row> flags() {
    return flags(AnomalyConfig.defaults(), "flags");
  }

  private Dataset<Row> flags(AnomalyConfig config, String name) {
    GrowthAnomalyJob job = new GrowthAnomalyJob(spark, config, EngagementConfig.defaults());
    return written(job.flags(spark.createDataFrame(profiles, PROFILES), spark.createDataFrame(posts, POSTS), AS_OF),
        name).orderBy("creator_id", "date", "kind");
  }

  /**
   * The creator stream's windows run in four window operators over its one sort, each step's windows in the
   * operator of the step before where they read nothing it computes (every operator buffers and copies all rows
   * of a creator): the as-of join; the engagement evidence with the previous snapshot; the changes around each day
   * with the baseline's lists; the largest z of the rise. Six with the peers' daily changes and the percentile.
   */
  @Test
  void theCreatorStreamsWindowsRunInFourOperators() {
    GrowthAnomalyJob job = new GrowthAnomalyJob(spark, AnomalyConfig.defaults(), EngagementConfig.defaults());
    String plan = job.flags(spark.createDataFrame(profiles, PROFILES), spark.createDataFrame(posts, POSTS), AS_OF)
        .queryExecution().executedPlan().treeString();
    assertEquals(6, plan.lines().filter(line -> line.contains("Window [")).count(), plan);
  }

  /**
   * The event is the first day of a 15-day history: flagged as with the default 90 days, with the same peer
   * percentile (the days before the history, read for the baselines, rank nothing). One day shorter, the event is
   * before the history and nothing is flagged.
   */
  @Test
  void theHistoryStartsOnItsFirstDayWhateverItsBaselineReads() {
    int daysToEvent = DAYS - 1 - EVENT;
    List<Row> whole = flags().select("creator_id", "date", "kind", "peer_percentile", "robust_z").collectAsList();
    List<Row> fromEvent = flags(history(daysToEvent + 1), "from-event")
        .select("creator_id", "date", "kind", "peer_percentile", "robust_z").collectAsList();
    assertEquals(whole, fromEvent);
    assertEquals(8, fromEvent.size());
    assertEquals(0, flags(history(daysToEvent), "after-event").count());
  }

  private static AnomalyConfig history(int days) {
    return AnomalyConfig.from(io.creatorscope.common.Settings.of(
        java.util.Map.of("anomaly.history_days", String.valueOf(days)), AnomalyConfig.KEYS));
  }

  @Test
  void eachBehaviourGetsItsKindAndNothingElseIsFlagged() {
    List<String> flagged = flags().select("creator_id", "date", "kind").collectAsList().stream()
        .map(r -> r.getString(0) + " " + r.getLocalDate(1) + " " + r.getString(2)).toList();
    LocalDate event = START.plusDays(EVENT);
    assertEquals(List.of(
        "bought " + event + " suspicious_spike",
        "churner " + event + " follow_churn",
        "flat " + event + " suspicious_spike",
        "gappy-bought " + event + " suspicious_spike",
        "lucky-bought " + event + " suspicious_spike",
        "nudged " + event + " unexplained_rise",
        "purged " + event + " drop",
        "viral " + event + " organic_spike"), flagged);
  }

  /**
   * A creator first seen five days before the event has no baseline of its own: its jump is judged against its
   * platform x tier peers of that day, two weeks before the as-of date (the job groups the peers of every judged
   * day, not only of the as-of date's).
   */
  @Test
  void aShortHistoryIsJudgedAgainstItsPeersOfTheDayOfItsJump() {
    for (int i = 0; i < RobustBaseline.MIN_PEERS; i++) {
      long base = 10_000 + 100L * i;
      creator("peer-" + i, d -> organic(base, d), d -> 300, null, 1);
    }
    boolean[] beforeFirstSeen = new boolean[DAYS];
    for (int d = 0; d < EVENT - 4; d++) {
      beforeFirstSeen[d] = true;
    }
    creator("newcomer", d -> organic(10_000, d) + (d >= EVENT ? 2_000 : 0), d -> 300, beforeFirstSeen, 1);
    List<Row> newcomer = flags().filter("creator_id = 'newcomer'").select("date", "kind", "reason").collectAsList();
    assertEquals(1, newcomer.size(), newcomer.toString());
    assertEquals(START.plusDays(EVENT), newcomer.get(0).getLocalDate(0));
    assertEquals("suspicious_spike", newcomer.get(0).getString(1));
    assertTrue(newcomer.get(0).getString(2).contains("peers that day"), newcomer.get(0).getString(2));
  }

  @Test
  void flagsCarryTheirEvidence() {
    List<Row> rows = flags().collectAsList();
    Row bought = rows.stream().filter(r -> r.getAs("creator_id").equals("bought")).findFirst().orElseThrow();
    assertEquals(organic(10_000, EVENT - 1), (long) bought.getAs("followers_before"));
    assertEquals(organic(10_000, EVENT) + 1_500, (long) bought.getAs("followers_after"));
    assertTrue((double) bought.getAs("robust_z") > 5.5);
    // Nine instagram micro creators that day; bought and lucky-bought tie for the largest rise: rank 8 of 9.
    assertEquals(7.0 / 8.0, (double) bought.getAs("peer_percentile"), 1e-9);
    assertEquals("micro", bought.getAs("tier"));
    double severity = bought.getAs("severity");
    assertTrue(severity > 0 && severity <= 1, "severity " + severity);
    String reason = bought.getAs("reason");
    assertTrue(reason.startsWith("suspicious spike: followers +1")
        && reason.contains("its reach explains at most 0 new followers"), reason);

    Row viral = rows.stream().filter(r -> r.getAs("creator_id").equals("viral")).findFirst().orElseThrow();
    assertTrue((double) viral.getAs("engagement_change") >= 9, "the viral post did 10x the median ER");
    Row lucky = rows.stream().filter(r -> r.getAs("creator_id").equals("lucky-bought")).findFirst().orElseThrow();
    assertTrue((double) lucky.getAs("engagement_change") >= 9, "the same 10x post before it");
    String luckyReason = lucky.getAs("reason");
    assertTrue(luckyReason.contains("the gain landed in one snapshot")
        && luckyReason.contains("its reach explains at most"), luckyReason);

    Row flat = rows.stream().filter(r -> r.getAs("creator_id").equals("flat")).findFirst().orElseThrow();
    assertTrue(Double.isFinite(flat.getAs("robust_z")), "a flat history (MAD 0) still gives a finite z");

    Row gappy = rows.stream().filter(r -> r.getAs("creator_id").equals("gappy-bought")).findFirst().orElseThrow();
    assertEquals(START.plusDays(EVENT - 3), gappy.getAs("previous_date"));
    long change = (long) gappy.getAs("followers_after") - (long) gappy.getAs("followers_before");
    assertEquals(change / 3.0, (double) gappy.getAs("change_per_day"), 1e-9, "change normalised per day");

    Row nudged = rows.stream().filter(r -> r.getAs("creator_id").equals("nudged")).findFirst().orElseThrow();
    double nudgedZ = nudged.getAs("robust_z");
    assertTrue(nudgedZ >= 3.5 && nudgedZ < 5, "z " + nudgedZ);
    String nudgedReason = nudged.getAs("reason");
    assertTrue(nudgedReason.startsWith("unexplained rise: followers +3") && nudgedReason.contains("threshold 5.0"),
        nudgedReason);

    Row churn = rows.stream().filter(r -> r.getAs("creator_id").equals("churner")).findFirst().orElseThrow();
    assertEquals(300L, (long) churn.getAs("following_before"));
    assertEquals(3_300L, (long) churn.getAs("following_after"));
    String churnReason = churn.getAs("reason");
    assertTrue(churnReason.contains("back down to 300"), churnReason);
  }

  @Test
  void authenticityScoresPenaliseSuspiciousGainsOnly() {
    GrowthAnomalyJob job = new GrowthAnomalyJob(spark, AnomalyConfig.defaults(), EngagementConfig.defaults());
    Dataset<Row> profileFrame = spark.createDataFrame(profiles, PROFILES);
    Dataset<Row> postFrame = spark.createDataFrame(posts, POSTS);
    EngagementJob engagementJob = new EngagementJob(spark, EngagementConfig.defaults());
    Dataset<Row> engagement = engagementJob.creatorEngagement(profileFrame, postFrame, AS_OF);
    Dataset<Row> distribution = engagementJob.distribution(engagement);
    Dataset<Row> flags = written(job.flags(profileFrame, postFrame, AS_OF), "flags");
    List<Row> scores = job.authenticity(flags, engagement, distribution, AS_OF).orderBy("creator_id").collectAsList();
    assertEquals(profiles.stream().map(r -> r.getString(0)).distinct().count(), scores.size());
    for (Row s : scores) {
      String id = s.getAs("creator_id");
      double score = s.getAs("authenticity_score");
      assertTrue(score >= 0 && score <= 1, id + " " + score);
      switch (id) {
        case "bought", "lucky-bought" -> {
          assertEquals(1, (int) s.getAs("suspicious_spikes"));
          assertEquals(1_500.0 / organic(10_000, DAYS - 1), (double) s.getAs("suspicious_gain_share"), 0.02);
          assertTrue(score < 0.6, "bought " + score);
        }
        case "churner" -> assertEquals(0.7, score, 1e-9);
        case "purged" -> assertEquals(0.75, score, 1e-9);
        case "clean", "viral", "tiny", "nudged" -> assertEquals(1.0, score, 1e-9, id);
        default -> assertFalse(Double.isNaN(score));
      }
    }
  }

  @Test
  void unknownOrInvalidThresholdsAreRejected() {
    org.junit.jupiter.api.Assertions.assertThrows(io.creatorscope.common.UserError.class,
        () -> AnomalyConfig.from(io.creatorscope.common.Settings.of(java.util.Map.of("anomaly.surge_z", "-1"),
            AnomalyConfig.KEYS)));
    org.junit.jupiter.api.Assertions.assertThrows(io.creatorscope.common.UserError.class,
        () -> io.creatorscope.common.Settings.of(java.util.Map.of("anomaly.zthreshold", "3"), AnomalyConfig.KEYS));
  }
}
