package io.creatorscope.pipeline;

import io.creatorscope.common.Settings;
import io.creatorscope.economics.RateCard;
import io.creatorscope.engagement.EngagementConfig;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * Everything one pipeline run needs: locations, the as-of date (empty = newest snapshot), the configuration
 * file's settings, already checked against the keys every job knows, the rate card, already parsed (a bad
 * configuration or card stops the run before Spark starts), and whether to re-ingest everything.
 */
public record PipelineConfig(String input, String output, Optional<LocalDate> asOf, Settings settings,
    RateCard rateCard, boolean full) {

  /** An incremental run (a full one when the output has no ingest yet). */
  public PipelineConfig(String input, String output, Optional<LocalDate> asOf, Settings settings,
      RateCard rateCard) {
    this(input, output, asOf, settings, rateCard, false);
  }

  /** With the shipped rate card of the settings' tier scheme. */
  public PipelineConfig(String input, String output, Optional<LocalDate> asOf, Settings settings) {
    this(input, output, asOf, settings, rateCard(settings, Optional.empty()));
  }

  /** The same run, with a full ingest or not. */
  public PipelineConfig forFull(boolean fullIngest) {
    return new PipelineConfig(input, output, asOf, settings, rateCard, fullIngest);
  }

  /** The same run for another as-of date, incremental or full. */
  public PipelineConfig forDate(LocalDate date, boolean fullIngest) {
    return new PipelineConfig(input, output, Optional.of(date), settings, rateCard, fullIngest);
  }

  /** Every job's settings are checked here, so a bad value stops the run before any job has started. */
  public PipelineConfig {
    io.creatorscope.ingest.InputLimits.from(settings);
    io.creatorscope.engagement.EngagementConfig.from(settings);
    io.creatorscope.anomaly.AnomalyConfig.from(settings);
    io.creatorscope.discovery.DiscoveryConfig.from(settings);
    io.creatorscope.economics.EconomicsConfig.from(settings);
    io.creatorscope.audience.AudienceConfig.from(settings);
    settings.get(io.creatorscope.common.OutputFormat.FORMAT);
    io.creatorscope.content.ContentConfig.from(settings);
  }

  /** Every configuration key any job reads. */
  public static Set<String> knownKeys() {
    Set<String> keys = new HashSet<>();
    keys.addAll(io.creatorscope.engagement.EngagementConfig.KEYS);
    keys.addAll(io.creatorscope.anomaly.AnomalyConfig.KEYS);
    keys.addAll(io.creatorscope.discovery.DiscoveryConfig.KEYS);
    keys.addAll(io.creatorscope.ingest.InputLimits.KEYS);
    keys.addAll(io.creatorscope.economics.EconomicsConfig.KEYS);
    keys.addAll(io.creatorscope.audience.AudienceConfig.KEYS);
    keys.addAll(io.creatorscope.common.OutputFormat.KEYS);
    keys.addAll(io.creatorscope.content.ContentConfig.KEYS);
    return keys;
  }

  public static PipelineConfig load(String input, String output, Optional<LocalDate> asOf, Optional<String> file,
      Optional<String> rates) {
    Settings settings = Settings.load(file, knownKeys(), new Configuration());
    return new PipelineConfig(input, output, asOf, settings, rateCard(settings, rates));
  }

  /** The rate card in {@code file}, or the shipped one of the settings' tier scheme. */
  public static RateCard rateCard(Settings settings, Optional<String> file) {
    return RateCard.load(file, EngagementConfig.from(settings).tiers(), new Configuration());
  }
}
