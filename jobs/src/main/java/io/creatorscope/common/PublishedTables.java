package io.creatorscope.common;

import java.time.LocalDate;
import java.util.Arrays;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Where the published partitions of the output tables live, and how to read them:
 * {@code OUTPUT/TABLE/as_of_date=YYYY-MM-DD/[more partitions/]part-*.parquet}. Writing goes through
 * {@link OutputRun}, which publishes a run's partitions together; which dates are complete, {@link RunManifest}.
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
}
