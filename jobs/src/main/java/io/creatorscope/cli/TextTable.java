package io.creatorscope.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creatorscope.common.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows for a person or a tool: an aligned text table, CSV or JSON (an array of objects, one per row). Cells are
 * plain Java values (String, Number, Boolean, List, Map or null); JSON keeps their types, the text forms print
 * them with {@link String#valueOf}. Every command that prints rows goes through here.
 */
public final class TextTable {
  /** The output formats of {@code --format}. */
  public enum Format {
    TABLE, CSV, JSON;

    /** Parses a {@code --format} value (table, csv or json). */
    public static Format parse(String value) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(value)) {
          return f;
        }
      }
      throw new UserError("--format must be table, csv or json, got '" + value + "'");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> headers;
  private final List<? extends List<?>> rows;

  public TextTable(List<String> headers, List<? extends List<?>> rows) {
    for (List<?> row : rows) {
      if (row.size() != headers.size()) {
        throw new IllegalArgumentException("row of " + row.size() + " cells under " + headers.size() + " headers");
      }
    }
    this.headers = List.copyOf(headers);
    this.rows = rows;
  }

  public String render(Format format) {
    return switch (format) {
      case TABLE -> aligned();
      case CSV -> csv();
      case JSON -> json();
    };
  }

  /** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
  private String aligned() {
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = headers.get(i).length();
      for (List<?> row : rows) {
        width[i] = Math.max(width[i], String.valueOf(row.get(i)).length());
      }
    }
    StringBuilder b = new StringBuilder();
    appendAligned(b, headers, width);
    for (List<?> row : rows) {
      appendAligned(b, row, width);
    }
    return b.toString();
  }

  private static void appendAligned(StringBuilder b, List<?> row, int[] width) {
    for (int i = 0; i < row.size(); i++) {
      String cell = String.valueOf(row.get(i));
      b.append(cell);
      if (i < row.size() - 1) {
        b.append(" ".repeat(width[i] - cell.length() + 2));
      }
    }
    b.append('\n');
  }

  /** RFC 4180 CSV; a null cell is empty. */
  private String csv() {
    StringBuilder b = new StringBuilder();
    b.append(String.join(",", headers.stream().map(TextTable::csvCell).toList())).append('\n');
    for (List<?> row : rows) {
      b.append(String.join(",", row.stream().map(v -> v == null ? "" : csvCell(String.valueOf(v))).toList())).append('\n');
    }
    return b.toString();
  }

  private static String csvCell(String v) {
    boolean quote = v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r");
    return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }

  /** One object per row; a header seen before (e.g. a column of both sides of a join) gets _2, _3, ... */
  private String json() {
    List<String> keys = new ArrayList<>();
    for (String h : headers) {
      String key = h;
      for (int n = 2; keys.contains(key); n++) {
        key = h + "_" + n;
      }
      keys.add(key);
    }
    List<Map<String, Object>> objects = new ArrayList<>();
    for (List<?> row : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        m.put(keys.get(i), row.get(i));
      }
      objects.add(m);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(objects) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write rows as JSON", e);
    }
  }
}
