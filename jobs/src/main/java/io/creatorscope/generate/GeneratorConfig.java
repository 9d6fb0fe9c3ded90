package io.creatorscope.generate;

import io.creatorscope.common.UserError;
import java.io.Serializable;
import java.time.LocalDate;

/**
 * What the generator makes: {@code creators} accounts over {@code days} daily snapshots starting at
 * {@code startDate}, deterministic for a {@code seed}.
 *
 * @param dirtyRate share of emitted rows corrupted on purpose (nulls, negative counts, duplicates, ...)
 * @param layout {@code hive} writes date directories (snapshot_date=..., observed_date=...); {@code flat} writes
 *     the date inside the files
 * @param files output files per table for the flat layout (0 = one per Spark partition)
 * @param missingSponsoredShare share of posts written with is_sponsored null (their captions still tell)
 * @param unknownNicheShare share of creators whose niche is written as unknown or null (the true one goes to
 *     niche_labels)
 */
public record GeneratorConfig(long creators, int days, LocalDate startDate, long seed, double dirtyRate,
    String layout, int files, double missingSponsoredShare, double unknownNicheShare) implements Serializable {

  /** Every flag and niche written as simulated. */
  public GeneratorConfig(long creators, int days, LocalDate startDate, long seed, double dirtyRate, String layout,
      int files) {
    this(creators, days, startDate, seed, dirtyRate, layout, files, 0.0, 0.0);
  }

  public static final LocalDate DEFAULT_START = LocalDate.of(2026, 8, 1);
  public static final String LAYOUT_HIVE = "hive";
  public static final String LAYOUT_FLAT = "flat";

  public GeneratorConfig {
    if (creators < 1) {
      throw new UserError("--creators must be at least 1, got " + creators);
    }
    if (days < 2) {
      throw new UserError("--days must be at least 2, got " + days);
    }
    if (dirtyRate < 0 || dirtyRate > 0.5) {
      throw new UserError("--dirty-rate must be between 0 and 0.5, got " + dirtyRate);
    }
    if (!LAYOUT_HIVE.equals(layout) && !LAYOUT_FLAT.equals(layout)) {
      throw new UserError("--layout must be hive or flat, got " + layout);
    }
    if (missingSponsoredShare < 0 || missingSponsoredShare > 1) {
      throw new UserError("--missing-sponsored-share must be between 0 and 1, got " + missingSponsoredShare);
    }
    if (unknownNicheShare < 0 || unknownNicheShare > 1) {
      throw new UserError("--unknown-niche-share must be between 0 and 1, got " + unknownNicheShare);
    }
    if (files < 0) {
      throw new UserError("--files must be 0 or more, got " + files);
    }
  }

  public LocalDate endDate() {
    return startDate.plusDays(days - 1L);
  }
}
