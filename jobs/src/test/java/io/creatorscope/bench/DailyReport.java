package io.creatorscope.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The daily scenario's last step: reads {@code daily-cN-dD[-FORMAT].json} of each format, writes
 * {@code bench-daily[-FORMAT].json} (every run, the checkpoints, the targets) and {@code bench-daily[-FORMAT].md}
 * into {@code --out}, with Parquet and Iceberg compared day by day when both ran, and prints the markdown.
 */
@Command(name = "bench-daily-report", mixinStandardHelpOptions = true,
    description = "Aggregate daily-cN-dD.json into bench-daily.json and bench-daily.md, and print the table.")
public final class DailyReport implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "Results folder holding daily-cN-dD.json.")
  File out;

  @Option(names = "--creators", required = true, description = "Creators of the scenario.")
  long creators;

  @Option(names = "--days", required = true, description = "Days of the scenario.")
  int days;

  @Option(names = "--formats", split = ",", defaultValue = "parquet", description = "Formats that ran.")
  List<String> formats;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DailyReport()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    Map<String, DailyResult> results = new LinkedHashMap<>();
    for (String format : formats) {
      File file = new File(out, DailyResult.fileName(creators, days, format));
      if (!file.exists()) {
        System.err.println("error: " + file + " is missing: the scenario's JVM did not finish its first run");
        return 1;
      }
      DailyResult r = json.readValue(file, DailyResult.class);
      results.put(format, r);
      String suffix = DailyResult.formatSuffix(format);
      String markdown = DailySummary.markdown(r);
      Map<String, Object> combined = new LinkedHashMap<>();
      combined.put("format", format);
      combined.put("checkpoints", DailySummary.checkpoints(r));
      combined.put("targets", DailySummary.targets(r));
      combined.put("growth", DailySummary.growth(r));
      combined.put("runs", r);
      write(json, "bench-daily" + suffix, combined, markdown);
    }
    if (results.containsKey("parquet") && results.containsKey("iceberg")) {
      DailyResult parquet = results.get("parquet");
      DailyResult iceberg = results.get("iceberg");
      write(json, "bench-daily-formats", Map.of("target", DailySummary.icebergOverParquet(parquet, iceberg)),
          DailySummary.formatsMarkdown(parquet, iceberg));
    }
    return 0;
  }

  private void write(ObjectMapper json, String name, Object content, String markdown) throws IOException {
    json.writerWithDefaultPrettyPrinter().writeValue(new File(out, name + ".json"), content);
    Files.writeString(new File(out, name + ".md").toPath(), markdown, StandardCharsets.UTF_8);
    System.out.println(markdown);
    System.out.println("written: " + new File(out, name + ".md") + ", " + new File(out, name + ".json"));
  }
}
