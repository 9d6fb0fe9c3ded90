package io.creatorscope.bench;

import java.util.List;
import java.util.Map;

/**
 * What the daily scenario's JVM measured in one output format, written as
 * {@code daily-cCREATORS-dDAYS[-FORMAT].json} after every run (so a JVM that dies leaves the days it finished, with
 * {@code complete = false}) and read back by {@link DailyReport}.
 * Days are numbered from 1, the first day of the generated input.
 *
 * @param firstDate the date of day 1
 * @param fullDay the day of the first run, a full one on a fresh output
 * @param checkpoints the days that also get a full rerun into a separate output folder
 * @param complete whether every day up to {@code days} ran
 * @param fullRun the run at {@code fullDay}
 * @param dailyRuns the incremental runs on the same output, one per day after {@code fullDay}, in order
 * @param fullReruns a full run per checkpoint day, each on a fresh output over the same input as that day's run
 * @param peakRssBytes the JVM's peak resident set (VmHWM) when the file was written
 */
public record DailyResult(
    long creators, int days, String firstDate, int fullDay, List<Integer> checkpoints, String master, String xmx,
    long maxHeapBytes, boolean complete, Run fullRun, List<Run> dailyRuns, List<Run> fullReruns,
    long peakRssBytes) {

  /** The file name of a scenario's result in one output format. */
  public static String fileName(long creators, int days, String format) {
    return "daily-c" + creators + "-d" + days + formatSuffix(format) + ".json";
  }

  /** Parquet, the default format, keeps the plain names; another format's files and folders end in -FORMAT. */
  public static String formatSuffix(String format) {
    return format.equals("parquet") ? "" : "-" + format;
  }

  /**
   * One pipeline run for one as-of day.
   *
   * @param seconds wall time of the whole pipeline, publishing included
   * @param ingestMode ingest's own line: full or incremental, and how many input files it read
   * @param outputBytes bytes of every file under the run's output folder afterwards (all dates, all tables,
   *     manifests and checksum files included)
   * @param tableBytes the same per top-level folder of the output (a table, or the manifests)
   */
  public record Run(
      int day, String date, double seconds, double ingestSeconds, double engagementSeconds,
      double anomaliesSeconds, double rankSeconds, double economicsSeconds, String ingestMode, long outputBytes,
      Map<String, Long> tableBytes) {}
}
