package io.creatorscope.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * One run's writes to an output location, published all at once. Every table partition the run writes is staged
 * under {@code OUTPUT/_staging/RUN_ID/TABLE/}; later jobs of the same run read the staged version; {@link #commit}
 * then publishes them together with the run's manifest:
 *
 * <ol>
 *   <li>the journal {@code _staging/RUN_ID/_COMMITTING.json} (the partitions to move in or drop, and the manifest
 *       to write) is written;
 *   <li>the as-of date's manifest is removed, so readers see the date as incomplete from here on;
 *   <li>each staged partition (an {@code as_of_date=} folder, or a fact table's {@code snapshot_date=} /
 *       {@code posted_date=} folder) is renamed in after the published one of the same name is renamed aside; a
 *       fact table rebuilt whole also has its partitions that the run did not stage renamed aside;
 *   <li>the new manifest is written, last; the run's staging folder is deleted.
 * </ol>
 *
 * <p>How each table's rows replace what it holds is its {@link WriteMode}: {@link #stage} for
 * {@link WriteMode#REPLACE_AS_OF}, {@link #stagePartitions} for the fact tables.
 *
 * <p>A run killed before step 1 leaves the previous outputs and manifest exactly as they were (its staging folder
 * is garbage, removed by the next run). A run killed after step 1 is rolled forward by the next run that writes
 * to the location ({@link #recover}): the journal says what is left to move. Folder renames are atomic on HDFS and
 * local disks, so a table partition is never a mix of old and new files.
 *
 * <p>One writer per output location: a run holds the location's {@link OutputLock} from before recovery to after
 * its commit, so recovery only ever touches the files of runs that are gone. A run that fails in any way (any
 * Throwable, checked ones and interrupts included) deletes its staging folder, unless its journal is written:
 * then the next run rolls it forward.
 */
public final class OutputRun {
  public static final String STAGING = "_staging";
  static final String JOURNAL = "_COMMITTING.json";
  static final String REPLACED = "_replaced";

  /** Rows per output file at most, so large partitions split into files of a few hundred MB at most. */
  public static final long MAX_RECORDS_PER_FILE = 5_000_000L;

  private final SparkSession spark;
  private final String outputRoot;
  private final String runId;
  private final Path runDir;
  private final Map<String, Path> staged = new LinkedHashMap<>();
  /** Fact tables staged by partition, and whether the staged partitions are the whole table (a full ingest). */
  private final Map<String, Boolean> stagedFacts = new LinkedHashMap<>();
  private final RunManifest.Builder manifest;
  private LocalDate asOf;
  private boolean journaled;

  private OutputRun(SparkSession spark, String outputRoot, String runId) {
    this.spark = spark;
    this.outputRoot = outputRoot;
    this.runId = runId;
    this.runDir = new Path(new Path(outputRoot, STAGING), runId);
    this.manifest = new RunManifest.Builder(runId);
  }

  /**
   * Runs {@code work} as one run on {@code outputRoot}, its only writer: takes the output lock (a user error naming
   * the holder when another live run has it), finishes or cleans up what runs that are gone left, then commits
   * what {@code work} staged when it returns and drops it when anything is thrown (a checked one comes back
   * wrapped).
   */
  public static <T> T publish(SparkSession spark, String outputRoot, java.util.function.Function<OutputRun, T> work) {
    String runId = UUID.randomUUID().toString().substring(0, 8);
    OutputLock lock = OutputLock.acquire(fileSystem(spark, outputRoot), outputRoot, runId);
    try {
      OutputRun run = start(spark, outputRoot, runId);
      try {
        T result = work.apply(run);
        lock.checkHeld();
        run.commit();
        return result;
      } catch (Throwable failure) {
        withInterruptSetAside(() -> run.dropStaging(failure));
        if (failure instanceof RuntimeException || failure instanceof Error) {
          throw failure;
        }
        throw new IllegalStateException("run " + runId + " failed: " + failure, failure);
      }
    } finally {
      withInterruptSetAside(lock::close);
    }
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

  /** A run started without the lock, as one that is killed before it ends would leave things: for tests. */
  static OutputRun start(SparkSession spark, String outputRoot) {
    return start(spark, outputRoot, UUID.randomUUID().toString().substring(0, 8));
  }

  private static OutputRun start(SparkSession spark, String outputRoot, String runId) {
    recover(spark, outputRoot);
    return new OutputRun(spark, outputRoot, runId);
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
   * Writes {@code rows} (conformed to the table's declared schema) as the table's {@code asOf} partition into this
   * run's staging folder. Partition columns other than as_of_date become sub-folders.
   */
  public void stage(TableSchema schema, Dataset<Row> rows, LocalDate asOf) {
    if (schema.writeMode() != WriteMode.REPLACE_AS_OF) {
      throw new IllegalStateException(schema.table() + " is written by " + schema.writeMode() + ", not by as-of date");
    }
    date(asOf);
    Dataset<Row> conformed = schema.conform(rows.withColumn(Columns.AS_OF_DATE, functions.lit(asOf)))
        .drop(Columns.AS_OF_DATE);
    Path target = new Path(runDir, schema.table());
    String[] subPartitions = schema.partitionedBy().stream()
        .filter(p -> !p.equals(Columns.AS_OF_DATE))
        .toArray(String[]::new);
    conformed.write()
        .mode("overwrite")
        .option("maxRecordsPerFile", MAX_RECORDS_PER_FILE)
        .partitionBy(subPartitions)
        .parquet(target.toString());
    staged.put(schema.table(), target);
  }

  /** Sets the as-of date the run is for (its manifest's date); one run writes one as-of date. */
  public void date(LocalDate asOf) {
    if (this.asOf != null && !this.asOf.equals(asOf)) {
      throw new IllegalStateException("one run writes one as-of date: " + this.asOf + ", then " + asOf);
    }
    this.asOf = asOf;
  }

  /**
   * Stages complete partitions of a fact table (one folder per value of its partition column, each file set sorted
   * into its folder by one task). At commit each replaces the published partition of the same value; with {@code
   * wholeTable} the published partitions the run did not stage are dropped, so the staged rows become the table.
   */
  public void stagePartitions(TableSchema schema, Dataset<Row> rows, boolean wholeTable) {
    String partition = schema.factPartition();
    Path target = new Path(runDir, schema.table());
    schema.conform(rows)
        .repartition(functions.col(partition))
        .write()
        .mode("overwrite")
        .option("maxRecordsPerFile", MAX_RECORDS_PER_FILE)
        .partitionBy(partition)
        .parquet(target.toString());
    staged.put(schema.table(), target);
    stagedFacts.put(schema.table(), wholeTable);
  }

  /**
   * The rows of a fact table as this run sees them (staged partitions over the published ones) whose partition
   * value lies in [{@code from}, {@code to}] (either bound may be null): only those partitions' folders are read.
   */
  public Dataset<Row> readFacts(TableSchema schema, LocalDate from, LocalDate to) {
    String partition = schema.factPartition();
    Path published = new Path(outputRoot, schema.table());
    Map<LocalDate, Path> publishedFolders = new java.util.TreeMap<>();
    Map<LocalDate, Path> stagedFolders = new java.util.TreeMap<>();
    try {
      if (!stagedFacts.getOrDefault(schema.table(), false)) {
        publishedFolders.putAll(PublishedTables.partitions(fs(), published, partition));
      }
      if (stagedFacts.containsKey(schema.table())) {
        stagedFolders.putAll(PublishedTables.partitions(fs(), staged.get(schema.table()), partition));
      }
    } catch (IOException e) {
      throw new UserError("cannot list the partitions of " + published + ": " + e.getMessage(), e);
    }
    publishedFolders.keySet().removeAll(stagedFolders.keySet());
    Dataset<Row> rows = PublishedTables.readFolders(spark, schema, published, within(publishedFolders, from, to));
    List<String> stagedPaths = within(stagedFolders, from, to);
    return stagedPaths.isEmpty() ? rows
        : rows.unionByName(PublishedTables.readFolders(spark, schema, staged.get(schema.table()), stagedPaths));
  }

  private static List<String> within(Map<LocalDate, Path> folders, LocalDate from, LocalDate to) {
    return folders.entrySet().stream()
        .filter(e -> (from == null || !e.getKey().isBefore(from)) && (to == null || !e.getKey().isAfter(to)))
        .map(e -> e.getValue().toString())
        .toList();
  }

  /**
   * Refuses, with one line, to derive tables for {@code asOf} from curated tables no ingest batch brought up to
   * that date: a job run alone needs a batch of this run or a published one as of {@code asOf} or later.
   */
  public void requireIngested(LocalDate asOf) {
    if (staged.containsKey(Tables.INGEST_ACCOUNTING)) {
      return;
    }
    java.util.TreeSet<LocalDate> batches = RunManifest.completeDates(spark, outputRoot, Tables.INGEST_ACCOUNTING);
    if (batches.ceiling(asOf) == null) {
      throw new UserError(outputRoot + ": no complete run wrote the curated tables for " + asOf + " (no ingest batch "
          + "as of that date or later" + (batches.isEmpty() ? "" : "; the newest is " + batches.last())
          + "); run ingest or the pipeline for it");
    }
  }

  /** The partitions of a fact table this run staged. */
  public Dataset<Row> readStaged(TableSchema schema) {
    Path dir = staged.get(schema.table());
    try {
      List<String> folders = PublishedTables.partitions(fs(), dir, schema.factPartition()).values().stream()
          .map(Path::toString).toList();
      return PublishedTables.readFolders(spark, schema, dir, folders);
    } catch (IOException e) {
      throw new UserError("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A table's {@code asOf} partition as this run sees it: the staged version if it wrote one, else the published. */
  public Dataset<Row> read(String table, LocalDate asOf) {
    if (staged.containsKey(table) && asOf.equals(this.asOf)) {
      return PublishedTables.read(spark, table, staged.get(table), asOf);
    }
    // A job run alone on a date nothing was published for gets one line saying so, not Spark's missing path.
    RunManifest.requireComplete(spark, outputRoot, table, java.util.Optional.of(asOf));
    return PublishedTables.readPartition(spark, outputRoot, table, asOf);
  }

  /**
   * After {@code failure}, deletes everything this run staged (the published outputs are untouched), unless the
   * journal is written: then the next run finishes the publication.
   */
  private void dropStaging(Throwable failure) {
    try {
      if (!journaled) {
        fs().delete(runDir, true);
      }
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(new IllegalStateException("cannot delete staging folder " + runDir, e));
    }
  }

  /** Publishes every staged table and then the manifest (see the class comment); returns the manifest written. */
  public ObjectNode commit() {
    ObjectNode journal = prepareCommit();
    try {
      rollForward(fs(), outputRoot, runDir, journal);
    } catch (IOException e) {
      throw new UserError("cannot publish the run's tables under " + outputRoot + ": " + e.getMessage()
          + " (the next run on this output finishes the publication)", e);
    }
    return (ObjectNode) journal.get("manifest");
  }

  /** Step 1 of the commit: measures the staged tables and writes the journal. From here the run rolls forward. */
  ObjectNode prepareCommit() {
    if (asOf == null) {
      throw new IllegalStateException("nothing staged");
    }
    try {
      FileSystem fs = fs();
      Map<String, RunManifest.TableFacts> facts = new LinkedHashMap<>();
      for (Map.Entry<String, Path> e : staged.entrySet()) {
        facts.put(e.getKey(), tableFacts(fs, e.getValue()));
      }
      ObjectNode content = manifest.build(asOf, RunManifest.read(fs, outputRoot, asOf), facts);
      ObjectNode journal = RunManifest.MAPPER.createObjectNode();
      journal.put("as_of_date", asOf.toString());
      List<String> asOfTables = new ArrayList<>(staged.keySet());
      asOfTables.removeAll(stagedFacts.keySet());
      journal.set("tables", RunManifest.MAPPER.valueToTree(asOfTables));
      var moves = journal.putArray("partitions");
      var drops = journal.putArray("drop_partitions");
      for (Map.Entry<String, Boolean> e : stagedFacts.entrySet()) {
        String table = e.getKey();
        String partition = Tables.output(table).factPartition();
        var stagedParts = PublishedTables.partitions(fs, staged.get(table), partition);
        stagedParts.values().forEach(p -> moves.addObject().put("table", table).put("partition", p.getName()));
        if (e.getValue()) {
          PublishedTables.partitions(fs, new Path(outputRoot, table), partition).forEach((day, p) -> {
            if (!stagedParts.containsKey(day)) {
              drops.addObject().put("table", table).put("partition", p.getName());
            }
          });
        }
      }
      journal.set("manifest", content);
      RunManifest.writeAtomically(fs, new Path(runDir, JOURNAL), journal);
      journaled = true;
      return journal;
    } catch (IOException e) {
      throw new UserError("cannot prepare the publication of the run's tables under " + outputRoot + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Rolls forward every run that was interrupted while publishing (it has a journal) and deletes the staging
   * folders of runs that never got that far. Only a holder of the output lock may call it: every other run is gone.
   */
  static void recover(SparkSession spark, String outputRoot) {
    Path staging = new Path(outputRoot, STAGING);
    try {
      FileSystem fs = fileSystem(spark, outputRoot);
      if (!fs.exists(staging)) {
        return;
      }
      for (FileStatus run : fs.listStatus(staging)) {
        if (!run.isDirectory()) {
          continue; // the lock
        }
        Path journal = new Path(run.getPath(), JOURNAL);
        if (fs.exists(journal)) {
          System.err.println("finishing the interrupted publication of run " + run.getPath().getName());
          rollForward(fs, outputRoot, run.getPath(), RunManifest.readJson(fs, journal));
        } else {
          fs.delete(run.getPath(), true);
        }
      }
    } catch (IOException e) {
      throw new UserError("cannot recover interrupted runs under " + staging + ": " + e.getMessage(), e);
    }
  }

  /** Steps 2-4 of the commit; safe to repeat after a crash at any point of an earlier attempt. */
  private static void rollForward(FileSystem fs, String outputRoot, Path runDir, ObjectNode journal)
      throws IOException {
    LocalDate asOf = LocalDate.parse(journal.get("as_of_date").asText());
    fs.delete(RunManifest.path(outputRoot, asOf), false);
    for (var t : journal.get("tables")) {
      String table = t.asText();
      Path stagedTable = new Path(runDir, table);
      if (!fs.exists(stagedTable)) {
        continue;
      }
      Path target = PublishedTables.partitionPath(outputRoot, table, asOf);
      fs.mkdirs(target.getParent());
      if (fs.exists(target)) {
        moveAside(fs, runDir, target, table);
      }
      rename(fs, stagedTable, target);
    }
    for (var d : journal.path("drop_partitions")) {
      Path target = new Path(new Path(outputRoot, d.get("table").asText()), d.get("partition").asText());
      if (fs.exists(target)) {
        moveAside(fs, runDir, target, d.get("table").asText() + "/" + d.get("partition").asText());
      }
    }
    for (var m : journal.path("partitions")) {
      String table = m.get("table").asText();
      String partition = m.get("partition").asText();
      Path stagedPartition = new Path(new Path(runDir, table), partition);
      if (!fs.exists(stagedPartition)) {
        continue;
      }
      Path target = new Path(new Path(outputRoot, table), partition);
      fs.mkdirs(target.getParent());
      if (fs.exists(target)) {
        moveAside(fs, runDir, target, table + "/" + partition);
      }
      rename(fs, stagedPartition, target);
    }
    RunManifest.writeAtomically(fs, RunManifest.path(outputRoot, asOf), (ObjectNode) journal.get("manifest"));
    fs.delete(runDir, true);
  }

  private static void moveAside(FileSystem fs, Path runDir, Path target, String name) throws IOException {
    Path aside = new Path(new Path(runDir, REPLACED), name);
    fs.mkdirs(aside.getParent());
    fs.delete(aside, true);
    rename(fs, target, aside);
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }

  /** Files, bytes and rows of a staged table; rows from the Parquet footers, so no Spark job reads the data again. */
  private RunManifest.TableFacts tableFacts(FileSystem fs, Path dir) throws IOException {
    long files = 0;
    long bytes = 0;
    long rows = 0;
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      if (f.getPath().getName().endsWith(".parquet")) {
        files++;
        bytes += f.getLen();
        try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromStatus(f, hadoopConf()))) {
          rows += footer.getRecordCount();
        }
      }
    }
    return new RunManifest.TableFacts(rows, files, bytes);
  }

  private FileSystem fs() throws IOException {
    return runDir.getFileSystem(hadoopConf());
  }

  private static FileSystem fileSystem(SparkSession spark, String outputRoot) {
    try {
      return new Path(outputRoot).getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UserError("cannot open the output location " + outputRoot + ": " + e.getMessage(), e);
    }
  }

  private Configuration hadoopConf() {
    return spark.sparkContext().hadoopConfiguration();
  }
}
