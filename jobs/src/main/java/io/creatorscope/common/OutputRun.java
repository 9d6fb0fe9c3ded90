package io.creatorscope.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * One run's writes to an output location, published all at once: every table partition the run writes stays
 * invisible to readers until the run commits, later jobs of the same run read what earlier ones wrote, and the
 * run's manifest ({@link RunManifest}) is written last. How the tables are written is the output's format
 * ({@link OutputFormat}): {@link ParquetTableWriter} stages folders and renames them into place,
 * {@link IcebergTableWriter} commits Iceberg snapshots. How each table's rows replace what it holds is its
 * {@link WriteMode}: {@link #stage} for {@link WriteMode#REPLACE_AS_OF}, {@link #stagePartitions} for the fact
 * tables.
 *
 * <p>One writer per output location: a run holds the location's {@link OutputLock} from before recovery (what
 * runs that are gone left: see each writer) to after its commit. A run that fails in any way (any Throwable,
 * checked ones and interrupts included) drops what it wrote, unless it is past the point the next run rolls
 * forward from.
 */
public final class OutputRun {
  public static final String STAGING = "_staging";
  static final String JOURNAL = ParquetTableWriter.JOURNAL;
  static final String REPLACED = ParquetTableWriter.REPLACED;

  /** Rows per output file at most, so large partitions split into files of a few hundred MB at most. */
  public static final long MAX_RECORDS_PER_FILE = 5_000_000L;

  private final SparkSession spark;
  private final String outputRoot;
  private final String runId;
  private final TableWriter writer;
  private final RunManifest.Builder manifest;
  /**
   * The complete manifests when the run started, after the lock and the recovery: no other run publishes while
   * this one holds the lock, so one read serves the run's number and what its jobs ask of earlier runs.
   */
  private final TreeMap<LocalDate, ObjectNode> published;
  private LocalDate asOf;

  private OutputRun(SparkSession spark, String outputRoot, String runId, OutputFormat format) {
    this.spark = spark;
    this.outputRoot = outputRoot;
    this.runId = runId;
    this.writer = format.iceberg() ? IcebergTableWriter.start(spark, outputRoot, runId, format)
        : new ParquetTableWriter(spark, outputRoot, runId);
    this.published = RunManifest.complete(spark, outputRoot);
    this.manifest = new RunManifest.Builder(runId, RunManifest.nextSequence(published)).format(format);
  }

  /**
   * Runs {@code work} as one run on {@code outputRoot}, its only writer, in the session's output format: takes the
   * output lock (a user error naming the holder when another live run has it), finishes or cleans up what runs
   * that are gone left, then commits what {@code work} staged when it returns and drops it when anything is thrown
   * (a checked one comes back wrapped).
   */
  public static <T> T publish(SparkSession spark, String outputRoot, java.util.function.Function<OutputRun, T> work) {
    OutputFormat format = checkedFormat(spark, outputRoot);
    String runId = UUID.randomUUID().toString().substring(0, 8);
    OutputLock lock = OutputLock.acquire(fileSystem(spark, outputRoot), outputRoot, runId);
    try {
      OutputRun run = start(spark, outputRoot, runId, format);
      try {
        T result = work.apply(run);
        lock.checkHeld();
        run.commit();
        return result;
      } catch (Throwable failure) {
        withInterruptSetAside(() -> run.writer.abandon(failure));
        if (failure instanceof RuntimeException || failure instanceof Error) {
          throw failure;
        }
        throw new IllegalStateException("run " + runId + " failed: " + failure, failure);
      }
    } finally {
      withInterruptSetAside(lock::close);
    }
  }

  /** The session's format, unless the location's manifests say its outputs are in another: one format per output. */
  private static OutputFormat checkedFormat(SparkSession spark, String outputRoot) {
    OutputFormat format = OutputFormat.ofSession(spark);
    RunManifest.formatOf(spark, outputRoot).filter(existing -> !existing.equals(format)).ifPresent(existing -> {
      throw new UserError(outputRoot + " holds outputs in " + existing.describe() + " (its run manifests say so), "
          + "not " + format.describe() + "; run with that format, or write " + format.kind().word()
          + " to a new output location");
    });
    return format;
  }

