package io.creatorscope.content;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.Columns;
import io.creatorscope.common.Tables;
import io.creatorscope.generate.CreatorSimulator;
import io.creatorscope.generate.GeneratorConfig;
import io.creatorscope.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Sponsored detection scored on generated posts against their true flag. The markers were chosen from the
 * disclosure rules and checked on seed 42; the figures asserted here are measured on seeds 7 and 11.
 */
class SponsoredDetectionTest extends SparkTestBase {
  /** The generated posts of {@code creators} creators (one row per observation), flags as simulated. */
  static Dataset<Row> generatedPosts(long seed, int creators) {
    GeneratorConfig config = new GeneratorConfig(creators, 60, GeneratorConfig.DEFAULT_START, seed, 0.0,
        GeneratorConfig.LAYOUT_HIVE, 0);
    CreatorSimulator simulator = new CreatorSimulator(config);
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < creators; i++) {
      rows.addAll(simulator.simulate(i).posts());
    }
    return spark.createDataFrame(rows, Tables.input(Tables.POSTS).structType().asNullable());
  }

  @Test
  void precisionAndRecallOnGeneratedCaptionsAreAtLeast95Percent() {
    for (long seed : new long[] {7, 11}) {
      Dataset<Row> posts = generatedPosts(seed, 400).dropDuplicates(Columns.POST_ID);
      Column caption = col(Columns.CAPTION);
      Column detected = ContentSignals.marked(ContentSignals.tags(col(Columns.HASHTAGS), caption), caption,
          ContentConfig.defaults());
      Column truth = col(Columns.IS_SPONSORED);
      Row r = posts.agg(count(when(detected.and(truth), 1)), count(when(detected, 1)), count(when(truth, 1))).first();
      double precision = (double) r.getLong(0) / r.getLong(1);
      double recall = (double) r.getLong(0) / r.getLong(2);
      System.out.printf("seed %d: %d sponsored posts, %d detected, %d correctly: precision %.4f, recall %.4f%n",
          seed, r.getLong(2), r.getLong(1), r.getLong(0), precision, recall);
      assertTrue(r.getLong(2) > 500, "enough sponsored posts to measure: " + r.getLong(2));
      assertTrue(precision >= 0.95, "seed " + seed + ": precision " + precision);
      assertTrue(recall >= 0.95, "seed " + seed + ": recall " + recall);
    }
  }

  @Test
  void lookalikeTagsOnGeneratedPostsAreNeverMarkers() {
    Dataset<Row> posts = generatedPosts(7, 200).dropDuplicates(Columns.POST_ID);
    Column caption = col(Columns.CAPTION);
    Column tags = ContentSignals.tags(col(Columns.HASHTAGS), caption);
    List<String> lookalikes = List.of("adventure", "adorable", "advent", "adfree", "partnerincrime", "spontaneous");
    Dataset<Row> withLookalike = posts.filter(org.apache.spark.sql.functions.arrays_overlap(tags,
        ContentSignals.literal(lookalikes)).and(col(Columns.IS_SPONSORED).equalTo(false)));
    long n = withLookalike.count();
    long flagged = withLookalike.filter(ContentSignals.marked(tags, caption, ContentConfig.defaults())
        .and(org.apache.spark.sql.functions.array_contains(tags, "partner").equalTo(false))).count();
    assertTrue(n > 10, "organic posts with lookalike tags: " + n);
    assertTrue(flagged == 0, flagged + " of " + n + " organic posts with lookalike tags were flagged");
  }
}
