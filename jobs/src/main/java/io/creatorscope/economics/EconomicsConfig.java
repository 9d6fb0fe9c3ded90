package io.creatorscope.economics;

import io.creatorscope.common.ConfigKey;
import io.creatorscope.common.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
  static final List<String> MEASURES = List.of("like", "comment", "share", "view");
  public static final ConfigKey.Decimal PRICE_BAND = new ConfigKey.Decimal("economics.price_band", 0.25, "[0, 0.5]");
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
  /** One key per platform and measure, e.g. {@code economics.emv.tiktok.view}, each 0 or more. */
  static final Map<String, ConfigKey.Decimal> EMV_KEYS = emvKeys();

  public static final List<ConfigKey<?>> ALL = all();
  public static final Set<String> KEYS = Settings.names(ALL);

  public EconomicsConfig {
    PRICE_BAND.check(priceBand);
    for (Map.Entry<String, EmvValues> e : emv.entrySet()) {
      for (String m : MEASURES) {
        EMV_KEYS.get(emvKey(e.getKey(), m)).check(e.getValue().of(m));
      }
    }
    // sorted, so the manifest's text of the configuration (and its hash) is the same on every run
    emv = Collections.unmodifiableMap(new TreeMap<>(emv));
  }

  /** The configuration key of one EMV value, e.g. {@code economics.emv.tiktok.view}. */
  public static String emvKey(String platform, String measure) {
    return "economics.emv." + platform + "." + measure;
  }

  private static Map<String, ConfigKey.Decimal> emvKeys() {
    Map<String, ConfigKey.Decimal> keys = new LinkedHashMap<>();
    for (String p : PLATFORMS) {
      for (String m : MEASURES) {
        keys.put(emvKey(p, m), new ConfigKey.Decimal(emvKey(p, m), DEFAULT_EMV.get(p).of(m), "[0, inf)"));
      }
    }
    return Collections.unmodifiableMap(keys);
  }

  private static List<ConfigKey<?>> all() {
    List<ConfigKey<?>> all = new ArrayList<>();
    all.add(PRICE_BAND);
    all.addAll(EMV_KEYS.values());
    return List.copyOf(all);
  }

  public static EconomicsConfig defaults() {
    return from(Settings.empty());
  }

  public static EconomicsConfig from(Settings s) {
    Map<String, EmvValues> emv = new LinkedHashMap<>();
    for (String p : PLATFORMS) {
      double[] v = MEASURES.stream().mapToDouble(m -> s.get(EMV_KEYS.get(emvKey(p, m)))).toArray();
      emv.put(p, new EmvValues(v[0], v[1], v[2], v[3]));
    }
    return new EconomicsConfig(s.get(PRICE_BAND), emv);
  }
}
