package io.creatorscope.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps data values to pixel positions along one axis, linearly or on a log10 scale, and picks readable tick
 * values: 1-2-5 steps per decade on a log scale, a 1-2-5 multiple of a power of ten on a linear one.
 *
 * @param from pixel of {@code min}
 * @param to pixel of {@code max} (smaller than {@code from} for a y axis, which grows upward)
 */
record Scale(double min, double max, double from, double to, boolean log) {
  /** Ticks aimed at on a linear axis. */
  private static final int LINEAR_TICKS = 5;

  Scale {
    if (!(max > min)) {
      throw new IllegalArgumentException("empty scale " + min + ".." + max);
    }
    if (log && min <= 0) {
      throw new IllegalArgumentException("log scale needs positive values, got " + min);
    }
  }

  /** A log scale over [lo, hi] widened to the nearest 1-2-5 steps, or a linear one when the span is small. */
  static Scale forRates(double lo, double hi, double from, double to, double logWhenSpanAbove) {
    if (hi / lo > logWhenSpanAbove) {
      return new Scale(stepBelow(lo), stepAbove(hi), from, to, true);
    }
    double step = linearStep(lo, hi);
    double min = Math.max(0, Math.floor(lo / step - 0.5) * step);
    return new Scale(min, Math.ceil(hi / step + 0.5) * step, from, to, false);
  }

  /** A linear scale over [lo, hi] with a little room, rounded to its tick step. */
  static Scale linear(double lo, double hi, double from, double to) {
    if (hi <= lo) {
      hi = lo + Math.max(1, Math.abs(lo) * 0.05);
    }
    double step = linearStep(lo, hi);
    return new Scale(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, from, to, false);
  }

  double at(double v) {
    double share = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
        : (v - min) / (max - min);
    return from + share * (to - from);
  }

  List<Double> ticks() {
    List<Double> out = new ArrayList<>();
    if (log) {
      for (int exponent = (int) Math.floor(Math.log10(min)); Math.pow(10, exponent) <= max; exponent++) {
        for (double m : new double[] {1, 2, 5}) {
          double t = m * Math.pow(10, exponent);
          if (t >= min * 0.999 && t <= max * 1.001) {
            out.add(t);
          }
        }
      }
      return out;
    }
    double step = linearStep(min, max);
    for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
      out.add(t);
    }
    return out;
  }

  /** The 1-2-5 multiple of a power of ten that cuts [lo, hi] into about LINEAR_TICKS steps. */
  private static double linearStep(double lo, double hi) {
    double raw = (hi - lo) / LINEAR_TICKS;
    double decade = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5}) {
      if (m * decade >= raw) {
        return m * decade;
      }
    }
    return 10 * decade;
  }

  private static double stepBelow(double v) {
    double decade = Math.pow(10, Math.floor(Math.log10(v)));
    double[] steps = {5, 2, 1};
    for (double m : steps) {
      if (m * decade <= v) {
        return m * decade;
      }
    }
    return decade;
  }

  private static double stepAbove(double v) {
    double decade = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * decade >= v) {
        return m * decade;
      }
    }
    return 10 * decade;
  }
}
