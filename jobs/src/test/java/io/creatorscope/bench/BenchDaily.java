package io.creatorscope.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.creatorscope.common.OutputFormat;
import io.creatorscope.common.Settings;
import io.creatorscope.pipeline.PipelineConfig;
import io.creatorscope.pipeline.PipelineJob;
import io.creatorscope.pipeline.PipelineResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The daily scenario of the benchmark, in one JVM and one SparkSession (as a backfill runs): the generated input
 * (hive layout, a folder per day) is delivered into a landing folder day by day; a full run at {@code --full-day},
 * then an incremental run for each following day on the same output, each after its day was delivered; at the
 * checkpoint days also a full run on a fresh output folder over the same input. Every run is timed and the bytes
 * of its output folder counted; {@code daily-cN-dD[-FORMAT].json} in {@code --out} is rewritten after every run.
 * With several {@code --formats}, each format has its own outputs and every day runs in each format in turn (the
 * first format alternating from day to day), so the formats share the machine's load as it varies. Run by
 * {@code scripts/bench.sh --scenario daily}, which generates the dataset beforehand.
 */
@Command(name = "bench-daily", mixinStandardHelpOptions = true,
    description = "Daily incremental runs against full reruns on one generated dataset; write daily-cN-dD.json.")
public final class BenchDaily implements Callable<Integer> {
  static final String PROFILE_DAY = "snapshot_date=";
  static final String POST_DAY = "observed_date=";

  @Option(names = "--input", required = true, description = "Generated dataset (hive layout): profiles/, posts/.")
  String input;

  @Option(names = "--creators", required = true, description = "Creators in the dataset (for the record).")
  long creators;

  @Option(names = "--days", required = true, description = "Days of snapshots in the dataset.")
  int days;

  @Option(names = "--full-day", description = "Day of the first, full run (default: days / 2).")
  Integer fullDay;

  @Option(names = "--checkpoints", split = ",",
      description = "Days that also get a full rerun (default: the first daily day, then every third of the rest;"
          + " the last day is always one).")
  List<Integer> checkpoints;

  @Option(names = "--formats", split = ",", defaultValue = "parquet",
      description = "Output formats, each with its own outputs, run in turn every day (default: parquet).")
  List<String> formats;

  @Mixin
  BenchSpark options;

  /** One format's outputs and measured runs. */
  private final class Track {
    final OutputFormat format;
    final String output;
    final String fullOutput;
    final File result;
    DailyResult.Run fullRun;
    final List<DailyResult.Run> daily = new ArrayList<>();
    final List<DailyResult.Run> full = new ArrayList<>();

    Track(String word, String out, String name) {
      format = OutputFormat.of(word, Optional.empty(), Optional.empty());
      String suffix = DailyResult.formatSuffix(word);
      output = out + "/daily-output/" + name + suffix;
      fullOutput = out + "/daily-full/" + name + suffix;
      result = new File(out, DailyResult.fileName(creators, days, word));
    }

