package io.creatorscope.bench;

import static io.creatorscope.bench.BenchSummary.bytes;
import static io.creatorscope.bench.BenchSummary.median;

import io.creatorscope.bench.BenchSummary.Status;
import io.creatorscope.bench.BenchSummary.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The pure part of the daily scenario's report: the checkpoint table, issue #14's targets checked, where the time
 * of a daily run goes as history grows, and the markdown. Single days are noisy on a shared machine, so the
 * "first" and "last" daily runs are medians of the first and the last {@link #END_DAYS} daily runs (fewer when
 * there are fewer than twice as many).
 */
public final class DailySummary {
  private DailySummary() {}

  /** The last daily run within this multiple of the first. */
  public static final double MAX_LAST_OVER_FIRST = 1.2;
  /** The output after the daily runs within this multiple of one full run's output on the last day. */
  public static final double MAX_BYTES_OVER_FULL = 1.5;
  /** One daily run within this share of a full run on the last day. */
  public static final double MAX_DAY_OVER_FULL = 0.25;
  /** A daily run in Iceberg within this multiple of the same day's run in Parquet (issue #15). */
  public static final double MAX_ICEBERG_OVER_PARQUET = 1.3;
  /** Daily runs in the median at each end. */
  public static final int END_DAYS = 5;

  /** A checkpoint day: its daily run against a full run of the same day on a fresh output. */
  public record Checkpoint(int day, String date, double incrementalSeconds, double fullSeconds,
      double incrementalOverFull, long outputBytes, long fullBytes, double bytesOverFull) {}

  /** One step's seconds, median of the first and of the last daily runs. */
  public record Step(String name, double first, double last, double lastOverFirst) {}

  /** The daily runs at each end that the medians take. */
  static int endDays(DailyResult r) {
    return Math.min(END_DAYS, r.dailyRuns().size() / 2);
  }

  public static List<Checkpoint> checkpoints(DailyResult r) {
    List<Checkpoint> out = new ArrayList<>();
    for (DailyResult.Run full : r.fullReruns()) {
      DailyResult.Run daily = r.dailyRuns().stream().filter(d -> d.day() == full.day()).findFirst().orElseThrow();
      out.add(new Checkpoint(full.day(), full.date(), daily.seconds(), full.seconds(),
          daily.seconds() / full.seconds(), daily.outputBytes(), full.outputBytes(),
          (double) daily.outputBytes() / full.outputBytes()));
    }
    return out;
  }

  public static List<Step> growth(DailyResult r) {
    Map<String, ToDoubleFunction<DailyResult.Run>> steps = new java.util.LinkedHashMap<>();
    steps.put("pipeline", DailyResult.Run::seconds);
    steps.put("ingest", DailyResult.Run::ingestSeconds);
    steps.put("engagement", DailyResult.Run::engagementSeconds);
    steps.put("anomalies", DailyResult.Run::anomaliesSeconds);
    steps.put("rank", DailyResult.Run::rankSeconds);
    steps.put("economics", DailyResult.Run::economicsSeconds);
    List<Step> out = new ArrayList<>();
    steps.forEach((name, f) -> {
      double first = median(firstRuns(r).stream().map(f::applyAsDouble).toList());
      double last = median(lastRuns(r).stream().map(f::applyAsDouble).toList());
      out.add(new Step(name, first, last, last / first));
    });
    return out;
  }

  private static List<DailyResult.Run> firstRuns(DailyResult r) {
    return r.dailyRuns().subList(0, endDays(r));
  }

  private static List<DailyResult.Run> lastRuns(DailyResult r) {
    return r.dailyRuns().subList(r.dailyRuns().size() - endDays(r), r.dailyRuns().size());
  }

  private static String span(List<DailyResult.Run> runs) {
    int a = runs.get(0).day();
    int b = runs.get(runs.size() - 1).day();
    return a == b ? "day " + a : "days " + a + "-" + b;
  }

