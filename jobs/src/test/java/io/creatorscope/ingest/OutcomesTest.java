package io.creatorscope.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.testing.SparkJobs;
import io.creatorscope.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomesTest extends SparkTestBase {
  @TempDir Path tmp;

  /** Five flagged rows read from Parquet, as a batch's input is: two valid, two NULL_REQUIRED, one for a later day. */
  private Dataset<Row> flagged() {
    StructType schema = new StructType().add("id", "int").add(IngestJob.REASON, "string");
    String path = tmp.resolve("flagged").toString();
    spark.createDataFrame(List.of(RowFactory.create(1, null), RowFactory.create(2, "NULL_REQUIRED"),
        RowFactory.create(3, null), RowFactory.create(4, IngestJob.BEYOND_AS_OF),
        RowFactory.create(5, "NULL_REQUIRED")), schema).write().parquet(path);
    return spark.read().parquet(path);
  }

  private static Map<String, Long> expected() {
    Map<String, Long> m = new HashMap<>();
    m.put(null, 2L);
    m.put("NULL_REQUIRED", 2L);
    m.put(IngestJob.BEYOND_AS_OF, 1L);
    return m;
  }

  private void writeQuarantined(Outcomes outcomes, String name) {
    outcomes.rows().filter(col(IngestJob.REASON).isNotNull()).write().parquet(tmp.resolve(name).toString());
  }

  @Test
  void observedWhileAWriteReadsEveryRowWithoutAJobOfTheirOwn() throws Exception {
    Outcomes outcomes = Outcomes.observed(flagged(), "observed", 5);
    writeQuarantined(outcomes, "q1");
    AtomicReference<Map<String, Long>> counts = new AtomicReference<>();
    assertEquals(0, SparkJobs.startedBy(spark, () -> counts.set(outcomes.counts())));
    assertEquals(expected(), counts.get());
  }

  /** As when a map stage ran twice and added its rows twice, or the footers promised other rows than were read. */
  @Test
  void countedByAPassOfTheirOwnWhenTheObservedRowsDoNotAddUpToTheExpected() throws Exception {
    Outcomes outcomes = Outcomes.observed(flagged(), "not_adding_up", 6);
    writeQuarantined(outcomes, "q2");
    AtomicReference<Map<String, Long>> counts = new AtomicReference<>();
    assertTrue(SparkJobs.startedBy(spark, () -> counts.set(outcomes.counts())) > 0);
    assertEquals(expected(), counts.get());
  }

  @Test
  void countedByAPassOfTheirOwnWhenTheActionObservedNothing() {
    Outcomes outcomes = Outcomes.observed(flagged(), "pruned", 5);
    outcomes.rows().filter(lit(false)).write().parquet(tmp.resolve("q3").toString());
    assertEquals(expected(), outcomes.counts());
  }

  @Test
  void countedOnceWhenFirstAsked() throws Exception {
    Outcomes outcomes = Outcomes.counted(flagged());
    assertEquals(expected(), outcomes.counts());
    assertEquals(0, SparkJobs.startedBy(spark, outcomes::counts));
  }
}
