package io.creatorscope.cli;

import io.creatorscope.common.Settings;
import io.creatorscope.pipeline.PipelineConfig;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;

/** Options shared by the commands that work on one as-of date of an output location. */
public final class RunOptions {
  @Option(names = "--output", required = true, description = "Output location holding the tables.")
  String output;

  @Option(names = "--as-of", required = true, converter = Dates.class, description = "As-of date (yyyy-MM-dd).")
  LocalDate asOf;

  @Option(names = "--config", description = "Configuration file (.properties); see docs/configuration.md for the keys.")
  String configFile;

  /** The configuration file's settings, checked against every key any job knows. */
  Settings settings() {
    return Settings.load(Optional.ofNullable(configFile), PipelineConfig.knownKeys(), new Configuration());
  }
}
