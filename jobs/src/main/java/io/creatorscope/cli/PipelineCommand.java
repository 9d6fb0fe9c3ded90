package io.creatorscope.cli;

import io.creatorscope.common.Sparks;
import io.creatorscope.common.UserError;
import io.creatorscope.pipeline.PipelineConfig;
import io.creatorscope.pipeline.PipelineJob;
import io.creatorscope.pipeline.PipelineResult;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pipeline}: every job in order for one as-of date, or for each day of a range (a backfill). */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = "Run every job in order (ingest, engagement, anomalies, rank, economics) for one as-of date and "
        + "print a summary; with --from and --to, for each day of the range in one Spark session (a backfill).")
public final class PipelineCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "Folder holding profiles/ and posts/.")
  String input;

  @Option(names = "--output", required = true, description = "Folder the output tables are written under.")
  String output;

  @Option(names = "--as-of", converter = Dates.class,
      description = "As-of date (default: the newest snapshot_date in profiles).")
  LocalDate asOf;

  @Option(names = "--from", converter = Dates.class,
      description = "Backfill: the first as-of date of the range (with --to).")
  LocalDate from;

  @Option(names = "--to", converter = Dates.class,
      description = "Backfill: the last as-of date of the range (with --from).")
  LocalDate to;

  @Option(names = "--full", description = "Re-ingest every input file and rebuild the curated tables (for a "
      + "backfill: on its first day) instead of reading only what earlier runs did not.")
  boolean full;

  @Option(names = "--config", description = "Configuration file (.properties); see docs/configuration.md for the keys.")
  String configFile;

  @Mixin FormatOptions format = new FormatOptions();

  @Option(names = "--rates", description = "Rate card CSV (default: the shipped card of the tier scheme).")
  String ratesFile;

  @Override
  public Integer call() {
    if ((from == null) != (to == null)) {
      throw new UserError("--from and --to go together: give both, or neither");
    }
    if (from != null && asOf != null) {
      throw new UserError("--as-of is one day; --from and --to a range: give one or the other");
    }
    if (from != null && from.isAfter(to)) {
      throw new UserError("--from " + from + " is after --to " + to);
    }
    PipelineConfig config = PipelineConfig.load(input, output, Optional.ofNullable(asOf),
        Optional.ofNullable(configFile), Optional.ofNullable(ratesFile)).forFull(full);
    SparkSession spark = Sparks.forCommandLine("creatorscope pipeline");
    format.use(spark, config.settings(), output);
    if (from == null) {
      System.out.print(new PipelineJob(spark, config).run().summary());
      return 0;
    }
    long days = ChronoUnit.DAYS.between(from, to) + 1;
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      PipelineResult r = new PipelineJob(spark, config.forDate(day, full && day.equals(from))).run();
      System.out.println("backfill " + (ChronoUnit.DAYS.between(from, day) + 1) + "/" + days + "  " + r.dayLine());
    }
    return 0;
  }
}
