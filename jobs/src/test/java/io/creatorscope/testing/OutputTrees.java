package io.creatorscope.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.common.WriteMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/** Copying output locations and comparing two of them table by table, for tests that run the pipeline twice. */
public final class OutputTrees {
  private static final String SIDE = "_expected_minus_actual";

  private OutputTrees() {}

  /** Copies a folder tree. */
  public static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      paths.forEach(p -> {
        try {
          Files.copy(p, to.resolve(from.relativize(p).toString()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /** Deletes a folder tree, if there is one. */
  public static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** The output's table folders (folders starting with _ are not tables). */
  public static List<String> tableNames(String root) throws IOException {
    try (Stream<Path> dirs = Files.list(Path.of(root))) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith("_")).sorted().toList();
    }
  }

  /**
   * Both locations hold the same tables, and every table's {@code asOf} partition (a curated fact table: the whole
   * table) has the same rows, as many times each (see {@link #assertSameRows}).
   */
  public static void assertSameTables(SparkSession spark, String expectedRoot, String actualRoot, LocalDate asOf)
      throws IOException {
    List<String> tables = tableNames(expectedRoot);
    assertTrue(tables.size() >= 9, "tables of the expected run: " + tables);
    assertEquals(tables, tableNames(actualRoot));
    for (String table : tables) {
      // The log records when each batch ran: two runs of the same batch differ in that column only.
      Dataset<Row> expected = rowsAsOf(spark, expectedRoot, table, asOf).drop("ingested_at");
      assertTrue(expected.count() > 0, table + " is empty in the expected run");
      assertSameRows(table, roundDoubles(expected), roundDoubles(rowsAsOf(spark, actualRoot, table, asOf)));
    }
  }

  /** What a reader of {@code asOf} sees of a table: its as_of_date partition, or a fact table whole. */
  public static Dataset<Row> rowsAsOf(SparkSession spark, String root, String table, LocalDate asOf) {
    return Tables.output(table).writeMode() == WriteMode.REPLACE_AS_OF
        ? PublishedTables.readPartition(spark, root, table, asOf)
        : PublishedTables.readFacts(spark, root, table, null, null);
  }

  /**
   * Doubles rounded to 12 decimals: a mean or a standard deviation summed in another order (another partitioning
   * of the same rows, another engine's file layout) may differ in its last bits, nothing more.
   */
  public static Dataset<Row> roundDoubles(Dataset<Row> rows) {
    return rows.select(Stream.of(rows.schema().fields())
        .map(f -> f.dataType().equals(DataTypes.DoubleType) ? functions.round(functions.col(f.name()), 12).as(f.name())
            : functions.col(f.name()))
        .toArray(Column[]::new));
  }

  /**
   * The same rows, as many times each, in the expected's columns: rows counted +1 on the expected side and -1 on
   * the actual side must balance for every distinct row (one Spark job).
   */
  public static void assertSameRows(String what, Dataset<Row> expected, Dataset<Row> actual) {
    Column[] columns = Stream.of(expected.columns()).map(functions::col).toArray(Column[]::new);
    Dataset<Row> unbalanced = expected.withColumn(SIDE, functions.lit(1))
        .union(actual.select(columns).withColumn(SIDE, functions.lit(-1)))
        .groupBy(columns)
        .agg(functions.sum(SIDE).as(SIDE))
        .filter(functions.col(SIDE).notEqual(0));
    assertEquals(List.of(), unbalanced.limit(5).collectAsList(),
        what + ": rows more often in the expected run (" + SIDE + " > 0) or in the actual one (< 0)");
  }
}
