package io.creatorscope.economics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.creatorscope.common.UserError;
import java.util.Locale;
import org.apache.spark.sql.Column;

/** What a campaign plan maximises per post bought: expected engagements, expected views, or creators. */
public enum Objective {
  ENGAGEMENTS, VIEWS, CREATORS;

  /** A creator's value under this objective, from creator_economics (null or 0: not worth planning). */
  public Column value() {
    return switch (this) {
      case ENGAGEMENTS -> col("expected_interactions");
      case VIEWS -> col("expected_views");
      case CREATORS -> lit(1.0);
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Objective parse(String value) {
    for (Objective o : values()) {
      if (o.label().equalsIgnoreCase(value)) {
        return o;
      }
    }
    throw new UserError("--objective must be engagements, views or creators, got '" + value + "'");
  }
}
