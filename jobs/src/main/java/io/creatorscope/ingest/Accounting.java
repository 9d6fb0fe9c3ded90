package io.creatorscope.ingest;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where every row of one input table went. {@code read} comes from the Parquet footers, the other figures from
 * what was written, so {@link #balances()} is a real check: read = kept + duplicates + quarantined + later.
 *
 * @param beyondAsOf rows dated after the as-of date: valid or not, they belong to a later run
 */
public record Accounting(
    String table, long read, long kept, long duplicates, Map<String, Long> quarantinedByReason, long beyondAsOf) {

  public Accounting {
    quarantinedByReason = new TreeMap<>(quarantinedByReason);
  }

  public long quarantined() {
    return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public boolean balances() {
    return read == kept + duplicates + quarantined() + beyondAsOf;
  }

  public String summary() {
    return String.format("%s: read %d = kept %d + duplicates %d + quarantined %d %s + after as-of %d%s",
        table, read, kept, duplicates, quarantined(), quarantinedByReason, beyondAsOf,
        balances() ? "" : "  <-- DOES NOT BALANCE");
  }
}
