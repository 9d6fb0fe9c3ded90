package io.creatorscope.cli;

import io.creatorscope.discovery.BrandBrief;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The filters of a brand brief, shared by {@code discover} and {@code plan} (a picocli mixin). */
public final class BriefOptions {
  @Option(names = "--niche", split = ",", description = "Niches, e.g. fitness,beauty.")
  List<String> niches = new ArrayList<>();

  @Option(names = "--tier", split = ",", description = "Tiers, e.g. micro.")
  List<String> tiers = new ArrayList<>();

  @Option(names = "--platform", split = ",", description = "Platforms, e.g. instagram.")
  List<String> platforms = new ArrayList<>();

  @Option(names = "--country", split = ",", description = "Country codes, e.g. DE,AT.")
  List<String> countries = new ArrayList<>();

  @Option(names = "--min-authenticity", description = "Lowest authenticity score, 0-1.")
  Double minAuthenticity;

  /** The brief, returning at most {@code top} creators. */
  BrandBrief brief(int top) {
    return new BrandBrief(niches, tiers, platforms, countries, Optional.ofNullable(minAuthenticity), top);
  }
}
