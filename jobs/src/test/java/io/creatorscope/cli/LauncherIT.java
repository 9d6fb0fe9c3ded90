package io.creatorscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.testing.SampleRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
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

  /**
   * The first read-side command after a build writes the class data archive of the classes its run loaded. A run
   * that only prints help, or stops at a usage error, loads picocli's classes and no Spark: kept, such an archive
   * (9.9 MB against 119 MB, seen after `plan --help`) made every later command slower (`discover` 5.7 s against
   * 3.2 s) until the next build. Neither leaves one. In a copy of the launcher, its jar and class path, so that the
   * build's own archive is not touched.
   */
  @Test
  void aRunThatStartsNoSparkLeavesNoClassArchive() throws Exception {
    Path root = tmp.resolve("project");
    for (String dir : List.of("scripts", "target", "jobs/src/main", "schemas", "config")) {
      Files.createDirectories(root.resolve(dir));
    }
    Files.writeString(root.resolve("pom.xml"), "");
    for (String file : List.of("scripts/creatorscope", "scripts/jvm.options")) {
      Files.copy(Path.of(file), root.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
    }
    // Copied last, so newer than the sources: the launcher does not build.
    for (String file : List.of("target/classpath.txt", "target/creatorscope.jar")) {
      Files.copy(Path.of(file), root.resolve(file));
    }
    for (List<String> command : List.of(List.of("discover", "--help"), List.of("plan", "-h"),
        List.of("discover", "--output", tmp.resolve("none").toString(), "--top", "many"))) {
      List<String> line = new ArrayList<>(List.of(root.resolve("scripts/creatorscope").toString()));
      line.addAll(command);
      Process run = new ProcessBuilder(line).redirectErrorStream(true)
          .redirectOutput(tmp.resolve("run.out").toFile()).start();
      assertTrue(run.waitFor(2, TimeUnit.MINUTES), command + " did not end in 2 min");
      String out = Files.readString(tmp.resolve("run.out"));
      assertEquals(command.contains("many") ? 2 : 0, run.exitValue(), command + ":\n" + out);
      try (Stream<Path> files = Files.list(root.resolve("target"))) {
        assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".jsa")).toList(),
            command + " left a class data archive");
      }
    }
  }
}
