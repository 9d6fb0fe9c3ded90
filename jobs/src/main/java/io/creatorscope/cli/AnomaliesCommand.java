package io.creatorscope.cli;

import io.creatorscope.anomaly.AnomalyConfig;
import io.creatorscope.anomaly.GrowthAnomalyJob;
import io.creatorscope.common.Settings;
import io.creatorscope.common.Sparks;
import io.creatorscope.engagement.EngagementConfig;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code anomalies}: growth-anomaly flags and authenticity scores for one as-of date. */
@Command(name = "anomalies", mixinStandardHelpOptions = true,
    description = "Flag anomalous follower growth (growth_anomalies) and score audiences (creator_authenticity) "
        + "from the curated and engagement tables of an as-of date (run ingest and engagement first).")
public final class AnomaliesCommand implements Callable<Integer> {
  @Mixin RunOptions run;

  @Mixin FormatOptions format = new FormatOptions();

  @Override
  public Integer call() {
    Settings settings = run.settings();
    SparkSession spark = Sparks.forCommandLine("creatorscope anomalies");
    format.use(spark, settings, run.output);
    GrowthAnomalyJob.Result r = new GrowthAnomalyJob(spark, AnomalyConfig.from(settings),
        EngagementConfig.from(settings)).run(run.output, run.asOf);
    System.out.printf("anomalies %s: %d flags, %d creators scored in %.1f s%n", r.asOf(), r.flags(), r.creators(),
        r.seconds());
    return 0;
  }
}
