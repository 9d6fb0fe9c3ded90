package io.creatorscope.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The pure part of the report: medians over runs per scale, the targets checked against them, and the
 * markdown. Times are medians of the runs' times; a ratio is the median of the runs' ratios (both sides measured in
 * the same run, so machine noise that hits both cancels), except the scaling target, which compares scales.
 */
public final class BenchSummary {
  private BenchSummary() {}

  /** The target of the issue: the pipeline within this multiple of the floor at the smallest scale. */
  public static final double MAX_PIPELINE_OVER_FLOOR = 3.0;
  /** Linear scaling with this much slack: time(kS) <= 1.1 x k x time(S) (4.4 at 4S). */
  public static final double SCALING_SLACK = 1.1;
  /** The engagement job within this multiple of DuckDB at the largest scale. */
  public static final double MAX_ENGAGEMENT_OVER_DUCKDB = 3.0;

  /** One scale's figures; NaN where the scale failed. Spill is the largest of the runs. */
  public record Scale(
      long creators, int days, boolean failed, int exitCode, String xmx, int runs, long inputRows,
      double floorSeconds, double ingestSeconds, double engagementSeconds, double anomaliesSeconds,
      double rankSeconds, double pipelineSeconds, double pipelineOverFloor, double engagementOverFloor,
      double duckdbColdSeconds, double duckdbWarmSeconds, double engagementOverDuckdb,
      double ingestAndEngagementOverDuckdb, long peakRssBytes, long peakRssBeforeDuckdbBytes,
      long spillMemoryBytes, long spillDiskBytes, double rowsPerSecond, ScaleResult.Comparison worstComparison) {}

  public enum Status { PASS, FAIL, NOT_CHECKED }

  /** One target of the issue, its verdict and the numbers behind it. */
  public record Target(String name, Status status, String measured) {}

  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double medianOf(List<ScaleResult.Run> runs, ToDoubleFunction<ScaleResult.Run> f) {
    return median(runs.stream().map(f::applyAsDouble).toList());
  }

  public static Scale summarise(ScaleResult r) {
    List<ScaleResult.Run> runs = r.runs() == null ? List.of() : r.runs();
    if (r.failed() || runs.isEmpty()) {
      double nan = Double.NaN;
      return new Scale(r.creators(), r.days(), true, r.exitCode(), r.xmx(), runs.size(), r.inputRows(), nan, nan,
          nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, r.peakRssBytes(), r.peakRssBeforeDuckdbBytes(), 0, 0,
          nan, null);
    }
    ScaleResult.Comparison worst = runs.get(0).comparison();
    for (ScaleResult.Run run : runs) {
      ScaleResult.Comparison c = run.comparison();
      worst = new ScaleResult.Comparison(c.ourGroups(), c.duckdbGroups(), c.sharedGroups(),
          Math.max(worst.ratedCreatorsDiffer(), c.ratedCreatorsDiffer()),
          Math.max(worst.maxAbsDiffP50(), c.maxAbsDiffP50()),
          Math.min(worst.shareWithin10Percent(), c.shareWithin10Percent()));
    }
    return new Scale(r.creators(), r.days(), false, 0, r.xmx(), runs.size(), r.inputRows(),
        medianOf(runs, ScaleResult.Run::floorSeconds),
        medianOf(runs, ScaleResult.Run::ingestSeconds),
        medianOf(runs, ScaleResult.Run::engagementSeconds),
        medianOf(runs, ScaleResult.Run::anomaliesSeconds),
        medianOf(runs, ScaleResult.Run::rankSeconds),
        medianOf(runs, ScaleResult.Run::pipelineSeconds),
        medianOf(runs, run -> run.pipelineSeconds() / run.floorSeconds()),
        medianOf(runs, run -> run.engagementSeconds() / run.floorSeconds()),
        runs.get(0).duckdbFirstSeconds(),
        medianOf(runs, ScaleResult.Run::duckdbWarmSeconds),
        medianOf(runs, run -> run.engagementSeconds() / run.duckdbWarmSeconds()),
        medianOf(runs, run -> (run.ingestSeconds() + run.engagementSeconds()) / run.duckdbWarmSeconds()),
        r.peakRssBytes(), r.peakRssBeforeDuckdbBytes(),
        runs.stream().mapToLong(ScaleResult.Run::spillMemoryBytes).max().orElse(0),
        runs.stream().mapToLong(ScaleResult.Run::spillDiskBytes).max().orElse(0),
        medianOf(runs, run -> r.inputRows() / run.pipelineSeconds()),
        worst);
  }

