package io.creatorscope.cli;

import io.creatorscope.common.Sparks;
import io.creatorscope.content.ContentConfig;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.engagement.EngagementJob;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code engagement}: engagement benchmarks from the curated tables of one as-of date. */
@Command(name = "engagement", mixinStandardHelpOptions = true,
    description = "Compute creator_engagement and engagement_distribution from the curated tables of an as-of date "
        + "(run ingest first).")
public final class EngagementCommand implements Callable<Integer> {
  @Mixin RunOptions run;

  @Mixin FormatOptions format = new FormatOptions();

  @Override
  public Integer call() {
    EngagementConfig config = EngagementConfig.from(run.settings());
    SparkSession spark = Sparks.forCommandLine("creatorscope engagement");
    format.use(spark, run.settings(), run.output);
    EngagementJob.Result r = new EngagementJob(spark, config, ContentConfig.from(run.settings())).run(run.output, run.asOf);
    System.out.printf("engagement %s: %d creators (%d rated), %d distribution rows in %.1f s%n",
        r.asOf(), r.creators(), r.ratedCreators(), r.distributionRows(), r.seconds());
    return 0;
  }
}
