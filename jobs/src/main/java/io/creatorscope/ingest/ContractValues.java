package io.creatorscope.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array_remove;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegralType;

/**
 * A file column's values in their contract type, from every encoding {@link InputSchemaChecker#accepts} lets
 * through, and why a row's value could not be read: the row is then quarantined as UNPARSEABLE_VALUE with that
 * text. A missing value (null, blank text, NaN) is never a problem here; a required one is NULL_REQUIRED.
 */
final class ContractValues {
  /** The value in the contract type (null when it could not be read) and why not (null when it could). */
  record Read(Column value, Column problem) {}

  private static final String DATE_TEXT = "^\\d{4}-\\d{2}-\\d{2}$";
  private static final String TIMESTAMP_TEXT =
      "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?)?\\s*(Z|[+-]\\d{2}(:?\\d{2})?|UTC)?$";
  private static final String COUNT_TEXT = "^[+-]?\\d+(\\.0*)?$";
  private static final String EPOCH_TEXT = "^[+-]?\\d{1,19}$";
  private static final String NUMBER_TEXT = "^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$";
  /** What separates the items of a list written as one text: blanks, commas, semicolons, bars, brackets, quotes. */
  private static final String LIST_SEPARATORS = "[\\s,;|\\[\\]\"']+";
  private static final DecimalType NANOS = DataTypes.createDecimalType(20, 0);
  /** 2^63: the counts a floating-point column may hold lie in [-2^63, 2^63). */
  private static final double TWO_TO_63 = 0x1p63;

  private ContractValues() {}

  /** Column {@code x} of Spark type {@code found} as contract column {@code name} of type {@code type}. */
  static Read read(Column x, DataType found, DataType type, String name) {
    if (found.equals(DataTypes.StringType) && !type.equals(DataTypes.StringType)) {
      return fromText(x, type, name);
    }
    if (type.equals(DataTypes.BooleanType) && !found.equals(DataTypes.BooleanType)) {
      return fromText(x.cast(DataTypes.StringType), type, name);
    }
    if (type.equals(DataTypes.LongType)
        && (found instanceof DoubleType || found instanceof FloatType || found instanceof DecimalType)) {
      return countFromNumber(x, found, name);
    }
    if (type.equals(DataTypes.TimestampType) && (found instanceof IntegralType || found instanceof DecimalType)) {
      // A count since 1970: an API's epoch time, or a nanosecond timestamp, which Spark hands over as its count
      // (Sparks.configure).
      return new Read(epochTime(x.cast(DataTypes.LongType)), null);
    }
    if (type.equals(DataTypes.DateType) && (found instanceof IntegralType || found instanceof DecimalType)) {
      // yyyyMMdd, or a count since 1970 (a nanosecond timestamp among them, which Spark hands over as its count).
      Column value = dayOfNumber(x.cast(DataTypes.LongType));
      return new Read(value, when(x.isNotNull().and(value.isNull()), concat(lit(name + " = "),
          x.cast(DataTypes.StringType), lit(" is not a date (yyyyMMdd, or a count since 1970)"))));
    }
    // The exact type, a wider integer, an integer id as its digits, a decimal or integer share as a double, or a
    // timestamp for a date column (its UTC day: the session's zone).
    return new Read(x.cast(type), null);
  }

  /**
   * A value written as text, as a CSV converted to Parquet leaves it: a date as yyyy-MM-dd or as a number (see
   * {@link #dayOfNumber}); a timestamp in ISO 8601 (a time after 'T' or a space, then an optional zone, 'Z' or an
   * offset; without one, UTC; Spark's cast alone would also take "2026" as a day) or as a count since 1970; a count
   * as digits (12.0 too); a share as a decimal number or a percentage; a boolean as true/false, t/f, yes/no, y/n or
   * 1/0 in any case; a list as its items between blanks, commas, brackets or quotes.
   */
  private static Read fromText(Column text, DataType type, String name) {
    Column t = trim(text);
    if (type instanceof ArrayType) {
      return new Read(when(text.isNotNull(), array_remove(split(t, LIST_SEPARATORS), "")), null);
    }
    Column value;
    String expected;
    if (type.equals(DataTypes.DateType)) {
      value = when(t.rlike(EPOCH_TEXT), dayOfNumber(t.cast(DataTypes.LongType))).otherwise(day(t));
      expected = "a date (yyyy-MM-dd, yyyyMMdd, or a count since 1970)";
    } else if (type.equals(DataTypes.TimestampType)) {
      value = when(t.rlike(TIMESTAMP_TEXT), t.cast(type)).when(t.rlike(EPOCH_TEXT),
          epochTime(t.cast(DataTypes.LongType)));
      expected = "a timestamp (ISO 8601, e.g. 2026-10-01T12:00:00Z, or a count since 1970)";
    } else if (type.equals(DataTypes.LongType)) {
      value = when(t.rlike(COUNT_TEXT), regexp_replace(t, "\\.0*$", "").cast(type));
      expected = "a whole 64-bit count";
    } else if (type.equals(DataTypes.DoubleType)) {
      // A percentage ("35%", "35.2 %") as the share it writes: the sign leaves no doubt about the scale.
      Column percent = regexp_replace(t, "\\s*%$", "");
      value = when(t.rlike(NUMBER_TEXT), t.cast(type))
          .when(t.endsWith("%").and(percent.rlike(NUMBER_TEXT)), percent.cast(type).divide(100));
      expected = "a number or a percentage";
    } else if (type.equals(DataTypes.BooleanType)) {
      Column v = lower(t);
      value = when(v.isin("true", "t", "yes", "y", "1"), lit(true)).when(v.isin("false", "f", "no", "n", "0"),
          lit(false));
      expected = "a boolean (true/false, yes/no, 1/0)";
    } else {
      throw new IllegalArgumentException(name + ": no reading of text as " + type.simpleString());
    }
    return new Read(value, when(t.notEqual("").and(value.isNull()),
        concat(lit(name + " '"), text, lit("' is not " + expected))));
  }

