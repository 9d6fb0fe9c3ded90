package io.creatorscope.anomaly;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.TableWriter;
import io.creatorscope.common.Tables;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.engagement.EngagementJob;
import io.creatorscope.generate.DatasetGenerator;
import io.creatorscope.generate.GeneratorConfig;
import io.creatorscope.ingest.IngestConfig;
import io.creatorscope.ingest.IngestJob;
import io.creatorscope.ingest.IngestResult;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The targets, held on a generated dataset of 5,000 creators x 90 days with the default configuration.
 * The seed (7) is not one of those the defaults were examined on (101, 202, 303).
 */
class AnomalyEvaluationTest extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void defaultConfigurationMeetsTheTargetsOnGeneratedData() {
    GeneratorConfig cfg = new GeneratorConfig(5000, 90, GeneratorConfig.DEFAULT_START, 7, 0, "flat", 0);
    new DatasetGenerator(spark, cfg).run(tmp.resolve("in").toString());
    String out = tmp.resolve("out").toString();
    IngestResult ingest = new IngestJob(spark, new IngestConfig(tmp.resolve("in").toString(), out,
        Optional.empty())).run();
    LocalDate asOf = ingest.asOf();
    new EngagementJob(spark, EngagementConfig.defaults()).run(out, asOf);
    new GrowthAnomalyJob(spark, AnomalyConfig.defaults(), EngagementConfig.defaults()).run(out, asOf);

    AnomalyEvaluation.Report report = new AnomalyEvaluation().evaluate(
        TableWriter.readPartition(spark, out, Tables.GROWTH_ANOMALIES, asOf),
        spark.read().parquet(tmp.resolve("in/labels").toString()),
        TableWriter.readPartition(spark, out, Tables.CREATOR_AUTHENTICITY, asOf));
    String table = report.table();
    AnomalyEvaluation.KindScore suspicious = report.kinds().get(GrowthAnomalyJob.SUSPICIOUS_SPIKE);
    assertTrue(suspicious.labels() > 200, table);
    assertTrue(suspicious.precision() >= 0.95, table);
    assertTrue(suspicious.recallAtLeast(0.03) >= 0.95, table);
    assertTrue(report.organicAsSuspiciousRate() <= 0.05, table);
    assertTrue(report.kinds().get(GrowthAnomalyJob.DROP).recall() >= 0.90, table);
    assertTrue(report.kinds().get(GrowthAnomalyJob.FOLLOW_CHURN).recall() >= 0.90, table);
    assertTrue(report.falseFlagRate() <= 0.01, table);
    assertTrue(report.cleanCreators() > 4000, table);
  }
}
