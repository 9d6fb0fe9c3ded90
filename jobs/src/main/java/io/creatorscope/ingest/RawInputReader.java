package io.creatorscope.ingest;

import static org.apache.spark.sql.functions.array_remove;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.TableSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;

/**
 * Reads checked input files as one dataset in the contract's columns and types, plus the source file and the raw
 * date taken from a hive-style directory. Files are read in groups of identical layout (same physical types, same
 * columns present), each group in one Spark scan, and the groups are unioned: this is how int32 and int64 counts,
 * or timestamps with and without time zone, can live side by side in one input.
 */
final class RawInputReader {
  /**
   * Why a row's value could not be read as its contract type (a count that is not a whole number, a date text that
   * is not a date), null when every value could: the row is quarantined with it.
   */
  static final String UNREADABLE = "_unreadable";
  private static final String DATE_TEXT = "^\\d{4}-\\d{2}-\\d{2}$";
  private static final String TIMESTAMP_TEXT =
      "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?)?\\s*(Z|[+-]\\d{2}(:?\\d{2})?|UTC)?$";
  /** What separates the items of a list written as one text: blanks, commas, semicolons, bars, brackets, quotes. */
  private static final String LIST_SEPARATORS = "[\\s,;|\\[\\]\"']+";
  /** 2^63: the counts a floating-point column may hold lie in [-2^63, 2^63). */
  private static final double TWO_TO_63 = 0x1p63;

  private final SparkSession spark;

  RawInputReader(SparkSession spark) {
    this.spark = spark;
  }

  Dataset<Row> read(List<InputFile> files, TableSchema contract) {
    Map<String, List<InputFile>> groups = new LinkedHashMap<>();
    for (InputFile f : files) {
      groups.computeIfAbsent(f.signature(), k -> new ArrayList<>()).add(f);
    }
    Dataset<Row> all = null;
    for (List<InputFile> group : groups.values()) {
      Dataset<Row> part = readGroup(group, contract);
      all = all == null ? part : all.unionByName(part);
    }
    return all;
  }

  /** No rows, in the columns {@link #read} gives. */
  Dataset<Row> empty(TableSchema contract) {
    org.apache.spark.sql.types.StructType type = contract.structType().asNullable()
        .add(IngestJob.SOURCE_FILE, DataTypes.StringType)
        .add(IngestJob.PATH_RAW, DataTypes.StringType)
        .add(UNREADABLE, DataTypes.StringType);
    return spark.createDataFrame(List.of(), type);
  }

  private Dataset<Row> readGroup(List<InputFile> group, TableSchema contract) {
    String[] paths = group.stream().map(InputFile::path).toArray(String[]::new);
    Dataset<Row> raw = spark.read().parquet(paths);
    Column file = col("_metadata.file_path");
    Map<String, InputFile.Source> sources = group.get(0).sources();
    List<Column> select = new ArrayList<>();
    Column pathRaw = lit(null).cast(DataTypes.StringType);
    List<Column> unreadable = new ArrayList<>();
    for (TableSchema.ColumnSpec c : contract.columns()) {
      switch (sources.get(c.name())) {
        case FILE -> {
          String name = spelled(raw, c.name());
          if (c.type().equals(DataTypes.LongType) && !integral(raw, name)) {
            select.add(wholeCount(raw, name).as(c.name()));
            unreadable.add(notWholeCount(raw, name, c.name()));
          } else if (temporal(c.type()) && raw.schema().apply(name).dataType().equals(DataTypes.StringType)) {
            select.add(parsed(raw.col(name), c.type()).as(c.name()));
            unreadable.add(unparsed(raw.col(name), c.type(), c.name()));
          } else if (c.type() instanceof ArrayType && raw.schema().apply(name).dataType().equals(DataTypes.StringType)) {
            select.add(when(raw.col(name).isNotNull(), array_remove(split(trim(raw.col(name)), LIST_SEPARATORS), ""))
                .as(c.name()));
          } else if (c.type().equals(DataTypes.BooleanType)
              && !raw.schema().apply(name).dataType().equals(DataTypes.BooleanType)) {
            select.add(flag(raw.col(name)).as(c.name()));
            unreadable.add(when(raw.col(name).isNotNull().and(trim(raw.col(name).cast(DataTypes.StringType))
                .notEqual("")).and(flag(raw.col(name)).isNull()), concat(lit(c.name() + " '"),
                raw.col(name).cast(DataTypes.StringType), lit("' is not a boolean (true/false, yes/no, 1/0)"))));
          } else {
            select.add(asContractType(raw, name, c.type()).as(c.name()));
          }
        }
        case PATH -> {
          Column value = regexp_extract(file, "/" + c.name() + "=([^/]*)/", 1);
          pathRaw = value;
          select.add(when(value.rlike("^\\d{4}-\\d{2}-\\d{2}$"), to_date(value)).as(c.name()));
        }
        default -> select.add(lit(null).cast(c.type()).as(c.name()));
      }
    }
    select.add(file.as(IngestJob.SOURCE_FILE));
    select.add(pathRaw.as(IngestJob.PATH_RAW));
    select.add((unreadable.isEmpty() ? lit(null).cast(DataTypes.StringType)
        : coalesce(unreadable.toArray(new Column[0]))).as(UNREADABLE));
    return raw.select(select.toArray(new Column[0]));
  }

