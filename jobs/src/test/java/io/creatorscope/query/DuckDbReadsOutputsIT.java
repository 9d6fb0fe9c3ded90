package io.creatorscope.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.Columns;
import io.creatorscope.common.TableSchema;
import io.creatorscope.common.TableSchema.ColumnSpec;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.common.WriteMode;
import io.creatorscope.testing.OutputTrees;
import io.creatorscope.testing.SampleRun;
import io.creatorscope.testing.SparkTestBase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Another engine reads the outputs: DuckDB, through read_parquet with hive partitioning, sees the same rows and
 * values as Spark in every output table of the shared sample run, the partition values as typed columns, and
 * only standard Parquet types.
 */
class DuckDbReadsOutputsIT extends SparkTestBase {
  /** Relative tolerance for sums of doubles, which the two engines add up in different orders. */
  private static final double SUM_TOLERANCE = 1e-9;

  static Connection duck;
  static String out;

  @BeforeAll
  static void openDuckDb() throws SQLException {
    out = SampleRun.output();
    duck = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterAll
  static void closeDuckDb() throws SQLException {
    duck.close();
  }

  /** The way docs/querying.md reads a table with DuckDB. */
  static String duckTable(String table) {
    return "read_parquet('" + out + "/" + table + "/**/*.parquet', hive_partitioning = true)";
  }

  static List<List<Object>> duckRows(String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /**
   * Aggregates over every column of a table, in the dialect of either engine: the row count, and per column the
   * non-null count plus, by type, sum / min / max (numbers), total length / min / max (strings, dates),
   * true count (booleans), min / max epoch microseconds (timestamps), element count and sum (arrays; of strings,
   * the total length of the elements).
   */
  static List<String> aggregates(TableSchema schema, boolean duckDb) {
    List<String> exprs = new ArrayList<>(List.of("count(*)"));
    for (ColumnSpec c : schema.columns()) {
      String col = c.name();
      DataType type = c.type();
      exprs.add("count(" + col + ")");
      if (type instanceof NumericType) {
        exprs.add("sum(CAST(" + col + " AS DOUBLE))");
        exprs.add("min(" + col + ")");
        exprs.add("max(" + col + ")");
      } else if (type.equals(DataTypes.StringType) || type.equals(DataTypes.DateType)) {
        exprs.add("sum(length(CAST(" + col + " AS STRING)))");
        exprs.add("CAST(min(" + col + ") AS STRING)");
        exprs.add("CAST(max(" + col + ") AS STRING)");
      } else if (type.equals(DataTypes.BooleanType)) {
        exprs.add("sum(CASE WHEN " + col + " THEN 1 ELSE 0 END)");
      } else if (type.equals(DataTypes.TimestampType)) {
        String micros = (duckDb ? "epoch_us(" : "unix_micros(") + col + ")";
        exprs.add("min(" + micros + ")");
        exprs.add("max(" + micros + ")");
      } else if (type instanceof ArrayType array) {
        // Spark's size(null) is -1 (spark.sql.legacy.sizeOfNull), DuckDB's len(null) null: nulls count 0 in both.
        exprs.add(duckDb ? "sum(len(" + col + "))"
            : "sum(CASE WHEN " + col + " IS NULL THEN 0 ELSE size(" + col + ") END)");
        if (array.elementType().equals(DataTypes.StringType)) {
          exprs.add(duckDb ? "sum(list_sum(list_transform(" + col + ", x -> length(x))))"
              : "sum(aggregate(" + col + ", CAST(0 AS BIGINT), (acc, x) -> acc + length(x)))");
        } else {
          exprs.add(duckDb ? "sum(list_sum(" + col + "))"
              : "sum(aggregate(" + col + ", CAST(0 AS DOUBLE), (acc, x) -> acc + x))");
        }
      } else {
        throw new IllegalStateException("no aggregate for " + schema.table() + "." + col + " of type " + type);
      }
    }
    return exprs;
  }

  @Test
  void duckDbSeesTheSameRowsAndValuesAsSpark() throws SQLException {
    for (String table : Tables.OUTPUTS) {
      TableSchema schema = Tables.output(table);
      OutputTrees.rowsAsOf(spark, out, table, SampleRun.AS_OF).createOrReplaceTempView("t");
      Row sparkRow = spark.sql("SELECT " + String.join(", ", aggregates(schema, false)) + " FROM t").first();
      List<Object> duckRow = duckRows(
          "SELECT " + String.join(", ", aggregates(schema, true)) + " FROM " + duckTable(table)).get(0);
      List<String> exprs = aggregates(schema, false);
      assertEquals(exprs.size(), duckRow.size());
      assertTrue(((Number) duckRow.get(0)).longValue() > 0, table + " has rows");
      for (int i = 0; i < exprs.size(); i++) {
        assertSame(table + ": " + exprs.get(i), sparkRow.get(i), duckRow.get(i));
      }
    }
  }

  private static void assertSame(String what, Object spark, Object duck) {
    if (spark instanceof Number s && duck instanceof Number d) {
      double a = s.doubleValue();
      double b = d.doubleValue();
      assertTrue(Math.abs(a - b) <= SUM_TOLERANCE * Math.max(1, Math.abs(a)), what + ": spark " + a + ", duckdb " + b);
    } else {
      assertEquals(String.valueOf(spark), String.valueOf(duck), what);
    }
  }

  @Test
  void partitionValuesComeThroughAsTypedColumns() throws SQLException {
    for (String table : Tables.OUTPUTS) {
      TableSchema schema = Tables.output(table);
      if (schema.writeMode() != WriteMode.REPLACE_AS_OF) {
        String day = schema.factPartition();
        List<List<Object>> days = duckRows("SELECT DISTINCT typeof(" + day + ") FROM " + duckTable(table));
        assertEquals(List.of(List.of("DATE")), days, table + ": " + day + " comes through as a date");
        continue;
      }
      List<List<Object>> dates = duckRows("SELECT typeof(as_of_date), CAST(as_of_date AS VARCHAR), count(*) FROM "
          + duckTable(table) + " GROUP BY ALL");
      assertEquals(1, dates.size(), table + ": one as_of_date");
      assertEquals(List.of("DATE", SampleRun.AS_OF.toString()), dates.get(0).subList(0, 2), table);
    }
    List<List<Object>> niches = duckRows("SELECT typeof(niche), count(DISTINCT niche) FROM "
        + duckTable(Tables.DISCOVERY_RANKING) + " GROUP BY ALL");
    long sparkNiches = PublishedTables.readPartition(spark, out, Tables.DISCOVERY_RANKING, SampleRun.AS_OF)
        .select(Columns.NICHE).distinct().count();
    assertEquals(List.of("VARCHAR", sparkNiches), List.of(niches.get(0).get(0),
        ((Number) niches.get(0).get(1)).longValue()));
  }

  @Test
  void filesUseStandardTypesAndHoldRows() throws SQLException {
    for (String table : Tables.OUTPUTS) {
      String files = "'" + out + "/" + table + "/**/*.parquet'";
      List<List<Object>> types = duckRows("SELECT DISTINCT name, type, converted_type FROM parquet_schema(" + files
          + ") WHERE type IS NOT NULL");
      for (List<Object> t : types) {
        assertTrue(!"INT96".equals(t.get(1)), table + "." + t.get(0) + " is INT96");
        List<String> partitionColumns = Tables.output(table).partitionedBy();
        assertTrue(!partitionColumns.contains((String) t.get(0)),
            table + ": partition column " + t.get(0) + " is stored in the files too");
      }
      for (ColumnSpec c : Tables.output(table).columns()) {
        if (c.type().equals(DataTypes.TimestampType)) {
          assertTrue(types.contains(List.of(c.name(), "INT64", "TIMESTAMP_MICROS")), table + "." + c.name()
              + " as INT64 TIMESTAMP_MICROS: " + types);
        }
      }
      // A file with no rows next to other files in its folder is a wasted file (an empty Spark task's output).
      List<List<Object>> files2 = duckRows("SELECT parse_dirpath(file_name) AS dir, count(*) AS files,"
          + " min(num_rows) AS fewest FROM parquet_file_metadata(" + files + ") GROUP BY dir");
      for (List<Object> f : files2) {
        long count = ((Number) f.get(1)).longValue();
        long fewest = ((Number) f.get(2)).longValue();
        assertTrue(count == 1 || fewest > 0, table + ": empty file among " + count + " in " + f.get(0));
      }
    }
  }
}