  /** The targets over scales given smallest first (S, 2S, 4S by default). */
  public static List<Target> targets(List<Scale> scales) {
    List<Target> out = new ArrayList<>();
    Scale s = scales.get(0);
    Scale largest = scales.get(scales.size() - 1);

    String floorName = String.format(Locale.ROOT, "pipeline at S (%,d creators) <= %.0fx the bare scan of its input",
        s.creators(), MAX_PIPELINE_OVER_FLOOR);
    out.add(s.failed() ? new Target(floorName, Status.FAIL, "the scale failed (exit code " + s.exitCode() + ")")
        : new Target(floorName, s.pipelineOverFloor() <= MAX_PIPELINE_OVER_FLOOR ? Status.PASS : Status.FAIL,
            String.format(Locale.ROOT, "pipeline / floor = %.2fx (pipeline %.1f s, floor %.1f s)",
                s.pipelineOverFloor(), s.pipelineSeconds(), s.floorSeconds())));

    double multiple = (double) largest.creators() / s.creators();
    double limit = SCALING_SLACK * multiple;
    String scalingName = String.format(Locale.ROOT, "linear scaling: time(%,d) <= %.1f x time(%,d)",
        largest.creators(), limit, s.creators());
    if (scales.size() < 2) {
      out.add(new Target(scalingName, Status.NOT_CHECKED, "one scale only"));
    } else if (s.failed() || largest.failed()) {
      out.add(new Target(scalingName, Status.FAIL, "a scale failed"));
    } else {
      double ratio = largest.pipelineSeconds() / s.pipelineSeconds();
      out.add(new Target(scalingName, ratio <= limit ? Status.PASS : Status.FAIL,
          String.format(Locale.ROOT, "%.2fx for %.1fx the creators (pipeline %.1f s vs %.1f s)", ratio, multiple,
              largest.pipelineSeconds(), s.pipelineSeconds())));
    }

    String memoryName = String.format(Locale.ROOT, "largest scale (%,d creators) runs at -Xmx%s without failure",
        largest.creators(), largest.xmx());
    out.add(largest.failed()
        ? new Target(memoryName, Status.FAIL, "failed (exit code " + largest.exitCode() + ")")
        : new Target(memoryName, Status.PASS, String.format(Locale.ROOT,
            "%d runs completed; peak RSS %s (%s before DuckDB); spill %s in memory, %s on disk", largest.runs(),
            bytes(largest.peakRssBytes()), bytes(largest.peakRssBeforeDuckdbBytes()),
            bytes(largest.spillMemoryBytes()), bytes(largest.spillDiskBytes()))));

    String duckdbName = String.format(Locale.ROOT,
        "engagement / DuckDB falls as scale grows and <= %.0fx at the largest scale", MAX_ENGAGEMENT_OVER_DUCKDB);
    List<String> ratios = new ArrayList<>();
    boolean falls = true;
    boolean anyFailed = false;
    for (int i = 0; i < scales.size(); i++) {
      Scale sc = scales.get(i);
      anyFailed |= sc.failed();
      ratios.add(sc.failed() ? "failed" : String.format(Locale.ROOT, "%.2fx", sc.engagementOverDuckdb()));
      if (i > 0 && !(sc.engagementOverDuckdb() < scales.get(i - 1).engagementOverDuckdb())) {
        falls = false;
      }
    }
    String measured = String.join(" -> ", ratios);
    if (anyFailed) {
      out.add(new Target(duckdbName, Status.FAIL, measured));
    } else if (scales.size() < 2) {
      out.add(new Target(duckdbName, Status.NOT_CHECKED, measured + " (one scale: no trend)"));
    } else {
      boolean within = largest.engagementOverDuckdb() <= MAX_ENGAGEMENT_OVER_DUCKDB;
      out.add(new Target(duckdbName, falls && within ? Status.PASS : Status.FAIL,
          measured + (falls ? ", falls" : ", does not fall") + (within ? "" : ", above the limit at the largest")));
    }
    return out;
  }

