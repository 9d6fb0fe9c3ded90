package io.creatorscope.pipeline;

import io.creatorscope.anomaly.GrowthAnomalyJob;
import io.creatorscope.discovery.DiscoveryJob;
import io.creatorscope.economics.EconomicsJob;
import io.creatorscope.engagement.EngagementJob;
import io.creatorscope.ingest.IngestResult;
import java.util.List;

/**
 * What one pipeline run did, and a printable summary.
 *
 * @param benchmarkLines a few rows of the engagement distribution, already formatted
 */
public record PipelineResult(
    String output, IngestResult ingest, EngagementJob.Result engagement, GrowthAnomalyJob.Result anomalies,
    DiscoveryJob.Result ranking, EconomicsJob.Result economics, List<String> benchmarkLines, double seconds) {

  /** One line for a day of a backfill. */
  public String dayLine() {
    return String.format("%s  %.1f s  ingest %s; profiles kept %d updated %d, posts kept %d updated %d; "
        + "%d creators (%d rated), %d growth flags, %d ranked", ingest.asOf(), seconds, ingest.mode(),
        ingest.profiles().kept(), ingest.profiles().updated(), ingest.posts().kept(), ingest.posts().updated(),
        engagement.creators(), engagement.ratedCreators(), anomalies.flags(), ranking.ranked());
  }

  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("pipeline as of %s finished in %.1f s; tables under %s%n", ingest.asOf(), seconds, output));
    b.append(String.format("  ingest      %.1f s  %s%n", ingest.seconds(), ingest.mode()));
    b.append(String.format("                     %s%n", ingest.profiles().summary()));
    b.append(String.format("                     %s%n", ingest.posts().summary()));
    b.append(String.format("  engagement  %.1f s  %d creators (%d rated), %d distribution rows%n",
        engagement.seconds(), engagement.creators(), engagement.ratedCreators(), engagement.distributionRows()));
    b.append(String.format("  anomalies   %.1f s  %d growth flags, %d creators scored for authenticity%n",
        anomalies.seconds(), anomalies.flags(), anomalies.creators()));
    b.append(String.format("  rank        %.1f s  %d rated creators in discovery_ranking, %d ranked%n",
        ranking.seconds(), ranking.rows(), ranking.ranked()));
    b.append(String.format("  economics   %.1f s  %d rated creators in creator_economics, %d priced%n",
        economics.seconds(), economics.creators(), economics.priced()));
    b.append("  median creator engagement rate per platform and tier (rated creators, all niches):\n");
    benchmarkLines.forEach(l -> b.append("    ").append(l).append('\n'));
    return b.toString();
  }
}
