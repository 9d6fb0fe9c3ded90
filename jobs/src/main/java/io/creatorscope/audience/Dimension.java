package io.creatorscope.audience;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What an audience split is over; the input's {@code dimension} column holds one of these names. */
public enum Dimension {
  COUNTRY, AGE, GENDER;

  /** The name as the tables and the command line spell it: country, age, gender. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(Dimension::label).toList();
  }

  /**
   * A bucket as the curated tables hold it: country codes upper case (as profiles' country), age bands and genders
   * lower case.
   */
  public String normalise(String bucket) {
    String b = bucket.trim();
    return this == COUNTRY ? b.toUpperCase(Locale.ROOT) : b.toLowerCase(Locale.ROOT);
  }
}
