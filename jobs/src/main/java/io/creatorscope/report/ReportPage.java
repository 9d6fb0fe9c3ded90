package io.creatorscope.report;

import static io.creatorscope.report.Html.count;
import static io.creatorscope.report.Html.esc;
import static io.creatorscope.report.Html.percent;

import io.creatorscope.anomaly.AnomalyKind;
import io.creatorscope.economics.CampaignPlanner;
import io.creatorscope.economics.Selection;
import io.creatorscope.engagement.PublishedEr;
import io.creatorscope.engagement.TierScheme;
import io.creatorscope.report.ReportData.AccountingRow;
import io.creatorscope.report.ReportData.Distribution;
import io.creatorscope.report.ReportData.Flag;
import io.creatorscope.report.ReportData.FlaggedCreator;
import io.creatorscope.report.ReportData.TopCreator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders {@link ReportData} as one self-contained HTML page: inline CSS, inline SVG charts, no script, no font,
 * image or style sheet fetched from anywhere. Every text that comes from the tables is escaped.
 */
public final class ReportPage {
  /** Column widths of the top-creator tables, the same in every niche so the tables line up. */
  private static final String TOP_COLUMNS = "<colgroup><col style=\"width:30px\"><col style=\"width:140px\">"
      + "<col style=\"width:84px\"><col style=\"width:40px\"><col style=\"width:64px\"><col style=\"width:80px\">"
      + "<col style=\"width:58px\"><col style=\"width:72px\"><col style=\"width:50px\"><col style=\"width:112px\">"
      + "<col></colgroup>";
  private static final List<String> MEASURE_ORDER = List.of("read", "kept", "updated", "duplicates", "after_as_of",
      "quarantined");
  /** The measures a batch's read rows split into, in the order the accounting bar shows them. */
  private static final List<String> ACCOUNTED = List.of("kept", "updated", "duplicates", "quarantined",
      "after_as_of");

  private static final String CSS = """
      *{box-sizing:border-box}
      body{margin:0;background:#f4f5f7;color:#1f2933;font:14px/1.45 "DejaVu Sans",Helvetica,Arial,sans-serif}
      header{background:#16425b;color:#fff;padding:22px 40px 14px}
      header h1{margin:0 0 4px;font-size:24px;font-weight:600}
      header .meta{margin:0;color:#cfe0ee}
      header code{color:#fff}
      nav{margin-top:12px}
      nav a{color:#fff;margin-right:18px;text-decoration:none;border-bottom:1px solid #7fa7c4}
      .stats{display:flex;gap:12px;flex-wrap:wrap;margin-top:14px}
      .stat{background:rgba(255,255,255,.12);border-radius:6px;padding:6px 14px}
      .stat b{display:block;font-size:20px}
      .stat span{color:#cfe0ee;font-size:12px}
      main{max-width:1200px;margin:0 auto;padding:8px 30px 40px}
      section{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:18px 24px;margin:22px 0}
      h2{margin:0 0 6px;font-size:20px;color:#16425b}
      h3{margin:18px 0 6px;font-size:16px}
      p.note{margin:4px 0 10px;color:#52606d;max-width:900px}
      .grid3{display:grid;grid-template-columns:repeat(3,1fr);gap:12px}
      .grid2{display:grid;grid-template-columns:repeat(2,1fr);gap:18px}
      figure{margin:0}
      svg.chart{max-width:100%;height:auto;display:block}
      svg text{font-family:inherit}
      .t-title{font-size:14px;font-weight:600;fill:#1f2933}
      .t-label{font-size:11.5px;fill:#1f2933}
      .t-axis{font-size:10.5px;fill:#616e7c}
      .t-small{font-size:10.5px;fill:#52606d}
      .t-value{font-size:10px;fill:#16425b;paint-order:stroke;stroke:#fff;stroke-width:3px}
      table{border-collapse:collapse;width:100%;font-size:12.5px}
      table.top{table-layout:fixed}
      table.top td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
      tr.reason td{color:#616e7c;font-size:11px;padding-top:0;border-bottom:1px solid #e4e7eb}
      th{white-space:nowrap;text-align:left;color:#52606d;font-weight:600;border-bottom:1px solid #d9dee3;padding:4px 6px}
      td{border-bottom:1px solid #eef0f2;padding:3px 6px;vertical-align:middle}
      td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
      tr.tier td{background:#f4f7fa;font-weight:600;color:#16425b}
      .reasons{color:#52606d;font-size:11.5px}
      .card{border:1px solid #e4e7eb;border-radius:6px;padding:10px 12px}
      .card h3{margin:0}
      .sub{color:#52606d;font-size:12px;margin:0 0 6px}
      .flags td{font-size:11.5px;white-space:nowrap}
      .flags tr.reason td{white-space:normal}
      .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
      .legend span{margin-right:16px;font-size:12.5px}
      .ok{color:#2b8a3e;font-weight:600}
      .bad{color:#c92a2a;font-weight:600}
      footer{color:#7b8794;font-size:12px;text-align:center;padding:0 0 30px}
      """;

