package io.creatorscope.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.UserError;
import io.creatorscope.engagement.TierScheme;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** Rate card parsing: the shipped cards, the format, and every error a user can make, each naming its line. */
class RateCardTest {
  static final TierScheme TIERS = TierScheme.named("default");
  static final String HEADER = RateCard.HEADER + "\n";
  /** A valid card for one platform; the rows are lines 2-6. */
  static final String INSTAGRAM = "instagram,emerging,1,10\ninstagram,nano,10,100\ninstagram,micro,100,1000\n"
      + "instagram,macro,1000,10000\ninstagram,mega,10000,100000\n";

  static String error(String text) {
    return assertThrows(UserError.class, () -> RateCard.parse(text, "my-rates.csv", TIERS)).getMessage();
  }

  @Test
  void theShippedCardsParseForTheirSchemesAndPriceEveryPlatformAndTier() {
    for (String scheme : List.of("default", "narrow")) {
      TierScheme tiers = TierScheme.named(scheme);
      RateCard card = RateCard.load(Optional.empty(), tiers, new Configuration());
      assertEquals(EconomicsConfig.PLATFORMS.size() * tiers.tiers().size(), card.rates().size(), scheme);
      for (String platform : EconomicsConfig.PLATFORMS) {
        RateCard.Rate previous = null;
        for (RateCard.Rate r : card.rates().stream().filter(r -> r.platform().equals(platform)).toList()) {
          if (previous != null) {
            assertEquals(previous.highUsd(), r.lowUsd(), 1e-9,
                scheme + " " + platform + ": one tier's high is the next tier's low, so prices do not jump at edges");
          }
          previous = r;
        }
      }
    }
    assertEquals(new RateCard.Rate("instagram", "micro", 100, 500, 9),
        RateCard.load(Optional.empty(), TierScheme.named("narrow"), new Configuration()).rates().get(2),
        "the narrow card carries the published Instagram micro (10k-50k) range as it is");
  }

  @Test
  void commentsBlankLinesSpacesAndCaseAreAccepted() {
    RateCard card = RateCard.parse("# a comment\n\n platform , tier , low_usd , high_usd \n"
        + INSTAGRAM.replace("instagram,nano,10,100", " Instagram , nano , 10.5 , 99 "), "x", TIERS);
    assertEquals(new RateCard.Rate("instagram", "nano", 10.5, 99, 5), card.rates().get(1));
  }

  @Test
  void aCustomTierSchemeNeedsItsOwnCard() {
    String message = assertThrows(UserError.class, () -> RateCard.load(Optional.empty(),
        TierScheme.named("small:0,large:5000"), new Configuration())).getMessage();
    assertTrue(message.contains("--rates FILE"), message);
    RateCard custom = RateCard.parse(HEADER + "tiktok,small,1,5\ntiktok,large,5,50\n", "x",
        TierScheme.named("small:0,large:5000"));
    assertEquals(2, custom.rates().size());
  }

  @Test
  void everyErrorNamesTheFileAndTheLine() {
    assertEquals("my-rates.csv line 1: expected the header 'platform,tier,low_usd,high_usd', got 'instagram,emerging,1,10'",
        error(INSTAGRAM));
    assertEquals("my-rates.csv line 3: missing tier (tiers: emerging, nano, micro, macro, mega)",
        error(HEADER + INSTAGRAM.replace("instagram,nano,10,100", "instagram,,10,100")));
    assertEquals("my-rates.csv line 2: platform instagram has no row for tier 'micro' (every platform needs one row "
        + "per tier: emerging, nano, micro, macro, mega)", error(HEADER + INSTAGRAM.replace("instagram,micro,100,1000\n", "")));
    assertEquals("my-rates.csv line 4: low_usd 1000 is above high_usd 100",
        error(HEADER + INSTAGRAM.replace("instagram,micro,100,1000", "instagram,micro,1000,100")));
    assertEquals("my-rates.csv line 3: low_usd -10 is not a positive price",
        error(HEADER + INSTAGRAM.replace("instagram,nano,10,100", "instagram,nano,-10,100")));
    assertEquals("my-rates.csv line 3: high_usd 0 is not a positive price",
        error(HEADER + INSTAGRAM.replace("instagram,nano,10,100", "instagram,nano,10,0")));
    assertEquals("my-rates.csv line 7: unknown platform 'myspace' (known: instagram, tiktok, youtube)",
        error(HEADER + INSTAGRAM + "myspace,nano,1,2\n"));
    assertEquals("my-rates.csv line 3: high_usd '1O0' is not a number",
        error(HEADER + INSTAGRAM.replace("instagram,nano,10,100", "instagram,nano,10,1O0")));
    assertEquals("my-rates.csv line 3: low_usd 'NaN' is not a number",
        error(HEADER + INSTAGRAM.replace("instagram,nano,10,100", "instagram,nano,NaN,100")));
    assertEquals("my-rates.csv line 3: expected 4 fields platform,tier,low_usd,high_usd, got 3 in 'instagram,nano,10'",
        error(HEADER + INSTAGRAM.replace("instagram,nano,10,100", "instagram,nano,10")));
    assertEquals("my-rates.csv line 3: unknown tier 'mid' (tiers of the scheme "
        + "emerging:0,nano:1000,micro:10000,macro:100000,mega:1000000: emerging, nano, micro, macro, mega)",
        error(HEADER + INSTAGRAM.replace("instagram,nano,10,100", "instagram,mid,10,100")));
    assertEquals("my-rates.csv line 7: instagram nano is priced twice (first on line 3)",
        error(HEADER + INSTAGRAM + "instagram,nano,20,200\n"));
    assertEquals("my-rates.csv line 2: missing platform", error(HEADER + ",nano,1,2\n"));
    assertTrue(error("").startsWith("my-rates.csv: empty rate card"));
    assertTrue(error(HEADER).contains("no rates"));
  }

  @Test
  void anUnreadableFileIsAUserError() {
    String message = assertThrows(UserError.class, () -> RateCard.load(Optional.of("/nonexistent/rates.csv"), TIERS,
        new Configuration())).getMessage();
    assertTrue(message.startsWith("/nonexistent/rates.csv: cannot read the rate card"), message);
  }

  @Test
  void tierEdgesComeFromTheSchemeAndTheOpenTopTierGetsOneTierWidth() {
    assertEquals(List.of(1000.0, 10000.0), edges(TIERS, "nano"));
    assertEquals(List.of(1.0, 1000.0), edges(TIERS, "emerging"), "a tier from 0 followers starts at 1");
    assertEquals(List.of(1e6, 1e7), edges(TIERS, "mega"), "macro spans 100k-1M, 10x: mega 1M-10M");
    TierScheme narrow = TierScheme.named("narrow");
    assertEquals(List.of(50000.0, 500000.0), edges(narrow, "mid"));
    assertEquals(List.of(1e6, 2e6), edges(narrow, "mega"), "narrow macro spans 500k-1M, 2x: mega 1M-2M");
  }

  private static List<Double> edges(TierScheme scheme, String tier) {
    double[] e = RateCard.edges(scheme, tier);
    return List.of(e[0], e[1]);
  }
}
