package io.creatorscope.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * Table maintenance of an Iceberg output, the {@code maintain} command: daily runs make small files and many
 * snapshots. Per table, under the output lock (so no run writes meanwhile) and after setting back what an
 * interrupted run left:
 *
 * <ol>
 *   <li>rewrite small data files into larger ones (Iceberg's bin-pack rewrite; the rows do not change), and record
 *       the new snapshot in the manifest that recorded the one it replaces, so readers read the compacted files;
 *   <li>expire the snapshots older than the retention (the newest one always stays): their files are deleted, and
 *       {@code query --as-of} a date whose snapshots expired reads that date's rows from the newest snapshot;
 *   <li>remove orphan files older than the retention: files no snapshot references, e.g. a killed run's.
 * </ol>
 */
public final class MaintainTables {
  /** Snapshots and orphan files younger than this many days stay. */
  public static final long RETENTION_DAYS_DEFAULT = 7;
  /** A file smaller than this is rewritten (with others of its partition). */
  public static final long TARGET_FILE_BYTES_DEFAULT = 128L * 1024 * 1024;

  private final SparkSession spark;
  private final String outputRoot;
  private final Duration retention;

  /** What maintenance did to one table. */
  public record TableResult(String table, int filesRewritten, int filesAdded, long snapshotsExpired,
      long dataFilesDeleted, long orphanFilesRemoved) {
    public String line() {
      return String.format("%-24s files rewritten %d -> %d, snapshots expired %d (data files deleted %d), "
          + "orphan files removed %d", table, filesRewritten, filesAdded, snapshotsExpired, dataFilesDeleted,
          orphanFilesRemoved);
    }
  }

  public MaintainTables(SparkSession spark, String outputRoot, Duration retention) {
    if (retention.isNegative()) {
      throw new UserError("the retention must not be negative, got " + retention);
    }
    this.spark = spark;
    this.outputRoot = outputRoot;
    this.retention = retention;
  }

  /** Maintains every table of the output; one result per table, in the pipeline's order. */
  public List<TableResult> execute() {
    OutputFormat format = RunManifest.formatOf(spark, outputRoot)
        .orElseThrow(() -> new UserError(outputRoot + ": no complete run (no manifest under " + RunManifest.FOLDER
            + "/); nothing to maintain"));
    if (!format.iceberg()) {
      throw new UserError(outputRoot + " holds Parquet outputs; maintain works on Iceberg tables (--format iceberg)");
    }
    String runId = "maintain-" + UUID.randomUUID().toString().substring(0, 8);
    try (OutputLock lock = OutputLock.acquire(fileSystem(), outputRoot, runId)) {
      IcebergTables tables = IcebergTables.open(spark, outputRoot, format);
      IcebergTableWriter.recover(tables, RunManifest.publishedSnapshots(spark, outputRoot));
      long cutoff = Instant.now().minus(retention).toEpochMilli();
      List<TableResult> results = new ArrayList<>();
      for (String name : Tables.OUTPUTS) {
        Table table = tables.find(name).orElse(null);
        if (table != null && table.currentSnapshot() != null) {
          results.add(maintain(name, table, cutoff, lock));
        }
      }
      return List.copyOf(results);
    }
  }

  private TableResult maintain(String name, Table table, long cutoff, OutputLock lock) {
    long before = table.currentSnapshot().snapshotId();
    RewriteDataFiles.Result rewritten = SparkActions.get(spark).rewriteDataFiles(table)
        .option(RewriteDataFiles.TARGET_FILE_SIZE_BYTES, String.valueOf(TARGET_FILE_BYTES_DEFAULT))
        .option("min-input-files", "2")
        .execute();
    table.refresh();
    Snapshot after = table.currentSnapshot();
    if (after.snapshotId() != before) {
      lock.checkHeld();
      recordCompacted(name, before, after);
    }
    var expired = SparkActions.get(spark).expireSnapshots(table).expireOlderThan(cutoff).retainLast(1).execute();
    var orphans = SparkActions.get(spark).deleteOrphanFiles(table).olderThan(cutoff).execute();
    return new TableResult(name, rewritten.rewrittenDataFilesCount(), rewritten.addedDataFilesCount(),
        expired.deletedManifestListsCount(), expired.deletedDataFilesCount(),
        java.util.stream.StreamSupport.stream(orphans.orphanFileLocations().spliterator(), false).count());
  }

  /** Replaces the snapshot {@code before} by the compacted one in every manifest recording it. */
  private void recordCompacted(String table, long before, Snapshot after) {
    try {
      FileSystem fs = fileSystem();
      Map<LocalDate, ObjectNode> manifests = new TreeMap<>(RunManifest.complete(spark, outputRoot));
      for (Map.Entry<LocalDate, ObjectNode> e : manifests.entrySet()) {
        ObjectNode entry = (ObjectNode) e.getValue().path("tables").get(table);
        if (entry != null && entry.path(RunManifest.SNAPSHOT_ID).asLong() == before) {
          entry.put(RunManifest.SNAPSHOT_ID, after.snapshotId());
          entry.put(RunManifest.SEQUENCE_NUMBER, after.sequenceNumber());
          RunManifest.writeAtomically(fs, RunManifest.path(outputRoot, e.getKey()), e.getValue());
        }
      }
    } catch (IOException e) {
      throw new UserError("cannot record the compacted snapshot of " + table + " under " + outputRoot + ": "
          + e.getMessage() + " (readers keep reading the snapshot before; rerun maintain)", e);
    }
  }

  private FileSystem fileSystem() {
    try {
      return new Path(outputRoot).getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UserError("cannot open the output location " + outputRoot + ": " + e.getMessage(), e);
    }
  }
}
