package io.creatorscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.economics.CampaignPlanner;
import io.creatorscope.economics.Objective;
import io.creatorscope.economics.PlanLimits;
import io.creatorscope.economics.Selection;
import io.creatorscope.engagement.TierScheme;
import io.creatorscope.report.ReportData.AccountingRow;
import io.creatorscope.report.ReportData.CostGroup;
import io.creatorscope.report.ReportData.Distribution;
import io.creatorscope.report.ReportData.Flag;
import io.creatorscope.report.ReportData.FlaggedCreator;
import io.creatorscope.report.ReportData.Overview;
import io.creatorscope.report.ReportData.PostDay;
import io.creatorscope.report.ReportData.Snapshot;
import io.creatorscope.report.ReportData.TopCreator;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page from hand-made data, without Spark: escaping, the benchmark line, the log axis, the per-day ER. */
class ReportPageTest {
  static final LocalDate AS_OF = LocalDate.of(2026, 10, 14);
  static final String HOSTILE = "<script>alert('x')</script>&\"";
  /** How a benchmark line is drawn (dashed, in the benchmark colour). */
  static final String BENCHMARK_LINE = "stroke=\"" + Charts.BENCHMARK + "\" stroke-width=\"2.0\" stroke-dasharray";

  static Distribution tier(String platform, String tier, double median, double spread) {
    return new Distribution(platform, tier, "_all", "platform_tier", 10, median / spread, median / 1.3, median,
        median * 1.3, median * spread);
  }

  static ReportData data(List<Distribution> distributions) {
    TierScheme tiers = TierScheme.named("default");
    TopCreator top = new TopCreator(HOSTILE, "nano", 1, "instagram", 1, HOSTILE, "DE", 5_000, 0.05, 0.04, 90, 1, 1,
        0.5, 0.8, 0.5, HOSTILE);
    List<Snapshot> history = List.of(new Snapshot(AS_OF.minusDays(2), 1_000), new Snapshot(AS_OF.minusDays(1), 1_500),
        new Snapshot(AS_OF, 1_480));
    FlaggedCreator flagged = new FlaggedCreator("c1", HOSTILE, "instagram", HOSTILE, "nano", 1.0,
        List.of(new Flag(AS_OF.minusDays(1), "suspicious_spike", 1_000, 1_500, null, null, 0.5, 1.0, HOSTILE)),
        history, List.of(new PostDay(AS_OF.minusDays(2), 2, 100, 0.05)));
    return new ReportData(HOSTILE, AS_OF, new Overview(10, 9, 8, new TreeMap<>(Map.of("suspicious_spike", 1L))),
        tiers.tiers().stream().map(TierScheme.Tier::name).toList(), Benchmarks.forTiers(tiers), distributions, 5,
        List.of(top), List.of(flagged), List.of(new AccountingRow("profiles", "read", null, 3),
            new AccountingRow("profiles", "kept", null, 2), new AccountingRow("profiles", "quarantined", HOSTILE, 1)),
        List.of(new CostGroup("instagram", "micro", 12, 0.12, 0.40), new CostGroup("instagram", "nano", 30, 0.04, 0.2),
            new CostGroup("tiktok", "nano", 7, 0.01, 0.02)),
        plan());
  }

  static CampaignPlanner.Plan plan() {
    Selection.Candidate micro = new Selection.Candidate("c7", HOSTILE, "instagram", HOSTILE, "micro", "DE", 20_000,
        150, 450, 1_000, null, 1_000);
    Selection.Candidate macro = new Selection.Candidate("c9", "@big", "instagram", "food", "macro", "FR", 200_000,
        1_500, 4_500, 5_000, null, 5_000);
    return new CampaignPlanner.Plan(Objective.ENGAGEMENTS, new PlanLimits(5_000, 20, 0.5, 0, 0),
        new Selection.Result(List.of(micro), 1_000, 1_000, 1_000, true, "exact optimum " + HOSTILE), 1, false,
        List.of(new CampaignPlanner.Comparison("macro", macro), new CampaignPlanner.Comparison("mega", null)));
  }

  static List<String> charts(String html, String kind) {
    Matcher m = Pattern.compile("<svg class=\"chart chart-" + kind + "\".*?</svg>", Pattern.DOTALL).matcher(html);
    return m.results().map(r -> r.group()).toList();
  }

  @Test
  void textFromTheTablesIsEscapedEverywhere() {
    String html = ReportPage.render(data(List.of(tier("instagram", "nano", 0.04, 2))));
    assertFalse(html.contains("<script"), "no raw script element");
    assertFalse(html.contains("alert('x')"), "quotes inside text are escaped");
    String escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;";
    // output, niche heading, handle and reasons of the top table, flagged title, niche, reason, accounting reason,
    // the plan's handle, niche and method
    assertTrue(html.split(Pattern.quote(escaped), -1).length - 1 >= 11, "every hostile text shows escaped");
  }

