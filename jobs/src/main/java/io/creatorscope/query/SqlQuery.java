package io.creatorscope.query;

import io.creatorscope.common.UserError;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkException;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;

/**
 * Runs one read-only SQL statement against a session's views and brings back at most {@code limit} rows as plain
 * Java values. A statement Spark refuses (syntax, unknown table or column, a failing function) becomes a one-line
 * {@link UserError} with Spark's own message; only the statements {@link ReadOnlyStatement} accepts run.
 */
public final class SqlQuery {
  /** The result's column names, its first rows, and whether the statement returned more rows than those. */
  public record Result(List<String> columns, List<List<Object>> rows, boolean truncated) {}

  /** Most rows a statement may bring to the driver; larger results belong in an aggregation or another table. */
  public static final int MAX_LIMIT = 1_000_000;

  private SqlQuery() {}

  /**
   * Runs {@code sql} and collects at most {@code limit} rows (one more is fetched to tell whether there are more).
   * {@code views} are the only relations the statement may read, and are named in the error for an unknown table.
   */
  public static Result run(SparkSession spark, String sql, int limit, List<String> views) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new UserError("--limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    try {
      ReadOnlyStatement.check(spark, spark.sessionState().sqlParser().parsePlan(sql), views);
      Dataset<Row> df = spark.sql(sql);
      List<Row> rows = df.limit(limit + 1).collectAsList();
      List<List<Object>> values = new ArrayList<>();
      for (Row r : rows.subList(0, Math.min(limit, rows.size()))) {
        List<Object> cells = new ArrayList<>();
        for (int i = 0; i < r.length(); i++) {
          cells.add(plain(r.get(i)));
        }
        values.add(cells);
      }
      return new Result(List.of(df.columns()), values, rows.size() > limit);
    } catch (Exception e) {
      // Exception, not RuntimeException: Scala throws the checked AnalysisException without declaring it.
      throw userErrorOf(e, views);
    }
  }

  /**
   * The one-line user error for a statement Spark refused: the innermost Spark error with an error class (the
   * one naming the problem, not the job that failed because of it), or for a failed job without one (e.g.
   * raise_error) the root cause. Anything else is a bug and is rethrown as it is.
   */
  private static RuntimeException userErrorOf(Exception e, List<String> views) {
    if (e instanceof UserError u) {
      return u;
    }
    Throwable classified = null;
    Throwable root = e;
    boolean jobFailed = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SparkThrowable s && s.getErrorClass() != null && !s.getErrorClass().startsWith("INTERNAL")) {
        classified = t;
      }
      jobFailed |= t instanceof SparkException;
      root = t;
    }
    if (classified instanceof AnalysisException a) {
      String message = firstLine(a.message());
      if (a.line().isDefined() && a.startPosition().isDefined()) {
        message += " (line " + a.line().get() + ", pos " + a.startPosition().get() + ")";
      }
      if ("TABLE_OR_VIEW_NOT_FOUND".equals(a.getErrorClass())) {
        message += " Tables: " + String.join(", ", views) + ".";
      }
      return new UserError(message, a);
    }
    if (classified != null) {
      return new UserError(firstLine(classified.getMessage()), classified);
    }
    if (jobFailed) {
      return new UserError("the query failed: " + firstLine(root.toString()), root);
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  /** The first non-blank line of a message, without a trailing semicolon. */
  static String firstLine(String message) {
    for (String line : message.split("\\R")) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty()) {
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
      }
    }
    return message.strip();
  }

  /**
   * A Spark value as a plain Java value for printing and JSON: arrays become lists, maps and structs become maps,
   * dates and timestamps their ISO text, binary base64; numbers, booleans and strings stay as they are.
   */
  static Object plain(Object v) {
    if (v instanceof Row r) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < r.length(); i++) {
        m.put(r.schema() != null ? r.schema().fields()[i].name() : "_" + (i + 1), plain(r.get(i)));
      }
      return m;
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return JavaConverters.seqAsJavaList(seq).stream().map(SqlQuery::plain).toList();
    }
    if (v instanceof scala.collection.Map<?, ?> map) {
      Map<String, Object> m = new LinkedHashMap<>();
      JavaConverters.mapAsJavaMap(map).forEach((k, x) -> m.put(String.valueOf(plain(k)), plain(x)));
      return m;
    }
    if (v instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (v instanceof Temporal || v instanceof java.util.Date) {
      return v.toString();
    }
    return v;
  }
}
