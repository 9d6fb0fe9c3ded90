package io.creatorscope.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.ChangedDays;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Which days a run judges: the unsettled ones, those near changed data, or all of them when nothing can carry. */
class JudgedDaysTest {
  static final LocalDate AS_OF = LocalDate.of(2026, 11, 30);
  static final int HISTORY = 90;
  static final int SETTLED = 21;
  static final LocalDate HISTORY_FROM = LocalDate.of(2026, 9, 2);

  static JudgedDays plan(LocalDate previous, boolean recorded, boolean sameSettings, ChangedDays changed) {
    return JudgedDays.plan(AS_OF, HISTORY, SETTLED, new JudgedDays.Previous(previous, recorded, sameSettings,
        changed));
  }

  @Test
  void aDailyRunJudgesTheDaysThePreviousRunHadNotSettled() {
    JudgedDays judged = plan(AS_OF.minusDays(1), true, true, ChangedDays.NONE);
    assertEquals(LocalDate.of(2026, 11, 9), judged.from(), "the previous run's last 21 days and the new one");
    assertEquals(22, judged.days());
    assertTrue(judged.carries());
    assertEquals(HISTORY_FROM, judged.historyFrom());
    assertEquals(AS_OF.minusDays(1), judged.previous());
    assertNull(judged.why());
  }

  @Test
  void dataThatChangedSinceReachesBackAsFarAsADayLooksAhead() {
    JudgedDays judged = plan(AS_OF.minusDays(1), true, true, ChangedDays.from(LocalDate.of(2026, 11, 1)));
    assertEquals(LocalDate.of(2026, 10, 11), judged.from());
    assertEquals(LocalDate.of(2026, 11, 9),
        plan(AS_OF.minusDays(1), true, true, ChangedDays.from(AS_OF)).from(), "a batch of the new day adds none");
  }

  @Test
  void skippedDaysAreJudgedToo() {
    assertEquals(LocalDate.of(2026, 11, 4), plan(AS_OF.minusDays(6), true, true, ChangedDays.NONE).from());
  }

  @Test
  void everyDayIsJudgedWhenNothingCanBeCarried() {
    JudgedDays first = JudgedDays.plan(AS_OF, HISTORY, SETTLED, null);
    assertEquals(HISTORY_FROM, first.from());
    assertFalse(first.carries());
    assertNull(first.previous());
    assertEquals("no earlier flags", first.why());

    LocalDate previous = AS_OF.minusDays(1);
    assertWhy("the flags of 2026-11-29 do not record their settings", plan(previous, false, false, ChangedDays.ALL));
    assertWhy("the anomaly or engagement settings differ from those of 2026-11-29",
        plan(previous, true, false, ChangedDays.NONE));
    assertWhy("a full ingest since the flags of 2026-11-29", plan(previous, true, true, ChangedDays.ALL));
    assertWhy("no day of the history was settled in the flags of 2026-11-29 and unchanged since (data changed "
        + "from 2026-09-15)", plan(previous, true, true, ChangedDays.from(LocalDate.of(2026, 9, 15))));
    assertWhy("no day of the history was settled in the flags of 2026-08-01",
        plan(LocalDate.of(2026, 8, 1), true, true, ChangedDays.NONE));
  }

  private static void assertWhy(String why, JudgedDays judged) {
    assertEquals(why, judged.why());
    assertEquals(HISTORY_FROM, judged.from());
    assertEquals(HISTORY, judged.days());
    assertFalse(judged.carries());
    assertTrue(judged.toString().contains(why), judged.toString());
  }
}
