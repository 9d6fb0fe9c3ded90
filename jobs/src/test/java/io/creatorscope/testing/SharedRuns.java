package io.creatorscope.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Folders a test run makes once and several test classes read ({@link SampleRun}, {@link GeneratedRun}), so the
 * suite pays for each run once. Failsafe names a folder per build ({@value #PROPERTY}): its test JVMs share each
 * run there, the first to ask making it under a file lock while the others wait for it. Without the property (a
 * test run alone, from an IDE) each JVM makes its own in a temporary folder.
 */
final class SharedRuns {
  static final String PROPERTY = "creatorscope.it.shared-runs";

  /** What makes a run's folder; it fails with an assertion when the run fails. */
  interface Maker {
    void make(Path folder) throws IOException, InterruptedException;
  }

  private SharedRuns() {}

  /** The folder {@code name} of this build, made by {@code maker} unless a JVM made it already. */
  static Path folder(String name, Maker maker) {
    try {
      String shared = System.getProperty(PROPERTY);
      if (shared == null || shared.isBlank()) {
        Path folder = Files.createTempDirectory("creatorscope-" + name);
        maker.make(folder);
        return folder;
      }
      Path base = Files.createDirectories(Path.of(shared));
      Path folder = base.resolve(name);
      // Written after the run succeeded: a folder without it holds a run that failed or was killed.
      Path done = base.resolve(name + ".done");
      try (FileChannel lock = FileChannel.open(base.resolve(name + ".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock held = lock.lock()) {
        if (!Files.exists(done)) {
          OutputTrees.delete(folder);
          Files.createDirectories(folder);
          maker.make(folder);
          Files.createFile(done);
        }
      }
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
