package io.creatorscope.economics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses creators for a budget: a 0/1 knapsack (cost = the high price, so the budget holds whatever the creators
 * finally charge) with a cap on creators and per-country / per-niche caps.
 *
 * <p>Method: three greedy passes, each taking creators in one order and skipping any that breaks a limit, and the
 * best of the three: by value per USD (the knapsack's classic order), by value per USD with every creator costing
 * at least budget / max creators (so a cap on creators is not filled with cheap, small ones while the budget is
 * left unspent), and by value (the largest first). The last pass starts with the best single affordable creator,
 * so the result is never below the "modified greedy" (value per USD, or the best single creator), which for the
 * plain knapsack is never below half the optimum. With the count and group caps there is no such guarantee, so
 * every plan also reports an upper bound on the optimum (the fractional knapsack over the budget and, separately,
 * the best {@code maxCreators} values) and the share of it the plan reaches. Sets of at most {@link #EXACT_MAX}
 * candidates are solved exactly by branch and bound (depth first in value-per-USD order, pruned by the fractional
 * bound), which closes the gap where it is cheap to. Ties are broken by creator_id throughout, so the same
 * candidates always give the same plan.
 */
public final class Selection {
  /** Candidate sets up to this size are solved exactly. */
  public static final int EXACT_MAX = 30;
  /** Branch-and-bound nodes at most; beyond, the greedy plan stands (and says so). */
  static final long NODE_LIMIT = 5_000_000L;
  private static final double EPS = 1e-9;

  /** One creator that may be chosen: what it costs, low and high, and what it is worth under the objective. */
  public record Candidate(String creatorId, String handle, String platform, String niche, String tier,
      String country, long followers, double priceLowUsd, double priceHighUsd, double interactions, Double views,
      double value) {}

  /**
   * The chosen creators (in value-per-USD order), their value, what the modified greedy alone reached, an upper
   * bound on the best possible value (the optimum itself when {@code exact}), and the method in words.
   */
  public record Result(List<Candidate> chosen, double value, double greedyValue, double upperBound, boolean exact,
      String method) {
    public double spentHighUsd() {
      return chosen.stream().mapToDouble(Candidate::priceHighUsd).sum();
    }
  }

  private Selection() {}

  static final Comparator<Candidate> BY_VALUE_PER_USD = Comparator
      .comparingDouble((Candidate c) -> -c.value() / c.priceHighUsd()).thenComparing(Candidate::creatorId);

  public static Result select(List<Candidate> candidates, PlanLimits limits) {
    List<Candidate> items = candidates.stream()
        .filter(c -> c.value() > 0 && c.priceHighUsd() > 0 && c.priceHighUsd() <= limits.maxPriceUsd())
        .sorted(BY_VALUE_PER_USD).toList();
    double slot = limits.budgetUsd() / limits.maxCreators();
    List<List<Candidate>> passes = List.of(
        greedy(items, limits),
        greedy(items.stream().sorted(Comparator.comparingDouble(
            (Candidate c) -> -c.value() / Math.max(c.priceHighUsd(), slot)).thenComparing(Candidate::creatorId))
            .toList(), limits),
        greedy(items.stream().sorted(Comparator.comparingDouble((Candidate c) -> -c.value())
            .thenComparing(Candidate::creatorId)).toList(), limits));
    int bestPass = 0;
    for (int i = 1; i < passes.size(); i++) {
      if (value(passes.get(i)) > value(passes.get(bestPass)) + EPS) {
        bestPass = i;
      }
    }
    List<Candidate> best = passes.get(bestPass).stream().sorted(BY_VALUE_PER_USD).toList();
    double bestValue = value(best);
    String how = "the best of three greedy passes (" + PASSES[bestPass] + " won)";
    if (items.size() <= EXACT_MAX) {
      BranchAndBound exact = new BranchAndBound(items, limits);
      exact.search(0, limits.budgetUsd(), 0);
      if (exact.nodes <= NODE_LIMIT) {
        List<Candidate> optimum = exact.best.stream().sorted(BY_VALUE_PER_USD).toList();
        double optimumValue = value(optimum);
        boolean improved = optimumValue > bestValue + EPS;
        return new Result(improved ? optimum : best, Math.max(optimumValue, bestValue), bestValue, optimumValue, true,
            String.format("exact optimum by branch and bound over %d candidates (%s reached %.1f%% of it)",
                items.size(), how, optimumValue > 0 ? 100 * bestValue / optimumValue : 100.0));
      }
    }
    double bound = upperBound(items, limits);
    return new Result(best, bestValue, bestValue, bound, false, String.format(
        "%s, at the high price, over %d candidates; the best possible plan is at most %.1f, so this one reaches at "
            + "least %.1f%% of it", how, items.size(), bound, bound > 0 ? 100 * bestValue / bound : 100.0));
  }

  private static final String[] PASSES = {"value per USD", "value per USD, each creator costing at least budget / "
      + "max creators", "largest value first"};

  /** Takes creators in the given order, skipping any that breaks a limit. */
  private static List<Candidate> greedy(List<Candidate> items, PlanLimits limits) {
    List<Candidate> chosen = new ArrayList<>();
    Map<String, Integer> countries = new HashMap<>();
    Map<String, Integer> niches = new HashMap<>();
    double spent = 0;
    for (Candidate c : items) {
      if (chosen.size() >= limits.maxCreators()) {
        break;
      }
      if (spent + c.priceHighUsd() <= limits.budgetUsd() && fits(c, countries, niches, limits)) {
        chosen.add(c);
        spent += c.priceHighUsd();
        countries.merge(String.valueOf(c.country()), 1, Integer::sum);
        niches.merge(c.niche(), 1, Integer::sum);
      }
    }
    return chosen;
  }

  private static boolean fits(Candidate c, Map<String, Integer> countries, Map<String, Integer> niches,
      PlanLimits limits) {
    return (limits.maxPerCountry() == 0 || countries.getOrDefault(String.valueOf(c.country()), 0)
        < limits.maxPerCountry())
        && (limits.maxPerNiche() == 0 || niches.getOrDefault(c.niche(), 0) < limits.maxPerNiche());
  }

  private static double value(List<Candidate> chosen) {
    return chosen.stream().mapToDouble(Candidate::value).sum();
  }

  /**
   * An upper bound on any plan's value: the smaller of the fractional knapsack over the budget (items in value per
   * USD order, the last one cut) and the sum of the {@code maxCreators} largest values. Each drops constraints, so
   * neither is below the optimum.
   */
  static double upperBound(List<Candidate> byValuePerUsd, PlanLimits limits) {
    double fractional = fractional(byValuePerUsd, 0, limits.budgetUsd());
    double topValues = byValuePerUsd.stream().mapToDouble(Candidate::value).boxed()
        .sorted(Comparator.reverseOrder()).limit(limits.maxCreators()).mapToDouble(Double::doubleValue).sum();
    return Math.min(fractional, topValues);
  }

  private static double fractional(List<Candidate> items, int from, double budget) {
    double v = 0;
    for (int i = from; i < items.size() && budget > 0; i++) {
      Candidate c = items.get(i);
      double take = Math.min(1, budget / c.priceHighUsd());
      v += take * c.value();
      budget -= take * c.priceHighUsd();
    }
    return v;
  }

  /** Depth-first over include / exclude in value-per-USD order, pruned by the fractional bound. */
  private static final class BranchAndBound {
    private final List<Candidate> items;
    private final PlanLimits limits;
    private final List<Candidate> current = new ArrayList<>();
    private final Map<String, Integer> countries = new HashMap<>();
    private final Map<String, Integer> niches = new HashMap<>();
    private List<Candidate> best = List.of();
    private double bestValue = 0;
    private long nodes;

    BranchAndBound(List<Candidate> items, PlanLimits limits) {
      this.items = items;
      this.limits = limits;
    }

    void search(int i, double budgetLeft, double value) {
      if (++nodes > NODE_LIMIT) {
        return;
      }
      if (value > bestValue + EPS) {
        bestValue = value;
        best = List.copyOf(current);
      }
      if (i == items.size() || current.size() >= limits.maxCreators()
          || value + fractional(items, i, budgetLeft) <= bestValue + EPS) {
        return;
      }
      Candidate c = items.get(i);
      if (c.priceHighUsd() <= budgetLeft && fits(c, countries, niches, limits)) {
        current.add(c);
        countries.merge(String.valueOf(c.country()), 1, Integer::sum);
        niches.merge(c.niche(), 1, Integer::sum);
        search(i + 1, budgetLeft - c.priceHighUsd(), value + c.value());
        current.remove(current.size() - 1);
        countries.merge(String.valueOf(c.country()), -1, Integer::sum);
        niches.merge(c.niche(), -1, Integer::sum);
      }
      search(i + 1, budgetLeft, value);
    }
  }
}
