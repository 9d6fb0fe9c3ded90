package io.creatorscope.common;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.RawInputs;
import io.creatorscope.testing.TinyDataSparkTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command run in a JVM whose session someone else built (a Databricks JAR task, a notebook, an application that
 * calls {@code Main}) runs with the session settings the jobs rely on, whatever that session had: Spark's defaults
 * there (java.sql dates, the machine's time zone) made ingest fail with a ClassCastException, and ANSI mode (Spark
 * 4's default, some platforms') the anomaly job.
 */
class RunningSessionIT extends TinyDataSparkTest {
  private static final Map<String, String> DEFAULTS_ELSEWHERE = Map.of(
      "spark.sql.datetime.java8API.enabled", "false",
      "spark.sql.session.timeZone", "Pacific/Auckland",
      "spark.sql.ansi.enabled", "true");

  @TempDir Path tmp;

  @Test
  void aCommandSetsTheSessionSettingsItNeedsOnASessionItFindsRunning() {
    Path in = new RawInputs(spark)
        .profile("c1", "instagram", "fitness", 5000L, RawInputs.day(1))
        .profile("c1", "instagram", "fitness", 5100L, RawInputs.day(2))
        .post("p1", "c1", RawInputs.noon(1), 100L, 5L, RawInputs.day(2))
        .writeTo(tmp.resolve("in"));
    String out = tmp.resolve("out").toString();
    Map<String, String> before = new TreeMap<>();
    DEFAULTS_ELSEWHERE.keySet().forEach(k -> before.put(k, spark.conf().get(k)));
    try {
      DEFAULTS_ELSEWHERE.forEach((k, v) -> spark.conf().set(k, v));
      CliRun run = CliRun.of("pipeline", "--input", in.toString(), "--output", out);
      assertEquals(0, run.exitCode(), run.toString());
      Map<String, String> after = new TreeMap<>();
      DEFAULTS_ELSEWHERE.keySet().forEach(k -> after.put(k, spark.conf().get(k)));
      assertEquals(before, after, "the jobs' settings");
      assertEquals(List.of("2026-10-01", "2026-10-02"), PublishedTables.readFacts(spark, out,
              Tables.CURATED_PROFILES, null, null)
          .select(col(Columns.SNAPSHOT_DATE).cast("string")).orderBy(Columns.SNAPSHOT_DATE)
          .as(Encoders.STRING()).collectAsList(), "the snapshot days as delivered");
    } finally {
      before.forEach((k, v) -> spark.conf().set(k, v));
    }
  }
}
