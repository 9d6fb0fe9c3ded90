package io.creatorscope.content;

/** Where a creator's niche in creator_engagement and discovery_ranking came from (niche_source). */
public enum NicheSource {
  /** The profile named it. */
  GIVEN,
  /** The profile's niche is unknown; the creator's hashtags point to this one. */
  INFERRED,
  /** Neither: the niche stays unknown. */
  UNKNOWN;

  /** The value in the tables. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
