package io.creatorscope.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The manifest of an as-of date: {@code OUTPUT/_manifests/as_of_date=YYYY-MM-DD.json}, written last by every run
 * that publishes tables for that date. It lists the inputs and their accounting, every table's row and file
 * counts, each job's duration, the project version and a hash of the effective configuration. A date without a
 * manifest is incomplete by definition: {@code query}, {@code discover} and {@code report} refuse to read it.
 *
 * <p>A run of one job (e.g. {@code rank}) updates the entries of the tables and jobs it ran and keeps the others,
 * each entry carrying the id of the run that wrote it.
 */
public final class RunManifest {
  public static final String FOLDER = "_manifests";
  /** The project's version, written into every manifest. */
  public static final String PROJECT_VERSION = "0.1.0";
  static final String SNAPSHOT_ID = "snapshot_id";
  static final String SEQUENCE_NUMBER = "sequence_number";
  static final String CONFIG_SHA256 = "config_sha256";
  static final String RUN_SEQUENCE = "run_sequence";
  static final String CHANGED = "curated_changes";
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunManifest() {}

  /**
   * Rows, Parquet files and bytes of what a run wrote into one table; for an Iceberg table also the snapshot the
   * run committed and its sequence number (null for Parquet).
   */
  public record TableFacts(long rows, long files, long bytes, Long snapshotId, Long sequenceNumber) {
    public TableFacts(long rows, long files, long bytes) {
      this(rows, files, bytes, null, null);
    }
  }

  /** What a run adds to the manifest while it runs. */
  public static final class Builder {
    private final String runId;
    private final Instant started = Instant.now();
    private final ObjectNode inputs = MAPPER.createObjectNode();
    private final ObjectNode jobs = MAPPER.createObjectNode();
    private final TreeMap<String, String> configuration = new TreeMap<>();
    private final TreeMap<String, ChangedDays> changes = new TreeMap<>();
    private final long sequence;
    private OutputFormat format = OutputFormat.PARQUET;

    /** @param sequence the run's number among the runs of its output location ({@link #nextSequence}) */
    Builder(String runId, long sequence) {
      this.runId = runId;
      this.sequence = sequence;
    }

    /** One input table: where it was read, how many files, and where its rows went. */
    public Builder input(String table, String location, int files, long read, long kept, long duplicates,
        long quarantined, long afterAsOf) {
      ObjectNode n = inputs.putObject(table);
      n.put("location", location);
      n.put("files", files);
      n.put("rows_read", read);
      n.put("rows_kept", kept);
      n.put("duplicates", duplicates);
      n.put("quarantined", quarantined);
      n.put("after_as_of", afterAsOf);
      return this;
    }

    public Builder job(String name, double seconds) {
      return job(name, seconds, Map.of());
    }

    /**
     * A job's time, the run's sequence number and the job's configuration: each part is recorded as by
     * {@link #configuration}, and the job's entry keeps a hash of its own parts, so a later run can tell whether
     * results it carries over were computed with the settings it has, and which ingest batches came after it.
     */
    public Builder job(String name, double seconds, Map<String, Object> parts) {
      ObjectNode n = jobs.putObject(name);
      n.put("seconds", Math.round(seconds * 10) / 10.0);
      n.put("run_id", runId);
      n.put(RUN_SEQUENCE, sequence);
      if (!parts.isEmpty()) {
        parts.forEach(this::configuration);
        n.put(CONFIG_SHA256, configurationHash(parts));
      }
      return this;
    }

    /**
     * The days of a curated table this run's ingest batch changed. The manifest keeps, per table, the earliest of
     * them and of those the date's earlier batches changed, with the sequence number of the newest batch's run.
     */
    public Builder changed(String table, ChangedDays days) {
      if (!days.equals(ChangedDays.NONE)) {
        changes.merge(table, days, ChangedDays::and);
      }
      return this;
    }

    /** The days of the curated tables this run changed so far (none before its ingest). */
    public ChangedDays changedDays(Collection<String> tables) {
      return tables.stream().map(t -> changes.getOrDefault(t, ChangedDays.NONE))
          .reduce(ChangedDays.NONE, ChangedDays::and);
    }

    /**
     * Part of the effective configuration: a job's config object, whose text lists every setting with its value,
     * defaults included. The manifest holds the parts and a hash of them all.
     */
    public Builder configuration(String part, Object config) {
      configuration.put(part, String.valueOf(config));
      return this;
    }

