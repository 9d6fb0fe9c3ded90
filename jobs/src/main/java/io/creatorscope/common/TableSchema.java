package io.creatorscope.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A table schema as declared in schemas/: columns with their Spark SQL type, whether they are required, and a
 * one-line meaning; plus the table's grain and partition columns. Code never repeats a column list: it reads it
 * from here.
 */
public final class TableSchema {
  /** One declared column. */
  public record ColumnSpec(String name, DataType type, boolean required, String doc) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String table;
  private final String grain;
  private final List<ColumnSpec> columns;
  private final List<String> partitionedBy;
  private final String pathPartitionColumn;
  private final WriteMode writeMode;
  private final List<String> key;
  private final List<String> winnerOrder;

  private TableSchema(String table, String grain, List<ColumnSpec> columns, List<String> partitionedBy,
      String pathPartitionColumn, WriteMode writeMode, List<String> key, List<String> winnerOrder) {
    this.table = table;
    this.grain = grain;
    this.columns = List.copyOf(columns);
    this.partitionedBy = List.copyOf(partitionedBy);
    this.pathPartitionColumn = pathPartitionColumn;
    this.writeMode = writeMode;
    this.key = List.copyOf(key);
    this.winnerOrder = List.copyOf(winnerOrder);
  }

  /** Loads a schema file from the classpath (schemas/ is packaged into the jar). */
  public static TableSchema load(String resource) {
    try (InputStream in = TableSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource not found on the classpath: " + resource);
      }
      JsonNode root = JSON.readTree(in);
      List<ColumnSpec> cols = new ArrayList<>();
      for (JsonNode c : root.get("columns")) {
        cols.add(new ColumnSpec(
            c.get("name").asText(),
            DataType.fromDDL(c.get("type").asText()),
            c.path("required").asBoolean(false),
            c.path("doc").asText("")));
      }
      List<String> parts = new ArrayList<>();
      root.path("partitionedBy").forEach(p -> parts.add(p.asText()));
      String pathPartition = root.hasNonNull("pathPartitionColumn") ? root.get("pathPartitionColumn").asText() : null;
      WriteMode mode = WriteMode.named(root.path("write").asText("replace_as_of"));
      return new TableSchema(root.get("table").asText(), root.path("grain").asText(""), cols, parts, pathPartition,
          mode, names(root.path("key")), names(root.path("winnerOrder")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema resource " + resource, e);
    }
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  public String table() {
    return table;
  }

  /** How a run's rows replace what the table holds. */
  public WriteMode writeMode() {
    return writeMode;
  }

  /** Columns identifying a row of a fact table (empty for tables replaced by as-of date). */
  public List<String> key() {
    return key;
  }

  /**
   * Of two rows with the same key, the one that is larger in these columns (compared in order, nulls smallest)
   * is kept: for posts the latest observation, for profiles a deterministic pick among a day's rows.
   */
  public List<String> winnerOrder() {
    return winnerOrder;
  }

  /** The partition column of a fact table (one, a date), e.g. snapshot_date. */
  public String factPartition() {
    if (writeMode == WriteMode.REPLACE_AS_OF || partitionedBy.size() != 1) {
      throw new IllegalStateException(table + " is not a fact table partitioned by one date column");
    }
    return partitionedBy.get(0);
  }

  public String grain() {
    return grain;
  }

  public List<ColumnSpec> columns() {
    return columns;
  }

  public List<String> partitionedBy() {
    return partitionedBy;
  }

  /** The date column an input may carry in hive-style directories instead of the file (e.g. snapshot_date). */
  public Optional<String> pathPartitionColumn() {
    return Optional.ofNullable(pathPartitionColumn);
  }

  public ColumnSpec column(String name) {
    return columns.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("table " + table + " declares no column " + name));
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  public List<String> requiredColumnNames() {
    return columns.stream().filter(ColumnSpec::required).map(ColumnSpec::name).toList();
  }

  /** The Spark schema: required columns are not nullable; each field carries its doc as a comment. */
  public StructType structType() {
    List<StructField> fields = new ArrayList<>();
    for (ColumnSpec c : columns) {
      Metadata meta = new MetadataBuilder().putString("comment", c.doc()).build();
      fields.add(new StructField(c.name(), c.type(), !c.required(), meta));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  /** Same as {@link #structType()} without the partition columns: the columns stored inside the files. */
  public StructType fileStructType() {
    StructType all = structType();
    List<StructField> kept = new ArrayList<>();
    for (StructField f : all.fields()) {
      if (!partitionedBy.contains(f.name())) {
        kept.add(f);
      }
    }
    return new StructType(kept.toArray(new StructField[0]));
  }

  /**
   * Selects exactly the declared columns, in declared order, cast to the declared types. A declared column the
   * dataset lacks is a programming error and fails loudly; extra columns are left out.
   */
  public Dataset<Row> conform(Dataset<Row> df) {
    List<String> present = List.of(df.columns());
    List<Column> select = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (ColumnSpec c : columns) {
      if (!present.contains(c.name())) {
        missing.add(c.name());
      } else {
        select.add(df.col(c.name()).cast(c.type()).as(c.name()));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("table " + table + " is missing declared columns " + missing);
    }
    return df.select(select.toArray(new Column[0]));
  }
}
