package io.creatorscope.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.anomaly.AnomalyConfig;
import io.creatorscope.discovery.DiscoveryConfig;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.ingest.InputLimits;
import io.creatorscope.pipeline.PipelineConfig;
import io.creatorscope.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration values are finite numbers in their key's declared range, flags exactly true or false, days
 * yyyy-MM-dd; anything else is one error naming the key, the value and what is allowed.
 */
class ConfigValuesTest {
  @TempDir Path tmp;

  private static Settings settings(String key, String value) {
    return Settings.of(Map.of(key, value), PipelineConfig.knownKeys());
  }

  /** The message of the error that reading {@code key = value} into a config record raises. */
  private static String refused(Function<Settings, ?> config, String key, String value) {
    UserError e = assertThrows(UserError.class, () -> config.apply(settings(key, value)), key + " = " + value);
    assertTrue(e.getMessage().contains(key + " = '" + value + "' is not allowed: expected "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void notANumberAndInfinityAreRefusedForEveryDecimalKind() {
    assertTrue(refused(DiscoveryConfig::from, "discovery.weight_engagement", "NaN")
        .endsWith("expected a finite number in [0, inf)"));
    refused(DiscoveryConfig::from, "discovery.weight_paid", "Infinity");
    refused(DiscoveryConfig::from, "discovery.shrinkage_posts", "-Infinity");
    refused(AnomalyConfig::from, "anomaly.z_threshold", "NaN");
    refused(AnomalyConfig::from, "anomaly.surge_min_ratio", "Infinity");
    // finite in the text, infinite as a double
    refused(AnomalyConfig::from, "anomaly.min_relative_change", "1e400");
  }

  @Test
  void numbersOutsideTheirDeclaredRangeAreRefused() {
    assertTrue(refused(AnomalyConfig::from, "anomaly.drop_min_relative", "1").endsWith("in (0, 1)"));
    refused(AnomalyConfig::from, "anomaly.drop_min_relative", "0");
    refused(AnomalyConfig::from, "anomaly.churn_revert_share", "0");
    refused(AnomalyConfig::from, "anomaly.history_days", "13");
    refused(AnomalyConfig::from, "anomaly.min_absolute_change", "-1");
    refused(DiscoveryConfig::from, "discovery.weight_growth", "-0.1");
    assertTrue(refused(DiscoveryConfig::from, "discovery.exclude_min_severity", "1.5").endsWith("in [0, 1]"));
    assertTrue(refused(EngagementConfig::from, "engagement.window_days", "0")
        .endsWith("expected a whole number from 1 to 3650"));
    refused(EngagementConfig::from, "engagement.percentile_accuracy", "99");
    refused(EngagementConfig::from, "engagement.min_posts", "3000000000");
    refused(InputLimits::from, "ingest.max_count", "0");
    refused(InputLimits::from, "ingest.max_count", "2000000000000000000");
    refused(InputLimits::from, "ingest.future_days", "-1");
    refused(InputLimits::from, "ingest.earliest_date", "1899-12-31");
  }

  @Test
  void malformedNumbersAndDaysAreRefused() {
    refused(EngagementConfig::from, "engagement.window_days", "90.0");
    refused(EngagementConfig::from, "engagement.min_posts", "three");
    refused(AnomalyConfig::from, "anomaly.z_threshold", "5d");
    refused(AnomalyConfig::from, "anomaly.z_threshold", "0x1p2");
    refused(DiscoveryConfig::from, "discovery.weight_activity", "");
    refused(InputLimits::from, "ingest.max_count", "1e12");
    refused(InputLimits::from, "ingest.earliest_date", "2004/01/01");
    refused(InputLimits::from, "ingest.earliest_date", "2004-02-30");
  }

  @Test
  void flagsAreExactlyTrueOrFalse() {
    assertTrue(refused(DiscoveryConfig::from, "discovery.rank_emerging", "yes").endsWith("expected true or false"));
    refused(DiscoveryConfig::from, "discovery.exclude_unexplained_rises", "ture");
    refused(DiscoveryConfig::from, "discovery.exclude_unexplained_rises", "TRUE");
    refused(DiscoveryConfig::from, "discovery.rank_emerging", "1");
    assertTrue(DiscoveryConfig.from(settings("discovery.rank_emerging", "true")).rankEmerging());
    assertFalse(DiscoveryConfig.from(settings("discovery.exclude_unexplained_rises", "false"))
        .excludeUnexplainedRises());
  }

  @Test
  void valuesInRangeAreReadIncludingTheirBounds() {
    assertEquals(0.9999, AnomalyConfig.from(settings("anomaly.drop_min_relative", "0.9999")).dropMinRelative());
    assertEquals(1.0, AnomalyConfig.from(settings("anomaly.churn_revert_share", "1")).churnRevertShare());
    assertEquals(5e-4, AnomalyConfig.from(settings("anomaly.min_relative_scale", "5e-4")).minRelativeScale());
    assertEquals(0.0, DiscoveryConfig.from(settings("discovery.weight_paid", "0")).weightPaid());
    assertEquals(3650, EngagementConfig.from(settings("engagement.window_days", "3650")).windowDays());
    assertEquals(1_000_000_000_000_000_000L,
        InputLimits.from(settings("ingest.max_count", "1000000000000000000")).maxCount());
    assertEquals(LocalDate.of(2010, 10, 6),
        InputLimits.from(settings("ingest.earliest_date", "2010-10-06")).earliestDate());
  }

  @Test
  void rulesBetweenKeysAndDirectConstructionUseTheSameChecks() {
    UserError between = assertThrows(UserError.class, () -> AnomalyConfig.from(Settings.of(
        Map.of("anomaly.baseline_snapshots", "20", "anomaly.min_baseline_snapshots", "21"),
        AnomalyConfig.KEYS)));
    assertTrue(between.getMessage().contains("anomaly.min_baseline_snapshots = 21 is not allowed: expected at most "
        + "anomaly.baseline_snapshots (20)"), between.getMessage());
    UserError direct = assertThrows(UserError.class,
        () -> new DiscoveryConfig(Double.NaN, 0.25, 0.15, 0.15, 0.10, 10, 0.1, false, true));
    assertEquals("discovery.weight_engagement = NaN is not allowed: expected a finite number in [0, inf)",
        direct.getMessage());
  }

  @Test
  void theCommandLineNamesFileKeyValueAndWhatIsAllowedInOneLine() throws Exception {
    Path file = tmp.resolve("bad.properties");
    Files.writeString(file, "discovery.weight_engagement = NaN\n");
    CliRun run = CliRun.of("pipeline", "--input", tmp.resolve("in").toString(), "--output",
        tmp.resolve("out").toString(), "--config", file.toString());
    assertEquals(2, run.exitCode(), run.toString());
    assertEquals("error: " + file + ": discovery.weight_engagement = 'NaN' is not allowed: expected a finite "
        + "number in [0, inf)", run.err().strip(), run.toString());

    Files.writeString(file, "ingest.max_count = lots\n");
    CliRun ingest = CliRun.of("ingest", "--input", tmp.resolve("in").toString(), "--output",
        tmp.resolve("out").toString(), "--config", file.toString());
    assertEquals(2, ingest.exitCode(), ingest.toString());
    assertEquals(1, ingest.err().strip().lines().count(), ingest.toString());
    assertTrue(ingest.err().startsWith("error: " + file + ": ingest.max_count = 'lots' is not allowed"),
        ingest.toString());
  }
}
