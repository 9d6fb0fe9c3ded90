package io.creatorscope.ingest;

import java.util.Map;

/**
 * One checked input file: where each contract column comes from, and its row count from the Parquet footer.
 *
 * @param sources for every contract column: {@link Source}
 * @param signature files with equal signatures can be read by Spark in one scan
 */
public record InputFile(String path, long rowCount, Map<String, Source> sources, String signature) {
  /** Where a contract column's values come from in this file. */
  public enum Source { FILE, PATH, ABSENT }
}