    /** The format the run writes in. */
    Builder format(OutputFormat outputFormat) {
      this.format = outputFormat;
      return this;
    }

    ObjectNode build(LocalDate asOf, ObjectNode previous, Map<String, TableFacts> written) {
      ObjectNode m = MAPPER.createObjectNode();
      m.put("as_of_date", asOf.toString());
      m.put("complete", true);
      m.put("run_id", runId);
      m.put(RUN_SEQUENCE, sequence);
      m.put("started_at", started.toString());
      m.put("finished_at", Instant.now().toString());
      m.put("project_version", PROJECT_VERSION);
      format.record(m);
      m.put(CONFIG_SHA256, configurationHash(configuration));
      m.set("config", MAPPER.valueToTree(configuration));
      ObjectNode in = m.putObject("inputs");
      if (inputs.isEmpty() && previous != null && previous.has("inputs")) {
        in.setAll((ObjectNode) previous.get("inputs"));
      } else {
        in.setAll(inputs);
      }
      ObjectNode tables = m.putObject("tables");
      if (previous != null && previous.has("tables")) {
        tables.setAll((ObjectNode) previous.get("tables"));
      }
      for (Map.Entry<String, TableFacts> e : written.entrySet()) {
        ObjectNode t = tables.putObject(e.getKey());
        t.put("rows", e.getValue().rows());
        t.put("files", e.getValue().files());
        t.put("bytes", e.getValue().bytes());
        t.put("run_id", runId);
        if (e.getValue().snapshotId() != null) {
          t.put(SNAPSHOT_ID, e.getValue().snapshotId());
          t.put(SEQUENCE_NUMBER, e.getValue().sequenceNumber());
        }
      }
      ObjectNode j = m.putObject("jobs");
      if (previous != null && previous.has("jobs")) {
        j.setAll((ObjectNode) previous.get("jobs"));
      }
      j.setAll(jobs);
      changesSinceEarlierBatches(m, previous);
      return m;
    }

    /** Adds the days this run changed to those the date's earlier batches changed (see {@link #changed}). */
    private void changesSinceEarlierBatches(ObjectNode m, ObjectNode previous) {
      JsonNode before = previous == null ? null : previous.get(CHANGED);
      if (changes.isEmpty()) {
        if (before != null) {
          m.set(CHANGED, before);
        }
        return;
      }
      ObjectNode c = m.putObject(CHANGED);
      c.put(RUN_SEQUENCE, sequence);
      ObjectNode days = c.putObject("days");
      TreeMap<String, ChangedDays> all = new TreeMap<>(changes);
      if (before != null) {
        before.path("days").fields().forEachRemaining(e ->
            all.merge(e.getKey(), ChangedDays.parse(e.getValue().asText()), ChangedDays::and));
      }
      all.forEach((table, d) -> {
        if (d.text() != null) {
          days.put(table, d.text());
        }
      });
    }
  }

  /** Where the manifest of an as-of date lives. */
  public static Path path(String outputRoot, LocalDate asOf) {
    return new Path(new Path(outputRoot, FOLDER), Columns.AS_OF_DATE + "=" + asOf + ".json");
  }

  /** The manifest of an as-of date, or null when there is none. */
  public static ObjectNode read(FileSystem fs, String outputRoot, LocalDate asOf) throws IOException {
    Path p = path(outputRoot, asOf);
    return fs.exists(p) ? readJson(fs, p) : null;
  }

