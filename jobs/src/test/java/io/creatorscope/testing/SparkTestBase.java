package io.creatorscope.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import io.creatorscope.common.Sparks;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One SparkSession per test class (local[2], UI off, few shuffle partitions, the jobs' own session settings),
 * started through spark-testing-base so its DataFrame assertions work. spark-testing-base initialises through
 * JUnit 4 hooks, which JUnit 5 ignores, so this class calls them from Jupiter's.
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;
  private static Frames frames;

  /** spark-testing-base's suite, configured for these tests; used for its assertions. */
  static final class Frames extends JavaDataFrameSuiteBase {
    @Override
    public boolean enableHiveSupport() {
      return false;
    }

    @Override
    public SparkConf conf() {
      SparkConf conf = new SparkConf()
          .setMaster("local[2]")
          .setAppName("creatorscope-tests")
          .set("spark.ui.enabled", "false")
          .set("spark.ui.showConsoleProgress", "false")
          .set("spark.sql.shuffle.partitions", "4")
          .set("spark.default.parallelism", "2")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1")
          .set("spark.sql.session.timeZone", "UTC")
          .set("spark.sql.datetime.java8API.enabled", "true")
          .set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
          .set("spark.sql.debug.maxToStringFields", "200");
      return conf;
    }
  }

  @BeforeAll
  static void startSpark() {
    Sparks.quietLogs();
    frames = new Frames();
    frames.runBefore();
    spark = Sparks.configure(SparkSession.builder().config(frames.conf())).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
  }

  @AfterAll
  static void stopSpark() {
    JavaDataFrameSuiteBase.runAfterClass();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    spark = null;
  }

  /** Same rows in the same order, doubles within {@code tolerance} (spark-testing-base). */
  protected static void assertFramesApproximatelyEqual(Dataset<Row> expected, Dataset<Row> actual, double tolerance) {
    frames.assertDataFrameApproximateEquals(expected, actual, tolerance);
  }

  /** Same rows, any order (spark-testing-base). */
  protected static void assertFramesEqualAnyOrder(Dataset<Row> expected, Dataset<Row> actual) {
    frames.assertDataFrameNoOrderEquals(expected, actual);
  }
}
