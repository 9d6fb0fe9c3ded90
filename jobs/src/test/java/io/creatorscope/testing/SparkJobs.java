package io.creatorscope.testing;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/** How many Spark jobs a piece of driver code starts: for tests of passes saved, not of time. */
public final class SparkJobs {
  private SparkJobs() {}

  public static long startedBy(SparkSession spark, Runnable action) throws java.util.concurrent.TimeoutException {
    long[] jobs = {0};
    SparkListener counter = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        jobs[0]++;
      }
    };
    spark.sparkContext().listenerBus().waitUntilEmpty();
    spark.sparkContext().addSparkListener(counter);
    try {
      action.run();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
    return jobs[0];
  }
}
