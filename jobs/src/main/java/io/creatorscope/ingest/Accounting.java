package io.creatorscope.ingest;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where every row one ingest batch read of an input table went. {@link #balances()}: read = kept + updated +
 * duplicates + quarantined + after the as-of date. {@code read} of files read whole is also checked against their
 * Parquet footers, and kept + updated + duplicates against the observations the curated table gained.
 *
 * @param read rows of the batch's selection: new files whole, known files' rows after what earlier batches took
 * @param kept curated rows the batch added (a new creator-day, a new post)
 * @param duplicates valid rows collapsed into another row of their key (the batch's or an earlier batch's)
 * @param beyondAsOf rows dated after the as-of date: valid or not, they belong to a later run
 * @param updated curated rows of earlier batches the batch changed: a re-delivered day's profile, a post observed
 *     again (a later observation replaces the row's counts; a stale one only adds to its observations)
 */
public record Accounting(String table, long read, long kept, long duplicates, Map<String, Long> quarantinedByReason,
    long beyondAsOf, long updated) {

  public Accounting {
    quarantinedByReason = new TreeMap<>(quarantinedByReason);
  }

  /** A batch that updated no earlier row (a full ingest). */
  public Accounting(String table, long read, long kept, long duplicates, Map<String, Long> quarantinedByReason,
      long beyondAsOf) {
    this(table, read, kept, duplicates, quarantinedByReason, beyondAsOf, 0);
  }

  public long quarantined() {
    return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public boolean balances() {
    return read == kept + updated + duplicates + quarantined() + beyondAsOf;
  }

  public String summary() {
    return String.format("%s: read %d = kept %d + updated %d + duplicates %d + quarantined %d%s + after as-of %d%s",
        table, read, kept, updated, duplicates, quarantined(),
        quarantinedByReason.isEmpty() ? "" : " " + quarantinedByReason, beyondAsOf,
        balances() ? "" : "  <-- DOES NOT BALANCE");
  }
}
