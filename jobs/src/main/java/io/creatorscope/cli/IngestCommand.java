package io.creatorscope.cli;

import io.creatorscope.common.Settings;
import io.creatorscope.content.ContentConfig;
import io.creatorscope.common.Sparks;
import io.creatorscope.ingest.IngestConfig;
import io.creatorscope.ingest.IngestJob;
import io.creatorscope.ingest.IngestResult;
import io.creatorscope.ingest.InputLimits;
import io.creatorscope.pipeline.PipelineConfig;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ingest}: validates and curates the raw inputs. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Check raw profiles/ and posts/ against the contract, quarantine bad rows, deduplicate, "
        + "write curated tables and an accounting.")
public final class IngestCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "Folder holding profiles/ and posts/.")
  String input;

  @Option(names = "--output", required = true, description = "Folder the output tables are written under.")
  String output;

  @Option(names = "--as-of", converter = Dates.class,
      description = "Ingest rows up to this day (default: the newest snapshot_date in profiles).")
  LocalDate asOf;

  @Option(names = "--full", description = "Re-ingest every input file and rebuild the curated tables instead of "
      + "reading only what earlier runs did not.")
  boolean full;

  @Option(names = "--config", description = "Configuration file (.properties); ingest reads the ingest.* keys and "
      + "content.sponsored_markers.")
  String configFile;

  @Mixin FormatOptions format = new FormatOptions();

  @Override
  public Integer call() {
    Settings settings = Settings.load(Optional.ofNullable(configFile), PipelineConfig.knownKeys(), new Configuration());
    InputLimits limits = InputLimits.from(settings);
    SparkSession spark = Sparks.forCommandLine("creatorscope ingest");
    format.use(spark, settings, output);
    IngestResult r = new IngestJob(spark, new IngestConfig(input, output, Optional.ofNullable(asOf), limits)
        .withFull(full).withContent(ContentConfig.from(settings))).run();
    System.out.println("ingest " + r.asOf() + " done in " + String.format("%.1f", r.seconds()) + " s, " + r.mode());
    System.out.println("  " + r.profiles().summary());
    System.out.println("  " + r.posts().summary());
    r.audiences().ifPresent(a -> System.out.println("  " + a.summary()));
    return 0;
  }
}
