package io.creatorscope.cli;

import io.creatorscope.audience.AudienceBrief;
import io.creatorscope.audience.AudienceConfig;
import io.creatorscope.audience.AudienceTarget;
import io.creatorscope.audience.Dimension;
import io.creatorscope.common.PublishedTables;
import io.creatorscope.common.RunManifest;
import io.creatorscope.common.Settings;
import io.creatorscope.common.Tables;
import io.creatorscope.discovery.BrandBrief;
import io.creatorscope.discovery.BrandFilter;
import io.creatorscope.pipeline.PipelineConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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

  @Option(names = "--audience-country", split = ",", paramLabel = "CODE:SHARE",
      description = "At least SHARE (0-1) of the followers in the country, e.g. US:0.4 (from creator_audience).")
  List<String> audienceCountries = new ArrayList<>();

  @Option(names = "--audience-age", split = ",", paramLabel = "BAND:SHARE",
      description = "At least SHARE (0-1) of the followers in the age band, e.g. 18-24:0.3.")
  List<String> audienceAges = new ArrayList<>();

  @Option(names = "--audience-gender", split = ",", paramLabel = "GENDER:SHARE",
      description = "At least SHARE (0-1) of the followers of the gender, e.g. female:0.5.")
  List<String> audienceGenders = new ArrayList<>();

  @Option(names = "--config",
      description = "Configuration file (.properties) for audience.weight_fit; see docs/configuration.md.")
  String configFile;

  @Option(names = "--exclude-brands", split = ",",
      description = "Drop creators who promoted any of these brands (competitors), e.g. @acme,@globex.")
  List<String> excludeBrands = new ArrayList<>();

  @Option(names = "--worked-with", split = ",",
      description = "Keep only creators who promoted one of these brands, e.g. @acme.")
  List<String> workedWith = new ArrayList<>();

  /** The brand checks; bad handles are a user error before anything is read. */
  BrandFilter brandFilter() {
    return new BrandFilter(excludeBrands, workedWith);
  }

  /**
   * discovery_ranking of {@code date} without the creators the brand checks drop (creator_brands of the same date
   * is read only when the brief has any).
   */
  Dataset<Row> ranking(SparkSession spark, String output, LocalDate date, BrandFilter brands) {
    Dataset<Row> ranking = PublishedTables.readPartition(spark, output, Tables.DISCOVERY_RANKING, date);
    if (brands.isEmpty()) {
      return ranking;
    }
    RunManifest.requireComplete(spark, output, Tables.CREATOR_BRANDS, Optional.of(date));
    return brands.apply(ranking, PublishedTables.readPartition(spark, output, Tables.CREATOR_BRANDS, date));
  }

  /** The brief, returning at most {@code top} creators; a malformed audience target is a user error. */
  BrandBrief brief(int top) {
    List<AudienceTarget> targets = new ArrayList<>();
    audienceCountries.forEach(t -> targets.add(AudienceTarget.parse(Dimension.COUNTRY, t)));
    audienceAges.forEach(t -> targets.add(AudienceTarget.parse(Dimension.AGE, t)));
    audienceGenders.forEach(t -> targets.add(AudienceTarget.parse(Dimension.GENDER, t)));
    Settings settings = Settings.load(Optional.ofNullable(configFile), PipelineConfig.knownKeys(),
        new Configuration());
    AudienceBrief audience = new AudienceBrief(targets, AudienceConfig.from(settings).weightFit());
    return new BrandBrief(niches, tiers, platforms, countries, Optional.ofNullable(minAuthenticity), audience, top);
  }
}
