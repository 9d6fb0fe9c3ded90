package io.creatorscope.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import io.creatorscope.common.LocalFiles;
import io.creatorscope.common.Sparks;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;

/**
 * One SparkSession for the whole test JVM (local[2], UI off, few shuffle partitions, the jobs' own session
 * settings), started by the first test class that needs it and stopped when the JVM exits: starting a
 * SparkContext per class cost more than most classes' tests. Started through spark-testing-base so its DataFrame
 * assertions work; spark-testing-base initialises through JUnit 4 hooks, which JUnit 5 ignores, so this class
 * calls them itself. Tests must leave the session as they found it (restore any conf they set).
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;
  private static Frames frames;
  private static SparkSession session;

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
          .set("spark.sql.debug.maxToStringFields", "200")
          // Here, not only in Sparks.configure: spark-testing-base starts the context from this conf, and the
          // context's first file system for file: paths is the one every later caller gets from Hadoop's cache.
          .set(LocalFiles.PROPERTY, LocalFiles.class.getName());
      return conf;
    }
  }

  @BeforeAll
  static void startSpark() {
    spark = shared();
  }

  /** The JVM's session, started on the first call; a shutdown hook stops it. */
  private static synchronized SparkSession shared() {
    if (frames == null) {
      Sparks.quietLogs();
      Frames started = new Frames();
      started.runBefore();
      session = Sparks.configure(SparkSession.builder().config(started.conf())).getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(JavaDataFrameSuiteBase::runAfterClass, "stop-test-spark"));
      frames = started;
    }
    return session;
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
