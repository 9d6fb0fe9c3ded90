package io.creatorscope.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The Iceberg {@link TableWriter}. A run writes each table on a branch of its own ({@code run_RUNID}, made from
 * the table's published snapshot when the run first writes the table), so nothing it writes is visible on the
 * tables' main branch, to this project's readers or to any other engine, before it commits. The commit then moves
 * each table's main branch to the run's branch and drops the branch: one Iceberg commit per table, metadata only.
 * The manifest, recording each table's new snapshot, is written last; readers read the snapshots the newest
 * complete manifests record ({@link PublishedTables}), so a reader never mixes two runs, even while one commits.
 *
 * <p>A run killed before its manifest leaves branches, and possibly some tables whose main moved: the next run
 * ({@link #start}, under the output lock) drops the branches and sets each table's main back to the snapshot the
 * manifests record (a table no manifest records is dropped). Files the killed run wrote are then unreferenced:
 * {@code maintain} removes such orphan files.
 */
final class IcebergTableWriter implements TableWriter {
  private static final String BRANCH_PREFIX = "run_";
  private final SparkSession spark;
  private final String outputRoot;
  private final IcebergTables tables;
  private final String branch;
  /** The tables written, each with the snapshot its branch started from (null for a new table). */
  private final Map<String, Long> written = new LinkedHashMap<>();

  private IcebergTableWriter(SparkSession spark, String outputRoot, IcebergTables tables, String runId) {
    this.spark = spark;
    this.outputRoot = outputRoot;
    this.tables = tables;
    this.branch = BRANCH_PREFIX + runId;
  }

  /** Opens the output's catalog, puts back what runs that are gone left (see the class comment) and starts a run. */
  static IcebergTableWriter start(SparkSession spark, String outputRoot, String runId, OutputFormat format) {
    IcebergTables tables = IcebergTables.open(spark, outputRoot, format);
    recover(tables, RunManifest.publishedSnapshots(spark, outputRoot));
    return new IcebergTableWriter(spark, outputRoot, tables, runId);
  }

  /** Drops every run branch and sets each table's main back to the snapshot the manifests record. */
  static void recover(IcebergTables tables, Map<String, Long> recorded) {
    for (String name : Tables.OUTPUTS) {
      Table table = tables.find(name).orElse(null);
      if (table == null) {
        continue;
      }
      Long published = recorded.get(name);
      if (published == null && table.currentSnapshot() != null) {
        System.err.println("dropping " + name + ": no complete run recorded it (a run was interrupted)");
        tables.drop(name);
        continue;
      }
      ManageSnapshots changes = table.manageSnapshots();
      boolean changed = false;
      for (String ref : table.refs().keySet()) {
        if (ref.startsWith(BRANCH_PREFIX)) {
          changes.removeBranch(ref);
          changed = true;
        }
      }
      if (published != null && table.currentSnapshot().snapshotId() != published) {
        System.err.println("setting " + name + " back to snapshot " + published + ", the newest a complete run "
            + "recorded (a run was interrupted while committing)");
        changes.setCurrentSnapshot(published);
        changed = true;
      }
      if (changed) {
        changes.commit();
      }
    }
  }

  /** The table's run branch, made on its first write from its published snapshot. */
  private String branchFor(TableSchema schema) {
    if (!written.containsKey(schema.table())) {
      Table table = tables.createIfMissing(schema);
      Snapshot base = table.currentSnapshot();
      table.manageSnapshots().createBranch(branch).commit();
      written.put(schema.table(), base == null ? null : base.snapshotId());
    }
    return tables.branchIdentifier(schema.table(), branch);
  }

  @Override
  public void replaceAsOf(TableSchema schema, Dataset<Row> rows, LocalDate asOf) {
    try {
      rows.writeTo(branchFor(schema)).overwrite(functions.col(Columns.AS_OF_DATE).equalTo(functions.lit(asOf)));
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("the branch " + branch + " of " + schema.table() + " is gone", e);
    }
  }

  @Override
  public void replacePartitions(TableSchema schema, Dataset<Row> rows, boolean wholeTable) {
    try {
      if (wholeTable) {
        rows.writeTo(branchFor(schema)).overwrite(functions.lit(true));
      } else {
        rows.writeTo(branchFor(schema)).overwritePartitions();
      }
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("the branch " + branch + " of " + schema.table() + " is gone", e);
    }
  }

  /**
   * {@code MERGE INTO} the branch on the table's key: the changed rows (each already the winner of its key, with
   * its observations summed) update the rows of their keys and insert the new keys; no other row is touched.
   */
  @Override
  public void upsertByKey(TableSchema schema, Dataset<Row> merged, Dataset<Row> changed) {
    String source = "_creatorscope_upsert_" + schema.table();
    changed.createOrReplaceTempView(source);
    try {
      String on = schema.key().stream().map(k -> "t." + k + " = s." + k)
          .reduce((a, b) -> a + " AND " + b).orElseThrow();
      spark.sql("MERGE INTO " + branchFor(schema) + " t USING " + source + " s ON " + on
          + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
    } finally {
      spark.catalog().dropTempView(source);
    }
  }

  @Override
  public boolean wrote(String table) {
    return written.containsKey(table);
  }

  @Override
  public Dataset<Row> readWritten(String table, LocalDate asOf) {
    return tables.readBranch(table, branch).filter(functions.col(Columns.AS_OF_DATE).equalTo(functions.lit(asOf)));
  }

  /** The partitions the run's snapshots of the table replaced: the rows they added. */
  @Override
  public Dataset<Row> readWrittenPartitions(TableSchema schema) {
    String partition = schema.factPartition();
    Dataset<Row> rows = tables.readBranch(schema.table(), branch);
    Table table = tables.find(schema.table()).orElseThrow();
    Long base = written.get(schema.table());
    List<LocalDate> days = new java.util.ArrayList<>();
    for (Snapshot s = table.snapshot(branch); s != null && !Long.valueOf(s.snapshotId()).equals(base);
        s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      for (org.apache.iceberg.DataFile f : s.addedDataFiles(table.io())) {
        days.add(LocalDate.ofEpochDay(f.partition().get(0, Integer.class)));
      }
    }
    return rows.filter(functions.col(partition).isin(days.stream().distinct().toArray()));
  }

  @Override
  public Dataset<Row> readFacts(TableSchema schema, LocalDate from, LocalDate to) {
    if (!wrote(schema.table())) {
      return PublishedTables.readFacts(spark, outputRoot, schema.table(), from, to);
    }
    return PublishedTables.within(tables.readBranch(schema.table(), branch), schema.factPartition(), from, to);
  }

  /** Moves each table's main to the run's branch (one commit per table), then writes the manifest. */
  @Override
  public ObjectNode commit(RunManifest.Builder manifest, LocalDate asOf) {
    Map<String, RunManifest.TableFacts> facts = new LinkedHashMap<>();
    int pauseAfter = CommitPause.after();
    for (Map.Entry<String, Long> e : written.entrySet()) {
      Table table = tables.find(e.getKey()).orElseThrow();
      Snapshot head = table.snapshot(branch);
      table.manageSnapshots().setCurrentSnapshot(head.snapshotId()).removeBranch(branch).commit();
      facts.put(e.getKey(), facts(table, head, e.getValue()));
      if (facts.size() == pauseAfter) {
        CommitPause.pause(facts.keySet());
      }
    }
    try {
      FileSystem fs = new org.apache.hadoop.fs.Path(outputRoot).getFileSystem(spark.sparkContext().hadoopConfiguration());
      ObjectNode content = manifest.build(asOf, RunManifest.read(fs, outputRoot, asOf), facts);
      RunManifest.writeAtomically(fs, RunManifest.path(outputRoot, asOf), content);
      return content;
    } catch (IOException e) {
      throw new UserError("cannot write the run manifest under " + outputRoot + ": " + e.getMessage()
          + " (the tables are committed; the next run sets them back to the last complete run)", e);
    }
  }

  /** Rows, files and bytes the run's snapshots of a table added (back to the snapshot its branch started from). */
  private static RunManifest.TableFacts facts(Table table, Snapshot head, Long base) {
    long rows = 0;
    long files = 0;
    long bytes = 0;
    for (Snapshot s = head; s != null && !Long.valueOf(s.snapshotId()).equals(base);
        s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      rows += summaryValue(s, SnapshotSummary.ADDED_RECORDS_PROP);
      files += summaryValue(s, SnapshotSummary.ADDED_FILES_PROP);
      bytes += summaryValue(s, SnapshotSummary.ADDED_FILE_SIZE_PROP);
    }
    return new RunManifest.TableFacts(rows, files, bytes, head.snapshotId(), head.sequenceNumber());
  }

  private static long summaryValue(Snapshot s, String key) {
    return s.summary() == null ? 0 : Long.parseLong(s.summary().getOrDefault(key, "0"));
  }

  /** Drops the run's branches; the tables' main branches never saw the run. */
  @Override
  public void abandon(Throwable failure) {
    for (String name : written.keySet()) {
      try {
        tables.find(name).ifPresent(t -> {
          if (t.refs().containsKey(branch)) {
            t.manageSnapshots().removeBranch(branch).commit();
          }
        });
      } catch (RuntimeException e) {
        failure.addSuppressed(new IllegalStateException("cannot drop branch " + branch + " of " + name, e));
      }
    }
  }
}
