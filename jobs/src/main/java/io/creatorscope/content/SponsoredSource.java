package io.creatorscope.content;

/** Where a curated post's is_sponsored came from (curated_posts.sponsored_source). */
public enum SponsoredSource {
  /** The input said true or false. */
  GIVEN,
  /** The input said nothing and the caption or tags carry a sponsorship marker: true. */
  DETECTED,
  /** The input said nothing and no marker was found: false. */
  NONE;

  /** The value in the table. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
