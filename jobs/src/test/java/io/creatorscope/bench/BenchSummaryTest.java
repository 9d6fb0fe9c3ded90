package io.creatorscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's aggregation, target checks and markdown, on made-up measurements (nothing is timed). */
class BenchSummaryTest {
  private static final ScaleResult.Comparison SAME = new ScaleResult.Comparison(10, 10, 10, 0, 0.0, 1.0);

  /** A run whose pipeline takes {@code pipeline} s, the floor {@code floor} s, engagement and DuckDB as given. */
  private static ScaleResult.Run run(double floor, double pipeline, double engagement, double duckdb) {
    return new ScaleResult.Run(floor, pipeline, pipeline / 4, engagement, pipeline / 4, pipeline / 8, duckdb * 2,
        duckdb, 100, 10, SAME);
  }

  private static ScaleResult scale(long creators, ScaleResult.Run... runs) {
    return new ScaleResult(creators, 90, "local[2]", "2g", 2L << 30, 2, "2026-10-29", creators * 90,
        creators * 200, creators * 290, 3L << 30, 2L << 30, false, 0, List.of(runs));
  }

  private static ScaleResult failed(long creators) {
    return new ScaleResult(creators, 90, "local[2]", "2g", 0, 0, null, 0, 0, 0, 0, 0, true, 52, null);
  }

  @Test
  void medianOfOddEvenAndEmpty() {
    assertEquals(2.0, BenchSummary.median(List.of(3.0, 1.0, 2.0)));
    assertEquals(2.5, BenchSummary.median(List.of(4.0, 1.0, 3.0, 2.0)));
    assertTrue(Double.isNaN(BenchSummary.median(List.of())));
  }

  @Test
  void timesAreMediansAndRatiosAreMediansOfPerRunRatios() {
    BenchSummary.Scale s = BenchSummary.summarise(scale(1000,
        run(10, 20, 4, 1), run(10, 40, 6, 1), run(20, 100, 5, 0.5)));
    assertEquals(10, s.floorSeconds());
    assertEquals(40, s.pipelineSeconds());
    // Per-run pipeline / floor: 2, 4, 5; the ratio of the medians would be 4 as well, but engagement / DuckDB
    // per run is 4, 6, 10: median 6, where the ratio of medians would be 5.
    assertEquals(4, s.pipelineOverFloor());
    assertEquals(6, s.engagementOverDuckdb());
    assertEquals(2.0, s.duckdbColdSeconds(), "the first run's first DuckDB execution");
    assertEquals(290_000 / 40.0, s.rowsPerSecond());
    assertEquals(100, s.spillMemoryBytes());
  }

  @Test
  void targetsPassWhenEveryNumberIsWithinItsLimit() {
    List<BenchSummary.Scale> scales = List.of(
        BenchSummary.summarise(scale(50_000, run(10, 25, 8, 2))),
        BenchSummary.summarise(scale(100_000, run(20, 50, 10, 4))),
        BenchSummary.summarise(scale(200_000, run(40, 100, 16, 8))));
    List<BenchSummary.Target> targets = BenchSummary.targets(scales);
    assertEquals(4, targets.size());
    targets.forEach(t -> assertEquals(BenchSummary.Status.PASS, t.status(), t.name() + ": " + t.measured()));
    assertEquals("4.00x -> 2.50x -> 2.00x, falls", targets.get(3).measured());
  }

  @Test
  void targetsFailOnTheirOwnNumbers() {
    List<BenchSummary.Scale> scales = List.of(
        BenchSummary.summarise(scale(50_000, run(10, 40, 8, 2))),
        BenchSummary.summarise(scale(200_000, run(40, 180, 40, 8))));
    List<BenchSummary.Target> targets = BenchSummary.targets(scales);
    assertEquals(BenchSummary.Status.FAIL, targets.get(0).status(), "pipeline 4x the floor");
    assertEquals(BenchSummary.Status.FAIL, targets.get(1).status(), "180 s > 4.4 x 40 s");
    assertEquals(BenchSummary.Status.PASS, targets.get(2).status());
    assertEquals(BenchSummary.Status.FAIL, targets.get(3).status(), "4x then 5x: rises and is above 3x");
  }

  @Test
  void aFailedLargestScaleFailsTheMemoryTargetAndShowsInTheTable() {
    List<BenchSummary.Scale> scales = List.of(
        BenchSummary.summarise(scale(50_000, run(10, 25, 8, 2))), BenchSummary.summarise(failed(200_000)));
    List<BenchSummary.Target> targets = BenchSummary.targets(scales);
    assertEquals(BenchSummary.Status.FAIL, targets.get(2).status());
    assertTrue(targets.get(2).measured().contains("exit code 52"), targets.get(2).measured());
    String md = BenchSummary.markdown(scales, targets, "setup");
    assertTrue(md.contains("| 200,000 x 90 | failed (exit code 52)"), md);
    assertTrue(md.contains("| 50,000 x 90 | 14,500,000 | 10.0 | 6.3 | 8.0 | 6.3 | 3.1 | 25.0 | 2.50x | 0.80x | 2.00"
        + " | 4.00x | 3072.0 MiB | 0.0 MiB | 580,000 |"), md);
  }

  @Test
  void oneScaleLeavesTheTrendTargetsUnchecked() {
    List<BenchSummary.Target> targets = BenchSummary.targets(
        List.of(BenchSummary.summarise(scale(2_000, run(10, 25, 8, 2)))));
    assertEquals(BenchSummary.Status.NOT_CHECKED, targets.get(1).status());
    assertEquals(BenchSummary.Status.NOT_CHECKED, targets.get(3).status());
  }

  @Test
  void comparisonCountsSharedGroupsAndRelativeAgreement() {
    Map<String, DistributionComparison.Group> ours = Map.of(
        "a", new DistributionComparison.Group(5, 0.020), "b", new DistributionComparison.Group(7, 0.030),
        "only-ours", new DistributionComparison.Group(1, 0.5));
    Map<String, DistributionComparison.Group> duckdb = Map.of(
        "a", new DistributionComparison.Group(5, 0.021), "b", new DistributionComparison.Group(8, 0.040));
    ScaleResult.Comparison c = DistributionComparison.compare(ours, duckdb);
    assertEquals(3, c.ourGroups());
    assertEquals(2, c.duckdbGroups());
    assertEquals(2, c.sharedGroups());
    assertEquals(1, c.ratedCreatorsDiffer());
    assertEquals(0.010, c.maxAbsDiffP50(), 1e-12);
    assertEquals(0.5, c.shareWithin10Percent());
  }

  @Test
  void duckdbThreadsFollowTheMaster() {
    assertEquals(2, BenchScale.cores("local[2]"));
    assertEquals(3, BenchScale.cores("local[3,2]"));
    assertEquals(1, BenchScale.cores("local"));
    assertEquals(Runtime.getRuntime().availableProcessors(), BenchScale.cores("local[*]"));
    assertEquals(Runtime.getRuntime().availableProcessors(), BenchScale.cores("spark://host:7077"));
  }
}
