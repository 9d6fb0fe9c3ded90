package io.creatorscope.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import io.creatorscope.common.Columns;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Tables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * What earlier ingest batches took from each input file (the {@code ingest_log} table), and what the next batch
 * must read. The rule, per input file:
 *
 * <ul>
 *   <li>a file no batch has read (a new hive partition, a new flat file, or a late file for a day already ingested)
 *       is read whole: its rows dated up to the as-of date are ingested, later ones are counted as after the
 *       as-of date and left for a later batch;
 *   <li>a file read before whose rows are all ingested (its newest date is on or before its through date, or the
 *       as-of date is) is not read at all;
 *   <li>a file read before that still holds later rows is read for the rows dated after its through date only: a
 *       filter on the date column that Spark pushes into the Parquet reader, so row groups whose statistics lie
 *       wholly before are skipped;
 *   <li>a file that changed (length or modification time) or disappeared since it was read makes the batch a full
 *       ingest: every file is read again and the curated tables are rebuilt, because rows already merged cannot be
 *       taken back out.
 * </ul>
 *
 * A first run (no log) and {@code --full} are full ingests too. The state of a file is its newest log row since the
 * last full ingest.
 */
final class IngestLog {
  /** What a batch reads of one file: every row ({@code after} null) or the rows dated after {@code after}. */
  record Read(FileStatus file, LocalDate after) {}

  /** The files a batch reads, per input table, and whether it is a full ingest (and why). */
  record Plan(boolean full, String why, List<Read> profiles, List<Read> posts, List<Read> audiences) {}

  /** A file's state after the batches so far. */
  record Entry(long bytes, long modifiedAt, LocalDate newestDate, LocalDate throughDate) {}

  private final Map<String, Map<String, Entry>> byTable;

  private IngestLog(Map<String, Map<String, Entry>> byTable) {
    this.byTable = byTable;
  }

  /** The published log of {@code outputRoot} (complete runs only); empty before the first ingest. */
  static IngestLog read(SparkSession spark, String outputRoot) {
    Map<String, Map<String, Entry>> byTable = new HashMap<>();
    List<LocalDate> dates = new ArrayList<>(RunManifest.completeDates(spark, outputRoot, Tables.INGEST_LOG));
    if (dates.isEmpty()) {
      return new IngestLog(byTable);
    }
    Dataset<Row> log = PublishedTables.readPartitions(spark, outputRoot, Tables.INGEST_LOG, dates);
    // The newest full ingest as a one-row aggregate beside every row: a window over the whole log (no partition)
    // made Spark warn on every daily run that it moves all rows to one partition.
    Dataset<Row> lastFull = log.filter(col("full_ingest")).agg(max(col("ingested_at")).as("_last_full"));
    Dataset<Row> sinceFull = log.crossJoin(lastFull)
        .filter(col("ingested_at").geq(col("_last_full")))
        .withColumn("_n", row_number().over(Window.partitionBy(col("input_table"), col("file"))
            .orderBy(col("ingested_at").desc(), col("through_date").desc())))
        .filter(col("_n").equalTo(1));
    for (Row r : sinceFull.select("input_table", "file", "bytes", "modified_at", "newest_date", "through_date")
        .collectAsList()) {
      byTable.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1),
          new Entry(r.getLong(2), r.getLong(3), r.isNullAt(4) ? null : r.getLocalDate(4), r.getLocalDate(5)));
    }
    return new IngestLog(byTable);
  }

  boolean isEmpty() {
    return byTable.isEmpty();
  }

  /** The newest date of a file as logged, when it is logged unchanged and the log knows it; else null. */
  LocalDate newestDate(String table, FileStatus file) {
    Entry e = byTable.getOrDefault(table, Map.of()).get(file.getPath().toString());
    return e != null && unchanged(e, file) ? e.newestDate() : null;
  }

  /** Whether an earlier batch read files of {@code table} (an optional input that was there before). */
  boolean has(String table) {
    return !byTable.getOrDefault(table, Map.of()).isEmpty();
  }

  /** What a batch for {@code asOf} reads of the listed input files (see the class comment). */
  Plan plan(List<FileStatus> profiles, List<FileStatus> posts, List<FileStatus> audiences, LocalDate asOf,
      boolean fullRequested) {
    if (fullRequested) {
      return full("--full", profiles, posts, audiences);
    }
    if (byTable.isEmpty()) {
      return full("first ingest into this output", profiles, posts, audiences);
    }
    List<Read> profileReads = new ArrayList<>();
    List<Read> postReads = new ArrayList<>();
    List<Read> audienceReads = new ArrayList<>();
    String changed = reads(Tables.PROFILES, profiles, asOf, profileReads);
    if (changed == null) {
      changed = reads(Tables.POSTS, posts, asOf, postReads);
    }
    if (changed == null) {
      changed = reads(Tables.AUDIENCES, audiences, asOf, audienceReads);
    }
    if (changed != null) {
      return full(changed, profiles, posts, audiences);
    }
    return new Plan(false, "incremental", profileReads, postReads, audienceReads);
  }

  /** Adds the reads of one table's files; returns why the batch must be full instead, or null. */
  private String reads(String table, List<FileStatus> files, LocalDate asOf, List<Read> out) {
    Map<String, Entry> known = byTable.getOrDefault(table, Map.of());
    Set<String> listed = new HashSet<>();
    for (FileStatus f : files) {
      String path = f.getPath().toString();
      listed.add(path);
      Entry e = known.get(path);
      if (e == null) {
        out.add(new Read(f, null));
      } else if (!unchanged(e, f)) {
        return table + " file changed since it was ingested: " + path;
      } else if (asOf.isAfter(e.throughDate())
          && (e.newestDate() == null || e.newestDate().isAfter(e.throughDate()))) {
        out.add(new Read(f, e.throughDate()));
      }
    }
    for (String path : known.keySet()) {
      if (!listed.contains(path)) {
        return table + " file removed since it was ingested: " + path;
      }
    }
    return null;
  }

  private static boolean unchanged(Entry e, FileStatus f) {
    return e.bytes() == f.getLen() && e.modifiedAt() == f.getModificationTime();
  }

  private static Plan full(String why, List<FileStatus> profiles, List<FileStatus> posts,
      List<FileStatus> audiences) {
    return new Plan(true, why, whole(profiles), whole(posts), whole(audiences));
  }

  private static List<Read> whole(List<FileStatus> files) {
    return files.stream().map(f -> new Read(f, null)).toList();
  }

  /** The log rows of a batch: every file it read, ingested through {@code asOf}. */
  static Dataset<Row> rows(SparkSession spark, String table, List<InputFile> read, LocalDate asOf, boolean full,
      Instant startedAt) {
    List<Row> rows = new ArrayList<>();
    for (InputFile f : read) {
      rows.add(RowFactory.create(table, f.path(), f.bytes(), f.modifiedAt(), f.newestDate(), asOf, full, startedAt));
    }
    return spark.createDataFrame(rows, Tables.output(Tables.INGEST_LOG).fileStructType())
        .withColumn(Columns.AS_OF_DATE, lit(asOf));
  }
}
