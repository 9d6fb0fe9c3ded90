package io.creatorscope.common;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Where the published partitions of the output tables live, and how to read them:
 * {@code OUTPUT/TABLE/as_of_date=YYYY-MM-DD/[more partitions/]part-*.parquet} for tables replaced by as-of date,
 * {@code OUTPUT/TABLE/snapshot_date=YYYY-MM-DD/} (or {@code posted_date=}) for the curated fact tables. Writing
 * goes through {@link OutputRun}, which publishes a run's partitions together; which dates are complete,
 * {@link RunManifest}.
 */
public final class PublishedTables {
  private PublishedTables() {}

  /** The folder of a table's as_of_date partition. */
  public static Path partitionPath(String outputRoot, String table, LocalDate asOf) {
    return new Path(new Path(outputRoot, table), Columns.AS_OF_DATE + "=" + asOf);
  }

  /** Reads one published as_of_date partition of a table. */
  public static Dataset<Row> readPartition(SparkSession spark, String outputRoot, String table, LocalDate asOf) {
    return read(spark, table, partitionPath(outputRoot, table, asOf), asOf);
  }

  /**
   * Reads several published as_of_date partitions of a table in one scan, with the table's declared schema (the
   * date comes from the folder names).
   */
  public static Dataset<Row> readPartitions(SparkSession spark, String outputRoot, String table,
      List<LocalDate> dates) {
    return spark.read().schema(Tables.output(table).structType())
        .option("basePath", new Path(outputRoot, table).toString())
        .parquet(dates.stream().map(d -> partitionPath(outputRoot, table, d).toString()).toArray(String[]::new));
  }

  /**
   * Reads the published rows of a fact table whose partition date lies in [{@code from}, {@code to}] (null = open);
   * only those partitions' folders are listed and read.
   */
  public static Dataset<Row> readFacts(SparkSession spark, String outputRoot, String table, LocalDate from,
      LocalDate to) {
    TableSchema schema = Tables.output(table);
    Path root = new Path(outputRoot, table);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      List<String> paths = partitions(fs, root, schema.factPartition()).entrySet().stream()
          .filter(e -> (from == null || !e.getKey().isBefore(from)) && (to == null || !e.getKey().isAfter(to)))
          .map(e -> e.getValue().toString())
          .toList();
      return readFolders(spark, schema, root, paths);
    } catch (IOException e) {
      throw new UserError("cannot list the partitions of " + root + ": " + e.getMessage(), e);
    }
  }

  /** The dates of a fact table's published partitions, oldest first. */
  public static List<LocalDate> partitionDates(FileSystem fs, Path tableDir, String column) throws IOException {
    return List.copyOf(partitions(fs, tableDir, column).keySet());
  }

  /**
   * Reads the files of one as_of_date partition (published or staged) of a table in its declared schema, and adds
   * the date back as a column. Declared, not inferred: an empty table partitioned below as_of_date has no file.
   */
  static Dataset<Row> read(SparkSession spark, String table, Path partition, LocalDate asOf) {
    StructField[] stored = Arrays.stream(Tables.output(table).structType().fields())
        .filter(f -> !f.name().equals(Columns.AS_OF_DATE))
        .toArray(StructField[]::new);
    return spark.read().schema(new StructType(stored)).parquet(partition.toString())
        .withColumn(Columns.AS_OF_DATE, functions.lit(asOf));
  }

  /** The {@code column=YYYY-MM-DD} folders under a fact table's folder, by date (none when it does not exist). */
  static Map<LocalDate, Path> partitions(FileSystem fs, Path tableDir, String column) throws IOException {
    Map<LocalDate, Path> out = new TreeMap<>();
    if (!fs.exists(tableDir)) {
      return out;
    }
    String prefix = column + "=";
    for (FileStatus st : fs.listStatus(tableDir)) {
      String name = st.getPath().getName();
      if (st.isDirectory() && name.startsWith(prefix)) {
        try {
          out.put(LocalDate.parse(name.substring(prefix.length())), st.getPath());
        } catch (DateTimeParseException e) {
          throw new IOException("unexpected partition folder " + st.getPath(), e);
        }
      }
    }
    return out;
  }

  /** Reads partition folders of a fact table under {@code base} with its declared schema; no folder, no rows. */
  static Dataset<Row> readFolders(SparkSession spark, TableSchema schema, Path base, List<String> folders) {
    if (folders.isEmpty()) {
      return spark.createDataFrame(List.of(), schema.structType());
    }
    return spark.read().schema(schema.structType()).option("basePath", base.toString())
        .parquet(folders.toArray(new String[0]))
        .select(schema.columnNames().stream().map(functions::col).toArray(org.apache.spark.sql.Column[]::new));
  }
}
