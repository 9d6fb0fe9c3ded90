package io.creatorscope.generate;

import io.creatorscope.audience.Dimension;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Simulates the audience splits a vendor would sell for one creator: a weekly split of its followers by country,
 * age band and gender. The country split is dominated by the creator's own country (40-80%), the age split
 * follows its platform (TikTok younger, YouTube older), the gender split its niche. Some creators have no split,
 * as vendors cover only part of the accounts.
 *
 * <p>Draws from its own random streams (seeded from the seed and the creator's index), never from the creator's
 * main stream: every profile, post and label value stays what it was before audiences existed.
 */
final class AudienceSimulator implements Serializable {
  static final String[] AGE_BANDS = {"13-17", "18-24", "25-34", "35-44", "45-54", "55+"};
  /** Age band weights per platform (instagram, tiktok, youtube), after the vendors' published platform skews. */
  static final double[][] PLATFORM_AGE_WEIGHTS = {
    {0.06, 0.30, 0.33, 0.17, 0.09, 0.05},
    {0.20, 0.40, 0.24, 0.09, 0.05, 0.02},
    {0.08, 0.24, 0.28, 0.19, 0.12, 0.09}
  };
  /** Share of women in the audience per niche, before the creator's own deviation. */
  static final Map<String, Double> NICHE_FEMALE_SHARE = Map.ofEntries(
      Map.entry("fitness", 0.55), Map.entry("beauty", 0.85), Map.entry("fashion", 0.75), Map.entry("food", 0.60),
      Map.entry("travel", 0.58), Map.entry("gaming", 0.22), Map.entry("tech", 0.25), Map.entry("parenting", 0.82),
      Map.entry("finance", 0.35), Map.entry("music", 0.50), Map.entry("pets", 0.66), Map.entry("home", 0.72),
      Map.entry("sports", 0.30), Map.entry("education", 0.55));
  /** Share of creators a vendor has a split for. */
  static final double COVERAGE = 0.85;
  static final int DAYS_BETWEEN_SPLITS = 7;
  /** Foreign countries named in a split; the rest of the followers are in an "OTHER" bucket. */
  static final int FOREIGN_COUNTRIES = 3;
  /** Countries drawn for the foreign part, as in the profiles. */
  private static final String[] COUNTRIES = CreatorSimulator.COUNTRIES;
  private static final long STREAM = 0x41554449454E4345L;
  private static final long DIRT_STREAM = 0x5350_4C49_5444_4952L;

  private final GeneratorConfig config;

  AudienceSimulator(GeneratorConfig config) {
    this.config = config;
  }

  /** The creator's split rows (audiences contract: creator_id, dimension, bucket, share, snapshot_date). */
  List<Row> splits(long index, String creatorId, int platform, String niche, String homeCountry) {
    SplittableRandom rng = new SplittableRandom(CreatorSimulator.mix(config.seed() ^ STREAM, index));
    SplittableRandom dirt = new SplittableRandom(CreatorSimulator.mix(config.seed() ^ DIRT_STREAM, index));
    List<Row> rows = new ArrayList<>();
    if (rng.nextDouble() >= COVERAGE) {
      return rows;
    }
    double home = 0.4 + 0.4 * rng.nextDouble();
    String[] countries = new String[FOREIGN_COUNTRIES + 2];
    double[] countryShares = new double[countries.length];
    countries[0] = homeCountry;
    countryShares[0] = home;
    double[] foreign = weights(rng, FOREIGN_COUNTRIES + 1);
    for (int i = 1; i <= FOREIGN_COUNTRIES; i++) {
      String c;
      do {
        c = COUNTRIES[rng.nextInt(COUNTRIES.length)];
      } while (contains(countries, c));
      countries[i] = c;
      countryShares[i] = (1 - home) * foreign[i - 1];
    }
    countries[countries.length - 1] = "OTHER";
    countryShares[countries.length - 1] = (1 - home) * foreign[FOREIGN_COUNTRIES];

    double[] ages = PLATFORM_AGE_WEIGHTS[platform].clone();
    for (int i = 0; i < ages.length; i++) {
      ages[i] *= Math.exp(0.3 * rng.nextGaussian());
    }
    double female = Math.max(0.05, Math.min(0.95, NICHE_FEMALE_SHARE.get(niche) + 0.1 * rng.nextGaussian()));

    for (int day = rng.nextInt(DAYS_BETWEEN_SPLITS); day < config.days(); day += DAYS_BETWEEN_SPLITS) {
      LocalDate date = config.startDate().plusDays(day);
      // Audiences drift a little from one measurement to the next.
      List<Row> split = new ArrayList<>();
      add(split, creatorId, Dimension.COUNTRY, countries, drift(rng, countryShares), date);
      add(split, creatorId, Dimension.AGE, AGE_BANDS, drift(rng, ages), date);
      add(split, creatorId, Dimension.GENDER, new String[] {"female", "male"},
          drift(rng, new double[] {female, 1 - female}), date);
      dirty(split, dirt);
      rows.addAll(split);
    }
    return rows;
  }

  /**
   * With probability dirtyRate a measurement is corrupted, from its own stream: a bucket lost (its split no
   * longer sums to 1), a negative share, or an unknown dimension.
   */
  private void dirty(List<Row> split, SplittableRandom dirt) {
    double u = dirt.nextDouble();
    int kind = dirt.nextInt(3);
    int at = dirt.nextInt(split.size());
    if (u >= config.dirtyRate()) {
      return;
    }
    Row r = split.get(at);
    switch (kind) {
      case 0 -> split.remove(at);
      case 1 -> split.set(at, RowFactory.create(r.get(0), r.get(1), r.get(2), -r.getDouble(3), r.get(4)));
      default -> split.set(at, RowFactory.create(r.get(0), "income", r.get(2), r.get(3), r.get(4)));
    }
  }

  private static void add(List<Row> out, String creatorId, Dimension dimension, String[] buckets, double[] shares,
      LocalDate date) {
    for (int i = 0; i < buckets.length; i++) {
      // Vendors publish shares rounded to a tenth of a percent.
      out.add(RowFactory.create(creatorId, dimension.label(), buckets[i], Math.round(shares[i] * 1000) / 1000.0,
          date));
    }
  }

  /** The shares with a small multiplicative drift, normalised to sum to 1. */
  private static double[] drift(SplittableRandom rng, double[] shares) {
    double[] out = new double[shares.length];
    double sum = 0;
    for (int i = 0; i < shares.length; i++) {
      out[i] = shares[i] * Math.exp(0.03 * rng.nextGaussian());
      sum += out[i];
    }
    for (int i = 0; i < out.length; i++) {
      out[i] /= sum;
    }
    return out;
  }

  /** n positive weights summing to 1. */
  private static double[] weights(SplittableRandom rng, int n) {
    double[] w = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      w[i] = 0.2 + rng.nextDouble();
      sum += w[i];
    }
    for (int i = 0; i < n; i++) {
      w[i] /= sum;
    }
    return w;
  }

  private static boolean contains(String[] values, String value) {
    for (String v : values) {
      if (value.equals(v)) {
        return true;
      }
    }
    return false;
  }
}
