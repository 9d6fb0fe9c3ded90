package io.creatorscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.creatorscope.testing.SparkTestBase;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a person sees it: Debian's chromium renders the sample report headless, and the screenshot must
 * be the asked size, not blank, and show the charts' colours; the DOM after rendering must hold the SVG charts.
 * chromium is installed by scripts/ensure-chromium.sh when missing; if that fails the test fails under CI
 * (CI=true) and is skipped elsewhere.
 */
class ReportInBrowserIT extends SparkTestBase {
  static final int WIDTH = 1280;
  static final int HEIGHT = 4000;
  static final long TIMEOUT_SECONDS = 120;

  @TempDir static Path tmp;
  static Path report;

  @BeforeAll
  static void browserAndReport() throws Exception {
    ensureChromium();
    report = SampleReport.file();
  }

  static void ensureChromium() throws Exception {
    if (onPath("chromium")) {
      return;
    }
    Path log = Files.createTempFile("ensure-chromium", ".log");
    Process p = new ProcessBuilder("bash", "scripts/ensure-chromium.sh").redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(10, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    if (done && p.exitValue() == 0 && onPath("chromium")) {
      return;
    }
    String why = "chromium is missing and scripts/ensure-chromium.sh could not install it: "
        + (done ? Files.readString(log).trim() : "timed out");
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why);
    }
    Assumptions.abort(why);
  }

  static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** Runs headless chromium on the report with the given extra arguments; returns its standard output. */
  static String chromium(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-dev-shm-usage", "--hide-scrollbars",
        "--user-data-dir=" + Files.createTempDirectory(tmp, "profile")));
    command.addAll(List.of(args));
    command.add(report.toUri().toString());
    Path stdout = Files.createTempFile(tmp, "chromium", ".out");
    Path stderr = Files.createTempFile(tmp, "chromium", ".err");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
    }
    assertEquals(0, p.exitValue(), "chromium failed: " + tail(stderr));
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  private static String tail(Path file) throws IOException {
    String s = Files.readString(file);
    return s.substring(Math.max(0, s.length() - 2000));
  }

  @Test
  void screenshotIsTheAskedSizeNotBlankAndShowsTheCharts() throws Exception {
    Path png = tmp.resolve("report.png");
    chromium("--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(WIDTH, image.getWidth());
    assertEquals(HEIGHT, image.getHeight());

    int background = image.getRGB(2, HEIGHT / 2) & 0xffffff;
    Set<Integer> colours = new HashSet<>();
    long notBackground = 0;
    long boxFill = 0;
    long benchmark = 0;
    long components = 0;
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        notBackground += rgb != background ? 1 : 0;
        boxFill += near(rgb, Charts.BOX_FILL) ? 1 : 0;
        benchmark += near(rgb, Charts.BENCHMARK) ? 1 : 0;
        components += near(rgb, Charts.COMPONENTS.get(1)[1]) ? 1 : 0;
      }
    }
    double share = (double) notBackground / (WIDTH * HEIGHT);
    assertTrue(colours.size() > 500, "a rendered page has many colours, got " + colours.size());
    assertTrue(share > 0.3, "most of the page is content (cards, charts, text), got " + share);
    assertTrue(boxFill > 5_000, "box plots are drawn (box fill pixels: " + boxFill + ")");
    assertTrue(benchmark > 50, "the benchmark line is drawn (pixels: " + benchmark + ")");
    assertTrue(components > 2_000, "score component bars are drawn (pixels: " + components + ")");
  }

  @Test
  void svgChartsAreInTheRenderedDom() throws Exception {
    String dom = chromium("--dump-dom");
    String source = Files.readString(report);
    int inSource = occurrences(source, "<svg class=\"chart");
    assertTrue(inSource > 10);
    assertEquals(inSource, occurrences(dom, "<svg class=\"chart"), "every chart survives parsing");
    assertTrue(occurrences(dom, "<rect") > 100, "charts have their shapes");
    assertTrue(dom.contains("id=\"accounting\""), "the last section is in the DOM");
  }

  /** Within a small distance of a "#rrggbb" colour (anti-aliasing leaves edges off by a little). */
  static boolean near(int rgb, String hex) {
    int want = Integer.parseInt(hex.substring(1), 16);
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((rgb >> shift) & 0xff) - ((want >> shift) & 0xff)) > 6) {
        return false;
      }
    }
    return true;
  }

  static int occurrences(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }
}
