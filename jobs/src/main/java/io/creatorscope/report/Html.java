package io.creatorscope.report;

import java.util.Locale;

/** Escaping and number formats shared by the page and its charts. Every text from the tables goes through esc. */
final class Html {
  private Html() {}

  /** Text safe inside HTML or SVG elements and quoted attributes; null becomes empty. */
  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A rate as a percentage: 0.0391 becomes "3.91%"; NaN becomes a dash. */
  static String percent(double rate) {
    if (Double.isNaN(rate)) {
      return "–";
    }
    double p = 100 * rate;
    return String.format(Locale.ROOT, Math.abs(p) >= 10 ? "%.1f%%" : "%.2f%%", p);
  }

  /** An axis tick as a percentage without trailing zeros: 0.005 becomes "0.5%", 0.2 becomes "20%". */
  static String tickPercent(double rate) {
    String s = String.format(Locale.ROOT, "%.3f", 100 * rate);
    s = s.replaceAll("0+$", "");
    return (s.endsWith(".") ? s.substring(0, s.length() - 1) : s) + "%";
  }

  /** A count with thousands separators: 29214 becomes "29,214". */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A follower count in short form for axes: 950, 12.5k, 1.2M. */
  static String compact(double n) {
    double a = Math.abs(n);
    if (a >= 1_000_000) {
      return trim(n / 1_000_000) + "M";
    }
    if (a >= 1_000) {
      return trim(n / 1_000) + "k";
    }
    return trim(n);
  }

  /** A number with up to one decimal, without a trailing ".0". */
  private static String trim(double v) {
    String s = String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  /** A plain decimal with the given digits (SVG coordinates and scores). */
  static String num(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  /** USD with cents under 100 ("$0.45", "$12.30") and whole dollars above ("$1,250"); NaN becomes a dash. */
  static String usd(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "$%,.0f" : "$%.2f", v);
  }

  /** An axis tick in USD without trailing zeros: 0.05 becomes "$0.05", 2 becomes "$2". */
  static String tickUsd(double v) {
    String s = String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    return "$" + (s.endsWith(".") ? s.substring(0, s.length() - 1) : s);
  }
}
