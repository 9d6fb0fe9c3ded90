package io.creatorscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.bench.BenchSummary.Status;
import io.creatorscope.bench.BenchSummary.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily scenario's checkpoints, targets and markdown on made-up measurements, and its input delivery. */
class DailySummaryTest {
  private static final long MIB = 1L << 20;

  @TempDir Path tmp;

  private static DailyResult.Run run(int day, double seconds, long outputMib) {
    return new DailyResult.Run(day, LocalDate.of(2026, 1, 1).plusDays(day - 1L).toString(), seconds, seconds / 2,
        seconds / 4, seconds / 8, seconds / 16, seconds / 16, "incremental", outputMib * MIB,
        Map.of("curated_profiles", outputMib * MIB / 2, "creator_engagement", outputMib * MIB / 2));
  }

  /** Days 11 to 20 after a full run at day 10, the i-th daily run taking seconds[i]; full reruns at 11 and 20. */
  private static DailyResult result(double[] seconds, long lastOutputMib, double fullSeconds, long fullMib) {
    List<DailyResult.Run> daily = new ArrayList<>();
    for (int i = 0; i < seconds.length; i++) {
      daily.add(run(11 + i, seconds[i], i == seconds.length - 1 ? lastOutputMib : 50 + i));
    }
    boolean complete = seconds.length == 10;
    List<DailyResult.Run> full = complete ? List.of(run(11, 40, 50), run(20, fullSeconds, fullMib))
        : List.of(run(11, 40, 50));
    return new DailyResult(1000, 20, "2026-01-10", 10, List.of(11, 20), "local[2]", "2g", 2L << 30, complete,
        run(10, 60, 45), daily, full, 3L << 30);
  }

  @Test
  void defaultCheckpointsAreTheFirstDailyDayThenThirds() {
    assertEquals(List.of(91, 120, 150, 180), BenchDaily.defaultCheckpoints(90, 180));
    assertEquals(List.of(21, 26, 33, 40), BenchDaily.defaultCheckpoints(20, 40));
    assertEquals(List.of(3, 4), BenchDaily.defaultCheckpoints(2, 4), "days collapse rather than repeat");
  }

  /** The formats' target is the median of the per-day ratios, over the days both formats ran. */
  @Test
  void icebergAgainstParquetIsTheMedianOfTheDaysRatios() {
    DailyResult parquet = result(new double[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10}, 140, 50, 100);
    DailyResult iceberg = result(new double[] {11, 12, 20, 13, 12, 30, 12, 12, 13}, 140, 50, 100);
    Target t = DailySummary.icebergOverParquet(parquet, iceberg);
    assertEquals(Status.PASS, t.status(), t.measured());
    assertEquals("1.20x over 9 days (from 1.10x to 3.00x)", t.measured());
    DailyResult slow = result(new double[] {14, 14, 13, 14, 14, 14, 14, 14, 14, 14}, 140, 50, 100);
    assertEquals(Status.FAIL, DailySummary.icebergOverParquet(parquet, slow).status());
    assertTrue(DailySummary.formatsMarkdown(parquet, iceberg).contains("| 13 | 10.0 | 20.0 | 2.00x |"),
        DailySummary.formatsMarkdown(parquet, iceberg));
    DailyResult none = result(new double[0], 140, 50, 100);
    assertEquals(Status.NOT_CHECKED, DailySummary.icebergOverParquet(parquet, none).status());
  }

  @Test
  void targetsPassWhenEveryNumberIsWithinItsLimit() {
    DailyResult r = result(new double[] {10, 11, 10, 9, 10, 10, 11, 10, 10, 11}, 140, 50, 100);
    List<Target> targets = DailySummary.targets(r);
    assertEquals(3, targets.size());
    targets.forEach(t -> assertEquals(Status.PASS, t.status(), t.name() + ": " + t.measured()));
    assertEquals("day-20 run <= 1.2x the day-11 run (medians of 5 days at each end)", targets.get(0).name());
    assertEquals("1.00x (days 16-20: 10.0 s; days 11-15: 10.0 s)", targets.get(0).measured());
    assertEquals("1.40x (140.0 MiB / 100.0 MiB)", targets.get(1).measured());
    assertEquals("0.20x (days 16-20: 10.0 s; full run at day 20: 50.0 s)", targets.get(2).measured());
  }

  @Test
  void targetsFailOnTheirOwnNumbers() {
    DailyResult r = result(new double[] {10, 10, 10, 10, 10, 13, 13, 13, 13, 13}, 160, 50, 100);
    List<Target> targets = DailySummary.targets(r);
    assertEquals(Status.FAIL, targets.get(0).status(), "13 s is 1.3x 10 s");
    assertEquals(Status.FAIL, targets.get(1).status(), "160 MiB is 1.6x 100 MiB");
    assertEquals(Status.FAIL, targets.get(2).status(), "13 s is 0.26x 50 s");
    assertEquals("0.26x (days 16-20: 13.0 s; full run at day 20: 50.0 s)", targets.get(2).measured());
  }

