package io.creatorscope.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creatorscope.common.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rows for a person or a tool: an aligned text table, CSV or JSON (an array of objects, one per row). Cells are
 * plain Java values (String, Number, Boolean, List, Map or null); JSON keeps their types, the text forms print
 * them with {@link String#valueOf}. Every command that prints rows goes through here, so the escaping of what
 * reaches a terminal ({@link #visible}) and a spreadsheet ({@link #notFormula}) is done once.
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

  /** First characters that make a spreadsheet read a cell as a formula (OWASP's list). */
  private static final String FORMULA_STARTS = "=+-@\t\r";
  private static final Pattern HANDLE = Pattern.compile("@[A-Za-z0-9_.]+");
  private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?%?");

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
    List<String> head = headers.stream().map(TextTable::visible).toList();
    List<List<String>> body = rows.stream()
        .map(row -> row.stream().map(v -> visible(String.valueOf(v))).toList())
        .toList();
    int[] width = new int[head.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = head.get(i).length();
      for (List<String> row : body) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder();
    appendAligned(b, head, width);
    for (List<String> row : body) {
      appendAligned(b, row, width);
    }
    return b.toString();
  }

  private static void appendAligned(StringBuilder b, List<String> row, int[] width) {
    for (int i = 0; i < row.size(); i++) {
      String cell = row.get(i);
      b.append(cell);
      if (i < row.size() - 1) {
        b.append(" ".repeat(width[i] - cell.length() + 2));
      }
    }
    b.append('\n');
  }

  /**
   * A cell as a terminal may show it: control characters (which would break the line, move the cursor or change
   * colours) and the bidirectional overrides (which reorder what is shown) written as Java escapes: backslash-n,
   * backslash-t, backslash-r, else backslash-u and four hex digits. The table is for reading; CSV and JSON keep
   * values exact.
   */
  static String visible(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (Character.isISOControl(c) || isBidiControl(c)) {
            b.append(String.format("\\u%04x", c));
          } else {
            b.appendCodePoint(c);
          }
        }
      }
    });
    return b.toString();
  }

  private static boolean isBidiControl(int c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
  }

  /** RFC 4180 CSV; a null cell is empty; text (not numbers) that could be a formula is neutralised. */
  private String csv() {
    StringBuilder b = new StringBuilder();
    b.append(String.join(",", headers.stream().map(TextTable::csvCell).toList())).append('\n');
    for (List<?> row : rows) {
      b.append(String.join(",", row.stream().map(TextTable::csvCell).toList())).append('\n');
    }
    return b.toString();
  }

  private static String csvCell(Object v) {
    if (v == null) {
      return "";
    }
    String text = v instanceof Number ? String.valueOf(v) : notFormula(String.valueOf(v));
    boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
    return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }

  /**
   * Text as a spreadsheet cell that cannot be a formula (OWASP, CSV injection): text starting with {@code =},
   * {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading {@code '}, which spreadsheets show as
   * text and do not evaluate. Two kinds of text stay as they are because they cannot call a function: a plain
   * number ({@code -3.5}, {@code +2}, {@code -0.50%}, {@code 1e-3}) and a handle, {@code @} followed only by
   * letters, digits, {@code _} and {@code .} ({@code @home_1fffy}).
   */
  static String notFormula(String text) {
    boolean trigger = !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0;
    if (!trigger || HANDLE.matcher(text).matches() || PLAIN_NUMBER.matcher(text).matches()) {
      return text;
    }
    return "'" + text;
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
