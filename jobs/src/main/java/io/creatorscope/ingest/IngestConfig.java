package io.creatorscope.ingest;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Where the ingest job reads and writes, and for which day.
 *
 * @param inputRoot folder holding {@code profiles/} and {@code posts/}
 * @param outputRoot folder the output tables are written under
 * @param asOf ingest rows dated up to and including this day; empty = the newest snapshot_date in profiles
 * @param full re-ingest every input file and rebuild the curated tables, whatever earlier batches took
 */
public record IngestConfig(String inputRoot, String outputRoot, Optional<LocalDate> asOf, boolean full) {
  /** An incremental ingest (a full one when the output has none yet). */
  public IngestConfig(String inputRoot, String outputRoot, Optional<LocalDate> asOf) {
    this(inputRoot, outputRoot, asOf, false);
  }
}
