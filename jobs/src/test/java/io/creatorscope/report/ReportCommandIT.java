package io.creatorscope.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.cli.Main;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.testing.SampleRun;
import io.creatorscope.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of the shared sample run: its sections, its charts, and the tables' values in it. */
class ReportCommandIT extends SparkTestBase {
  static String html;
  static String out;

  @TempDir Path tmp;

  @BeforeAll
  static void report() throws Exception {
    out = SampleRun.output();
    html = Files.readString(SampleReport.file());
  }

  static Dataset<Row> table(String name) {
    return PublishedTables.readPartition(spark, out, name, SampleRun.AS_OF);
  }

  static int count(String part) {
    return html.split(Pattern.quote(part), -1).length - 1;
  }

  @Test
  void hasEverySectionForTheAsOfDate() {
    for (String id : List.of("distribution", "top-creators", "flagged", "accounting")) {
      assertEquals(1, count("<section id=\"" + id + "\">"), id);
    }
    assertTrue(html.contains("as of <b>" + SampleRun.AS_OF + "</b>"));
    assertTrue(html.startsWith("<!DOCTYPE html>") && html.trim().endsWith("</html>"));
  }

  @Test
  void isSelfContained() {
    assertFalse(html.contains("http://"), "no http URL");
    assertFalse(html.contains("https://"), "no https URL");
    assertFalse(Pattern.compile("\\ssrc\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "no src attribute");
    assertFalse(html.contains("<script"), "no script");
    assertFalse(html.contains("<link"), "no linked style sheet");
    assertFalse(html.contains("url(") || html.contains("@import"), "no CSS fetch");
    Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    int links = 0;
    while (href.find()) {
      assertTrue(href.group(1).startsWith("#"), "links stay in the page: " + href.group(1));
      links++;
    }
    assertEquals(5, links, "the navigation to the five sections");
  }

  @Test
  void drawsTheExpectedNumberOfCharts() {
    long platforms = table(Tables.ENGAGEMENT_DISTRIBUTION).select("platform").distinct().count();
    long topRows = table(Tables.DISCOVERY_RANKING).filter(col("rank").isNotNull())
        .groupBy("niche", "tier").count()
        .agg(sum(least(col("count"), lit(5L)))).first().getLong(0);
    long flagged = Math.min(12, table(Tables.GROWTH_ANOMALIES).select("creator_id").distinct().count());
    long inputTables = table(Tables.INGEST_ACCOUNTING).select("input_table").distinct().count();
    assertTrue(platforms > 0 && topRows > 0 && flagged > 0, "the sample has something of each");

    assertEquals(platforms, count("<svg class=\"chart chart-box-tier\""), "one tier box plot per platform");
    assertEquals(platforms, count("<svg class=\"chart chart-box-niche\""), "one niche box plot per platform");
    assertEquals(topRows, count("<svg class=\"chart chart-components\""), "one component chart per top creator");
    assertEquals(flagged, count("<svg class=\"chart chart-history\""), "one history per flagged creator");
    assertEquals(inputTables, count("<svg class=\"chart chart-accounting\""), "one bar per input table");
    long pricedPlatforms = table(Tables.CREATOR_ECONOMICS).filter(col("cpe_high_usd").isNotNull())
        .join(table(Tables.DISCOVERY_RANKING).filter(col("rank").isNotNull()).select("creator_id"), "creator_id")
        .select("platform").distinct().count();
    assertEquals(pricedPlatforms, count("<svg class=\"chart chart-cpe-tier\""), "one CPE chart per priced platform");
    assertTrue(html.contains("<h3>Plan of a default brief</h3>"), "the plan of the default brief");
    assertEquals(2 * platforms + topRows + flagged + inputTables + pricedPlatforms, count("<svg"), "no other svg");
    assertEquals(count("<svg"), count("</svg>"));
  }

  @Test
  void showsTheAccountingRowsAsTheTableHasThem() {
    List<Row> rows = table(Tables.INGEST_ACCOUNTING).collectAsList();
    assertTrue(rows.size() >= 8);
    for (Row r : rows) {
      String reason = r.getAs("reason");
      String row = "<tr data-table=\"" + r.getAs("input_table") + "\" data-measure=\"" + r.getAs("measure")
          + "\" data-reason=\"" + (reason == null ? "" : reason) + "\"><td>[^<]*</td><td class=\"num\">"
          + String.format(Locale.ROOT, "%,d", (long) r.getAs("row_count")) + "</td>";
      assertTrue(Pattern.compile(row).matcher(html).find(), "accounting row " + r);
    }
    assertEquals(rows.stream().map(r -> r.getAs("input_table")).distinct().count(),
        count("<span class=\"ok\">balances</span>"), "one balance per input table (profiles, posts, audiences)");
  }

  @Test
  void showsTheBestCreatorsAndTheMostSevereFlags() {
    Row best = table(Tables.DISCOVERY_RANKING).filter(col("rank").isNotNull())
        .orderBy(col("score").desc(), col("creator_id")).first();
    assertTrue(html.contains(">" + best.getAs("handle") + "</td>"), "the best-scoring creator is listed");
    assertTrue(html.contains(String.format(Locale.ROOT, ">%.1f</td>", (double) best.getAs("score"))));

    Row worst = table(Tables.GROWTH_ANOMALIES).groupBy("creator_id").agg(max("severity").as("severity"))
        .orderBy(col("severity").desc(), col("creator_id")).first();
    assertTrue(html.contains("&middot; " + worst.getAs("creator_id") + " &middot;"),
        "the creator with the most severe flag has a history chart");

    Row instagramNano = table(Tables.ENGAGEMENT_DISTRIBUTION)
        .filter(col("platform").equalTo("instagram").and(col("tier").equalTo("nano"))
            .and(col("group_level").equalTo("platform_tier"))).first();
    assertTrue(html.contains(Html.percent(instagramNano.getAs("er_p50")) + "</text>"),
        "the instagram nano median is printed beside its box");
    assertTrue(html.contains("Markerly 2016"), "the benchmark line is labelled with its source");
  }

  @Test
  void missingDateIsAUserError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute("report", "--output", out, "--as-of", "2020-01-01", "--out",
          tmp.resolve("r.html").toString());
    } finally {
      System.setErr(original);
    }
    assertEquals(Main.USER_ERROR, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no complete run wrote discovery_ranking for 2020-01-01"), err.toString());
    assertFalse(Files.exists(tmp.resolve("r.html")));
  }
}
