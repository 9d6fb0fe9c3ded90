package io.creatorscope.generate;

import io.creatorscope.anomaly.AnomalyKind;
import io.creatorscope.common.Columns;
import io.creatorscope.engagement.PublishedEr;
import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Simulates one creator's profile history, posts and injected events. Pure and deterministic: the same seed and
 * creator index always give the same rows, whichever executor runs it. This is row-by-row logic by nature (a
 * follower count is yesterday's plus today's change), so it runs inside a Spark flatMap, one creator at a time.
 *
 * <p>Calibration: per-post engagement is drawn around published Instagram medians by follower count (Markerly
 * 2016: ~8% under 1k, ~4% at 1k-10k, ~2.4% at 10k-100k, ~1.7% at 1M+), scaled per platform (TikTok higher,
 * YouTube lower), per creator (quality) and per post (noise); sponsored posts get less.
 */
public final class CreatorSimulator implements Serializable {
  static final String[] PLATFORMS = {"instagram", "tiktok", "youtube"};
  static final double[] PLATFORM_WEIGHTS = {0.55, 0.30, 0.15};
  static final double[] PLATFORM_ER_FACTOR = {1.0, 2.2, 0.55};
  static final double[] PLATFORM_POSTS_PER_DAY = {0.5, 0.9, 0.2};
  static final String[] NICHES = {
    "fitness", "beauty", "fashion", "food", "travel", "gaming", "tech", "parenting",
    "finance", "music", "pets", "home", "sports", "education"
  };
  static final String[] COUNTRIES = {
    "US", "GB", "DE", "FR", "ES", "IT", "BR", "IN", "MX", "CA", "AU", "NL", "PL", "SE", "JP"
  };
  /**
   * Published Instagram medians ({@link PublishedEr}) as points (log10 followers, ER) inside their follower ranges,
   * interpolated linearly; 100k-1M, where none was published, lies between its neighbours.
   */
  static final double[][] ER_CURVE = {{2.7, PublishedEr.UNDER_1K.medianEr()},
      {3.5, PublishedEr.FROM_1K_TO_10K.medianEr()}, {4.5, PublishedEr.FROM_10K_TO_100K.medianEr()}, {5.5, 0.019},
      {6.5, PublishedEr.FROM_1M.medianEr()}};

  /** Salt of the content stream's seed (any constant other than the dirt stream's). */
  static final long CONTENT_SALT = 0x2545F4914F6CDD1DL;

  /** Days before the first snapshot that posts may be published on (tests the as-of join's 7-day rule). */
  static final int POSTS_BEFORE_FIRST_SNAPSHOT = 10;
  /** Events are placed so a trailing baseline exists before them and their aftermath is visible. */
  static final int FIRST_EVENT_DAY = 14;
  static final int EVENT_TAIL_DAYS = 6;
  /** Smallest follower event injected, in followers (see {@link #eventSize}). */
  static final double MIN_EVENT_FOLLOWERS = 300;

  private final GeneratorConfig config;

  public CreatorSimulator(GeneratorConfig config) {
    this.config = config;
  }

  /**
   * How an injected event happened; the labels carry it next to the kind. A purchase lands in one day, is
   * drip-fed over 2-7 days (sellers' "gradual delivery"), or comes right after a viral post, behind a real surge.
   */
  public enum Variant {
    SINGLE_DAY("single_day", AnomalyKind.SUSPICIOUS_SPIKE),
    DRIP_FED("drip_fed", AnomalyKind.SUSPICIOUS_SPIKE),
    AFTER_VIRAL("after_viral", AnomalyKind.SUSPICIOUS_SPIKE),
    VIRAL_POST("viral_post", AnomalyKind.ORGANIC_SPIKE),
    PURGE("purge", AnomalyKind.DROP),
    FOLLOW_UNFOLLOW("follow_unfollow", AnomalyKind.FOLLOW_CHURN);

    private final String value;
    private final AnomalyKind kind;

    Variant(String value, AnomalyKind kind) {
      this.value = value;
      this.kind = kind;
    }

    public String value() {
      return value;
    }

