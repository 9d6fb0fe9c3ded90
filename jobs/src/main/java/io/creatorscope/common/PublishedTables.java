package io.creatorscope.common;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Where the published partitions of the output tables live, and how to read them, in either format. Parquet:
 * {@code OUTPUT/TABLE/as_of_date=YYYY-MM-DD/[more partitions/]part-*.parquet} for tables replaced by as-of date,
 * {@code OUTPUT/TABLE/snapshot_date=YYYY-MM-DD/} (or {@code posted_date=}) for the curated fact tables. Iceberg:
 * the snapshots the complete runs' manifests record, read by time travel ({@link IcebergTables}). Writing
 * goes through {@link OutputRun}, which publishes a run's partitions together; which dates are complete,
 * {@link RunManifest}.
 */
public final class PublishedTables {
  private PublishedTables() {}

  /** The folder of a table's as_of_date partition. */
  public static Path partitionPath(String outputRoot, String table, LocalDate asOf) {
    return new Path(new Path(outputRoot, table), Columns.AS_OF_DATE + "=" + asOf);
  }

  /**
   * Reads one published as_of_date partition of a table; of an Iceberg table, from the newest snapshot a complete
   * run recorded (runs of other dates leave a date's partition as its own run wrote it).
   */
  public static Dataset<Row> readPartition(SparkSession spark, String outputRoot, String table, LocalDate asOf) {
    Optional<Dataset<Row>> iceberg = published(spark, outputRoot, table);
    if (iceberg.isPresent()) {
      return iceberg.get().filter(functions.col(Columns.AS_OF_DATE).equalTo(functions.lit(asOf)));
    }
    return read(spark, table, partitionPath(outputRoot, table, asOf), asOf);
  }

  /**
   * An Iceberg output's table as the complete run of {@code asOf} left it (time travel to the snapshot its manifest
   * records): the as_of_date partition of a table replaced by date, a fact table whole. Empty for Parquet outputs
   * and for tables the run did not record.
   */
  public static Optional<Dataset<Row>> asOfRun(SparkSession spark, String outputRoot, String table, LocalDate asOf) {
    Optional<OutputFormat> format = RunManifest.formatOf(spark, outputRoot);
    Optional<Long> snapshot = RunManifest.snapshotAsOf(spark, outputRoot, table, asOf);
    if (format.isEmpty() || !format.get().iceberg() || snapshot.isEmpty()) {
      return Optional.empty();
    }
    IcebergTables tables = IcebergTables.open(spark, outputRoot, format.get());
    if (tables.find(table).map(t -> t.snapshot(snapshot.get()) == null).orElse(true)) {
      System.err.println("note: the snapshot of " + table + " that the run of " + asOf + " committed has expired "
          + "(maintain); reading the newest one");
      return Optional.empty();
    }
    Dataset<Row> rows = tables.readSnapshot(table, snapshot.get());
    return Optional.of(Tables.output(table).writeMode() == WriteMode.REPLACE_AS_OF
        ? rows.filter(functions.col(Columns.AS_OF_DATE).equalTo(functions.lit(asOf))) : rows);
  }

  /** Whether a table has a published partition for {@code asOf}. */
  public static boolean hasPartition(SparkSession spark, String outputRoot, String table, LocalDate asOf)
      throws IOException {
    Optional<OutputFormat> format = RunManifest.formatOf(spark, outputRoot);
    if (format.isPresent() && format.get().iceberg()) {
      return RunManifest.snapshotAsOf(spark, outputRoot, table, asOf).isPresent();
    }
    Path partition = partitionPath(outputRoot, table, asOf);
    return partition.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(partition);
  }

  /**
   * An Iceberg table of the output as of a snapshot (the newest complete run's when empty), in its declared
   * columns; no snapshot, no rows.
   */
  static Dataset<Row> atSnapshot(SparkSession spark, String outputRoot, OutputFormat format, String table,
      Optional<Long> snapshot) {
    if (snapshot.isEmpty()) {
      return spark.createDataFrame(List.of(), Tables.output(table).structType());
    }
    return IcebergTables.open(spark, outputRoot, format).readSnapshot(table, snapshot.get());
  }

  /** The newest complete run's snapshot of an Iceberg table, when the output is in Iceberg. */
  private static Optional<Dataset<Row>> published(SparkSession spark, String outputRoot, String table) {
    Optional<OutputFormat> format = RunManifest.formatOf(spark, outputRoot);
    if (format.isEmpty() || !format.get().iceberg()) {
      return Optional.empty();
    }
    return Optional.of(atSnapshot(spark, outputRoot, format.get(), table,
        Optional.ofNullable(RunManifest.publishedSnapshots(spark, outputRoot).get(table))));
  }

  /** The rows whose {@code column} lies in [{@code from}, {@code to}] (null = open). */
  static Dataset<Row> within(Dataset<Row> rows, String column, LocalDate from, LocalDate to) {
    Dataset<Row> out = rows;
    if (from != null) {
      out = out.filter(functions.col(column).geq(functions.lit(from)));
    }
    if (to != null) {
      out = out.filter(functions.col(column).leq(functions.lit(to)));
    }
    return out;
  }

  /**
   * Reads several published as_of_date partitions of a table in one scan, with the table's declared schema (the
   * date comes from the folder names).
   */
  public static Dataset<Row> readPartitions(SparkSession spark, String outputRoot, String table,
      List<LocalDate> dates) {
    Optional<Dataset<Row>> iceberg = published(spark, outputRoot, table);
    if (iceberg.isPresent()) {
      return iceberg.get().filter(functions.col(Columns.AS_OF_DATE).isin(dates.toArray()));
    }
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
    Optional<Dataset<Row>> iceberg = published(spark, outputRoot, table);
    if (iceberg.isPresent()) {
      return within(iceberg.get(), schema.factPartition(), from, to);
    }
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

  /** The dates of a fact table's published partitions, oldest first, in either format. */
  public static List<LocalDate> factDates(SparkSession spark, String outputRoot, String table) throws IOException {
    String column = Tables.output(table).factPartition();
    Optional<Dataset<Row>> iceberg = published(spark, outputRoot, table);
    if (iceberg.isPresent()) {
      return iceberg.get().select(column).distinct().orderBy(column).as(org.apache.spark.sql.Encoders.LOCALDATE())
          .collectAsList();
    }
    Path root = new Path(outputRoot, table);
    return partitionDates(root.getFileSystem(spark.sparkContext().hadoopConfiguration()), root, column);
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
