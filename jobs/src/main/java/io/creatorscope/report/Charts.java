package io.creatorscope.report;

import static io.creatorscope.report.Html.compact;
import static io.creatorscope.report.Html.percent;

import io.creatorscope.anomaly.AnomalyKind;
import io.creatorscope.report.ReportData.Flag;
import io.creatorscope.report.ReportData.FlaggedCreator;
import io.creatorscope.report.ReportData.PostDay;
import io.creatorscope.report.ReportData.Snapshot;
import io.creatorscope.report.ReportData.TopCreator;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's charts, each an inline SVG string built from already collected rows. */
final class Charts {
  static final String BOX_FILL = "#9cc3e4";
  static final String BOX_STROKE = "#2f6690";
  static final String MEDIAN = "#16425b";
  static final String BENCHMARK = "#d1495b";
  static final String REFERENCE = "#6c757d";
  static final String GRID = "#e6e6e6";
  static final String FOLLOWERS = "#2f6690";
  static final String POST_ER = "#edae49";
  static final String COST = "#a7d3a6";

  /** Colour of each flag kind in the history charts and their tables. */
  static final Map<String, String> KIND_COLOURS = Map.of(
      AnomalyKind.SUSPICIOUS_SPIKE.value(), "#d1495b", AnomalyKind.ORGANIC_SPIKE.value(), "#3a9d5d",
      AnomalyKind.DROP.value(), "#7b4fa0", AnomalyKind.FOLLOW_CHURN.value(), "#1d7f8c",
      AnomalyKind.UNEXPLAINED_RISE.value(), "#e07b39");

  /** Score components of discovery_ranking in drawing order, with their colours. */
  static final List<String[]> COMPONENTS = List.of(
      new String[] {"engagement", "#2f6690"}, new String[] {"authenticity", "#3a9d5d"},
      new String[] {"growth", "#edae49"}, new String[] {"activity", "#7b4fa0"}, new String[] {"paid", "#d1495b"});

  /** Colour of each accounting measure in the accounting bars. */
  static final Map<String, String> MEASURE_COLOURS = Map.of(
      "kept", "#3a9d5d", "updated", "#93c99f", "duplicates", "#9cc3e4", "quarantined", "#d1495b",
      "after_as_of", "#b8b8b8");

  /** ER axes switch to a log scale when the largest value is this many times the smallest. */
  static final double LOG_SCALE_SPAN = 8;
  /** Rates below this (0.01%) are drawn at it on a log axis. */
  static final double MIN_RATE = 1e-4;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

  private Charts() {}

  /** One box of a box plot: percentiles of creator ER in a group, and the group's benchmark ER if any. */
  record Box(String label, long n, double p05, double p25, double p50, double p75, double p95, Double benchmark) {}

