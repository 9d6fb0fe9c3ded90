package io.creatorscope.cli;

import io.creatorscope.common.Sparks;
import io.creatorscope.pipeline.PipelineConfig;
import io.creatorscope.pipeline.PipelineJob;
import io.creatorscope.pipeline.PipelineResult;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipeline}: every job in order for one as-of date. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Run every job in order (ingest, engagement, anomalies, rank, economics) for one as-of date and print a summary.")
public final class PipelineCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "Folder holding profiles/ and posts/.")
  String input;

  @Option(names = "--output", required = true, description = "Folder the output tables are written under.")
  String output;

  @Option(names = "--as-of", converter = Dates.class,
      description = "As-of date (default: the newest snapshot_date in profiles).")
  LocalDate asOf;

  @Option(names = "--config", description = "Configuration file (.properties); see the README for the keys.")
  String configFile;

  @Option(names = "--rates", description = "Rate card CSV (default: the shipped card of the tier scheme).")
  String ratesFile;

  @Override
  public Integer call() {
    PipelineConfig config = PipelineConfig.load(input, output, Optional.ofNullable(asOf), Optional.ofNullable(configFile),
        Optional.ofNullable(ratesFile));
    SparkSession spark = Sparks.forCommandLine("creatorscope pipeline");
    PipelineResult r = new PipelineJob(spark, config).run();
    System.out.print(r.summary());
    return 0;
  }
}
