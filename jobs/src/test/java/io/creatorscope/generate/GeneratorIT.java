package io.creatorscope.generate;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.UserError;
import io.creatorscope.ingest.IngestConfig;
import io.creatorscope.ingest.IngestJob;
import io.creatorscope.ingest.IngestResult;
import io.creatorscope.testing.GeneratedRun;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorIT extends SparkTestBase {
  @TempDir Path tmp;

  private static GeneratorConfig config(long seed, double dirt, String layout) {
    return config(seed, dirt, layout, 0);
  }

  private static GeneratorConfig config(long seed, double dirt, String layout, int files) {
    return new GeneratorConfig(300, 40, GeneratorConfig.DEFAULT_START, seed, dirt, layout, files);
  }

  /**
   * The same seed gives the same rows in either layout, another seed others; the flat layout comes in as many files
   * as asked (300 creators are one partition, so 3 files take a shuffle).
   */
  @Test
  void sameSeedSameDataOtherSeedOtherData() throws Exception {
    new DatasetGenerator(spark, config(3, 0.01, "flat", 3)).run(tmp.resolve("one").toString());
    for (String table : List.of("profiles", "posts", "labels")) {
      try (var files = Files.list(tmp.resolve("one/" + table))) {
        assertEquals(3, files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count(), table);
      }
    }
    new DatasetGenerator(spark, config(3, 0.01, "hive")).run(tmp.resolve("two").toString());
    for (String table : List.of("profiles", "posts", "labels")) {
      Dataset<Row> one = spark.read().parquet(tmp.resolve("one/" + table).toString());
      Dataset<Row> two = spark.read().parquet(tmp.resolve("two/" + table).toString())
          .select(java.util.Arrays.stream(one.columns()).map(org.apache.spark.sql.functions::col)
              .toArray(org.apache.spark.sql.Column[]::new));
      assertFramesEqualAnyOrder(one, two);
    }
    CreatorSimulator a = new CreatorSimulator(config(3, 0, "flat"));
    CreatorSimulator b = new CreatorSimulator(config(4, 0, "flat"));
    assertEquals(a.simulate(7), a.simulate(7));
    assertNotEquals(a.simulate(7).profiles(), b.simulate(7).profiles());
    assertTrue(Files.isDirectory(tmp.resolve("two/profiles/snapshot_date=2026-08-01")), "hive layout");
  }

  /** On the shared generated dataset ({@link GeneratedRun}), which the targets and engagement classes measure. */
  @Test
  void generatedDataHasTheContractsShapeAndEveryKindOfEvent() {
    GeneratorConfig cfg = GeneratedRun.CONFIG;
    String in = GeneratedRun.input(spark);
    Dataset<Row> profiles = spark.read().parquet(in + "/profiles");
    long creators = profiles.select("creator_id").distinct().count();
    assertEquals(cfg.creators(), creators);
    assertTrue(profiles.filter(col("followers").lt(0).or(col("following").lt(0)).or(col("media_count").lt(0)))
        .isEmpty(), "clean data (dirty rate 0) has no negative counts");
    long rows = profiles.count();
    // Each creator's days from its first snapshot to the last day: newcomers start late, and their earlier days
    // are not missing ones.
    long creatorDays = profiles.groupBy("creator_id").agg(org.apache.spark.sql.functions.min("snapshot_date")
            .as("first"))
        .select(org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.datediff(
            org.apache.spark.sql.functions.lit(GeneratedRun.AS_OF), col("first")).plus(1)))
        .first().getLong(0);
    assertTrue(creatorDays < cfg.creators() * cfg.days(), "some creators are newcomers with a shorter history");
    double missingShare = 1 - (double) rows / creatorDays;
    assertTrue(missingShare > 0.01 && missingShare < 0.06, "a few percent of snapshot days missing: " + missingShare);
    assertTrue(profiles.select("niche").distinct().count() >= 12);
    assertEquals(3, profiles.select("platform").distinct().count());
    Row range = profiles.agg(org.apache.spark.sql.functions.min("followers"),
        org.apache.spark.sql.functions.max("followers")).first();
    assertTrue(range.getLong(0) < 1000 && range.getLong(1) > 1_000_000, "heavy tail: " + range);

    Dataset<Row> posts = spark.read().parquet(in + "/posts");
    double sponsored = posts.agg(org.apache.spark.sql.functions.avg(col("is_sponsored").cast("double")))
        .first().getDouble(0);
    assertTrue(sponsored > 0.10 && sponsored < 0.20, "about 15% sponsored: " + sponsored);
    assertTrue(posts.filter(col("likes").lt(0).or(col("comments").lt(0)).or(col("likes").isNull())).isEmpty());
    assertTrue(posts.filter(col("platform").equalTo("instagram").and(col("views").isNotNull())).isEmpty());
    assertTrue(posts.filter(col("platform").equalTo("youtube").and(col("saves").isNotNull())).isEmpty());
    assertTrue(posts.groupBy("post_id").count().filter(col("count").gt(1)).count() > 0, "posts are re-observed");

    Set<String> kinds = spark.read().parquet(in + "/labels").select("kind").distinct()
        .collectAsList().stream().map(r -> r.getString(0)).collect(Collectors.toSet());
    assertEquals(Set.of("suspicious_spike", "organic_spike", "drop", "follow_churn"), kinds);
  }

  /**
   * The purchases as they arrive (no Spark: the simulator itself): every variant is labelled with its first and
   * last day, drip feeds span 2-7 days, bought followers add nothing to the posts' interactions, and some creators
   * appear late with a history shorter than a baseline.
   */
  @Test
  void purchasesAreDripFedOrFollowAViralPostAndNeverEngage() {
    CreatorSimulator sim = new CreatorSimulator(new GeneratorConfig(1, 120, GeneratorConfig.DEFAULT_START, 21, 0,
        "flat", 0));
    Set<String> variants = new java.util.TreeSet<>();
    int newcomers = 0;
    double logLikesRise = 0;
    double logFollowersRise = 0;
    int bigPurchases = 0;
    for (long i = 0; i < 4000; i++) {
      CreatorSimulator.Simulated s = sim.simulate(i);
      if (s.profiles().get(0).getLocalDate(8).isAfter(GeneratorConfig.DEFAULT_START.plusDays(70))) {
        newcomers++;
      }
      for (Row label : s.labels()) {
        String variant = label.getString(4);
        variants.add(label.getString(1) + "/" + variant);
        long span = label.getLocalDate(5).toEpochDay() - label.getLocalDate(2).toEpochDay();
        assertTrue(span >= 0 && span <= (variant.equals("drip_fed") ? 6 : variant.equals("after_viral") ? 1 : 0),
            variant + " spans " + span + " days");
        if (variant.equals("single_day") && label.getDouble(3) > 0.15) {
          bigPurchases++;
          logLikesRise += Math.log(likesAfterOverBefore(s, label.getLocalDate(2)));
          logFollowersRise += Math.log(1 + label.getDouble(3));
        }
      }
    }
    assertEquals(Set.of("drop/purge", "follow_churn/follow_unfollow", "organic_spike/viral_post",
        "suspicious_spike/after_viral", "suspicious_spike/drip_fed", "suspicious_spike/single_day"), variants);
    assertTrue(newcomers > 200 && newcomers < 450, "about 8% newcomers: " + newcomers);
    // Purchases of over 15% of the audience: the median likes per post stay where they were (a few posts each side
    // are noisy, so the mean over the purchases), while the followers rose by 15-40%.
    assertTrue(bigPurchases >= 20, "purchases: " + bigPurchases);
    assertTrue(logLikesRise / bigPurchases < 0.5 * logFollowersRise / bigPurchases,
        "mean log rise of likes " + logLikesRise / bigPurchases + ", of followers " + logFollowersRise / bigPurchases);
  }

  /** Median likes of the posts in the 14 days after {@code day} over those of the 14 days before. */
  private static double likesAfterOverBefore(CreatorSimulator.Simulated s, java.time.LocalDate day) {
    List<List<Long>> sides = List.of(new java.util.ArrayList<>(), new java.util.ArrayList<>());
    for (Row post : s.posts()) {
      java.time.LocalDate posted = post.getInstant(3).atZone(java.time.ZoneOffset.UTC).toLocalDate();
      long d = posted.toEpochDay() - day.toEpochDay();
      if (Math.abs(d) <= 14 && d != 0 && post.getLocalDate(10).isAfter(posted)) {
        sides.get(d > 0 ? 1 : 0).add(post.getLong(4));
      }
    }
    if (sides.get(0).isEmpty() || sides.get(1).isEmpty()) {
      return 1.0;
    }
    return median(sides.get(1)) / median(sides.get(0));
  }

  private static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return (sorted.get((n - 1) / 2) + sorted.get(n / 2)) / 2.0;
  }

  @Test
  void dirtyRowsLandInQuarantineUnderEveryReason() {
    new DatasetGenerator(spark, config(5, 0.05, "flat")).run(tmp.resolve("dirty").toString());
    IngestResult r = new IngestJob(spark, new IngestConfig(tmp.resolve("dirty").toString(),
        tmp.resolve("out").toString(), Optional.empty())).run();
    assertTrue(r.profiles().balances() && r.posts().balances());
    assertEquals(Set.of("NULL_REQUIRED", "NEGATIVE_COUNT"), r.profiles().quarantinedByReason().keySet());
    assertEquals(Set.of("NULL_REQUIRED", "NEGATIVE_COUNT", "OBSERVED_BEFORE_POSTED", "UNKNOWN_CREATOR"),
        r.posts().quarantinedByReason().keySet());
    assertTrue(r.profiles().duplicates() > 0, "duplicate profile rows collapsed");
  }

  /**
   * Three creators over two days (seed 5): no purchase injected, no audience split; the tables without rows are
   * written and counted, in the hive layout too, where no file holds their schema.
   */
  @Test
  void tablesWithoutRowsAreWrittenAndCounted() {
    DatasetGenerator.Result r = new DatasetGenerator(spark,
        new GeneratorConfig(3, 2, GeneratorConfig.DEFAULT_START, 5, 0, GeneratorConfig.LAYOUT_HIVE, 0))
        .run(tmp.resolve("few").toString());
    assertEquals(6, r.profileRows());
    assertEquals(0, r.labelRows());
    assertEquals(0, r.audienceRows());
    assertTrue(Files.isDirectory(tmp.resolve("few/audiences")), "an empty audiences table is still written");
  }

  @Test
  void invalidSettingsAreUserErrors() {
    assertThrows(UserError.class, () -> new GeneratorConfig(0, 40, GeneratorConfig.DEFAULT_START, 1, 0, "flat", 0));
    assertThrows(UserError.class, () -> new GeneratorConfig(10, 40, GeneratorConfig.DEFAULT_START, 1, 0, "csv", 0));
    assertThrows(UserError.class, () -> new GeneratorConfig(10, 40, GeneratorConfig.DEFAULT_START, 1, 0.9, "flat", 0));
  }
}
