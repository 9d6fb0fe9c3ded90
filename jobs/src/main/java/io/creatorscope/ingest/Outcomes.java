package io.creatorscope.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * A batch's flagged rows of one input table counted by outcome: valid (the null key), each quarantine reason by
 * name, and {@link IngestJob#BEYOND_AS_OF}. Either by a pass of their own, taken when first asked, or observed while
 * the batch's quarantine write reads every row anyway (Spark's observed metrics): a full ingest does not cache its
 * input, and the pass of its own read all of it once more (21.7 of ingest's 107.4 s at 50,000 creators x 90 days).
 */
final class Outcomes {
  private static final String VALID = "valid";

  private final Dataset<Row> flagged;
  private final Dataset<Row> rows;
  private final Observation observation;
  private final long expectedRows;
  private Map<String, Long> counts;

  private Outcomes(Dataset<Row> flagged, Dataset<Row> rows, Observation observation, long expectedRows) {
    this.flagged = flagged;
    this.rows = rows;
    this.observation = observation;
    this.expectedRows = expectedRows;
  }

  /** Counted by a Spark job of their own when {@link #counts()} is first called. */
  static Outcomes counted(Dataset<Row> flagged) {
    return new Outcomes(flagged, flagged, null, -1);
  }

  /**
   * Counted by the first action over {@link #rows()}; {@code expectedRows} is what the rows must add up to (the
   * Parquet footers of files read whole). The observed counts are taken only if they do: a map stage run twice (an
   * executor lost after it ran) adds its rows twice, and an action the optimizer reduced to nothing observes
   * nothing; either way the rows are counted by a pass of their own instead.
   */
  static Outcomes observed(Dataset<Row> flagged, String name, long expectedRows) {
    Observation observation = new Observation(name);
    List<Column> byOutcome = new ArrayList<>();
    for (String key : keys()) {
      Column is = key.equals(VALID) ? col(IngestJob.REASON).isNull() : col(IngestJob.REASON).equalTo(key);
      byOutcome.add(count(when(is, lit(1))).as(key));
    }
    Dataset<Row> rows = flagged.observe(observation, byOutcome.get(0),
        byOutcome.subList(1, byOutcome.size()).toArray(new Column[0]));
    return new Outcomes(flagged, rows, observation, expectedRows);
  }

  /** The flagged rows; with {@link #observed}, the rows an action must read for their counts to be observed. */
  Dataset<Row> rows() {
    return rows;
  }

  /**
   * The rows by outcome; only outcomes that occur are keys. Observed counts are waited for: ask only after an action
   * over {@link #rows()} ran.
   */
  Map<String, Long> counts() {
    if (counts == null) {
      counts = observation == null ? countByOutcome(flagged) : fromObservation();
    }
    return counts;
  }

  private Map<String, Long> fromObservation() {
    Map<String, Object> observed;
    try {
      observed = observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the counts of " + observation.name(), e);
    }
    Map<String, Long> out = new HashMap<>();
    long total = 0;
    for (Map.Entry<String, Object> e : observed.entrySet()) {
      long n = ((Number) e.getValue()).longValue();
      total += n;
      if (n > 0) {
        out.put(e.getKey().equals(VALID) ? null : e.getKey(), n);
      }
    }
    return observed.isEmpty() || total != expectedRows ? countByOutcome(flagged) : out;
  }

  private static Map<String, Long> countByOutcome(Dataset<Row> flagged) {
    Map<String, Long> out = new HashMap<>();
    for (Row r : flagged.groupBy(col(IngestJob.REASON)).agg(count(lit(1))).collectAsList()) {
      out.put(r.isNullAt(0) ? null : r.getString(0), r.getLong(1));
    }
    return out;
  }

  private static List<String> keys() {
    List<String> keys = new ArrayList<>(List.of(VALID, IngestJob.BEYOND_AS_OF));
    for (QuarantineReason r : QuarantineReason.values()) {
      keys.add(r.name());
    }
    return keys;
  }
}
