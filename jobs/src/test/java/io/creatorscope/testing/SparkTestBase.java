package io.creatorscope.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import io.creatorscope.common.LocalFiles;
import io.creatorscope.common.OutputFormat;
import io.creatorscope.common.Sparks;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import java.util.Map;

/**
 * One SparkSession for the whole test JVM (local[2], UI off, the jobs' own session settings, and the small-input
 * settings the test JVMs get as system properties from pom.xml), started by the first test class that needs it and stopped when the JVM exits: starting a
 * SparkContext per class cost more than most classes' tests. Started through spark-testing-base so its DataFrame
 * assertions work; spark-testing-base initialises through JUnit 4 hooks, which JUnit 5 ignores, so this class
 * calls them itself. Tests must leave the session as they found it (restore any conf they set).
 */
public abstract class SparkTestBase {
  /**
   * Spark's settings for tiny datasets (a few to a few hundred rows): expressions run interpreted, and shuffles go
   * to one partition. Generated code costs more to write and compile than such data saves: a 50-creator pipeline
   * takes 8 s warm against 15 s compiled, while the 400-creator sample is faster compiled (30 s against 39 s).
   * Spark's own tests run both modes; the integration tier's sample and generated runs keep the compiled one that
   * users get. A second shuffle partition only adds a task per stage: IncrementalEqualsFullIT, two alternating
   * pairs on 2026-12-04, 178 and 158 s of user CPU with two against 129 and 143 s with one.
   */
  static final Map<String, String> TINY_DATA = Map.of("spark.sql.codegen.wholeStage", "false",
      "spark.sql.codegen.factoryMode", "NO_CODEGEN", "spark.sql.shuffle.partitions", "1");
  /** Set for the unit tier's JVMs (pom.xml), where every dataset is tiny: the session starts with {@link #TINY_DATA}. */
  static final String TINY_DATA_PROPERTY = "creatorscope.test.tiny-data";

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
      if (Boolean.getBoolean(TINY_DATA_PROPERTY)) {
        TINY_DATA.forEach(conf::set);
      }
      return conf;
    }
  }

  @BeforeAll
  static void startSpark() {
    spark = shared();
  }

  /**
   * Each test starts writing Parquet: the output format is a setting of the session (a command sets it for the jobs
   * it runs), and the session is shared, so a command run in process (an ingest on an Iceberg output, say) would
   * otherwise make the next class's jobs write Iceberg tables. A class that tests Iceberg sets it after this.
   */
  @BeforeEach
  void parquetOutputs() {
    OutputFormat.use(spark, OutputFormat.PARQUET);
  }

  /** The JVM's session, started on the first call; a shutdown hook stops it. */
  private static synchronized SparkSession shared() {
    if (frames == null) {
      Sparks.quietLogs();
      Frames started = new Frames();
      started.runBefore();
      // With the launcher's local settings under the tests' own: the commands the tests run in process take this
      // session as it is.
      session = Sparks.configure(Sparks.local(SparkSession.builder(), "local[2]").config(started.conf()))
          .getOrCreate();
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
