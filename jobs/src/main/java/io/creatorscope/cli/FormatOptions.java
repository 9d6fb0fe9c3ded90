package io.creatorscope.cli;

import io.creatorscope.common.OutputFormat;
import io.creatorscope.common.Settings;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The output format options of the commands that write tables; see docs/iceberg.md. */
public final class FormatOptions {
  @Option(names = "--format", paramLabel = "parquet|iceberg",
      description = "How the tables are stored: parquet folders (default) or Iceberg tables (default: the setting "
          + "output.format, else parquet). One output location keeps one format.")
  String format;

  @Option(names = "--catalog", description = "Iceberg: the Spark catalog to use, configured with "
      + "spark.sql.catalog.NAME properties (default: a Hadoop catalog whose warehouse is --output).")
  String catalog;

  @Option(names = "--namespace", description = "Iceberg: the namespace of the tables (default "
      + OutputFormat.NAMESPACE_DEFAULT + ").")
  String namespace;

  /** Makes the session's runs use the chosen format: the option, else the setting, else Parquet. */
  void use(SparkSession spark, Settings settings) {
    String word = format != null ? format : settings.get(OutputFormat.FORMAT);
    OutputFormat.use(spark, OutputFormat.of(word, Optional.ofNullable(catalog), Optional.ofNullable(namespace)));
  }
}
