package io.creatorscope.common;

/**
 * How a run's rows replace what an output table holds: the one place each mode is defined. Every table declares
 * its mode in schemas/output ({@code "write"}); {@link OutputRun} stages and publishes by it, and a writer for
 * another format (e.g. Iceberg) implements the same three modes.
 */
public enum WriteMode {
  /**
   * Derived and per-batch tables: the run's {@code as_of_date} partition replaces the published one of that date;
   * other dates stay (Iceberg: overwrite of the as_of_date partition).
   */
  REPLACE_AS_OF,
  /**
   * Facts by day ({@code curated_profiles}): each partition of the table's partition column (e.g. a
   * {@code snapshot_date}) that the run staged replaces the published one; partitions the run did not touch stay
   * (Iceberg: dynamic partition overwrite).
   */
  REPLACE_PARTITIONS,
  /**
   * Facts by key ({@code curated_posts}): the batch's rows are merged with the published rows of the same keys,
   * and per key the row that is largest in the table's {@code winnerOrder} wins (the latest observation; a stale
   * observation never overwrites a newer one) with {@code observations} summed; the partitions holding the merged
   * rows are then replaced as in {@link #REPLACE_PARTITIONS} (Iceberg: MERGE INTO on the key).
   */
  UPSERT_BY_KEY;

  /** The mode named in a schema file ({@code replace_as_of}, {@code replace_partitions}, {@code upsert_by_key}). */
  public static WriteMode named(String name) {
    return valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }
}
