package io.creatorscope.cli;

import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.Tables;
import io.creatorscope.discovery.BrandBrief;
import io.creatorscope.discovery.BrandFilter;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code discover}: a brand brief over discovery_ranking, printed as a table, CSV or JSON. */
@Command(name = "discover", mixinStandardHelpOptions = true,
    description = "Find the best-ranked creators for a brief, from discovery_ranking only (no recomputation). "
        + "Every filter is optional and takes several values (repeat the option or separate with commas).")
public final class DiscoverCommand implements Callable<Integer> {
  static final List<String> HEADERS = List.of(
      "rank", "handle", "platform", "niche", "tier", "country", "followers", "er", "group_er", "authenticity",
      "score", "top_reasons");

  @Option(names = "--output", required = true, description = "Output location holding discovery_ranking.")
  String output;

  @Option(names = "--as-of", converter = Dates.class,
      description = "As-of date (default: the newest with a complete run).")
  LocalDate asOf;

  @Mixin BriefOptions filters = new BriefOptions();

  @Option(names = "--top", defaultValue = "20", description = "How many creators (default ${DEFAULT-VALUE}).")
  int top;

  @Mixin TextOutputOptions textOutput = new TextOutputOptions();

  @Override
  public Integer call() {
    TextTable.Format textFormat = textOutput.format();
    BrandBrief brief = filters.brief(top);
    BrandFilter brands = filters.brandFilter();
    SparkSession spark = Sparks.forCommandLine("creatorscope discover");
    LocalDate date = RunManifest.requireComplete(spark, output, Tables.DISCOVERY_RANKING, Optional.ofNullable(asOf));
    List<Row> rows = brief.apply(filters.ranking(spark, output, date, brands)).collectAsList();
    textOutput.emit(render(rows, textFormat), rows.size() + " creators");
    return 0;
  }

  static List<String> cells(Row r) {
    return List.of(
        String.valueOf((int) r.getAs("rank")), String.valueOf((Object) r.getAs("handle")), r.getAs("platform"),
        r.getAs("niche"), r.getAs("tier"), String.valueOf((Object) r.getAs("country")),
        String.valueOf((long) r.getAs("followers")),
        String.format("%.2f%%", 100 * (double) r.getAs("er")),
        String.format("%.2f%%", 100 * (double) r.getAs("group_median_er")),
        String.format("%.2f", (double) r.getAs("authenticity_score")),
        String.format("%.1f", (double) r.getAs("score")), r.getAs("top_reasons"));
  }

  static String render(List<Row> rows, TextTable.Format format) {
    String text = new TextTable(HEADERS, rows.stream().map(DiscoverCommand::cells).toList()).render(format);
    if (format == TextTable.Format.TABLE && rows.isEmpty()) {
      text += "(no ranked creator matches the brief)\n";
    }
    return text;
  }
}
