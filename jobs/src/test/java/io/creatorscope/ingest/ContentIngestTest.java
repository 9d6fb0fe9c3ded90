package io.creatorscope.ingest;

import static io.creatorscope.testing.RawInputs.day;
import static io.creatorscope.testing.RawInputs.noon;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.Tables;
import io.creatorscope.testing.OutputTrees;
import io.creatorscope.testing.RawInputs;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Captions, hashtags and mentions at ingest: sponsored detection, its source, and inputs without them. */
class ContentIngestTest extends SparkTestBase {
  @TempDir Path tmp;

  private List<Row> curatedPosts(Path input) {
    String out = tmp.resolve("out").toString();
    new IngestJob(spark, new IngestConfig(input.toString(), out, Optional.of(day(3)))).run();
    return OutputTrees.rowsAsOf(spark, out, Tables.CURATED_POSTS, day(3)).orderBy("post_id")
        .select("post_id", "is_sponsored", "sponsored_source").collectAsList();
  }

  @Test
  void aNullFlagIsDetectedFromWholeMarkersOnlyAndAGivenFlagIsKept() {
    Path input = new RawInputs(spark)
        .profile("a", "instagram", "food", 5000L, day(1))
        .contentPost("p1", "a", noon(1), true, null, null, null, day(2))
        .contentPost("p2", "a", noon(1), false, "Loving it #ad", null, null, day(2))      // given wins
        .contentPost("p3", "a", noon(1), null, "Loving it #AD.", null, null, day(2))
        .contentPost("p4", "a", noon(1), null, "new drop", List.of("Sponsored"), null, day(2))
        .contentPost("p5", "a", noon(1), null, "In a PAID\npartnership with @brand", null, null, day(2))
        .contentPost("p6", "a", noon(1), null, "#adventure at my #address #adidas #ad_free", List.of("#ads_free"),
            null, day(2))
        .contentPost("p7", "a", noon(1), null, "a bad ad, an unpaid partnership, paid partnerships", null, null,
            day(2))
        .contentPost("p8", "a", noon(1), null, null, null, List.of("@brand"), day(2))
        .contentPost("p9", "a", noon(1), null, "sponsored by @brand", List.of(), null, day(2))
        .contentPost("pa", "a", noon(1), null, "x&#ad; #werbung", null, null, day(2))
        .writeTo(tmp.resolve("in"));

    assertEquals(List.of(
        RowFactory.create("p1", true, "given"), RowFactory.create("p2", false, "given"),
        RowFactory.create("p3", true, "detected"), RowFactory.create("p4", true, "detected"),
        RowFactory.create("p5", true, "detected"), RowFactory.create("p6", false, "none"),
        RowFactory.create("p7", false, "none"), RowFactory.create("p8", false, "none"),
        RowFactory.create("p9", true, "detected"), RowFactory.create("pa", true, "detected")),
        curatedPosts(input));
  }

  /** The tags are computed once, at ingest, and kept with the post for the jobs that read them on every run. */
  @Test
  void eachPostKeepsTheTagsOfItsHashtagsAndCaption() {
    Path input = new RawInputs(spark)
        .profile("a", "instagram", "food", 5000L, day(1))
        .contentPost("p1", "a", noon(1), null, "Lunch #Foodie and #recipe, #foodie again", List.of("#Food", " yummy "),
            null, day(2))
        .contentPost("p2", "a", noon(1), null, null, null, null, day(2))
        .writeTo(tmp.resolve("in"));
    String out = tmp.resolve("out").toString();
    new IngestJob(spark, new IngestConfig(input.toString(), out, Optional.of(day(3)))).run();
    List<Row> rows = OutputTrees.rowsAsOf(spark, out, Tables.CURATED_POSTS, day(3)).orderBy("post_id")
        .select("tags").collectAsList();
    assertEquals(List.of("food", "yummy", "foodie", "recipe"), rows.get(0).getList(0));
    assertEquals(List.of(), rows.get(1).getList(0));
  }

  @Test
  void postsWithoutContentColumnsKeepTodaysFlagsAndAMixedInputMerges() {
    Path in = tmp.resolve("in");
    new RawInputs(spark)
        .profile("a", "instagram", "food", 5000L, day(1))
        .postRow("p1", "a", "instagram", noon(1), 10L, 1L, null, null, null, true, day(1))
        .postRow("p2", "a", "instagram", noon(1), 10L, 1L, null, null, null, false, day(1))
        .postRow("p3", "a", "instagram", noon(1), 10L, 1L, null, null, null, null, day(1))
        .deliver(in, "old");
    String out = tmp.resolve("out").toString();
    new IngestJob(spark, new IngestConfig(in.toString(), out, Optional.of(day(1)))).run();
    List<Row> before = OutputTrees.rowsAsOf(spark, out, Tables.CURATED_POSTS, day(1)).orderBy("post_id")
        .select("post_id", "is_sponsored", "sponsored_source", "caption", "hashtags", "mentions").collectAsList();
    assertEquals(List.of(
        RowFactory.create("p1", true, "given", null, null, null),
        RowFactory.create("p2", false, "given", null, null, null),
        RowFactory.create("p3", false, "none", null, null, null)), before, "null is false, as before");

    // A later delivery with captions, merged incrementally into partitions written without them.
    new RawInputs(spark)
        .profile("a", "instagram", "food", 5100L, day(2))
        .contentPost("p3", "a", noon(1), null, "#ad for @brand", List.of("food"), List.of("@brand"), day(2))
        .contentPost("p4", "a", noon(2), null, "lunch", List.of("food"), null, day(2))
        .deliver(in, "new");
    IngestResult second = new IngestJob(spark, new IngestConfig(in.toString(), out, Optional.of(day(2)))).run();
    assertTrue(second.mode().startsWith("incremental"), second.mode());
    assertTrue(second.posts().balances());
    List<Row> after = OutputTrees.rowsAsOf(spark, out, Tables.CURATED_POSTS, day(2)).orderBy("post_id")
        .select("post_id", "is_sponsored", "sponsored_source", "caption").collectAsList();
    assertEquals(List.of(
        RowFactory.create("p1", true, "given", null), RowFactory.create("p2", false, "given", null),
        RowFactory.create("p3", true, "detected", "#ad for @brand"), RowFactory.create("p4", false, "none", "lunch")),
        after);
  }
}
