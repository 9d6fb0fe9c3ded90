package io.creatorscope.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses yyyy-MM-dd option values with a clear message. */
public final class Dates implements ITypeConverter<LocalDate> {
  @Override
  public LocalDate convert(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      // In the right shape but not in the calendar (2026-02-30): say which part is wrong.
      String why = e.getCause() != null ? ": " + e.getCause().getMessage() : " (expected yyyy-MM-dd)";
      throw new TypeConversionException("'" + value + "' is not a date" + why);
    }
  }
}
