package io.creatorscope.cli;

import io.creatorscope.common.Settings;
import io.creatorscope.common.Sparks;
import io.creatorscope.economics.EconomicsConfig;
import io.creatorscope.economics.EconomicsJob;
import io.creatorscope.economics.RateCard;
import io.creatorscope.pipeline.PipelineConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code economics}: the creator_economics table of one as-of date. */
@Command(name = "economics", mixinStandardHelpOptions = true,
    description = "Price every rated creator from a rate card and compute what a post delivers and costs (CPE, "
        + "CPM, EMV) into creator_economics, from the engagement and authenticity tables of an as-of date.")
public final class EconomicsCommand implements Callable<Integer> {
  @Mixin RunOptions run;

  @Mixin FormatOptions format = new FormatOptions();

  @Option(names = "--rates", description = "Rate card CSV (default: the shipped card of the tier scheme).")
  String ratesFile;

  @Override
  public Integer call() {
    Settings settings = run.settings();
    RateCard rates = PipelineConfig.rateCard(settings, Optional.ofNullable(ratesFile));
    SparkSession spark = Sparks.forCommandLine("creatorscope economics");
    format.use(spark, settings, run.output);
    EconomicsJob.Result r = new EconomicsJob(spark, EconomicsConfig.from(settings), rates).run(run.output, run.asOf);
    System.out.printf("economics %s: %d rated creators, %d priced in %.1f s%n", r.asOf(), r.creators(), r.priced(),
        r.seconds());
    return 0;
  }
}