  /** Runs a clean-up step with a pending interrupt set aside: on HDFS it would make the step's calls fail. */
  private static void withInterruptSetAside(Runnable cleanup) {
    boolean interrupted = Thread.interrupted();
    try {
      cleanup.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A Parquet run started without the lock, as one that is killed before it ends would leave things: for tests. */
  static OutputRun start(SparkSession spark, String outputRoot) {
    return start(spark, outputRoot, UUID.randomUUID().toString().substring(0, 8), OutputFormat.PARQUET);
  }

  private static OutputRun start(SparkSession spark, String outputRoot, String runId, OutputFormat format) {
    if (!format.iceberg()) {
      recover(spark, outputRoot);
    }
    return new OutputRun(spark, outputRoot, runId, format);
  }

  /** Rolls forward or cleans up what interrupted Parquet runs left (see {@link ParquetTableWriter}). */
  static void recover(SparkSession spark, String outputRoot) {
    ParquetTableWriter.recover(fileSystem(spark, outputRoot), outputRoot);
  }

  public String outputRoot() {
    return outputRoot;
  }

  public String runId() {
    return runId;
  }

  /** What the manifest will say about this run; jobs add their inputs, durations and settings. */
  public RunManifest.Builder manifest() {
    return manifest;
  }

  /**
   * What the newest earlier complete run that wrote {@code table} left for {@code job} before {@code asOf}, with the
   * days of the {@code curated} tables changed since ({@link RunManifest#earlierRun}).
   */
  public Optional<RunManifest.EarlierRun> earlierRun(String table, String job, LocalDate asOf,
      Collection<String> curated) {
    return RunManifest.earlierRun(published, table, job, asOf, manifest, curated);
  }

  /** Writes {@code rows} (conformed to the table's declared schema) as the table's {@code asOf} partition. */
  public void stage(TableSchema schema, Dataset<Row> rows, LocalDate asOf) {
    if (schema.writeMode() != WriteMode.REPLACE_AS_OF) {
      throw new IllegalStateException(schema.table() + " is written by " + schema.writeMode() + ", not by as-of date");
    }
    date(asOf);
    writer.replaceAsOf(schema, schema.conform(rows.withColumn(Columns.AS_OF_DATE, functions.lit(asOf))), asOf);
  }

  /** Sets the as-of date the run is for (its manifest's date); one run writes one as-of date. */
  public void date(LocalDate asOf) {
    if (this.asOf != null && !this.asOf.equals(asOf)) {
      throw new IllegalStateException("one run writes one as-of date: " + this.asOf + ", then " + asOf);
    }
    this.asOf = asOf;
  }

  /**
   * Writes complete partitions of a fact table: at commit each replaces the published partition of the same value;
   * with {@code wholeTable} the published partitions the run did not write are dropped, so the rows become the
   * table.
   */
  public void stagePartitions(TableSchema schema, Dataset<Row> rows, boolean wholeTable) {
    writer.replacePartitions(schema, schema.conform(rows), wholeTable);
  }

  /**
   * Writes the merged rows of the partitions a batch touched into a fact table: one written by key
   * ({@link WriteMode#UPSERT_BY_KEY}) takes the rows {@code changed} marks (the keys the batch brought) by key,
   * any other has the touched partitions replaced, as {@link #stagePartitions}.
   */
  public void stageMerged(TableSchema schema, Dataset<Row> merged, org.apache.spark.sql.Column changed) {
    if (schema.writeMode() == WriteMode.UPSERT_BY_KEY) {
      writer.upsertByKey(schema, schema.conform(merged), schema.conform(merged.filter(changed)));
    } else {
      stagePartitions(schema, merged, false);
    }
  }

  /**
   * The rows of a fact table as this run sees them (its writes over the published rows) whose partition value
   * lies in [{@code from}, {@code to}] (either bound may be null): only those partitions are read.
   */
  public Dataset<Row> readFacts(TableSchema schema, LocalDate from, LocalDate to) {
    return writer.readFacts(schema, from, to);
  }

  /**
   * Refuses, with one line, to derive tables for {@code asOf} from curated tables no ingest batch brought up to
   * that date: a job run alone needs a batch of this run or a published one as of {@code asOf} or later.
   */
  public void requireIngested(LocalDate asOf) {
    if (writer.wrote(Tables.INGEST_ACCOUNTING)) {
      return;
    }
    java.util.TreeSet<LocalDate> batches = RunManifest.completeDates(spark, outputRoot, Tables.INGEST_ACCOUNTING);
    if (batches.ceiling(asOf) == null) {
      throw new UserError(outputRoot + ": no complete run wrote the curated tables for " + asOf + " (no ingest batch "
          + "as of that date or later" + (batches.isEmpty() ? "" : "; the newest is " + batches.last())
          + "); run ingest or the pipeline for it");
    }
  }

  /** The partitions of a fact table this run wrote. */
  public Dataset<Row> readStaged(TableSchema schema) {
    return writer.readWrittenPartitions(schema);
  }

  /** A table's {@code asOf} partition as this run sees it: the one it wrote if it did, else the published. */
  public Dataset<Row> read(String table, LocalDate asOf) {
    if (writer.wrote(table) && asOf.equals(this.asOf)) {
      return writer.readWritten(table, asOf);
    }
    // A job run alone on a date nothing was published for gets one line saying so, not Spark's missing path.
    RunManifest.requireComplete(spark, outputRoot, table, java.util.Optional.of(asOf));
    return PublishedTables.readPartition(spark, outputRoot, table, asOf);
  }

  /** Publishes every table the run wrote and then the manifest; returns the manifest written. */
  public ObjectNode commit() {
    if (asOf == null) {
      throw new IllegalStateException("nothing staged");
    }
    return writer.commit(manifest, asOf);
  }

  /** Step 1 of a Parquet commit, alone: for tests of an interrupted publication. */
  ObjectNode prepareCommit() {
    return ((ParquetTableWriter) writer).prepareCommit(manifest, asOf);
  }

  private static FileSystem fileSystem(SparkSession spark, String outputRoot) {
    try {
      return new Path(outputRoot).getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UserError("cannot open the output location " + outputRoot + ": " + e.getMessage(), e);
    }
  }
}
