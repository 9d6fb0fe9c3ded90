package io.creatorscope.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Which output tables a statement can name, so that query registers only those as views. */
class TablesNamedTest {
  private static final List<String> TABLES = List.of("creator_engagement", "discovery_ranking", "growth_anomalies",
      "quarantine");

  private static List<String> named(String statement) {
    Predicate<String> named = OutputCatalog.namedIn(statement);
    return TABLES.stream().filter(named).toList();
  }

  @Test
  void aTableIsNamedByItsWordInAnyCaseQuotedOrNotAndOnlyByItsWholeWord() {
    assertEquals(List.of("creator_engagement", "discovery_ranking"),
        named("SELECT * FROM Creator_Engagement e JOIN `discovery_ranking` USING (creator_id)"));
    assertEquals(List.of("quarantine"), named("WITH q AS (SELECT * FROM quarantine) SELECT reason, count(*) FROM q"));
    assertEquals(List.of(), named("SELECT * FROM creator_engagement2, growth_anomalies_old"));
    assertEquals(List.of("growth_anomalies"), named("DESCRIBE growth_anomalies"));
    assertEquals(List.of("growth_anomalies"), named("SELECT 'growth_anomalies' AS a_string_counts_too"));
  }
}
