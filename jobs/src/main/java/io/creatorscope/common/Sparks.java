package io.creatorscope.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Builds the SparkSession every command uses. Under spark-submit the master and resources come from
 * spark-submit; run from the local launcher there is no master, so it defaults to {@code local[*]}.
 */
public final class Sparks {
  private Sparks() {}

  /**
   * The SQL settings the jobs rely on, whatever the master: a session can change them while it runs, so a session
   * someone else built gets them too ({@link #withJobSettings}).
   */
  private static final Map<String, String> JOB_SETTINGS = jobSettings();

  private static Map<String, String> jobSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    // Dates must never shift with the machine's time zone.
    settings.put("spark.sql.session.timeZone", "UTC");
    // LocalDate / Instant instead of java.sql.Date / Timestamp, which depend on the JVM default zone.
    settings.put("spark.sql.datetime.java8API.enabled", "true");
    // Standard Parquet timestamps that DuckDB, Trino and pandas read; never INT96.
    settings.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // Dates and timestamps as written, in the proleptic Gregorian calendar of DuckDB, pyarrow, Trino and Spark 3:
    // without this, a file from a writer Spark does not know that holds a day before 1582 (say 0001-01-01) fails
    // the whole read with READ_ANCIENT_DATETIME. Files Spark 2 wrote carry their calendar in their metadata and are
    // still rebased. Ingest quarantines such days as implausible. Written the same way, for the same readers.
    settings.put("spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED");
    settings.put("spark.sql.parquet.int96RebaseModeInRead", "CORRECTED");
    settings.put("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED");
    settings.put("spark.sql.parquet.int96RebaseModeInWrite", "CORRECTED");
    // Nanosecond timestamps (pandas' default through pyarrow) are read as their long count, which ingest turns into
    // microseconds; without it Spark 3.5 cannot read such a column at all. Nothing else holds them.
    settings.put("spark.sql.legacy.parquet.nanosAsLong", "true");
    // The jobs' expressions are written for Spark 3.5's default semantics: a division by zero, a failed cast or an
    // index past an array's end is null. ANSI mode (Spark 4's default, and some platforms') makes each an error
    // instead: the anomaly job failed on its first division by zero.
    settings.put("spark.sql.ansi.enabled", "false");
    settings.put("spark.sql.sources.partitionOverwriteMode", "dynamic");
    settings.put("spark.sql.debug.maxToStringFields", "200");
    return Collections.unmodifiableMap(settings);
  }

  /** The session settings the jobs rely on, whatever the master. */
  public static SparkSession.Builder configure(SparkSession.Builder builder) {
    SparkConf given = new SparkConf();
    builder = byDefault(builder, given, LocalFiles.PROPERTY, LocalFiles.class.getName());
    builder = byDefault(byDefault(builder, given, "spark.sql.adaptive.enabled", "true"), given,
        "spark.sql.adaptive.coalescePartitions.enabled", "true");
    for (Map.Entry<String, String> setting : JOB_SETTINGS.entrySet()) {
      builder = builder.config(setting.getKey(), setting.getValue());
    }
    // Spark's progress bar redraws with carriage returns: useful on a terminal, garbage in a file or CI log.
    return builder.config("spark.ui.showConsoleProgress",
        String.valueOf(Progress.stderrIsTerminal() && !Progress.isQuiet()));
  }

  /**
   * {@code spark} with the SQL settings the jobs rely on. A session built elsewhere has Spark's defaults (a
   * Databricks JAR task's, a notebook's: java.sql dates, the cluster's time zone), and a new session of it
   * ({@code newSession()}) starts from them again.
   */
  public static SparkSession withJobSettings(SparkSession spark) {
    JOB_SETTINGS.forEach((key, value) -> {
      if (!value.equals(spark.conf().get(key, null))) {
        spark.conf().set(key, value);
      }
    });
    return spark;
  }

  /** The session for a command-line run: local[*] unless spark-submit chose a master. */
  public static SparkSession forCommandLine(String appName) {
    quietLogs();
    // A command run in a JVM that already has its session (a line of `shell`, a test, a Databricks JAR task) takes
    // it with the jobs' SQL settings: building it again would set the settings a running session cannot change, and
    // Spark warns about those every time.
    scala.Option<SparkSession> running = SparkSession.getDefaultSession();
    if (running.isDefined()) {
      running.get().sparkContext().setLogLevel(logLevel().toString());
      return withJobSettings(running.get());
    }
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (!conf.contains("spark.master")) {
      local(builder, "local[*]");
    }
    SparkSession spark = configure(builder).getOrCreate();
    spark.sparkContext().setLogLevel(logLevel().toString());
    return spark;
  }

  private static final String MIN_PARTITION_NUM = "spark.sql.adaptive.coalescePartitions.minPartitionNum";

  /**
   * The settings of an embedded local session (the launcher's, and the benchmark's with its own master): loopback
   * networking, no UI, shuffle partitions sized to the machine's cores and not packed into fewer tasks.
   */
  public static SparkSession.Builder local(SparkSession.Builder builder, String master) {
    SparkConf given = new SparkConf();
    String partitions = given.get("spark.sql.shuffle.partitions",
        String.valueOf(Math.max(8, 4 * Runtime.getRuntime().availableProcessors())));
    // Adaptive execution packs the shuffle partitions of a stage into tasks of up to 64 MB, but at least as many as
    // the cores: 150 MB of 8 partitions became 3 tasks on 2 cores, the third running alone after the other two
    // (the anomaly job's main stage in a daily run at 50,000 creators). Kept at the shuffle partitions, a multiple of
    // the cores, the tasks run in even waves and only partitions under 1 MB are packed: that job, one JVM,
    // alternating, 57.4-63.3 s against 61.6-69.3 s. A cluster keeps Spark's rule (its tasks are many per stage).
    if (!given.contains(MIN_PARTITION_NUM)) {
      builder = builder.config(MIN_PARTITION_NUM, partitions);
      // Deprecated since Spark 3.2 for a minimum partition size, which cannot ask for as many tasks as partitions;
      // 3.5 still reads it, and warns of it on every session start (five lines on the console of a sample run).
      Configurator.setLevel("org.apache.spark.sql.internal.SQLConf", Level.ERROR);
    }
    return builder.config("spark.sql.shuffle.partitions", partitions)
        .master(master)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        // Reading a fact table's day folders (one per day of the window) lists them on the driver: Spark's default
        // lists more than 32 paths with a Spark job of one task per path, which in one local JVM only adds tasks.
        .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "4096")
        .config("spark.ui.enabled", "false");
  }

  /**
   * A setting the jobs default to unless the run's Spark configuration already has it: a {@code --conf} of
   * spark-submit, or a {@code -Dspark.*} property such as the local launcher's short-run settings.
   */
  private static SparkSession.Builder byDefault(SparkSession.Builder builder, SparkConf given, String key,
      String value) {
    return given.contains(key) ? builder : builder.config(key, value);
  }

  /**
   * Turns Spark's and Hadoop's INFO chatter down (warnings stay; errors only with --quiet); the jobs print their
   * own one-line steps.
   */
  public static void quietLogs() {
    logToStderr();
    // The root stays at WARN before Spark starts: a root at ERROR is what Spark takes for "log4j not configured",
    // and it then loads its own INFO defaults.
    Configurator.setRootLevel(Level.WARN);
    Configurator.setLevel("org.apache.spark", logLevel());
    Configurator.setLevel("org.apache.hadoop", Level.ERROR);
    Configurator.setLevel("org.apache.parquet", Level.ERROR);
    Configurator.setLevel("org.sparkproject", logLevel());
    // What a run keeps (a daily batch, ingest's known creators, a merge's rows) goes to local disk when it does not
    // fit in memory, by design; the block manager warns for every such block ("Not enough space to cache ...").
    Configurator.setLevel("org.apache.spark.storage.memory.MemoryStore", Level.ERROR);
    Configurator.setLevel("org.apache.spark.storage.BlockManager", Level.ERROR);
  }

  /**
   * Log lines go to stderr, as Spark's own defaults send them, when nothing configured logging (the local launcher:
   * no log4j2 file, so log4j's default console, which writes to stdout). On stdout, a warning would land in the rows
   * a command prints, in a CSV redirected to a file. A configuration spark-submit or the user gave stays.
   */
  private static void logToStderr() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    if (!(context.getConfiguration() instanceof DefaultConfiguration)) {
      return;
    }
    ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
    b.add(b.newAppender("stderr", "Console").addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
        .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex")));
    b.add(b.newRootLogger(Level.WARN).add(b.newAppenderRef("stderr")));
    Configurator.reconfigure(b.build());
  }

  private static Level logLevel() {
    return Progress.isQuiet() ? Level.ERROR : Level.WARN;
  }

  /** Column names for {@code Dataset.join(other, usingColumns, joinType)}, which takes a Scala sequence. */
  public static Seq<String> joinColumns(String... names) {
    return JavaConverters.asScalaBuffer(List.of(names)).toSeq();
  }

  /** Labels the Spark jobs that follow, so the UI and the event log show which step runs. */
  public static void jobGroup(SparkSession spark, String group, String description) {
    spark.sparkContext().setJobGroup(group, description, false);
  }
}
