package io.creatorscope.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The daily scenario's last step: reads {@code daily-cN-dD.json}, writes {@code bench-daily.json} (every run, the
 * checkpoints, the targets) and {@code bench-daily.md} into {@code --out}, and prints the markdown.
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

  public static void main(String[] args) {
    System.exit(new CommandLine(new DailyReport()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    File file = new File(out, DailyResult.fileName(creators, days));
    if (!file.exists()) {
      System.err.println("error: " + file + " is missing: the scenario's JVM did not finish its first run");
      return 1;
    }
    ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    DailyResult r = json.readValue(file, DailyResult.class);
    String markdown = DailySummary.markdown(r);
    Map<String, Object> combined = new LinkedHashMap<>();
    combined.put("checkpoints", DailySummary.checkpoints(r));
    combined.put("targets", DailySummary.targets(r));
    combined.put("growth", DailySummary.growth(r));
    combined.put("runs", r);
    json.writerWithDefaultPrettyPrinter().writeValue(new File(out, "bench-daily.json"), combined);
    Files.writeString(new File(out, "bench-daily.md").toPath(), markdown, StandardCharsets.UTF_8);
    System.out.println(markdown);
    System.out.println("written: " + new File(out, "bench-daily.md") + ", " + new File(out, "bench-daily.json"));
    return 0;
  }
}
