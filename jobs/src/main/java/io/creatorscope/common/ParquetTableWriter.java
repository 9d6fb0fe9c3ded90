package io.creatorscope.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The Parquet {@link TableWriter}: one run's writes to an output location, published all at once. Every table partition the run writes is staged
 * under {@code OUTPUT/_staging/RUN_ID/TABLE/}; later jobs of the same run read the staged version; {@link #commit} then
 * publishes them together with the run's manifest:
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
 * <p>How each table's rows replace what it holds is its {@link WriteMode}: {@link #replaceAsOf} for
 * {@link WriteMode#REPLACE_AS_OF}, {@link #replacePartitions} for the fact tables.
 *
 * <p>A run killed before step 1 leaves the previous outputs and manifest exactly as they were (its staging folder
 * is garbage, removed by the next run). A run killed after step 1 is rolled forward by the next run that writes
 * to the location ({@link #recover}): the journal says what is left to move. Folder renames are atomic on HDFS and
 * local disks, so a table partition is never a mix of old and new files.
 *
 * <p>{@link OutputRun} holds the location's {@link OutputLock} from before recovery to after the commit, so
 * recovery only ever touches the files of runs that are gone. A run that fails in any way deletes its staging
 * folder ({@link #abandon}), unless its journal is written: then the next run rolls it forward.
 */
final class ParquetTableWriter implements TableWriter {
  static final String JOURNAL = "_COMMITTING.json";
  static final String REPLACED = "_replaced";

  /** Rows per output file at most, so large partitions split into files of a few hundred MB at most. */
  static final long MAX_RECORDS_PER_FILE = OutputRun.MAX_RECORDS_PER_FILE;

  private final SparkSession spark;
  private final String outputRoot;
  private final Path runDir;
  private final Map<String, Path> staged = new LinkedHashMap<>();
  /** Fact tables staged by partition, and whether the staged partitions are the whole table (a full ingest). */
  private final Map<String, Boolean> stagedFacts = new LinkedHashMap<>();
  private boolean journaled;

  ParquetTableWriter(SparkSession spark, String outputRoot, String runId) {
    this.spark = spark;
    this.outputRoot = outputRoot;
    this.runDir = new Path(new Path(outputRoot, OutputRun.STAGING), runId);
  }

  /**
   * Writes {@code rows} as the table's {@code asOf} partition into this run's staging folder. Partition columns
   * other than as_of_date become sub-folders.
   */
  @Override
  public void replaceAsOf(TableSchema schema, Dataset<Row> rows, LocalDate asOf) {
    Path target = new Path(runDir, schema.table());
    String[] subPartitions = schema.partitionedBy().stream()
        .filter(p -> !p.equals(Columns.AS_OF_DATE))
        .toArray(String[]::new);
    rows.drop(Columns.AS_OF_DATE).write()
        .mode("overwrite")
        .option("maxRecordsPerFile", MAX_RECORDS_PER_FILE)
        .partitionBy(subPartitions)
        .parquet(target.toString());
    staged.put(schema.table(), target);
  }

  /**
   * Stages complete partitions of a fact table (one folder per value of its partition column, each file set sorted
   * into its folder by one task). At commit each replaces the published partition of the same value; with {@code
   * wholeTable} the published partitions the run did not stage are dropped, so the staged rows become the table.
   */
  @Override
  public void replacePartitions(TableSchema schema, Dataset<Row> rows, boolean wholeTable) {
    String partition = schema.factPartition();
    Path target = new Path(runDir, schema.table());
    rows
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
  @Override
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

  @Override
  public Dataset<Row> readWrittenPartitions(TableSchema schema) {
    Path dir = staged.get(schema.table());
    try {
      List<String> folders = PublishedTables.partitions(fs(), dir, schema.factPartition()).values().stream()
          .map(Path::toString).toList();
      return PublishedTables.readFolders(spark, schema, dir, folders);
    } catch (IOException e) {
      throw new UserError("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** A folder per partition: the touched partitions, merged, replace the published ones. */
  @Override
  public void upsertByKey(TableSchema schema, Dataset<Row> merged, Dataset<Row> changed) {
    replacePartitions(schema, merged, false);
  }

  @Override
  public boolean wrote(String table) {
    return staged.containsKey(table);
  }

  @Override
  public Dataset<Row> readWritten(String table, LocalDate asOf) {
    return PublishedTables.read(spark, table, staged.get(table), asOf);
  }

  /**
   * After {@code failure}, deletes everything this run staged (the published outputs are untouched), unless the
   * journal is written: then the next run finishes the publication.
   */
  @Override
  public void abandon(Throwable failure) {
    try {
      if (!journaled) {
        fs().delete(runDir, true);
      }
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(new IllegalStateException("cannot delete staging folder " + runDir, e));
    }
  }

  /** Publishes every staged table and then the manifest (see the class comment); returns the manifest written. */
  @Override
  public ObjectNode commit(RunManifest.Builder manifest, LocalDate asOf) {
    ObjectNode journal = prepareCommit(manifest, asOf);
    try {
      rollForward(fs(), outputRoot, runDir, journal);
    } catch (IOException e) {
      throw new UserError("cannot publish the run's tables under " + outputRoot + ": " + e.getMessage()
          + " (the next run on this output finishes the publication)", e);
    }
    return (ObjectNode) journal.get("manifest");
  }

  /** Step 1 of the commit: measures the staged tables and writes the journal. From here the run rolls forward. */
  ObjectNode prepareCommit(RunManifest.Builder manifest, LocalDate asOf) {
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
  static void recover(FileSystem fs, String outputRoot) {
    Path staging = new Path(outputRoot, OutputRun.STAGING);
    try {
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
    List<LocatedFileStatus> parquet = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      if (f.getPath().getName().endsWith(".parquet")) {
        parquet.add(f);
      }
    }
    // A fact table has a file per day at least (160 on the sample): their footers are read on the driver's
    // cores together, not one after another.
    try {
      long rows = parquet.parallelStream().mapToLong(this::rowCount).sum();
      return new RunManifest.TableFacts(rows, parquet.size(), parquet.stream().mapToLong(FileStatus::getLen).sum());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private long rowCount(FileStatus file) {
    try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromStatus(file, hadoopConf()))) {
      return footer.getRecordCount();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private FileSystem fs() throws IOException {
    return runDir.getFileSystem(hadoopConf());
  }

  private Configuration hadoopConf() {
    return spark.sparkContext().hadoopConfiguration();
  }

}
