package io.creatorscope.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.creatorscope.anomaly.AnomalyConfig;
import io.creatorscope.anomaly.AnomalyEvaluation;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.Tables;
import io.creatorscope.common.UserError;
import io.creatorscope.discovery.DiscoveryEvaluation;
import io.creatorscope.ingest.InputSchemaChecker;
import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate}: growth-anomaly flags and the discovery ranking against a generated dataset's labels. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Score growth_anomalies against the labels of a generated dataset: precision, recall and F1 per "
        + "kind, recall per event variant, by magnitude and by signal-to-noise (an event against the creator's own "
        + "day-to-day wobble), organic spikes reported suspicious, creators with no injected event that carry a "
        + "flag (any, and a fraud flag); events before the anomaly history (anomaly.history_days of --config) are "
        + "not scored; and, when discovery_ranking was written for the date, how many creators with bought "
        + "followers reach the top 10%% of a group.")
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin RunOptions run;

  @Option(names = "--labels", required = true, description = "The generator's labels folder (INPUT/labels).")
  String labels;

  @Option(names = "--json", description = "Also write the evaluation as JSON to this file.")
  String json;

  @Override
  public Integer call() {
    // The anomaly history of the run: events before it cannot be flagged and are not scored.
    int historyDays = AnomalyConfig.from(run.settings()).historyDays();
    SparkSession spark = Sparks.forCommandLine("creatorscope evaluate");
    RunManifest.requireComplete(spark, run.output, Tables.GROWTH_ANOMALIES, Optional.of(run.asOf));
    // Labels of an older generate lack variant and last_date: one line naming the file and the column.
    new InputSchemaChecker(spark.sparkContext().hadoopConfiguration()).check(labels, Tables.input(Tables.LABELS));
    Dataset<Row> labelRows = spark.read().parquet(labels).filter(col("event_date").leq(lit(run.asOf)));
    AnomalyEvaluation.Report report = new AnomalyEvaluation().evaluate(
        PublishedTables.readPartition(spark, run.output, Tables.GROWTH_ANOMALIES, run.asOf), labelRows,
        PublishedTables.readPartition(spark, run.output, Tables.CREATOR_AUTHENTICITY, run.asOf),
        run.asOf.minusDays(historyDays - 1L));
    System.out.print(report.table());
    Map<String, Object> root = report.asMap();
    if (RunManifest.completeDates(spark, run.output, Tables.DISCOVERY_RANKING).contains(run.asOf)) {
      DiscoveryEvaluation.Report ranking = new DiscoveryEvaluation().evaluate(
          PublishedTables.readPartition(spark, run.output, Tables.DISCOVERY_RANKING, run.asOf), labelRows);
      System.out.print(ranking.table());
      root.put("discovery", ranking.asMap());
    } else {
      System.out.println("discovery_ranking: not written for " + run.asOf + ", not evaluated");
    }
    if (json != null) {
      try {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(new File(json), root);
      } catch (IOException e) {
        throw new UserError(json + ": cannot write the evaluation (" + e.getMessage() + ")", e);
      }
      System.out.println("written to " + json);
    }
    return 0;
  }
}
