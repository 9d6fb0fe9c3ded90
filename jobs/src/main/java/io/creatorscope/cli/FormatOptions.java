package io.creatorscope.cli;

import io.creatorscope.common.OutputFormat;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Settings;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The output format options of the commands that write tables; see docs/iceberg.md. */
public final class FormatOptions {
  @Option(names = "--format", paramLabel = "parquet|iceberg",
      description = "How the tables are stored: parquet folders or Iceberg tables (default: the setting "
          + "output.format, else the format the output already holds, else parquet). One output location keeps one "
          + "format.")
  String format;

  @Option(names = "--catalog", description = "Iceberg: the Spark catalog to use, configured with "
      + "spark.sql.catalog.NAME properties (default: a Hadoop catalog whose warehouse is --output).")
  String catalog;

  @Option(names = "--namespace", description = "Iceberg: the namespace of the tables (default "
      + OutputFormat.NAMESPACE_DEFAULT + ").")
  String namespace;

  /**
   * Makes the session's runs use the chosen format: the options, else the setting; when neither names one, the
   * format {@code output}'s run manifests record (a daily run scheduled without --format keeps writing the Iceberg
   * tables the first run made), else Parquet. A named format other than the output's is refused when the run
   * starts.
   */
  void use(SparkSession spark, Settings settings, String output) {
    boolean named = format != null || catalog != null || namespace != null
        || settings.get(OutputFormat.FORMAT.name()).isPresent();
    Optional<OutputFormat> recorded = named ? Optional.empty() : RunManifest.formatOf(spark, output);
    String word = format != null ? format : settings.get(OutputFormat.FORMAT);
    OutputFormat.use(spark, recorded.orElseGet(
        () -> OutputFormat.of(word, Optional.ofNullable(catalog), Optional.ofNullable(namespace))));
  }
}