  /**
   * Box plots of creator ER (box 25th-75th percentile, line median, whiskers 5th-95th), on a log axis when the
   * values span more than {@link #LOG_SCALE_SPAN}x. A dashed line per box marks its benchmark; {@code reference}
   * (may be null) is a dotted line across the plot.
   */
  static String boxPlot(String kind, String title, List<Box> boxes, int width, String benchmarkLabel,
      Double reference, String referenceLabel) {
    int height = 300;
    double left = 58;
    double right = width - 30;
    double top = 52;
    double bottom = height - 42;
    double lo = Double.MAX_VALUE;
    double hi = 0;
    boolean anyBenchmark = false;
    for (Box b : boxes) {
      lo = Math.min(lo, b.p05());
      hi = Math.max(hi, b.p95());
      if (b.benchmark() != null) {
        anyBenchmark = true;
        lo = Math.min(lo, b.benchmark());
        hi = Math.max(hi, b.benchmark());
      }
    }
    if (reference != null) {
      lo = Math.min(lo, reference);
      hi = Math.max(hi, reference);
    }
    lo = Math.max(lo, MIN_RATE);
    hi = Math.max(hi, lo * 1.5);
    Scale y = Scale.forRates(lo, hi, bottom, top, LOG_SCALE_SPAN);

    Svg svg = new Svg(kind, width, height, title);
    svg.text(left - 50, 18, "start", "t-title", title);
    svg.text(left - 50, 36, "start", "t-small", y.log() ? "creator ER, log scale" : "creator ER");
    double legendX = right;
    if (reference != null) {
      svg.line(legendX - 22, 32, legendX, 32, REFERENCE, 1.5, "2 3");
      svg.text(legendX - 26, 36, "end", "t-small", referenceLabel);
    }
    if (anyBenchmark) {
      svg.line(legendX - 22, 32, legendX, 32, BENCHMARK, 2, "6 3");
      svg.text(legendX - 26, 36, "end", "t-small", benchmarkLabel);
    }
    for (double t : y.ticks()) {
      svg.line(left, y.at(t), right, y.at(t), GRID, 1, null);
      svg.text(left - 6, y.at(t) + 4, "end", "t-axis", Html.tickPercent(t));
    }
    svg.line(left, bottom, right, bottom, "#999", 1, null);
    if (reference != null) {
      svg.line(left, y.at(Math.max(reference, lo)), right, y.at(Math.max(reference, lo)), REFERENCE, 1.5, "2 3");
    }
    double slot = (right - left) / boxes.size();
    double boxWidth = Math.min(34, slot * 0.4);
    for (int i = 0; i < boxes.size(); i++) {
      Box b = boxes.get(i);
      double cx = left + (i + 0.5) * slot;
      svg.group(String.format(Locale.ROOT, "%s: %d rated creators; 5th %s, 25th %s, median %s, 75th %s, 95th %s%s",
          b.label(), b.n(), percent(b.p05()), percent(b.p25()), percent(b.p50()), percent(b.p75()),
          percent(b.p95()), b.benchmark() == null ? "" : "; benchmark " + percent(b.benchmark())));
      double y05 = y.at(Math.max(b.p05(), lo));
      double y95 = y.at(Math.max(b.p95(), lo));
      double y25 = y.at(Math.max(b.p25(), lo));
      double y75 = y.at(Math.max(b.p75(), lo));
      double y50 = y.at(Math.max(b.p50(), lo));
      svg.line(cx, y05, cx, y95, BOX_STROKE, 1.2, null);
      svg.line(cx - boxWidth / 4, y05, cx + boxWidth / 4, y05, BOX_STROKE, 1.2, null);
      svg.line(cx - boxWidth / 4, y95, cx + boxWidth / 4, y95, BOX_STROKE, 1.2, null);
      svg.rect(cx - boxWidth / 2, y75, boxWidth, Math.max(1, y25 - y75), BOX_FILL, BOX_STROKE);
      svg.line(cx - boxWidth / 2, y50, cx + boxWidth / 2, y50, MEDIAN, 2.5, null);
      svg.text(cx + boxWidth / 2 + 3, y50 + 3.5, "start", "t-value", percent(b.p50()));
      if (b.benchmark() != null) {
        double yb = y.at(b.benchmark());
        svg.line(cx - slot * 0.45, yb, cx + boxWidth / 2 + 1, yb, BENCHMARK, 2, "6 3");
      }
      svg.text(cx, bottom + 16, "middle", "t-label", b.label());
      svg.text(cx, bottom + 30, "middle", "t-small", "n=" + b.n());
      svg.end();
    }
    return svg.close();
  }

