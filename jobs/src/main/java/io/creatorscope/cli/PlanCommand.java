package io.creatorscope.cli;

import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.Tables;
import io.creatorscope.discovery.BrandBrief;
import io.creatorscope.discovery.BrandFilter;
import io.creatorscope.economics.CampaignPlanner;
import io.creatorscope.economics.Objective;
import io.creatorscope.economics.PlanLimits;
import io.creatorscope.economics.Selection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code plan}: a campaign plan for a budget over discovery_ranking and creator_economics, printed as a table, CSV
 * or JSON: the chosen creators, the totals, and per larger tier the same budget on its best single creator.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Plan a campaign: choose ranked creators matching a brief for a budget (never exceeded at the "
        + "creators' high prices), and compare with the same budget on the best single creator of each larger tier.")
public final class PlanCommand implements Callable<Integer> {
  static final List<String> HEADERS = List.of("line", "creator_id", "handle", "platform", "niche", "tier", "country",
      "followers", "price_low_usd", "price_high_usd", "expected_interactions", "expected_views", "cpe_low_usd",
      "cpe_high_usd");

  @Option(names = "--output", required = true, description = "Output location holding the tables.")
  String output;

  @Option(names = "--as-of", converter = Dates.class,
      description = "As-of date (default: the newest with a complete run).")
  LocalDate asOf;

  @Option(names = "--budget", required = true, description = "Budget in USD, e.g. 5000.")
  double budget;

  @Option(names = "--objective", defaultValue = "engagements",
      description = "engagements, views or creators: what the plan maximises (default ${DEFAULT-VALUE}).")
  String objective;

  @Option(names = "--max-creators", defaultValue = "" + PlanLimits.MAX_CREATORS_DEFAULT,
      description = "Creators at most (default ${DEFAULT-VALUE}).")
  int maxCreators;

  @Option(names = "--max-share", defaultValue = "" + PlanLimits.MAX_SHARE_DEFAULT,
      description = "Largest share of the budget one creator may cost at its high price (default ${DEFAULT-VALUE}).")
  double maxShare;

  @Option(names = "--max-per-country", defaultValue = "0",
      description = "Creators of one country at most (default 0: no limit).")
  int maxPerCountry;

  @Option(names = "--max-per-niche", defaultValue = "0",
      description = "Creators of one niche at most (default 0: no limit).")
  int maxPerNiche;

  @Mixin BriefOptions filters = new BriefOptions();

  @Mixin TextOutputOptions textOutput = new TextOutputOptions();

  @Override
  public Integer call() {
    TextTable.Format format = textOutput.format();
    Objective goal = Objective.parse(objective);
    PlanLimits limits = new PlanLimits(budget, maxCreators, maxShare, maxPerCountry, maxPerNiche);
    BrandBrief brief = filters.brief(1);
    BrandFilter brands = filters.brandFilter();
    SparkSession spark = Sparks.forCommandLine("creatorscope plan");
    LocalDate date = RunManifest.requireComplete(spark, output, Tables.CREATOR_ECONOMICS, Optional.ofNullable(asOf));
    Dataset<Row> ranking = filters.ranking(spark, output, date, brands);
    Dataset<Row> choosable = ranking;
    if (brief.audience().named()) {
      BrandBrief.AudiencePool pool = brief.plannable(ranking, DiscoverCommand.creatorAudience(spark, output, date));
      if (pool.unknownAudience() > 0) {
        System.err.println("note: " + pool.unknownAudience() + " ranked creators matching the brief have no "
            + "audience data in creator_audience and are left out of the plan");
      }
      choosable = pool.ranking();
    }
    CampaignPlanner.Plan plan = CampaignPlanner.plan(ranking, choosable,
        PublishedTables.readPartition(spark, output, Tables.CREATOR_ECONOMICS, date), brief, goal, limits);
    textOutput.emit(render(plan, format), plan.selection().chosen().size() + " creators planned");
    return 0;
  }

  static String render(CampaignPlanner.Plan plan, TextTable.Format format) {
    List<List<Object>> rows = new ArrayList<>();
    List<Selection.Candidate> chosen = plan.selection().chosen();
    chosen.forEach(c -> rows.add(creatorRow("plan", c)));
    double low = chosen.stream().mapToDouble(Selection.Candidate::priceLowUsd).sum();
    double high = plan.selection().spentHighUsd();
    double interactions = chosen.stream().mapToDouble(Selection.Candidate::interactions).sum();
    boolean anyViews = chosen.stream().anyMatch(c -> c.views() != null);
    double views = chosen.stream().filter(c -> c.views() != null).mapToDouble(Selection.Candidate::views).sum();
    rows.add(Arrays.asList("total", null, chosen.size() + " creators", null, null, null, null,
        chosen.stream().mapToLong(Selection.Candidate::followers).sum(), usd(low), usd(high), round(interactions, 1),
        anyViews ? round(views, 1) : null, cpe(low, interactions), cpe(high, interactions)));
    for (CampaignPlanner.Comparison c : plan.comparisons()) {
      rows.add(c.best() == null
          ? Arrays.asList("single " + c.tier(), null, "(none within the budget)", null, null, c.tier(), null, null,
              null, null, null, null, null, null)
          : creatorRow("single " + c.tier(), c.best()));
    }
    if (format != TextTable.Format.TABLE) {
      return new TextTable(HEADERS, rows).render(format);
    }
    List<List<Object>> shown = rows.stream().map(r -> r.stream().map(v -> (Object) (v == null ? "-" : v)).toList())
        .toList();
    return String.format("budget %s USD, objective %s: %d creators cost %s-%s USD, %s expected engagements%n",
        usd(plan.limits().budgetUsd()), plan.objective().label(), chosen.size(), usd(low), usd(high),
        round(interactions, 0)) + new TextTable(HEADERS, shown).render(format)
        + "selection: " + plan.selection().method() + (plan.capped() ? " (the best " + plan.candidates()
            + " candidates by value per USD)" : "") + "\n"
        + "single TIER: the whole budget on the best creator of a larger tier that fits it, for comparison\n";
  }

  private static List<Object> creatorRow(String line, Selection.Candidate c) {
    return Arrays.asList(line, c.creatorId(), c.handle(), c.platform(), c.niche(), c.tier(), c.country(),
        c.followers(), usd(c.priceLowUsd()), usd(c.priceHighUsd()), round(c.interactions(), 1),
        c.views() == null ? null : round(c.views(), 1), cpe(c.priceLowUsd(), c.interactions()),
        cpe(c.priceHighUsd(), c.interactions()));
  }

  private static BigDecimal usd(double v) {
    return round(v, 2);
  }

  private static BigDecimal cpe(double price, double interactions) {
    return interactions > 0 ? round(price / interactions, 4) : null;
  }

  private static BigDecimal round(double v, int digits) {
    return BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_UP);
  }
}
