package io.creatorscope.query;

import io.creatorscope.common.OutputFormat;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.TableSchema;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.common.WriteMode;
import io.creatorscope.common.UserError;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * The output tables under an output location. Iceberg: the tables the complete runs' manifests record, read at
 * the snapshots they record (with one as-of date asked, every table as that date's run left it: time travel).
 * Parquet: found on disk: every folder whose name is a plain SQL identifier
 * (so not {@code _staging} or {@code _manifests}) with at least one as_of_date that a complete run wrote (its
 * manifest lists the table; partitions of failed or interrupted runs are never shown). Reads
 * them with their partition columns (as_of_date, and niche for discovery_ranking) and registers them as temp views;
 * the curated fact tables have no as_of_date and are registered whole, whatever dates are asked for.
 * Only folder listings happen here; the data is read by the queries.
 */
public final class OutputCatalog {
  /** One column as {@code query --tables} shows it. */
  public record ColumnInfo(String name, String type, String doc) {}

  /**
   * A table found on disk: its name, its declared schema if any, and the dates of its partitions (oldest first)
   * in {@code dateColumn}: as_of_date, or for a fact table (the curated tables, which every as-of date sees whole)
   * its own partition column.
   */
  public record OutputTable(String name, List<LocalDate> dates, Optional<TableSchema> schema, String dateColumn) {
    /** A fact table: one table for every as-of date, not a partition per run. */
    public boolean facts() {
      return !dateColumn.equals(io.creatorscope.common.Columns.AS_OF_DATE);
    }
  }

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_]+");
  /** Every table: for a session that may query any of them. */
  public static final Predicate<String> EVERY_TABLE = name -> true;

  private final SparkSession spark;
  private final String outputRoot;
  private final List<OutputTable> tables;

  private OutputCatalog(SparkSession spark, String outputRoot, List<OutputTable> tables) {
    this.spark = spark;
    this.outputRoot = outputRoot;
    this.tables = List.copyOf(tables);
  }

  /** Lists the tables under {@code outputRoot}; a user error when the location is missing or holds none. */
  public static OutputCatalog open(SparkSession spark, String outputRoot) {
    Path root = new Path(outputRoot);
    List<OutputTable> found = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        throw new UserError(outputRoot + " does not exist");
      }
      Map<String, TreeSet<LocalDate>> complete = RunManifest.completeDatesByTable(spark, outputRoot);
      Optional<OutputFormat> format = RunManifest.formatOf(spark, outputRoot);
      if (format.isPresent() && format.get().iceberg()) {
        complete.forEach((name, dates) -> found.add(icebergTable(spark, outputRoot, name, dates)));
      }
      for (FileStatus st : fs.listStatus(root)) {
        String name = st.getPath().getName();
        if (st.isDirectory() && IDENTIFIER.matcher(name).matches() && format.isPresent()
            && !format.get().iceberg()) {
          List<LocalDate> dates = new ArrayList<>(complete.getOrDefault(name, new TreeSet<>()));
          Optional<TableSchema> schema = declaredSchema(name);
          if (!dates.isEmpty() && schema.isPresent() && schema.get().writeMode() != WriteMode.REPLACE_AS_OF) {
            String column = schema.get().factPartition();
            found.add(new OutputTable(name, PublishedTables.partitionDates(fs, st.getPath(), column), schema, column));
          } else if (!dates.isEmpty()) {
            found.add(new OutputTable(name, dates, schema, io.creatorscope.common.Columns.AS_OF_DATE));
          }
        }
      }
    } catch (IOException e) {
      throw new UserError("cannot list " + outputRoot + ": " + e.getMessage(), e);
    }
    if (found.isEmpty()) {
      throw new UserError("no output tables of a complete run under " + outputRoot + " (no manifest under "
          + RunManifest.FOLDER + "/ lists one); run the pipeline first, or rerun the run that failed");
    }
    found.sort(Comparator.comparing(OutputTable::name));
    return new OutputCatalog(spark, outputRoot, found);
  }

  /** A table of an Iceberg output: every table there is declared; a fact table's dates are its partitions'. */
  private static OutputTable icebergTable(SparkSession spark, String outputRoot, String name,
      TreeSet<LocalDate> dates) {
    TableSchema schema = Tables.output(name);
    if (schema.writeMode() == WriteMode.REPLACE_AS_OF) {
      return new OutputTable(name, List.copyOf(dates), Optional.of(schema), io.creatorscope.common.Columns.AS_OF_DATE);
    }
    try {
      return new OutputTable(name, PublishedTables.factDates(spark, outputRoot, name), Optional.of(schema),
          schema.factPartition());
    } catch (IOException e) {
      throw new UserError("cannot list the partitions of " + name + ": " + e.getMessage(), e);
    }
  }

  private static Optional<TableSchema> declaredSchema(String table) {
    return Tables.OUTPUTS.contains(table) ? Optional.of(Tables.output(table)) : Optional.empty();
  }

  public List<OutputTable> tables() {
    return tables;
  }

  /**
   * The given as_of_date partitions of a table, with the partition columns taken from the folder names. A
   * declared table is read with its declared schema (types, and the docs as column comments for DESCRIBE);
   * another table with the schema Spark finds in its files.
   */
  public Dataset<Row> read(OutputTable table, List<LocalDate> dates) {
    if (table.facts()) {
      return PublishedTables.readFacts(spark, outputRoot, table.name(), null, null);
    }
    if (RunManifest.formatOf(spark, outputRoot).map(OutputFormat::iceberg).orElse(false)) {
      return PublishedTables.readPartitions(spark, outputRoot, table.name(), dates);
    }
    DataFrameReader reader = spark.read().option("basePath", new Path(outputRoot, table.name()).toString());
    table.schema().ifPresent(s -> reader.schema(s.structType()));
    String[] paths = dates.stream()
        .map(d -> PublishedTables.partitionPath(outputRoot, table.name(), d).toString())
        .toArray(String[]::new);
    return reader.parquet(paths);
  }

  /**
   * The tables a SQL statement can name: those whose name appears in it as a word (case aside). A superset of the
   * relations it reads (a word in a string or a comment counts too), since a view is named by its bare identifier
   * (IDENTIFIER('...') is refused, {@link ReadOnlyStatement}).
   */
  public static Predicate<String> namedIn(String statement) {
    Set<String> words = new HashSet<>();
    Matcher m = WORD.matcher(statement);
    while (m.find()) {
      words.add(m.group().toLowerCase(Locale.ROOT));
    }
    return name -> words.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Registers the tables {@code wanted} names as temp views named after them, over the dates {@code selection}
   * picks (a table without such a date gets no view). Returns the names of every table that has the dates, the
   * views a statement may read, registered or not (only the wanted ones are: setting up a table's read lists its
   * files, about 0.1 s a table on a small output); a user error when no table has the dates.
   */
  public List<String> registerViews(DateSelection selection, Predicate<String> wanted) {
    List<String> views = new ArrayList<>();
    for (OutputTable t : tables) {
      List<LocalDate> dates = t.facts() ? t.dates() : selection.pick(t.dates());
      if (!dates.isEmpty()) {
        if (wanted.test(t.name())) {
          Optional<Dataset<Row>> travelled = selection.mode() == DateSelection.Mode.ONE
              ? PublishedTables.asOfRun(spark, outputRoot, t.name(), selection.date()) : Optional.empty();
          travelled.orElseGet(() -> read(t, dates)).createOrReplaceTempView(t.name());
        }
        views.add(t.name());
      }
    }
    if (views.stream().allMatch(v -> tables.stream().anyMatch(t -> t.name().equals(v) && t.facts()))) {
      throw new UserError("no table under " + outputRoot + " has " + selection + "; dates present: "
          + tables.stream().filter(t -> !t.facts()).flatMap(t -> t.dates().stream()).distinct().sorted().toList());
    }
    return views;
  }

  /** The columns of a table: declared name, type and doc, or for an undeclared table what its files hold. */
  public List<ColumnInfo> columns(OutputTable table) {
    if (table.schema().isPresent()) {
      return table.schema().get().columns().stream()
          .map(c -> new ColumnInfo(c.name(), c.type().simpleString(), c.doc()))
          .toList();
    }
    List<ColumnInfo> columns = new ArrayList<>();
    for (StructField f : read(table, table.dates()).schema().fields()) {
      columns.add(new ColumnInfo(f.name(), f.dataType().simpleString(), ""));
    }
    return columns;
  }
}
