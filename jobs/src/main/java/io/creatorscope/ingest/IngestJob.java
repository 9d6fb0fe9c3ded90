package io.creatorscope.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.Columns;
import io.creatorscope.common.Progress;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.TableSchema;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Tables;
import io.creatorscope.common.UserError;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The {@code ingest} job: checks the raw inputs against the contract, routes bad rows to {@code quarantine} with a
 * reason, deduplicates (one profile per creator and day, the latest observation of each post), writes the curated
 * tables and an accounting per input, and refuses to publish anything if the accounting does not balance.
 */
public final class IngestJob {
  static final String REASON = "_reason";
  static final String DETAIL = "_detail";
  static final String SOURCE_FILE = "_source_file";
  static final String PATH_RAW = "_path_raw";
  static final String KNOWN = "_known_creator";
  /** Internal marker for rows dated after the as-of date: counted, not quarantined, left for a later run. */
  static final String BEYOND_AS_OF = "_BEYOND_AS_OF";
  /** Prefix of the columns that keep a value as read where normalising replaced it: the quarantine shows it. */
  static final String AS_READ = "_as_read_";

  private final SparkSession spark;
  private final IngestConfig config;

  public IngestJob(SparkSession spark, IngestConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Ingests as one run of its own: the four tables are published together, or not at all. */
  public IngestResult run() {
    return OutputRun.publish(spark, config.outputRoot(), this::run);
  }

  /** Stages the curated tables, quarantine and accounting in {@code out}; a run that does not balance throws. */
  public IngestResult run(OutputRun out) {
    Progress progress = new Progress("ingest");
    Sparks.jobGroup(spark, "ingest", "ingest: check, quarantine, deduplicate");
    TableSchema profilesContract = Tables.input(Tables.PROFILES);
    TableSchema postsContract = Tables.input(Tables.POSTS);
    InputSchemaChecker checker = new InputSchemaChecker(spark.sparkContext().hadoopConfiguration());
    List<InputFile> profileFiles = checker.check(config.inputRoot() + "/" + Tables.PROFILES, profilesContract);
    List<InputFile> postFiles = checker.check(config.inputRoot() + "/" + Tables.POSTS, postsContract);
    progress.step("schemas checked: " + profileFiles.size() + " profile files, " + postFiles.size() + " post files");

    RawInputReader reader = new RawInputReader(spark);
    Dataset<Row> profilesRaw = reader.read(profileFiles, profilesContract);
    Dataset<Row> postsRaw = reader.read(postFiles, postsContract);
    Plausible plausible = new Plausible(config.limits().earliestDate(),
        config.limits().latestDate(config.today()), config.limits().maxCount());
    LocalDate asOf = asOfDate(profilesRaw, plausible);
    progress.step("as-of date " + asOf);

    // The flagged inputs are not cached: each of the three passes below (counts, curated, quarantine) re-reads
    // the Parquet input, which costs less than writing and reading a cache of every input row. Only the list of
    // valid creators, one row per creator, is cached, since every pass over posts joins it.
    Dataset<Row> profiles = flag(normaliseProfiles(profilesRaw), profileRules(profilesContract, asOf, plausible));
    Dataset<Row> knownCreators = profiles.filter(col(REASON).isNull())
        .select(col(Columns.CREATOR_ID)).distinct().withColumn(KNOWN, lit(true))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> postsWithKnown = normalisePosts(postsRaw).join(knownCreators,
        scala.collection.JavaConverters.asScalaBuffer(List.of(Columns.CREATOR_ID)).toSeq(), "left");
    Dataset<Row> posts = flag(postsWithKnown, postRules(postsContract, asOf, plausible));

    try {
      Map<String, Long> profileCounts = countByReason(profiles);
      Map<String, Long> postCounts = countByReason(posts);
      progress.step("rows flagged: profiles " + profileCounts + ", posts " + postCounts);

      out.stage(Tables.output(Tables.CURATED_PROFILES), dedupeProfiles(profiles), asOf);
      out.stage(Tables.output(Tables.CURATED_POSTS), dedupePosts(posts), asOf);
      Dataset<Row> quarantine = quarantineRows(profiles, profilesContract)
          .unionByName(quarantineRows(posts, postsContract));
      out.stage(Tables.output(Tables.QUARANTINE), quarantine, asOf);
      progress.step("curated tables and quarantine staged");

      Accounting profileAccounting = account(Tables.PROFILES, profileFiles, profileCounts,
          out.read(Tables.CURATED_PROFILES, asOf));
      Accounting postAccounting = account(Tables.POSTS, postFiles, postCounts, out.read(Tables.CURATED_POSTS, asOf));
      out.stage(Tables.output(Tables.INGEST_ACCOUNTING),
          accountingRows(List.of(profileAccounting, postAccounting)), asOf);
      progress.step(profileAccounting.summary());
      progress.step(postAccounting.summary());
      if (!profileAccounting.balances() || !postAccounting.balances()) {
        throw new IllegalStateException("ingest accounting does not balance; nothing was published. "
            + profileAccounting.summary() + "; " + postAccounting.summary());
      }
      record(out.manifest(), profileAccounting, profileFiles.size(), Tables.PROFILES);
      record(out.manifest(), postAccounting, postFiles.size(), Tables.POSTS);
      // The latest plausible day follows the run's clock: the manifest records it with the other limits.
      out.manifest().configuration("ingest", plausible).job("ingest", progress.elapsedSeconds());
      progress.step("staged curated_profiles, curated_posts, quarantine, ingest_accounting for " + asOf);
      return new IngestResult(asOf, profileAccounting, postAccounting, progress.elapsedSeconds());
    } finally {
      knownCreators.unpersist();
    }
  }

  private void record(RunManifest.Builder manifest, Accounting a, int files, String table) {
    manifest.input(table, config.inputRoot() + "/" + table, files, a.read(), a.kept(), a.duplicates(),
        a.quarantined(), a.beyondAsOf());
  }

  /**
   * The as-of date asked for, else the newest plausible snapshot_date in profiles (one row dated 9999-12-31 must
   * not become the default). A date before the first snapshot is a user error rather than an empty run: it is
   * nearly always a typo, and every table would be empty.
   */
  private LocalDate asOfDate(Dataset<Row> profilesRaw, Plausible plausible) {
    Row r = profilesRaw.filter(plausible.day(col(Columns.SNAPSHOT_DATE)))
        .agg(min(col(Columns.SNAPSHOT_DATE)), max(col(Columns.SNAPSHOT_DATE))).first();
    if (r.isNullAt(0)) {
      return config.asOf().orElseThrow(() -> new UserError("profiles: no row has a readable snapshot_date from "
          + plausible.earliest() + " to " + plausible.latest() + ", so no default as-of date; pass --as-of"));
    }
    LocalDate first = r.getLocalDate(0);
    if (config.asOf().isPresent() && config.asOf().get().isBefore(first)) {
      String profiles = config.inputRoot() + "/" + Tables.PROFILES;
      throw new UserError("--as-of " + config.asOf().get() + " is before the first snapshot_date in " + profiles
          + " (" + first + "), so no profile is dated on or before it; pass a date from " + first + " to "
          + r.getLocalDate(1));
    }
    return config.asOf().orElse(r.getLocalDate(1));
  }

  private static Dataset<Row> normaliseProfiles(Dataset<Row> raw) {
    Map<String, Column> normalised = new LinkedHashMap<>();
    normalised.put(Columns.PLATFORM, lower(trim(col(Columns.PLATFORM))));
    normalised.put(Columns.NICHE, coalesce(
        when(trim(col(Columns.NICHE)).notEqual(""), lower(trim(col(Columns.NICHE)))), lit(Columns.UNKNOWN_NICHE)));
    normalised.put(Columns.COUNTRY, upper(trim(col(Columns.COUNTRY))));
    return normalise(raw, normalised);
  }

  private static Dataset<Row> normalisePosts(Dataset<Row> raw) {
    Map<String, Column> normalised = new LinkedHashMap<>();
    normalised.put(Columns.PLATFORM, lower(trim(col(Columns.PLATFORM))));
    normalised.put(Columns.IS_SPONSORED, coalesce(col(Columns.IS_SPONSORED), lit(false)));
    return normalise(raw, normalised);
  }

  /** Replaces columns by their normalised values, keeping each value as read in {@link #AS_READ} + name. */
  private static Dataset<Row> normalise(Dataset<Row> raw, Map<String, Column> normalised) {
    Map<String, Column> asRead = new LinkedHashMap<>();
    normalised.keySet().forEach(name -> asRead.put(AS_READ + name, col(name)));
    return raw.withColumns(asRead).withColumns(normalised);
  }

  /** One quarantine rule: rows matching {@code when} get {@code reason}, with {@code detail} naming the column. */
  record Rule(String reason, Column when, Column detail) {}

  /** The plausible range of input values ({@link InputLimits}), with the run's latest plausible day resolved. */
  record Plausible(LocalDate earliest, LocalDate latest, long maxCount) {
    Column day(Column day) {
      return day.between(lit(earliest), lit(latest));
    }
  }

  static List<Rule> profileRules(TableSchema contract, LocalDate asOf, Plausible plausible) {
    return commonRules(contract, Columns.SNAPSHOT_DATE, asOf, plausible);
  }

  static List<Rule> postRules(TableSchema contract, LocalDate asOf, Plausible plausible) {
    List<Rule> rules = commonRules(contract, Columns.OBSERVED_DATE, asOf, plausible);
    rules.add(new Rule(QuarantineReason.OBSERVED_BEFORE_POSTED.name(),
        col(Columns.OBSERVED_DATE).lt(to_date(col(Columns.POSTED_AT))),
        concat(lit("observed_date "), col(Columns.OBSERVED_DATE).cast("string"), lit(" is before posted_at "),
            col(Columns.POSTED_AT).cast("string"))));
    rules.add(new Rule(QuarantineReason.UNKNOWN_CREATOR.name(), col(KNOWN).isNull(),
        concat(lit("creator_id '"), col(Columns.CREATOR_ID), lit("' has no valid profile up to the as-of date"))));
    return rules;
  }

  /**
   * Unparseable dates, nulls in required columns, implausible dates, rows after the as-of date, negative counts,
   * implausible counts; in that order. An implausible date comes before the as-of test, so a row dated 9999-12-31
   * is quarantined rather than left for a later run that will never come.
   */
  private static List<Rule> commonRules(TableSchema contract, String dateColumn, LocalDate asOf,
      Plausible plausible) {
    List<Rule> rules = new ArrayList<>();
    rules.add(new Rule(QuarantineReason.UNPARSEABLE_VALUE.name(),
        col(PATH_RAW).isNotNull().and(col(dateColumn).isNull()),
        concat(lit(dateColumn + " '"), col(PATH_RAW), lit("' in the directory name is not a date (yyyy-MM-dd)"))));
    for (TableSchema.ColumnSpec c : contract.columns()) {
      if (!c.required()) {
        continue;
      }
      Column isNull = col(c.name()).isNull();
      if (c.type().equals(DataTypes.StringType)) {
        isNull = isNull.or(trim(col(c.name())).equalTo(""));
      }
      rules.add(new Rule(QuarantineReason.NULL_REQUIRED.name(), isNull, lit(c.name() + " is null or blank")));
    }
    for (TableSchema.ColumnSpec c : contract.columns()) {
      boolean isDate = c.type().equals(DataTypes.DateType);
      if (isDate || c.type().equals(DataTypes.TimestampType)) {
        Column day = isDate ? col(c.name()) : to_date(col(c.name()));
        rules.add(new Rule(QuarantineReason.IMPLAUSIBLE_DATE.name(), not(plausible.day(day)),
            concat(lit(c.name() + " "), col(c.name()).cast("string"), when(day.lt(lit(plausible.earliest())),
                lit(" is before " + plausible.earliest() + " (" + InputLimits.EARLIEST_DATE.name() + ")"))
                .otherwise(lit(" is after " + plausible.latest() + " (the day of the run plus "
                    + InputLimits.FUTURE_DAYS.name() + ")")))));
      }
    }
    rules.add(new Rule(BEYOND_AS_OF, col(dateColumn).gt(lit(asOf)), lit("dated after the as-of date")));
    List<TableSchema.ColumnSpec> counts = contract.columns().stream()
        .filter(c -> c.type().equals(DataTypes.LongType)).toList();
    for (TableSchema.ColumnSpec c : counts) {
      rules.add(new Rule(QuarantineReason.NEGATIVE_COUNT.name(), col(c.name()).lt(0),
          concat(lit(c.name() + " = "), col(c.name()).cast("string"), lit(" is negative"))));
    }
    for (TableSchema.ColumnSpec c : counts) {
      rules.add(new Rule(QuarantineReason.IMPLAUSIBLE_COUNT.name(), col(c.name()).gt(plausible.maxCount()),
          concat(lit(c.name() + " = "), col(c.name()).cast("string"), lit(" is above " + plausible.maxCount()
              + " (" + InputLimits.MAX_COUNT.name() + ")"))));
    }
    return rules;
  }

  /** Adds the first matching rule's reason and detail as columns (null for a valid row), in one expression. */
  static Dataset<Row> flag(Dataset<Row> rows, List<Rule> rules) {
    Column reason = null;
    Column detail = null;
    for (Rule r : rules) {
      reason = reason == null ? when(r.when(), lit(r.reason())) : reason.when(r.when(), lit(r.reason()));
      detail = detail == null ? when(r.when(), r.detail()) : detail.when(r.when(), r.detail());
    }
    return rows.withColumn(REASON, reason).withColumn(DETAIL, detail);
  }

  private static Map<String, Long> countByReason(Dataset<Row> flagged) {
    Map<String, Long> out = new HashMap<>();
    for (Row r : flagged.groupBy(col(REASON)).agg(count(lit(1))).collectAsList()) {
      out.put(r.isNullAt(0) ? null : r.getString(0), r.getLong(1));
    }
    return out;
  }

  /**
   * One row per creator and day; when rows disagree, the largest (followers, following, ...) wins, for determinism.
   * A window (one shuffle, one sort) rather than max(struct): Spark can only aggregate a struct with a sort on
   * both sides of the shuffle.
   */
  private static Dataset<Row> dedupeProfiles(Dataset<Row> flagged) {
    return keepFirst(flagged.filter(col(REASON).isNull()),
        List.of(col(Columns.CREATOR_ID), col(Columns.SNAPSHOT_DATE)),
        List.of(Columns.FOLLOWERS, Columns.FOLLOWING, Columns.MEDIA_COUNT, Columns.PLATFORM, Columns.HANDLE,
            Columns.NICHE, Columns.COUNTRY))
        .select(col(Columns.CREATOR_ID), col(Columns.SNAPSHOT_DATE), col(Columns.FOLLOWERS), col(Columns.FOLLOWING),
            col(Columns.MEDIA_COUNT), col(Columns.PLATFORM), col(Columns.HANDLE), col(Columns.NICHE),
            col(Columns.COUNTRY), col(Columns.OBSERVATIONS));
  }

  /** One row per post: the latest observation (ties: the larger counts), and how many valid rows it replaced. */
  private static Dataset<Row> dedupePosts(Dataset<Row> flagged) {
    return keepFirst(flagged.filter(col(REASON).isNull()), List.of(col(Columns.POST_ID)),
        List.of(Columns.OBSERVED_DATE, Columns.LIKES, Columns.COMMENTS, Columns.SHARES, Columns.SAVES, Columns.VIEWS,
            Columns.CREATOR_ID, Columns.PLATFORM, Columns.POSTED_AT, Columns.IS_SPONSORED))
        .select(col(Columns.POST_ID), col(Columns.OBSERVED_DATE), col(Columns.LIKES), col(Columns.COMMENTS),
            col(Columns.SHARES), col(Columns.SAVES), col(Columns.VIEWS), col(Columns.CREATOR_ID),
            col(Columns.PLATFORM), col(Columns.POSTED_AT), col(Columns.IS_SPONSORED), col(Columns.OBSERVATIONS));
  }

  /**
   * Per key, the row that is largest in {@code order} (lexicographically, nulls smallest, as max(struct) would
   * pick), with the number of rows of its key as {@code observations}.
   */
  private static Dataset<Row> keepFirst(Dataset<Row> rows, List<Column> key, List<String> order) {
    Column[] desc = order.stream().map(c -> col(c).desc_nulls_last()).toArray(Column[]::new);
    WindowSpec byKey = Window.partitionBy(key.toArray(new Column[0]));
    return rows
        .withColumn("_rank", row_number().over(byKey.orderBy(desc)))
        .withColumn(Columns.OBSERVATIONS, count(lit(1)).over(byKey).cast("int"))
        .filter(col("_rank").equalTo(1));
  }

  private static Dataset<Row> quarantineRows(Dataset<Row> flagged, TableSchema contract) {
    List<Column> recordFields = new ArrayList<>();
    String pathColumn = contract.pathPartitionColumn().orElse(null);
    List<String> columns = List.of(flagged.columns());
    for (String name : contract.columnNames()) {
      Column c = columns.contains(AS_READ + name) ? col(AS_READ + name) : col(name);
      if (name.equals(pathColumn)) {
        c = coalesce(c.cast("string"), col(PATH_RAW));
      }
      recordFields.add(c.as(name));
    }
    return flagged.filter(col(REASON).isNotNull().and(col(REASON).notEqual(BEYOND_AS_OF)))
        .select(lit(contract.table()).as("input_table"), col(REASON).as("reason"), col(DETAIL).as("detail"),
            col(SOURCE_FILE).as("source_file"), to_json(struct(recordFields.toArray(new Column[0]))).as("record"));
  }

  private Accounting account(String table, List<InputFile> files, Map<String, Long> byReason, Dataset<Row> curated) {
    long read = files.stream().mapToLong(InputFile::rowCount).sum();
    long flaggedTotal = byReason.values().stream().mapToLong(Long::longValue).sum();
    if (flaggedTotal != read) {
      throw new IllegalStateException(table + ": Spark read " + flaggedTotal + " rows but the Parquet footers hold "
          + read);
    }
    long valid = byReason.getOrDefault(null, 0L);
    Row written = curated.agg(count(lit(1)), sum(col(Columns.OBSERVATIONS))).first();
    long kept = written.getLong(0);
    long observations = written.isNullAt(1) ? 0 : written.getLong(1);
    if (observations != valid) {
      throw new IllegalStateException(table + ": " + valid + " valid rows but the curated table accounts for "
          + observations);
    }
    Map<String, Long> quarantined = new LinkedHashMap<>();
    byReason.forEach((reason, n) -> {
      if (reason != null && !reason.equals(BEYOND_AS_OF)) {
        quarantined.put(reason, n);
      }
    });
    return new Accounting(table, read, kept, observations - kept, quarantined,
        byReason.getOrDefault(BEYOND_AS_OF, 0L));
  }

  private Dataset<Row> accountingRows(List<Accounting> all) {
    List<Row> rows = new ArrayList<>();
    for (Accounting a : all) {
      rows.add(RowFactory.create(a.table(), "read", null, a.read()));
      rows.add(RowFactory.create(a.table(), "kept", null, a.kept()));
      rows.add(RowFactory.create(a.table(), "duplicates", null, a.duplicates()));
      rows.add(RowFactory.create(a.table(), "after_as_of", null, a.beyondAsOf()));
      a.quarantinedByReason().forEach((reason, n) -> rows.add(RowFactory.create(a.table(), "quarantined", reason, n)));
    }
    StructType schema = Tables.output(Tables.INGEST_ACCOUNTING).fileStructType();
    return spark.createDataFrame(rows, schema).coalesce(1);
  }
}
