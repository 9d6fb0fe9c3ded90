package io.creatorscope.ingest;

import java.util.Map;
import org.apache.parquet.hadoop.metadata.FileMetaData;

/**
 * One checked input file: where each contract column comes from, and its row count from the Parquet footer.
 *
 * @param sources for every contract column: {@link Source}
 * @param signature files with equal signatures can be read by Spark in one scan
 * @param bytes file length, and {@code modifiedAt} its modification time (ms): a file whose either changed after
 *     it was ingested was re-delivered
 * @param oldestDate the oldest date of the table's date column in the file (from its directory name or the
 *     Parquet statistics); null when unknown, and so is {@code newestDate}, the newest
 * @param fileMetaData the footer's Parquet schema, with Spark's schema of the file when Spark wrote it: what the
 *     scan takes its Spark schema from
 */
public record InputFile(String path, long rowCount, Map<String, Source> sources, String signature, long bytes,
    long modifiedAt, java.time.LocalDate oldestDate, java.time.LocalDate newestDate, FileMetaData fileMetaData) {
  /**
   * Where a contract column's values come from in this file: the file's column, the hive-style directory, nowhere
   * (an optional column the file lacks) or nowhere either because the file's column holds only nulls.
   */
  public enum Source { FILE, PATH, ABSENT, NULLS }
}
