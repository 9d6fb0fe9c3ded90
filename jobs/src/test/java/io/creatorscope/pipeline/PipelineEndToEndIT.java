package io.creatorscope.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.cli.Main;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.testing.OutputTrees;
import io.creatorscope.testing.SampleRun;
import io.creatorscope.testing.SparkTestBase;
import io.creatorscope.testing.SparkWarnings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's sample command's outputs (the shared run, {@link SampleRun}: the launcher, as a user types it) and
 * the commands over them.
 */
class PipelineEndToEndIT extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void pipelineOnTheSampleDataWritesBalancedTables() throws Exception {
    String out = SampleRun.output();
    LocalDate asOf = SampleRun.AS_OF;
    Dataset<Row> accounting = PublishedTables.readPartition(spark, out, Tables.INGEST_ACCOUNTING, asOf);
    for (String table : new String[] {"profiles", "posts"}) {
      Dataset<Row> t = accounting.filter(col("input_table").equalTo(table));
      long read = t.filter(col("measure").equalTo("read")).agg(sum("row_count")).first().getLong(0);
      long rest = t.filter(col("measure").notEqual("read")).agg(sum("row_count")).first().getLong(0);
      assertEquals(read, rest, table + " balances");
      assertTrue(t.filter(col("measure").equalTo("quarantined")).count() >= 2, table + " has dirty rows");
    }
    long quarantined = PublishedTables.readPartition(spark, out, Tables.QUARANTINE, asOf).count();
    assertTrue(quarantined > 0);

    Dataset<Row> creators = PublishedTables.readPartition(spark, out, Tables.CREATOR_ENGAGEMENT, asOf);
    assertEquals(400, creators.count());
    assertTrue(creators.filter(col("rated")).count() > 300);
    Dataset<Row> dist = PublishedTables.readPartition(spark, out, Tables.ENGAGEMENT_DISTRIBUTION, asOf);
    assertEquals(3, dist.filter(col("group_level").equalTo("platform")).count());

    Dataset<Row> authenticity = PublishedTables.readPartition(spark, out, Tables.CREATOR_AUTHENTICITY, asOf);
    assertEquals(400, authenticity.count());
    assertTrue(PublishedTables.readPartition(spark, out, Tables.GROWTH_ANOMALIES, asOf).count() > 0);

