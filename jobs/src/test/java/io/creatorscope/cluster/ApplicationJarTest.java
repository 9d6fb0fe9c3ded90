package io.creatorscope.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The application jar for spark-submit (target/creatorscope.jar, built before the tests): our classes, the
 * schemas and picocli relocated; nothing a Spark 3.5 cluster provides, and nothing else needed.
 */
class ApplicationJarTest {
  private static final Path JAR = Path.of("target", "creatorscope.jar");
  private static final Path SPARK_JARS = Path.of("target", "spark-home", "jars");

  @Test
  void holdsOurClassesTheSchemasAndRelocatedPicocliOnly() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertEquals("io.creatorscope.cli.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
      List<String> names = jar.stream().map(JarEntry::getName).toList();
      for (String schema : schemaFiles()) {
        assertTrue(names.contains(schema), schema + " is in the jar");
      }
      List<String> foreignClasses = names.stream()
          .filter(n -> n.endsWith(".class") && !n.startsWith("io/creatorscope/"))
          .toList();
      assertEquals(List.of(), foreignClasses, "classes outside io.creatorscope (Spark's are provided)");
      assertTrue(names.stream().anyMatch(n -> n.startsWith("io/creatorscope/shaded/picocli/CommandLine")),
          "picocli, relocated");
    }
  }

  /** Beyond Spark, Iceberg's Spark runtime, which scripts/submit.sh passes with --jars (not shaded in: 47 MB). */
  @Test
  void needsNoClassBeyondTheJarSparkAndIceberg() throws IOException {
    assertTrue(Files.isDirectory(SPARK_JARS), "the Maven-made SPARK_HOME is built before the tests");
    String iceberg = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> p.contains("iceberg-spark-runtime-")).findFirst().orElseThrow();
    String sparkClasspath;
    try (Stream<Path> jars = Files.list(SPARK_JARS)) {
      sparkClasspath = Stream.concat(jars.map(Path::toString), Stream.of(iceberg))
          .collect(Collectors.joining(File.pathSeparator));
    }
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    int code = jdeps.run(new PrintWriter(out), new PrintWriter(out), "--multi-release", "17", "--missing-deps",
        "-cp", sparkClasspath, JAR.toString());
    assertEquals(0, code, out.toString());
    assertEquals("", out.toString().trim(), "classes the jar refers to that neither it, Spark nor Iceberg has");
  }

  /** Every schema file of the source tree, as its path inside the jar. */
  private static List<String> schemaFiles() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("schemas"))) {
      List<String> schemas = files.filter(p -> p.toString().endsWith(".json"))
          .map(p -> p.toString().replace('\\', '/'))
          .toList();
      assertTrue(schemas.size() >= 10, "schema files: " + schemas);
      return schemas;
    }
  }
}
