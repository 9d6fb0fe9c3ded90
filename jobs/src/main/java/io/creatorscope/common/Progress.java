package io.creatorscope.common;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /**
   * Whether stderr, where progress goes, is a terminal. System.console() only tells about stdin and stdout, so
   * {@code 2> run.log} from a terminal would still get redrawn progress; on Linux the descriptor itself says where
   * it points. Elsewhere the console is the best guess there is.
   */
  public static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException notLinux) {
      return System.console() != null;
    }
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