  @Test
  void oneSlowDayAtEitherEndDoesNotDecideTheGrowthTarget() {
    DailyResult r = result(new double[] {3, 10, 10, 10, 10, 10, 10, 10, 10, 40}, 140, 50, 100);
    Target growth = DailySummary.targets(r).get(0);
    assertEquals(Status.PASS, growth.status(), growth.measured());
    assertEquals(1.0, DailySummary.growth(r).get(0).lastOverFirst());
  }

  @Test
  void fewDailyRunsTakeFewerDaysInEachMedian() {
    DailyResult r = result(new double[] {10, 11, 12, 13, 14, 15, 16, 17, 18, 19}, 140, 50, 100);
    assertEquals(5, DailySummary.endDays(r));
    DailyResult three = new DailyResult(1000, 13, "2026-01-10", 10, List.of(13), "local[2]", "2g", 0, true,
        run(10, 60, 45), List.of(run(11, 10, 50), run(12, 99, 51), run(13, 12, 52)), List.of(run(13, 50, 50)), 0);
    assertEquals(1, DailySummary.endDays(three));
    assertEquals("1.20x (day 13: 12.0 s; day 11: 10.0 s)", DailySummary.targets(three).get(0).measured());
  }

  @Test
  void anIncompleteRunFailsEveryTargetAndSaysWhereItStopped() {
    DailyResult r = result(new double[] {10, 10, 10}, 52, 50, 100);
    List<Target> targets = DailySummary.targets(r);
    targets.forEach(t -> assertEquals(Status.FAIL, t.status(), t.name()));
    assertEquals("not measured: the runs stopped after day 13 of 20 (see the log)", targets.get(1).measured());
    String md = DailySummary.markdown(r);
    assertTrue(md.contains("**Incomplete: the runs stopped after day 13.**"), md);
  }

  @Test
  void markdownHasTheCheckpointsTheTargetsAndTheBytesPerFolder() {
    String md = DailySummary.markdown(result(new double[] {10, 11, 10, 9, 10, 10, 11, 10, 10, 12}, 140, 48, 100));
    assertTrue(md.contains("| 11 | 2026-01-11 | 10.0 | 40.0 | 0.25x | 50.0 MiB | 50.0 MiB | 1.00x |"), md);
    assertTrue(md.contains("| 20 | 2026-01-20 | 12.0 | 48.0 | 0.25x | 140.0 MiB | 100.0 MiB | 1.40x |"), md);
    assertTrue(md.contains("| creator_engagement | 70.0 MiB | 50.0 MiB | 1.40x |"), md);
    assertTrue(md.contains("| pipeline | 10.0 | 10.0 | 1.00x |"), md);
    assertTrue(md.contains("| one daily run <= 0.25x a full run at day 20 | PASS |"), md);
  }

  @Test
  void deliveryLinksEachDayOnceAndFoldersWithoutADateFirst() throws IOException {
    Path gen = tmp.resolve("gen");
    for (String day : List.of("2026-01-01", "2026-01-02", "2026-01-03")) {
      write(gen.resolve("profiles/snapshot_date=" + day + "/part-0.parquet"), day);
      write(gen.resolve("posts/observed_date=" + day + "/part-0.parquet"), day);
      write(gen.resolve("audiences/snapshot_date=" + day + "/part-0.parquet"), day);
    }
    write(gen.resolve("posts/observed_date=__HIVE_DEFAULT_PARTITION__/part-0.parquet"), "null dates");
    write(gen.resolve("profiles/_SUCCESS"), "");
    assertEquals(LocalDate.of(2026, 1, 1), BenchDaily.firstSnapshotDate(gen));

    Path in = tmp.resolve("in");
    BenchDaily.deliverUpTo(gen, in, LocalDate.of(2026, 1, 2));
    assertTrue(Files.exists(in.resolve("profiles/snapshot_date=2026-01-02/part-0.parquet")));
    assertTrue(Files.exists(in.resolve("posts/observed_date=__HIVE_DEFAULT_PARTITION__/part-0.parquet")));
    assertFalse(Files.exists(in.resolve("posts/observed_date=2026-01-03")));
    assertTrue(Files.exists(in.resolve("audiences/snapshot_date=2026-01-02/part-0.parquet")));
    assertFalse(Files.exists(in.resolve("audiences/snapshot_date=2026-01-03")));
    assertFalse(Files.exists(in.resolve("profiles/_SUCCESS")));
    BenchDaily.deliverUpTo(gen, in, LocalDate.of(2026, 1, 3));
    assertEquals("2026-01-03", Files.readString(in.resolve("posts/observed_date=2026-01-03/part-0.parquet")));
    assertEquals(Map.of("posts", 4 * 10L, "profiles", 3 * 10L, "audiences", 3 * 10L),
        BenchDaily.bytesPerFolder(in), "each file once, the null-date file included");
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
