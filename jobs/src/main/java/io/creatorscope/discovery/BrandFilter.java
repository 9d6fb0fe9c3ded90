package io.creatorscope.discovery;

import static org.apache.spark.sql.functions.col;

import io.creatorscope.common.Columns;
import io.creatorscope.common.UserError;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The brand checks of a brief over creator_brands (the brands creators promoted in the last content.brand_days
 * days): drop creators who promoted a competitor ({@code --exclude-brands}), keep only those who promoted one of the
 * partners ({@code --worked-with}). Brands are handles, compared without {@code @} or {@code #}, in lower case.
 */
public record BrandFilter(List<String> exclude, List<String> workedWith) {
  private static final Pattern HANDLE = Pattern.compile("[\\p{L}\\p{N}_]+(\\.[\\p{L}\\p{N}_]+)*");

  public BrandFilter {
    exclude = normalised("--exclude-brands", exclude);
    workedWith = normalised("--worked-with", workedWith);
  }

  private static List<String> normalised(String option, List<String> values) {
    return values.stream().map(v -> {
      String handle = v.strip().replaceFirst("^[@#]", "").toLowerCase(Locale.ROOT);
      if (!HANDLE.matcher(handle).matches()) {
        throw new UserError(option + ": '" + v + "' is not a brand handle (@name: letters, digits, _ and inner dots)");
      }
      return handle;
    }).distinct().toList();
  }

  /** Whether the brief asks for no brand check (creator_brands need not be read). */
  public boolean isEmpty() {
    return exclude.isEmpty() && workedWith.isEmpty();
  }

  /** The creators of {@code ranking} that pass the checks against {@code brands} (creator_brands of the date). */
  public Dataset<Row> apply(Dataset<Row> ranking, Dataset<Row> brands) {
    Dataset<Row> kept = ranking;
    if (!exclude.isEmpty()) {
      kept = kept.join(promoters(brands, exclude), kept.col(Columns.CREATOR_ID).equalTo(col("_promoter")),
          "left_anti");
    }
    if (!workedWith.isEmpty()) {
      kept = kept.join(promoters(brands, workedWith), kept.col(Columns.CREATOR_ID).equalTo(col("_promoter")),
          "left_semi");
    }
    return kept;
  }

  private static Dataset<Row> promoters(Dataset<Row> brands, List<String> names) {
    return brands.filter(col("brand").isin(names.toArray())).select(col(Columns.CREATOR_ID).as("_promoter"))
        .distinct();
  }
}
