package io.creatorscope.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trunc;

import io.creatorscope.common.Columns;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.TableSchema;
import io.creatorscope.common.Tables;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code curated_creators} table: every creator and platform a valid profile has named, with its first and last
 * snapshot day. It is what a batch knows of the creators before it, for the rules that need the whole history (a
 * post of a creator without a profile, an id on two platforms): a daily batch reads it, one row per creator, instead
 * of every snapshot row ever ingested.
 *
 * <p>The first day is a minimum and the last a maximum over every valid profile observation ingested, so merging a
 * batch into the table is exact in any order of batches and idempotent (a rerun adds nothing); the creators known on
 * a day D are those whose first day is on or before D, whatever later batches added.
 */
final class CuratedCreators {
  private static final String FIRST = "first_snapshot_date";
  private static final String LAST = "last_snapshot_date";
  /**
   * The partition: a partition per first day would be a file per day of history, every one of them rewritten by
   * every batch.
   */
  private static final String MONTH = "first_snapshot_month";

  private CuratedCreators() {}

  private static TableSchema schema() {
    return Tables.output(Tables.CURATED_CREATORS);
  }

  /** The creators of a batch's valid profiles: per creator and platform, the first and last day. */
  static Dataset<Row> of(Dataset<Row> validProfiles) {
    // A hash aggregation (a date for buffer) over the profile rows: a minimum over a string or a struct has none.
    return validProfiles.groupBy(col(Columns.CREATOR_ID), col(Columns.PLATFORM))
        .agg(min(col(Columns.SNAPSHOT_DATE)).as(FIRST), max(col(Columns.SNAPSHOT_DATE)).as(LAST));
  }

  /**
   * The creators after an incremental batch: the published rows merged with the batch's ({@link #of}). An output
   * written before the table existed has curated profiles but no creators: its creators are then taken from the
   * curated profiles once, and the table is complete from this batch on.
   */
  static Dataset<Row> merged(OutputRun out, Dataset<Row> batch) {
    Dataset<Row> published = out.readFacts(schema(), null, null);
    if (published.isEmpty()) {
      published = of(out.readFacts(Tables.output(Tables.CURATED_PROFILES), null, null));
    }
    // By creator, not creator and platform: known() then folds each creator's platforms without a second
    // shuffle. Both sides already hold one row per key, so a partial aggregation before the shuffle would save
    // nothing.
    return published.select(col(Columns.CREATOR_ID), col(Columns.PLATFORM), col(FIRST), col(LAST))
        .unionByName(batch)
        .repartition(col(Columns.CREATOR_ID))
        .groupBy(col(Columns.CREATOR_ID), col(Columns.PLATFORM))
        .agg(min(col(FIRST)).as(FIRST), max(col(LAST)).as(LAST));
  }

  /**
   * Stages {@code creators} ({@link #of} or {@link #merged}) as the whole table: a late snapshot can move a
   * creator's first day to an earlier month's partition.
   */
  static void stage(OutputRun out, Dataset<Row> creators) {
    out.stagePartitions(schema(), creators.withColumn(MONTH, trunc(col(FIRST), "month")), true);
  }

  /**
   * One row per creator known on {@code asOf} (a valid profile on or before it): {@link IngestJob#KNOWN},
   * {@link IngestJob#KNOWN_PLATFORM} (the platform of its first day; on that day, the first by name) and
   * {@link IngestJob#ON_TWO_PLATFORMS}.
   */
  static Dataset<Row> known(Dataset<Row> creators, LocalDate asOf) {
    return creators.filter(col(FIRST).leq(lit(asOf)))
        .groupBy(col(Columns.CREATOR_ID)).agg(
            min(struct(col(FIRST), col(Columns.PLATFORM))).getField(Columns.PLATFORM).as(IngestJob.KNOWN_PLATFORM),
            count(lit(1)).gt(1).as(IngestJob.ON_TWO_PLATFORMS))
        .withColumn(IngestJob.KNOWN, lit(true));
  }
}