  public static List<Target> targets(DailyResult r) {
    List<Target> out = new ArrayList<>();
    int d = r.days();
    String stopped = r.complete() ? null : "not measured: the runs stopped after day " + lastDay(r) + " of " + d
        + " (see the log)";
    Optional<DailyResult.Run> fullAtEnd = r.fullReruns().stream().filter(f -> f.day() == d).findFirst();
    int k = endDays(r);

    String growthName = String.format(Locale.ROOT, "day-%d run <= %.1fx the day-%d run (medians of %d days at"
        + " each end)", d, MAX_LAST_OVER_FIRST, r.fullDay() + 1, k);
    if (stopped != null) {
      out.add(new Target(growthName, Status.FAIL, stopped));
    } else if (k == 0) {
      out.add(new Target(growthName, Status.NOT_CHECKED, "fewer than two daily runs"));
    } else {
      double first = median(firstRuns(r).stream().map(DailyResult.Run::seconds).toList());
      double last = median(lastRuns(r).stream().map(DailyResult.Run::seconds).toList());
      out.add(new Target(growthName, last / first <= MAX_LAST_OVER_FIRST ? Status.PASS : Status.FAIL,
          String.format(Locale.ROOT, "%.2fx (%s: %.1f s; %s: %.1f s)", last / first, span(lastRuns(r)), last,
              span(firstRuns(r)), first)));
    }

    String bytesName = String.format(Locale.ROOT, "output after the %d daily runs <= %.1fx one full run at day %d",
        d - r.fullDay(), MAX_BYTES_OVER_FULL, d);
    String speedName = String.format(Locale.ROOT, "one daily run <= %.2fx a full run at day %d", MAX_DAY_OVER_FULL,
        d);
    if (stopped != null || fullAtEnd.isEmpty()) {
      String why = stopped != null ? stopped : "no full rerun at day " + d;
      out.add(new Target(bytesName, Status.FAIL, why));
      out.add(new Target(speedName, Status.FAIL, why));
      return out;
    }
    DailyResult.Run full = fullAtEnd.get();
    long daily = r.dailyRuns().get(r.dailyRuns().size() - 1).outputBytes();
    double bytesRatio = (double) daily / full.outputBytes();
    out.add(new Target(bytesName, bytesRatio <= MAX_BYTES_OVER_FULL ? Status.PASS : Status.FAIL,
        String.format(Locale.ROOT, "%.2fx (%s / %s)", bytesRatio, bytes(daily), bytes(full.outputBytes()))));
    if (k == 0) {
      out.add(new Target(speedName, Status.NOT_CHECKED, "fewer than two daily runs"));
    } else {
      double last = median(lastRuns(r).stream().map(DailyResult.Run::seconds).toList());
      double ratio = last / full.seconds();
      out.add(new Target(speedName, ratio <= MAX_DAY_OVER_FULL ? Status.PASS : Status.FAIL,
          String.format(Locale.ROOT, "%.2fx (%s: %.1f s; full run at day %d: %.1f s)", ratio, span(lastRuns(r)),
              last, d, full.seconds())));
    }
    return out;
  }

  private static int lastDay(DailyResult r) {
    return r.dailyRuns().isEmpty() ? r.fullDay() : r.dailyRuns().get(r.dailyRuns().size() - 1).day();
  }