    public AnomalyKind kind() {
      return kind;
    }
  }

  /** Chance per creator of each variant (a creator can get several, at least MIN_EVENT_GAP days apart). */
  static final double[] VARIANT_PROBABILITY = {0.025, 0.025, 0.02, 0.05, 0.03, 0.03};
  static final int MIN_EVENT_GAP = 10;
  /** Share of creators that appear late, with a history shorter than a baseline: 6-40 snapshot days. */
  static final double NEWCOMER_SHARE = 0.08;
  static final int NEWCOMER_MIN_DAYS = 6;
  static final int NEWCOMER_MAX_DAYS = 40;
  /** A newcomer's events come after this many of its days, so a change exists to look at. */
  static final int NEWCOMER_FIRST_EVENT = 2;
  /**
   * Followers won per interaction on a viral post (log-uniform between the two): the reach model behind an
   * organic spike. A modelling choice, not a published figure.
   */
  static final double MIN_FOLLOWS_PER_INTERACTION = 0.1;
  static final double MAX_FOLLOWS_PER_INTERACTION = 0.5;
  /** A day's count noise, times sqrt(followers): Poisson-like arrivals and departures on top of the relative wobble. */
  static final double COUNT_NOISE = 0.5;

  /** An injected event: its variant, first day, delivery days (purchases) and drawn size. */
  record Event(Variant variant, int day, int length, double magnitude) {
    int lastDay() {
      return day + length - 1;
    }
  }

  /** Everything simulated for one creator. */
  public record Simulated(List<Row> profiles, List<Row> posts, List<Row> labels, List<Row> audiences,
      List<Row> nicheLabels) {}

  public static String creatorId(long index) {
    return String.format("c%07d", index);
  }

