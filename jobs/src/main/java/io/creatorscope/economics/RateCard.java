package io.creatorscope.economics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.UserError;
import io.creatorscope.engagement.EngagementConfig;
import io.creatorscope.engagement.TierScheme;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;

/**
 * Estimated price per post, low and high USD, per platform x tier: a small CSV, {@code platform,tier,low_usd,
 * high_usd}, one row per platform and tier of the configured tier scheme. The tier edges come from the
 * {@link TierScheme}; a creator's price is interpolated within its tier by followers (see {@link #priceAt}).
 */
public final class RateCard {
  public static final String HEADER = "platform,tier,low_usd,high_usd";
  /** The card shipped for the default tier scheme, and the one for the narrow scheme (packaged into the jar). */
  public static final String DEFAULT_RESOURCE = "config/rate-card.csv";
  public static final String NARROW_RESOURCE = "config/rate-card-narrow.csv";

  /** One row of the card and the line it came from. */
  public record Rate(String platform, String tier, double lowUsd, double highUsd, int line) {}

  private final String source;
  private final TierScheme tiers;
  private final List<Rate> rates;

  private RateCard(String source, TierScheme tiers, List<Rate> rates) {
    this.source = source;
    this.tiers = tiers;
    this.rates = List.copyOf(rates);
  }

  public List<Rate> rates() {
    return rates;
  }

  public String source() {
    return source;
  }

