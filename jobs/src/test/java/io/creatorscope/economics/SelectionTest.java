package io.creatorscope.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The selection on hand-built markets: limits always hold, the greedy's gap to the optimum, determinism. */
class SelectionTest {
  private static final double EPS = 1e-9;

  static Selection.Candidate creator(String id, String country, String niche, double price, double value) {
    return new Selection.Candidate(id, "@" + id, "instagram", niche, "micro", country, 10_000, price / 2, price,
        value, null, value);
  }

  static PlanLimits budgetOnly(double budget) {
    return new PlanLimits(budget, 1_000, 1.0, 0, 0);
  }

  /** Every subset, for markets small enough: the optimum by brute force, independent of the branch and bound. */
  static double bruteForce(List<Selection.Candidate> market, PlanLimits limits) {
    double best = 0;
    for (int mask = 0; mask < 1 << market.size(); mask++) {
      List<Selection.Candidate> chosen = new ArrayList<>();
      for (int i = 0; i < market.size(); i++) {
        if ((mask & 1 << i) != 0) {
          chosen.add(market.get(i));
        }
      }
      if (violations(chosen, limits).isEmpty()) {
        best = Math.max(best, chosen.stream().mapToDouble(Selection.Candidate::value).sum());
      }
    }
    return best;
  }

  /** What a plan breaks, in words (empty: nothing). */
  static List<String> violations(List<Selection.Candidate> chosen, PlanLimits limits) {
    List<String> broken = new ArrayList<>();
    double spent = chosen.stream().mapToDouble(Selection.Candidate::priceHighUsd).sum();
    if (spent > limits.budgetUsd()) {
      broken.add("spends " + spent + " of " + limits.budgetUsd());
    }
    if (chosen.size() > limits.maxCreators()) {
      broken.add(chosen.size() + " creators");
    }
    Map<String, Integer> countries = new HashMap<>();
    Map<String, Integer> niches = new HashMap<>();
    for (Selection.Candidate c : chosen) {
      if (c.priceHighUsd() > limits.maxPriceUsd()) {
        broken.add(c.creatorId() + " costs more than the share allowed");
      }
      countries.merge(c.country(), 1, Integer::sum);
      niches.merge(c.niche(), 1, Integer::sum);
    }
    if (limits.maxPerCountry() > 0 && countries.values().stream().anyMatch(n -> n > limits.maxPerCountry())) {
      broken.add("country limit " + countries);
    }
    if (limits.maxPerNiche() > 0 && niches.values().stream().anyMatch(n -> n > limits.maxPerNiche())) {
      broken.add("niche limit " + niches);
    }
    return broken;
  }

