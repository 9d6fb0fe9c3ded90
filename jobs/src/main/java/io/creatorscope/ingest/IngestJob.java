package io.creatorscope.ingest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.audience.Dimension;
import io.creatorscope.common.Columns;
import io.creatorscope.common.Progress;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.TableSchema;
import io.creatorscope.common.OutputRun;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Tables;
import io.creatorscope.common.UserError;
import io.creatorscope.common.FactMerge;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.content.ContentConfig;
import io.creatorscope.content.ContentSignals;
import io.creatorscope.content.SponsoredSource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
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
  /** The platform of a known creator's first valid snapshot (its earliest day; on that day, the first by name). */
  static final String KNOWN_PLATFORM = "_known_platform";
  /** Whether a known creator's valid snapshots name two or more platforms: its id is on two accounts. */
  static final String ON_TWO_PLATFORMS = "_on_two_platforms";
  /** Internal marker for rows dated after the as-of date: counted, not quarantined, left for a later run. */
  static final String BEYOND_AS_OF = "_BEYOND_AS_OF";
  /** Prefix of the columns that keep a value as read where normalising replaced it: the quarantine shows it. */
  static final String AS_READ = "_as_read_";
  /** A quarantined row's row of the quarantine table (null on any other row). */
  private static final String QUARANTINE_ROW = "_quarantine_row";
  /** The sum of the shares of an audience row's split (creator, day, dimension). */
  static final String SPLIT_SUM = "_split_sum";
  /** Decimals a split's miss of 1 is compared at: far below any share's precision, far above a double's error. */
  static final int SPLIT_SUM_DECIMALS = 9;

  private final SparkSession spark;
  private final IngestConfig config;

  public IngestJob(SparkSession spark, IngestConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Ingests as one run of its own: its tables are published together, or not at all. */
  public IngestResult run() {
    return OutputRun.publish(spark, config.outputRoot(), this::run);
  }

  /**
   * Stages one ingest batch in {@code out}: the input rows earlier batches did not take (see {@link IngestLog}),
   * merged into the curated fact tables, and the batch's quarantine, accounting and log; a batch that does not
   * balance throws.
   */
  public IngestResult run(OutputRun out) {
    Progress progress = new Progress("ingest");
    Instant startedAt = Instant.now();
    Sparks.jobGroup(spark, "ingest", "ingest: check, quarantine, deduplicate, merge");
    TableSchema profilesContract = Tables.input(Tables.PROFILES);
    TableSchema postsContract = Tables.input(Tables.POSTS);
    InputSchemaChecker checker = new InputSchemaChecker(spark.sparkContext().hadoopConfiguration());
    List<FileStatus> profileListing = checker.list(config.inputRoot() + "/" + Tables.PROFILES, profilesContract);
    List<FileStatus> postListing = checker.list(config.inputRoot() + "/" + Tables.POSTS, postsContract);
    TableSchema audiencesContract = Tables.input(Tables.AUDIENCES);
    List<FileStatus> audienceListing = checker.listIfPresent(config.inputRoot() + "/" + Tables.AUDIENCES,
        audiencesContract);
    Map<String, InputFile> footers = new HashMap<>();
    IngestLog log = IngestLog.read(spark, config.outputRoot());
    // Optional input: without an audiences/ folder (now and in earlier batches) the batch is what it always was.
    boolean withAudiences = !audienceListing.isEmpty() || log.has(Tables.AUDIENCES);
    RawInputReader reader = new RawInputReader(spark);
    Plausible plausible = new Plausible(config.limits().earliestDate(),
        config.limits().latestDate(config.today()), config.limits().maxCount());
    AsOf chosen = asOfDate(checker, footers, log, reader, profileListing, profilesContract, plausible);
    LocalDate asOf = chosen.date();
    out.date(asOf);
    IngestLog.Plan plan = log.plan(profileListing, postListing, audienceListing, asOf, config.full());
    List<InputFile> profileFiles = checked(checker, footers, plan.profiles(), profilesContract);
    List<InputFile> postFiles = checked(checker, footers, plan.posts(), postsContract);
    List<InputFile> audienceFiles = checked(checker, footers, plan.audiences(), audiencesContract);
    String mode = (plan.full() ? "full (" + plan.why() + ")" : "incremental") + ": reads " + profileFiles.size()
        + " of " + profileListing.size() + " profile files, " + postFiles.size() + " of " + postListing.size()
        + " post files" + (withAudiences ? ", " + audienceFiles.size() + " of " + audienceListing.size()
            + " audience files" : "")
        + chosen.staleness();
    progress.step("as-of date " + asOf + ", " + mode);

    Dataset<Row> profilesRaw = readSelection(reader, plan.profiles(), footers, profilesContract);
    Dataset<Row> postsRaw = readSelection(reader, plan.posts(), footers, postsContract);
    // A full ingest does not cache its input: each pass below (counts, curated, quarantine) re-reads the Parquet
    // input, which costs less than writing and reading a cache of every input row. A daily batch is small and
    // is read by more passes (the partitions it touches, the keys it updates), so it is cached.
    StorageLevel batchLevel = plan.full() ? StorageLevel.NONE() : StorageLevel.MEMORY_AND_DISK();
    Dataset<Row> flaggedProfiles = flag(normaliseProfiles(profilesRaw),
        profileRules(profilesContract, asOf, plausible)).persist(batchLevel);
    Dataset<Row> batchCreators = CuratedCreators.of(flaggedProfiles.filter(col(REASON).isNull()));
    Dataset<Row> creators = (plan.full() ? batchCreators : CuratedCreators.merged(out, batchCreators))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> knownCreators = CuratedCreators.known(creators, asOf).persist(StorageLevel.MEMORY_AND_DISK());
    // Materialised before the joins below are planned (with its true size a small table of creators is broadcast
    // to the rows instead of both sides being shuffled by creator). An id on two platforms breaks the contract and
    // is rare: only then do the profile rows meet the creators' platforms, and the posts' their platform rule.
    boolean twoPlatforms = knownCreators.filter(col(ON_TWO_PLATFORMS)).count() > 0;
    Dataset<Row> known = knownCreators.select(col(Columns.CREATOR_ID), col(KNOWN));
    Dataset<Row> profiles = !twoPlatforms ? flaggedProfiles : flagUnflagged(flaggedProfiles.join(knownCreators,
        Sparks.joinColumns(Columns.CREATOR_ID), "left"), List.of(platformConflict()));
    Dataset<Row> postsWithKnown = normalisePosts(postsRaw, config.content()).join(twoPlatforms ? knownCreators : known,
        Sparks.joinColumns(Columns.CREATOR_ID), "left");
    Dataset<Row> posts = flag(postsWithKnown, postRules(postsContract, asOf, plausible, twoPlatforms))
        .persist(batchLevel);
    Dataset<Row> audiences = flag(withSplitSums(normaliseAudiences(
            readSelection(reader, plan.audiences(), footers, audiencesContract))
            .join(known, Sparks.joinColumns(Columns.CREATOR_ID), "left")),
        audienceRules(audiencesContract, asOf, plausible, config.limits().audienceShareTolerance()))
        .persist(batchLevel);

    try {
      // A full batch writes a quarantine, which reads every input row again: the rows are counted on the way. A
      // daily batch is cached, and must know before it writes whether it brought anything at all.
      Outcomes profileOutcomes = outcomes(narrowedToOutcome(profiles, profilesContract), Tables.PROFILES,
          profileFiles, plan.full());
      Outcomes postOutcomes = outcomes(narrowedToOutcome(posts, postsContract), Tables.POSTS, postFiles,
          plan.full());
      // Observed only where the quarantine write reads them: an observation no action answers keeps its listener
      // registered, checking every later query of the session.
      Outcomes audienceOutcomes = outcomes(narrowedToOutcome(audiences, audiencesContract), Tables.AUDIENCES,
          audienceFiles, plan.full() && withAudiences);
      boolean batchExists = RunManifest.completeDates(spark, config.outputRoot(), Tables.INGEST_ACCOUNTING)
          .contains(asOf);
      boolean rerunWithNothingNew = !plan.full() && batchExists && profileOutcomes.counts().isEmpty()
          && postOutcomes.counts().isEmpty() && (!withAudiences || audienceOutcomes.counts().isEmpty());

      FactMerge.Merged profileMerge = FactMerge.merge(out, Tables.output(Tables.CURATED_PROFILES),
          curatedProfileRows(profiles), plan.full());
      FactMerge.Merged postMerge = FactMerge.merge(out, Tables.output(Tables.CURATED_POSTS), curatedPostRows(posts),
          plan.full());
      progress.step("curated_profiles: " + profileMerge + "; curated_posts: " + postMerge);
      if (plan.full() || !profileOutcomes.counts().isEmpty()) {
        CuratedCreators.stage(out, creators);
        progress.step("curated_creators: " + creators.count() + " creators by platform");
      }
      Optional<Accounting> audienceAccounting = Optional.empty();
      FactMerge.Merged audienceMerge = null;
      if (withAudiences) {
        audienceMerge = FactMerge.merge(out, Tables.output(Tables.CURATED_AUDIENCES),
            audiences.filter(col(REASON).isNull()).withColumn(Columns.OBSERVATIONS, lit(1)), plan.full());
        progress.step("curated_audiences: " + audienceMerge);
        out.manifest().changed(Tables.CURATED_AUDIENCES, audienceMerge.changed());
      }

      boolean addToDate = batchExists && !plan.full();
      if (!rerunWithNothingNew) {
        // A later batch for a date that already has one (input that arrived after the date was run) adds to it.
        Dataset<Row> quarantine = quarantineRows(profileOutcomes.rows())
            .unionByName(quarantineRows(postOutcomes.rows()));
        if (withAudiences) {
          quarantine = quarantine.unionByName(quarantineRows(audienceOutcomes.rows()));
        }
        stageBatchTable(out, Tables.QUARANTINE, quarantine, asOf, addToDate);
      }
      progress.step("rows read: profiles " + byOutcome(profileOutcomes.counts()) + ", posts "
          + byOutcome(postOutcomes.counts())
          + (withAudiences ? ", audiences " + byOutcome(audienceOutcomes.counts()) : ""));
      Accounting profileAccounting = account(Tables.PROFILES, plan.profiles(), profileFiles,
          profileOutcomes.counts(), profileMerge);
      Accounting postAccounting = account(Tables.POSTS, plan.posts(), postFiles, postOutcomes.counts(), postMerge);
      if (audienceMerge != null) {
        audienceAccounting = Optional.of(account(Tables.AUDIENCES, plan.audiences(), audienceFiles,
            audienceOutcomes.counts(), audienceMerge));
      }
      progress.step(profileAccounting.summary());
      progress.step(postAccounting.summary());
      List<Accounting> accountings = new ArrayList<>(List.of(profileAccounting, postAccounting));
      audienceAccounting.ifPresent(a -> {
        progress.step(a.summary());
        accountings.add(a);
      });
      if (!accountings.stream().allMatch(Accounting::balances)) {
        throw new IllegalStateException("ingest accounting does not balance; nothing was published. "
            + String.join("; ", accountings.stream().map(Accounting::summary).toList()));
      }
      if (rerunWithNothingNew) {
        // A rerun of a date with nothing new to read: the batch that ingested the date keeps its tables.
        progress.step("nothing new since the last ingest; the quarantine, accounting and log of " + asOf
            + " stay as they are");
      } else {
        Dataset<Row> logRows = IngestLog.rows(spark, Tables.PROFILES, profileFiles, asOf, plan.full(), startedAt)
            .unionByName(IngestLog.rows(spark, Tables.POSTS, postFiles, asOf, plan.full(), startedAt));
        if (withAudiences) {
          logRows = logRows.unionByName(
              IngestLog.rows(spark, Tables.AUDIENCES, audienceFiles, asOf, plan.full(), startedAt));
        }
        stageBatchTable(out, Tables.INGEST_ACCOUNTING, accountingRows(accountings), asOf, addToDate);
        stageBatchTable(out, Tables.INGEST_LOG, logRows, asOf, addToDate);
      }
      record(out.manifest(), profileAccounting, profileFiles.size(), Tables.PROFILES);
      record(out.manifest(), postAccounting, postFiles.size(), Tables.POSTS);
      audienceAccounting.ifPresent(a -> record(out.manifest(), a, audienceFiles.size(), Tables.AUDIENCES));
      // The latest plausible day follows the run's clock: the manifest records it with the other limits.
      out.manifest().changed(Tables.CURATED_PROFILES, profileMerge.changed())
          .changed(Tables.CURATED_POSTS, postMerge.changed())
          .job("ingest", progress.elapsedSeconds(), Map.of("ingest", plausible));
      progress.step("staged the ingest batch for " + asOf);
      return new IngestResult(asOf, profileAccounting, postAccounting, audienceAccounting,
          progress.elapsedSeconds(), mode);
    } finally {
      knownCreators.unpersist();
      creators.unpersist();
      flaggedProfiles.unpersist();
      posts.unpersist();
      audiences.unpersist();
    }
  }

  /**
   * Stages a per-batch table's rows for {@code asOf}; with {@code addToDate} the rows the date's earlier batch
   * published stay beside them (the accounting summed per measure).
   */
  private void stageBatchTable(OutputRun out, String table, Dataset<Row> rows, LocalDate asOf, boolean addToDate) {
    TableSchema schema = Tables.output(table);
    Dataset<Row> all = rows;
    if (addToDate) {
      Dataset<Row> earlier = PublishedTables.readPartition(spark, config.outputRoot(), table, asOf);
      all = schema.conform(earlier).drop(Columns.AS_OF_DATE)
          .unionByName(schema.conform(rows.withColumn(Columns.AS_OF_DATE, lit(asOf))).drop(Columns.AS_OF_DATE));
      if (table.equals(Tables.INGEST_ACCOUNTING)) {
        all = all.groupBy("input_table", "measure", "reason").agg(sum("row_count").as("row_count")).coalesce(1);
      }
    }
    out.stage(schema, all, asOf);
  }

  private void record(RunManifest.Builder manifest, Accounting a, int files, String table) {
    manifest.input(table, config.inputRoot() + "/" + table, files, a.read(), a.kept(), a.duplicates(),
        a.quarantined(), a.beyondAsOf());
  }

  /** The footers of the files a batch reads, each file checked once. */
  private static List<InputFile> checked(InputSchemaChecker checker, Map<String, InputFile> footers,
      List<IngestLog.Read> reads, TableSchema contract) {
    List<InputFile> out = new ArrayList<>();
    for (IngestLog.Read r : reads) {
      out.add(footer(checker, footers, r.file(), contract));
    }
    return out;
  }

  /**
   * The selected rows of the files: all rows of files read whole, the rows dated after their through date of the
   * others (a filter Spark pushes into the Parquet scan). One scan per layout and through date.
   */
  private Dataset<Row> readSelection(RawInputReader reader, List<IngestLog.Read> reads, Map<String, InputFile> footers,
      TableSchema contract) {
    Map<Optional<LocalDate>, List<InputFile>> byAfter = new TreeMap<>(
        java.util.Comparator.comparing((Optional<LocalDate> d) -> d.orElse(LocalDate.MIN)));
    for (IngestLog.Read r : reads) {
      byAfter.computeIfAbsent(Optional.ofNullable(r.after()), k -> new ArrayList<>())
          .add(footers.get(r.file().getPath().toString()));
    }
    String dateColumn = contract.pathPartitionColumn().orElseThrow();
    Dataset<Row> all = reader.empty(contract);
    for (Map.Entry<Optional<LocalDate>, List<InputFile>> e : byAfter.entrySet()) {
      Dataset<Row> rows = reader.read(e.getValue(), contract);
      all = all.unionByName(e.getKey().isEmpty() ? rows : rows.filter(col(dateColumn).gt(lit(e.getKey().get()))));
    }
    return all;
  }

  /**
   * The as-of date asked for, else the newest plausible snapshot_date in profiles (one row dated 9999-12-31 must
   * not become the default). A date before the first snapshot is a user error rather than an empty run: it is
   * nearly always a typo, and every table would be empty. After a first ingest the dates come from what is known
   * without reading a row: the ingest log, the directory names and Parquet statistics of new files, the days of
   * curated_profiles. A first ingest takes them from the directory names and Parquet statistics of every file. When
   * they do not tell (a file without statistics, an implausible date), from a scan of the column.
   */
  private AsOf asOfDate(InputSchemaChecker checker, Map<String, InputFile> footers, IngestLog log,
      RawInputReader reader, List<FileStatus> listing, TableSchema contract, Plausible plausible) {
    if (!log.isEmpty()) {
      LocalDate newest = null;
      boolean known = true;
      for (FileStatus f : listing) {
        LocalDate d = log.newestDate(Tables.PROFILES, f);
        if (d == null) {
          d = footer(checker, footers, f, contract).newestDate();
        }
        known &= plausible.contains(d);
        newest = d == null || (newest != null && newest.isAfter(d)) ? newest : d;
      }
      List<LocalDate> days = curatedDays();
      if (known && !days.isEmpty()) {
        return checkedAsOf(days.get(0), newest);
      }
    }
    List<InputFile> all = new ArrayList<>();
    for (FileStatus f : listing) {
      all.add(footer(checker, footers, f, contract));
    }
    // Every file's days known and plausible: the scan below would find the same oldest and newest day.
    if (!all.isEmpty()
        && all.stream().allMatch(f -> plausible.contains(f.oldestDate()) && plausible.contains(f.newestDate()))) {
      return checkedAsOf(all.stream().map(InputFile::oldestDate).min(LocalDate::compareTo).orElseThrow(),
          all.stream().map(InputFile::newestDate).max(LocalDate::compareTo).orElseThrow());
    }
    Row r = reader.read(all, contract).filter(plausible.day(col(Columns.SNAPSHOT_DATE)))
        .agg(min(col(Columns.SNAPSHOT_DATE)), max(col(Columns.SNAPSHOT_DATE))).first();
    if (r.isNullAt(0)) {
      return new AsOf(config.asOf().orElseThrow(() -> new UserError("profiles: no row has a readable snapshot_date "
          + "from " + plausible.earliest() + " to " + plausible.latest() + ", so no default as-of date; pass --as-of")),
          null);
    }
    return checkedAsOf(r.getLocalDate(0), r.getLocalDate(1));
  }

  /**
   * The batch's as-of date and the newest plausible snapshot day the profiles input holds (null when none is
   * readable).
   */
  record AsOf(LocalDate date, LocalDate newestSnapshot) {
    /**
     * For the batch's mode line: an as-of date after the newest snapshot is said, with how far (a scheduled run
     * whose deliveries stopped would otherwise publish ever older creators as today's without a word).
     */
    String staleness() {
      if (newestSnapshot == null || !newestSnapshot.isBefore(date)) {
        return "";
      }
      long days = java.time.temporal.ChronoUnit.DAYS.between(newestSnapshot, date);
      return "; the newest profile snapshot is " + newestSnapshot + ", " + days + (days == 1 ? " day" : " days")
          + " before the as-of date";
    }
  }

  private AsOf checkedAsOf(LocalDate first, LocalDate newest) {
    if (config.asOf().isPresent() && config.asOf().get().isBefore(first)) {
      String profiles = config.inputRoot() + "/" + Tables.PROFILES;
      throw new UserError("--as-of " + config.asOf().get() + " is before the first snapshot_date in " + profiles
          + " (" + first + "), so no profile is dated on or before it; pass a date from " + first + " to "
          + newest);
    }
    return new AsOf(config.asOf().orElse(newest), newest);
  }

  /** The snapshot days curated_profiles holds, oldest first. */
  private List<LocalDate> curatedDays() {
    try {
      return PublishedTables.factDates(spark, config.outputRoot(), Tables.CURATED_PROFILES);
    } catch (java.io.IOException e) {
      throw new UserError("cannot list " + Tables.CURATED_PROFILES + " under " + config.outputRoot() + ": "
          + e.getMessage(), e);
    }
  }

  /** A file's checked footer, each file checked once. */
  private static InputFile footer(InputSchemaChecker checker, Map<String, InputFile> footers, FileStatus f,
      TableSchema contract) {
    return footers.computeIfAbsent(f.getPath().toString(), p -> checker.check(List.of(f), contract).get(0));
  }

  private static Dataset<Row> normaliseProfiles(Dataset<Row> raw) {
    Map<String, Column> normalised = new LinkedHashMap<>();
    normalised.put(Columns.PLATFORM, lower(trim(col(Columns.PLATFORM))));
    normalised.put(Columns.NICHE, coalesce(
        when(trim(col(Columns.NICHE)).notEqual(""), lower(trim(col(Columns.NICHE)))), lit(Columns.UNKNOWN_NICHE)));
    normalised.put(Columns.COUNTRY, upper(trim(col(Columns.COUNTRY))));
    return normalise(raw, normalised);
  }

  /**
   * Normalises the platform, and decides is_sponsored where the input left it null: a sponsorship marker in the
   * caption or tags makes it true (detected), else false (none). Without caption and hashtags nothing is detected,
   * so such a post is false as before content signals existed.
   */
  private static Dataset<Row> normalisePosts(Dataset<Row> raw, ContentConfig content) {
    Column given = col(Columns.IS_SPONSORED);
    Column caption = col(Columns.CAPTION);
    // The tags once per observation: the marker reads them, and curated_posts keeps them (computed again for the
    // table, they were a second regular expression over every caption of the merge).
    Dataset<Row> tagged = raw.withColumn(Columns.TAGS, ContentSignals.tags(col(Columns.HASHTAGS), caption));
    Column marked = ContentSignals.marked(col(Columns.TAGS), caption, content);
    Map<String, Column> normalised = new LinkedHashMap<>();
    normalised.put(Columns.PLATFORM, lower(trim(col(Columns.PLATFORM))));
    normalised.put(Columns.IS_SPONSORED, coalesce(given, marked));
    return normalise(tagged, normalised).withColumn(Columns.SPONSORED_SOURCE,
        when(col(AS_READ + Columns.IS_SPONSORED).isNotNull(), lit(SponsoredSource.GIVEN.label()))
            .when(col(Columns.IS_SPONSORED), lit(SponsoredSource.DETECTED.label()))
            .otherwise(lit(SponsoredSource.NONE.label())));
  }

  private static Dataset<Row> normaliseAudiences(Dataset<Row> raw) {
    Map<String, Column> normalised = new LinkedHashMap<>();
    Column dimension = lower(trim(col(Columns.DIMENSION)));
    normalised.put(Columns.DIMENSION, dimension);
    normalised.put(Columns.BUCKET, when(dimension.equalTo(Dimension.COUNTRY.label()), upper(trim(col(Columns.BUCKET))))
        .otherwise(lower(trim(col(Columns.BUCKET)))));
    return normalise(raw, normalised);
  }

  /**
   * Adds {@link #SPLIT_SUM}: the sum of the shares of the row's creator, day and dimension, each bucket counted
   * once (an exact duplicate row must not make a split look doubled). A split is checked within the batch that
   * brings it: a vendor delivers a day's split whole.
   *
   * <p>A bucket's row is found within its split, ordered by bucket and the largest share first, not in a window per
   * bucket: both windows then share the split's shuffle and sort (a window per bucket shuffled and sorted every
   * audience row once more, in each of ingest's passes), and the merge by key needs no other shuffle.
   */
  private static Dataset<Row> withSplitSums(Dataset<Row> rows) {
    WindowSpec split = Window.partitionBy(col(Columns.CREATOR_ID), col(Columns.SNAPSHOT_DATE),
        col(Columns.DIMENSION));
    WindowSpec inBucketOrder = split.orderBy(col(Columns.BUCKET), col(Columns.SHARE).desc_nulls_last());
    Column firstOfBucket = row_number().over(inBucketOrder).equalTo(1)
        .or(not(lag(col(Columns.BUCKET), 1).over(inBucketOrder).eqNullSafe(col(Columns.BUCKET))));
    return rows.withColumn(SPLIT_SUM, sum(when(firstOfBucket, col(Columns.SHARE))).over(split));
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

    /** The same range for a day known on the driver (a file's statistics or directory name); null is not in it. */
    boolean contains(LocalDate day) {
      return day != null && !day.isBefore(earliest) && !day.isAfter(latest);
    }
  }

  static List<Rule> profileRules(TableSchema contract, LocalDate asOf, Plausible plausible) {
    return commonRules(contract, Columns.SNAPSHOT_DATE, asOf, plausible);
  }

  /**
   * After the common rules: an unknown dimension, a share outside 0-1, an unknown creator, then a split whose
   * shares do not sum to 1 within {@code tolerance} (every row of such a split is quarantined: a split with a
   * missing or wrong bucket cannot be trusted in any bucket).
   */
  static List<Rule> audienceRules(TableSchema contract, LocalDate asOf, Plausible plausible, double tolerance) {
    List<Rule> rules = commonRules(contract, Columns.SNAPSHOT_DATE, asOf, plausible);
    rules.add(new Rule(QuarantineReason.UNKNOWN_DIMENSION.name(),
        not(col(Columns.DIMENSION).isin(Dimension.labels().toArray())),
        concat(lit("dimension '"), col(AS_READ + Columns.DIMENSION), lit("' is not one of "
            + String.join(", ", Dimension.labels())))));
    rules.add(new Rule(QuarantineReason.SHARE_OUT_OF_RANGE.name(),
        col(Columns.SHARE).lt(0).or(col(Columns.SHARE).gt(1)).or(isnan(col(Columns.SHARE))),
        concat(lit("share = "), col(Columns.SHARE).cast("string"), lit(" is outside 0-1"))));
    rules.add(new Rule(QuarantineReason.UNKNOWN_CREATOR.name(), col(KNOWN).isNull(),
        concat(lit("creator_id '"), col(Columns.CREATOR_ID), lit("' has no valid profile up to the as-of date"))));
    // The miss is compared at SPLIT_SUM_DECIMALS: a sum of doubles depends on the order of its terms in the last
    // bits, so a split exactly at the tolerance (0.025 + 0.366 + 0.344 + 0.2 + 0.045 = 0.98, 1 - 0.98 being
    // 0.020000000000000018 in doubles) was kept or quarantined by the order a shuffle delivered its rows in.
    rules.add(new Rule(QuarantineReason.SPLIT_NOT_SUMMING_TO_ONE.name(),
        round(abs(col(SPLIT_SUM).minus(1)), SPLIT_SUM_DECIMALS).gt(tolerance).or(isnan(col(SPLIT_SUM))),
        concat(lit("the "), col(Columns.DIMENSION), lit(" shares of "), col(Columns.CREATOR_ID), lit(" on "),
            col(Columns.SNAPSHOT_DATE).cast("string"), lit(" sum to "), format_number(col(SPLIT_SUM), 4),
            lit(", not 1 within " + tolerance + " (" + InputLimits.AUDIENCE_SHARE_TOLERANCE.name() + ")"))));
    return rules;
  }

  /**
   * After the common rules: an observation before its post, an unknown creator, then, when some id is on two
   * platforms ({@code platformConflicts}), a post of such an id that names the platform the id does not stand for.
   * A post naming another platform than its creator's profiles alone stays the creator's (a vendor's spelling of
   * the platform); only an id on two accounts makes the platform decide whose post it is.
   */
  static List<Rule> postRules(TableSchema contract, LocalDate asOf, Plausible plausible, boolean platformConflicts) {
    List<Rule> rules = commonRules(contract, Columns.OBSERVED_DATE, asOf, plausible);
    rules.add(new Rule(QuarantineReason.OBSERVED_BEFORE_POSTED.name(),
        col(Columns.OBSERVED_DATE).lt(to_date(col(Columns.POSTED_AT))),
        concat(lit("observed_date "), col(Columns.OBSERVED_DATE).cast("string"), lit(" is before posted_at "),
            col(Columns.POSTED_AT).cast("string"))));
    rules.add(new Rule(QuarantineReason.UNKNOWN_CREATOR.name(), col(KNOWN).isNull(),
        concat(lit("creator_id '"), col(Columns.CREATOR_ID), lit("' has no valid profile up to the as-of date"))));
    if (platformConflicts) {
      rules.add(platformConflict());
    }
    return rules;
  }

  /**
   * A profile or post row of a creator id on two platforms that names the platform the id does not stand for: the
   * id's first valid snapshot decides which (the contract's ids are unique across platforms, so a second platform's
   * rows are another account that would otherwise pass for a duplicate of the first one's days).
   */
  static Rule platformConflict() {
    return new Rule(QuarantineReason.PLATFORM_CONFLICT.name(),
        col(ON_TWO_PLATFORMS).and(col(Columns.PLATFORM).notEqual(col(KNOWN_PLATFORM))),
        concat(lit("creator_id '"), col(Columns.CREATOR_ID), lit("' is an account on "), col(KNOWN_PLATFORM),
            lit(" (its first valid snapshot), not on "), col(Columns.PLATFORM),
            lit(": creator ids must be unique across platforms")));
  }

  /**
   * Unparseable date directories, implausible dates of the row's own date, rows after the as-of date, values not
   * readable as their type, nulls in required columns, other implausible dates, negative counts, implausible counts;
   * in that order. A row dated after the as-of date is left for the batch of its date whatever else is wrong with
   * it, so that every row is quarantined by exactly one batch; an implausible date of its own comes first, so a row
   * dated 9999-12-31 is quarantined rather than left for a later run that will never come.
   */
  private static List<Rule> commonRules(TableSchema contract, String dateColumn, LocalDate asOf,
      Plausible plausible) {
    List<Rule> rules = new ArrayList<>();
    rules.add(new Rule(QuarantineReason.UNPARSEABLE_VALUE.name(),
        col(PATH_RAW).isNotNull().and(col(dateColumn).isNull()),
        concat(lit(dateColumn + " '"), col(PATH_RAW), lit("' in the directory name is not a date (yyyy-MM-dd)"))));
    List<Rule> implausibleDates = new ArrayList<>();
    for (TableSchema.ColumnSpec c : contract.columns()) {
      boolean isDate = c.type().equals(DataTypes.DateType);
      if (isDate || c.type().equals(DataTypes.TimestampType)) {
        Column day = isDate ? col(c.name()) : to_date(col(c.name()));
        implausibleDates.add(new Rule(QuarantineReason.IMPLAUSIBLE_DATE.name(), not(plausible.day(day)),
            concat(lit(c.name() + " "), col(c.name()).cast("string"), when(day.lt(lit(plausible.earliest())),
                lit(" is before " + plausible.earliest() + " (" + InputLimits.EARLIEST_DATE.name() + ")"))
                .otherwise(lit(" is after " + plausible.latest() + " (the day of the run plus "
                    + InputLimits.FUTURE_DAYS.name() + ")")))));
      }
    }
    int own = contract.columnNames().stream().filter(n -> contract.column(n).type().equals(DataTypes.DateType)
        || contract.column(n).type().equals(DataTypes.TimestampType)).toList().indexOf(dateColumn);
    rules.add(implausibleDates.remove(own));
    // A null date is neither implausible nor after anything: such a row falls through to NULL_REQUIRED.
    rules.add(new Rule(BEYOND_AS_OF, col(dateColumn).gt(lit(asOf)), lit("dated after the as-of date")));
    // Before the nulls: such a value was read as null, and the row should say what it held.
    rules.add(new Rule(QuarantineReason.UNPARSEABLE_VALUE.name(), col(RawInputReader.UNREADABLE).isNotNull(),
        col(RawInputReader.UNREADABLE)));
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
    rules.addAll(implausibleDates);
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
    return flag(rows, null, null, rules);
  }

  /** Flags the rows no earlier rule flagged with the first of {@code rules} they break; the others keep theirs. */
  static Dataset<Row> flagUnflagged(Dataset<Row> flagged, List<Rule> rules) {
    Column earlier = col(REASON).isNotNull();
    return flag(flagged, when(earlier, col(REASON)), when(earlier, col(DETAIL)), rules);
  }

  private static Dataset<Row> flag(Dataset<Row> rows, Column reason, Column detail, List<Rule> rules) {
    for (Rule r : rules) {
      reason = reason == null ? when(r.when(), lit(r.reason())) : reason.when(r.when(), lit(r.reason()));
      detail = detail == null ? when(r.when(), r.detail()) : detail.when(r.when(), r.detail());
    }
    // Both from the rows as they come (withColumns), so that the detail's condition reads the earlier reason.
    return rows.withColumns(Map.of(REASON, reason, DETAIL, detail));
  }

  private static Outcomes outcomes(Dataset<Row> flagged, String table, List<InputFile> files, boolean observed) {
    return observed
        ? Outcomes.observed(flagged, table + "_outcomes", files.stream().mapToLong(InputFile::rowCount).sum())
        : Outcomes.counted(flagged);
  }

  /**
   * A batch's rows by outcome for the progress line, e.g. "29214 (29000 valid; NULL_REQUIRED 165, ...; 49 after the
   * as-of date)": the quarantine reasons by name, the rows left for a later batch in words.
   */
  static String byOutcome(Map<String, Long> byReason) {
    long all = byReason.values().stream().mapToLong(Long::longValue).sum();
    String flagged = byReason.entrySet().stream().filter(e -> e.getKey() != null && !e.getKey().equals(BEYOND_AS_OF))
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
    long later = byReason.getOrDefault(BEYOND_AS_OF, 0L);
    return all + " (" + byReason.getOrDefault(null, 0L) + " valid" + (flagged.isEmpty() ? "" : "; " + flagged)
        + (later == 0 ? "" : "; " + later + " after the as-of date") + ")";
  }

  /**
   * The batch's valid profiles in curated_profiles' columns, one observation each; the merge into the table
   * collapses a creator-day's rows (the winner order is declared in schemas/output/curated_profiles.json).
   */
  private static Dataset<Row> curatedProfileRows(Dataset<Row> flagged) {
    return flagged.filter(col(REASON).isNull()).withColumn(Columns.OBSERVATIONS, lit(1));
  }

  /**
   * The batch's valid post observations in curated_posts' columns, one observation each, with the posted day and
   * the tags {@link #normalisePosts} computed. The tags are kept: engagement and creator_brands read them for every
   * post of their windows on every run, instead of parsing the captions again (engagement at 50,000 creators:
   * 49.3 s against 52.6 s).
   */
  private static Dataset<Row> curatedPostRows(Dataset<Row> flagged) {
    return flagged.filter(col(REASON).isNull()).withColumn(Columns.OBSERVATIONS, lit(1))
        .withColumn(Columns.POSTED_DATE, to_date(col(Columns.POSTED_AT)));
  }

  /**
   * The flagged rows narrowed to their outcome and, on quarantined rows only, their quarantine row. Spark's observed
   * metrics ({@link Outcomes#observed}) split the generated code where they sit and copy every row across; narrowed,
   * a valid row crosses as a null reason and a null, not as a post with its caption.
   */
  private static Dataset<Row> narrowedToOutcome(Dataset<Row> flagged, TableSchema contract) {
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
    Column quarantined = col(REASON).isNotNull().and(col(REASON).notEqual(BEYOND_AS_OF));
    return flagged.select(col(REASON), when(quarantined, struct(lit(contract.table()).as("input_table"),
        col(REASON).as("reason"), col(DETAIL).as("detail"), col(SOURCE_FILE).as("source_file"),
        to_json(struct(recordFields.toArray(new Column[0]))).as("record"))).as(QUARANTINE_ROW));
  }

  private static Dataset<Row> quarantineRows(Dataset<Row> narrowed) {
    return narrowed.filter(col(QUARANTINE_ROW).isNotNull()).select(col(QUARANTINE_ROW + ".*"));
  }

  /**
   * The batch's accounting of one input table. Checks that the rows Spark read of files read whole match their
   * Parquet footers, and that the curated table gained exactly the batch's valid rows as observations.
   */
  private static Accounting account(String table, List<IngestLog.Read> reads, List<InputFile> files,
      Map<String, Long> byReason, FactMerge.Merged merged) {
    long read = byReason.values().stream().mapToLong(Long::longValue).sum();
    if (reads.stream().allMatch(r -> r.after() == null)) {
      long footers = files.stream().mapToLong(InputFile::rowCount).sum();
      if (footers != read) {
        throw new IllegalStateException(table + ": Spark read " + read + " rows but the Parquet footers hold "
            + footers);
      }
    }
    long valid = byReason.getOrDefault(null, 0L);
    if (merged.observationsAdded() != valid) {
      throw new IllegalStateException(table + ": " + valid + " valid rows but the curated table gained "
          + merged.observationsAdded() + " observations");
    }
    Map<String, Long> quarantined = new LinkedHashMap<>();
    byReason.forEach((reason, n) -> {
      if (reason != null && !reason.equals(BEYOND_AS_OF)) {
        quarantined.put(reason, n);
      }
    });
    long kept = merged.keysAdded();
    long updated = merged.keysUpdated();
    return new Accounting(table, read, kept, valid - kept - updated, quarantined,
        byReason.getOrDefault(BEYOND_AS_OF, 0L), updated);
  }

  private Dataset<Row> accountingRows(List<Accounting> all) {
    List<Row> rows = new ArrayList<>();
    for (Accounting a : all) {
      rows.add(RowFactory.create(a.table(), "read", null, a.read()));
      rows.add(RowFactory.create(a.table(), "kept", null, a.kept()));
      rows.add(RowFactory.create(a.table(), "updated", null, a.updated()));
      rows.add(RowFactory.create(a.table(), "duplicates", null, a.duplicates()));
      rows.add(RowFactory.create(a.table(), "after_as_of", null, a.beyondAsOf()));
      a.quarantinedByReason().forEach((reason, n) -> rows.add(RowFactory.create(a.table(), "quarantined", reason, n)));
    }
    StructType schema = Tables.output(Tables.INGEST_ACCOUNTING).fileStructType();
    return spark.createDataFrame(rows, schema).coalesce(1);
  }
}
