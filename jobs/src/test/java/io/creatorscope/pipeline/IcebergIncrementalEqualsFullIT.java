package io.creatorscope.pipeline;

/**
 * The incremental-equals-full oracle with every run in Iceberg: curated posts merged by post_id, re-delivered
 * snapshot days overwritten, derived tables replaced by as-of date, all read back at the recorded snapshots.
 */
class IcebergIncrementalEqualsFullIT extends IncrementalEqualsFullIT {
  @Override
  String[] formatOptions() {
    return new String[] {"--format", "iceberg"};
  }
}