    Path json = tmp.resolve("evaluation.json");
    int evaluated = Main.execute("evaluate", "--output", out, "--as-of", asOf.toString(), "--labels",
        "data-samples/labels", "--json", json.toString());
    assertEquals(0, evaluated);
    String report = Files.readString(json);
    for (String field : new String[] {"\"suspicious_spike\"", "\"follow_churn\"", "\"recall_by_magnitude\"",
        "\"false_flag_rate\"", "\"precision\"", "\"discovery\"", "\"bought_in_top\"", "\"top_slots\""}) {
      assertTrue(report.contains(field), field + " in " + report);
    }
  }

  /**
   * A --config file reaches the job it configures: a job of its own over a copy of the sample's outputs, with a
   * shorter post window than the default, counts fewer posts in it and records the setting in the manifest.
   */
  @Test
  void aConfigurationFileSetsTheJobsSettings() throws Exception {
    Path config = tmp.resolve("creatorscope.properties");
    Files.writeString(config, "engagement.window_days = 60\n");
    Path out = tmp.resolve("out");
    OutputTrees.copy(Path.of(SampleRun.output()), out);
    try (SparkWarnings warnings = new SparkWarnings()) {
      assertEquals(0, Main.execute("engagement", "--output", out.toString(), "--as-of",
          SampleRun.AS_OF.toString(), "--config", config.toString()));
      assertEquals(java.util.List.of(), warnings.seen(), "Spark SQL's warnings about our plans");
    }
    long byDefault = PublishedTables.readPartition(spark, SampleRun.output(), Tables.CREATOR_ENGAGEMENT,
        SampleRun.AS_OF).agg(sum("posts_in_window")).first().getLong(0);
    long in60Days = PublishedTables.readPartition(spark, out.toString(), Tables.CREATOR_ENGAGEMENT, SampleRun.AS_OF)
        .agg(sum("posts_in_window")).first().getLong(0);
    assertTrue(0 < in60Days && in60Days < byDefault, in60Days + " posts in 60 days, " + byDefault + " in 90");
    String manifest = Files.readString(out.resolve("_manifests").resolve("as_of_date=" + SampleRun.AS_OF + ".json"));
    assertTrue(manifest.contains("windowDays=60"), manifest);
  }

  @Test
  void discoverFiltersAndFormats() throws Exception {
    String out = SampleRun.output();
    Path csv = tmp.resolve("brief.csv");
    assertEquals(0, Main.execute("discover", "--output", out, "--niche", "fitness,food", "--tier", "micro",
        "--platform", "instagram", "--top", "5", "--format", "csv", "--out", csv.toString()));
    java.util.List<String> lines = Files.readAllLines(csv);
    assertEquals("rank,handle,platform,niche,tier,country,followers,er,group_er,authenticity,score,top_reasons",
        lines.get(0));
    assertTrue(lines.size() > 1 && lines.size() <= 6, lines.toString());
    for (String line : lines.subList(1, lines.size())) {
      assertTrue(line.contains(",instagram,") && line.contains(",micro,")
          && (line.contains(",fitness,") || line.contains(",food,")), line);
    }
    java.util.List<Double> scores = lines.subList(1, lines.size()).stream()
        .map(l -> Double.parseDouble(l.split(",")[10])).toList();
    for (int i = 1; i < scores.size(); i++) {
      assertTrue(scores.get(i) <= scores.get(i - 1), "best score first: " + scores);
    }

    Path json = tmp.resolve("brief.json");
    assertEquals(0, Main.execute("discover", "--output", out, "--min-authenticity", "0.99", "--country", "de",
        "--format", "json", "--out", json.toString()));
    com.fasterxml.jackson.databind.JsonNode brief = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(json.toFile());
    assertTrue(brief.isArray() && brief.size() > 0, brief.toString());
    for (com.fasterxml.jackson.databind.JsonNode creator : brief) {
      assertEquals("DE", creator.get("country").asText());
      assertTrue(Double.parseDouble(creator.get("authenticity").asText()) >= 0.99, creator.toString());
    }

    Path table = tmp.resolve("brief.txt");
    assertEquals(0, Main.execute("discover", "--output", out, "--niche", "travel", "--top", "3", "--out",
        table.toString()));
    java.util.List<String> rows = Files.readAllLines(table);
    assertTrue(rows.get(0).startsWith("rank  handle"), rows.get(0));
    assertEquals(4, rows.size(), rows.toString());
    int scoreColumn = rows.get(0).indexOf("score");
    for (String r : rows) {
      assertTrue(r.length() > scoreColumn, "aligned columns: " + r);
    }

    assertEquals(2, Main.execute("discover", "--output", out, "--niche", "knitting"));
    assertEquals(2, Main.execute("discover", "--output", out, "--format", "xml"));
    assertEquals(2, Main.execute("discover", "--output", out, "--as-of", "2026-10-13"), "no run for that date");
    assertEquals(2, Main.execute("discover", "--output", tmp.toString()), "no manifest at all");
  }

  /**
   * Audience targets and brand checks through the command line on the sample, against the tables computed apart:
   * every creator listed with a known audience has the share asked for, as many as the tables allow; the partner
   * check keeps exactly the ranked creators who promoted the brand, the competitor check none of them.
   */
  @Test
  void discoverWithAudienceTargetsAndBrandChecksMatchesTheTables() throws Exception {
    String out = SampleRun.output();
    LocalDate asOf = SampleRun.AS_OF;
    Dataset<Row> ranked = PublishedTables.readPartition(spark, out, Tables.DISCOVERY_RANKING, asOf)
        .filter(col("rank").isNotNull());
    Dataset<Row> audience = PublishedTables.readPartition(spark, out, Tables.CREATOR_AUDIENCE, asOf);

    java.util.Set<String> usHeavy = new java.util.TreeSet<>(ranked.join(audience.filter(col("dimension")
        .equalTo("country").and(col("bucket").equalTo("US")).and(col("share").geq(0.3))), "creator_id")
        .select("handle").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    assertTrue(usHeavy.size() > 0, "the sample has creators with 30% of their audience in the US");
    Path csv = tmp.resolve("audience.csv");
    assertEquals(0, Main.execute("discover", "--output", out, "--audience-country", "US:0.3", "--top", "400",
        "--format", "csv", "--out", csv.toString()));
    java.util.List<String> lines = Files.readAllLines(csv);
    assertTrue(lines.get(0).endsWith(",audience_fit,brief_score"), lines.get(0));
    java.util.Set<String> known = new java.util.TreeSet<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      if (!cells[cells.length - 2].equals("unknown")) {
        known.add(cells[1]);
      }
    }
    assertEquals(usHeavy, known, "the creators meeting the target, and only they, with a known audience");

    Row brand = PublishedTables.readPartition(spark, out, Tables.CREATOR_BRANDS, asOf)
        .join(ranked.select("creator_id"), "creator_id")
        .groupBy("brand").count().orderBy(col("count").desc(), col("brand")).first();
    java.util.Set<String> promoted = new java.util.TreeSet<>(ranked.join(
        PublishedTables.readPartition(spark, out, Tables.CREATOR_BRANDS, asOf)
            .filter(col("brand").equalTo(brand.getString(0))), "creator_id")
        .select("handle").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    assertEquals(brand.getLong(1), promoted.size());
    Path partners = tmp.resolve("partners.csv");
    assertEquals(0, Main.execute("discover", "--output", out, "--worked-with", "@" + brand.getString(0), "--top",
        "400", "--format", "csv", "--out", partners.toString()));
    assertEquals(promoted, new java.util.TreeSet<>(Files.readAllLines(partners).stream().skip(1)
        .map(l -> l.split(",")[1]).toList()), "worked with " + brand.getString(0));
    Path others = tmp.resolve("others.csv");
    assertEquals(0, Main.execute("discover", "--output", out, "--exclude-brands", brand.getString(0), "--top",
        "400", "--format", "csv", "--out", others.toString()));
    java.util.List<String> rest = Files.readAllLines(others).stream().skip(1).map(l -> l.split(",")[1]).toList();
    assertEquals(ranked.count() - promoted.size(), rest.size());
    assertTrue(rest.stream().noneMatch(promoted::contains), "no creator who promoted " + brand.getString(0));
  }

  @Test
  void unknownConfigurationKeyIsAUserError() throws Exception {
    Path config = tmp.resolve("bad.properties");
    Files.writeString(config, "engagement.windowdays = 60\n");
    int code = Main.execute("pipeline", "--input", "data-samples", "--output", tmp.resolve("o").toString(),
        "--config", config.toString());
    assertEquals(2, code);
  }
}
