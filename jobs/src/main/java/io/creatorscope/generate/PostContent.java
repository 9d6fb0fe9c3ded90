package io.creatorscope.generate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Simulated captions, hashtags and mentions. Every draw comes from the content stream the caller passes (its own
 * per creator), never from the stream of counts, so adding content changed no value the generator wrote before.
 *
 * <p>What the detectors must cope with, as in real exports: tags typical of the creator's niche mixed with generic
 * ones and a few of another niche; tags in the caption only, or also listed in the hashtags column (with or
 * without #, in any case); sponsorship disclosed in many ways (#ad in the tags or the caption, #sponsored, #werbung,
 * "Paid partnership with @brand", ...) and sometimes not at all; organic posts with lookalike tags (#adventure,
 * #adorable, #partnerincrime) and, rarely, a #partner that means a life partner.
 */
final class PostContent implements Serializable {
  /** Tags per niche (index as {@link CreatorSimulator#NICHES}): some on the shipped keyword lists, some not. */
  static final String[][] NICHE_TAGS = {
    {"fitness", "gym", "workout", "fitfam", "gymlife", "strong", "cardio", "protein"},
    {"beauty", "makeup", "skincare", "mua", "lipstick", "glam", "selfcare", "serum"},
    {"fashion", "ootd", "style", "outfit", "streetstyle", "thrifted", "sneakers", "fashionweek"},
    {"food", "foodie", "recipe", "cooking", "homemade", "baking", "brunch", "plantbased"},
    {"travel", "wanderlust", "travelgram", "roadtrip", "backpacking", "islandlife", "citybreak", "hiking"},
    {"gaming", "gamer", "twitch", "esports", "ps5", "speedrun", "retrogaming", "gamingsetup"},
    {"tech", "technology", "gadgets", "coding", "techreview", "unboxing", "smarthome", "linux"},
    {"parenting", "momlife", "dadlife", "toddler", "newborn", "familytime", "homeschool", "bedtime"},
    {"finance", "investing", "money", "stocks", "personalfinance", "budgeting", "frugal", "retirement"},
    {"music", "musician", "singer", "guitar", "newmusic", "producer", "cover", "studio"},
    {"pets", "dogsofinstagram", "catsofinstagram", "puppy", "petlovers", "rescuedog", "meow", "goodboy"},
    {"home", "homedecor", "interiordesign", "diy", "decor", "gardening", "plants", "cozyhome"},
    {"sports", "football", "soccer", "basketball", "athlete", "tennis", "marathon", "gameday"},
    {"education", "learning", "studygram", "teacher", "student", "studytips", "mathematics", "books"},
  };
  static final String[] GENERIC_TAGS = {
    "love", "instagood", "photooftheday", "happy", "weekend", "tbt", "mood", "reels", "fyp", "viral", "life",
    "inspiration", "explorepage", "goodvibes", "smile", "summer"
  };
  /** Tags that start like a marker but are none (#adventure is no #ad). */
  static final String[] LOOKALIKE_TAGS = {
    "adventure", "adorable", "advent", "adfree", "address", "admin", "partnerincrime", "spontaneous", "sponge",
    "adidasoriginals", "adhd", "sponsorme"
  };
  static final String[] BRANDS = {
    "glowlab", "fitfuel", "nordpeak", "urbanthread", "brewhaus", "pixelforge", "nestwell", "coinwise", "soundwave",
    "pawsomeco", "greenleaf", "stridepro", "learnly", "velvetskin", "trailmix", "bytebox", "cozycasa", "sprintgear",
    "lumabeauty", "snackbar", "wanderco", "gamefuel", "babybloom", "fundflow"
  };
  private static final String[] OPENERS = {
    "New post!", "Morning vibes", "Can't believe this", "Sunday reset", "Quick update", "Link in bio",
    "Thoughts?", "Best day ever", "Back at it", "Little routine of mine", "You asked, here it is", "Weekend mode"
  };
  /** Organic sentences with the words of markers but no marker: "ad" alone, "not sponsored", "my partner". */
  private static final String[] ORGANIC_LOOKALIKE_TEXT = {
    "Not sponsored, just love it.", "Skipped the ad break for this.", "My partner took this one.",
    "Partnership goals with this one"
  };

  /**
   * A post's content, in the input columns; hashtags and mentions null where the export lists none. Scala lists,
   * which Spark's row encoder takes and which compare by value, so simulated rows stay comparable.
   */
  record Content(String caption, scala.collection.immutable.List<String> hashtags,
      scala.collection.immutable.List<String> mentions) {}

  /** The brands a creator works with: one to three. */
  static String[] brandsOf(SplittableRandom content) {
    int n = 1 + content.nextInt(3);
    String[] brands = new String[n];
    for (int i = 0; i < n; i++) {
      brands[i] = BRANDS[content.nextInt(BRANDS.length)];
    }
    return brands;
  }

  /**
   * The content of one post of a creator of {@code niche} with a side interest in {@code sideNiche};
   * {@code sponsored} posts promote one of {@code brands}.
   */
  static Content draw(SplittableRandom content, int niche, int sideNiche, boolean sponsored, String[] brands) {
    List<String> tags = new ArrayList<>();
    // Not every post is on topic: 40% carry no tag of the niche, and a side interest gets a quarter of the posts.
    int topic = content.nextDouble() < 0.25 ? sideNiche : niche;
    int nicheTags = content.nextDouble() < 0.4 ? 0 : 1 + content.nextInt(2);
    for (int i = 0; i < nicheTags; i++) {
      tags.add(NICHE_TAGS[topic][content.nextInt(NICHE_TAGS[topic].length)]);
    }
    int generic = content.nextInt(4);
    for (int i = 0; i < generic; i++) {
      tags.add(GENERIC_TAGS[content.nextInt(GENERIC_TAGS.length)]);
    }
    if (content.nextDouble() < 0.2) {
      int other = content.nextInt(NICHE_TAGS.length);
      tags.add(NICHE_TAGS[other][content.nextInt(NICHE_TAGS[other].length)]);
    }
    if (content.nextDouble() < 0.08) {
      tags.add(LOOKALIKE_TAGS[content.nextInt(LOOKALIKE_TAGS.length)]);
    }
    StringBuilder caption = new StringBuilder(OPENERS[content.nextInt(OPENERS.length)]);
    List<String> mentions = new ArrayList<>();
    List<String> captionOnly = new ArrayList<>();
    if (sponsored) {
      String brand = brands[content.nextInt(brands.length)];
      if (content.nextDouble() < 0.9) {
        mentions.add("@" + brand);
      }
      if (content.nextDouble() < 0.4) {
        tags.add(brand);
      }
      disclose(content, caption, tags, captionOnly, brand);
    } else {
      if (content.nextDouble() < 0.03) {
        caption.append(' ').append(ORGANIC_LOOKALIKE_TEXT[content.nextInt(ORGANIC_LOOKALIKE_TEXT.length)]);
      }
      if (content.nextDouble() < 0.003) {
        captionOnly.add("#partner");
      }
      if (content.nextDouble() < 0.15) {
        mentions.add("@friend_" + Integer.toString(content.nextInt(5000), 36));
      }
      if (content.nextDouble() < 0.03) {
        mentions.add("@" + BRANDS[content.nextInt(BRANDS.length)]);
      }
    }
    for (String t : tags) {
      caption.append(" #").append(t);
    }
    captionOnly.forEach(t -> caption.append(' ').append(t));
    // Half the exports list the tags (as written, or lower case without #); the others leave them in the caption.
    List<String> hashtags = null;
    if (content.nextBoolean()) {
      boolean bare = content.nextBoolean();
      hashtags = tags.stream().map(t -> bare ? t.toLowerCase(Locale.ROOT) : "#" + t).toList();
    }
    return new Content(caption.toString(), scala(hashtags), mentions.isEmpty() ? null : scala(mentions));
  }

  private static scala.collection.immutable.List<String> scala(List<String> values) {
    return values == null ? null : scala.collection.JavaConverters.asScalaBuffer(values).toList();
  }

  /** How a sponsored post says so: in its tags, its caption, or (3%) not at all. */
  private static void disclose(SplittableRandom content, StringBuilder caption, List<String> tags,
      List<String> captionOnly, String brand) {
    double u = content.nextDouble();
    if (u < 0.25) {
      tags.add(0, "ad");
    } else if (u < 0.45) {
      captionOnly.add(new String[] {"#ad", "#Ad", "#AD", "(#ad)"}[content.nextInt(4)]);
    } else if (u < 0.60) {
      tags.add(content.nextBoolean() ? "sponsored" : "Sponsored");
    } else if (u < 0.70) {
      caption.insert(0, "Paid partnership with @" + brand + ". ");
    } else if (u < 0.75) {
      tags.add("partner");
    } else if (u < 0.83) {
      tags.add(content.nextBoolean() ? "werbung" : "anzeige");
    } else if (u < 0.90) {
      tags.add(new String[] {"advert", "spon", "paidpartnership"}[content.nextInt(3)]);
    } else if (u < 0.97) {
      caption.append(content.nextBoolean() ? " Sponsored by @" : " In partnership with @").append(brand);
    }
  }
}