  static ObjectNode readJson(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return (ObjectNode) MAPPER.readTree(in);
    }
  }

  /** Writes a hidden temporary file, then renames it into place, so a reader never sees half a file. */
  static void writeAtomically(FileSystem fs, Path p, ObjectNode content) throws IOException {
    Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp");
    fs.mkdirs(p.getParent());
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(MAPPER.writeValueAsString(content).getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(p, false);
    if (!fs.rename(tmp, p)) {
      throw new IOException("cannot rename " + tmp + " to " + p);
    }
  }

  /** The as-of dates whose manifest lists {@code table}, oldest first. */
  public static TreeSet<LocalDate> completeDates(SparkSession spark, String outputRoot, String table) {
    return completeDatesByTable(spark, outputRoot).getOrDefault(table, new TreeSet<>());
  }

  /** Every table any complete manifest lists, with the as-of dates whose manifest lists it; one read per manifest. */
  public static Map<String, TreeSet<LocalDate>> completeDatesByTable(SparkSession spark, String outputRoot) {
    Map<String, TreeSet<LocalDate>> dates = new TreeMap<>();
    complete(spark, outputRoot).forEach((d, m) -> m.path("tables").fieldNames()
        .forEachRemaining(t -> dates.computeIfAbsent(t, k -> new TreeSet<>()).add(d)));
    return dates;
  }

  /** The complete manifests of an output location, by as-of date. */
  static TreeMap<LocalDate, ObjectNode> complete(SparkSession spark, String outputRoot) {
    Path dir = new Path(outputRoot, FOLDER);
    TreeMap<LocalDate, ObjectNode> manifests = new TreeMap<>();
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        return manifests;
      }
      String prefix = Columns.AS_OF_DATE + "=";
      for (FileStatus f : fs.listStatus(dir)) {
        String name = f.getPath().getName();
        if (name.startsWith(prefix) && name.endsWith(".json")) {
          LocalDate d = LocalDate.parse(name.substring(prefix.length(), name.length() - ".json".length()));
          ObjectNode m = readJson(fs, f.getPath());
          if (m.path("complete").asBoolean(false)) {
            manifests.put(d, m);
          }
        }
      }
    } catch (IOException | java.time.format.DateTimeParseException e) {
      throw new UserError(dir + ": cannot read the run manifests (" + e.getMessage() + ")", e);
    }
    return manifests;
  }

  /**
   * The format the outputs under {@code outputRoot} are in, as its newest manifest records it (one file read, as
   * every reader asks); empty before any run.
   */
  public static Optional<OutputFormat> formatOf(SparkSession spark, String outputRoot) {
    Path dir = new Path(outputRoot, FOLDER);
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(dir)) {
        return Optional.empty();
      }
      String prefix = Columns.AS_OF_DATE + "=";
      Optional<Path> newest = java.util.Arrays.stream(fs.listStatus(dir)).map(FileStatus::getPath)
          .filter(p -> p.getName().startsWith(prefix) && p.getName().endsWith(".json"))
          .max(java.util.Comparator.comparing(Path::getName));
      return newest.isEmpty() ? Optional.empty() : Optional.of(OutputFormat.recorded(readJson(fs, newest.get())));
    } catch (IOException e) {
      throw new UserError(dir + ": cannot read the run manifests (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Per Iceberg table, the newest snapshot a complete run committed (the highest sequence number any manifest
   * records for it): what readers of the newest complete run read, and what a new run starts from.
   */
  public static Map<String, Long> publishedSnapshots(SparkSession spark, String outputRoot) {
    Map<String, long[]> newest = new TreeMap<>();
    for (ObjectNode m : complete(spark, outputRoot).values()) {
      m.path("tables").fields().forEachRemaining(e -> {
        JsonNode t = e.getValue();
        if (t.has(SNAPSHOT_ID)) {
          long[] seen = newest.get(e.getKey());
          if (seen == null || t.get(SEQUENCE_NUMBER).asLong() > seen[1]) {
            newest.put(e.getKey(), new long[] {t.get(SNAPSHOT_ID).asLong(), t.get(SEQUENCE_NUMBER).asLong()});
          }
        }
      });
    }
    Map<String, Long> ids = new TreeMap<>();
    newest.forEach((table, s) -> ids.put(table, s[0]));
    return ids;
  }

  /** The snapshot of an Iceberg table that the complete run of {@code asOf} recorded, if it did. */
  public static Optional<Long> snapshotAsOf(SparkSession spark, String outputRoot, String table, LocalDate asOf) {
    ObjectNode m = complete(spark, outputRoot).get(asOf);
    JsonNode t = m == null ? null : m.path("tables").path(table).get(SNAPSHOT_ID);
    return t == null ? Optional.empty() : Optional.of(t.asLong());
  }

  /**
   * The as-of date to read {@code table} at: {@code asOf} when a complete run wrote the table for it, the newest
   * such date when {@code asOf} is empty; otherwise a user error saying why the outputs are not readable.
   */
  public static LocalDate requireComplete(SparkSession spark, String outputRoot, String table,
      Optional<LocalDate> asOf) {
    TreeSet<LocalDate> dates = completeDates(spark, outputRoot, table);
    if (asOf.isPresent()) {
      if (!dates.contains(asOf.get())) {
        throw new UserError(outputRoot + ": no complete run wrote " + table + " for " + asOf.get()
            + " (no manifest " + path(outputRoot, asOf.get()).getName() + " listing it: the run failed, was "
            + "interrupted or is still running; rerun it)" + (dates.isEmpty() ? "" : "; complete dates: " + dates));
      }
      return asOf.get();
    }
    if (dates.isEmpty()) {
      throw new UserError(outputRoot + ": no complete run wrote " + table + " (no manifest under " + FOLDER
          + "/ listing it); run the pipeline first");
    }
    return dates.last();
  }

  private static String configurationHash(Map<String, ?> parts) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(parts).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    return sha256(text.toString());
  }

  /**
   * What the newest complete run before {@code asOf} that wrote {@code table} left for a job that carries results
   * from it: its date, the record of {@code job} there, and the days of the {@code curated} tables that the ingest
   * batches of later runs (and of {@code current}, the run in progress) changed since. Empty when there is no such
   * run. From the complete {@code manifests} (see {@link OutputRun#earlierRun}).
   */
  static Optional<EarlierRun> earlierRun(TreeMap<LocalDate, ObjectNode> manifests, String table, String job,
      LocalDate asOf, Builder current, Collection<String> curated) {
    Optional<LocalDate> previous = manifests.headMap(asOf, false).descendingMap().entrySet().stream()
        .filter(e -> e.getValue().path("tables").has(table)).map(Map.Entry::getKey).findFirst();
    return previous.map(p -> {
      Optional<JobRecord> record = jobRecord(manifests.get(p), job);
      return new EarlierRun(p, record,
          record.map(r -> changedSince(manifests, r.runSequence(), current, curated)).orElse(ChangedDays.ALL));
    });
  }

  /**
   * See {@link #earlierRun}.
   *
   * @param job the job's record there, empty when the manifest has none (an output written before it was kept)
   * @param changedSince every day when there is no record
   */
  public record EarlierRun(LocalDate asOf, Optional<JobRecord> job, ChangedDays changedSince) {
    /** Whether the job ran there configured with {@code parts}; false when the run left no record of it. */
    public boolean sameConfiguration(Map<String, ?> parts) {
      return job.map(r -> r.sameConfiguration(parts)).orElse(false);
    }
  }

  /** The sequence number of the run that last ran {@code job} for a manifest's date and its settings' hash then. */
  static Optional<JobRecord> jobRecord(ObjectNode manifest, String job) {
    JsonNode j = manifest.path("jobs").get(job);
    if (j == null || !j.has(RUN_SEQUENCE) || !j.has(CONFIG_SHA256)) {
      return Optional.empty();
    }
    return Optional.of(new JobRecord(j.get(RUN_SEQUENCE).asLong(), j.get(CONFIG_SHA256).asText()));
  }

  /**
   * The number of the next run on an output location with these complete {@code manifests}: one more than any
   * complete run's. Runs of one location do not overlap (see {@link OutputLock}) and a run takes its number after
   * the lock and after finishing what an interrupted run left, so the numbers order the runs without relying on any
   * clock.
   */
  static long nextSequence(Map<LocalDate, ObjectNode> manifests) {
    return 1 + manifests.values().stream().mapToLong(m -> m.path(RUN_SEQUENCE).asLong(0)).max().orElse(0);
  }

  /** The run that last ran a job, by sequence number, and the hash of the job's configuration. */
  public record JobRecord(long runSequence, String configSha256) {
    /** Whether a job configured with {@code parts} has this configuration. */
    public boolean sameConfiguration(Map<String, ?> parts) {
      return configSha256.equals(configurationHash(parts));
    }
  }

  /**
   * The days of the curated {@code tables} that the ingest batches of the runs after run {@code since} changed, as
   * the {@code manifests} record them, and {@code current}, the run in progress. A job saw the batches of its own
   * run (ingest runs first) and of the runs before, not those after.
   */
  static ChangedDays changedSince(TreeMap<LocalDate, ObjectNode> manifests, long since, Builder current,
      Collection<String> tables) {
    ChangedDays changed = current.changedDays(tables);
    for (ObjectNode m : manifests.values()) {
      JsonNode c = m.get(CHANGED);
      if (c != null && c.path(RUN_SEQUENCE).asLong(Long.MAX_VALUE) > since) {
        for (String t : tables) {
          changed = changed.and(ChangedDays.parse(c.path("days").path(t).asText(null)));
        }
      }
    }
    return changed;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
