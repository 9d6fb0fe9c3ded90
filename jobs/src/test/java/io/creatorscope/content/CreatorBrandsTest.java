package io.creatorscope.content;

import static io.creatorscope.testing.RawInputs.day;
import static io.creatorscope.testing.RawInputs.noon;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.Columns;
import io.creatorscope.common.Tables;
import io.creatorscope.common.UserError;
import io.creatorscope.discovery.BrandFilter;
import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** creator_brands on hand-built curated posts, and the brief's brand checks over it. */
class CreatorBrandsTest extends SparkTestBase {
  private final List<Row> posts = new ArrayList<>();

  /** A curated post without kept tags (as an older version kept it): the job takes them from hashtags and caption. */
  private void post(String id, String creator, int day, boolean sponsored, String caption, List<String> hashtags,
      List<String> mentions) {
    posts.add(RowFactory.create(id, creator, "instagram", noon(day), 10L, 1L, null, null, null, caption,
        hashtags == null ? null : hashtags.toArray(new String[0]),
        mentions == null ? null : mentions.toArray(new String[0]), null, sponsored, "given", day(day + 1), 1,
        day(day)));
  }

  private Dataset<Row> brands() {
    Dataset<Row> curated = spark.createDataFrame(posts, Tables.output(Tables.CURATED_POSTS).structType().asNullable());
    return new CreatorBrandsJob(spark, ContentConfig.defaults()).brands(curated, day(2), day(20));
  }

  @Test
  void brandsAreMentionsOfSponsoredPostsAndTheHashtagsSomePaidPostMentions() {
    post("a1", "a", 3, true, "Paid partnership with @GlowLab. #ad #glowlab #summer #fitness", null, null);
    post("a2", "a", 9, true, "new #drop", List.of("#GlowLab"), List.of("@nordpeak"));
    post("a3", "a", 10, false, "love @brewhaus #brewhaus", null, List.of("@friend"));   // organic: no brand
    post("a4", "a", 1, true, "too early @oldbrand", null, null);                       // before the window
    post("b1", "b", 5, true, "#ad #brewhaus", null, null);                              // @brewhaus paid nowhere
    post("b2", "b", 6, true, "thanks", null, List.of("nordpeak", "@NordPeak"));
    post("c1", "c", 7, true, "mail me: me@example.com #ad", null, null);               // no handle, no brand tag
    List<Row> rows = brands().orderBy(Columns.CREATOR_ID, "brand")
        .select("creator_id", "brand", "posts", "first_post_date", "last_post_date", "mentioned", "hashtagged")
        .collectAsList();
    assertEquals(List.of(
        RowFactory.create("a", "glowlab", 2, day(3), day(9), true, true),
        RowFactory.create("a", "nordpeak", 1, day(9), day(9), true, false),
        RowFactory.create("b", "nordpeak", 1, day(6), day(6), true, false)), rows);
  }

  @Test
  void excludeBrandsDropsPromotersAndWorkedWithKeepsThem() {
    post("a1", "a", 3, true, "@acme", null, null);
    post("b1", "b", 3, true, "@globex", null, null);
    post("c1", "c", 3, false, "@acme", null, null);
    Dataset<Row> brands = brands();
    Dataset<Row> ranking = spark.createDataFrame(List.of(RowFactory.create("a"), RowFactory.create("b"),
        RowFactory.create("c")), new StructType().add("creator_id", DataTypes.StringType));
    assertEquals(List.of("b", "c"), ids(new BrandFilter(List.of("@ACME"), List.of()).apply(ranking, brands)));
    assertEquals(List.of("a"), ids(new BrandFilter(List.of(), List.of("acme")).apply(ranking, brands)));
    assertEquals(List.of("b"), ids(new BrandFilter(List.of("@acme"), List.of("@globex", "#acme"))
        .apply(ranking, brands)));
  }

  private static List<String> ids(Dataset<Row> rows) {
    return rows.orderBy(Columns.CREATOR_ID).collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  @Test
  void aBadBrandHandleIsOneUserError() {
    UserError e = assertThrows(UserError.class, () -> new BrandFilter(List.of("@a b"), List.of()));
    assertEquals("--exclude-brands: '@a b' is not a brand handle (@name: letters, digits, _ and inner dots)",
        e.getMessage());
    assertThrows(UserError.class, () -> new BrandFilter(List.of(), List.of("@")));
    CliRun run = CliRun.of("discover", "--output", "nowhere", "--worked-with", "@acme,@bad/name");
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().startsWith("error: --worked-with: '@bad/name' is not a brand handle"), run.toString());
    assertEquals(1, run.err().lines().count(), run.toString());
  }
}
