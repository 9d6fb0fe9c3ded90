package io.creatorscope.economics;

import io.creatorscope.common.Settings;
import io.creatorscope.common.UserError;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Settings of the economics job: how wide a creator's price range is within its tier, and the earned media value
 * (EMV) of one like, comment, share and view per platform. The platforms listed here are the ones the project can
 * price: a rate card naming another platform is refused.
 *
 * @param priceBand half-width of a creator's price range, as a share of its tier's log follower range (0-0.5)
 * @param emv USD per like, comment, share and view, per platform
 */
public record EconomicsConfig(double priceBand, Map<String, EmvValues> emv) {
  /** USD one like, comment, share and view is worth on a platform. */
  public record EmvValues(double like, double comment, double share, double view) {
    /** The value of one {@code like}, {@code comment}, {@code share} or {@code view}. */
    public double of(String measure) {
      return switch (measure) {
        case "like" -> like;
        case "comment" -> comment;
        case "share" -> share;
        case "view" -> view;
        default -> throw new IllegalArgumentException("no EMV measure " + measure);
      };
    }
  }

  /** The platforms with EMV values, hence the platforms a rate card may price. */
  public static final List<String> PLATFORMS = List.of("instagram", "tiktok", "youtube");
  public static final String PRICE_BAND = "economics.price_band";
  public static final double DEFAULT_PRICE_BAND = 0.25;
  static final List<String> MEASURES = List.of("like", "comment", "share", "view");
  /**
   * Defaults, USD per like, comment, share, view. A view is worth the platform's CPM / 1000: the 6.50 USD default
   * CPM of one vendor for Instagram and TikTok, the middle of the 15-30 USD rule of thumb for YouTube. A like is
   * worth 0.01 USD (the rate one vendor uses in its own EMV example); a comment 5 likes and a share 10 likes are
   * our assumption (more effort, more reach). Replace them with your own market's rates.
   */
  static final Map<String, EmvValues> DEFAULT_EMV = Map.of(
      "instagram", new EmvValues(0.01, 0.05, 0.10, 0.0065),
      "tiktok", new EmvValues(0.01, 0.05, 0.10, 0.0065),
      "youtube", new EmvValues(0.01, 0.05, 0.10, 0.0225));

  public static final Set<String> KEYS = keys();

  public EconomicsConfig {
    if (!(priceBand >= 0 && priceBand <= 0.5)) {
      throw new UserError(PRICE_BAND + " must be between 0 and 0.5, got " + priceBand);
    }
    for (Map.Entry<String, EmvValues> e : emv.entrySet()) {
      EmvValues v = e.getValue();
      for (double x : new double[] {v.like(), v.comment(), v.share(), v.view()}) {
        if (!(x >= 0) || Double.isInfinite(x)) {
          throw new UserError("economics.emv." + e.getKey() + ".* must be 0 or more, got " + x);
        }
      }
    }
    // sorted, so the manifest's text of the configuration (and its hash) is the same on every run
    emv = Collections.unmodifiableMap(new TreeMap<>(emv));
  }

  /** The configuration key of one EMV value, e.g. {@code economics.emv.tiktok.view}. */
  public static String emvKey(String platform, String measure) {
    return "economics.emv." + platform + "." + measure;
  }

  private static Set<String> keys() {
    Set<String> keys = new TreeSet<>();
    keys.add(PRICE_BAND);
    for (String p : PLATFORMS) {
      for (String m : MEASURES) {
        keys.add(emvKey(p, m));
      }
    }
    return Set.copyOf(keys);
  }

  public static EconomicsConfig defaults() {
    return from(Settings.empty());
  }

  public static EconomicsConfig from(Settings s) {
    Map<String, EmvValues> emv = new LinkedHashMap<>();
    for (String p : PLATFORMS) {
      EmvValues d = DEFAULT_EMV.get(p);
      double[] v = MEASURES.stream().mapToDouble(m -> s.getDouble(emvKey(p, m), d.of(m))).toArray();
      emv.put(p, new EmvValues(v[0], v[1], v[2], v[3]));
    }
    return new EconomicsConfig(s.getDouble(PRICE_BAND, DEFAULT_PRICE_BAND), emv);
  }
}
