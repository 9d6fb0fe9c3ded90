package io.creatorscope.cli;

import io.creatorscope.anomaly.AnomalyConfig;
import io.creatorscope.common.Settings;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Tables;
import io.creatorscope.common.UserError;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.pipeline.PipelineConfig;
import io.creatorscope.report.ReportData;
import io.creatorscope.report.ReportPage;
import io.creatorscope.report.ReportReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code report}: one self-contained HTML page with the charts and tables of one as-of date. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write one self-contained HTML report (inline SVG charts, nothing fetched from the network) of an "
        + "as-of date: engagement distributions against the published benchmark, top creators per niche and tier, "
        + "flagged creators' follower histories, and the ingest accounting.")
public final class ReportCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, description = "Output location holding the tables.")
  String output;

  @Option(names = "--as-of", converter = Dates.class,
      description = "As-of date (default: the newest in discovery_ranking).")
  LocalDate asOf;

  @Option(names = "--out", required = true, description = "HTML file to write, e.g. report.html.")
  String out;

  @Option(names = "--top", defaultValue = "5",
      description = "Creators shown per niche x tier (default ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--flagged", defaultValue = "12",
      description = "Flagged creators shown, the most severe first (default ${DEFAULT-VALUE}).")
  int flagged;

  @Option(names = "--config", description = "The configuration the pipeline ran with (tier scheme, history days).")
  String configFile;

  @Override
  public Integer call() throws IOException {
    if (top < 1 || top > 50) {
      throw new UserError("--top must be between 1 and 50, got " + top);
    }
    if (flagged < 0 || flagged > 100) {
      throw new UserError("--flagged must be between 0 and 100, got " + flagged);
    }
    Settings settings = Settings.load(Optional.ofNullable(configFile), PipelineConfig.knownKeys(), new Configuration());
    long start = System.nanoTime();
    SparkSession spark = Sparks.forCommandLine("creatorscope report");
    LocalDate date = RunManifest.requireComplete(spark, output, Tables.DISCOVERY_RANKING, Optional.ofNullable(asOf));
    ReportData data = new ReportReader(spark, output, date).read(EngagementConfig.from(settings).tiers(),
        AnomalyConfig.from(settings).historyDays(), top, flagged);
    String html = ReportPage.render(data);
    Path target = Path.of(out);
    if (target.getParent() != null) {
      Files.createDirectories(target.getParent());
    }
    Files.writeString(target, html, StandardCharsets.UTF_8);
    System.out.printf("report as of %s written to %s (%d KB) in %.1f s%n", date, out, html.length() / 1024,
        (System.nanoTime() - start) / 1e9);
    return 0;
  }
}
