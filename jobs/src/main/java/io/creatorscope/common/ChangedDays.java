package io.creatorscope.common;

import java.time.LocalDate;

/**
 * The days of a curated table that ingest batches changed: none, every day from {@code from} on (a snapshot day
 * re-delivered, a post observed again: the days of the rows they merged), or all of them (a full ingest rebuilds
 * the table). Combining two keeps the earlier bound, so it can only over-state what changed. What a job that
 * carries results from an earlier run must recompute.
 */
public record ChangedDays(boolean all, LocalDate from) {
  public static final ChangedDays NONE = new ChangedDays(false, null);
  public static final ChangedDays ALL = new ChangedDays(true, null);
  private static final String ALL_TEXT = "all";

  /** Every day from {@code day} on. */
  public static ChangedDays from(LocalDate day) {
    return new ChangedDays(false, day);
  }

  /** The days either changed. */
  public ChangedDays and(ChangedDays other) {
    if (all || other.all) {
      return ALL;
    }
    if (from == null || other.from == null) {
      return from == null ? other : this;
    }
    return from.isBefore(other.from) ? this : other;
  }

  /** As a manifest writes it: "all", a date, or null for none. */
  String text() {
    return all ? ALL_TEXT : from == null ? null : from.toString();
  }

  static ChangedDays parse(String text) {
    return text == null ? NONE : text.equals(ALL_TEXT) ? ALL : from(LocalDate.parse(text));
  }

  @Override
  public String toString() {
    return all ? "every day" : from == null ? "no day" : "the days from " + from;
  }
}
