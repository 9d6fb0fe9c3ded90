package io.creatorscope.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The warnings Spark SQL logs while it is open: what the planner and operators say about the plans our expressions
 * make (a window without a partition, a trivially true join condition), which a user would see on every run.
 */
public final class SparkWarnings implements AutoCloseable {
  private static final String SPARK_SQL = "org.apache.spark.sql";

  private final List<String> seen = new ArrayList<>();
  private final AbstractAppender appender;

  public SparkWarnings() {
    appender = new AbstractAppender("spark-warnings", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        String logger = event.getLoggerName();
        if (event.getLevel().isMoreSpecificThan(Level.WARN) && logger.startsWith(SPARK_SQL)) {
          synchronized (seen) {
            seen.add(logger + ": " + event.getMessage().getFormattedMessage());
          }
        }
      }
    };
    appender.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().addAppender(appender, Level.WARN, null);
    context.updateLoggers();
  }

  /** What was logged so far, one line per warning. */
  public List<String> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    context.updateLoggers();
    appender.stop();
  }
}
