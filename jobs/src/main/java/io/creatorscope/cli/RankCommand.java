package io.creatorscope.cli;

import io.creatorscope.common.Settings;
import io.creatorscope.common.Sparks;
import io.creatorscope.discovery.DiscoveryConfig;
import io.creatorscope.discovery.DiscoveryJob;
import io.creatorscope.engagement.EngagementConfig;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rank}: the discovery_ranking table of one as-of date. */
@Command(name = "rank", mixinStandardHelpOptions = true,
    description = "Rank rated creators within platform x niche x tier (discovery_ranking) from the engagement and "
        + "anomaly tables of an as-of date.")
public final class RankCommand implements Callable<Integer> {
  @Mixin RunOptions run;

  @Mixin FormatOptions format = new FormatOptions();

  @Override
  public Integer call() {
    Settings settings = run.settings();
    SparkSession spark = Sparks.forCommandLine("creatorscope rank");
    format.use(spark, settings, run.output);
    DiscoveryJob.Result r = new DiscoveryJob(spark, DiscoveryConfig.from(settings), EngagementConfig.from(settings))
        .run(run.output, run.asOf);
    System.out.printf("rank %s: %d rated creators, %d ranked in %.1f s%n", r.asOf(), r.rows(), r.ranked(),
        r.seconds());
    return 0;
  }
}