  public Simulated simulate(long index) {
    SplittableRandom rng = new SplittableRandom(mix(config.seed(), index));
    SplittableRandom dirt = new SplittableRandom(mix(config.seed() ^ 0x5DEECE66DL, index));
    // Captions, tags, mentions, hidden flags and niches: a stream of their own, so the other columns stay the same.
    SplittableRandom content = new SplittableRandom(mix(config.seed() ^ CONTENT_SALT, index));
    int days = config.days();
    String id = creatorId(index);
    int platform = pick(rng, PLATFORM_WEIGHTS);
    int nicheIndex = rng.nextInt(NICHES.length);
    String niche = NICHES[nicheIndex];
    String country = COUNTRIES[rng.nextInt(COUNTRIES.length)];
    String handle = "@" + NICHES[rng.nextInt(NICHES.length)] + "_" + Long.toString(index * 7919L + 13, 36);

    double followers0 = clamp(Math.exp(Math.log(8000) + 1.8 * rng.nextGaussian()), 150, 8_000_000);
    double growthMean = 0.0008 + 0.0010 * rng.nextGaussian();
    // Creators differ in how much their daily growth wobbles (log-normal, median 0.15% a day) and in how often a
    // snapshot is missed (median 2% of days, a few creators 10% and more).
    double noiseRel = clamp(0.0015 * Math.exp(0.5 * rng.nextGaussian()), 0.0003, 0.01);
    double missingRate = clamp(0.02 * Math.exp(0.8 * rng.nextGaussian()), 0, 0.25);
    double quality = Math.exp(0.35 * rng.nextGaussian());
    double postsPerDay = PLATFORM_POSTS_PER_DAY[platform] * Math.exp(0.5 * rng.nextGaussian());
    double sponsoredShare = clamp(0.15 + 0.08 * rng.nextGaussian(), 0, 0.6);
    double commentRatio = 0.01 + 0.04 * rng.nextDouble();
    double following0 = clamp(Math.exp(Math.log(500) + 0.8 * rng.nextGaussian()), 10, 7500);
    int firstDay = rng.nextDouble() < NEWCOMER_SHARE && days > NEWCOMER_MAX_DAYS
        ? days - NEWCOMER_MIN_DAYS - rng.nextInt(NEWCOMER_MAX_DAYS - NEWCOMER_MIN_DAYS + 1) : 0;

    List<Event> events = drawEvents(rng, firstDay, days);
    boolean[] missing = new boolean[days];
    for (int d = firstDay + 1; d < days; d++) {
      missing[d] = rng.nextDouble() < missingRate;
    }

    // The real audience and the bought one apart: only the real audience likes, comments and watches.
    double[] real = new double[days];
    double[] bought = new double[days];
    double[] following = new double[days];
    double[] scheduledReal = new double[days];
    double[] scheduledBought = new double[days];
    double[] followingChange = new double[days];
    double[] viralBoost = new double[days + POSTS_BEFORE_FIRST_SNAPSHOT];
    java.util.Arrays.fill(viralBoost, 1.0);
    double[] labelMagnitude = new double[events.size()];
    double[] labelNoise = new double[events.size()];
    double expectedEr = PLATFORM_ER_FACTOR[platform] * quality;
    real[0] = followers0;
    following[0] = following0;
    for (int d = 1; d < days; d++) {
      double f = real[d - 1] + bought[d - 1];
      double r = real[d - 1];
      double rhythm = weekday(d).getValue() >= 6 ? 1.25 : 0.9;
      double realChange = r * (growthMean * rhythm + noiseRel * rng.nextGaussian())
          + Math.sqrt(r) * COUNT_NOISE * rng.nextGaussian() + scheduledReal[d];
      double boughtChange = scheduledBought[d];
      for (int i = 0; i < events.size(); i++) {
        Event e = events.get(i);
        if (e.day() != d) {
          continue;
        }
        // The standard deviation of the day's organic change above (its two noise terms), relative to all
        // followers: what any reader of the follower counts alone has to tell an event apart from.
        labelNoise[i] = Math.sqrt(Math.pow(r * noiseRel, 2) + COUNT_NOISE * COUNT_NOISE * r) / Math.max(1, f);
        switch (e.variant()) {
          case SINGLE_DAY, DRIP_FED -> {
            double gain = eventSize(e.magnitude(), f);
            boughtChange += buy(rng, gain, e, scheduledBought, days);
            labelMagnitude[i] = gain / f;
          }
          case AFTER_VIRAL -> {
            // A viral post the day before wins its own followers, and the purchase lands on top of them in one or
            // two days.
            double organic = viralFollowers(rng, 0.02 + 0.06 * rng.nextDouble(), r, expectedEr, viralBoost, d);
            realChange += arrive(organic, d, scheduledReal, days);
            double gain = eventSize(e.magnitude(), f);
            boughtChange += buy(rng, gain, e, scheduledBought, days);
            labelMagnitude[i] = gain / f;
          }
          case VIRAL_POST -> {
            double gain = viralFollowers(rng, e.magnitude(), r, expectedEr, viralBoost, d);
            realChange += arrive(gain, d, scheduledReal, days);
            labelMagnitude[i] = gain / f;
          }
          case PURGE -> {
            // A purge removes fake accounts, the bought ones first, then ones among the rest.
            double loss = eventSize(e.magnitude(), f);
            double fromBought = Math.min(loss, bought[d - 1] + boughtChange);
            boughtChange -= fromBought;
            realChange -= loss - fromBought;
            labelMagnitude[i] = loss / f;
          }
          case FOLLOW_UNFOLLOW -> {
            double k = e.magnitude();
            int back = 2 + rng.nextInt(5);
            followingChange[d] += k;
            if (d + back < days) {
              followingChange[d + back] -= k;
            }
            labelMagnitude[i] = k / Math.max(1, following[d - 1]);
          }
        }
      }
      real[d] = Math.max(0, r + realChange);
      bought[d] = Math.max(0, bought[d - 1] + boughtChange);
      following[d] = Math.max(0, following[d - 1] + followingChange[d]
          + (rng.nextDouble() < 0.3 ? rng.nextInt(-3, 4) : 0));
    }

    List<Row> profiles = new ArrayList<>();
    List<Row> posts = new ArrayList<>();
    List<Row> labels = new ArrayList<>();
    String[] brands = PostContent.brandsOf(content);
    int sideNiche = content.nextInt(NICHES.length);
    // Drawn whatever the options, so that hiding flags or niches changes no caption.
    boolean nicheHidden = content.nextDouble() < config.unknownNicheShare();
    boolean nullNiche = content.nextBoolean();
    String writtenNiche = !nicheHidden ? niche : nullNiche ? null : Columns.UNKNOWN_NICHE;
    long mediaBefore = firstDay > 0 ? rng.nextInt(30) : 20 + rng.nextInt(400);
    int[] postsOnDay = new int[days];

    // Posts: published from a few days before the first snapshot to the last day.
    List<Object[]> postRows = new ArrayList<>();
    int seq = 0;
    for (int d = firstDay - POSTS_BEFORE_FIRST_SNAPSHOT; d < days; d++) {
      double boost = d < 0 ? 1.0 : viralBoost[d + POSTS_BEFORE_FIRST_SNAPSHOT];
      int n = Math.max(boost > 1 ? 1 : 0, poisson(rng, postsPerDay));
      for (int k = 0; k < n; k++) {
        seq++;
        boolean viral = boost > 1 && k == 0;
        double audience = real[Math.max(0, d)];
        boolean sponsored = !viral && rng.nextDouble() < sponsoredShare;
        double noise = Math.exp(0.45 * rng.nextGaussian());
        // A viral post's boost replaces the per-post noise; bought followers add nothing to any post.
        double er = baseEngagementRate(audience) * expectedEr * (viral ? boost : noise * (sponsored ? 0.65 : 1.0));
        double interactions = er * audience;
        double shareRatio = platform == 0 ? 0.03 : platform == 1 ? 0.05 : 0;
        double saveRatio = platform == 0 ? 0.06 : platform == 1 ? 0.04 : 0;
        double likes = interactions / (1 + commentRatio + shareRatio + saveRatio);
        Double views = null;
        double reach = viral ? boost : 1.0;
        if (platform == 1) {
          views = audience * reach * Math.exp(0.3 + 0.6 * rng.nextGaussian());
        } else if (platform == 2) {
          views = audience * reach * Math.exp(-1.2 + 0.5 * rng.nextGaussian());
        }
        Instant postedAt = date(d).atStartOfDay().toInstant(ZoneOffset.UTC)
            .plusSeconds(6 * 3600 + rng.nextInt(17 * 3600));
        String postId = id + "-p" + seq;
        int firstObs = Math.max(firstDay, d);
        int finalObs = Math.min(days - 1, firstObs + 1 + rng.nextInt(4));
        double firstShare = d < firstDay ? 1.0 : 0.55 + 0.25 * rng.nextDouble();
        PostContent.Content text = PostContent.draw(content, nicheIndex, sideNiche, sponsored, brands);
        Boolean flag = content.nextDouble() < config.missingSponsoredShare() ? null : sponsored;
        postRows.add(postRow(postId, id, platform, postedAt, likes * firstShare, commentRatio, shareRatio, saveRatio,
            views == null ? null : views * firstShare, flag, date(firstObs), text));
        if (finalObs > firstObs && d >= firstDay) {
          postRows.add(postRow(postId, id, platform, postedAt, likes, commentRatio, shareRatio, saveRatio, views,
              flag, date(finalObs), text));
        }
        if (d >= 0) {
          postsOnDay[d]++;
        }
      }
    }
    for (Object[] p : postRows) {
      addWithDirt(posts, p, dirt, true);
    }

    long media = mediaBefore;
    for (int d = 0; d < days; d++) {
      media += postsOnDay[d];
      if (d < firstDay || missing[d]) {
        continue;
      }
      Object[] row = {
        id, PLATFORMS[platform], handle, writtenNiche, country, Math.round(real[d] + bought[d]), Math.round(following[d]),
        media, date(d)
      };
      addWithDirt(profiles, row, dirt, false);
    }

    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      int shown = shownFrom(e.day(), missing, days);
      if (shown < days) {
        int lastShown = Math.max(shown, shownFrom(e.lastDay(), missing, days));
        labels.add(RowFactory.create(id, e.variant().kind().value(), date(shown), labelMagnitude[i],
            e.variant().value(), date(Math.min(days - 1, lastShown)), labelNoise[i]));
      }
    }
    List<Row> nicheLabels = List.of(RowFactory.create(id, niche, nicheHidden));
    return new Simulated(profiles, posts, labels,
        new AudienceSimulator(config).splits(index, id, platform, niche, country), nicheLabels);
  }

  /** The first snapshot day at or after {@code day} (days when the change shows). */
  private static int shownFrom(int day, boolean[] missing, int days) {
    int shown = day;
    while (shown < days && missing[shown]) {
      shown++;
    }
    return shown;
  }

  /**
   * A purchase of {@code gain} followers: delivered over the event's days in uneven parts, then 20-50% of it
   * removed by the platform over 10-24 days from a few days after the delivery. Schedules the later days and
   * returns the first day's part.
   */
  private static double buy(SplittableRandom rng, double gain, Event e, double[] scheduled, int days) {
    double[] weights = new double[e.length()];
    double total = 0;
    for (int k = 0; k < e.length(); k++) {
      weights[k] = 0.5 + rng.nextDouble();
      total += weights[k];
    }
    for (int k = 1; k < e.length() && e.day() + k < days; k++) {
      scheduled[e.day() + k] += gain * weights[k] / total;
    }
    double decayShare = 0.2 + 0.3 * rng.nextDouble();
    int decayDays = 10 + rng.nextInt(15);
    for (int k = 0; k < decayDays && e.lastDay() + 3 + k < days; k++) {
      scheduled[e.lastDay() + 3 + k] -= gain * decayShare / decayDays;
    }
    return gain * weights[0] / total;
  }

  /** Followers won by a viral post arrive over two days, most on the first: schedules the second, returns the first. */
  private static double arrive(double gain, int day, double[] scheduled, int days) {
    if (day + 1 < days) {
      scheduled[day + 1] += 0.35 * gain;
    }
    return 0.65 * gain;
  }

  /**
   * A viral post published the day before {@code day} that wins about {@code share} of the audience: the post's
   * engagement boost follows from the followers it wins and the follows per interaction drawn for it, so the gain
   * fits the post's reach. Returns the followers won.
   */
  private static double viralFollowers(SplittableRandom rng, double share, double audience, double expectedEr,
      double[] viralBoost, int day) {
    double gain = eventSize(share, audience);
    double followsPerInteraction = Math.exp(Math.log(MIN_FOLLOWS_PER_INTERACTION)
        + rng.nextDouble() * Math.log(MAX_FOLLOWS_PER_INTERACTION / MIN_FOLLOWS_PER_INTERACTION));
    double usualInteractions = baseEngagementRate(audience) * expectedEr * audience;
    viralBoost[day - 1 + POSTS_BEFORE_FIRST_SNAPSHOT] = 1 + gain / followsPerInteraction / usualInteractions;
    return gain;
  }

  private List<Event> drawEvents(SplittableRandom rng, int firstDay, int days) {
    List<Event> events = new ArrayList<>();
    int from = firstDay > 0 ? firstDay + NEWCOMER_FIRST_EVENT : FIRST_EVENT_DAY;
    if (days - EVENT_TAIL_DAYS <= from) {
      return events;
    }
    for (Variant v : Variant.values()) {
      double u = rng.nextDouble();
      int day = from + rng.nextInt(days - EVENT_TAIL_DAYS - from);
      double magnitude = switch (v.kind()) {
        case SUSPICIOUS_SPIKE -> Math.exp(Math.log(0.03) + rng.nextDouble() * Math.log(0.40 / 0.03));
        case ORGANIC_SPIKE -> Math.exp(Math.log(0.03) + rng.nextDouble() * Math.log(0.25 / 0.03));
        case DROP -> 0.04 + 0.21 * rng.nextDouble();
        default -> 1000 + rng.nextInt(6000);
      };
      int length = switch (v) {
        case DRIP_FED -> 2 + rng.nextInt(6);
        case AFTER_VIRAL -> 1 + rng.nextInt(2);
        default -> 1;
      };
      if (u >= VARIANT_PROBABILITY[v.ordinal()]) {
        continue;
      }
      boolean clash = events.stream().anyMatch(e -> day <= e.lastDay() + MIN_EVENT_GAP
          && e.day() <= day + length - 1 + MIN_EVENT_GAP);
      if (!clash && day + length - 1 < days) {
        events.add(new Event(v, day, length, magnitude));
      }
    }
    return events;
  }

  /**
   * Followers gained or lost in an event: the drawn share of followers, but at least a few hundred (nobody sells
   * or purges a handful of followers) and never more than half the account when it is tiny.
   */
  static double eventSize(double share, double followers) {
    return Math.max(share * followers, Math.min(MIN_EVENT_FOLLOWERS, 0.5 * followers));
  }

  private Object[] postRow(String postId, String creatorId, int platform, Instant postedAt, double likes,
      double commentRatio, double shareRatio, double saveRatio, Double views, Boolean sponsored, LocalDate observed,
      PostContent.Content text) {
    long l = Math.round(likes);
    return new Object[] {
      postId, creatorId, PLATFORMS[platform], postedAt, l, Math.round(likes * commentRatio),
      shareRatio > 0 ? Long.valueOf(Math.round(likes * shareRatio)) : null,
      saveRatio > 0 ? Long.valueOf(Math.round(likes * saveRatio)) : null,
      views == null ? null : Long.valueOf(Math.round(views)), sponsored, observed, text.caption(), text.hashtags(),
      text.mentions()
    };
  }

  /**
   * Emits a row, corrupted with probability dirtyRate. Corruptions use their own random stream, so the clean
   * data are the same at every dirt rate.
   */
  private void addWithDirt(List<Row> out, Object[] row, SplittableRandom dirt, boolean isPost) {
    double u = dirt.nextDouble();
    int kind = dirt.nextInt(5);
    if (u >= config.dirtyRate()) {
      out.add(RowFactory.create(row));
      return;
    }
    Object[] bad = row.clone();
    if (isPost) {
      switch (kind) {
        case 0 -> bad[4] = null;
        case 1 -> bad[5] = -1L - (long) dirt.nextInt(100);
        case 2 -> out.add(RowFactory.create(row.clone()));
        case 3 -> bad[10] = ((Instant) bad[3]).atZone(ZoneOffset.UTC).toLocalDate().minusDays(2);
        default -> bad[1] = "ghost-" + bad[1];
      }
    } else {
      switch (kind) {
        case 0 -> bad[5] = null;
        case 1 -> bad[0] = null;
        case 2 -> out.add(RowFactory.create(row.clone()));
        case 3 -> bad[5] = -1L - (long) dirt.nextInt(100);
        default -> bad[1] = null;
      }
    }
    out.add(RowFactory.create(bad));
  }

  /** Median Instagram ER for an account of {@code followers}, from the published curve. */
  static double baseEngagementRate(double followers) {
    double x = Math.log10(Math.max(1, followers));
    if (x <= ER_CURVE[0][0]) {
      return ER_CURVE[0][1];
    }
    for (int i = 1; i < ER_CURVE.length; i++) {
      if (x <= ER_CURVE[i][0]) {
        double t = (x - ER_CURVE[i - 1][0]) / (ER_CURVE[i][0] - ER_CURVE[i - 1][0]);
        return ER_CURVE[i - 1][1] + t * (ER_CURVE[i][1] - ER_CURVE[i - 1][1]);
      }
    }
    return ER_CURVE[ER_CURVE.length - 1][1];
  }

  private LocalDate date(int day) {
    return config.startDate().plusDays(day);
  }

  private DayOfWeek weekday(int day) {
    return date(day).getDayOfWeek();
  }

  private static int pick(SplittableRandom rng, double[] weights) {
    double u = rng.nextDouble();
    double acc = 0;
    for (int i = 0; i < weights.length; i++) {
      acc += weights[i];
      if (u < acc) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static int poisson(SplittableRandom rng, double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= rng.nextDouble();
    } while (p > l);
    return k - 1;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** SplitMix64 finaliser over (seed, index): independent, well-spread streams per creator. */
  static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
