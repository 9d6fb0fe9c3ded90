package io.creatorscope.bench;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.creatorscope.common.Columns;
import io.creatorscope.common.Settings;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import io.creatorscope.pipeline.PipelineConfig;
import io.creatorscope.pipeline.PipelineJob;
import io.creatorscope.pipeline.PipelineResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One scale of the benchmark, in one JVM (so the peak memory is this scale's): per run, in one SparkSession, the
 * floor (a bare scan of the input columns into Spark's noop sink), the whole pipeline into a fresh output folder,
 * and DuckDB computing the engagement distribution from the same files; then {@code scale-cN-dD.json} in
 * {@code --out}. Run by {@code scripts/bench.sh}, which generates the dataset beforehand.
 */
@Command(name = "bench-scale", mixinStandardHelpOptions = true,
    description = "Measure floor, pipeline and DuckDB on one generated dataset; write scale-cN-dD.json.")
public final class BenchScale implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "Generated dataset (flat layout): profiles/, posts/.")
  String input;

  @Option(names = "--creators", required = true, description = "Creators in the dataset (for the record).")
  long creators;

  @Option(names = "--days", required = true, description = "Days in the dataset (for the record).")
  int days;

  @Option(names = "--runs", defaultValue = "3", description = "Runs (default ${DEFAULT-VALUE}).")
  int runs;

  @Mixin
  BenchSpark options;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchScale()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(Path.of(options.out));
    SparkSession spark = options.session("creatorscope bench " + creators + "x" + days);
    SpillListener spill = new SpillListener();
    spark.sparkContext().addSparkListener(spill);
    String pipelineOutput = options.out + "/pipeline-output/c" + creators + "-d" + days;
    int threads = cores(options.master);
    List<ScaleResult.Run> results = new ArrayList<>();
    PipelineResult last = null;
    long rssBeforeDuckdb = -1;
    try (Connection duckdb = duckdb(threads)) {
      DuckDbEngagement reference = new DuckDbEngagement(duckdb, input);
      for (int run = 1; run <= runs; run++) {
        double floor = floor(spark);

        BenchSpark.deleteRecursively(spark, pipelineOutput);
        long memorySpilled = spill.memoryBytes();
        long diskSpilled = spill.diskBytes();
        long start = System.nanoTime();
        last = new PipelineJob(spark, new PipelineConfig(input, pipelineOutput, Optional.empty(), Settings.empty()))
            .run();
        double pipeline = BenchSpark.secondsSince(start);
        spark.sparkContext().listenerBus().waitUntilEmpty();
        memorySpilled = spill.memoryBytes() - memorySpilled;
        diskSpilled = spill.diskBytes() - diskSpilled;
        LocalDate asOf = last.ingest().asOf();
        Map<String, DistributionComparison.Group> ours = ourDistribution(spark, pipelineOutput, asOf);

        if (rssBeforeDuckdb < 0) {
          rssBeforeDuckdb = peakRssBytes();
        }
        start = System.nanoTime();
        reference.run(asOf);
        double duckdbFirst = BenchSpark.secondsSince(start);
        start = System.nanoTime();
        Map<String, DistributionComparison.Group> theirs = reference.run(asOf);
        double duckdbWarm = BenchSpark.secondsSince(start);

        ScaleResult.Run r = new ScaleResult.Run(floor, pipeline, last.ingest().seconds(),
            last.engagement().seconds(), last.anomalies().seconds(), last.ranking().seconds(), duckdbFirst,
            duckdbWarm, memorySpilled, diskSpilled, DistributionComparison.compare(ours, theirs));
        results.add(r);
        System.out.printf("bench: %d creators x %d days, run %d/%d: floor %.1f s; pipeline %.1f s (ingest %.1f,"
                + " engagement %.1f, anomalies %.1f, rank %.1f); DuckDB %.2f s first, %.2f s warm; spill %d B;"
                + " p50 within 10%% of DuckDB in %.0f%% of %d groups%n",
            creators, days, run, runs, floor, pipeline, r.ingestSeconds(), r.engagementSeconds(),
            r.anomaliesSeconds(), r.rankSeconds(), duckdbFirst, duckdbWarm, memorySpilled + diskSpilled,
            100 * r.comparison().shareWithin10Percent(), r.comparison().sharedGroups());
      }
    } finally {
      spark.stop();
    }
    long profileRows = last.ingest().profiles().read();
    long postRows = last.ingest().posts().read();
    ScaleResult result = new ScaleResult(creators, days, options.master, options.xmx, Runtime.getRuntime().maxMemory(), threads,
        last.ingest().asOf().toString(), profileRows, postRows, profileRows + postRows, peakRssBytes(),
        rssBeforeDuckdb, false, 0, results);
    File file = new File(options.out, ScaleResult.fileName(creators, days));
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file, result);
    System.out.println("bench: wrote " + file);
    return 0;
  }

  /** Reads the pipeline's input columns of profiles and posts and discards them: the cost of the input alone. */
  private double floor(SparkSession spark) {
    long start = System.nanoTime();
    for (String table : List.of(Tables.PROFILES, Tables.POSTS)) {
      spark.read().parquet(input + "/" + table)
          .selectExpr(Tables.input(table).columnNames().toArray(new String[0]))
          .write().format("noop").mode(SaveMode.Overwrite).save();
    }
    return BenchSpark.secondsSince(start);
  }

  private static Map<String, DistributionComparison.Group> ourDistribution(SparkSession spark, String output,
      LocalDate asOf) {
    Map<String, DistributionComparison.Group> groups = new HashMap<>();
    List<Row> rows = PublishedTables.readPartition(spark, output, Tables.ENGAGEMENT_DISTRIBUTION, asOf)
        .filter(col("group_level").equalTo("platform_tier_niche"))
        .select(col(Columns.PLATFORM), col(Columns.TIER), col(Columns.NICHE), col("rated_creators"), col("er_p50"))
        .collectAsList();
    for (Row r : rows) {
      groups.put(DistributionComparison.key(r.getString(0), r.getString(1), r.getString(2)),
          new DistributionComparison.Group(r.getLong(3), r.getDouble(4)));
    }
    return groups;
  }

  /**
   * An in-memory DuckDB with the same cores as the Spark master and the same memory as the JVM's heap; it spills to
   * OUT/duckdb-tmp beyond that.
   */
  private Connection duckdb(int threads) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement st = c.createStatement()) {
      st.execute("SET threads = " + threads);
      st.execute("SET TimeZone = 'UTC'");
      st.execute("SET temp_directory = '" + new File(options.out, "duckdb-tmp").getAbsolutePath().replace("'", "''") + "'");
      Matcher m = Pattern.compile("(?i)(\\d+)([gm])").matcher(options.xmx);
      if (m.matches()) {
        st.execute("SET memory_limit = '" + m.group(1) + m.group(2).toUpperCase() + "B'");
      }
    }
    return c;
  }

  /** Cores of a local master (local, local[N], local[N,F], local[*]); the machine's cores for any other master. */
  static int cores(String master) {
    Matcher m = Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\d+)?])?").matcher(master);
    if (!m.matches() || "*".equals(m.group(1))) {
      return Runtime.getRuntime().availableProcessors();
    }
    return m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
  }

  /** VmHWM of this process in bytes, or -1 where /proc is not there. */
  static long peakRssBytes() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return -1;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
