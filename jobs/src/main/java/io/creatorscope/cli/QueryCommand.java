package io.creatorscope.cli;

import io.creatorscope.common.Sparks;
import io.creatorscope.common.UserError;
import io.creatorscope.query.DateSelection;
import io.creatorscope.query.OutputCatalog;
import io.creatorscope.query.OutputCatalog.OutputTable;
import io.creatorscope.query.SqlQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code query}: SQL over the output tables, each registered as a view named after it. */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = "Run one read-only SQL statement (Spark SQL) over the output tables: a query, DESCRIBE of a "
        + "table or EXPLAIN of a query. Every table under --output is a view "
        + "named after it (e.g. creator_engagement), over its latest as_of_date unless --all-dates or --as-of; "
        + "the as_of_date column is always there. --tables lists the tables, their columns and dates.")
public final class QueryCommand implements Callable<Integer> {
  /** How many dates --tables lists one by one before it gives the range. */
  private static final int DATES_LISTED = 10;

  @Parameters(arity = "0..1", paramLabel = "SQL", description = "The statement, e.g. \"SELECT * FROM quarantine\".")
  String sql;

  @Option(names = "--file", description = "Read the statement from this file instead.")
  String file;

  @Option(names = "--output", required = true, description = "Output location holding the tables.")
  String output;

  @Option(names = "--all-dates", description = "Views over every as_of_date instead of the latest.")
  boolean allDates;

  @Option(names = "--as-of", converter = Dates.class, description = "Views over this as_of_date instead of the latest.")
  LocalDate asOf;

  @Option(names = "--tables", description = "List the tables, their columns and their as_of_dates; run nothing.")
  boolean listTables;

  @Option(names = "--limit", defaultValue = "1000",
      description = "Rows shown at most (default ${DEFAULT-VALUE}, at most " + SqlQuery.MAX_LIMIT + ").")
  int limit;

  @Mixin TextOutputOptions textOutput = new TextOutputOptions();

  @Override
  public Integer call() {
    TextTable.Format textFormat = textOutput.format();
    if (allDates && asOf != null) {
      throw new UserError("--all-dates and --as-of exclude each other");
    }
    if (listTables && (sql != null || file != null || textFormat != TextTable.Format.TABLE)) {
      throw new UserError("--tables takes no statement, no --file and no --format");
    }
    String statement = listTables ? null : statement();
    // A session of its own (its views are this statement's), made the active one while it runs: Spark resolves a
    // catalog with the active session's configuration, where an Iceberg output's catalog is registered.
    scala.Option<SparkSession> previous = SparkSession.getActiveSession();
    SparkSession spark = Sparks.withJobSettings(Sparks.forCommandLine("creatorscope query").newSession());
    SparkSession.setActiveSession(spark);
    try {
      return run(spark, statement, textFormat);
    } finally {
      if (previous.isDefined()) {
        SparkSession.setActiveSession(previous.get());
      } else {
        SparkSession.clearActiveSession();
      }
    }
  }

  private int run(SparkSession spark, String statement, TextTable.Format textFormat) {
    // A failing statement is reported in one line; the executor's own stack trace of it is noise here.
    Configurator.setLevel("org.apache.spark.executor.Executor", Level.OFF);
    Configurator.setLevel("org.apache.spark.scheduler.TaskSetManager", Level.OFF);
    OutputCatalog catalog = OutputCatalog.open(spark, output);
    if (listTables) {
      textOutput.emit(describe(catalog), catalog.tables().size() + " tables");
      return 0;
    }
    List<String> views = catalog.registerViews(selection(), OutputCatalog.namedIn(statement));
    SqlQuery.Result result = SqlQuery.run(spark, statement, limit, views);
    String table = new TextTable(result.columns(), result.rows()).render(textFormat);
    if (textFormat == TextTable.Format.TABLE && result.rows().isEmpty()) {
      table += "(no rows)\n";
    }
    if (result.truncated()) {
      System.err.println("(the first " + limit + " rows only; the query returns more: raise --limit or aggregate)");
    }
    textOutput.emit(table, result.rows().size() + " rows");
    return 0;
  }

  private String statement() {
    if ((sql == null) == (file == null)) {
      throw new UserError("give the SQL statement either as an argument or with --file (one of them)");
    }
    if (sql != null) {
      return sql;
    }
    try {
      return Files.readString(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new UserError(file + " does not exist", e);
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private DateSelection selection() {
    if (allDates) {
      return DateSelection.all();
    }
    return asOf != null ? DateSelection.of(asOf) : DateSelection.latest();
  }

  /** Per table: name, dates, grain, then its columns as an aligned table, indented. */
  static String describe(OutputCatalog catalog) {
    StringBuilder b = new StringBuilder();
    for (OutputTable t : catalog.tables()) {
      b.append(t.name()).append("  ").append(t.dateColumn()).append(": ").append(dates(t.dates()))
          .append(t.facts() ? " (one table for every as-of date)" : "").append('\n');
      t.schema().ifPresent(s -> b.append("  ").append(s.grain()).append('\n'));
      List<List<String>> rows = catalog.columns(t).stream().map(c -> List.of(c.name(), c.type(), c.doc())).toList();
      String columns = new TextTable(List.of("column", "type", "doc"), rows).render(TextTable.Format.TABLE);
      columns.lines().forEach(line -> b.append("  ").append(line).append('\n'));
      b.append('\n');
    }
    return b.toString();
  }

  private static String dates(List<LocalDate> dates) {
    if (dates.size() <= DATES_LISTED) {
      return String.join(", ", dates.stream().map(LocalDate::toString).toList());
    }
    return dates.size() + " dates from " + dates.get(0) + " to " + dates.get(dates.size() - 1);
  }
}