  private static boolean temporal(DataType type) {
    return type.equals(DataTypes.DateType) || type.equals(DataTypes.TimestampType);
  }

  /**
   * A date or timestamp written as text: a date as yyyy-MM-dd, a timestamp as ISO 8601 (yyyy-MM-dd, then an
   * optional time after 'T' or a space, then an optional zone, 'Z' or an offset; without one, UTC). Spark's cast
   * alone would also take "2026" or "2026-10" as a day; such text is not read.
   */
  private static Column parsed(Column text, DataType type) {
    Column t = trim(text);
    String pattern = type.equals(DataTypes.DateType) ? DATE_TEXT : TIMESTAMP_TEXT;
    return when(t.rlike(pattern), t.cast(type));
  }

  /** Why a non-blank date or timestamp text could not be read (blank is null: the row is NULL_REQUIRED). */
  private static Column unparsed(Column text, DataType type, String name) {
    String expected = type.equals(DataTypes.DateType) ? "a date (yyyy-MM-dd)"
        : "a timestamp (ISO 8601, e.g. 2026-10-01T12:00:00Z)";
    return when(trim(text).notEqual("").and(parsed(text, type).isNull()),
        concat(lit(name + " '"), text, lit("' is not " + expected)));
  }

  /** A boolean from a 0/1 integer or from text: true/false, t/f, yes/no, y/n, 1/0, in any case; else null. */
  private static Column flag(Column value) {
    Column t = lower(trim(value.cast(DataTypes.StringType)));
    return when(t.isin("true", "t", "yes", "y", "1"), lit(true)).when(t.isin("false", "f", "no", "n", "0"), lit(false));
  }

  private static boolean integral(Dataset<Row> raw, String name) {
    DataType t = raw.schema().apply(name).dataType();
    return !(t instanceof DoubleType || t instanceof FloatType || t instanceof DecimalType);
  }

  /**
   * A count from a floating-point or decimal column (the checker lets only those and integers through): its value
   * when it is a whole number a 64-bit count holds; null for NaN, which is how pandas writes a missing value of an
   * integer column; null too, with {@link #notWholeCount} saying why, for anything else.
   */
  private static Column wholeCount(Dataset<Row> raw, String name) {
    Column x = number(raw, name);
    return when(not(missing(raw, name)).and(whole(x)).and(inRange(raw, name)), x.cast(DataTypes.LongType));
  }

  private static Column notWholeCount(Dataset<Row> raw, String name, String contractName) {
    Column x = number(raw, name);
    Column value = concat(lit(contractName + " = "), x.cast(DataTypes.StringType));
    return when(not(missing(raw, name)), when(not(whole(x)), concat(value, lit(" is not a whole number")))
        .when(not(inRange(raw, name)), concat(value, lit(" is beyond the 64-bit count range"))));
  }

  private static Column number(Dataset<Row> raw, String name) {
    return raw.schema().apply(name).dataType() instanceof FloatType ? raw.col(name).cast(DataTypes.DoubleType)
        : raw.col(name);
  }

  private static Column missing(Dataset<Row> raw, String name) {
    return raw.schema().apply(name).dataType() instanceof DecimalType ? raw.col(name).isNull()
        : raw.col(name).isNull().or(isnan(raw.col(name)));
  }

  /** False for fractions, infinities and NaN (whose remainder is NaN). */
  private static Column whole(Column x) {
    return x.mod(1).equalTo(0);
  }

  private static Column inRange(Dataset<Row> raw, String name) {
    Column x = number(raw, name);
    return raw.schema().apply(name).dataType() instanceof DecimalType
        ? x.between(lit(BigDecimal.valueOf(Long.MIN_VALUE)), lit(BigDecimal.valueOf(Long.MAX_VALUE)))
        : x.geq(-TWO_TO_63).and(x.lt(TWO_TO_63));
  }

  /**
   * The column in the contract's type (a timestamp for a date column gives its UTC day: the session's zone). A
   * timestamp or date column Spark hands over as a long is a nanosecond timestamp (Spark reads those as their count,
   * Sparks.configure): whole microseconds, by integer division.
   */
  private static Column asContractType(Dataset<Row> raw, String name, DataType type) {
    boolean temporal = type.equals(DataTypes.TimestampType) || type.equals(DataTypes.DateType);
    if (temporal && raw.schema().apply(name).dataType().equals(DataTypes.LongType)) {
      return expr("timestamp_micros(`" + name + "` div 1000)").cast(type);
    }
    return raw.col(name).cast(type);
  }

  /**
   * The column's name as the group's files spell it (the check matched it ignoring case): selected by that name,
   * it is found whatever the session's spark.sql.caseSensitive.
   */
  private static String spelled(Dataset<Row> raw, String name) {
    return Arrays.stream(raw.columns()).filter(name::equalsIgnoreCase).findFirst().orElse(name);
  }
}
