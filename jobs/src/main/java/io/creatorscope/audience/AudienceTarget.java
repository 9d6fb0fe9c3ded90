package io.creatorscope.audience;

import io.creatorscope.common.UserError;
import java.math.BigDecimal;

/**
 * One target of a brief: at least {@code minShare} of a creator's followers in {@code bucket} of
 * {@code dimension}, e.g. {@code --audience-country US:0.4}.
 */
public record AudienceTarget(Dimension dimension, String bucket, double minShare) {

  /** Parses {@code BUCKET:SHARE} given to the option of {@code dimension}; a malformed value is a user error. */
  public static AudienceTarget parse(Dimension dimension, String text) {
    String option = "--audience-" + dimension.label();
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1 || text.substring(0, colon).isBlank()) {
      throw new UserError(option + " '" + text + "': expected BUCKET:SHARE, e.g. " + example(dimension));
    }
    double share;
    try {
      // BigDecimal reads plain decimal notation only: NaN or 0x1p-1 are not shares.
      share = new BigDecimal(text.substring(colon + 1).trim()).doubleValue();
    } catch (NumberFormatException e) {
      throw new UserError(option + " '" + text + "': the share after ':' is not a number; expected BUCKET:SHARE, "
          + "e.g. " + example(dimension));
    }
    if (share < 0 || share > 1) {
      throw new UserError(option + " '" + text + "': the share must be from 0 to 1 (0.4 = 40% of the followers)");
    }
    return new AudienceTarget(dimension, dimension.normalise(text.substring(0, colon)), share);
  }

  private static String example(Dimension dimension) {
    return switch (dimension) {
      case COUNTRY -> "US:0.4";
      case AGE -> "18-24:0.3";
      case GENDER -> "female:0.5";
    };
  }

  @Override
  public String toString() {
    return dimension.label() + " " + bucket + " >= " + minShare;
  }
}
