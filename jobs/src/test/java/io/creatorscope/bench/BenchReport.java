package io.creatorscope.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark's last step: reads the scales' JSON files, writes {@code bench.json} (every run, the medians and
 * the targets) and {@code bench.md} (the table and the targets) into {@code --out}, and prints the markdown.
 */
@Command(name = "bench-report", mixinStandardHelpOptions = true,
    description = "Aggregate scale-cN-dD.json files into bench.json and bench.md, and print the table.")
public final class BenchReport implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "Results folder holding the scales' JSON files.")
  File out;

  @Option(names = "--scales", required = true, split = ",", description = "Creators per scale, smallest first.")
  List<Long> scales;

  @Option(names = "--days", required = true, description = "Days of every scale.")
  int days;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchReport()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    List<ScaleResult> results = new ArrayList<>();
    for (long creators : scales) {
      File f = new File(out, ScaleResult.fileName(creators, days));
      results.add(f.exists() ? json.readValue(f, ScaleResult.class)
          : new ScaleResult(creators, days, null, null, 0, 0, null, 0, 0, 0, -1, -1, true, -1, List.of()));
    }
    List<BenchSummary.Scale> summaries = results.stream().map(BenchSummary::summarise).toList();
    List<BenchSummary.Target> targets = BenchSummary.targets(summaries);
    String markdown = BenchSummary.markdown(summaries, targets, setup(results));

    Map<String, Object> combined = new LinkedHashMap<>();
    combined.put("setup", setup(results));
    combined.put("summary", summaries);
    combined.put("targets", targets);
    combined.put("scales", results);
    json.writerWithDefaultPrettyPrinter().writeValue(new File(out, "bench.json"), combined);
    Files.writeString(new File(out, "bench.md").toPath(), markdown, StandardCharsets.UTF_8);
    System.out.println(markdown);
    System.out.println("written: " + new File(out, "bench.md") + ", " + new File(out, "bench.json"));
    return 0;
  }

  /** One line on how it was measured, from the first scale that ran. */
  private static String setup(List<ScaleResult> results) {
    for (ScaleResult r : results) {
      if (!r.failed()) {
        return String.format(Locale.ROOT, "Medians over %d run(s) per scale; master %s, -Xmx%s (max heap %.0f MiB),"
                + " DuckDB %s threads; floor = bare scan of the input columns into Spark's noop sink; DuckDB"
                + " computes the engagement distribution from the raw input files (validation and deduplication"
                + " included), times warm; ratios are medians of per-run ratios.",
            r.runs().size(), r.master(), r.xmx(), r.maxHeapBytes() / (1024.0 * 1024.0), r.duckdbThreads());
      }
    }
    return "Every scale failed.";
  }
}
