package io.creatorscope.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A second JVM running a creatorscope command, as the kill tests start one: the project's JVM options, this JVM's
 * class path, and the settings the launcher gives a short run (C1 only with its code cache and the serial collector,
 * as this test JVM has the first two, and the Spark settings pom.xml passes as system properties). With the full JIT
 * and adaptive execution the killed runs took about a minute to reach the point they are killed at.
 */
public final class CommandJvm {
  private CommandJvm() {}

  /** The command line: {@code jvmOptions} (e.g. a -D of the run's own), then Main with {@code args}. */
  public static List<String> command(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "@scripts/jvm.options", "-Xmx2g", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m",
        "-XX:+UseSerialGC"));
    System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("spark.")).sorted()
        .forEach(key -> command.add("-D" + key + "=" + System.getProperty(key)));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.creatorscope.cli.Main"));
    command.addAll(List.of(args));
    return command;
  }
}