  static List<Selection.Candidate> randomMarket(Random random, int size) {
    List<Selection.Candidate> market = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      double price = Math.round(10 + random.nextDouble() * 990);
      // value loosely tied to price, with noise: the knapsack is not trivially sorted
      double value = Math.round(price * (0.5 + random.nextDouble() * 3));
      market.add(creator(String.format("c%03d", i), "C" + random.nextInt(3), "n" + random.nextInt(3), price, value));
    }
    return market;
  }

  @Test
  void theModifiedGreedyIsNeverBelowHalfTheOptimumAndTheBestSingleCreatorRescuesIt() {
    // Pure greedy takes the cheap high-ratio creator and then cannot afford the big one: 2 of a possible 100.
    List<Selection.Candidate> trap = List.of(creator("a", "DE", "food", 1, 2), creator("b", "DE", "food", 100, 100));
    Selection.Result r = Selection.select(trap, budgetOnly(100));
    assertEquals(100, r.greedyValue(), EPS, "the best single creator beats the greedy pass");
    assertEquals(List.of("b"), r.chosen().stream().map(Selection.Candidate::creatorId).toList());

    // The stated factor, 1/2, on hand-built and random budget-only markets, against brute force.
    Random random = new Random(16);
    for (int trial = 0; trial < 200; trial++) {
      List<Selection.Candidate> market = randomMarket(random, 4 + random.nextInt(9));
      PlanLimits limits = budgetOnly(200 + random.nextInt(2_000));
      double optimum = bruteForce(market, limits);
      Selection.Result plan = Selection.select(market, limits);
      assertTrue(plan.greedyValue() >= 0.5 * optimum - EPS, "greedy " + plan.greedyValue() + " vs " + optimum);
      assertTrue(plan.exact());
      assertEquals(optimum, plan.value(), EPS, "small sets are solved exactly");
      assertEquals(optimum, plan.upperBound(), EPS);
    }
  }

  /**
   * A cap on creators: by value per USD alone, ten cheap creators fill the ten slots and leave 3,900 of 4,000 USD
   * unspent (300 engagements); the passes that charge each slot at least budget / max creators, or take the largest
   * first, find the ten large creators (8,000), the optimum.
   */
  @Test
  void aCapOnCreatorsIsNotFilledWithCheapSmallCreators() {
    List<Selection.Candidate> market = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      market.add(creator(String.format("small%02d", i), "DE", "food", 10, 30));
    }
    for (int i = 0; i < 10; i++) {
      market.add(creator(String.format("large%02d", i), "DE", "food", 400, 800));
    }
    Selection.Result plan = Selection.select(market, new PlanLimits(4_000, 10, 1.0, 0, 0));
    assertFalse(plan.exact(), "60 candidates: the greedy passes");
    assertEquals(8_000, plan.value(), EPS);
    assertEquals(8_000, plan.upperBound(), EPS, "the ten best values bound it");
  }

  @Test
  void limitsHoldAndTheExactSearchMatchesBruteForceUnderLimits() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      List<Selection.Candidate> market = randomMarket(random, 3 + random.nextInt(10));
      PlanLimits limits = new PlanLimits(300 + random.nextInt(3_000), 1 + random.nextInt(5),
          0.2 + random.nextDouble() * 0.8, random.nextInt(3), random.nextInt(3));
      Selection.Result plan = Selection.select(market, limits);
      assertEquals(List.of(), violations(plan.chosen(), limits), "trial " + trial + " " + limits);
      assertEquals(bruteForce(market, limits), plan.value(), EPS, "trial " + trial + " " + limits);
    }
  }

  @Test
  void largeMarketsUseTheGreedyWithinItsLimitsAndABoundThatHolds() {
    Random random = new Random(11);
    List<Selection.Candidate> market = randomMarket(random, 400);
    PlanLimits limits = new PlanLimits(5_000, 12, 0.3, 4, 5);
    Selection.Result plan = Selection.select(market, limits);
    assertFalse(plan.exact(), "400 candidates: greedy");
    assertEquals(List.of(), violations(plan.chosen(), limits));
    assertTrue(plan.upperBound() >= plan.value() - EPS);
    assertTrue(plan.method().contains("reaches at least"), plan.method());
    assertTrue(plan.chosen().size() > 1);
  }

  @Test
  void theSameMarketInAnyOrderGivesTheSamePlanAndTiesGoByCreatorId() {
    List<Selection.Candidate> market = new ArrayList<>(randomMarket(new Random(3), 60));
    market.add(creator("tie-b", "DE", "food", 10, 1_000));
    market.add(creator("tie-a", "DE", "food", 10, 1_000));
    PlanLimits limits = new PlanLimits(2_000, 10, 1.0, 0, 1);
    List<String> first = Selection.select(market, limits).chosen().stream().map(Selection.Candidate::creatorId)
        .toList();
    Collections.shuffle(market, new Random(5));
    assertEquals(first, Selection.select(market, limits).chosen().stream().map(Selection.Candidate::creatorId)
        .toList());
    assertTrue(first.contains("tie-a") && !first.contains("tie-b"), "one per niche: the tie goes to tie-a " + first);
  }

  @Test
  void nothingAffordableGivesAnEmptyPlan() {
    Selection.Result plan = Selection.select(List.of(creator("x", "DE", "food", 500, 10)), budgetOnly(100));
    assertEquals(List.of(), plan.chosen());
    assertEquals(0, plan.value(), EPS);
  }
}