  @Test
  void theCostSectionChartsCpePerPlatformInTierOrderAndShowsThePlanWithItsComparisonLines() {
    String html = ReportPage.render(data(List.of(tier("instagram", "nano", 0.04, 2))));
    List<String> cpe = charts(html, "cpe-tier");
    assertEquals(2, cpe.size(), "one chart per platform");
    assertTrue(cpe.get(0).contains("instagram: cost per engagement by tier"));
    assertTrue(cpe.get(0).indexOf(">nano<") < cpe.get(0).indexOf(">micro<"), "tiers in the scheme's order");
    assertTrue(cpe.get(0).contains("$0.04–$0.20") && cpe.get(0).contains("$0.12–$0.40"), "both medians labelled");
    assertTrue(cpe.get(0).contains("log scale"), "0.04 to 0.40 spans more than 8x: log axis");
    assertFalse(cpe.get(1).contains("log scale"), "0.01 to 0.02: linear");
    String costs = html.substring(html.indexOf("<section id=\"costs\">"), html.indexOf("<section id=\"flagged\">"));
    assertTrue(costs.contains("1 creators cost $150–$450"), costs);
    assertTrue(costs.contains("<td>single macro</td><td>@big</td>"), "the comparison creator of the larger tier");
    assertTrue(costs.contains("no mega creator fits the budget"));
    assertTrue(costs.contains("$0.15–$0.45"), "the plan's CPE at the low and high price");
    assertFalse(costs.contains("<script"), "plan text escaped");
  }

  @Test
  void benchmarkLineOnlyOnInstagramAndOnlyForTiersWithAPublishedFigure() {
    String html = ReportPage.render(data(List.of(
        tier("instagram", "nano", 0.04, 2), tier("instagram", "macro", 0.015, 2), tier("instagram", "mega", 0.015, 2),
        tier("tiktok", "nano", 0.08, 2), tier("tiktok", "mega", 0.03, 2))));
    List<String> tierCharts = charts(html, "box-tier");
    assertEquals(2, tierCharts.size());
    assertTrue(tierCharts.get(0).contains("instagram: ER by tier"));
    assertEquals(1 + 2, count(tierCharts.get(0), BENCHMARK_LINE),
        "the legend's sample, then nano and mega, which have a Markerly figure; macro has none");
    assertTrue(tierCharts.get(0).contains("Markerly 2016"), "the line is labelled with its source");
    assertEquals(0, count(tierCharts.get(1), BENCHMARK_LINE), "no Instagram benchmark on tiktok");
  }

  @Test
  void erAxisIsLogarithmicOnlyWhereTheValuesSpanMoreThanTheThreshold() {
    String wide = charts(ReportPage.render(data(List.of(tier("tiktok", "nano", 0.04, 4)))), "box-tier").get(0);
    String narrow = charts(ReportPage.render(data(List.of(tier("tiktok", "nano", 0.04, 1.2)))), "box-tier").get(0);
    assertTrue(wide.contains("creator ER, log scale"));
    assertFalse(narrow.contains("log scale"));
  }

  @Test
  void benchmarksFollowTheTierSchemesFollowerRanges() {
    assertEquals(Map.of("emerging", 0.08, "nano", 0.04, "micro", 0.024, "mega", 0.017),
        Benchmarks.forTiers(TierScheme.named("default")));
    Map<String, Double> narrow = Benchmarks.forTiers(TierScheme.named("narrow"));
    assertEquals(0.024, narrow.get("micro"), "narrow micro (10k-50k) lies inside Markerly's 10k-100k");
    assertNull(narrow.get("mid"), "50k-500k straddles two published ranges");
    assertNull(narrow.get("macro"), "500k-1M has no published figure");
  }

  @Test
  void postDayErUsesTheLatestSnapshotOnOrBeforeTheDay() {
    TreeMap<LocalDate, Long> followers = new TreeMap<>(Map.of(AS_OF.minusDays(5), 1_000L, AS_OF, 2_000L));
    assertEquals(0.05, ReportReader.postDay(AS_OF.minusDays(1), 2, 100, followers).meanEr(), 1e-12);
    assertEquals(0.025, ReportReader.postDay(AS_OF, 2, 100, followers).meanEr(), 1e-12);
    assertEquals(0.05, ReportReader.postDay(AS_OF.minusDays(9), 1, 50, followers).meanEr(), 1e-12,
        "a day before every snapshot uses the first one");
    assertNull(ReportReader.postDay(AS_OF, 1, 50, new TreeMap<>(Map.of(AS_OF, 0L))).meanEr(), "0 followers: no ER");
  }

  @Test
  void scaleTicksAreOneTwoFiveSteps() {
    assertEquals(List.of("0.5%", "1%", "2%", "5%", "10%"),
        new Scale(0.005, 0.1, 0, 100, true).ticks().stream().map(Html::tickPercent).toList());
    Scale followers = Scale.linear(812, 1_141, 200, 0);
    assertEquals(List.of("800", "900", "1k", "1.1k", "1.2k"), followers.ticks().stream().map(Html::compact).toList());
    assertEquals(200, followers.at(800), 1e-9);
    assertEquals(0, followers.at(1200), 1e-9);
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }
}
