package io.creatorscope.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * How runs store the output tables: as Parquet folders under the output location, published by renaming (the
 * default, what DuckDB and pandas read straight from disk), or as Apache Iceberg tables in a catalog, committed
 * by Iceberg (atomic on object stores too). The Iceberg catalog is, by default, a Hadoop catalog whose warehouse
 * is the output location; a {@code catalog} names one the user configured with Spark properties instead.
 *
 * <p>The command line chooses the format of a session's runs ({@link #use}); every run manifest records the
 * format it was written in, so readers follow the manifests and need no option. One output location keeps one
 * format: a run in another is refused.
 */
public record OutputFormat(Kind kind, Optional<String> catalog, String namespace) {
  /** The two ways to store tables. */
  public enum Kind {
    PARQUET, ICEBERG;

    /** The word for it on the command line, in settings and in manifests. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final ConfigKey.Choice FORMAT = new ConfigKey.Choice("output.format", Kind.PARQUET.word(),
      List.of(Kind.PARQUET.word(), Kind.ICEBERG.word()));
  public static final Set<String> KEYS = Set.of(FORMAT.name());
  /** The namespace of the tables in the default catalog, and in a user's catalog unless one is given. */
  public static final String NAMESPACE_DEFAULT = "creatorscope";
  public static final OutputFormat PARQUET = new OutputFormat(Kind.PARQUET, Optional.empty(), NAMESPACE_DEFAULT);

  private static final String SESSION_FORMAT = "spark.creatorscope.output.format";
  private static final String SESSION_CATALOG = "spark.creatorscope.output.catalog";
  private static final String SESSION_NAMESPACE = "spark.creatorscope.output.namespace";

  public OutputFormat {
    if (kind == Kind.PARQUET && catalog.isPresent()) {
      throw new UserError("--catalog names an Iceberg catalog: it needs --format iceberg (or output.format = "
          + "iceberg)");
    }
  }

  /** The format named by a word (parquet, iceberg), as checked by {@link #FORMAT}. */
  public static OutputFormat of(String word, Optional<String> catalog, Optional<String> namespace) {
    if (!FORMAT.allows(word)) {
      throw new UserError("format '" + word + "' is not known: expected " + FORMAT.allowed());
    }
    return new OutputFormat(Kind.valueOf(word.toUpperCase(Locale.ROOT)), catalog,
        namespace.orElse(NAMESPACE_DEFAULT));
  }

  public boolean iceberg() {
    return kind == Kind.ICEBERG;
  }

  /** Makes the runs this session starts use {@code format}. */
  public static void use(SparkSession spark, OutputFormat format) {
    spark.conf().set(SESSION_FORMAT, format.kind().word());
    spark.conf().set(SESSION_NAMESPACE, format.namespace());
    if (format.catalog().isPresent()) {
      spark.conf().set(SESSION_CATALOG, format.catalog().get());
    } else {
      spark.conf().unset(SESSION_CATALOG);
    }
  }

  /** The format the session's runs use: the one {@link #use} chose, else Parquet. */
  static OutputFormat ofSession(SparkSession spark) {
    return of(spark.conf().get(SESSION_FORMAT, Kind.PARQUET.word()),
        Optional.ofNullable(spark.conf().get(SESSION_CATALOG, null)),
        Optional.ofNullable(spark.conf().get(SESSION_NAMESPACE, null)));
  }

  /** Writes the format into a manifest. */
  void record(ObjectNode manifest) {
    ObjectNode n = manifest.putObject("format");
    n.put("name", kind.word());
    if (iceberg()) {
      catalog.ifPresent(c -> n.put("catalog", c));
      n.put("namespace", namespace);
    }
  }

  /** The format a manifest records; Parquet for manifests from before formats were recorded. */
  static OutputFormat recorded(JsonNode manifest) {
    JsonNode n = manifest.path("format");
    if (n.isMissingNode()) {
      return PARQUET;
    }
    return of(n.path("name").asText(), Optional.ofNullable(n.get("catalog")).map(JsonNode::asText),
        Optional.ofNullable(n.get("namespace")).map(JsonNode::asText));
  }

  /** In words, for messages: "parquet", "iceberg (catalog c, namespace n)". */
  public String describe() {
    return iceberg() ? "iceberg (" + catalog.map(c -> "catalog " + c).orElse("Hadoop catalog at the output")
        + ", namespace " + namespace + ")" : kind.word();
  }
}
