package io.creatorscope.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.creatorscope.anomaly.AnomalyConfig;
import io.creatorscope.anomaly.GrowthAnomalyJob;
import io.creatorscope.common.Tables;
import io.creatorscope.discovery.DiscoveryConfig;
import io.creatorscope.discovery.DiscoveryJob;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.engagement.EngagementJob;
import io.creatorscope.generate.DatasetGenerator;
import io.creatorscope.generate.GeneratorConfig;
import io.creatorscope.ingest.IngestConfig;
import io.creatorscope.ingest.IngestJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * One generated dataset of 5,000 creators x 90 days (seed 7, clean, flat files) and the jobs the measured tables
 * need (ingest, engagement, anomalies, discovery) with the default configuration, shared ({@link SharedRuns}) by
 * the classes that measure the generator's data and the jobs on it. The seed is not one of those the anomaly
 * defaults were chosen on (1, 2).
 */
public final class GeneratedRun {
  public static final GeneratorConfig CONFIG = new GeneratorConfig(5000, 90, GeneratorConfig.DEFAULT_START, 7, 0,
      GeneratorConfig.LAYOUT_FLAT, 0);
  /** The newest generated day, which ingest takes as the as-of date. */
  public static final LocalDate AS_OF = CONFIG.startDate().plusDays(CONFIG.days() - 1L);

  private static Path folder;

  private GeneratedRun() {}

  /** The generated input (profiles, posts, labels). */
  public static synchronized String input(SparkSession spark) {
    return folder(spark).resolve("in").toString();
  }

  /** The jobs' output; tests must not write into it. */
  public static synchronized String output(SparkSession spark) {
    return folder(spark).resolve("out").toString();
  }

  private static Path folder(SparkSession spark) {
    if (folder == null) {
      folder = SharedRuns.folder("generated", f -> run(spark, f));
    }
    return folder;
  }

  private static void run(SparkSession spark, Path folder) {
    String in = folder.resolve("in").toString();
    String out = folder.resolve("out").toString();
    // The optional audiences input (0.7 million rows) feeds none of the tables measured: without it ingest reads
    // 1.0 instead of 1.7 million rows.
    new DatasetGenerator(spark, CONFIG).withoutAudiences().run(in);
    assertFalse(Files.exists(folder.resolve("in").resolve(Tables.AUDIENCES)), "no audiences/ written");
    LocalDate asOf = new IngestJob(spark, new IngestConfig(in, out, Optional.empty())).run().asOf();
    assertEquals(AS_OF, asOf, "the newest generated day");
    new EngagementJob(spark, EngagementConfig.defaults()).run(out, asOf);
    new GrowthAnomalyJob(spark, AnomalyConfig.defaults(), EngagementConfig.defaults()).run(out, asOf);
    new DiscoveryJob(spark, DiscoveryConfig.defaults(), EngagementConfig.defaults()).run(out, asOf);
  }
}
