package io.creatorscope.ingest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Where the ingest job reads and writes, and for which day.
 *
 * @param inputRoot folder holding {@code profiles/} and {@code posts/}
 * @param outputRoot folder the output tables are written under
 * @param asOf ingest rows dated up to and including this day; empty = the newest plausible snapshot_date in profiles
 * @param limits plausible counts and dates
 * @param today the day of the run (UTC), which bounds plausible dates
 */
public record IngestConfig(
    String inputRoot, String outputRoot, Optional<LocalDate> asOf, InputLimits limits, LocalDate today) {

  public IngestConfig(String inputRoot, String outputRoot, Optional<LocalDate> asOf, InputLimits limits) {
    this(inputRoot, outputRoot, asOf, limits, LocalDate.now(ZoneOffset.UTC));
  }

  /** With the default limits. */
  public IngestConfig(String inputRoot, String outputRoot, Optional<LocalDate> asOf) {
    this(inputRoot, outputRoot, asOf, InputLimits.defaults());
  }
}
