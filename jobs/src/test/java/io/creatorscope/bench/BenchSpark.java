package io.creatorscope.bench;

import io.creatorscope.common.Sparks;
import java.io.File;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * The plumbing the benchmark's scenarios share: the options of their Spark session (a picocli mixin), the session,
 * clearing an output folder, elapsed time.
 */
public final class BenchSpark {
  @Option(names = "--master", defaultValue = "local[2]", description = "Spark master (default ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--xmx", defaultValue = "",
      description = "The -Xmx this JVM got (for the record; the scale scenario gives DuckDB as much memory).")
  String xmx;

  @Option(names = "--out", required = true, description = "Results folder.")
  String out;

  @Option(names = "--event-log", description = "Write Spark event logs to OUT/events (for the history server).")
  boolean eventLog;

  /** The session of one scenario's JVM: the jobs' settings, no progress bar, event logs in OUT/events if asked. */
  SparkSession session(String appName) {
    Sparks.quietLogs();
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (master.startsWith("local")) {
      Sparks.local(builder, master);
    } else {
      builder.master(master);
    }
    Sparks.configure(builder).config("spark.ui.showConsoleProgress", "false");
    if (eventLog) {
      String dir = new File(out, "events").getAbsolutePath();
      new File(dir).mkdirs();
      builder.config("spark.eventLog.enabled", "true").config("spark.eventLog.dir", dir);
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  static void deleteRecursively(SparkSession spark, String dir) throws IOException {
    Path path = new Path(dir);
    FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    fs.delete(path, true);
  }

  static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
