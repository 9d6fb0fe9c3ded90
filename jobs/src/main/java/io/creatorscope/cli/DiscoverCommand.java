package io.creatorscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.TableWriter;
import io.creatorscope.common.Tables;
import io.creatorscope.common.UserError;
import io.creatorscope.discovery.BrandBrief;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code discover}: a brand brief over discovery_ranking, printed as a table, CSV or JSON. */
@Command(name = "discover", mixinStandardHelpOptions = true,
    description = "Find the best-ranked creators for a brief, from discovery_ranking only (no recomputation). "
        + "Every filter is optional and takes several values (repeat the option or separate with commas).")
public final class DiscoverCommand implements Callable<Integer> {
  static final String[] HEADERS = {
    "rank", "handle", "platform", "niche", "tier", "country", "followers", "er", "group_er", "authenticity", "score",
    "top_reasons"
  };

  @Option(names = "--output", required = true, description = "Output location holding discovery_ranking.")
  String output;

  @Option(names = "--as-of", converter = Dates.class,
      description = "As-of date (default: the newest with a complete run).")
  LocalDate asOf;

  @Option(names = "--niche", split = ",", description = "Niches, e.g. fitness,beauty.")
  List<String> niches = new ArrayList<>();

  @Option(names = "--tier", split = ",", description = "Tiers, e.g. micro.")
  List<String> tiers = new ArrayList<>();

  @Option(names = "--platform", split = ",", description = "Platforms, e.g. instagram.")
  List<String> platforms = new ArrayList<>();

  @Option(names = "--country", split = ",", description = "Country codes, e.g. DE,AT.")
  List<String> countries = new ArrayList<>();

  @Option(names = "--min-authenticity", description = "Lowest authenticity score, 0-1.")
  Double minAuthenticity;

  @Option(names = "--top", defaultValue = "20", description = "How many creators (default ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out", description = "Write to this file instead of standard output.")
  String out;

  @Override
  public Integer call() throws IOException {
    if (!List.of("table", "csv", "json").contains(format)) {
      throw new UserError("--format must be table, csv or json, got '" + format + "'");
    }
    BrandBrief brief = new BrandBrief(niches, tiers, platforms, countries, Optional.ofNullable(minAuthenticity), top);
    SparkSession spark = Sparks.forCommandLine("creatorscope discover");
    LocalDate date = RunManifest.requireComplete(spark, output, Tables.DISCOVERY_RANKING, Optional.ofNullable(asOf));
    List<Row> rows = brief.apply(TableWriter.readPartition(spark, output, Tables.DISCOVERY_RANKING, date))
        .collectAsList();
    String text = render(rows, format);
    if (out == null) {
      System.out.print(text);
    } else {
      Files.writeString(Path.of(out), text, StandardCharsets.UTF_8);
      System.out.println(rows.size() + " creators written to " + out);
    }
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

  static String render(List<Row> rows, String format) throws IOException {
    List<List<String>> table = new ArrayList<>();
    for (Row r : rows) {
      table.add(cells(r));
    }
    StringBuilder b = new StringBuilder();
    switch (format) {
      case "csv" -> {
        b.append(String.join(",", HEADERS)).append('\n');
        for (List<String> row : table) {
          b.append(String.join(",", row.stream().map(DiscoverCommand::csv).toList())).append('\n');
        }
      }
      case "json" -> {
        List<Map<String, String>> objects = new ArrayList<>();
        for (List<String> row : table) {
          Map<String, String> m = new LinkedHashMap<>();
          for (int i = 0; i < HEADERS.length; i++) {
            m.put(HEADERS[i], row.get(i));
          }
          objects.add(m);
        }
        b.append(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(objects)).append('\n');
      }
      default -> {
        int[] width = new int[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
          width[i] = HEADERS[i].length();
          for (List<String> row : table) {
            width[i] = Math.max(width[i], row.get(i).length());
          }
        }
        appendAligned(b, List.of(HEADERS), width);
        for (List<String> row : table) {
          appendAligned(b, row, width);
        }
        if (table.isEmpty()) {
          b.append("(no ranked creator matches the brief)\n");
        }
      }
    }
    return b.toString();
  }

  private static void appendAligned(StringBuilder b, List<String> row, int[] width) {
    for (int i = 0; i < row.size(); i++) {
      boolean last = i == row.size() - 1;
      b.append(last ? row.get(i) : String.format("%-" + width[i] + "s  ", row.get(i)));
    }
    b.append('\n');
  }

  private static String csv(String v) {
    return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }
}
