package io.creatorscope.engagement;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.creatorscope.common.UserError;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Follower tiers: an ordered list of (name, lower bound); a creator belongs to the last tier whose lower bound its
 * followers reach. Sources disagree on the edges, so they are configuration: two built-in schemes and custom ones.
 */
public final class TierScheme implements Serializable {
  /** One tier: accounts with at least {@code minFollowers} followers, up to the next tier's bound. */
  public record Tier(String name, long minFollowers) implements Serializable {}

  /** The most common industry scheme: emerging < 1k, nano 1k-10k, micro 10k-100k, macro 100k-1M, mega >= 1M. */
  public static final String DEFAULT = "emerging:0,nano:1000,micro:10000,macro:100000,mega:1000000";
  /** The narrower scheme (Mediakix and others): micro 10k-50k, mid 50k-500k, macro 500k-1M. */
  public static final String NARROW = "emerging:0,nano:1000,micro:10000,mid:50000,macro:500000,mega:1000000";

  private final List<Tier> tiers;

  private TierScheme(List<Tier> tiers) {
    this.tiers = List.copyOf(tiers);
  }

  /** {@code default}, {@code narrow}, or a custom list {@code name:min,name:min,...} starting at 0. */
  public static TierScheme named(String schemeOrList) {
    return switch (schemeOrList) {
      case "default" -> parse(DEFAULT);
      case "narrow" -> parse(NARROW);
      default -> parse(schemeOrList);
    };
  }

  public static TierScheme parse(String spec) {
    List<Tier> tiers = new ArrayList<>();
    for (String part : spec.split(",")) {
      String[] kv = part.trim().split(":");
      if (kv.length != 2 || kv[0].isBlank()) {
        throw new UserError("tier scheme '" + spec + "': expected default, narrow or name:minFollowers,... but got '"
            + part.trim() + "'");
      }
      long min;
      try {
        min = Long.parseLong(kv[1].trim());
      } catch (NumberFormatException e) {
        throw new UserError("tier scheme '" + spec + "': '" + kv[1].trim() + "' is not a follower count");
      }
      if (!tiers.isEmpty() && min <= tiers.get(tiers.size() - 1).minFollowers()) {
        throw new UserError("tier scheme '" + spec + "': lower bounds must increase, '" + part.trim() + "' does not");
      }
      tiers.add(new Tier(kv[0].trim(), min));
    }
    if (tiers.isEmpty() || tiers.get(0).minFollowers() != 0) {
      throw new UserError("tier scheme '" + spec + "': the first tier must start at 0 followers");
    }
    return new TierScheme(tiers);
  }

  public List<Tier> tiers() {
    return tiers;
  }

  /** The tier names, lowest first. */
  public List<String> names() {
    return tiers.stream().map(Tier::name).toList();
  }

  /** Orders tier names as {@code names} lists them (lowest first); a name not in it sorts last. */
  public static Comparator<String> byOrder(List<String> names) {
    return Comparator.comparingInt(t -> {
      int i = names.indexOf(t);
      return i < 0 ? names.size() : i;
    });
  }

  /** The tier of a follower count, as a Spark expression. */
  public Column tierOf(Column followers) {
    Column expr = null;
    for (int i = tiers.size() - 1; i >= 0; i--) {
      Tier t = tiers.get(i);
      expr = expr == null ? when(followers.geq(t.minFollowers()), lit(t.name()))
          : expr.when(followers.geq(t.minFollowers()), lit(t.name()));
    }
    return expr;
  }

  /** The tier of a follower count, in plain Java (tests, reports). */
  public String tierOf(long followers) {
    String name = tiers.get(0).name();
    for (Tier t : tiers) {
      if (followers >= t.minFollowers()) {
        name = t.name();
      }
    }
    return name;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Tier t : tiers) {
      b.append(b.length() == 0 ? "" : ",").append(t.name()).append(':').append(t.minFollowers());
    }
    return b.toString();
  }
}
