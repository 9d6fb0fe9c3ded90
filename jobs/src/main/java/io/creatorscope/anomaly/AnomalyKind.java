package io.creatorscope.anomaly;

import java.util.Arrays;
import java.util.List;

/**
 * The kinds of growth event: the {@code kind} values of growth_anomalies and of the generator's labels, one list
 * for the job, the generator, the evaluation and the report.
 */
public enum AnomalyKind {
  /** Followers that were most likely bought. */
  SUSPICIOUS_SPIKE("suspicious_spike"),
  /** A rise that a viral post explains. */
  ORGANIC_SPIKE("organic_spike"),
  /** A sudden loss, typically a platform purge of fake accounts. */
  DROP("drop"),
  /** A following count that jumps and falls back: follow/unfollow schemes. */
  FOLLOW_CHURN("follow_churn"),
  /** A rise under the suspicious threshold that nothing explains: a reason for caution, not evidence of buying. */
  UNEXPLAINED_RISE("unexplained_rise");

  private final String value;

  AnomalyKind(String value) {
    this.value = value;
  }

  /** The value in the tables. */
  public String value() {
    return value;
  }

  /** The kinds a generator injects and the evaluation scores (an unexplained rise is no claim about the truth). */
  public static List<AnomalyKind> scored() {
    return List.of(SUSPICIOUS_SPIKE, ORGANIC_SPIKE, DROP, FOLLOW_CHURN);
  }

  public static List<String> values(List<AnomalyKind> kinds) {
    return kinds.stream().map(AnomalyKind::value).toList();
  }

  public static AnomalyKind of(String value) {
    return Arrays.stream(values()).filter(k -> k.value.equals(value)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown anomaly kind " + value));
  }

  @Override
  public String toString() {
    return value;
  }
}
