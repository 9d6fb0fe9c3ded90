package io.creatorscope.common;

import java.util.List;

/**
 * Names of every table the project reads or writes, and where their schemas are declared. Input tables live
 * under the input location (one folder each); output tables under the output location.
 */
public final class Tables {
  public static final String PROFILES = "profiles";
  public static final String POSTS = "posts";
  public static final String LABELS = "labels";
  /** Optional: a run without an audiences/ folder ingests as before and writes no audience rows. */
  public static final String AUDIENCES = "audiences";
  /** The true niches of a generated dataset whose profiles hide some (generate --unknown-niche-share). */
  public static final String NICHE_LABELS = "niche_labels";

  public static final String CURATED_PROFILES = "curated_profiles";
  public static final String CURATED_POSTS = "curated_posts";
  public static final String CURATED_AUDIENCES = "curated_audiences";
  /** Every creator and platform of a valid profile: what ingest knows of the creators before a batch. */
  public static final String CURATED_CREATORS = "curated_creators";
  public static final String QUARANTINE = "quarantine";
  public static final String INGEST_ACCOUNTING = "ingest_accounting";
  public static final String INGEST_LOG = "ingest_log";
  public static final String CREATOR_ENGAGEMENT = "creator_engagement";
  public static final String ENGAGEMENT_DISTRIBUTION = "engagement_distribution";
  public static final String GROWTH_ANOMALIES = "growth_anomalies";
  public static final String CREATOR_AUTHENTICITY = "creator_authenticity";
  public static final String DISCOVERY_RANKING = "discovery_ranking";
  public static final String CREATOR_ECONOMICS = "creator_economics";
  public static final String CREATOR_AUDIENCE = "creator_audience";
  public static final String CREATOR_BRANDS = "creator_brands";

  /** Every output table, in the order the pipeline writes them. */
  public static final List<String> OUTPUTS = List.of(
      QUARANTINE, CURATED_PROFILES, CURATED_POSTS, CURATED_AUDIENCES, CURATED_CREATORS, INGEST_ACCOUNTING, INGEST_LOG,
      CREATOR_ENGAGEMENT, ENGAGEMENT_DISTRIBUTION, GROWTH_ANOMALIES, CREATOR_AUTHENTICITY, DISCOVERY_RANKING,
      CREATOR_ECONOMICS, CREATOR_AUDIENCE, CREATOR_BRANDS);

  private Tables() {}

  /** The declared schema of an input table (schemas/input/NAME.json). */
  public static TableSchema input(String name) {
    return TableSchema.load("schemas/input/" + name + ".json");
  }

  /** The declared schema of an output table (schemas/output/NAME.json). */
  public static TableSchema output(String name) {
    return TableSchema.load("schemas/output/" + name + ".json");
  }
}
