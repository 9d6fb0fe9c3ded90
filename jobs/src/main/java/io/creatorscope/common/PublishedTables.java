package io.creatorscope.common;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
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
public final class PublishedTables {
  private PublishedTables() {}

  /** The folder of a table's as_of_date partition. */
  public static Path partitionPath(String outputRoot, String table, LocalDate asOf) {
    return new Path(new Path(outputRoot, table), Columns.AS_OF_DATE + "=" + asOf);
  }

  /**
   * The as_of_date partitions of a table present under the output location, oldest first (empty when the table
   * has none). Readers of finished runs pick among {@link RunManifest#completeDates} instead.
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

  /** Reads one published as_of_date partition of a table. */
  public static Dataset<Row> readPartition(SparkSession spark, String outputRoot, String table, LocalDate asOf) {
    Path p = partitionPath(outputRoot, table, asOf);
    return spark.read().parquet(p.toString()).withColumn(Columns.AS_OF_DATE, functions.lit(asOf));
  }
}