  /**
   * A time written as a count since 1970-01-01 UTC, its unit told by its size: below 10^11 seconds, below 10^14
   * milliseconds, below 10^17 microseconds, else nanoseconds. Each unit's range holds every time from 1973-03-03 on
   * (to 5138; nanoseconds to 2262) and no other unit's does, so a time of the platforms' era is read in the unit it
   * was written in, whichever an export chose; an earlier one reads as an implausible date.
   */
  private static Column epochTime(Column count) {
    Column size = abs(count);
    return timestamp_micros(when(size.lt(100_000_000_000L), count.multiply(1_000_000L))
        .when(size.lt(100_000_000_000_000L), count.multiply(1000L))
        .when(size.lt(100_000_000_000_000_000L), count)
        .otherwise(microsOfNanos(count)));
  }

  /**
   * A day written as a number: yyyyMMdd when it has eight digits (20261001, which pandas makes of such a CSV
   * column), else a count since 1970 of at least 10^8 (a second count from 1973 on; smaller counts are no unit's of
   * the platforms' era), its UTC day.
   */
  private static Column dayOfNumber(Column n) {
    Column yyyymmdd = make_date(n.divide(10_000).cast(DataTypes.IntegerType),
        n.divide(100).cast(DataTypes.LongType).mod(100).cast(DataTypes.IntegerType),
        n.mod(100).cast(DataTypes.IntegerType));
    return when(n.between(10_000_101L, 99_991_231L), yyyymmdd)
        .when(abs(n).geq(100_000_000L), epochTime(n).cast(DataTypes.DateType));
  }

  /**
   * Whole microseconds of a nanosecond count; divided as a decimal: a double would round nanosecond counts of
   * today's dates to 256 ns.
   */
  private static Column microsOfNanos(Column nanos) {
    return nanos.cast(NANOS).divide(1000).cast(DataTypes.LongType);
  }

  /** A day written yyyy-MM-dd, else null: in a date column, or in a hive-style directory name. */
  static Column day(Column text) {
    return when(text.rlike(DATE_TEXT), text.cast(DataTypes.DateType));
  }

  /**
   * A count from a floating-point or decimal column: its value when it is a whole number a 64-bit count holds; NaN
   * is missing (how pandas writes a missing value of an integer column).
   */
  private static Read countFromNumber(Column raw, DataType found, String name) {
    boolean decimal = found instanceof DecimalType;
    Column x = found instanceof FloatType ? raw.cast(DataTypes.DoubleType) : raw;
    Column missing = decimal ? x.isNull() : x.isNull().or(isnan(x));
    // False for fractions, infinities and NaN (whose remainder is NaN).
    Column whole = x.mod(1).equalTo(0);
    Column inRange = decimal ? x.between(lit(BigDecimal.valueOf(Long.MIN_VALUE)), lit(BigDecimal.valueOf(Long.MAX_VALUE)))
        : x.geq(-TWO_TO_63).and(x.lt(TWO_TO_63));
    Column shown = concat(lit(name + " = "), x.cast(DataTypes.StringType));
    return new Read(when(not(missing).and(whole).and(inRange), x.cast(DataTypes.LongType)),
        when(not(missing), when(not(whole), concat(shown, lit(" is not a whole number")))
            .when(not(inRange), concat(shown, lit(" is beyond the 64-bit count range")))));
  }
}
