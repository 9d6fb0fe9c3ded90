package io.creatorscope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.creatorscope.anomaly.AnomalyConfig;
import io.creatorscope.audience.AudienceConfig;
import io.creatorscope.common.Settings;
import io.creatorscope.content.ContentConfig;
import io.creatorscope.discovery.DiscoveryConfig;
import io.creatorscope.economics.EconomicsConfig;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.ingest.InputLimits;
import io.creatorscope.pipeline.PipelineConfig;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** config/defaults.properties lists every setting, and its values are the defaults the code uses. */
class ConfigDefaultsFileTest {
  static final String FILE = "config/defaults.properties";

  @Test
  void theDefaultsFileHoldsEveryKeyWithTheCodesDefault() {
    Settings file = Settings.load(Optional.of(FILE), PipelineConfig.knownKeys(), new Configuration());
    assertEquals(new TreeSet<>(PipelineConfig.knownKeys()), new TreeSet<>(file.values().keySet()));
    assertEquals(AnomalyConfig.defaults(), AnomalyConfig.from(file));
    assertEquals(DiscoveryConfig.defaults(), DiscoveryConfig.from(file));
    assertEquals(InputLimits.defaults(), InputLimits.from(file));
    assertEquals(EconomicsConfig.defaults(), EconomicsConfig.from(file));
    assertEquals(AudienceConfig.defaults(), AudienceConfig.from(file));
    assertEquals(ContentConfig.defaults(), ContentConfig.from(file));
    EngagementConfig fromFile = EngagementConfig.from(file);
    EngagementConfig defaults = EngagementConfig.defaults();
    assertEquals(defaults.windowDays(), fromFile.windowDays());
    assertEquals(defaults.minPosts(), fromFile.minPosts());
    assertEquals(defaults.matchAfterDays(), fromFile.matchAfterDays());
    assertEquals(defaults.percentileAccuracy(), fromFile.percentileAccuracy());
    assertEquals(defaults.tiers().tiers(), fromFile.tiers().tiers());
  }
}
