package io.creatorscope.cli;

import io.creatorscope.audience.AudienceBrief;
import io.creatorscope.common.Columns;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.Tables;
import io.creatorscope.discovery.BrandBrief;
import io.creatorscope.discovery.BrandFilter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** The row for reading (table, CSV): rates as percentages, rounded; a missing handle or country stays null. */
  static List<Object> cells(Row r) {
    return Arrays.asList(
        String.valueOf((int) r.getAs("rank")), r.getAs("handle"), r.getAs("platform"),
        r.getAs("niche"), r.getAs("tier"), r.getAs("country"),
        String.valueOf((long) r.getAs("followers")),
        String.format("%.2f%%", 100 * (double) r.getAs("er")),
        String.format("%.2f%%", 100 * (double) r.getAs("group_median_er")),
        String.format("%.2f", (double) r.getAs("authenticity_score")),
        String.format("%.1f", (double) r.getAs("score")), r.getAs("top_reasons"));
  }

  /**
   * The row for a program (JSON): the table's values as numbers (rates as fractions, unrounded) and the creator_id
   * to join on; the text forms print them rounded, for reading and for spreadsheets.
   */
  static List<Object> values(Row r) {
    return Arrays.asList(r.getAs("rank"), r.getAs(Columns.CREATOR_ID), r.getAs("handle"), r.getAs("platform"),
        r.getAs("niche"), r.getAs("tier"), r.getAs("country"), r.getAs("followers"), r.getAs("er"),
        r.getAs("group_median_er"), r.getAs("authenticity_score"), r.getAs("score"), r.getAs("top_reasons"));
  }

  static String render(List<Row> rows, TextTable.Format format) {
    return render(rows, format, false);
  }

  /**
   * With {@code audience} (a brief naming target audiences) two more columns: the audience fit (or "unknown"; in
   * JSON null) and the brief score the rows are ordered by.
   */
  static String render(List<Row> rows, TextTable.Format format, boolean audience) {
    boolean typed = format == TextTable.Format.JSON;
    List<String> headers = new ArrayList<>(HEADERS);
    if (typed) {
      headers.add(1, Columns.CREATOR_ID);
    }
    List<List<Object>> cells = new ArrayList<>();
    for (Row r : rows) {
      List<Object> c = new ArrayList<>(typed ? values(r) : cells(r));
      if (audience) {
        boolean known = r.getAs(AudienceBrief.KNOWN);
        Object fit = known ? r.getAs(AudienceBrief.FIT) : null;
        Object briefScore = known ? r.getAs(AudienceBrief.BRIEF_SCORE) : null;
        if (typed) {
          c.add(fit);
          c.add(briefScore);
        } else {
          c.add(known ? String.format("%.2f", (double) fit) : "unknown");
          // A lone "-" would reach a spreadsheet as the text "'-" (TextTable.notFormula): CSV leaves the cell empty.
          c.add(known ? String.format("%.1f", (double) briefScore) : format == TextTable.Format.TABLE ? "-" : null);
        }
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