  /** The report: the per-scale table, the DuckDB cross-check, the targets. */
  public static String markdown(List<Scale> scales, List<Target> targets, String setup) {
    StringBuilder b = new StringBuilder();
    b.append("## Benchmark\n\n").append(setup).append("\n\n");
    b.append("| creators x days | input rows | floor s | ingest s | engagement s | anomalies s | rank s | pipeline s"
        + " | pipeline / floor | engagement / floor | DuckDB s (warm) | engagement / DuckDB | peak RSS | spill (disk)"
        + " | rows/s |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Scale s : scales) {
      String name = String.format(Locale.ROOT, "%,d x %d", s.creators(), s.days());
      if (s.failed()) {
        b.append("| ").append(name).append(" | failed (exit code ").append(s.exitCode())
            .append(") |  |  |  |  |  |  |  |  |  |  |  |  |  |\n");
        continue;
      }
      b.append(String.format(Locale.ROOT,
          "| %s | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2fx | %.2fx | %.2f | %.2fx | %s | %s | %,.0f |%n",
          name, s.inputRows(), s.floorSeconds(), s.ingestSeconds(), s.engagementSeconds(), s.anomaliesSeconds(),
          s.rankSeconds(), s.pipelineSeconds(), s.pipelineOverFloor(), s.engagementOverFloor(),
          s.duckdbWarmSeconds(), s.engagementOverDuckdb(), bytes(s.peakRssBytes()), bytes(s.spillDiskBytes()),
          s.rowsPerSecond()));
    }
    b.append("\nDuckDB cross-check (our engagement_distribution er_p50 vs DuckDB's, platform x tier x niche groups;"
        + " worst run):\n\n");
    b.append("| creators x days | groups ours / DuckDB / both | rated-creator counts differ | max abs diff of p50"
        + " | p50 within 10% | DuckDB s (first run, cold) | (ingest + engagement) / DuckDB | peak RSS before DuckDB"
        + " |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Scale s : scales) {
      if (s.failed()) {
        continue;
      }
      ScaleResult.Comparison c = s.worstComparison();
      b.append(String.format(Locale.ROOT, "| %,d x %d | %d / %d / %d | %d | %.5f | %.1f%% | %.2f | %.2fx | %s |%n",
          s.creators(), s.days(), c.ourGroups(), c.duckdbGroups(), c.sharedGroups(), c.ratedCreatorsDiffer(),
          c.maxAbsDiffP50(), 100 * c.shareWithin10Percent(), s.duckdbColdSeconds(),
          s.ingestAndEngagementOverDuckdb(), bytes(s.peakRssBeforeDuckdbBytes())));
    }
    b.append("\nTargets (issue #8):\n\n| target | result | measured |\n|---|---|---|\n");
    for (Target t : targets) {
      b.append("| ").append(t.name()).append(" | ").append(t.status().name().replace('_', ' '))
          .append(" | ").append(t.measured()).append(" |\n");
    }
    return b.toString();
  }

  /** Bytes in MiB with one decimal; "n/a" when unknown. */
  static String bytes(long n) {
    return n < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024.0));
  }
}
