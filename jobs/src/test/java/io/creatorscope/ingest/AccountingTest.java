package io.creatorscope.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountingTest {
  @Test
  void balancesOnlyWhenEveryRowIsAccountedFor() {
    Accounting ok = new Accounting("posts", 10, 5, 2, Map.of("NULL_REQUIRED", 2L, "NEGATIVE_COUNT", 1L), 0);
    assertTrue(ok.balances());
    assertEquals(3, ok.quarantined());
    Accounting lost = new Accounting("posts", 11, 5, 2, Map.of("NULL_REQUIRED", 2L, "NEGATIVE_COUNT", 1L), 0);
    assertFalse(lost.balances());
    assertTrue(lost.summary().endsWith("DOES NOT BALANCE"), lost.summary());
    assertEquals("posts: read 10 = kept 5 + updated 0 + duplicates 2 + quarantined 3 {NEGATIVE_COUNT=1, "
        + "NULL_REQUIRED=2} + after as-of 0", ok.summary());
    assertEquals("posts: read 7 = kept 5 + updated 0 + duplicates 2 + quarantined 0 + after as-of 0",
        new Accounting("posts", 7, 5, 2, Map.of(), 0).summary(), "no empty braces");
  }

  /** The progress line of the rows read names quarantine reasons, and no internal marker. */
  @Test
  void rowsReadByOutcome() {
    java.util.Map<String, Long> byReason = new java.util.HashMap<>(Map.of("NULL_REQUIRED", 4L,
        IngestJob.BEYOND_AS_OF, 191L));
    byReason.put(null, 384L);
    assertEquals("579 (384 valid; NULL_REQUIRED 4; 191 after the as-of date)", IngestJob.byOutcome(byReason));
    assertEquals("3 (3 valid)", IngestJob.byOutcome(java.util.Collections.singletonMap(null, 3L)));
  }
}
