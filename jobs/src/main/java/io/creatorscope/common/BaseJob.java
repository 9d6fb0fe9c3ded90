package io.creatorscope.common;

import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The skeleton of a job that turns the tables of one as-of date into more tables, in the manner of Iceberg's Spark
 * actions: this base owns the session, the progress lines, the Spark job group and the manifest's record of the
 * job; a job implements {@link #execute} over an output run and returns an immutable result.
 *
 * @param <R> what a run of the job wrote
 */
public abstract class BaseJob<R extends JobResult> {
  protected final SparkSession spark;
  private final String name;
  private final String description;

  /**
   * @param name the job's name in progress lines, the Spark UI and the manifest
   * @param description what the job does, for the Spark UI
   */
  protected BaseJob(SparkSession spark, String name, String description) {
    this.spark = spark;
    this.name = name;
    this.description = description;
  }

  public final String name() {
    return name;
  }

  /** Runs the job on its own: reads the published tables under {@code outputRoot}, publishes what it writes. */
  public final R run(String outputRoot, LocalDate asOf) {
    return OutputRun.publish(spark, outputRoot, out -> run(out, asOf));
  }

  /**
   * Runs the job within {@code out}: reads the tables as {@code out} sees them (published, or staged by an earlier
   * job of the same run) and stages what it writes there; the manifest gets its configuration and time.
   */
  public final R run(OutputRun out, LocalDate asOf) {
    Progress progress = new Progress(name);
    Sparks.jobGroup(spark, name, name + ": " + description);
    R result = execute(out, asOf, progress);
    out.manifest().job(name, result.seconds(), configuration());
    return result;
  }

  /** Stages the job's tables of {@code asOf} in {@code out}, reporting its steps on {@code progress}. */
  protected abstract R execute(OutputRun out, LocalDate asOf, Progress progress);

  /** The configuration the job ran with, by manifest part name (each part's text lists every setting). */
  protected abstract Map<String, Object> configuration();
}
