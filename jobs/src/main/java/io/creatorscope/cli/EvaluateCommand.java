package io.creatorscope.cli;

import io.creatorscope.anomaly.AnomalyEvaluation;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.Tables;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate}: growth-anomaly flags against a generated dataset's labels. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Score growth_anomalies against the labels of a generated dataset: precision, recall and F1 per "
        + "kind, recall by magnitude, false-flag rate among creators with no injected event.")
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin RunOptions run;

  @Option(names = "--labels", required = true, description = "The generator's labels folder (INPUT/labels).")
  String labels;

  @Option(names = "--json", description = "Also write the evaluation as JSON to this file.")
  String json;

  @Override
  public Integer call() {
    run.settings(); // evaluate reads no setting, but a --config given to it is still checked
    SparkSession spark = Sparks.forCommandLine("creatorscope evaluate");
    AnomalyEvaluation.Report report = new AnomalyEvaluation().evaluate(
        PublishedTables.readPartition(spark, run.output, Tables.GROWTH_ANOMALIES, run.asOf),
        spark.read().parquet(labels).filter(org.apache.spark.sql.functions.col("event_date")
            .leq(org.apache.spark.sql.functions.lit(run.asOf))),
        PublishedTables.readPartition(spark, run.output, Tables.CREATOR_AUTHENTICITY, run.asOf));
    System.out.print(report.table());
    if (json != null) {
      report.writeJson(json);
      System.out.println("written to " + json);
    }
    return 0;
  }
}
