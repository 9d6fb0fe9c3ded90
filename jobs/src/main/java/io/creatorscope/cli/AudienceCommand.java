package io.creatorscope.cli;

import io.creatorscope.audience.AudienceConfig;
import io.creatorscope.audience.CreatorAudienceJob;
import io.creatorscope.common.Settings;
import io.creatorscope.common.Sparks;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code audience}: the creator_audience table of one as-of date. */
@Command(name = "audience", mixinStandardHelpOptions = true,
    description = "Each creator's latest audience split (country, age, gender) up to an as-of date, with its top "
        + "country and age band, into creator_audience, from curated_audiences.")
public final class AudienceCommand implements Callable<Integer> {
  @Mixin RunOptions run;

  @Mixin FormatOptions format = new FormatOptions();

  @Override
  public Integer call() {
    Settings settings = run.settings();
    SparkSession spark = Sparks.forCommandLine("creatorscope audience");
    format.use(spark, settings, run.output);
    CreatorAudienceJob.Result r = new CreatorAudienceJob(spark, AudienceConfig.from(settings))
        .run(run.output, run.asOf);
    System.out.printf("audience %s: %d creators with a split (%d rows) in %.1f s%n", r.asOf(), r.creators(),
        r.rows(), r.seconds());
    return 0;
  }
}
