package io.creatorscope.common;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** Prints one line per step of a job, with elapsed time, to standard error (stdout is for results). */
public final class Progress {
  private static final PrintStream out = System.err;
  /** --quiet: no progress lines (and Spark's errors only, see Sparks). */
  private static volatile boolean quiet;
  private final String job;
  private final Instant start = Instant.now();

  public Progress(String job) {
    this.job = job;
  }

  /** Turns the progress lines off (--quiet) or back on, for the whole JVM. */
  public static void quiet(boolean on) {
    quiet = on;
  }

  public static boolean isQuiet() {
    return quiet;
  }

  public void step(String message) {
    if (quiet) {
      return;
    }
    out.printf("[%s %6.1fs] %s%n", job, elapsedSeconds(), message);
    out.flush();
  }

  public double elapsedSeconds() {
    return Duration.between(start, Instant.now()).toMillis() / 1000.0;
  }
}
