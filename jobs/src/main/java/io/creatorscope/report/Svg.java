package io.creatorscope.report;

import static io.creatorscope.report.Html.esc;
import static io.creatorscope.report.Html.num;

import java.util.List;

/**
 * A minimal inline-SVG writer: the report draws its charts with these few shapes so the page needs no chart
 * library and no network. Coordinates are written with one decimal; every text is escaped.
 */
final class Svg {
  private final StringBuilder b = new StringBuilder();

  /**
   * Opens an {@code <svg>} of class {@code chart chart-KIND} (the tests count charts by it), scaling down with
   * the page through its viewBox; {@code label} is its accessible name.
   */
  Svg(String kind, int width, int height, String label) {
    b.append("<svg class=\"chart chart-").append(esc(kind)).append("\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" role=\"img\" aria-label=\"").append(esc(label)).append("\">");
  }

  Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
    b.append("<line x1=\"").append(c(x1)).append("\" y1=\"").append(c(y1)).append("\" x2=\"").append(c(x2))
        .append("\" y2=\"").append(c(y2)).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"")
        .append(num(width, 1)).append('"');
    if (dash != null) {
      b.append(" stroke-dasharray=\"").append(dash).append('"');
    }
    b.append("/>");
    return this;
  }

  Svg rect(double x, double y, double w, double h, String fill, String stroke) {
    b.append("<rect x=\"").append(c(x)).append("\" y=\"").append(c(y)).append("\" width=\"").append(c(w))
        .append("\" height=\"").append(c(h)).append("\" fill=\"").append(fill).append('"');
    if (stroke != null) {
      b.append(" stroke=\"").append(stroke).append("\" stroke-width=\"1.2\"");
    }
    b.append("/>");
    return this;
  }

  Svg circle(double cx, double cy, double r, String fill) {
    b.append("<circle cx=\"").append(c(cx)).append("\" cy=\"").append(c(cy)).append("\" r=\"").append(c(r))
        .append("\" fill=\"").append(fill).append("\" stroke=\"#fff\" stroke-width=\"1\"/>");
    return this;
  }

  /** A polyline through {x, y} points. */
  Svg polyline(List<double[]> points, String stroke, double width) {
    b.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(num(width, 1))
        .append("\" stroke-linejoin=\"round\" points=\"");
    for (double[] p : points) {
      b.append(c(p[0])).append(',').append(c(p[1])).append(' ');
    }
    b.append("\"/>");
    return this;
  }

  /** Text anchored at start, middle or end; {@code cls} is a text style of the page (t-title, t-axis, t-small). */
  Svg text(double x, double y, String anchor, String cls, String text) {
    b.append("<text x=\"").append(c(x)).append("\" y=\"").append(c(y)).append("\" text-anchor=\"").append(anchor)
        .append("\" class=\"").append(cls).append("\">").append(esc(text)).append("</text>");
    return this;
  }

  /** Opens a group whose tooltip (a {@code <title>}) shows on hover. */
  Svg group(String tooltip) {
    b.append("<g><title>").append(esc(tooltip)).append("</title>");
    return this;
  }

  Svg end() {
    b.append("</g>");
    return this;
  }

  String close() {
    return b.append("</svg>").toString();
  }

  private static String c(double v) {
    return num(v, 1);
  }
}
