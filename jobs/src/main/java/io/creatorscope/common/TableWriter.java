package io.creatorscope.common;

import java.io.IOException;
import java.time.LocalDate;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Where the published partitions of the output tables live, and how to read them:
 * {@code OUTPUT/TABLE/as_of_date=YYYY-MM-DD/[more partitions/]part-*.parquet}. Writing goes through
 * {@link OutputRun}, which publishes a run's partitions together.
 */
public final class TableWriter {
  private TableWriter() {}

  /** The folder of a table's as_of_date partition. */
  public static Path partitionPath(String outputRoot, String table, LocalDate asOf) {
    return new Path(new Path(outputRoot, table), Columns.AS_OF_DATE + "=" + asOf);
  }

  /** The newest as_of_date partition of a table, or a user error when the table has none. */
  public static LocalDate latestAsOf(SparkSession spark, String outputRoot, String table) {
    Path dir = new Path(outputRoot, table);
    LocalDate latest = null;
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(dir)) {
        for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(dir)) {
          String name = st.getPath().getName();
          if (st.isDirectory() && name.startsWith(Columns.AS_OF_DATE + "=")) {
            LocalDate d = LocalDate.parse(name.substring(Columns.AS_OF_DATE.length() + 1));
            latest = latest == null || d.isAfter(latest) ? d : latest;
          }
        }
      }
    } catch (IOException | java.time.format.DateTimeParseException e) {
      throw new UserError(dir + ": cannot list the table's as_of_date partitions (" + e.getMessage() + ")", e);
    }
    if (latest == null) {
      throw new UserError(dir + ": no as_of_date partition; run the pipeline first");
    }
    return latest;
  }

  /** Reads one as_of_date partition of a table written by this class. */
  public static Dataset<Row> readPartition(SparkSession spark, String outputRoot, String table, LocalDate asOf) {
    Path p = partitionPath(outputRoot, table, asOf);
    return spark.read().parquet(p.toString()).withColumn(Columns.AS_OF_DATE, functions.lit(asOf));
  }
}
