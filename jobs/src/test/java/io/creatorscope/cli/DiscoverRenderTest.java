package io.creatorscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creatorscope.audience.AudienceBrief;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * discover's answer for a program: JSON carries the ranking's values as numbers (rates as fractions, unrounded)
 * and the creator_id, and an unknown audience as null; the table and CSV show the same rows rounded (a missing value
 * empty in CSV).
 */
class DiscoverRenderTest {
  static final StructType ROW = new StructType()
      .add("rank", DataTypes.IntegerType).add("creator_id", DataTypes.StringType)
      .add("handle", DataTypes.StringType).add("platform", DataTypes.StringType)
      .add("niche", DataTypes.StringType).add("tier", DataTypes.StringType).add("country", DataTypes.StringType)
      .add("followers", DataTypes.LongType).add("er", DataTypes.DoubleType)
      .add("group_median_er", DataTypes.DoubleType).add("authenticity_score", DataTypes.DoubleType)
      .add("score", DataTypes.DoubleType).add("top_reasons", DataTypes.StringType)
      .add(AudienceBrief.KNOWN, DataTypes.BooleanType).add(AudienceBrief.FIT, DataTypes.DoubleType)
      .add(AudienceBrief.BRIEF_SCORE, DataTypes.DoubleType);

  static final List<Row> ROWS = List.of(
      new GenericRowWithSchema(new Object[] {1, "c7", "@fit_anna", "instagram", "fitness", "micro", "DE", 12_000L,
          0.034215, 0.0244, 0.9871, 81.437, "engagement percentile 100", true, 0.41, 69.3}, ROW),
      new GenericRowWithSchema(new Object[] {2, "c9", "@fit_ben", "instagram", "fitness", "micro", null, 15_000L,
          0.03, 0.0244, 1.0, 78.0, "authenticity 1.00", false, null, null}, ROW));

  @Test
  void jsonHoldsNumbersTheCreatorIdAndNullForAnUnknownAudience() throws Exception {
    JsonNode rows = new ObjectMapper().readTree(DiscoverCommand.render(ROWS, TextTable.Format.JSON, true));
    assertEquals(2, rows.size());
    JsonNode first = rows.get(0);
    assertEquals(List.of("rank", "creator_id", "handle", "platform", "niche", "tier", "country", "followers", "er",
        "group_er", "authenticity", "score", "top_reasons", AudienceBrief.FIT, AudienceBrief.BRIEF_SCORE),
        fieldNames(first));
    assertTrue(first.get("rank").isInt() && first.get("followers").isIntegralNumber(), first.toString());
    assertEquals(1, first.get("rank").asInt());
    assertEquals("c7", first.get("creator_id").asText());
    assertEquals(12_000L, first.get("followers").asLong());
    assertEquals(0.034215, first.get("er").asDouble(), 1e-12, "a fraction, not \"3.42%\"");
    assertEquals(81.437, first.get("score").asDouble(), 1e-12, "not rounded");
    assertEquals(0.41, first.get(AudienceBrief.FIT).asDouble(), 1e-12);
    JsonNode second = rows.get(1);
    assertTrue(second.get("country").isNull() && second.get(AudienceBrief.FIT).isNull()
        && second.get(AudienceBrief.BRIEF_SCORE).isNull(), second.toString());
  }

  @Test
  void tableAndCsvShowTheSameRowsRounded() {
    List<String> csv = DiscoverCommand.render(ROWS, TextTable.Format.CSV, true).lines().toList();
    assertEquals("rank,handle,platform,niche,tier,country,followers,er,group_er,authenticity,score,top_reasons,"
        + AudienceBrief.FIT + "," + AudienceBrief.BRIEF_SCORE, csv.get(0));
    assertEquals("1,@fit_anna,instagram,fitness,micro,DE,12000,3.42%,2.44%,0.99,81.4,engagement percentile 100,"
        + "0.41,69.3", csv.get(1));
    assertEquals("2,@fit_ben,instagram,fitness,micro,,15000,3.00%,2.44%,1.00,78.0,authenticity 1.00,unknown,",
        csv.get(2));
    String table = DiscoverCommand.render(ROWS, TextTable.Format.TABLE, true);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("2  ") && l.contains("  null  ")), "the table says null");
    assertTrue(table.contains("(1 creators without audience data"), table);
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