  public static String markdown(DailyResult r) {
    StringBuilder b = new StringBuilder();
    DailyResult.Run start = r.fullRun();
    b.append(String.format(Locale.ROOT, "Daily scenario: %,d creators x %d days; a full run at day %d (%s): %.1f s,"
            + " %s of output; then an incremental run per day to day %d on the same output, in one JVM and"
            + " SparkSession (master %s, -Xmx%s). At the checkpoint days also a full run of that day on a fresh"
            + " output over the same input.%s%n%n", r.creators(), r.days(), r.fullDay(), start.date(),
        start.seconds(), bytes(start.outputBytes()), r.days(), r.master(), r.xmx(),
        r.complete() ? "" : " **Incomplete: the runs stopped after day " + lastDay(r) + ".**"));
    b.append("| day | date | incremental s | full s | incremental / full | output after daily runs"
        + " | output of a full run | bytes / full |\n|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for (Checkpoint c : checkpoints(r)) {
      b.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.2fx | %s | %s | %.2fx |%n", c.day(),
          c.date(), c.incrementalSeconds(), c.fullSeconds(), c.incrementalOverFull(), bytes(c.outputBytes()),
          bytes(c.fullBytes()), c.bytesOverFull()));
    }
    b.append("\nTargets (issue #14):\n\n| target | result | measured |\n|---|---|---|\n");
    for (Target t : targets(r)) {
      b.append("| ").append(t.name()).append(" | ").append(t.status().name().replace('_', ' ')).append(" | ")
          .append(t.measured()).append(" |\n");
    }
    if (endDays(r) > 0) {
      b.append(String.format(Locale.ROOT, "%nWhere a daily run's time goes (medians of %s and of %s):%n%n"
          + "| step | first s | last s | last / first |%n|---|---:|---:|---:|%n", span(firstRuns(r)),
          span(lastRuns(r))));
      for (Step s : growth(r)) {
        b.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2fx |%n", s.name(), s.first(), s.last(),
            s.lastOverFirst()));
      }
    }
    tableBytes(r).ifPresent(b::append);
    b.append("\nEvery daily run:\n\n| day | date | s | ingest | engagement | anomalies | rank | economics | output |"
        + "\n|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (DailyResult.Run d : r.dailyRuns()) {
      b.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s |%n", d.day(),
          d.date(), d.seconds(), d.ingestSeconds(), d.engagementSeconds(), d.anomaliesSeconds(), d.rankSeconds(),
          d.economicsSeconds(), bytes(d.outputBytes())));
    }
    return b.toString();
  }

  /** Bytes per output folder after the last daily run against the full run of the same day, when there is one. */
  private static Optional<String> tableBytes(DailyResult r) {
    if (r.dailyRuns().isEmpty() || r.fullReruns().isEmpty()) {
      return Optional.empty();
    }
    DailyResult.Run daily = r.dailyRuns().get(r.dailyRuns().size() - 1);
    DailyResult.Run full = r.fullReruns().get(r.fullReruns().size() - 1);
    if (full.day() != daily.day()) {
      return Optional.empty();
    }
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%nOutput per folder at day %d:%n%n"
        + "| folder | after the daily runs | full run | daily / full |%n|---|---:|---:|---:|%n", daily.day()));
    TreeSet<String> folders = new TreeSet<>(daily.tableBytes().keySet());
    folders.addAll(full.tableBytes().keySet());
    for (String f : folders) {
      long a = daily.tableBytes().getOrDefault(f, 0L);
      long c = full.tableBytes().getOrDefault(f, 0L);
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", f, bytes(a), bytes(c),
          c == 0 ? "n/a" : String.format(Locale.ROOT, "%.2fx", (double) a / c)));
    }
    return Optional.of(b.toString());
  }

  /**
   * Issue #15's target: the median over the days both formats ran of Iceberg's daily run over Parquet's (the two
   * ran in turn on each day, so each day's ratio shares that day's load), and the markdown of the comparison.
   */
  public static Target icebergOverParquet(DailyResult parquet, DailyResult iceberg) {
    List<Double> ratios = dayRatios(parquet, iceberg);
    String name = String.format(Locale.ROOT, "a daily run in Iceberg <= %.1fx the same day's run in Parquet"
        + " (median of the days)", MAX_ICEBERG_OVER_PARQUET);
    if (ratios.isEmpty()) {
      return new Target(name, Status.NOT_CHECKED, "no day ran in both formats");
    }
    double m = median(ratios);
    return new Target(name, m <= MAX_ICEBERG_OVER_PARQUET ? Status.PASS : Status.FAIL,
        String.format(Locale.ROOT, "%.2fx over %d days (from %.2fx to %.2fx)", m, ratios.size(),
            ratios.stream().min(Double::compare).orElseThrow(), ratios.stream().max(Double::compare).orElseThrow()));
  }

  private static List<Double> dayRatios(DailyResult parquet, DailyResult iceberg) {
    Map<Integer, DailyResult.Run> byDay = new java.util.HashMap<>();
    parquet.dailyRuns().forEach(r -> byDay.put(r.day(), r));
    return iceberg.dailyRuns().stream().filter(r -> byDay.containsKey(r.day()))
        .map(r -> r.seconds() / byDay.get(r.day()).seconds()).toList();
  }

  public static String formatsMarkdown(DailyResult parquet, DailyResult iceberg) {
    Target t = icebergOverParquet(parquet, iceberg);
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Iceberg against Parquet (issue #15): %s: %s"
        + " (%s).%n%n| day | Parquet s | Iceberg s | Iceberg / Parquet | Parquet output | Iceberg output |%n"
        + "|---:|---:|---:|---:|---:|---:|%n", t.name(), t.status().name().replace('_', ' '), t.measured()));
    Map<Integer, DailyResult.Run> byDay = new java.util.HashMap<>();
    parquet.dailyRuns().forEach(r -> byDay.put(r.day(), r));
    for (DailyResult.Run i : iceberg.dailyRuns()) {
      DailyResult.Run p = byDay.get(i.day());
      if (p != null) {
        b.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.2fx | %s | %s |%n", i.day(), p.seconds(),
            i.seconds(), i.seconds() / p.seconds(), bytes(p.outputBytes()), bytes(i.outputBytes())));
      }
    }
    return b.toString();
  }
}
