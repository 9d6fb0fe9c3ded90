package io.creatorscope.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.PublishedTables;
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

  /** The output's table folders (folders starting with _ are not tables). */
  public static List<String> tableNames(String root) throws IOException {
    try (Stream<Path> dirs = Files.list(Path.of(root))) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith("_")).sorted().toList();
    }
  }

  /**
   * Both locations hold the same tables, and every table's {@code asOf} partition has the same rows, as many times
   * each: rows counted +1 on the expected side and -1 on the actual side must balance for every distinct row (one
   * Spark job per table).
   */
  public static void assertSameTables(SparkSession spark, String expectedRoot, String actualRoot, LocalDate asOf)
      throws IOException {
    List<String> tables = tableNames(expectedRoot);
    assertTrue(tables.size() >= 9, "tables of the expected run: " + tables);
    assertEquals(tables, tableNames(actualRoot));
    for (String table : tables) {
      Dataset<Row> expected = PublishedTables.readPartition(spark, expectedRoot, table, asOf);
      Column[] columns = Stream.of(expected.columns()).map(functions::col).toArray(Column[]::new);
      Dataset<Row> actual = PublishedTables.readPartition(spark, actualRoot, table, asOf).select(columns);
      assertTrue(expected.count() > 0, table + " is empty in the expected run");
      Dataset<Row> unbalanced = expected.withColumn(SIDE, functions.lit(1))
          .union(actual.withColumn(SIDE, functions.lit(-1)))
          .groupBy(columns)
          .agg(functions.sum(SIDE).as(SIDE))
          .filter(functions.col(SIDE).notEqual(0));
      assertEquals(List.of(), unbalanced.limit(5).collectAsList(),
          table + ": rows more often in the expected run (" + SIDE + " > 0) or in the actual one (< 0)");
    }
  }
}
