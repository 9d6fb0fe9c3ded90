package io.creatorscope.common;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.spark.source.HasIcebergCatalog;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.CatalogPlugin;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The output tables as Iceberg tables, reached through Spark's catalog API: the catalog and namespace they live
 * in, their creation (partitioning and sort order from schemas/output), and reading a snapshot a run recorded.
 *
 * <p>The default catalog is a Hadoop catalog whose warehouse is the output location (tables under
 * {@code OUTPUT/creatorscope/TABLE/}), registered in the session under a name derived from the location, so one
 * session can hold several outputs. A named catalog is one the user configured with {@code spark.sql.catalog.NAME}
 * properties (REST, Hive, Glue, Nessie): it and its namespace must exist.
 */
public final class IcebergTables {
  private static final String CATALOG_PREFIX = "creatorscope_";
  private static final String SPARK_CATALOG = "spark.sql.catalog.";

  private final SparkSession spark;
  private final String catalogName;
  private final Namespace namespace;
  private final Catalog catalog;

  private IcebergTables(SparkSession spark, String catalogName, Namespace namespace, Catalog catalog) {
    this.spark = spark;
    this.catalogName = catalogName;
    this.namespace = namespace;
    this.catalog = catalog;
  }

  /** The tables of an output in {@code format}; a user error when its catalog or namespace is not usable. */
  public static IcebergTables open(SparkSession spark, String outputRoot, OutputFormat format) {
    String name = format.catalog().orElseGet(() -> registerHadoopCatalog(spark, outputRoot));
    if (!spark.conf().contains(SPARK_CATALOG + name)) {
      throw new UserError("catalog " + name + " is not configured: set spark.sql.catalog." + name + "="
          + SparkCatalog.class.getName() + " and its type, uri or warehouse (spark-submit --conf; docs/iceberg.md)");
    }
    CatalogPlugin plugin;
    try {
      plugin = spark.sessionState().catalogManager().catalog(name);
    } catch (RuntimeException e) {
      throw new UserError("catalog " + name + " cannot be opened: " + firstLine(e), e);
    }
    if (!(plugin instanceof HasIcebergCatalog iceberg)) {
      throw new UserError("catalog " + name + " is not an Iceberg catalog (spark.sql.catalog." + name + " = "
          + spark.conf().get(SPARK_CATALOG + name) + "; expected " + SparkCatalog.class.getName() + ")");
    }
    String[] levels = format.namespace().split("\\.");
    try {
      org.apache.spark.sql.connector.catalog.SupportsNamespaces namespaces =
          (org.apache.spark.sql.connector.catalog.SupportsNamespaces) plugin;
      if (!namespaces.namespaceExists(levels)) {
        if (format.catalog().isPresent()) {
          throw new UserError("namespace " + format.namespace() + " does not exist in catalog " + name
              + "; create it (CREATE NAMESPACE " + name + "." + format.namespace() + ") or pass another --namespace");
        }
        namespaces.createNamespace(levels, Map.of());
      }
    } catch (UserError e) {
      throw e;
    } catch (RuntimeException | org.apache.spark.sql.catalyst.analysis.NamespaceAlreadyExistsException e) {
      throw new UserError("catalog " + name + " cannot be reached: " + firstLine(e), e);
    }
    Namespace namespace = Namespace.of(levels);
    Catalog catalog = iceberg.icebergCatalog();
    return new IcebergTables(spark, name, namespace, catalog);
  }

  /** Registers the default catalog of {@code outputRoot} in the session (once) and returns its name. */
  private static String registerHadoopCatalog(SparkSession spark, String outputRoot) {
    String warehouse;
    try {
      Path root = new Path(outputRoot);
      warehouse = root.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(root).toString();
    } catch (IOException e) {
      throw new UserError("cannot open the output location " + outputRoot + ": " + e.getMessage(), e);
    }
    String name = CATALOG_PREFIX + RunManifest.sha256(warehouse).substring(0, 12);
    if (!spark.conf().contains(SPARK_CATALOG + name)) {
      spark.conf().set(SPARK_CATALOG + name + ".type", "hadoop");
      spark.conf().set(SPARK_CATALOG + name + ".warehouse", warehouse);
      // Runs change refs through the Iceberg API; a cached table would hide that from the next Spark read.
      spark.conf().set(SPARK_CATALOG + name + ".cache-enabled", "false");
      spark.conf().set(SPARK_CATALOG + name, SparkCatalog.class.getName());
    }
    return name;
  }

