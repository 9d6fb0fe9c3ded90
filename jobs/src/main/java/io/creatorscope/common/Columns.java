package io.creatorscope.common;

/** Column names shared by more than one table. Each table's full column list lives in schemas/. */
public final class Columns {
  public static final String CREATOR_ID = "creator_id";
  public static final String PLATFORM = "platform";
  public static final String HANDLE = "handle";
  public static final String NICHE = "niche";
  public static final String NICHE_SOURCE = "niche_source";
  public static final String COUNTRY = "country";
  public static final String FOLLOWERS = "followers";
  public static final String FOLLOWING = "following";
  public static final String MEDIA_COUNT = "media_count";
  public static final String SNAPSHOT_DATE = "snapshot_date";

  public static final String POST_ID = "post_id";
  public static final String POSTED_AT = "posted_at";
  public static final String LIKES = "likes";
  public static final String COMMENTS = "comments";
  public static final String SHARES = "shares";
  public static final String SAVES = "saves";
  public static final String VIEWS = "views";
  public static final String IS_SPONSORED = "is_sponsored";
  public static final String OBSERVED_DATE = "observed_date";
  public static final String CAPTION = "caption";
  public static final String HASHTAGS = "hashtags";
  public static final String MENTIONS = "mentions";
  /** A post's tags, computed at ingest (ContentSignals.tags): its hashtags and the #tags of its caption. */
  public static final String TAGS = "tags";
  public static final String SPONSORED_SOURCE = "sponsored_source";
  public static final String POSTED_DATE = "posted_date";
  public static final String OBSERVATIONS = "observations";

  public static final String DIMENSION = "dimension";
  public static final String BUCKET = "bucket";
  public static final String SHARE = "share";

  public static final String AS_OF_DATE = "as_of_date";
  public static final String TIER = "tier";

  public static final String KIND = "kind";

  /** The niche given to profiles whose input niche is null or blank. */
  public static final String UNKNOWN_NICHE = "unknown";

  private Columns() {}
}
