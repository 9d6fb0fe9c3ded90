package io.creatorscope.ingest;

import io.creatorscope.common.TableSchema;
import io.creatorscope.common.UserError;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.execution.datasources.parquet.ParquetReadSupport;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Checks every input file's Parquet footer against the declared contract before Spark reads a row, so a wrong
 * file fails in one line naming the file, the column, the expected and the found type.
 *
 * <p>Accepted beyond the exact contract types ({@link #accepts}; docs/input-contract.md lists them for users): the
 * integer, floating-point and decimal counts, timestamp units and date encodings that pandas, pyarrow, DuckDB and
 * Spark write; dates carried by hive-style directories ({@code snapshot_date=...}) instead of the file; a column of
 * nulls only, whatever its type; extra columns (ignored).
 */
public final class InputSchemaChecker {
  private final Configuration hadoopConf;

  public InputSchemaChecker(Configuration hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  /** Lists the data files under {@code dir} (recursively, skipping _ and . names) and checks each one. */
  public List<InputFile> check(String dir, TableSchema contract) {
    return check(list(dir, contract), contract);
  }

  /** Checks the footers of the given files. */
  public List<InputFile> check(List<FileStatus> statuses, TableSchema contract) {
    List<InputFile> files = new ArrayList<>();
    for (FileStatus st : statuses) {
      files.add(checkFile(st, contract));
    }
    return files;
  }

  /** The data files under {@code dir} (recursively, skipping _ and . names), by path; none is a user error. */
  public List<FileStatus> list(String dir, TableSchema contract) {
    List<FileStatus> files = listDataFiles(dir, contract.table());
    if (files.isEmpty()) {
      throw new UserError(dir + ": no input files for table " + contract.table());
    }
    return files;
  }

  /** The data files under {@code dir} of an optional input: none when the folder does not exist. */
  public List<FileStatus> listIfPresent(String dir, TableSchema contract) {
    Path root = new Path(dir);
    try {
      if (!root.getFileSystem(hadoopConf).exists(root)) {
        return List.of();
      }
    } catch (IOException e) {
      throw new UserError(dir + ": cannot list input files (" + e.getMessage() + ")", e);
    }
    return listDataFiles(dir, contract.table());
  }

  List<FileStatus> listDataFiles(String dir, String table) {
    Path root = new Path(dir);
    List<FileStatus> out = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(hadoopConf);
      if (!fs.exists(root)) {
        throw new UserError(dir + ": input folder for table " + table + " does not exist");
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        LocatedFileStatus st = it.next();
        if (st.isFile() && !hidden(root, st.getPath())) {
          out.add(st);
        }
      }
    } catch (FileNotFoundException e) {
      throw new UserError(dir + ": input folder for table " + table + " does not exist");
    } catch (IOException e) {
      throw new UserError(dir + ": cannot list input files (" + e.getMessage() + ")", e);
    }
    out.sort(java.util.Comparator.comparing(FileStatus::getPath));
    return out;
  }

  /** Files and folders whose name starts with _ or . are metadata (_SUCCESS, .crc), as in Spark. */
  private static boolean hidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root) && p.getParent() != null; p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
      if (p.toUri().getPath().equals(root.toUri().getPath())) {
        break;
      }
    }
    return false;
  }

  InputFile checkFile(FileStatus status, TableSchema contract) {
    Path path = status.getPath();
    if (path.getName().contains(":")) {
      // Hadoop's Path parses a relative name with ':' as a URI with a scheme. The local file system derives
      // '.NAME.crc' from every file it opens, so it cannot open such a file; object stores share the limit.
      throw new UserError(path + ": the file name contains ':', which Hadoop file paths (and so Spark) cannot "
          + "hold in a file name (HADOOP-14217); rename the file without ':'");
    }
    ParquetMetadata footer;
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, hadoopConf))) {
      footer = reader.getFooter();
    } catch (IOException | RuntimeException e) {
      throw new UserError(path + ": not a readable Parquet file (" + firstLine(e) + ")", e);
    }
    MessageType schema = footer.getFileMetaData().getSchema();
    long rows = footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
    Map<String, InputFile.Source> sources = new LinkedHashMap<>();
    StringBuilder signature = new StringBuilder();
    for (TableSchema.ColumnSpec c : contract.columns()) {
      InputFile.Source source;
      Type t = field(schema, c.name(), path);
      // A column of nothing but nulls has no values to mistype: pyarrow writes a pandas column of None as its null
      // type (INT32 to every reader here), and a file without rows may carry any types. Read as nulls.
      boolean nullsOnly = t != null && !accepts(c.type(), t) && onlyNulls(footer, t);
      if (nullsOnly) {
        t = null;
      }
      if (t != null) {
        String found = describe(t);
        if (!accepts(c.type(), t)) {
          throw new UserError(path + ": column '" + t.getName() + "' has type " + found + ", expected "
              + c.type().simpleString() + " (" + expectedParquet(c.type()) + ")");
        }
        source = InputFile.Source.FILE;
        // The name as the file spells it: files spelling a column differently are read in scans of their own.
        signature.append(t.getName()).append(':').append(found).append(';');
      } else if (contract.pathPartitionColumn().filter(c.name()::equals).isPresent()
          && path.toUri().getPath().contains("/" + c.name() + "=")) {
        source = InputFile.Source.PATH;
        signature.append(c.name()).append(":path;");
      } else if (nullsOnly) {
        source = InputFile.Source.NULLS;
        signature.append(c.name()).append(":nulls;");
      } else if (c.required()) {
        throw new UserError(path + ": required column '" + c.name() + "' is missing (expected "
            + c.type().simpleString() + ")");
      } else {
        source = InputFile.Source.ABSENT;
        signature.append(c.name()).append(":absent;");
      }
      sources.put(c.name(), source);
    }
    Days days = days(footer, path, contract, sources);
    return new InputFile(path.toString(), rows, sources, signature.toString(), status.getLen(),
        status.getModificationTime(), days.oldest(), days.newest(), schemaOf(footer.getFileMetaData()));
  }

  /**
   * What Spark infers a file's schema from: its Parquet schema, and the schema Spark wrote beside it when Spark wrote
   * the file. The rest of the key-value metadata (pandas writes a few KB of it per file) is not kept: a full ingest
   * holds the checked files of its whole input on the driver.
   */
  private static FileMetaData schemaOf(FileMetaData meta) {
    String key = ParquetReadSupport.SPARK_METADATA_KEY();
    String sparkSchema = meta.getKeyValueMetaData().get(key);
    return new FileMetaData(meta.getSchema(), sparkSchema == null ? Map.of() : Map.of(key, sparkSchema),
        meta.getCreatedBy());
  }

  /**
   * Whether the file's column holds only nulls, as its row groups' statistics say (a file without rows holds no
   * values at all); false when a row group has no statistics for it.
   */
  private static boolean onlyNulls(ParquetMetadata footer, Type column) {
    if (!column.isPrimitive()) {
      return false;
    }
    for (BlockMetaData block : footer.getBlocks()) {
      if (block.getRowCount() == 0) {
        continue;
      }
      var chunk = block.getColumns().stream()
          .filter(c -> c.getPath().toDotString().equals(column.getName())).findFirst().orElse(null);
      if (chunk == null || chunk.getStatistics() == null || !chunk.getStatistics().isNumNullsSet()
          || chunk.getStatistics().getNumNulls() != block.getRowCount()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The file's column for a contract column, its name matched ignoring case as Spark, Hive and Trino match column
   * names ({@code CREATOR_ID} is {@code creator_id}); null when absent. Two columns that differ only in case would
   * be one column to Spark, which could not tell which to read: refused.
   */
  private static Type field(MessageType schema, String name, Path path) {
    List<Type> matches = schema.getFields().stream().filter(f -> f.getName().equalsIgnoreCase(name)).toList();
    if (matches.size() > 1) {
      throw new UserError(path + ": column '" + name + "' is there " + matches.size() + " times, as "
          + String.join(", ", matches.stream().map(f -> "'" + f.getName() + "'").toList())
          + " (column names are matched ignoring case); keep one");
    }
    return matches.isEmpty() ? null : matches.get(0);
  }

  private record Days(java.time.LocalDate oldest, java.time.LocalDate newest) {}

  /**
   * The oldest and newest value of the table's date column in the file: from the directory name for hive-style
   * files, else from the row groups' column statistics; both null when they do not say (the file is then read by
   * every run that may need it).
   */
  private static Days days(ParquetMetadata footer, Path path, TableSchema contract,
      Map<String, InputFile.Source> sources) {
    Days unknown = new Days(null, null);
    String column = contract.pathPartitionColumn().orElse(null);
    if (column == null) {
      return unknown;
    }
    if (sources.get(column) == InputFile.Source.PATH) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("/" + column + "=(\\d{4}-\\d{2}-\\d{2})/")
          .matcher(path.toUri().getPath());
      java.time.LocalDate day = m.find() ? java.time.LocalDate.parse(m.group(1)) : null;
      return new Days(day, day);
    }
    Integer oldest = null;
    Integer newest = null;
    for (BlockMetaData block : footer.getBlocks()) {
      var chunk = block.getColumns().stream()
          .filter(c -> c.getPath().toDotString().equalsIgnoreCase(column)).findFirst().orElse(null);
      if (chunk == null || chunk.getStatistics() == null || !chunk.getStatistics().hasNonNullValue()
          || !isDateOrTime(chunk.getPrimitiveType().getLogicalTypeAnnotation())) {
        // Dates written as text or numbers (yyyyMMdd, counts in a unit of their size): their statistics need not
        // order them as days.
        if (block.getRowCount() > 0) {
          return unknown;
        }
        continue;
      }
      LogicalTypeAnnotation logical = chunk.getPrimitiveType().getLogicalTypeAnnotation();
      int min = epochDay(chunk.getStatistics().genericGetMin(), logical);
      int max = epochDay(chunk.getStatistics().genericGetMax(), logical);
      oldest = oldest == null ? min : Math.min(oldest, min);
      newest = newest == null ? max : Math.max(newest, max);
    }
    return newest == null ? unknown
        : new Days(java.time.LocalDate.ofEpochDay(oldest), java.time.LocalDate.ofEpochDay(newest));
  }

  private static boolean isDateOrTime(LogicalTypeAnnotation logical) {
    return logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
  }

  /** The day of a DATE statistic (days since the epoch), or of a TIMESTAMP one in its unit, in UTC. */
  private static int epochDay(Object value, LogicalTypeAnnotation logical) {
    if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
      long perDay = switch (ts.getUnit()) {
        case MILLIS -> 86_400_000L;
        case MICROS -> 86_400_000_000L;
        case NANOS -> 86_400_000_000_000L;
      };
      return (int) Math.floorDiv((Long) value, perDay);
    }
    return (Integer) value;
  }

  /** Whether a Parquet column can be read as the contract type without loss. */
  static boolean accepts(DataType expected, Type found) {
    if (expected instanceof ArrayType array) {
      // A list of strings may also come as one text ("#fit #gym", or the "['#fit', '#gym']" pandas writes for a
      // list in a CSV), which ContractValues splits.
      boolean text = array.elementType().equals(DataTypes.StringType) && found.isPrimitive()
          && !found.isRepetition(Type.Repetition.REPEATED)
          && isString(found.asPrimitiveType().getPrimitiveTypeName(), found.getLogicalTypeAnnotation());
      return text || acceptsList(array.elementType(), found);
    }
    if (!found.isPrimitive() || found.isRepetition(Type.Repetition.REPEATED)) {
      return false;
    }
    PrimitiveType p = found.asPrimitiveType();
    PrimitiveTypeName physical = p.getPrimitiveTypeName();
    LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
    if (expected.equals(DataTypes.StringType)) {
      // Also integers of any width and sign: numeric ids (platforms number accounts and posts, and pandas writes a
      // column of digits as int64), read as their decimal digits. Not floating-point numbers, which hold ids above
      // 2^53 inexactly.
      return isString(physical, logical) || isInteger(physical, logical);
    }
    if (expected.equals(DataTypes.LongType)) {
      // Counts come as integers of any width and sign, and as floating-point or decimal numbers: pandas writes an
      // integer column with a missing value as float64, DuckDB a sum as a decimal, and Spark reads an unsigned
      // 64-bit integer as one. ContractValues takes their whole values; a NaN is missing, and a value that is not a
      // whole 64-bit count quarantines its row.
      boolean numeric = logical == null
          || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
          || logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
      boolean decimalOnly = logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation
          && (physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY || physical == PrimitiveTypeName.BINARY);
      boolean number = decimalOnly || physical == PrimitiveTypeName.INT64 || physical == PrimitiveTypeName.INT32
          || (logical == null && (physical == PrimitiveTypeName.DOUBLE || physical == PrimitiveTypeName.FLOAT));
      // Digits as text too (a CSV converted to Parquet without parsing them): ContractValues reads them.
      return (numeric && number) || isString(physical, logical);
    }
    if (expected.equals(DataTypes.DoubleType)) {
      // Also decimals (DuckDB writes a literal such as 0.35 as one), integers, and numbers as text (a CSV converted
      // without parsing them), which ContractValues reads and quarantines what is not a number.
      return (logical == null && (physical == PrimitiveTypeName.DOUBLE || physical == PrimitiveTypeName.FLOAT))
          || logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation || isInteger(physical, logical)
          || isString(physical, logical);
    }
    if (expected.equals(DataTypes.BooleanType)) {
      // Also 0/1 integers (MySQL's TINYINT(1) booleans, exported as they are) and text (true/false, yes/no, 1/0),
      // which ContractValues reads and quarantines what is not one.
      return physical == PrimitiveTypeName.BOOLEAN || isString(physical, logical) || isInteger(physical, logical);
    }
    if (expected.equals(DataTypes.DateType)) {
      // A timestamp for a day (pandas writes its datetime64 columns so) stands for its UTC day; a string (a CSV
      // converted without parsing its dates) or an integer (yyyyMMdd, which pandas reads a CSV's 20261001 as, or a
      // count since 1970) is read by ContractValues, which quarantines what is not a date.
      return isString(physical, logical) || isInteger(physical, logical)
          || (physical == PrimitiveTypeName.INT32 && logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation)
          || (physical == PrimitiveTypeName.INT64
              && logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation);
    }
    if (expected.equals(DataTypes.TimestampType)) {
      if (physical == PrimitiveTypeName.INT96 || isString(physical, logical)) {
        return true;
      }
      // Also a plain integer: a count since 1970 (an API's epoch time), in the unit ContractValues tells by its size.
      return isInteger(physical, logical) || (physical == PrimitiveTypeName.INT64
          && logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation);
    }
    return false;
  }

  /** An integer of any width and sign, not a date or a time. */
  private static boolean isInteger(PrimitiveTypeName physical, LogicalTypeAnnotation logical) {
    return (physical == PrimitiveTypeName.INT64 || physical == PrimitiveTypeName.INT32)
        && (logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation);
  }

  private static boolean isString(PrimitiveTypeName physical, LogicalTypeAnnotation logical) {
    return physical == PrimitiveTypeName.BINARY
        && (logical == null
            || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation);
  }

  /**
   * A Parquet LIST of the element type: the standard three-level layout (a repeated group of one element) and the
   * legacy two-level one (a repeated element) that older writers produce.
   */
  private static boolean acceptsList(DataType element, Type found) {
    if (found.isPrimitive()
        || !(found.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)
        || found.asGroupType().getFieldCount() != 1) {
      return false;
    }
    Type repeated = found.asGroupType().getType(0);
    if (repeated.isPrimitive()) {
      return acceptsElement(element, org.apache.parquet.schema.Types.optional(repeated.asPrimitiveType()
          .getPrimitiveTypeName()).as(repeated.getLogicalTypeAnnotation()).named(repeated.getName()));
    }
    return repeated.asGroupType().getFieldCount() == 1
        && acceptsElement(element, repeated.asGroupType().getType(0));
  }

  /** A list's items: tags and mentions are text only (integer ids are a column's, not a list's). */
  private static boolean acceptsElement(DataType element, Type found) {
    if (element.equals(DataTypes.StringType)) {
      return found.isPrimitive() && !found.isRepetition(Type.Repetition.REPEATED)
          && isString(found.asPrimitiveType().getPrimitiveTypeName(), found.getLogicalTypeAnnotation());
    }
    return accepts(element, found);
  }

  static String describe(Type t) {
    if (!t.isPrimitive()) {
      return "group " + t.getName() + " (nested)";
    }
    PrimitiveType p = t.asPrimitiveType();
    String repeated = p.isRepetition(Type.Repetition.REPEATED) ? "repeated " : "";
    LogicalTypeAnnotation l = p.getLogicalTypeAnnotation();
    String unsigned = l instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned()
        ? ", unsigned" : "";
    return repeated + p.getPrimitiveTypeName() + (l == null ? "" : " (" + l + unsigned + ")");
  }

  static String expectedParquet(DataType t) {
    if (t.equals(DataTypes.StringType)) {
      return "BINARY (STRING), or INT64 or INT32 (integer ids, read as their digits)";
    }
    if (t.equals(DataTypes.LongType)) {
      return "INT64, INT32, DOUBLE, FLOAT, DECIMAL or a STRING of digits";
    }
    if (t.equals(DataTypes.DateType)) {
      return "INT32 (DATE), INT64 (TIMESTAMP: its UTC day), a STRING yyyy-MM-dd, an INT32 or INT64 yyyyMMdd or count "
          + "since 1970, or a hive-style directory";
    }
    if (t.equals(DataTypes.TimestampType)) {
      return "INT64 (TIMESTAMP in MILLIS, MICROS or NANOS, with or without time zone), INT96, a STRING in ISO 8601, "
          + "or an INT64 or INT32 count of seconds, milliseconds, microseconds or nanoseconds since 1970";
    }
    if (t.equals(DataTypes.BooleanType)) {
      return "BOOLEAN, an INT 0/1 or a STRING true/false";
    }
    if (t.equals(DataTypes.DoubleType)) {
      return "DOUBLE, FLOAT, DECIMAL, INT64, INT32 or a STRING of a number";
    }
    if (t instanceof ArrayType a) {
      return a.elementType().equals(DataTypes.StringType) ? "LIST of BINARY (STRING), or one STRING of them"
          : "LIST of " + expectedParquet(a.elementType());
    }
    return t.simpleString();
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
