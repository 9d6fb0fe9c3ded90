package io.creatorscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.testing.SampleRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/creatorscope as a user runs it, with JVM options of their own. */
class LauncherIT {
  @TempDir Path tmp;

  /**
   * Someone profiling a slow command adds Flight Recorder to CREATORSCOPE_JAVA_OPTS. With the launcher's class data
   * archive, Java 17.0.15 crashed loading archived classes under the recorder's hook (an existing archive), or
   * dropped the recording when the run wrote the archive (none yet): the run must answer and leave its recording.
   */
  @Test
  void aRunProfiledWithFlightRecorderAnswersAndLeavesItsRecording() throws Exception {
    Path recording = tmp.resolve("query.jfr");
    Path stdout = tmp.resolve("query.out");
    Path stderr = tmp.resolve("query.err");
    ProcessBuilder builder = new ProcessBuilder("scripts/creatorscope", "query", "--output", SampleRun.output(),
        "select count(*) as creators from creator_engagement")
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().put("CREATORSCOPE_JAVA_OPTS",
        "-Xmx1g -XX:StartFlightRecording=filename=" + recording + " -XX:ErrorFile=" + tmp.resolve("hs_err.log"));
    Process run = builder.start();
    assertTrue(run.waitFor(3, TimeUnit.MINUTES), "the profiled query did not end in 3 min");

    String console = Files.readString(stderr);
    assertEquals(0, run.exitValue(), "profiled query:\n" + console);
    // After the JVM's own lines saying the recording started.
    List<String> printed = Files.readAllLines(stdout);
    assertEquals(List.of("creators", "400"), printed.subList(Math.max(0, printed.size() - 2), printed.size()),
        String.join("\n", printed));
    assertTrue(Files.size(recording) > 0, "no recording at " + recording + ":\n" + console);
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith("hs_err")).toList());
    }
  }
}
