package io.creatorscope.common;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configuration key declared with its default and the values it allows, side by side, so that {@link Settings}
 * and the config records check every value the same way. Parsing is strict: a number is a finite decimal number
 * ({@code NaN}, {@code Infinity}, {@code 1d} or {@code 0x10} are refused), a flag is exactly {@code true} or
 * {@code false}, a day is {@code yyyy-MM-dd}.
 */
public sealed interface ConfigKey<T> permits ConfigKey.Whole, ConfigKey.Decimal, ConfigKey.Flag, ConfigKey.Day,
    ConfigKey.Text, ConfigKey.Choice {
  String name();

  T defaultValue();

  /** What the key allows, in words, for error messages and docs/configuration.md. */
  String allowed();

  /** The value {@code text} stands for; {@link IllegalArgumentException} if it is malformed or out of range. */
  T parse(String text);

  /** {@code value} itself when allowed, else a {@link UserError} naming the key, the value and what is allowed. */
  default T check(T value) {
    if (!allows(value)) {
      throw new UserError(name() + " = " + value + " is not allowed: expected " + allowed());
    }
    return value;
  }

  boolean allows(T value);

  /** A whole number in [min, max]. */
  record Whole(String name, Long defaultValue, long min, long max) implements ConfigKey<Long> {
    public Whole {
      requireDefault(name, defaultValue != null && defaultValue >= min && defaultValue <= max);
    }

    @Override
    public String allowed() {
      return max == Long.MAX_VALUE ? "a whole number of at least " + min : "a whole number from " + min + " to " + max;
    }

    @Override
    public Long parse(String text) {
      return inRange(Long.parseLong(text), this);
    }

    @Override
    public boolean allows(Long value) {
      return value != null && value >= min && value <= max;
    }
  }

  /**
   * A finite number in an interval written as in mathematics: {@code [0, 1]}, {@code (0, 1]}, {@code [1, inf)}.
   */
  record Decimal(String name, Double defaultValue, String interval) implements ConfigKey<Double> {
    private static final Pattern INTERVAL =
        Pattern.compile("([\\[(])\\s*(-?[0-9.]+|-inf)\\s*,\\s*(-?[0-9.]+|inf)\\s*([\\])])");

    public Decimal {
      requireDefault(name, defaultValue != null && contains(interval, defaultValue));
    }

    @Override
    public String allowed() {
      return "a finite number in " + interval;
    }

    @Override
    public Double parse(String text) {
      // BigDecimal reads plain and scientific decimal notation only, unlike Double.parseDouble.
      return inRange(new BigDecimal(text).doubleValue(), this);
    }

    @Override
    public boolean allows(Double value) {
      return value != null && contains(interval, value);
    }

    private static boolean contains(String interval, double value) {
      if (!Double.isFinite(value)) {
        return false;
      }
      Matcher m = bounds(interval);
      double lo = bound(m.group(2));
      double hi = bound(m.group(3));
      boolean aboveLo = m.group(1).equals("[") ? value >= lo : value > lo;
      boolean belowHi = m.group(4).equals("]") ? value <= hi : value < hi;
      return aboveLo && belowHi;
    }

    private static Matcher bounds(String interval) {
      Matcher m = INTERVAL.matcher(interval);
      if (!m.matches()) {
        throw new IllegalArgumentException("not an interval: " + interval);
      }
      return m;
    }

    private static double bound(String s) {
      return s.equals("inf") ? Double.POSITIVE_INFINITY : s.equals("-inf") ? Double.NEGATIVE_INFINITY
          : Double.parseDouble(s);
    }
  }

  /** {@code true} or {@code false}, spelled exactly so. */
  record Flag(String name, Boolean defaultValue) implements ConfigKey<Boolean> {
    public Flag {
      requireDefault(name, defaultValue != null);
    }

    @Override
    public String allowed() {
      return "true or false";
    }

    @Override
    public Boolean parse(String text) {
      return switch (text) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException(text);
      };
    }

    @Override
    public boolean allows(Boolean value) {
      return value != null;
    }
  }

  /**
   * Non-blank text whose meaning the reading class checks (say, a tier scheme's name or its list of tiers);
   * {@code allowed} says what it may be.
   */
  record Text(String name, String defaultValue, String allowed) implements ConfigKey<String> {
    public Text {
      requireDefault(name, defaultValue != null && !defaultValue.isBlank());
    }

    @Override
    public String parse(String text) {
      return inRange(text, this);
    }

    @Override
    public boolean allows(String value) {
      return value != null && !value.isBlank();
    }
  }

  /** A day, {@code yyyy-MM-dd}, in [min, max]. */
  record Day(String name, LocalDate defaultValue, LocalDate min, LocalDate max) implements ConfigKey<LocalDate> {
    public Day {
      requireDefault(name, defaultValue != null && !defaultValue.isBefore(min) && !defaultValue.isAfter(max));
    }

    @Override
    public String allowed() {
      return "a day (yyyy-MM-dd) from " + min + " to " + max;
    }

    @Override
    public LocalDate parse(String text) {
      try {
        return inRange(LocalDate.parse(text), this);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(text, e);
      }
    }

    @Override
    public boolean allows(LocalDate value) {
      return value != null && !value.isBefore(min) && !value.isAfter(max);
    }
  }

  /** One of a few words, spelled exactly so (lower case). */
  record Choice(String name, String defaultValue, java.util.List<String> values) implements ConfigKey<String> {
    public Choice {
      values = java.util.List.copyOf(values);
      requireDefault(name, values.contains(defaultValue));
    }

    @Override
    public String allowed() {
      return "one of " + String.join(", ", values);
    }

    @Override
    public String parse(String text) {
      return inRange(text, this);
    }

    @Override
    public boolean allows(String value) {
      return values.contains(value);
    }
  }

  private static <T> T inRange(T value, ConfigKey<T> key) {
    if (!key.allows(value)) {
      throw new IllegalArgumentException(String.valueOf(value));
    }
    return value;
  }

  private static void requireDefault(String name, boolean allowed) {
    if (!allowed) {
      throw new IllegalArgumentException(name + ": the declared default is outside the declared range");
    }
  }
}