  private ReportPage() {}

  public static String render(ReportData data) {
    StringBuilder b = new StringBuilder(256 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>creatorscope report, as of ").append(esc(data.asOf())).append("</title>")
        .append("<style>").append(CSS).append("</style></head><body>\n");
    header(b, data);
    b.append("<main>\n");
    distributions(b, data);
    topCreators(b, data);
    costs(b, data);
    flagged(b, data);
    accounting(b, data);
    b.append("</main><footer>Written by <code>creatorscope report</code>. Self-contained: all charts are inline SVG; ")
        .append("the page loads nothing from the network.</footer>\n</body></html>\n");
    return b.toString();
  }

  private static void header(StringBuilder b, ReportData data) {
    ReportData.Overview o = data.overview();
    long flags = o.flagsByKind().values().stream().mapToLong(Long::longValue).sum();
    b.append("<header><h1>creatorscope report</h1><p class=\"meta\">as of <b>").append(esc(data.asOf()))
        .append("</b> &middot; tables under <code>").append(esc(data.output())).append("</code></p>")
        .append("<div class=\"stats\">");
    stat(b, count(o.creators()), "creators");
    stat(b, count(o.ratedCreators()), "rated (enough posts for an ER)");
    stat(b, count(o.rankedCreators()), "ranked");
    stat(b, count(flags), "growth flags");
    for (AccountingRow r : data.accounting()) {
      if (r.measure().equals("read")) {
        stat(b, count(r.rows()), r.inputTable() + " rows read");
      }
    }
    b.append("</div><nav><a href=\"#distribution\">Engagement distribution</a><a href=\"#top-creators\">")
        .append("Top creators</a><a href=\"#costs\">Costs and a plan</a><a href=\"#flagged\">Flagged creators</a>")
        .append("<a href=\"#accounting\">Accounting</a>")
        .append("</nav></header>\n");
  }

  private static void stat(StringBuilder b, String value, String label) {
    b.append("<div class=\"stat\"><b>").append(esc(value)).append("</b><span>").append(esc(label))
        .append("</span></div>");
  }

  private static void distributions(StringBuilder b, ReportData data) {
    Map<String, List<Distribution>> byPlatform = new TreeMap<>();
    for (Distribution d : data.distributions()) {
      byPlatform.computeIfAbsent(d.platform(), k -> new ArrayList<>()).add(d);
    }
    b.append("<section id=\"distribution\"><h2>Engagement rate distribution</h2><p class=\"note\">Creator ER ")
        .append("(median per-post engagement rate over the window) of rated creators. Box: 25th to 75th ")
        .append("percentile; thick line: median (value beside it); whiskers: 5th to 95th percentile; n: rated ")
        .append("creators. The dashed red line is the published ").append(esc(PublishedEr.SOURCE))
        .append(" for the tier's follower range (Instagram only; none was published for 100k-1M). ER axes are ")
        .append("logarithmic where the values span more than ").append((int) Charts.LOG_SCALE_SPAN)
        .append("x.</p>\n<h3>By follower tier</h3><div class=\"grid3\">");
    for (Map.Entry<String, List<Distribution>> e : byPlatform.entrySet()) {
      List<Distribution> tiers = new ArrayList<>(e.getValue().stream()
          .filter(d -> d.groupLevel().equals("platform_tier")).toList());
      tiers.sort(Comparator.comparing(Distribution::tier, TierScheme.byOrder(data.tierOrder())));
      boolean withBenchmark = e.getKey().equals(PublishedEr.PLATFORM);
      List<Charts.Box> boxes = tiers.stream().map(d -> box(d, d.tier(),
          withBenchmark ? data.benchmarkByTier().get(d.tier()) : null)).toList();
      if (!boxes.isEmpty()) {
        b.append("<figure>").append(Charts.boxPlot("box-tier", e.getKey() + ": ER by tier", boxes, 380,
            Benchmarks.LABEL, null, null)).append("</figure>");
      }
    }
    b.append("</div>\n<h3>By niche</h3>");
    for (Map.Entry<String, List<Distribution>> e : byPlatform.entrySet()) {
      List<Charts.Box> boxes = e.getValue().stream().filter(d -> d.groupLevel().equals("platform_niche"))
          .sorted(Comparator.comparing(Distribution::niche)).map(d -> box(d, d.niche(), null)).toList();
      Double platformMedian = e.getValue().stream().filter(d -> d.groupLevel().equals("platform"))
          .map(Distribution::p50).findFirst().orElse(null);
      if (!boxes.isEmpty()) {
        b.append("<figure>").append(Charts.boxPlot("box-niche", e.getKey() + ": ER by niche (all tiers)", boxes,
            1140, null, platformMedian, platformMedian == null ? null
                : "median of all " + e.getKey() + " creators, " + percent(platformMedian))).append("</figure>");
      }
    }
    b.append("</section>\n");
  }

  private static Charts.Box box(Distribution d, String label, Double benchmark) {
    return new Charts.Box(label, d.ratedCreators(), d.p05(), d.p25(), d.p50(), d.p75(), d.p95(), benchmark);
  }

  private static void topCreators(StringBuilder b, ReportData data) {
    b.append("<section id=\"top-creators\"><h2>Top creators per niche and tier</h2><p class=\"note\">The ")
        .append(data.topPerGroup()).append(" best-scoring ranked creators of each niche and tier, all platforms ")
        .append("together (score 0-100 from discovery_ranking; rank is within the creator's platform x niche x ")
        .append("tier). Bars: the five score components, 0 to 1.</p><p class=\"legend\">");
    for (String[] c : Charts.COMPONENTS) {
      b.append("<span><i class=\"swatch\" style=\"background:").append(c[1]).append("\"></i>").append(c[0])
          .append("</span>");
    }
    b.append("</p>\n");
    if (data.topCreators().isEmpty()) {
      b.append("<p>No ranked creator.</p>");
    }
    Map<String, List<TopCreator>> byNiche = new LinkedHashMap<>();
    for (TopCreator t : data.topCreators()) {
      byNiche.computeIfAbsent(t.niche(), k -> new ArrayList<>()).add(t);
    }
    for (Map.Entry<String, List<TopCreator>> e : byNiche.entrySet()) {
      b.append("<h3>").append(esc(e.getKey())).append("</h3><table class=\"top\">").append(TOP_COLUMNS)
          .append("<thead><tr><th>#</th><th>handle</th><th>platform</th><th class=\"num\">rank</th>")
          .append("<th>country</th><th class=\"num\">followers</th><th class=\"num\">ER</th>")
          .append("<th class=\"num\">group ER</th><th class=\"num\">score</th><th>components</th>")
          .append("<th>why</th></tr></thead><tbody>");
      String tier = null;
      for (TopCreator t : e.getValue()) {
        if (!t.tier().equals(tier)) {
          tier = t.tier();
          b.append("<tr class=\"tier\"><td colspan=\"11\">").append(esc(tier)).append("</td></tr>");
        }
        b.append("<tr><td>").append(t.position()).append("</td><td>").append(esc(t.handle())).append("</td><td>")
            .append(esc(t.platform())).append("</td><td class=\"num\">").append(t.rank()).append("</td><td>")
            .append(esc(t.country())).append("</td><td class=\"num\">").append(count(t.followers()))
            .append("</td><td class=\"num\">").append(percent(t.er())).append("</td><td class=\"num\">")
            .append(percent(t.groupMedianEr())).append("</td><td class=\"num\">")
            .append(Html.num(t.score(), 1)).append("</td><td>").append(Charts.components(t))
            .append("</td><td class=\"reasons\" title=\"").append(esc(t.topReasons())).append("\">")
            .append(esc(t.topReasons())).append("</td></tr>");
      }
      b.append("</tbody></table>\n");
    }
    b.append("</section>\n");
  }

  private static void costs(StringBuilder b, ReportData data) {
    b.append("<section id=\"costs\"><h2>Cost per engagement and a campaign plan</h2><p class=\"note\">What one ")
        .append("expected engagement costs (creator_economics: the rate card's price per post, interpolated by ")
        .append("followers, over the median interactions per post discounted by authenticity), median over the ")
        .append("creators the ranking ranks, at their low and their high price.</p><div class=\"grid3\">");
    Map<String, List<ReportData.CostGroup>> byPlatform = new TreeMap<>();
    for (ReportData.CostGroup g : data.costs()) {
      byPlatform.computeIfAbsent(g.platform(), k -> new ArrayList<>()).add(g);
    }
    for (Map.Entry<String, List<ReportData.CostGroup>> e : byPlatform.entrySet()) {
      List<ReportData.CostGroup> tiers = new ArrayList<>(e.getValue());
      tiers.sort(Comparator.comparing(ReportData.CostGroup::tier, TierScheme.byOrder(data.tierOrder())));
      b.append("<figure>").append(Charts.cpeByTier(e.getKey(), tiers, 380)).append("</figure>");
    }
    b.append("</div>\n");
    CampaignPlanner.Plan plan = data.plan();
    List<Selection.Candidate> chosen = plan.selection().chosen();
    double low = chosen.stream().mapToDouble(Selection.Candidate::priceLowUsd).sum();
    double interactions = chosen.stream().mapToDouble(Selection.Candidate::interactions).sum();
    b.append("<h3>Plan of a default brief</h3><p class=\"note\">Every ranked creator, a budget of ")
        .append(Html.usd(plan.limits().budgetUsd())).append(", the most expected engagements, at most ")
        .append(plan.limits().maxCreators()).append(" creators, none over ")
        .append(Html.num(100 * plan.limits().maxShare(), 0)).append("% of the budget at its high price (")
        .append("<code>plan --budget ").append(Html.num(plan.limits().budgetUsd(), 0)).append("</code>). ")
        .append(chosen.size()).append(" creators cost ").append(Html.usd(low)).append("–")
        .append(Html.usd(plan.selection().spentHighUsd())).append(" and are expected to bring ")
        .append(count(Math.round(interactions))).append(" engagements. Selection: ")
        .append(esc(plan.selection().method())).append(".</p><table class=\"plan\"><thead><tr><th></th>")
        .append("<th>handle</th><th>platform</th><th>niche</th><th>tier</th><th class=\"num\">followers</th>")
        .append("<th class=\"num\">price</th><th class=\"num\">expected engagements</th>")
        .append("<th class=\"num\">CPE</th></tr></thead><tbody>");
    for (Selection.Candidate c : chosen) {
      planRow(b, "", c);
    }
    b.append("<tr class=\"tier\"><td>total</td><td colspan=\"4\">").append(chosen.size())
        .append(" creators</td><td></td><td class=\"num\">").append(Html.usd(low)).append("–")
        .append(Html.usd(plan.selection().spentHighUsd())).append("</td><td class=\"num\">")
        .append(count(Math.round(interactions))).append("</td><td class=\"num\">")
        .append(interactions > 0 ? Html.usd(low / interactions) + "–"
            + Html.usd(plan.selection().spentHighUsd() / interactions) : "–").append("</td></tr>");
    for (CampaignPlanner.Comparison c : plan.comparisons()) {
      if (c.best() == null) {
        b.append("<tr><td>single ").append(esc(c.tier())).append("</td><td colspan=\"8\">no ").append(esc(c.tier()))
            .append(" creator fits the budget</td></tr>");
      } else {
        planRow(b, "single " + c.tier(), c.best());
      }
    }
    b.append("</tbody></table><p class=\"sub\">single TIER: the whole budget on the best creator of a larger tier ")
        .append("that fits it, for comparison.</p></section>\n");
  }

  private static void planRow(StringBuilder b, String line, Selection.Candidate c) {
    b.append("<tr><td>").append(esc(line)).append("</td><td>").append(esc(c.handle() == null ? c.creatorId()
        : c.handle())).append("</td><td>").append(esc(c.platform())).append("</td><td>").append(esc(c.niche()))
        .append("</td><td>").append(esc(c.tier())).append("</td><td class=\"num\">").append(count(c.followers()))
        .append("</td><td class=\"num\">").append(Html.usd(c.priceLowUsd())).append("–")
        .append(Html.usd(c.priceHighUsd())).append("</td><td class=\"num\">")
        .append(count(Math.round(c.interactions()))).append("</td><td class=\"num\">")
        .append(c.interactions() > 0 ? Html.usd(c.priceLowUsd() / c.interactions()) + "–"
            + Html.usd(c.priceHighUsd() / c.interactions()) : "–").append("</td></tr>");
  }

  private static void flagged(StringBuilder b, ReportData data) {
    b.append("<section id=\"flagged\"><h2>Flagged creators</h2><p class=\"note\">The ").append(data.flagged().size())
        .append(" creators with the most severe growth flags: followers per snapshot, the mean engagement rate of ")
        .append("the posts of each day, and the flagged days (dashed lines). A bought-follower spike shows a jump ")
        .append("larger than the posts before it can explain; an organic spike follows a post whose reach explains ")
        .append("the gain.</p><p class=\"legend\">");
    for (String kind : new TreeSet<>(Charts.KIND_COLOURS.keySet())) {
      b.append("<span><i class=\"swatch\" style=\"background:").append(Charts.colourOf(kind)).append("\"></i>")
          .append(esc(kind)).append("</span>");
    }
    b.append("</p>\n");
    if (data.flagged().isEmpty()) {
      b.append("<p>No growth flag for this date.</p>");
    }
    b.append("<div class=\"grid2\">");
    for (FlaggedCreator f : data.flagged()) {
      b.append("<figure class=\"card\"><h3>").append(esc(f.handle())).append("</h3><p class=\"sub\">")
          .append(esc(f.platform())).append(" &middot; ").append(esc(f.niche())).append(" &middot; ")
          .append(esc(f.tier())).append(" &middot; ").append(esc(f.creatorId())).append(" &middot; max severity ")
          .append(Html.num(f.maxSeverity(), 2)).append("</p>").append(Charts.history(f))
          .append("<table class=\"flags\"><thead><tr><th>day</th><th>kind</th><th class=\"num\">followers</th>")
          .append("<th class=\"num\">per day</th><th class=\"num\">severity</th></tr></thead><tbody>");
      for (Flag flag : f.flags()) {
        boolean following = flag.followingBefore() != null && flag.kind().equals(AnomalyKind.FOLLOW_CHURN.value());
        b.append("<tr><td>").append(esc(flag.date())).append("</td><td><i class=\"swatch\" style=\"background:")
            .append(Charts.colourOf(flag.kind())).append("\"></i>").append(esc(flag.kind()))
            .append("</td><td class=\"num\">").append(following ? "following " : "")
            .append(count(following ? flag.followingBefore() : flag.followersBefore())).append(" &rarr; ")
            .append(count(following ? flag.followingAfter() : flag.followersAfter()))
            .append("</td><td class=\"num\">").append(signedPercent(flag.relativeChangePerDay()))
            .append("</td><td class=\"num\">").append(Html.num(flag.severity(), 2)).append("</td></tr>")
            .append("<tr class=\"reason\"><td colspan=\"5\">").append(esc(flag.reason())).append("</td></tr>");
      }
      b.append("</tbody></table></figure>\n");
    }
    b.append("</div></section>\n");
  }

  private static String signedPercent(double rate) {
    return (rate > 0 ? "+" : "") + percent(rate);
  }

  private static void accounting(StringBuilder b, ReportData data) {
    Map<String, List<AccountingRow>> byTable = new TreeMap<>(Comparator.comparingInt(ReportPage::inputOrder)
        .thenComparing(Comparator.naturalOrder()));
    for (AccountingRow r : data.accounting()) {
      byTable.computeIfAbsent(r.inputTable(), k -> new ArrayList<>()).add(r);
    }
    b.append("<section id=\"accounting\"><h2>Ingest accounting</h2><p class=\"note\">Where every input row went ")
        .append("by the ingest batch of this date (ingest_accounting): read = kept (new curated rows) + updated (rows of ")
        .append("earlier batches changed) + duplicates + quarantined + after the as-of date. Quarantined ")
        .append("rows are in the quarantine table with their reason.</p><p class=\"legend\">");
    for (String m : ACCOUNTED) {
      b.append("<span><i class=\"swatch\" style=\"background:").append(Charts.MEASURE_COLOURS.get(m))
          .append("\"></i>").append(m.replace('_', ' ')).append("</span>");
    }
    b.append("</p><div class=\"grid2\">");
    for (Map.Entry<String, List<AccountingRow>> e : byTable.entrySet()) {
      List<AccountingRow> rows = new ArrayList<>(e.getValue());
      rows.sort(Comparator.comparingInt((AccountingRow r) -> measureOrder(r.measure()))
          .thenComparing(r -> r.reason() == null ? "" : r.reason()));
      long read = 0;
      Map<String, Long> parts = new LinkedHashMap<>();
      for (String m : ACCOUNTED) {
        parts.put(m, 0L);
      }
      for (AccountingRow r : rows) {
        if (r.measure().equals("read")) {
          read += r.rows();
        } else {
          parts.merge(r.measure(), r.rows(), Long::sum);
        }
      }
      long accounted = parts.values().stream().mapToLong(Long::longValue).sum();
      b.append("<figure class=\"card\"><h3>").append(esc(e.getKey())).append("</h3>")
          .append(Charts.accounting(e.getKey(), read, parts))
          .append("<table class=\"accounting\"><tbody>");
      for (AccountingRow r : rows) {
        String measure = r.measure().replace('_', ' ');
        String label = r.reason() == null ? measure : measure + ": " + r.reason();
        b.append("<tr data-table=\"").append(esc(r.inputTable())).append("\" data-measure=\"").append(esc(r.measure()))
            .append("\" data-reason=\"").append(esc(r.reason())).append("\"><td>").append(esc(label))
            .append("</td><td class=\"num\">").append(count(r.rows())).append("</td><td class=\"num\">")
            .append(read > 0 ? percent((double) r.rows() / read) : "").append("</td></tr>");
      }
      b.append("</tbody></table><p class=\"sub\">").append(accounted == read
          ? "<span class=\"ok\">balances</span>: " : "<span class=\"bad\">does not balance</span>: ")
          .append(count(read)).append(" read, ").append(count(accounted)).append(" accounted for</p></figure>\n");
    }
    b.append("</div></section>\n");
  }

  private static int measureOrder(String measure) {
    int i = MEASURE_ORDER.indexOf(measure);
    return i < 0 ? MEASURE_ORDER.size() : i;
  }

  private static int inputOrder(String table) {
    return switch (table.toLowerCase(Locale.ROOT)) {
      case "profiles" -> 0;
      case "posts" -> 1;
      default -> 2;
    };
  }
}
