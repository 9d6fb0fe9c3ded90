package io.creatorscope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README is the entry point to docs/: every relative link of README.md and docs/*.md leads to a file that
 * exists, every {@code #anchor} to a heading of its page (as GitHub names headings), and the README links every page.
 */
class DocsLinksTest {
  static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  /** http:, https:, mailto: and the like: not checked here. */
  static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
  static final Path README = Path.of("README.md");
  static final Path DOCS = Path.of("docs");

  /** README.md, then every page under docs/ in name order. */
  static List<Path> documentation() throws IOException {
    List<Path> files = new ArrayList<>(List.of(README));
    try (Stream<Path> pages = Files.list(DOCS)) {
      pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    List<Path> files = documentation();
    assertTrue(files.size() > 1, "docs/ holds pages");
    long links = 0;
    for (Path file : files) {
      links += relativeLinks(Files.readString(file)).size();
    }
    assertTrue(links >= files.size(), "the pages link each other, found " + links + " relative links");
    assertEquals(List.of(), brokenLinks(files));
  }

  @Test
  void readmeLinksEveryPage() throws IOException {
    Set<Path> linked = relativeLinks(Files.readString(README)).stream()
        .map(target -> README.resolveSibling(target.replaceFirst("#.*", "")).normalize())
        .collect(Collectors.toSet());
    for (Path page : documentation().subList(1, documentation().size())) {
      assertTrue(linked.contains(page), "README.md links " + page);
    }
  }

  /** The check itself finds a missing page, a missing anchor on another page and on its own page. */
  @Test
  void brokenLinksAreFound(@TempDir Path tmp) throws IOException {
    Path a = tmp.resolve("a.md");
    Path b = Files.createDirectories(tmp.resolve("sub")).resolve("b.md");
    Files.writeString(a, """
        # Title
        See [b](sub/b.md), [its part](sub/b.md#the-query-command), [gone](sub/c.md), [nowhere](sub/b.md#nowhere),
        [here](#title), [not here](#other), [the web](https://example.com/x#y).
        ```
        [in a code block](missing.md)
        ```
        """);
    Files.writeString(b, "## The `query` command\n[back](../a.md#title)\n");
    assertEquals(List.of(a + ": sub/c.md (no such file)", a + ": sub/b.md#nowhere (no such heading)",
        a + ": #other (no such heading)"), brokenLinks(List.of(a, b)));
  }

  @Test
  void anchorsAreGitHubs() {
    assertEquals(List.of("failed-runs-and-hostile-use-what-is-refused-and-the-tests-that-hold-it",
        "the-report-look-dont-read", "duckdb-and-other-engines", "scriptssubmitsh", "curated_profiles",
        "curated_profiles-1"), anchors("""
        ## Failed runs and hostile use: what is refused, and the tests that hold it
        ## The report: look, don't read
        ```
        # a comment in a code block
        ```
        ### DuckDB (and other engines)
        ### `scripts/submit.sh`
        ## `curated_profiles`
        ## `curated_profiles`
        """));
  }

  static List<String> brokenLinks(List<Path> files) throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path file : files) {
      for (String target : relativeLinks(Files.readString(file))) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path resolved = path.isEmpty() ? file : file.resolveSibling(path).normalize();
        if (!Files.exists(resolved)) {
          broken.add(file + ": " + target + " (no such file)");
        } else if (hash >= 0 && !(resolved.toString().endsWith(".md")
            && anchors(Files.readString(resolved)).contains(target.substring(hash + 1)))) {
          broken.add(file + ": " + target + " (no such heading)");
        }
      }
    }
    return broken;
  }

  /** The targets of the page's inline links outside code blocks, except those with a scheme. */
  static List<String> relativeLinks(String markdown) {
    List<String> targets = new ArrayList<>();
    Matcher m = LINK.matcher(String.join("\n", proseLines(markdown)));
    while (m.find()) {
      if (!SCHEME.matcher(m.group(1)).find()) {
        targets.add(m.group(1));
      }
    }
    return targets;
  }

  /**
   * GitHub's heading anchors: the heading's text without markup, lower case, with everything but letters, digits,
   * spaces, {@code -} and {@code _} removed and spaces turned into {@code -}; a repeated one gets -1, -2, ...
   */
  static List<String> anchors(String markdown) {
    List<String> anchors = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : proseLines(markdown)) {
      if (line.matches("#{1,6} .*")) {
        String slug = line.replaceFirst("#+ ", "").strip().replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
            .toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
        int n = seen.merge(slug, 1, Integer::sum) - 1;
        anchors.add(n == 0 ? slug : slug + "-" + n);
      }
    }
    return anchors;
  }

  private static List<String> proseLines(String markdown) {
    List<String> lines = new ArrayList<>();
    boolean fenced = false;
    for (String line : markdown.lines().toList()) {
      if (line.startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced) {
        lines.add(line);
      }
    }
    return lines;
  }
}
