package io.creatorscope.common;

import java.util.Set;

/**
 * For the Iceberg kill test only, the one fault-injection hook in the jobs: with the system property {@link
 * #PROPERTY} = N, a run says on stderr which tables it committed after the N-th table's main moved ({@link #LINE}
 * and their names) and waits, so that a SIGKILL lands between two table commits, the one place a kill leaves
 * tables at different runs. Without the property nothing changes.
 */
public final class CommitPause {
  public static final String PROPERTY = "creatorscope.test.pause-after-commits";
  public static final String LINE = "paused after table commits: ";

  private CommitPause() {}

  /** After how many table commits to pause; -1: never. */
  static int after() {
    return Integer.getInteger(PROPERTY, -1);
  }

  /** Prints {@link #LINE} with {@code committed} and waits until the process is killed. */
  static void pause(Set<String> committed) {
    System.err.println(LINE + String.join(",", committed));
    System.err.flush();
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while paused for the kill test", e);
    }
  }
}
