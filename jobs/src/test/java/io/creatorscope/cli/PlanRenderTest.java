package io.creatorscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creatorscope.economics.CampaignPlanner;
import io.creatorscope.economics.Objective;
import io.creatorscope.economics.PlanLimits;
import io.creatorscope.economics.Selection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan's rows in the three formats: totals, comparison lines, numbers as numbers, CSV cells never formulas. */
class PlanRenderTest {
  static CampaignPlanner.Plan plan() {
    Selection.Candidate a = new Selection.Candidate("c1", "=HYPERLINK(\"x\")", "instagram", "food", "micro", "DE",
        20_000, 100, 300, 600, null, 600);
    Selection.Candidate b = new Selection.Candidate("c2", "@b", "tiktok", "food", "micro", "FR", 30_000, 50, 150, 900,
        12_000.0, 900);
    Selection.Candidate big = new Selection.Candidate("c3", "@big", "instagram", "food", "macro", "DE", 200_000, 400,
        450, 700, null, 700);
    return new CampaignPlanner.Plan(Objective.ENGAGEMENTS, new PlanLimits(500, 20, 1.0, 0, 0),
        new Selection.Result(List.of(b, a), 1_500, 1_500, 1_500, true, "exact"), 2, false,
        List.of(new CampaignPlanner.Comparison("macro", big), new CampaignPlanner.Comparison("mega", null)));
  }

  @Test
  void csvRowsCarryThePlanTheTotalAndTheComparisonsWithoutFormulas() {
    List<String> lines = PlanCommand.render(plan(), TextTable.Format.CSV).lines().toList();
    assertEquals(String.join(",", PlanCommand.HEADERS), lines.get(0));
    assertEquals(6, lines.size(), "header, 2 creators, total, 2 comparison lines");
    assertTrue(lines.get(2).startsWith("plan,c1,\"'=HYPERLINK(\"\"x\"\")\""), "a formula handle is neutralised: "
        + lines.get(2));
    assertEquals("total,,2 creators,,,,,50000,150.00,450.00,1500.0,12000.0,0.1000,0.3000", lines.get(3));
    assertTrue(lines.get(4).startsWith("single macro,c3,@big,"), lines.get(4));
    assertTrue(lines.get(5).startsWith("single mega,,(none within the budget)"), lines.get(5));
  }

  @Test
  void jsonKeepsNumbersAndTheTableStatesBudgetAndMethod() throws Exception {
    JsonNode rows = new ObjectMapper().readTree(PlanCommand.render(plan(), TextTable.Format.JSON));
    assertEquals(5, rows.size());
    assertEquals(450.0, rows.get(2).get("price_high_usd").asDouble(), 1e-9);
    assertTrue(rows.get(2).get("price_high_usd").isNumber());
    assertTrue(rows.get(0).get("expected_views").isNumber() && rows.get(1).get("expected_views").isNull());
    String table = PlanCommand.render(plan(), TextTable.Format.TABLE);
    assertTrue(table.startsWith("budget 500.00 USD, objective engagements: 2 creators cost 150.00-450.00 USD"), table);
    assertTrue(table.contains("selection: exact"), table);
  }
}
