package io.creatorscope.pipeline;

import io.creatorscope.anomaly.GrowthAnomalyJob;
import io.creatorscope.common.JobResult;
import io.creatorscope.discovery.DiscoveryJob;
import io.creatorscope.economics.EconomicsJob;
import io.creatorscope.engagement.EngagementJob;
import io.creatorscope.ingest.IngestResult;
import java.util.List;
import java.util.Map;

/**
 * What one pipeline run did, and a printable summary.
 *
 * @param jobs what each job after ingest wrote, by job name, in the order they ran
 * @param benchmarkLines a few rows of the engagement distribution, already formatted
 */
public record PipelineResult(String output, IngestResult ingest, Map<String, JobResult> jobs,
    List<String> benchmarkLines, double seconds) {

  public EngagementJob.Result engagement() {
    return job(EngagementJob.Result.class);
  }

  public GrowthAnomalyJob.Result anomalies() {
    return job(GrowthAnomalyJob.Result.class);
  }

  public DiscoveryJob.Result ranking() {
    return job(DiscoveryJob.Result.class);
  }

  public EconomicsJob.Result economics() {
    return job(EconomicsJob.Result.class);
  }

  private <R extends JobResult> R job(Class<R> type) {
    return jobs.values().stream().filter(type::isInstance).map(type::cast).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + type.getEnclosingClass().getSimpleName() + " ran"));
  }

  /** One line for a day of a backfill. */
  public String dayLine() {
    return String.format("%s  %.1f s  ingest %s; profiles kept %d updated %d, posts kept %d updated %d; "
        + "%d creators (%d rated), %d growth flags (%d days judged), %d ranked", ingest.asOf(), seconds,
        ingest.mode(), ingest.profiles().kept(), ingest.profiles().updated(), ingest.posts().kept(),
        ingest.posts().updated(), engagement().creators(), engagement().ratedCreators(), anomalies().flags(),
        anomalies().judged().days(), ranking().ranked());
  }

  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("pipeline as of %s finished in %.1f s; tables under %s%n", ingest.asOf(), seconds, output));
    b.append(String.format("  %-12s%.1f s  %s%n", "ingest", ingest.seconds(), ingest.mode()));
    b.append(String.format("                     %s%n", ingest.profiles().summary()));
    b.append(String.format("                     %s%n", ingest.posts().summary()));
    ingest.audiences().ifPresent(a -> b.append(String.format("                     %s%n", a.summary())));
    jobs.forEach((name, r) -> b.append(String.format("  %-12s%.1f s  %s%n", name, r.seconds(), r.summary())));
    b.append("  median creator engagement rate per platform and tier (rated creators, all niches):\n");
    benchmarkLines.forEach(l -> b.append("    ").append(l).append('\n'));
    return b.toString();
  }
}
