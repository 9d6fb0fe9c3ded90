package io.creatorscope.cli;

import io.creatorscope.audience.AudienceBrief;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.Tables;
import io.creatorscope.discovery.BrandBrief;
import io.creatorscope.discovery.BrandFilter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
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
    Dataset<Row> ranking = filters.ranking(spark, output, date, brands);
    boolean audience = brief.audience().named();
    List<Row> rows = brief.collect(ranking, audience ? creatorAudience(spark, output, date) : null);
    textOutput.emit(render(rows, textFormat, audience), rows.size() + " creators");
    return 0;
  }

  /** creator_audience of the date; an output whose run did not write it (older than the table) is a user error. */
  static Dataset<Row> creatorAudience(SparkSession spark, String output, LocalDate date) {
    RunManifest.requireComplete(spark, output, Tables.CREATOR_AUDIENCE, Optional.of(date));
    return PublishedTables.readPartition(spark, output, Tables.CREATOR_AUDIENCE, date);
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
    return render(rows, format, false);
  }

  /**
   * With {@code audience} (a brief naming target audiences) two more columns: the audience fit (or "unknown") and
   * the brief score the rows are ordered by.
   */
  static String render(List<Row> rows, TextTable.Format format, boolean audience) {
    List<String> headers = new ArrayList<>(HEADERS);
    List<List<String>> cells = new ArrayList<>();
    for (Row r : rows) {
      List<String> c = new ArrayList<>(cells(r));
      if (audience) {
        boolean known = r.getAs(AudienceBrief.KNOWN);
        c.add(known ? String.format("%.2f", (double) r.getAs(AudienceBrief.FIT)) : "unknown");
        c.add(known ? String.format("%.1f", (double) r.getAs(AudienceBrief.BRIEF_SCORE)) : "-");
      }
      cells.add(c);
    }
    if (audience) {
      headers.addAll(List.of(AudienceBrief.FIT, AudienceBrief.BRIEF_SCORE));
    }
    String text = new TextTable(headers, cells).render(format);
    if (format == TextTable.Format.TABLE && rows.isEmpty()) {
      text += "(no ranked creator matches the brief)\n";
    }
    long unknown = audience ? rows.stream().filter(r -> !(boolean) r.getAs(AudienceBrief.KNOWN)).count() : 0;
    if (format == TextTable.Format.TABLE && unknown > 0) {
      text += "(" + unknown + " creators without audience data in creator_audience are listed after the ones that "
          + "meet the audience targets: audience_fit unknown)\n";
    }
    return text;
  }
}
