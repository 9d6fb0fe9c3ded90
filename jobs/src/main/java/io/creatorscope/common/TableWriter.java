package io.creatorscope.common;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Writes one as_of_date partition of an output table in two phases: {@link #stage} writes the files into a
 * staging folder outside the table, {@link Staged#commit} moves them into place. Readers never see a
 * half-written partition, and a failed job leaves the previous partition untouched.
 *
 * <p>Layout: {@code OUTPUT/TABLE/as_of_date=YYYY-MM-DD/[more partitions/]part-*.parquet}; staging lives in
 * {@code OUTPUT/_staging/} so no engine globbing the table folder picks up unfinished files.
 */
public final class TableWriter {
  /** Rows per output file at most, so large partitions split into files of a few hundred MB at most. */
  public static final long MAX_RECORDS_PER_FILE = 5_000_000L;

  private final SparkSession spark;
  private final String outputRoot;
  private final String runId;

  public TableWriter(SparkSession spark, String outputRoot) {
    this.spark = spark;
    this.outputRoot = outputRoot;
    this.runId = UUID.randomUUID().toString().substring(0, 8);
  }

  public String outputRoot() {
    return outputRoot;
  }

  /** The folder of a table's as_of_date partition. */
  public static Path partitionPath(String outputRoot, String table, LocalDate asOf) {
    return new Path(new Path(outputRoot, table), Columns.AS_OF_DATE + "=" + asOf);
  }

  /**
   * Writes {@code rows} (conformed to the table's declared schema, as_of_date set to {@code asOf}) into staging.
   * Partition columns other than as_of_date (declared in the schema) become sub-folders.
   */
  public Staged stage(TableSchema schema, Dataset<Row> rows, LocalDate asOf) {
    Dataset<Row> conformed = schema.conform(rows.withColumn(Columns.AS_OF_DATE, functions.lit(asOf)))
        .drop(Columns.AS_OF_DATE);
    Path staging = new Path(new Path(new Path(outputRoot, "_staging"), schema.table()), asOf + "-" + runId);
    String[] subPartitions = schema.partitionedBy().stream()
        .filter(p -> !p.equals(Columns.AS_OF_DATE))
        .toArray(String[]::new);
    conformed.write()
        .mode("errorifexists")
        .option("maxRecordsPerFile", MAX_RECORDS_PER_FILE)
        .partitionBy(subPartitions)
        .parquet(staging.toString());
    return new Staged(schema.table(), asOf, staging);
  }

  /** Stages and commits at once, for tables with no check between the two. */
  public Path write(TableSchema schema, Dataset<Row> rows, LocalDate asOf) {
    return stage(schema, rows, asOf).commit();
  }

  /** A staged, not yet visible, table partition. */
  public final class Staged {
    private final String table;
    private final LocalDate asOf;
    private final Path staging;

    private Staged(String table, LocalDate asOf, Path staging) {
      this.table = table;
      this.asOf = asOf;
      this.staging = staging;
    }

    public String path() {
      return staging.toString();
    }

    /** Reads the staged rows back (for checks before commit). */
    public Dataset<Row> read() {
      return spark.read().parquet(staging.toString());
    }

    /**
     * Moves the staged files into place, replacing the previous partition for the same as_of_date. The old
     * partition is first renamed aside, then the new one renamed in, then the old one deleted; renames of
     * folders are atomic on HDFS and local disks.
     */
    public Path commit() {
      Path target = partitionPath(outputRoot, table, asOf);
      try {
        FileSystem fs = target.getFileSystem(hadoopConf());
        fs.mkdirs(target.getParent());
        Path replaced = new Path(staging.getParent(), asOf + "-" + runId + "-replaced");
        boolean hadOld = fs.exists(target);
        if (hadOld && !fs.rename(target, replaced)) {
          throw new IOException("cannot move aside " + target);
        }
        if (!fs.rename(staging, target)) {
          if (hadOld) {
            fs.rename(replaced, target);
          }
          throw new IOException("cannot move " + staging + " to " + target);
        }
        if (hadOld) {
          fs.delete(replaced, true);
        }
        return target;
      } catch (IOException e) {
        throw new UserError("cannot publish table " + table + " for " + asOf + ": " + e.getMessage(), e);
      }
    }

    /** Drops the staged files (the job failed a check). */
    public void abort() {
      try {
        staging.getFileSystem(hadoopConf()).delete(staging, true);
      } catch (IOException e) {
        throw new IllegalStateException("cannot delete staging folder " + staging, e);
      }
    }
  }

  private Configuration hadoopConf() {
    return spark.sparkContext().hadoopConfiguration();
  }

  /**
   * The as_of_date partitions of a table present under the output location, oldest first (empty when the table
   * has none). Every reader that picks dates (the jobs' latest date, the query command's views) goes through here.
   */
  public static List<LocalDate> asOfDates(SparkSession spark, String outputRoot, String table) {
    Path dir = new Path(outputRoot, table);
    String prefix = Columns.AS_OF_DATE + "=";
    List<LocalDate> dates = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(dir)) {
        for (FileStatus st : fs.listStatus(dir)) {
          String name = st.getPath().getName();
          if (st.isDirectory() && name.startsWith(prefix)) {
            dates.add(LocalDate.parse(name.substring(prefix.length())));
          }
        }
      }
    } catch (IOException | DateTimeParseException e) {
      throw new UserError(dir + ": cannot list the table's as_of_date partitions (" + e.getMessage() + ")", e);
    }
    Collections.sort(dates);
    return dates;
  }

  /** The newest as_of_date partition of a table, or a user error when the table has none. */
  public static LocalDate latestAsOf(SparkSession spark, String outputRoot, String table) {
    List<LocalDate> dates = asOfDates(spark, outputRoot, table);
    if (dates.isEmpty()) {
      throw new UserError(new Path(outputRoot, table) + ": no as_of_date partition; run the pipeline first");
    }
    return dates.get(dates.size() - 1);
  }

  /** Reads one as_of_date partition of a table written by this class. */
  public static Dataset<Row> readPartition(SparkSession spark, String outputRoot, String table, LocalDate asOf) {
    Path p = partitionPath(outputRoot, table, asOf);
    return spark.read().parquet(p.toString()).withColumn(Columns.AS_OF_DATE, functions.lit(asOf));
  }
}