  /**
   * A flagged creator's followers per snapshot (line, left axis), the mean ER of its posts per day (bars, right
   * axis) and its flags (vertical lines coloured by kind, a dot on the follower line).
   */
  static String history(FlaggedCreator f) {
    int width = 560;
    int height = 250;
    double left = 56;
    double right = width - 52;
    double top = 34;
    double bottom = height - 28;
    List<Snapshot> history = f.history();
    LocalDate first = history.isEmpty() ? null : history.get(0).date();
    LocalDate last = history.isEmpty() ? null : history.get(history.size() - 1).date();
    double maxEr = 0;
    for (PostDay d : f.postDays()) {
      first = first == null || d.date().isBefore(first) ? d.date() : first;
      last = last == null || d.date().isAfter(last) ? d.date() : last;
      if (d.meanEr() != null) {
        maxEr = Math.max(maxEr, d.meanEr());
      }
    }
    for (Flag flag : f.flags()) {
      first = first == null || flag.date().isBefore(first) ? flag.date() : first;
      last = last == null || flag.date().isAfter(last) ? flag.date() : last;
    }
    Svg svg = new Svg("history", width, height, "followers and post engagement of " + f.handle());
    if (first == null) {
      return svg.text(width / 2.0, height / 2.0, "middle", "t-label", "no snapshots in the window").close();
    }
    Scale x = new Scale(first.toEpochDay() - 0.5, last.toEpochDay() + 0.5, left, right, false);
    long minFollowers = history.stream().mapToLong(Snapshot::followers).min().orElse(0);
    long maxFollowers = history.stream().mapToLong(Snapshot::followers).max().orElse(1);
    Scale y = Scale.linear(minFollowers, maxFollowers, bottom, top);
    Scale er = maxEr > 0 ? Scale.linear(0, maxEr * 1.05, bottom, top) : null;

    svg.line(left, 12, left + 18, 12, FOLLOWERS, 2.5, null);
    svg.text(left + 22, 16, "start", "t-small", "followers (left axis)");
    svg.rect(left + 150, 6, 10, 10, POST_ER, null);
    svg.text(left + 164, 16, "start", "t-small", "mean ER of the day's posts (right axis)");
    for (double t : y.ticks()) {
      svg.line(left, y.at(t), right, y.at(t), GRID, 1, null);
      svg.text(left - 6, y.at(t) + 4, "end", "t-axis", compact(t));
    }
    if (er != null) {
      for (double t : er.ticks()) {
        svg.text(right + 6, er.at(t) + 4, "start", "t-axis", Html.tickPercent(t));
      }
    }
    long days = last.toEpochDay() - first.toEpochDay() + 1;
    long step = Math.max(7, (days / 6 + 6) / 7 * 7);
    for (long d = first.toEpochDay(); d <= last.toEpochDay(); d += step) {
      svg.line(x.at(d), bottom, x.at(d), bottom + 4, "#999", 1, null);
      svg.text(x.at(d), bottom + 17, "middle", "t-axis", DAY.format(LocalDate.ofEpochDay(d)));
    }
    svg.line(left, bottom, right, bottom, "#999", 1, null);

    if (er != null) {
      double barWidth = Math.max(2, (right - left) / days * 0.7);
      for (PostDay d : f.postDays()) {
        if (d.meanEr() != null) {
          double bx = x.at(d.date().toEpochDay());
          svg.group(String.format(Locale.ROOT, "%s: %d posts, %d interactions, mean ER %s", d.date(), d.posts(),
              d.interactions(), percent(d.meanEr())));
          svg.rect(bx - barWidth / 2, er.at(d.meanEr()), barWidth, bottom - er.at(d.meanEr()), POST_ER, null);
          svg.end();
        }
      }
    }
    for (Flag flag : f.flags()) {
      double fx = x.at(flag.date().toEpochDay());
      svg.line(fx, top - 4, fx, bottom, colourOf(flag.kind()), 1.5, "4 3");
    }
    List<double[]> points = new ArrayList<>();
    for (Snapshot s : history) {
      points.add(new double[] {x.at(s.date().toEpochDay()), y.at(s.followers())});
    }
    svg.polyline(points, "#ffffff", 4.5);
    svg.polyline(points, FOLLOWERS, 2);
    for (Flag flag : f.flags()) {
      svg.group(String.format(Locale.ROOT, "%s %s: %s -> %s followers, severity %.2f", flag.date(), flag.kind(),
          Html.count(flag.followersBefore()), Html.count(flag.followersAfter()), flag.severity()));
      svg.circle(x.at(flag.date().toEpochDay()), y.at(Math.min(Math.max(flag.followersAfter(), y.min()), y.max())),
          4.5, colourOf(flag.kind()));
      svg.end();
    }
    return svg.close();
  }

