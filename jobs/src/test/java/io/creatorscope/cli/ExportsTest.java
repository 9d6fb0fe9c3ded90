package io.creatorscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * What the commands write for spreadsheets and terminals is escaped, in one place ({@link TextTable}) that
 * discover and query both go through: a CSV cell cannot be a formula, and control characters in a value reach
 * the terminal as visible escapes.
 */
class ExportsTest extends SparkTestBase {
  @Test
  void textThatCouldBeAFormulaGetsALeadingQuote() {
    for (String formula : List.of("=1+1", "=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-1+1",
        "-2+3+cmd|' /C calc'!A0", "@SUM(1,1)", "@", "@handle with space", "@a(b)", "\t=1+1", "\r=1+1", "-", "+",
        "=", "-abc", "+49 30 1234", "--1")) {
      assertEquals("'" + formula, TextTable.notFormula(formula), formula);
    }
  }

  @Test
  void handlesNumbersAndOrdinaryTextStayAsTheyAre() {
    for (String text : List.of("@home_1fffy", "@brand.fan_01", "@ABC", "-3.5", "+2", "-0.50%", "-1e-3", "-.5",
        "81.4", "plain", "a=b", "a-b", "", " =1+1", "'=1+1", "x@y")) {
      assertEquals(text, TextTable.notFormula(text), text);
    }
  }

  @Test
  void csvNeutralisesTextCellsAndHeadersNotNumbers() {
    TextTable table = new TextTable(List.of("=h", "n", "d", "s"), List.of(
        Arrays.asList("=1+1", -7L, -3.5, "@creator_x"),
        Arrays.asList("-1+1,x", 2, Double.NEGATIVE_INFINITY, null)));
    assertEquals("""
        '=h,n,d,s
        '=1+1,-7,-3.5,@creator_x
        "'-1+1,x",2,-Infinity,
        """, table.render(TextTable.Format.CSV));
  }

  @Test
  void tableShowsControlCharactersEscaped() {
    TextTable table = new TextTable(List.of("handle", "n"), List.of(
        List.of("a\nb", 1), List.of("\u001b[2J\u001b[31mred\tx\r", 2), List.of("\u202eevil", 3),
        List.of("ok ü", 4)));
    assertEquals("""
        handle                       n
        a\\nb                         1
        \\u001b[2J\\u001b[31mred\\tx\\r  2
        \\u202eevil                   3
        ok ü                         4
        """, table.render(TextTable.Format.TABLE));
  }

  @Test
  void discoverWritesHandlesTheSameWay() {
    StructType schema = new StructType()
        .add("rank", DataTypes.IntegerType).add("handle", DataTypes.StringType)
        .add("platform", DataTypes.StringType).add("niche", DataTypes.StringType)
        .add("tier", DataTypes.StringType).add("country", DataTypes.StringType)
        .add("followers", DataTypes.LongType).add("er", DataTypes.DoubleType)
        .add("group_median_er", DataTypes.DoubleType).add("authenticity_score", DataTypes.DoubleType)
        .add("score", DataTypes.DoubleType).add("top_reasons", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (String handle : List.of("=cmd|' /C calc'!A0", "@brand_fan", "line\nbreak\u001b[0m")) {
      rows.add(new GenericRowWithSchema(new Object[] {rows.size() + 1, handle, "instagram", "fitness", "micro", "DE",
          12000L, 0.0342, 0.0244, 1.0, 81.4, "engagement percentile 100"}, schema));
    }
    List<String> csv = DiscoverCommand.render(rows, TextTable.Format.CSV).lines().toList();
    assertEquals("1,'=cmd|' /C calc'!A0,instagram,fitness,micro,DE,12000,3.42%,2.44%,1.00,81.4,"
        + "engagement percentile 100", csv.get(1));
    assertTrue(csv.get(2).startsWith("2,@brand_fan,"), csv.get(2));
    String table = DiscoverCommand.render(rows, TextTable.Format.TABLE);
    assertEquals(4, table.lines().count(), table);
    assertTrue(table.contains("line\\nbreak\\u001b[0m ") && !table.contains("\u001b"), table);
  }
}