    String label() {
      return format.kind().word();
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchDaily()).execute(args));
  }

  /** The default checkpoints: day D/2+1, then thirds of the days after D/2 (91, 120, 150, 180 for D = 180). */
  static List<Integer> defaultCheckpoints(int fullDay, int days) {
    TreeSet<Integer> out = new TreeSet<>();
    out.add(fullDay + 1);
    for (int third = 1; third <= 3; third++) {
      out.add(Math.max(fullDay + 1, fullDay + third * (days - fullDay) / 3));
    }
    return List.copyOf(out);
  }

  @Override
  public Integer call() throws Exception {
    int first = fullDay == null ? days / 2 : fullDay;
    if (first < 1 || first >= days) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--full-day must be from 1 to " + (days - 1) + ", got " + first);
    }
    TreeSet<Integer> rerun = new TreeSet<>(checkpoints == null ? defaultCheckpoints(first, days) : checkpoints);
    rerun.add(days);  // the targets compare with the full run of the last day
    if (rerun.first() <= first) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--checkpoints must be days after the full day " + first + ", got " + rerun);
    }
    LocalDate day1 = firstSnapshotDate(Path.of(input));
    String out = options.out;
    Files.createDirectories(Path.of(out));
    String name = "c" + creators + "-d" + days;
    String landing = out + "/daily-input/" + name;
    List<Track> tracks = formats.stream().distinct().map(f -> new Track(f, out, name)).toList();
    SparkSession spark = options.session("creatorscope bench daily " + creators + "x" + days);
    try {
      BenchSpark.deleteRecursively(spark, landing);
      for (Track t : tracks) {
        BenchSpark.deleteRecursively(spark, t.output);
        BenchSpark.deleteRecursively(spark, t.fullOutput);
      }
      deliverUpTo(Path.of(input), Path.of(landing), day1.plusDays(first - 1L));
      for (Track t : tracks) {
        t.fullRun = run(spark, t, landing, t.output, first, day1);
        System.out.printf("bench: daily %,d creators, day %d/%d (%s), %s: full run %.1f s, output %s%n", creators,
            first, days, t.fullRun.date(), t.label(), t.fullRun.seconds(), BenchSummary.bytes(t.fullRun.outputBytes()));
        write(t, day1, first, rerun, false);
      }
      for (int day = first + 1; day <= days; day++) {
        LocalDate date = day1.plusDays(day - 1L);
        deliverUpTo(Path.of(input), Path.of(landing), date);
        for (Track t : inTurn(tracks, day)) {
          DailyResult.Run r = run(spark, t, landing, t.output, day, day1);
          t.daily.add(r);
          System.out.printf("bench: daily %,d creators, day %d/%d (%s), %s: incremental %.1f s (ingest %.1f,"
                  + " engagement %.1f, anomalies %.1f, rank %.1f, economics %.1f), output %s%n", creators, day, days,
              date, t.label(), r.seconds(), r.ingestSeconds(), r.engagementSeconds(), r.anomaliesSeconds(),
              r.rankSeconds(), r.economicsSeconds(), BenchSummary.bytes(r.outputBytes()));
          write(t, day1, first, rerun, false);
        }
        if (rerun.contains(day)) {
          for (Track t : inTurn(tracks, day)) {
            BenchSpark.deleteRecursively(spark, t.fullOutput);
            DailyResult.Run f = run(spark, t, landing, t.fullOutput, day, day1);
            t.full.add(f);
            BenchSpark.deleteRecursively(spark, t.fullOutput);
            System.out.printf("bench: daily %,d creators, day %d/%d (%s), %s: full rerun %.1f s, output %s%n",
                creators, day, days, date, t.label(), f.seconds(), BenchSummary.bytes(f.outputBytes()));
            write(t, day1, first, rerun, day == days);
          }
        }
      }
    } finally {
      spark.stop();
    }
    tracks.forEach(t -> System.out.println("bench: wrote " + t.result));
    return 0;
  }

  /** The formats in the order they run on {@code day}: the first one alternates, so neither always runs first. */
  private static List<Track> inTurn(List<Track> tracks, int day) {
    List<Track> out = new ArrayList<>(tracks);
    java.util.Collections.rotate(out, day % Math.max(1, out.size()));
    return out;
  }

  private void write(Track t, LocalDate day1, int first, TreeSet<Integer> rerun, boolean complete)
      throws IOException {
    DailyResult r = new DailyResult(creators, days, day1.toString(), first, List.copyOf(rerun), options.master,
        options.xmx, Runtime.getRuntime().maxMemory(), complete, t.fullRun, List.copyOf(t.daily),
        List.copyOf(t.full), BenchScale.peakRssBytes());
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(t.result, r);
  }

  /** One pipeline run as of {@code day} in the track's format: incremental on an output that has one, else full. */
  private static DailyResult.Run run(SparkSession spark, Track t, String input, String output, int day,
      LocalDate day1) throws IOException {
    OutputFormat.use(spark, t.format);
    LocalDate date = day1.plusDays(day - 1L);
    long start = System.nanoTime();
    PipelineResult r = new PipelineJob(spark, new PipelineConfig(input, output, Optional.of(date),
        Settings.empty())).run();
    double seconds = BenchSpark.secondsSince(start);
    Map<String, Long> tables = bytesPerFolder(Path.of(output));
    long total = tables.values().stream().mapToLong(Long::longValue).sum();
    return new DailyResult.Run(day, date.toString(), seconds, r.ingest().seconds(), r.engagement().seconds(),
        r.anomalies().seconds(), r.ranking().seconds(), r.economics().seconds(), r.ingest().mode(), total, tables);
  }

  /** Bytes of every file under each top-level entry of {@code root}. */
  static Map<String, Long> bytesPerFolder(Path root) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> top = Files.list(root)) {
      for (Path p : top.toList()) {
        try (Stream<Path> files = Files.walk(p)) {
          out.put(p.getFileName().toString(),
              files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum());
        }
      }
    }
    return out;
  }

  /** The oldest snapshot day of the generated profiles: day 1. */
  static LocalDate firstSnapshotDate(Path generated) throws IOException {
    try (Stream<Path> dirs = Files.list(generated.resolve("profiles"))) {
      return dirs.map(p -> dayOf(p, PROFILE_DAY)).filter(d -> d != null && d.isAfter(LocalDate.MIN))
          .min(LocalDate::compareTo)
          .orElseThrow(() -> new IllegalArgumentException(generated + "/profiles has no " + PROFILE_DAY
              + "YYYY-MM-DD folder: generate it with --layout hive"));
    }
  }

  /**
   * Delivers the generated day folders (profiles, posts and, when generated, audiences) dated up to {@code last}
   * that the landing folder does not have yet, as hard links to the generated files (a copy where links are not
   * possible). A folder whose name is not a date (rows with a null date) comes with the first delivery.
   */
  static void deliverUpTo(Path generated, Path landing, LocalDate last) throws IOException {
    for (String[] table : new String[][] {{"profiles", PROFILE_DAY}, {"posts", POST_DAY},
        {"audiences", PROFILE_DAY}}) {
      if (!Files.isDirectory(generated.resolve(table[0]))) {
        continue;  // audiences are an optional input
      }
      try (Stream<Path> dirs = Files.list(generated.resolve(table[0]))) {
        for (Path dir : dirs.toList()) {
          LocalDate day = dayOf(dir, table[1]);
          Path target = landing.resolve(table[0]).resolve(dir.getFileName());
          if (day != null && !day.isAfter(last) && !Files.exists(target)) {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(dir)) {
              for (Path f : files.toList()) {
                link(f, target.resolve(f.getFileName()));
              }
            }
          }
        }
      }
    }
  }

  private static void link(Path from, Path to) throws IOException {
    try {
      Files.createLink(to, from);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(from, to);
    }
  }

  /** The date of a {@code prefix}YYYY-MM-DD folder; LocalDate.MIN for any other name after the prefix; else null. */
  private static LocalDate dayOf(Path dir, String prefix) {
    String name = dir.getFileName().toString();
    if (!Files.isDirectory(dir) || !name.startsWith(prefix)) {
      return null;
    }
    try {
      return LocalDate.parse(name.substring(prefix.length()));
    } catch (DateTimeParseException e) {
      return LocalDate.MIN;
    }
  }
}
