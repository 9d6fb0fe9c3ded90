package io.creatorscope.cli;

import io.creatorscope.common.Sparks;
import io.creatorscope.generate.DatasetGenerator;
import io.creatorscope.generate.GeneratorConfig;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: writes a synthetic labelled dataset in the input contract. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a synthetic, labelled dataset (profiles/, posts/, audiences/, labels/) in the input contract.")
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, description = "Folder to write profiles/, posts/, audiences/ and labels/ into.")
  String output;

  @Option(names = "--creators", defaultValue = "1000", description = "Number of creators (default ${DEFAULT-VALUE}).")
  long creators;

  @Option(names = "--days", defaultValue = "90", description = "Daily snapshots (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--start", defaultValue = "2026-08-01", converter = Dates.class,
      description = "First snapshot day (default ${DEFAULT-VALUE}).")
  LocalDate start;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dirty-rate", defaultValue = "0", description = "Share of rows corrupted on purpose (default ${DEFAULT-VALUE}).")
  double dirtyRate;

  @Option(names = "--layout", defaultValue = "hive",
      description = "hive: date directories; flat: dates inside the files (default ${DEFAULT-VALUE}).")
  String layout;

  @Option(names = "--files", defaultValue = "0",
      description = "Files per table for the flat layout; 0 = one per Spark partition (default ${DEFAULT-VALUE}).")
  int files;

  @Option(names = "--missing-sponsored-share", defaultValue = "0",
      description = "Share of posts written with is_sponsored null; their captions still disclose (default "
          + "${DEFAULT-VALUE}).")
  double missingSponsoredShare;

  @Option(names = "--unknown-niche-share", defaultValue = "0",
      description = "Share of creators whose niche is written as unknown or null; their true niches go to "
          + "niche_labels/ (default ${DEFAULT-VALUE}).")
  double unknownNicheShare;

  @Override
  public Integer call() {
    GeneratorConfig config = new GeneratorConfig(creators, days, start, seed, dirtyRate, layout, files,
        missingSponsoredShare, unknownNicheShare);
    SparkSession spark = Sparks.forCommandLine("creatorscope generate");
    DatasetGenerator.Result r = new DatasetGenerator(spark, config).run(output);
    System.out.printf("generated %d creators: %d profile rows, %d post rows, %d labels, %d audience rows in %s%n",
        r.creators(), r.profileRows(), r.postRows(), r.labelRows(), r.audienceRows(), r.output());
    return 0;
  }
}
