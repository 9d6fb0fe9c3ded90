package io.creatorscope.pipeline;

import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.creatorscope.anomaly.AnomalyConfig;
import io.creatorscope.audience.AudienceConfig;
import io.creatorscope.audience.CreatorAudienceJob;
import io.creatorscope.anomaly.GrowthAnomalyJob;
import io.creatorscope.common.Columns;
import io.creatorscope.content.ContentConfig;
import io.creatorscope.content.CreatorBrandsJob;
import io.creatorscope.discovery.DiscoveryConfig;
import io.creatorscope.discovery.DiscoveryJob;
import io.creatorscope.economics.EconomicsConfig;
import io.creatorscope.economics.EconomicsJob;
import io.creatorscope.common.BaseJob;
import io.creatorscope.common.JobResult;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.Progress;
import io.creatorscope.common.Tables;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.engagement.EngagementJob;
import io.creatorscope.ingest.IngestConfig;
import io.creatorscope.ingest.InputLimits;
import io.creatorscope.ingest.IngestJob;
import io.creatorscope.ingest.IngestResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The {@code pipeline} command's job: every job in order for one as-of date. */
public final class PipelineJob {
  private final SparkSession spark;
  private final PipelineConfig config;

  public PipelineJob(SparkSession spark, PipelineConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Runs every job as one run: their tables and the manifest are published together at the end. */
  public PipelineResult run() {
    Progress progress = new Progress("pipeline");
    EngagementConfig engagementConfig = EngagementConfig.from(config.settings());
    ContentConfig content = ContentConfig.from(config.settings());
    progress.step("input " + config.input() + ", output " + config.output()
        + (config.settings().values().isEmpty() ? "" : ", settings " + config.settings().values()));
    Staged staged = OutputRun.publish(spark, config.output(), out -> {
      // Ingest picks the as-of date (the newest snapshot unless one was given); every other job runs for it.
      IngestResult ingest = new IngestJob(spark, new IngestConfig(config.input(), config.output(), config.asOf(),
          InputLimits.from(config.settings())).withFull(config.full()).withContent(content))
          .run(out);
      LocalDate asOf = ingest.asOf();
      List<BaseJob<?>> jobs = List.of(new EngagementJob(spark, engagementConfig, content),
          new GrowthAnomalyJob(spark, AnomalyConfig.from(config.settings()), engagementConfig),
          new DiscoveryJob(spark, DiscoveryConfig.from(config.settings()), engagementConfig),
          new EconomicsJob(spark, EconomicsConfig.from(config.settings()), config.rateCard()),
          new CreatorAudienceJob(spark, AudienceConfig.from(config.settings())),
          new CreatorBrandsJob(spark, content));
      Map<String, JobResult> results = new LinkedHashMap<>();
      for (BaseJob<?> job : jobs) {
        results.put(job.name(), job.run(out, asOf));
      }
      List<String> lines = benchmarkLines(out, asOf, engagementConfig);
      progress.step("all tables staged; publishing them and the manifest");
      return new Staged(ingest, results, lines);
    });
    progress.step("published");
    return new PipelineResult(config.output(), staged.ingest(), staged.jobs(), staged.benchmarkLines(),
        progress.elapsedSeconds());
  }

  /** What the run staged, before it is published. */
  private record Staged(IngestResult ingest, Map<String, JobResult> jobs, List<String> benchmarkLines) {}

  private List<String> benchmarkLines(OutputRun run, LocalDate asOf, EngagementConfig engagementConfig) {
    List<String> tierOrder = engagementConfig.tiers().names();
    List<Row> rows = run.read(Tables.ENGAGEMENT_DISTRIBUTION, asOf)
        .filter(col("group_level").equalTo("platform_tier"))
        .orderBy(col(Columns.PLATFORM), array_position(lit(tierOrder.toArray(new String[0])), col(Columns.TIER)))
        .select(col(Columns.PLATFORM), col(Columns.TIER), col("rated_creators"), col("er_p25"), col("er_p50"),
            col("er_p75"))
        .collectAsList();
    List<String> out = new ArrayList<>();
    out.add(String.format("%-10s %-9s %8s %8s %8s %8s", "platform", "tier", "creators", "p25", "median", "p75"));
    for (Row r : rows) {
      out.add(String.format("%-10s %-9s %8d %7.2f%% %7.2f%% %7.2f%%", r.getString(0), r.getString(1), r.getLong(2),
          100 * r.getDouble(3), 100 * r.getDouble(4), 100 * r.getDouble(5)));
    }
    return out;
  }
}
