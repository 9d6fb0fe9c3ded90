package io.creatorscope.ingest;

import io.creatorscope.content.ContentConfig;
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
 * @param full re-ingest every input file and rebuild the curated tables, whatever earlier batches took
 * @param content the sponsorship markers that decide a post whose is_sponsored is null
 */
public record IngestConfig(String inputRoot, String outputRoot, Optional<LocalDate> asOf, InputLimits limits,
    LocalDate today, boolean full, ContentConfig content) {

  /** With the default content settings. */
  public IngestConfig(String inputRoot, String outputRoot, Optional<LocalDate> asOf, InputLimits limits,
      LocalDate today, boolean full) {
    this(inputRoot, outputRoot, asOf, limits, today, full, ContentConfig.defaults());
  }

  /** An incremental ingest (a full one when the output has none yet). */
  public IngestConfig(String inputRoot, String outputRoot, Optional<LocalDate> asOf, InputLimits limits,
      LocalDate today) {
    this(inputRoot, outputRoot, asOf, limits, today, false);
  }

  public IngestConfig(String inputRoot, String outputRoot, Optional<LocalDate> asOf, InputLimits limits) {
    this(inputRoot, outputRoot, asOf, limits, LocalDate.now(ZoneOffset.UTC));
  }

  /** With the default limits. */
  public IngestConfig(String inputRoot, String outputRoot, Optional<LocalDate> asOf) {
    this(inputRoot, outputRoot, asOf, InputLimits.defaults());
  }

  /** The same ingest, full or incremental. */
  public IngestConfig withFull(boolean fullIngest) {
    return new IngestConfig(inputRoot, outputRoot, asOf, limits, today, fullIngest, content);
  }

  /** The same ingest with other content settings. */
  public IngestConfig withContent(ContentConfig settings) {
    return new IngestConfig(inputRoot, outputRoot, asOf, limits, today, full, settings);
  }
}
