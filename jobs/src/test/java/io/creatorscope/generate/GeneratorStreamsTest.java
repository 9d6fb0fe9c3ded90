package io.creatorscope.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Adding an input to the generator must not move a single value of the existing ones: the documented figures of
 * data-samples depend on them. The digests below are those of the profiles, posts (the contract's first eleven
 * columns) and labels (their first six) the generator made before audiences were added (commit 4ebd49d), for two
 * seeds, clean and dirty. No Spark: the simulator is pure. The later columns are left out so that posts and labels
 * may gain columns (labels gained daily_noise).
 */
class GeneratorStreamsTest {
  static String digest(long seed, double dirtyRate) throws Exception {
    CreatorSimulator simulator = new CreatorSimulator(new GeneratorConfig(200, 60, GeneratorConfig.DEFAULT_START,
        seed, dirtyRate, GeneratorConfig.LAYOUT_HIVE, 0));
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (long i = 0; i < 200; i++) {
      CreatorSimulator.Simulated s = simulator.simulate(i);
      update(sha, s.profiles(), Integer.MAX_VALUE);
      update(sha, s.posts(), 11);
      update(sha, s.labels(), 6);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void update(MessageDigest sha, List<Row> rows, int columns) {
    for (Row r : rows) {
      for (int c = 0; c < Math.min(columns, r.length()); c++) {
        sha.update(String.valueOf((Object) r.get(c)).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      sha.update((byte) '\n');
    }
  }

  @Test
  void existingTablesAreUnchanged() throws Exception {
    assertEquals("906d8f046671096413087855290fc78b79a1afb9045335ad4e266d92a31355ca", digest(1, 0));
    assertEquals("8f2e276bb977e985932f00aea2148baef33e9db426a60b7c2306279f8e08ef7c", digest(42, 0.02));
  }

  /**
   * The audience splits are complete and shaped as intended: shares of a measurement sum to 1 (rounding aside),
   * the creator's own country is the largest bucket, TikTok audiences are younger than Instagram's, beauty
   * audiences more female than gaming ones, and some creators have no split. Seed 5, not one of the above.
   */
  @Test
  void audienceSplitsAreCompleteAndFollowCountryPlatformAndNiche() {
    GeneratorConfig config = new GeneratorConfig(600, 30, GeneratorConfig.DEFAULT_START, 5, 0,
        GeneratorConfig.LAYOUT_HIVE, 0);
    CreatorSimulator simulator = new CreatorSimulator(config);
    int covered = 0;
    double[] young = new double[3];
    int[] perPlatform = new int[3];
    double[] female = new double[2];
    int[] perNiche = new int[2];
    for (long i = 0; i < 600; i++) {
      CreatorSimulator.Simulated s = simulator.simulate(i);
      Row profile = s.profiles().get(0);
      int platform = List.of(CreatorSimulator.PLATFORMS).indexOf(profile.getString(1));
      if (s.audiences().isEmpty()) {
        continue;
      }
      covered++;
      Map<String, Double> sums = new TreeMap<>();
      Map<String, Double> first = new TreeMap<>();
      java.time.LocalDate firstDay = s.audiences().get(0).getLocalDate(4);
      for (Row a : s.audiences()) {
        sums.merge(a.getLocalDate(4) + " " + a.getString(1), a.getDouble(3), Double::sum);
        if (a.getLocalDate(4).equals(firstDay)) {
          first.put(a.getString(1) + ":" + a.getString(2), a.getDouble(3));
        }
      }
      sums.forEach((k, v) -> assertEquals(1.0, v, 0.005, k));
      double home = first.get("country:" + profile.getString(4));
      first.entrySet().stream().filter(e -> e.getKey().startsWith("country:"))
          .forEach(e -> assertTrue(e.getValue() <= home, "home country is the largest bucket: " + first));
      assertTrue(home > 0.35 && home < 0.85, "home share " + home);
      young[platform] += first.get("age:13-17") + first.get("age:18-24");
      perPlatform[platform]++;
      int niche = List.of("beauty", "gaming").indexOf(profile.getString(3));
      if (niche >= 0) {
        female[niche] += first.get("gender:female");
        perNiche[niche]++;
      }
    }
    assertTrue(covered > 450 && covered < 570, "about 85% covered: " + covered);
    assertTrue(young[1] / perPlatform[1] > young[0] / perPlatform[0] + 0.1, "TikTok audiences are younger");
    assertTrue(female[0] / perNiche[0] > female[1] / perNiche[1] + 0.4, "beauty is more female than gaming");
  }
}
