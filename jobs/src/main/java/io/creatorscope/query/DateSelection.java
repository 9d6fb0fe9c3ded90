package io.creatorscope.query;

import java.time.LocalDate;
import java.util.List;

/** Which as_of_date partitions of each table a view covers: the newest, all of them, or one given date. */
public record DateSelection(Mode mode, LocalDate date) {
  /** The three ways to pick dates. */
  public enum Mode { LATEST, ALL, ONE }

  public static DateSelection latest() {
    return new DateSelection(Mode.LATEST, null);
  }

  public static DateSelection all() {
    return new DateSelection(Mode.ALL, null);
  }

  public static DateSelection of(LocalDate date) {
    return new DateSelection(Mode.ONE, date);
  }

  /** The selected dates among those a table has (oldest first); empty when the table lacks the one date asked. */
  public List<LocalDate> pick(List<LocalDate> present) {
    return switch (mode) {
      case LATEST -> present.isEmpty() ? List.of() : List.of(present.get(present.size() - 1));
      case ALL -> present;
      case ONE -> present.contains(date) ? List.of(date) : List.of();
    };
  }

  @Override
  public String toString() {
    return switch (mode) {
      case LATEST -> "the latest as_of_date";
      case ALL -> "all as_of_dates";
      case ONE -> "as_of_date " + date;
    };
  }
}
