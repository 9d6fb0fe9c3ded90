package io.creatorscope.content;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.ltrim;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract_all;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.trim;

import io.creatorscope.common.Columns;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * A post's content signals as Spark expressions (no UDF): its tags and mentions, normalised, and whether its caption
 * or tags disclose a paid partnership. The one definition of each, used by ingest, engagement and creator_brands.
 */
public final class ContentSignals {
  /**
   * Letters, digits and _ make a tag; a # after one of them (or after &amp;, an HTML entity) starts none. The #
   * comes first and the look-behind after it, so the character classes are tested at each # only, not at every
   * character of every caption.
   */
  private static final String TAG_IN_TEXT = "#(?<![\\p{L}\\p{N}_&]#)([\\p{L}\\p{N}_]+)";
  /** A handle: letters, digits, _ and inner dots; an e-mail address is no mention. The @ first, as above. */
  private static final String MENTION_IN_TEXT = "@(?<![\\p{L}\\p{N}_.]@)([\\p{L}\\p{N}_]+(?:\\.[\\p{L}\\p{N}_]+)*)";

  private ContentSignals() {}

  /**
   * A post's tags: its hashtags column and the #tags of its caption, lower case, without {@code #}, each once;
   * empty (never null) when it has neither.
   */
  public static Column tags(Column hashtags, Column caption) {
    return names(hashtags, caption, TAG_IN_TEXT, "#");
  }

  /**
   * A curated post's tags: the {@link Columns#TAGS} ingest computed, else (a row an older version ingested, or posts
   * without that column) {@link #tags} of its hashtags and caption, computed only for such rows; empty without them.
   */
  public static Column tagsOf(Dataset<Row> posts) {
    List<String> given = List.of(posts.columns());
    Column computed = tags(
        given.contains(Columns.HASHTAGS) ? col(Columns.HASHTAGS) : lit(null).cast("array<string>"),
        given.contains(Columns.CAPTION) ? col(Columns.CAPTION) : lit(null).cast("string"));
    return given.contains(Columns.TAGS) ? coalesce(col(Columns.TAGS), computed) : computed;
  }

  /** A post's mentions: its mentions column and the @handles of its caption, lower case, without {@code @}. */
  public static Column mentions(Column mentions, Column caption) {
    return names(mentions, caption, MENTION_IN_TEXT, "@");
  }

  /**
   * A listed name loses its surrounding spaces and every leading {@code sign}: a trim of the sign, not a regular
   * expression per name (the hashtags of 2.8 million posts, read and normalised, in 1.0-1.3 s instead of 1.3-1.8 s).
   */
  private static Column names(Column listed, Column caption, String inText, String sign) {
    Column fromList = transform(listed, t -> lower(ltrim(trim(t), sign)));
    Column fromText = transform(regexp_extract_all(caption, lit(inText), lit(1)), t -> lower(t));
    Column both = concat(coalesce(fromList, empty()), coalesce(fromText, empty()));
    return array_distinct(filter(both, t -> t.isNotNull().and(t.notEqual(""))));
  }

  private static Column empty() {
    return array().cast(DataTypes.createArrayType(DataTypes.StringType));
  }

  /**
   * Whether a post discloses a paid partnership: one of its {@code tags} is a marker tag, or its caption holds a
   * marker phrase as whole words (any white space between them), case-insensitive. Never null.
   */
  public static Column marked(Column tags, Column caption, ContentConfig config) {
    Column byTag = config.markerTags().isEmpty() ? lit(false)
        : coalesce(arrays_overlap(tags, literal(config.markerTags())), lit(false));
    List<String> phrases = config.markerPhrases();
    if (phrases.isEmpty()) {
      return byTag;
    }
    return byTag.or(coalesce(caption.rlike(phraseRegex(phrases)), lit(false)));
  }

  /** Case-insensitive, word-bounded alternatives: "sponsored by" matches "Sponsored  by" but not "unsponsored by". */
  static String phraseRegex(List<String> phrases) {
    String alternatives = phrases.stream()
        .map(p -> java.util.Arrays.stream(p.split("\\s+")).map(Pattern::quote).collect(Collectors.joining("\\s+")))
        .collect(Collectors.joining("|"));
    return "(?iu)(?<![\\p{L}\\p{N}_])(?:" + alternatives + ")(?![\\p{L}\\p{N}_])";
  }

  /**
   * The tags of {@code tags} (distinct) that are none of {@code excluded}. A membership test against literals, which
   * Spark turns into one hash set for the query: array_except built a set of every excluded tag (each niche
   * keyword) again for each row, which was most of the brands job's time.
   */
  public static Column without(Column tags, List<String> excluded) {
    return excluded.isEmpty() ? tags
        : filter(tags, t -> not(t.isin(excluded.stream().distinct().toArray())));
  }

  /** An array<string> literal. */
  public static Column literal(List<String> values) {
    return values.isEmpty() ? empty() : array(values.stream().map(v -> lit(v)).toArray(Column[]::new));
  }
}
