package io.creatorscope.common;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * Merges a batch of rows into a fact table ({@link WriteMode#REPLACE_PARTITIONS} and {@link WriteMode#UPSERT_BY_KEY}):
 * per key the row largest in the table's winner order is kept and {@code observations} are summed, and the
 * merged rows are staged ({@link OutputRun#stageMerged}): the partitions holding them replace the published ones
 * when the run commits, or, for a table written by key in Iceberg, the keys the batch brought are merged into it.
 *
 * <p>Keeping the largest row and summing are associative, so merging the batches of daily runs one after the other
 * gives the rows one merge of all of them would: an incremental ingest and a full one agree.
 */
public final class FactMerge {
  private static final String EXISTING = "_existing";
  private static final String HAD_EXISTING = "_had_existing";
  private static final String HAD_BATCH = "_had_batch";
  private static final String RANK = "_rank";

  private FactMerge() {}

  /**
   * What a merge wrote: rows and observations of the touched partitions before and after, how many keys of the
   * batch were already in the table, and the days whose partitions it wrote.
   */
  public record Merged(long rowsBefore, long observationsBefore, long rowsAfter, long observationsAfter,
      long keysUpdated, ChangedDays changed) {
    /** Keys the batch added. */
    public long keysAdded() {
      return rowsAfter - rowsBefore;
    }

    /** Input rows the merge added to the table's observations: must equal the batch's valid rows. */
    public long observationsAdded() {
      return observationsAfter - observationsBefore;
    }

    /** For progress lines, e.g. "28945 rows (+28945 new, 0 updated), 29000 observations (+29000)". */
    @Override
    public String toString() {
      return rowsAfter + " rows (+" + keysAdded() + " new, " + keysUpdated + " updated), " + observationsAfter
          + " observations (+" + observationsAdded() + ")";
    }
  }

  /**
   * Per key, the row that is largest in {@code order} (compared column by column, nulls smallest, as max(struct)
   * would pick), with {@code observations} summed over the key. A window (one shuffle, one sort) rather than
   * max(struct), which Spark can only aggregate with sorts on both sides of the shuffle.
   */
  public static Dataset<Row> keepLargest(Dataset<Row> rows, List<String> key, List<String> order) {
    Column[] desc = order.stream().map(c -> col(c).desc_nulls_last()).toArray(Column[]::new);
    WindowSpec byKey = Window.partitionBy(key.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    return rows
        .withColumn(RANK, row_number().over(byKey.orderBy(desc)))
        .withColumn(Columns.OBSERVATIONS, sum(col(Columns.OBSERVATIONS)).over(byKey).cast("int"))
        .filter(col(RANK).equalTo(1))
        .drop(RANK);
  }

  /**
   * Merges {@code batch} (rows in the table's columns, {@code observations} counting the input rows of each) into
   * the table as {@code out} sees it and stages the touched partitions. With {@code wholeTable} the batch is the
   * whole table (a full ingest): nothing published is read and the staged partitions replace the table.
   */
  public static Merged merge(OutputRun out, TableSchema schema, Dataset<Row> batch, boolean wholeTable) {
    String partition = schema.factPartition();
    if (wholeTable) {
      out.stagePartitions(schema, keepLargest(batch, schema.key(), schema.winnerOrder()), true);
      Row after = totals(out.readStaged(schema));
      return new Merged(0, 0, after.getLong(0), after.getLong(1), 0, ChangedDays.ALL);
    }
    List<LocalDate> touched = batch.select(col(partition)).distinct().as(org.apache.spark.sql.Encoders.LOCALDATE())
        .collectAsList();
    if (touched.isEmpty()) {
      return new Merged(0, 0, 0, 0, 0, ChangedDays.NONE);
    }
    LocalDate from = touched.stream().min(LocalDate::compareTo).orElseThrow();
    LocalDate to = touched.stream().max(LocalDate::compareTo).orElseThrow();
    Dataset<Row> existing = out.readFacts(schema, from, to).filter(col(partition).isin(touched.toArray()));
    Row before = totals(existing);
    WindowSpec byKey = Window.partitionBy(schema.key().stream().map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new));
    Dataset<Row> merged = keepLargest(
        schema.conform(existing).withColumn(EXISTING, lit(1))
            .unionByName(schema.conform(batch).withColumn(EXISTING, lit(0)))
            .withColumn(HAD_EXISTING, max(col(EXISTING)).over(byKey))
            .withColumn(HAD_BATCH, min(col(EXISTING)).over(byKey).equalTo(0)),
        schema.key(), schema.winnerOrder()).persist(StorageLevel.MEMORY_AND_DISK());
    // Cached: counting the updates and staging would otherwise each re-read the touched partitions and shuffle.
    long updated = merged.filter(col(HAD_EXISTING).equalTo(1).and(col(HAD_BATCH))).count();
    out.stageMerged(schema, merged, col(HAD_BATCH));
    merged.unpersist();
    Row after = totals(out.readStaged(schema));
    return new Merged(before.getLong(0), before.getLong(1), after.getLong(0), after.getLong(1), updated,
        ChangedDays.from(from));
  }

  private static Row totals(Dataset<Row> rows) {
    return rows.agg(count(lit(1)), coalesce(sum(col(Columns.OBSERVATIONS)), lit(0L))).first();
  }
}
