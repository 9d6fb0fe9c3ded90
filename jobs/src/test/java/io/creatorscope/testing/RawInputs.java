package io.creatorscope.testing;

import io.creatorscope.common.Tables;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Builds tiny raw inputs in the contract (profiles/, posts/, optional audiences/) for tests, row by row. */
public final class RawInputs {
  private final SparkSession spark;
  private final List<Row> profiles = new ArrayList<>();
  private final List<Row> posts = new ArrayList<>();
  /** Index of the first optional content column (caption) of posts. */
  public static final int CONTENT_FROM = 11;
  private final List<Row> audiences = new ArrayList<>();

  public RawInputs(SparkSession spark) {
    this.spark = spark;
  }

  public static LocalDate day(int dayOfOctober) {
    return LocalDate.of(2026, 10, dayOfOctober);
  }

  public static Instant noon(int dayOfOctober) {
    return day(dayOfOctober).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC);
  }

  public RawInputs profile(String creator, String platform, String niche, Long followers, LocalDate date) {
    profiles.add(RowFactory.create(creator, platform, "@" + creator, niche, "DE", followers, 100L, 10L, date));
    return this;
  }

  public RawInputs profileRow(Object... values) {
    profiles.add(RowFactory.create(values));
    return this;
  }

  /** A post with likes and comments only (no shares, saves, views). */
  public RawInputs post(String postId, String creator, Instant postedAt, Long likes, Long comments, LocalDate observed) {
    posts.add(RowFactory.create(postId, creator, "instagram", postedAt, likes, comments, null, null, null, false,
        observed));
    return this;
  }

  public RawInputs postRow(Object... values) {
    posts.add(RowFactory.create(values));
    return this;
  }

  /** One audience row (the optional input): a share of the creator's followers in one bucket. */
  public RawInputs audience(String creator, String dimension, String bucket, Double share, LocalDate date) {
    audiences.add(RowFactory.create(creator, dimension, bucket, share, date));
    return this;
  }

  public Dataset<Row> audiencesFrame() {
    return spark.createDataFrame(audiences, Tables.input(Tables.AUDIENCES).structType().asNullable());
  }

  /** A post with a caption, hashtags and mentions; {@code sponsored} may be null (not given). */
  public RawInputs contentPost(String postId, String creator, Instant postedAt, Boolean sponsored, String caption,
      List<String> hashtags, List<String> mentions, LocalDate observed) {
    posts.add(RowFactory.create(postId, creator, "instagram", postedAt, 100L, 5L, null, null, null, sponsored,
        observed, caption, hashtags == null ? null : hashtags.toArray(new String[0]),
        mentions == null ? null : mentions.toArray(new String[0])));
    return this;
  }

  public Dataset<Row> profilesFrame() {
    StructType schema = Tables.input(Tables.PROFILES).structType().asNullable();
    return spark.createDataFrame(profiles, schema);
  }

  /**
   * The posts; when no row gave the optional content columns (caption, hashtags, mentions: rows of the 11 columns
   * before them), the frame has none of them, as inputs from before they existed.
   */
  public Dataset<Row> postsFrame() {
    StructType schema = Tables.input(Tables.POSTS).structType().asNullable();
    if (posts.stream().allMatch(r -> r.size() == CONTENT_FROM)) {
      schema = new StructType(java.util.Arrays.copyOf(schema.fields(), CONTENT_FROM));
    }
    return spark.createDataFrame(posts, schema);
  }

  /**
   * Adds one delivery to the input under {@code root}: the rows as one file in {@code profiles/NAME/} and one in
   * {@code posts/NAME/} (a table without rows gets no file), beside what is there.
   */
  public Path deliver(Path root, String name) {
    if (!profiles.isEmpty()) {
      profilesFrame().coalesce(1).write().parquet(root.resolve("profiles").resolve(name).toString());
    }
    if (!posts.isEmpty()) {
      postsFrame().coalesce(1).write().parquet(root.resolve("posts").resolve(name).toString());
    }
    if (!audiences.isEmpty()) {
      audiencesFrame().coalesce(1).write().parquet(root.resolve("audiences").resolve(name).toString());
    }
    return root;
  }

  /** The smallest input a run accepts over two days: one creator snapshotted on days 1 and 2, one post. */
  public static Path twoDays(SparkSession spark, Path root) {
    return new RawInputs(spark).profile("a", "instagram", "food", 1000L, day(1))
        .profile("a", "instagram", "food", 1010L, day(2)).post("p1", "a", noon(1), 10L, 1L, day(2))
        .writeTo(root);
  }

  /** Writes profiles/ and posts/ under {@code root}, one file each, and audiences/ when there are audience rows. */
  public Path writeTo(Path root) {
    profilesFrame().coalesce(1).write().mode("overwrite").parquet(root.resolve("profiles").toString());
    postsFrame().coalesce(1).write().mode("overwrite").parquet(root.resolve("posts").toString());
    if (!audiences.isEmpty()) {
      audiencesFrame().coalesce(1).write().mode("overwrite").parquet(root.resolve("audiences").toString());
    }
    return root;
  }
}
