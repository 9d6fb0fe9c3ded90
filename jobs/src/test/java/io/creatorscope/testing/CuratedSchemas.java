package io.creatorscope.testing;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The columns of curated snapshots and posts that the jobs read, for tests that build them row by row. */
public final class CuratedSchemas {
  public static final StructType PROFILES = new StructType()
      .add("creator_id", DataTypes.StringType).add("snapshot_date", DataTypes.DateType)
      .add("followers", DataTypes.LongType).add("following", DataTypes.LongType)
      .add("handle", DataTypes.StringType).add("platform", DataTypes.StringType)
      .add("niche", DataTypes.StringType).add("country", DataTypes.StringType);
  public static final StructType POSTS = new StructType()
      .add("post_id", DataTypes.StringType).add("creator_id", DataTypes.StringType)
      .add("posted_at", DataTypes.TimestampType).add("likes", DataTypes.LongType)
      .add("comments", DataTypes.LongType).add("shares", DataTypes.LongType).add("saves", DataTypes.LongType)
      .add("views", DataTypes.LongType).add("is_sponsored", DataTypes.BooleanType);

  private CuratedSchemas() {}
}
