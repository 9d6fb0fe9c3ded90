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

  public Dataset<Row> profilesFrame() {
    StructType schema = Tables.input(Tables.PROFILES).structType().asNullable();
    return spark.createDataFrame(profiles, schema);
  }

  public Dataset<Row> postsFrame() {
    StructType schema = Tables.input(Tables.POSTS).structType().asNullable();
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
