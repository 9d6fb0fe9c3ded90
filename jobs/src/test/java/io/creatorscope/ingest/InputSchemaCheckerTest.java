package io.creatorscope.ingest;

import static io.creatorscope.testing.RawInputs.day;
import static io.creatorscope.testing.RawInputs.noon;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.cli.Main;
import io.creatorscope.common.Tables;
import io.creatorscope.common.UserError;
import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.DuckDb;
import io.creatorscope.testing.RawInputs;
import io.creatorscope.testing.SparkJobs;
import io.creatorscope.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputSchemaCheckerTest extends SparkTestBase {
  @TempDir Path tmp;

  private InputSchemaChecker checker() {
    return new InputSchemaChecker(spark.sparkContext().hadoopConfiguration());
  }

  /** An input of creator a's day-1 profile and an empty posts/ folder for a test to write into; returns the folder. */
  private Path withOneProfileAndNoPosts(Path in) throws java.io.IOException {
    new RawInputs(spark).profile("a", "instagram", "food", 1000L, day(1)).writeTo(in);
    Path posts = in.resolve("posts");
    try (java.util.stream.Stream<Path> old = Files.list(posts)) {
      for (Path f : old.toList()) {
        Files.delete(f);
      }
    }
    return posts;
  }

  private RawInputs oneOfEach() {
    return new RawInputs(spark)
        .profile("a", "instagram", "food", 1000L, day(1))
        .post("p1", "a", noon(1), 10L, 1L, day(1));
  }

  @Test
  void missingRequiredColumnNamesFileColumnAndExpectedType() {
    RawInputs in = oneOfEach();
    in.profilesFrame().drop("followers").write().parquet(tmp.resolve("profiles").toString());
    UserError e = assertThrows(UserError.class,
        () -> checker().check(tmp.resolve("profiles").toString(), Tables.input(Tables.PROFILES)));
    assertTrue(e.getMessage().contains(".parquet: required column 'followers' is missing (expected bigint)"),
        e.getMessage());
  }

  /**
   * Column names are matched ignoring case, as Spark, Hive and Trino match them: a file spelling CREATOR_ID and
   * Followers is read, its date statistics included; one holding creator_id twice in two spellings is refused.
   */
  @Test
  void columnNamesMatchIgnoringCaseAndTwoSpellingsOfOneAreRefused() {
    Path upper = tmp.resolve("upper");
    new RawInputs(spark).profile("a", "instagram", "food", 1000L, day(1)).profile("b", "tiktok", "pets", 2000L, day(3))
        .profilesFrame().withColumnRenamed("creator_id", "CREATOR_ID").withColumnRenamed("followers", "Followers")
        .withColumnRenamed("snapshot_date", "Snapshot_Date").write().parquet(upper.toString());
    java.util.List<InputFile> files = checker().check(upper.toString(), Tables.input(Tables.PROFILES));
    assertEquals(day(3), files.stream().map(InputFile::newestDate).max(java.time.LocalDate::compareTo).orElseThrow(),
        "from the statistics of Snapshot_Date");
    assertEquals(java.util.List.of("a,1000," + day(1), "b,2000," + day(3)),
        new RawInputReader(spark).read(files, Tables.input(Tables.PROFILES)).orderBy("creator_id")
            .select(org.apache.spark.sql.functions.concat_ws(",", col("creator_id"), col("followers"),
                col("snapshot_date")))
            .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());

    Path twice = tmp.resolve("twice");
    spark.conf().set("spark.sql.caseSensitive", "true");
    try {
      oneOfEach().profilesFrame().withColumn("Creator_Id", col("creator_id")).write().parquet(twice.toString());
    } finally {
      spark.conf().unset("spark.sql.caseSensitive");
    }
    UserError e = assertThrows(UserError.class,
        () -> checker().check(twice.toString(), Tables.input(Tables.PROFILES)));
    assertTrue(e.getMessage().contains(".parquet: column 'creator_id' is there 2 times, as 'creator_id', "
        + "'Creator_Id' (column names are matched ignoring case); keep one"), e.getMessage());
  }

  /**
   * Unsigned counts, as DuckDB and pyarrow write them, are read with their values (3,000,000,000 does not fit a
   * signed 32-bit integer; Spark reads an unsigned 64-bit integer as a decimal).
   */
  @Test
  void unsignedCountsAreReadWithTheirValues() throws Exception {
    Path ok = tmp.resolve("ok");
    Files.createDirectories(ok);
    DuckDb.execute("COPY (SELECT 'p1' AS post_id, 'a' AS creator_id, 'tiktok' AS platform, TIMESTAMP '2026-10-01 "
        + "12:00:00' AS posted_at, 3000000000::UINTEGER AS likes, 65000::USMALLINT AS comments, 200::UTINYINT AS "
        + "shares, 9000000000000000000::UBIGINT AS views, DATE '2026-10-02' AS observed_date) TO '"
        + ok.resolve("p.parquet") + "' (FORMAT parquet)");
    java.util.List<InputFile> files = checker().check(ok.toString(), Tables.input(Tables.POSTS));
    org.apache.spark.sql.Row r = new RawInputReader(spark).read(files, Tables.input(Tables.POSTS))
        .select("likes", "comments", "shares", "views").first();
    assertEquals(java.util.List.of(3_000_000_000L, 65_000L, 200L, 9_000_000_000_000_000_000L),
        java.util.List.of(r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3)));
  }

  /**
   * The scan takes its schema from the footer the check already read: reading the checked files starts no Spark
   * job (without a schema Spark starts one to read a footer again), and each contract column has the type Spark
   * itself infers from the file, here for types several writers use (unsigned, nanosecond, decimal).
   */
  @Test
  void checkedFilesAreReadInTheTypesSparkInfersWithoutAJob() throws Exception {
    Path in = tmp.resolve("typed");
    Files.createDirectories(in);
    DuckDb.execute("COPY (SELECT 'p1' AS Post_Id, 7::BIGINT AS creator_id, 'tiktok' AS platform, "
        + "TIMESTAMP_NS '2026-10-01 12:00:00' AS posted_at, 3000000000::UINTEGER AS likes, "
        + "12::DECIMAL(10, 2) AS comments, 2::UTINYINT AS shares, 'extra' AS not_in_the_contract, "
        + "DATE '2026-10-02' AS observed_date) TO '" + in.resolve("p.parquet") + "' (FORMAT parquet)");
    java.util.List<InputFile> files = checker().check(in.toString(), Tables.input(Tables.POSTS));
    org.apache.spark.sql.types.StructType inferred = spark.read().parquet(in.toString()).schema();
    java.util.List<org.apache.spark.sql.Dataset<org.apache.spark.sql.Row>> read = new java.util.ArrayList<>();
    assertEquals(0, SparkJobs.startedBy(spark,
        () -> read.add(new RawInputReader(spark).read(files, Tables.input(Tables.POSTS)))),
        "Spark jobs started to read the checked files");
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows = read.get(0);
    java.util.List<String> contractColumns = java.util.List.of("Post_Id", "creator_id", "platform", "posted_at",
        "likes", "comments", "shares", "observed_date");
    java.util.function.Function<org.apache.spark.sql.types.StructField, String> typed =
        f -> f.name() + " " + f.dataType().simpleString();
    assertEquals(java.util.Arrays.stream(inferred.fields()).filter(f -> contractColumns.contains(f.name()))
            .map(typed).toList(),
        java.util.Arrays.stream(new RawInputReader(spark).fileColumns(files.get(0)).fields()).map(typed).toList(),
        "as Spark infers them");
    org.apache.spark.sql.Row r = rows.select("post_id", "creator_id", "likes", "comments", "shares").first();
    assertEquals(java.util.List.of("p1", "7", 3_000_000_000L, 12L, 2L),
        java.util.List.of(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)));
  }

  /**
   * Numeric ids, as platforms number accounts and posts and pandas writes a column of digits (int64), signed or
   * unsigned, are read as their digits, beside files whose ids are text: a post's creator is found by those digits.
   * End to end through ingest. Ids as floating-point numbers (which hold ids above 2^53 inexactly) are refused.
   */
  @Test
  void integerIdsAreReadAsTheirDigits() throws Exception {
    Path in = tmp.resolve("in");
    Path posts = withOneProfileAndNoPosts(in);
    String observed = "TIMESTAMP '" + day(1) + " 12:00:00' AS posted_at, 10 AS likes, 1 AS comments, DATE '" + day(1)
        + "' AS observed_date";
    DuckDb.execute("COPY (SELECT 17841400000000001::BIGINT AS creator_id, 'instagram' AS platform, 'food' AS niche, "
        + "5000 AS followers, DATE '" + day(1) + "' AS snapshot_date) TO '" + in.resolve("profiles")
        .resolve("ids.parquet") + "' (FORMAT parquet)",
        "COPY (SELECT 18446744073709551615::UBIGINT AS post_id, 17841400000000001::BIGINT AS creator_id, "
            + "'instagram' AS platform, " + observed + ") TO '" + posts.resolve("big.parquet") + "' (FORMAT parquet)",
        "COPY (SELECT 42::INTEGER AS post_id, 'a' AS creator_id, 'instagram' AS platform, " + observed
            + ") TO '" + posts.resolve("small.parquet") + "' (FORMAT parquet)");
    IngestResult r = new IngestJob(spark, new IngestConfig(in.toString(), tmp.resolve("out").toString(),
        java.util.Optional.of(day(1)))).run();

    assertEquals(java.util.Map.of(), r.profiles().quarantinedByReason());
    assertEquals(java.util.Map.of(), r.posts().quarantinedByReason());
    assertEquals(java.util.List.of("18446744073709551615 17841400000000001", "42 a"),
        io.creatorscope.common.PublishedTables.readFacts(spark, tmp.resolve("out").toString(), Tables.CURATED_POSTS,
                null, null)
            .select(org.apache.spark.sql.functions.concat_ws(" ", col("post_id"), col("creator_id")).as("ids"))
            .orderBy("ids").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());

    Path floats = tmp.resolve("floats");
    Files.createDirectories(floats);
    DuckDb.execute("COPY (SELECT 42::DOUBLE AS post_id, 'a' AS creator_id, 'instagram' AS platform, " + observed
        + ") TO '" + floats.resolve("f.parquet") + "' (FORMAT parquet)");
    UserError e = assertThrows(UserError.class, () -> checker().check(floats.toString(), Tables.input(Tables.POSTS)));
    assertTrue(e.getMessage().contains("f.parquet: column 'post_id' has type DOUBLE, expected string (BINARY "
        + "(STRING), or INT64 or INT32 (integer ids, read as their digits))"), e.getMessage());
  }

  /**
   * A publication time as a count since 1970, as APIs give it (Instagram's taken_at_timestamp in seconds, others in
   * milliseconds) and exports keep it (an integer column, or digits as text): read in the unit its size tells,
   * whichever unit each file chose. A count of the wrong era reads as an implausible date, never as a wrong time.
   */
  @Test
  void epochTimesAreReadInTheUnitTheirSizeTells() throws Exception {
    Path in = tmp.resolve("in");
    Path posts = withOneProfileAndNoPosts(in);
    long seconds = noon(1).getEpochSecond();
    String rest = ", 'a' AS creator_id, 'instagram' AS platform, 10 AS likes, 1 AS comments, DATE '" + day(1)
        + "' AS observed_date";
    DuckDb.execute("COPY (SELECT post_id, posted_at::BIGINT AS posted_at" + rest + " FROM (VALUES ('s', " + seconds
        + "), ('ms', " + seconds * 1000 + "), ('us', " + seconds * 1_000_000 + "), ('ns', " + seconds * 1_000_000_000
        + "), ('old', 5)) t(post_id, posted_at)) TO '" + posts.resolve("bigint.parquet") + "' (FORMAT parquet)",
        "COPY (SELECT 'int' AS post_id, " + seconds + "::INTEGER AS posted_at" + rest + ") TO '"
            + posts.resolve("int.parquet") + "' (FORMAT parquet)",
        "COPY (SELECT post_id, posted_at" + rest + " FROM (VALUES ('text_s', ' " + seconds + "'), "
            + "('text_ms', '" + seconds * 1000 + "')) t(post_id, posted_at)) TO '" + posts.resolve("text.parquet")
            + "' (FORMAT parquet)");
    IngestResult r = new IngestJob(spark, new IngestConfig(in.toString(), tmp.resolve("out").toString(),
        java.util.Optional.of(day(1)))).run();

    assertEquals(java.util.Map.of("IMPLAUSIBLE_DATE", 1L), r.posts().quarantinedByReason());
    assertEquals(java.util.List.of("int", "ms", "ns", "s", "text_ms", "text_s", "us"),
        io.creatorscope.common.PublishedTables.readFacts(spark, tmp.resolve("out").toString(), Tables.CURATED_POSTS,
                null, null)
            .filter(col("posted_at").equalTo(org.apache.spark.sql.functions.lit(java.sql.Timestamp.from(noon(1)))))
            .select("post_id").orderBy("post_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  /**
   * Days written as numbers: yyyyMMdd (a CSV's 20261002, which pandas reads as an integer), in 32 or 64 bits or as
   * text, and counts since 1970 (here seconds), their UTC day. Their Parquet statistics do not order them as days, so
   * the default as-of date is found by reading them: day 2, the newest. A number that is no date is quarantined.
   */
  @Test
  void datesWrittenAsNumbersAreRead() throws Exception {
    Path in = tmp.resolve("in");
    Path posts = withOneProfileAndNoPosts(in);
    String profile = "'instagram' AS platform, 'food' AS niche, 5000 AS followers";
    String post = "'a' AS creator_id, 'instagram' AS platform, TIMESTAMP '" + day(1) + " 12:00:00' AS posted_at, "
        + "10 AS likes, 1 AS comments";
    DuckDb.execute("COPY (SELECT creator_id, " + profile + ", d AS snapshot_date FROM (VALUES ('b', 20261002), "
        + "('c', 20261399)) t(creator_id, d)) TO '" + in.resolve("profiles").resolve("int.parquet")
        + "' (FORMAT parquet)",
        "COPY (SELECT 'd' AS creator_id, " + profile + ", 20261002::BIGINT AS snapshot_date) TO '"
            + in.resolve("profiles").resolve("bigint.parquet") + "' (FORMAT parquet)",
        "COPY (SELECT 'e' AS creator_id, " + profile + ", '20261002' AS snapshot_date) TO '"
            + in.resolve("profiles").resolve("text.parquet") + "' (FORMAT parquet)",
        "COPY (SELECT 'p1' AS post_id, " + post + ", " + noon(2).getEpochSecond() + " AS observed_date) TO '"
            + posts.resolve("epoch.parquet") + "' (FORMAT parquet)");
    IngestResult r = new IngestJob(spark, new IngestConfig(in.toString(), tmp.resolve("out").toString(),
        java.util.Optional.empty())).run();

    assertEquals(day(2), r.asOf());
    assertEquals(java.util.Map.of("UNPARSEABLE_VALUE", 1L), r.profiles().quarantinedByReason());
    String out = tmp.resolve("out").toString();
    assertEquals(java.util.List.of("a " + day(1), "b " + day(2), "d " + day(2), "e " + day(2)),
        io.creatorscope.common.PublishedTables.readFacts(spark, out, Tables.CURATED_PROFILES, null, null)
            .select(org.apache.spark.sql.functions.concat_ws(" ", col("creator_id"), col("snapshot_date")).as("row"))
            .orderBy("row").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    assertEquals(java.util.List.of("p1 " + day(2)),
        io.creatorscope.common.PublishedTables.readFacts(spark, out, Tables.CURATED_POSTS, null, null)
            .select(org.apache.spark.sql.functions.concat_ws(" ", col("post_id"), col("observed_date")))
            .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    assertEquals(java.util.List.of("snapshot_date = 20261399 is not a date (yyyyMMdd, or a count since 1970)"),
        io.creatorscope.common.PublishedTables.readPartition(spark, out, Tables.QUARANTINE, day(2)).select("detail")
            .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  /**
   * Nanosecond timestamps, pandas' default through pyarrow (DuckDB's TIMESTAMP_NS here), are read as whole
   * microseconds; Spark 3.5 alone cannot read them.
   */
  @Test
  void nanosecondTimestampsAreReadAsMicroseconds() throws Exception {
    Path in = tmp.resolve("nanos");
    Files.createDirectories(in);
    DuckDb.execute("COPY (SELECT 'p1' AS post_id, 'a' AS creator_id, 'tiktok' AS platform, "
        + "TIMESTAMP_NS '2026-10-01 12:00:00.123456789' AS posted_at, 10::BIGINT AS likes, 1::BIGINT AS comments, "
        + "DATE '2026-10-02' AS observed_date) TO '" + in.resolve("p.parquet") + "' (FORMAT parquet)");
    java.util.List<InputFile> files = checker().check(in.toString(), Tables.input(Tables.POSTS));
    assertEquals(java.time.Instant.parse("2026-10-01T12:00:00.123456Z"), new RawInputReader(spark)
        .read(files, Tables.input(Tables.POSTS)).select("posted_at").first().get(0));
  }

  /**
   * A snapshot_date written as a timestamp (pandas' datetime64, in any unit, with or without time zone) stands for
   * its UTC day, in the rows and in the statistics runs take their default as-of date from and skip files by.
   */
  @Test
  void timestampsForADateColumnGiveTheirUtcDay() throws Exception {
    String[][] kinds = {{"TIMESTAMP", "2026-10-02 23:30:00"}, {"TIMESTAMP_NS", "2026-10-02 23:30:00.5"},
        {"TIMESTAMP_MS", "2026-10-02 00:00:00"}, {"TIMESTAMPTZ", "2026-10-02 23:30:00+00"}};
    for (String[] kind : kinds) {
      Path in = tmp.resolve("ts-" + kind[0]);
      Files.createDirectories(in);
      DuckDb.execute("SET TimeZone = 'UTC'",
          "COPY (SELECT creator_id, 'tiktok' AS platform, 'food' AS niche, 100::BIGINT AS followers, "
              + "day::" + kind[0] + " AS snapshot_date FROM (VALUES ('a', '" + kind[1].replace("10-02", "10-01")
              + "'), ('b', '" + kind[1] + "')) t(creator_id, day)) TO '" + in.resolve("p.parquet")
              + "' (FORMAT parquet)");
      java.util.List<InputFile> files = checker().check(in.toString(), Tables.input(Tables.PROFILES));
      assertEquals(day(1), files.get(0).oldestDate(), kind[0] + ": from the statistics");
      assertEquals(day(2), files.get(0).newestDate(), kind[0] + ": from the statistics");
      assertEquals(java.util.List.of("a " + day(1), "b " + day(2)), new RawInputReader(spark)
          .read(files, Tables.input(Tables.PROFILES)).orderBy("creator_id")
          .select(org.apache.spark.sql.functions.concat_ws(" ", col("creator_id"), col("snapshot_date")))
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList(), kind[0]);
    }
  }

  @Test
  void incompatibleTypeNamesExpectedAndFoundType() {
    oneOfEach().postsFrame().withColumn("likes", col("likes").gt(0))
        .write().parquet(tmp.resolve("posts").toString());
    UserError e = assertThrows(UserError.class,
        () -> checker().check(tmp.resolve("posts").toString(), Tables.input(Tables.POSTS)));
    assertTrue(e.getMessage().contains("column 'likes' has type BOOLEAN, expected bigint (INT64, INT32, DOUBLE, FLOAT, "
        + "DECIMAL or a STRING of digits)"), e.getMessage());
  }

  /**
   * hashtags is a list of strings, or one text of them as a CSV leaves it ("#a #b", or pandas' "['#a', '#b']"),
   * split on blanks, commas, brackets and quotes; a list of numbers is refused.
   */
  @Test
  void hashtagsAreAListOfStringsOrOneTextOfThem() {
    Path ok = tmp.resolve("ok");
    new RawInputs(spark).contentPost("p1", "a", noon(1), null, "hi", java.util.List.of("#a"), null, day(1))
        .postsFrame().write().parquet(ok.toString());
    checker().check(ok.toString(), Tables.input(Tables.POSTS));

    Path text = tmp.resolve("text");
    new RawInputs(spark).contentPost("p1", "a", noon(1), null, "hi", null, null, day(1))
        .contentPost("p2", "a", noon(1), null, "hi", null, null, day(1))
        .contentPost("p3", "a", noon(1), null, "hi", null, null, day(1))
        .postsFrame().withColumn("hashtags", org.apache.spark.sql.functions.expr(
            "CASE post_id WHEN 'p1' THEN ' #a  #b,#c ' WHEN 'p2' THEN \"['#a', '#b']\" END"))
        .write().parquet(text.toString());
    assertEquals(java.util.List.of("p1 [#a, #b, #c]", "p2 [#a, #b]", "p3 null"), new RawInputReader(spark)
        .read(checker().check(text.toString(), Tables.input(Tables.POSTS)), Tables.input(Tables.POSTS))
        .orderBy("post_id").collectAsList().stream()
        .map(r -> r.getAs("post_id") + " " + (r.isNullAt(r.fieldIndex("hashtags")) ? "null"
            : r.getList(r.fieldIndex("hashtags")).toString())).toList());

    Path numbers = tmp.resolve("numbers");
    new RawInputs(spark).contentPost("p1", "a", noon(1), null, "hi", null, null, day(1))
        .postsFrame().withColumn("hashtags", org.apache.spark.sql.functions.expr("array(1L)")).write()
        .parquet(numbers.toString());
    UserError e = assertThrows(UserError.class,
        () -> checker().check(numbers.toString(), Tables.input(Tables.POSTS)));
    assertTrue(e.getMessage().contains("column 'hashtags' has type group hashtags (nested), expected array<string> "
        + "(LIST of BINARY (STRING), or one STRING of them)"), e.getMessage());
  }

  /**
   * Counts in floating-point and decimal columns, as pandas writes an integer column with a missing value (float64)
   * and DuckDB a sum (a decimal): whole numbers are read as counts, NaN as missing (a required count's row is then
   * NULL_REQUIRED, an optional one is null), and a row whose count is not a whole 64-bit number is quarantined as
   * UNPARSEABLE_VALUE, its detail naming the column and the value. End to end through ingest, with the accounting.
   */
  @Test
  void floatingPointAndDecimalCountsAreReadWhenWhole() throws Exception {
    Path in = tmp.resolve("in");
    Path posts = withOneProfileAndNoPosts(in);
    DuckDb.execute("COPY (SELECT post_id, 'a' AS creator_id, 'instagram' AS platform, TIMESTAMP '" + day(1)
        + " 12:00:00' AS posted_at, likes::DOUBLE AS likes, comments::FLOAT AS comments, shares::DECIMAL(18,2) AS "
        + "shares, views::DOUBLE AS views, DATE '" + day(1) + "' AS observed_date FROM (VALUES "
        + "('p1', '120', '4', '3', '900'), ('p2', 'nan', '5', '1', 'nan'), ('p3', '2.5', '1', '0', '10'), "
        + "('p4', '1e19', '1', '0', '10'), ('p5', 'inf', '1', '0', '10'), ('p6', '7', '1', '0.5', '10')) "
        + "t(post_id, likes, comments, shares, views)) TO '"
        + posts.resolve("part-0.parquet") + "' (FORMAT parquet)");
    IngestResult r = new IngestJob(spark, new IngestConfig(in.toString(), tmp.resolve("out").toString(),
        java.util.Optional.of(day(1)))).run();

    assertEquals(java.util.Map.of("NULL_REQUIRED", 1L, "UNPARSEABLE_VALUE", 4L), r.posts().quarantinedByReason());
    assertTrue(r.posts().balances());
    org.apache.spark.sql.Row p1 = io.creatorscope.common.PublishedTables.readFacts(spark,
            tmp.resolve("out").toString(), Tables.CURATED_POSTS, null, null)
        .select("post_id", "likes", "comments", "shares", "views").first();
    assertEquals("p1 120 4 3 900", p1.mkString(" "));
    assertEquals(java.util.List.of(
            "p2 NULL_REQUIRED likes is null or blank",
            "p3 UNPARSEABLE_VALUE likes = 2.5 is not a whole number",
            "p4 UNPARSEABLE_VALUE likes = 1.0E19 is beyond the 64-bit count range",
            "p5 UNPARSEABLE_VALUE likes = Infinity is not a whole number",
            "p6 UNPARSEABLE_VALUE shares = 0.50 is not a whole number"),
        io.creatorscope.common.PublishedTables.readPartition(spark, tmp.resolve("out").toString(), Tables.QUARANTINE,
                day(1))
            .select(org.apache.spark.sql.functions.concat_ws(" ",
                org.apache.spark.sql.functions.get_json_object(col("record"), "$.post_id"), col("reason"),
                col("detail")))
            .orderBy(col("record")).as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  /**
   * A column holding only nulls is read as nulls whatever its type: pyarrow writes a pandas column of None so (its
   * null type, an INT32 column to this reader), and Spark writes a null literal as its type. A required column of
   * nulls quarantines its rows as NULL_REQUIRED; a value in a mistyped column is still refused.
   */
  @Test
  void aColumnOfNullsOnlyIsReadAsNullsWhateverItsType() {
    Path in = tmp.resolve("in");
    RawInputs rows = new RawInputs(spark).profile("a", "instagram", "food", 1000L, day(1))
        .post("p1", "a", noon(1), 10L, 1L, day(1));
    rows.profilesFrame().withColumn("country", org.apache.spark.sql.functions.lit(null).cast("int"))
        .write().parquet(in.resolve("profiles").toString());
    new RawInputs(spark).profile("b", "tiktok", "pets", 2000L, day(1)).profilesFrame()
        .withColumn("followers", org.apache.spark.sql.functions.lit(null).cast("boolean"))
        .write().mode("append").parquet(in.resolve("profiles").toString());
    rows.postsFrame().withColumn("views", org.apache.spark.sql.functions.lit(null).cast("boolean"))
        .write().parquet(in.resolve("posts").toString());

    IngestResult r = new IngestJob(spark, new IngestConfig(in.toString(), tmp.resolve("out").toString(),
        java.util.Optional.of(day(1)))).run();

    assertEquals(java.util.Map.of("NULL_REQUIRED", 1L), r.profiles().quarantinedByReason());
    assertEquals(1, r.posts().kept());
    assertEquals("a null", io.creatorscope.common.PublishedTables.readFacts(spark, tmp.resolve("out").toString(),
        Tables.CURATED_PROFILES, null, null).select("creator_id", "country").first().mkString(" "));

    Path typed = tmp.resolve("typed");
    rows.postsFrame().withColumn("views", org.apache.spark.sql.functions.lit(true))
        .write().parquet(typed.toString());
    UserError e = assertThrows(UserError.class, () -> checker().check(typed.toString(), Tables.input(Tables.POSTS)));
    assertTrue(e.getMessage().contains("column 'views' has type BOOLEAN, expected bigint"), e.getMessage());
  }

  /**
   * Dates, timestamps and counts written as text, as a CSV converted to Parquet without parsing them leaves them: a
   * date as yyyy-MM-dd, a timestamp in ISO 8601 (UTC without a zone), a count as digits. Text that is not one
   * quarantines its row as UNPARSEABLE_VALUE naming the column and the text; a blank one is NULL_REQUIRED. End to
   * end through ingest.
   */
  @Test
  void datesTimestampsAndCountsWrittenAsTextAreParsed() throws Exception {
    Path in = tmp.resolve("in");
    Files.createDirectories(in.resolve("profiles"));
    Files.createDirectories(in.resolve("posts"));
    DuckDb.execute("COPY (SELECT creator_id, 'instagram' AS platform, 'food' AS niche, 1000 AS followers, "
        + "snapshot_date FROM (VALUES ('a', '" + day(1) + "'), ('a', ' " + day(2) + " '), ('b', '2026-13-01'), "
        + "('c', ''), ('d', '2026')) t(creator_id, snapshot_date)) TO '" + in.resolve("profiles/p.parquet")
        + "' (FORMAT parquet)",
        "COPY (SELECT post_id, 'a' AS creator_id, 'instagram' AS platform, posted_at, likes, "
            + "1 AS comments, '" + day(2) + "' AS observed_date FROM (VALUES ('p1', '" + day(1) + "T12:00:00Z', '10'), "
            + "('p2', '" + day(1) + " 23:30:00+02:00', ' 12.0 '), ('p3', '" + day(2) + " 08:15:30.123456', '+7'), "
            + "('p4', '" + day(1) + "', '3'), ('p5', 'yesterday', '1'), ('p6', '" + day(1) + "', '1,234'), "
            + "('p7', '" + day(1) + "', '')) t(post_id, posted_at, likes)) TO '"
            + in.resolve("posts/p.parquet") + "' (FORMAT parquet)");
    IngestResult r = new IngestJob(spark, new IngestConfig(in.toString(), tmp.resolve("out").toString(),
        java.util.Optional.of(day(2)))).run();

    assertEquals(java.util.Map.of("UNPARSEABLE_VALUE", 2L, "NULL_REQUIRED", 1L), r.profiles().quarantinedByReason());
    assertEquals(java.util.Map.of("UNPARSEABLE_VALUE", 2L, "NULL_REQUIRED", 1L), r.posts().quarantinedByReason());
    String out = tmp.resolve("out").toString();
    assertEquals(java.util.List.of("a " + day(1), "a " + day(2)), io.creatorscope.common.PublishedTables
        .readFacts(spark, out, Tables.CURATED_PROFILES, null, null).orderBy("snapshot_date")
        .select(org.apache.spark.sql.functions.concat_ws(" ", col("creator_id"), col("snapshot_date")))
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    assertEquals(java.util.List.of("p1 " + day(1) + "T12:00:00Z 10", "p2 " + day(1) + "T21:30:00Z 12",
            "p3 " + day(2) + "T08:15:30.123456Z 7", "p4 " + day(1) + "T00:00:00Z 3"),
        io.creatorscope.common.PublishedTables.readFacts(spark, out, Tables.CURATED_POSTS, null, null)
            .orderBy("post_id").collectAsList().stream()
            .map(p -> p.getAs("post_id") + " " + p.getAs("posted_at") + " " + p.getAs("likes")).toList());
    assertEquals(java.util.List.of(
            "UNPARSEABLE_VALUE likes '1,234' is not a whole 64-bit count",
            "UNPARSEABLE_VALUE posted_at 'yesterday' is not a timestamp (ISO 8601, e.g. 2026-10-01T12:00:00Z, or a "
                + "count since 1970)",
            "UNPARSEABLE_VALUE snapshot_date '2026' is not a date (yyyy-MM-dd, yyyyMMdd, or a count since 1970)",
            "UNPARSEABLE_VALUE snapshot_date '2026-13-01' is not a date (yyyy-MM-dd, yyyyMMdd, or a count since 1970)",
            "NULL_REQUIRED likes is null or blank",
            "NULL_REQUIRED snapshot_date is null or blank"),
        io.creatorscope.common.PublishedTables.readPartition(spark, out, Tables.QUARANTINE, day(2))
            .orderBy(col("reason").desc(), col("detail"))
            .select(org.apache.spark.sql.functions.concat_ws(" ", col("reason"), col("detail")))
            .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  /**
   * is_sponsored as a 0/1 integer (MySQL's TINYINT(1) booleans) or as text (true/false, yes/no, 1/0, any case): read
   * as booleans; another value quarantines its row as UNPARSEABLE_VALUE; blank text is null (not given).
   */
  @Test
  void booleansWrittenAsIntegersOrTextAreRead() throws Exception {
    Path in = tmp.resolve("in");
    Path posts = withOneProfileAndNoPosts(in);
    String post = "SELECT post_id, 'a' AS creator_id, 'instagram' AS platform, TIMESTAMP '" + day(1) + " 12:00:00' "
        + "AS posted_at, 10 AS likes, 1 AS comments, s AS is_sponsored, DATE '" + day(1) + "' AS observed_date FROM ";
    DuckDb.execute("COPY (" + post + "(VALUES ('i1', 1::TINYINT), ('i0', 0::TINYINT), ('i2', 2::TINYINT)) "
        + "t(post_id, s)) TO '" + posts.resolve("ints.parquet") + "' (FORMAT parquet)",
        "COPY (" + post + "(VALUES ('tY', 'Yes'), ('tf', ' false '), ('t?', 'maybe'), ('t_', '')) "
            + "t(post_id, s)) TO '" + posts.resolve("text.parquet") + "' (FORMAT parquet)");
    IngestResult r = new IngestJob(spark, new IngestConfig(in.toString(), tmp.resolve("out").toString(),
        java.util.Optional.of(day(1)))).run();

    assertEquals(java.util.Map.of("UNPARSEABLE_VALUE", 2L), r.posts().quarantinedByReason());
    String out = tmp.resolve("out").toString();
    assertEquals(java.util.List.of("i0 false given", "i1 true given", "tY true given", "t_ false none",
            "tf false given"),
        io.creatorscope.common.PublishedTables.readFacts(spark, out, Tables.CURATED_POSTS, null, null)
            .orderBy("post_id").select(org.apache.spark.sql.functions.concat_ws(" ", col("post_id"),
                col("is_sponsored"), col("sponsored_source")))
            .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    assertEquals(java.util.List.of("is_sponsored '2' is not a boolean (true/false, yes/no, 1/0)",
            "is_sponsored 'maybe' is not a boolean (true/false, yes/no, 1/0)"),
        io.creatorscope.common.PublishedTables.readPartition(spark, out, Tables.QUARANTINE, day(1))
            .orderBy("detail").select("detail").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  @Test
  void corruptAndNonParquetFilesAreNamed() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("posts"));
    Files.writeString(dir.resolve("export.csv"), "post_id,likes\np1,10\n");
    UserError e = assertThrows(UserError.class,
        () -> checker().check(dir.toString(), Tables.input(Tables.POSTS)));
    assertTrue(e.getMessage().contains("export.csv: not a readable Parquet file"), e.getMessage());
  }

  @Test
  void hiddenFilesAreSkippedAndEmptyFolderIsAnError() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("profiles"));
    Files.writeString(dir.resolve("_SUCCESS"), "");
    Files.writeString(dir.resolve(".part.crc"), "x");
    UserError e = assertThrows(UserError.class,
        () -> checker().check(dir.toString(), Tables.input(Tables.PROFILES)));
    assertTrue(e.getMessage().contains("no input files for table profiles"), e.getMessage());
  }

  @Test
  void commandLineReportsAUserErrorInOneLineWithExitCode2() throws Exception {
    RawInputs in = oneOfEach();
    in.writeTo(tmp.resolve("in"));
    Files.writeString(tmp.resolve("in/posts/broken.parquet"), "not parquet at all");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute("ingest", "--input", tmp.resolve("in").toString(), "--output", tmp.resolve("out").toString());
    } finally {
      System.setErr(original);
    }
    assertEquals(2, code);
    String lines = err.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.startsWith("error:")).reduce("", (a, b) -> a + b);
    assertTrue(lines.contains("broken.parquet: not a readable Parquet file"), lines);
    assertTrue(!err.toString(StandardCharsets.UTF_8).contains("\tat "), "no stack trace");
  }

  @Test
  void aColonInAFileNameIsNamedAsTheProblemNotAsAUriError() throws Exception {
    RawInputs in = oneOfEach();
    in.writeTo(tmp.resolve("in"));
    Path posts = tmp.resolve("in/posts");
    try (var files = Files.list(posts)) {
      Path part = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
      Files.move(part, posts.resolve("posts-2026-10-01T00:00:00.parquet"));
    }
    CliRun run = CliRun.of("ingest", "--input", tmp.resolve("in").toString(), "--output",
        tmp.resolve("out").toString());
    assertEquals(2, run.exitCode(), run.toString());
    assertEquals("error: file:" + posts.resolve("posts-2026-10-01T00:00:00.parquet") + ": the file name contains "
        + "':', which Hadoop file paths (and so Spark) cannot hold in a file name (HADOOP-14217); rename the file "
        + "without ':'", run.err().strip(), run.toString());
  }
}
