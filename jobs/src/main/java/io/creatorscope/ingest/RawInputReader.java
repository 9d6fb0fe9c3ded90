package io.creatorscope.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;

import io.creatorscope.common.TableSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.Footer;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads checked input files as one dataset in the contract's columns and types, plus the source file and the raw
 * date taken from a hive-style directory. Files are read in groups of identical layout (same physical types, same
 * columns present), each group in one Spark scan, and the groups are unioned: this is how int32 and int64 counts,
 * or timestamps with and without time zone, can live side by side in one input.
 */
final class RawInputReader {
  /**
   * Why a row's value could not be read as its contract type ({@link ContractValues}), null when every value
   * could: the row is quarantined with it.
   */
  static final String UNREADABLE = "_unreadable";
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
    Map<String, InputFile.Source> sources = group.get(0).sources();
    Dataset<Row> raw = spark.read().schema(fileColumns(group.get(0))).parquet(paths);
    Column file = col("_metadata.file_path");
    List<Column> select = new ArrayList<>();
    Column pathRaw = lit(null).cast(DataTypes.StringType);
    List<Column> unreadable = new ArrayList<>();
    for (TableSchema.ColumnSpec c : contract.columns()) {
      switch (sources.get(c.name())) {
        case FILE -> {
          String name = spelled(raw, c.name());
          ContractValues.Read read = ContractValues.read(raw.col(name), raw.schema().apply(name).dataType(), c.type(),
              c.name());
          select.add(read.value().as(c.name()));
          if (read.problem() != null) {
            unreadable.add(read.problem());
          }
        }
        case PATH -> {
          Column value = regexp_extract(file, "/" + c.name() + "=([^/]*)/", 1);
          pathRaw = value;
          select.add(ContractValues.day(value).as(c.name()));
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

  /**
   * The contract columns the group's files hold, in the types Spark gives them when it reads such a file itself
   * (Spark's own function, on the footer the check read). Given to the scan, they spare a Spark job per scan that
   * would read a footer again to infer them (four of the 25 jobs of ingest on the sample); a group's files have
   * the same contract columns in the same physical types.
   */
  StructType fileColumns(InputFile file) {
    StructType all = ParquetFileFormat.readSchemaFromFooter(
        new Footer(new Path(file.path()), new ParquetMetadata(file.fileMetaData(), List.of())),
        new ParquetToSparkSchemaConverter(spark.sessionState().conf()));
    return new StructType(Arrays.stream(all.fields())
        .filter(f -> file.sources().entrySet().stream().anyMatch(
            s -> s.getValue() == InputFile.Source.FILE && s.getKey().equalsIgnoreCase(f.name())))
        .toArray(StructField[]::new));
  }

  /**
   * The column's name as the group's files spell it (the check matched it ignoring case): selected by that name,
   * it is found whatever the session's spark.sql.caseSensitive.
   */
  private static String spelled(Dataset<Row> raw, String name) {
    return Arrays.stream(raw.columns()).filter(name::equalsIgnoreCase).findFirst().orElse(name);
  }
}
