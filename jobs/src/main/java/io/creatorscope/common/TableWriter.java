package io.creatorscope.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How one run writes the output tables in one format, invisibly to readers until {@link #commit}: each method
 * implements one {@link WriteMode} ({@link ParquetTableWriter}: staged folders renamed into place;
 * {@link IcebergTableWriter}: a branch per table, published to main). {@link OutputRun} is the run that jobs see;
 * it checks what they pass and hands the writing to one of these.
 */
interface TableWriter {
  /** {@link WriteMode#REPLACE_AS_OF}: {@code rows} (the table's columns, as_of_date = {@code asOf}) become the date. */
  void replaceAsOf(TableSchema schema, Dataset<Row> rows, LocalDate asOf);

  /**
   * {@link WriteMode#REPLACE_PARTITIONS}, and {@link WriteMode#UPSERT_BY_KEY} once the rows are merged: each
   * partition {@code rows} hold replaces the published one; with {@code wholeTable} the rows become the table.
   */
  void replacePartitions(TableSchema schema, Dataset<Row> rows, boolean wholeTable);

  /**
   * {@link WriteMode#UPSERT_BY_KEY}: {@code merged} holds every row of the partitions a batch touched, merged
   * (per key the winner, observations summed), {@code changed} the rows of the keys the batch brought among them.
   */
  void upsertByKey(TableSchema schema, Dataset<Row> merged, Dataset<Row> changed);

  /** Whether this run wrote {@code table}. */
  boolean wrote(String table);

  /** The {@code asOf} partition this run wrote of a table it {@link #wrote}. */
  Dataset<Row> readWritten(String table, LocalDate asOf);

  /** The partitions of a fact table this run wrote. */
  Dataset<Row> readWrittenPartitions(TableSchema schema);

  /**
   * A fact table's rows as this run sees them (its writes over the published rows) whose partition value lies
   * in [{@code from}, {@code to}] (either bound may be null).
   */
  Dataset<Row> readFacts(TableSchema schema, LocalDate from, LocalDate to);

  /** Publishes what the run wrote, then the manifest built by {@code manifest}, last; returns the manifest. */
  ObjectNode commit(RunManifest.Builder manifest, LocalDate asOf);

  /** After a failure: drops what the run wrote, unless it is past the point where the next run rolls it forward. */
  void abandon(Throwable failure);
}