  /**
   * The card in {@code file} (any file system Hadoop knows), or the shipped card of the default or narrow tier
   * scheme. A custom scheme has tier names no shipped card knows, so it needs a file.
   */
  public static RateCard load(Optional<String> file, TierScheme tiers, Configuration hadoopConf) {
    if (file.isPresent()) {
      Path path = new Path(file.get());
      try (InputStream in = path.getFileSystem(hadoopConf).open(path)) {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file.get(), tiers);
      } catch (IOException e) {
        throw new UserError(file.get() + ": cannot read the rate card (" + e.getMessage() + ")", e);
      }
    }
    String spec = tiers.toString();
    String resource = spec.equals(TierScheme.named("default").toString()) ? DEFAULT_RESOURCE
        : spec.equals(TierScheme.named("narrow").toString()) ? NARROW_RESOURCE : null;
    if (resource == null) {
      throw new UserError(EngagementConfig.TIERS.name() + " " + spec + " is not the default or narrow scheme, so no "
          + "shipped rate card fits it: pass --rates FILE with one row per platform and tier (format: "
          + DEFAULT_RESOURCE + ")");
    }
    try (InputStream in = RateCard.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("rate card resource not found on the classpath: " + resource);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource, tiers);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  /**
   * Parses a card: the header, then {@code platform,tier,low_usd,high_usd} rows; blank lines and lines starting
   * with {@code #} are skipped. Every platform named must have exactly one row per tier of {@code tiers}. Any
   * problem is a one-line user error naming the source and the line.
   */
  public static RateCard parse(String text, String source, TierScheme tiers) {
    List<String> tierNames = tiers.names();
    List<Rate> rates = new ArrayList<>();
    Map<String, Map<String, Integer>> linesByPlatform = new LinkedHashMap<>();
    boolean header = false;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int n = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (!header) {
        if (!line.replace(" ", "").equalsIgnoreCase(HEADER)) {
          throw error(source, n, "expected the header '" + HEADER + "', got '" + line + "'");
        }
        header = true;
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 4) {
        throw error(source, n, "expected 4 fields " + HEADER + ", got " + f.length + " in '" + line + "'");
      }
      String platform = f[0].strip().toLowerCase();
      String tier = f[1].strip();
      if (platform.isEmpty()) {
        throw error(source, n, "missing platform");
      }
      if (!EconomicsConfig.PLATFORMS.contains(platform)) {
        throw error(source, n, "unknown platform '" + f[0].strip() + "' (known: "
            + String.join(", ", EconomicsConfig.PLATFORMS) + ")");
      }
      if (tier.isEmpty()) {
        throw error(source, n, "missing tier (tiers: " + String.join(", ", tierNames) + ")");
      }
      if (!tierNames.contains(tier)) {
        throw error(source, n, "unknown tier '" + tier + "' (tiers of the scheme " + tiers + ": "
            + String.join(", ", tierNames) + ")");
      }
      double low = price(source, n, "low_usd", f[2]);
      double high = price(source, n, "high_usd", f[3]);
      if (low > high) {
        throw error(source, n, "low_usd " + f[2].strip() + " is above high_usd " + f[3].strip());
      }
      Integer earlier = linesByPlatform.computeIfAbsent(platform, p -> new LinkedHashMap<>()).putIfAbsent(tier, n);
      if (earlier != null) {
        throw error(source, n, platform + " " + tier + " is priced twice (first on line " + earlier + ")");
      }
      rates.add(new Rate(platform, tier, low, high, n));
    }
    if (!header) {
      throw new UserError(source + ": empty rate card; expected the header '" + HEADER + "' and one row per "
          + "platform and tier");
    }
    for (Map.Entry<String, Map<String, Integer>> e : linesByPlatform.entrySet()) {
      for (String tier : tierNames) {
        if (!e.getValue().containsKey(tier)) {
          int first = e.getValue().values().iterator().next();
          throw error(source, first, "platform " + e.getKey() + " has no row for tier '" + tier
              + "' (every platform needs one row per tier: " + String.join(", ", tierNames) + ")");
        }
      }
    }
    if (rates.isEmpty()) {
      throw new UserError(source + ": the rate card has a header but no rates");
    }
    return new RateCard(source, tiers, rates);
  }

  private static double price(String source, int line, String column, String text) {
    double v;
    try {
      v = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw error(source, line, column + " '" + text.strip() + "' is not a number");
    }
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw error(source, line, column + " '" + text.strip() + "' is not a number");
    }
    if (v <= 0) {
      throw error(source, line, column + " " + text.strip() + " is not a positive price");
    }
    return v;
  }

  private static UserError error(String source, int line, String what) {
    return new UserError(source + " line " + line + ": " + what);
  }

  /**
   * The follower range a tier's prices are spread over, {lower, upper}. The lower edge is the tier's lower bound
   * (1 follower for a tier starting at 0, where a logarithm has no value). The top tier is open-ended: its upper
   * edge is taken one tier-width above its lower bound (the ratio of the edges of the tier below, e.g. 1M-10M
   * after 100k-1M), and larger accounts are priced as at that edge.
   */
  static double[] edges(TierScheme scheme, String tier) {
    List<TierScheme.Tier> t = scheme.tiers();
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).name().equals(tier)) {
        double lower = Math.max(1, t.get(i).minFollowers());
        if (i + 1 < t.size()) {
          return new double[] {lower, t.get(i + 1).minFollowers()};
        }
        double ratio = i == 0 ? 10 : lower / Math.max(1, t.get(i - 1).minFollowers());
        return new double[] {lower, lower * ratio};
      }
    }
    throw new IllegalArgumentException("no tier " + tier + " in " + scheme);
  }

  /**
   * The price per post of a creator, as a Spark expression (null for a platform the card does not price). Its
   * position in its tier is t = ln(followers / lower) / ln(upper / lower), clamped to [0, 1]; the price at a
   * position x is low x (high / low)^x, log-linear from the card's low at the lower edge to its high at the upper
   * edge. This returns the price at t + {@code shift} on that line: the price range of a creator is priceAt(-band)
   * to priceAt(+band). The shifted position is not clamped, so where adjacent tiers' prices meet (one tier's high
   * is the next one's low, as on the shipped cards) a creator's range does not jump at a tier edge.
   */
  public Column priceAt(Column platform, Column tier, Column followers, double shift) {
    Column params = null;
    for (Rate r : rates) {
      double[] e = edges(tiers, r.tier());
      Column p = struct(lit(Math.log(r.lowUsd())).as("ln_low"), lit(Math.log(r.highUsd() / r.lowUsd())).as("ln_span"),
          lit(e[0]).as("lower"), lit(Math.log(e[1] / e[0])).as("ln_width"));
      Column when = platform.equalTo(r.platform()).and(tier.equalTo(r.tier()));
      params = params == null ? when(when, p) : params.when(when, p);
    }
    Column position = coalesce(log(followers.cast("double").divide(params.getField("lower")))
        .divide(params.getField("ln_width")), lit(0.0));
    Column x = least(lit(1.0), greatest(lit(0.0), position)).plus(shift);
    return exp(params.getField("ln_low").plus(x.multiply(params.getField("ln_span"))));
  }

  /** The source and every rate, for the run manifest. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(source).append(':');
    for (Rate r : rates) {
      b.append(' ').append(r.platform()).append('/').append(r.tier()).append('=').append(r.lowUsd()).append('-')
          .append(r.highUsd());
    }
    return b.toString();
  }
}