  /** The name Spark SQL knows a table by, {@code catalog.namespace.table}. */
  public String identifier(String table) {
    return catalogName + "." + namespace + "." + table;
  }

  /** The name of a branch of a table, {@code catalog.namespace.table.branch_NAME}. */
  String branchIdentifier(String table, String branch) {
    return identifier(table) + ".branch_" + branch;
  }

  TableIdentifier tableIdentifier(String table) {
    return TableIdentifier.of(namespace, table);
  }

  /** The table, if it exists. */
  public Optional<Table> find(String table) {
    try {
      Table loaded = catalog.loadTable(tableIdentifier(table));
      // A caching catalog may hand out a table object other commits have moved past.
      loaded.refresh();
      return Optional.of(loaded);
    } catch (NoSuchTableException e) {
      return Optional.empty();
    }
  }

  /** Drops a table and its files: one no complete run ever recorded. */
  void drop(String table) {
    catalog.dropTable(tableIdentifier(table), true);
  }

  /**
   * The table of {@code schema}, created when missing: every column optional (as in the Parquet files), the
   * partitioning of schemas/output (days of a date column, a string column by value) and a sort order that keeps
   * a creator's rows together (creator_id, then the table's key). A table an older version created gains the
   * declared columns it lacks (null in its rows), as the Parquet format reads them.
   */
  Table createIfMissing(TableSchema schema) {
    Schema iceberg = SparkSchemaUtil.convert(schema.structType().asNullable());
    Optional<Table> existing = find(schema.table());
    if (existing.isPresent()) {
      Table table = existing.get();
      if (schema.columnNames().stream().anyMatch(c -> table.schema().findField(c) == null)) {
        table.updateSchema().unionByNameWith(iceberg).commit();
      }
      return table;
    }
    PartitionSpec.Builder spec = PartitionSpec.builderFor(iceberg);
    for (String column : schema.partitionedBy()) {
      if (schema.structType().apply(column).dataType().equals(DataTypes.DateType)) {
        spec.day(column);
      } else {
        spec.identity(column);
      }
    }
    SortOrder.Builder order = SortOrder.builderFor(iceberg);
    java.util.LinkedHashSet<String> sortBy = new java.util.LinkedHashSet<>();
    if (schema.columnNames().contains(Columns.CREATOR_ID)) {
      sortBy.add(Columns.CREATOR_ID);
    }
    schema.key().stream().filter(k -> !schema.partitionedBy().contains(k)).forEach(sortBy::add);
    sortBy.forEach(order::asc);
    return catalog.buildTable(tableIdentifier(schema.table()), iceberg)
        .withPartitionSpec(spec.build())
        .withSortOrder(order.build())
        .withProperties(Map.of(
            // A fact table's rows are clustered by partition, as the Parquet writer does; a table replaced by
            // as-of date has one partition per run, so its tasks each sort their own rows.
            TableProperties.WRITE_DISTRIBUTION_MODE, schema.writeMode() == WriteMode.REPLACE_AS_OF
                ? TableProperties.WRITE_DISTRIBUTION_MODE_NONE : TableProperties.WRITE_DISTRIBUTION_MODE_HASH,
            TableProperties.PARQUET_COMPRESSION, "snappy"))
        .create();
  }

  /** A table as of a snapshot (time travel), in its declared columns. */
  public Dataset<Row> readSnapshot(String table, long snapshotId) {
    return declared(table, spark.sql("SELECT * FROM " + identifier(table) + " VERSION AS OF " + snapshotId));
  }

  /** A branch of a table, in its declared columns. */
  Dataset<Row> readBranch(String table, String branch) {
    return declared(table, spark.table(branchIdentifier(table, branch)));
  }

  private static Dataset<Row> declared(String table, Dataset<Row> rows) {
    StructField[] fields = Tables.output(table).structType().fields();
    Column[] columns = new Column[fields.length];
    for (int i = 0; i < fields.length; i++) {
      columns[i] = functions.col(fields[i].name());
    }
    return rows.select(columns);
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage()).strip();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
