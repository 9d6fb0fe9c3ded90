package io.creatorscope.bench;

import java.util.List;

/**
 * What one scale's JVM measured, written as {@code scale-cCREATORS-dDAYS.json} and read back by
 * {@link BenchReport}. A scale whose JVM died (e.g. out of memory) is written by {@code bench.sh} with only
 * creators, days, xmx, {@code failed = true} and the exit code.
 *
 * @param maxHeapBytes the JVM's maximum heap ({@code -Xmx}), which in local mode is spark.driver.memory
 * @param duckdbThreads threads DuckDB was allowed: the cores of the Spark master, so both use the same CPU
 * @param inputRows profile plus post rows read by ingest (dirty rows included)
 * @param peakRssBytes the JVM's peak resident set (VmHWM) at the end, DuckDB's native memory included
 * @param peakRssBeforeDuckdbBytes VmHWM just before DuckDB first ran: the peak of Spark alone (floor + pipeline)
 */
public record ScaleResult(
    long creators, int days, String master, String xmx, long maxHeapBytes, int duckdbThreads, String asOf,
    long profileRows, long postRows, long inputRows, long peakRssBytes, long peakRssBeforeDuckdbBytes,
    boolean failed, int exitCode, List<Run> runs) {

  /** The file name of a scale's result. */
  public static String fileName(long creators, int days) {
    return "scale-c" + creators + "-d" + days + ".json";
  }

  /**
   * One run: the floor, the pipeline and DuckDB, in this order, in the same JVM and SparkSession.
   *
   * @param floorSeconds bare scan of the input columns of profiles and posts into Spark's noop sink
   * @param pipelineSeconds wall time of the whole pipeline, publishing included
   * @param duckdbFirstSeconds DuckDB's first execution of the query in this run (cold in the first run)
   * @param duckdbWarmSeconds its second execution, right after the first
   * @param spillMemoryBytes Spark's memoryBytesSpilled summed over the pipeline's tasks
   * @param spillDiskBytes Spark's diskBytesSpilled summed over the pipeline's tasks
   */
  public record Run(
      double floorSeconds, double pipelineSeconds, double ingestSeconds, double engagementSeconds,
      double anomaliesSeconds, double rankSeconds, double duckdbFirstSeconds, double duckdbWarmSeconds,
      long spillMemoryBytes, long spillDiskBytes, Comparison comparison) {}

  /**
   * Our engagement_distribution (platform_tier_niche rows) against DuckDB's result for the same groups.
   *
   * @param ratedCreatorsDiffer shared groups whose rated-creator counts differ
   * @param maxAbsDiffP50 the largest |our er_p50 - DuckDB's| over shared groups
   * @param shareWithin10Percent share of shared groups whose er_p50 is within 10% of DuckDB's
   */
  public record Comparison(
      int ourGroups, int duckdbGroups, int sharedGroups, int ratedCreatorsDiffer, double maxAbsDiffP50,
      double shareWithin10Percent) {}
}
