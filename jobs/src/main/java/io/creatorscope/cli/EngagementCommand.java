package io.creatorscope.cli;

import io.creatorscope.common.Settings;
import io.creatorscope.common.Sparks;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.engagement.EngagementJob;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engagement}: engagement benchmarks from the curated tables of one as-of date. */
@Command(name = "engagement", mixinStandardHelpOptions = true,
    description = "Compute creator_engagement and engagement_distribution from the curated tables of an as-of date "
        + "(run ingest first).")
public final class EngagementCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, description = "Output location holding the curated tables.")
  String output;

  @Option(names = "--as-of", required = true, converter = Dates.class, description = "As-of date (yyyy-MM-dd).")
  LocalDate asOf;

  @Option(names = "--config", description = "Configuration file (.properties).")
  String configFile;

  @Override
  public Integer call() {
    Settings settings = Settings.load(Optional.ofNullable(configFile), EngagementConfig.KEYS, new Configuration());
    EngagementConfig config = EngagementConfig.from(settings);
    SparkSession spark = Sparks.forCommandLine("creatorscope engagement");
    EngagementJob.Result r = new EngagementJob(spark, config).run(output, asOf);
    System.out.printf("engagement %s: %d creators (%d rated), %d distribution rows in %.1f s%n",
        r.asOf(), r.creators(), r.ratedCreators(), r.distributionRows(), r.seconds());
    return 0;
  }
}