  /** Five small bars, one per score component (0-1), with the values as a tooltip. */
  static String components(TopCreator t) {
    double[] values = {t.engagement(), t.authenticity(), t.growth(), t.activity(), t.paid()};
    int barWidth = 16;
    int gap = 4;
    int height = 22;
    Svg svg = new Svg("components", COMPONENTS.size() * (barWidth + gap), height, "score components of " + t.handle());
    StringBuilder tip = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      tip.append(i == 0 ? "" : ", ").append(COMPONENTS.get(i)[0]).append(' ')
          .append(Double.isNaN(values[i]) ? "–" : Html.num(values[i], 2));
    }
    svg.group(tip.toString());
    for (int i = 0; i < values.length; i++) {
      double x = i * (barWidth + gap);
      double v = Double.isNaN(values[i]) ? 0 : Math.max(0, Math.min(1, values[i]));
      svg.rect(x, 0, barWidth, height, "#eeeeee", null);
      svg.rect(x, height * (1 - v), barWidth, height * v, COMPONENTS.get(i)[1], null);
    }
    return svg.end().close();
  }

  /** One input table's rows as a stacked bar: kept, duplicates, quarantined and after the as-of date. */
  static String accounting(String table, long read, Map<String, Long> parts) {
    int width = 560;
    int height = 34;
    Svg svg = new Svg("accounting", width, height, "where the rows of " + table + " went");
    double x = 0;
    double scale = read > 0 ? (double) width / read : 0;
    for (Map.Entry<String, Long> part : parts.entrySet()) {
      if (part.getValue() <= 0) {
        continue;
      }
      double w = Math.max(2, part.getValue() * scale);
      svg.group(part.getKey() + ": " + Html.count(part.getValue()) + " of " + Html.count(read) + " rows read");
      svg.rect(x, 0, Math.min(w, width - x), height, MEASURE_COLOURS.getOrDefault(part.getKey(), "#888"), null);
      svg.end();
      x += w;
    }
    return svg.close();
  }

  /**
   * Median cost per engagement per tier of one platform: a bar from the median at the low price to the median at
   * the high price, labelled with both, on a log axis when they span more than {@link #LOG_SCALE_SPAN}x.
   */
  static String cpeByTier(String platform, List<ReportData.CostGroup> tiers, int width) {
    int height = 280;
    double left = 58;
    double right = width - 20;
    double top = 44;
    double bottom = height - 42;
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (ReportData.CostGroup g : tiers) {
      lo = Math.min(lo, g.cpeLowMedian());
      hi = Math.max(hi, g.cpeHighMedian());
    }
    lo = Math.max(lo, 1e-4);
    hi = Math.max(hi, lo * 1.5);
    Scale y = Scale.forRates(lo, hi, bottom, top, LOG_SCALE_SPAN);
    String title = platform + ": cost per engagement by tier";
    Svg svg = new Svg("cpe-tier", width, height, title);
    svg.text(left - 50, 18, "start", "t-title", title);
    svg.text(left - 50, 34, "start", "t-small", "USD per expected engagement, median at the low and the high price"
        + (y.log() ? ", log scale" : ""));
    for (double t : y.ticks()) {
      svg.line(left, y.at(t), right, y.at(t), GRID, 1, null);
      svg.text(left - 6, y.at(t) + 4, "end", "t-axis", Html.tickUsd(t));
    }
    svg.line(left, bottom, right, bottom, "#999", 1, null);
    double slot = (right - left) / Math.max(1, tiers.size());
    double barWidth = Math.min(30, slot * 0.4);
    for (int i = 0; i < tiers.size(); i++) {
      ReportData.CostGroup g = tiers.get(i);
      double cx = left + (i + 0.5) * slot;
      double yHigh = y.at(Math.max(g.cpeHighMedian(), y.min()));
      double yLow = y.at(Math.max(g.cpeLowMedian(), y.min()));
      svg.group(String.format(Locale.ROOT, "%s %s: %d ranked creators; median CPE %s at the low price, %s at the "
          + "high price", platform, g.tier(), g.creators(), Html.usd(g.cpeLowMedian()), Html.usd(g.cpeHighMedian())));
      svg.rect(cx - barWidth / 2, yHigh, barWidth, Math.max(1, yLow - yHigh), COST, BOX_STROKE);
      svg.text(cx, yHigh - 5, "middle", "t-value", Html.usd(g.cpeLowMedian()) + "–" + Html.usd(g.cpeHighMedian()));
      svg.text(cx, bottom + 16, "middle", "t-label", g.tier());
      svg.text(cx, bottom + 30, "middle", "t-small", "n=" + g.creators());
      svg.end();
    }
    return svg.close();
  }

  static String colourOf(String kind) {
    return KIND_COLOURS.getOrDefault(kind, "#444444");
  }
}
