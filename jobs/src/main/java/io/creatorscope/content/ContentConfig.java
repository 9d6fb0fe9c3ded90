package io.creatorscope.content;

import io.creatorscope.common.ConfigKey;
import io.creatorscope.common.Settings;
import io.creatorscope.common.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of the content signals read from captions, hashtags and mentions (docs/input-contract.md for sponsored
 * posts, docs/engagement.md for niches).
 *
 * @param sponsoredMarkers what marks a post as paid when its is_sponsored is null: entries starting with {@code #}
 *     are tags (a post's tag equal to one, case-insensitive), the others phrases (whole words in the caption)
 * @param nicheKeywords per niche, the tags (without {@code #}) that point to it
 * @param nicheMinPosts posts in the engagement window carrying a niche's tags needed to infer that niche
 * @param brandDays days up to the as-of date whose sponsored posts make creator_brands
 */
public record ContentConfig(List<String> sponsoredMarkers, Map<String, List<String>> nicheKeywords,
    int nicheMinPosts, int brandDays) {

  /**
   * English disclosure tags and phrases (FTC and ASA guidance: #ad, #sponsored, "paid partnership"), the German ones
   * the law requires there (#werbung, #anzeige), the French, Spanish and Italian ones, and the platforms' own label.
   * Not #collab (creators collaborate unpaid), #gifted or #pr (a free product is not a paid post): they would make
   * organic posts paid.
   */
  public static final ConfigKey.Text SPONSORED_MARKERS = new ConfigKey.Text("content.sponsored_markers",
      "#ad,#ads,#advert,#advertisement,#sponsored,#spon,#partner,#paidpartnership,#brandpartner,#werbung,#anzeige,"
          + "#publicite,#publicidad,#pubblicita,paid partnership,sponsored by,in partnership with,paid promotion",
      "a comma-separated list of #tags and phrases");
  public static final ConfigKey.Whole NICHE_MIN_POSTS = new ConfigKey.Whole("content.niche_min_posts", 2L, 1, 1000);
  public static final ConfigKey.Whole BRAND_DAYS = new ConfigKey.Whole("content.brand_days", 365L, 1, 3650);

  /** Widely used tags of each niche the generator and the sample data know; a list per key. */
  static final Map<String, String> NICHE_DEFAULTS = new LinkedHashMap<>();

  static {
    NICHE_DEFAULTS.put("fitness", "fitness,gym,workout,fitfam,bodybuilding,crossfit,fitnessmotivation,"
        + "personaltrainer,hiit,gains,legday");
    NICHE_DEFAULTS.put("beauty", "beauty,makeup,skincare,mua,lipstick,nails,makeuptutorial,skincareroutine,"
        + "cosmetics,haircare,glowup");
    NICHE_DEFAULTS.put("fashion", "fashion,ootd,style,outfit,streetstyle,fashionblogger,lookbook,styleinspo,"
        + "menswear,outfitoftheday");
    NICHE_DEFAULTS.put("food", "food,foodie,recipe,cooking,foodporn,homemade,baking,foodblogger,yummy,"
        + "healthyfood,instafood");
    NICHE_DEFAULTS.put("travel", "travel,wanderlust,travelgram,adventure,roadtrip,backpacking,traveltheworld,"
        + "instatravel,vacation,explore");
    NICHE_DEFAULTS.put("gaming", "gaming,gamer,twitch,esports,videogames,ps5,xbox,nintendo,pcgaming,streamer");
    NICHE_DEFAULTS.put("tech", "tech,technology,gadgets,coding,programming,smartphone,techreview,developer,"
        + "software,setup");
    NICHE_DEFAULTS.put("parenting", "parenting,momlife,dadlife,motherhood,toddler,momblogger,parenthood,newborn,"
        + "familytime,mumlife");
    NICHE_DEFAULTS.put("finance", "finance,investing,money,stocks,personalfinance,crypto,financialfreedom,"
        + "budgeting,wealth,passiveincome");
    NICHE_DEFAULTS.put("music", "music,musician,singer,guitar,newmusic,producer,hiphop,songwriter,livemusic,"
        + "piano");
    NICHE_DEFAULTS.put("pets", "pets,dogsofinstagram,catsofinstagram,puppy,petlovers,kitten,doglife,"
        + "petsofinstagram,dogs,cats");
    NICHE_DEFAULTS.put("home", "homedecor,interiordesign,diy,homesweethome,decor,interior,gardening,renovation,"
        + "homeinspo,cleaning");
    NICHE_DEFAULTS.put("sports", "sports,football,soccer,basketball,nba,athlete,tennis,cycling,golf,matchday");
    NICHE_DEFAULTS.put("education", "education,learning,studygram,teacher,student,studytips,languagelearning,"
        + "science,edutok,studywithme");
  }

  /** One key per niche: content.niche_keywords.NICHE. */
  public static final List<ConfigKey.Text> NICHE_KEYWORDS = NICHE_DEFAULTS.entrySet().stream()
      .map(e -> new ConfigKey.Text("content.niche_keywords." + e.getKey(), e.getValue(),
          "a comma-separated list of tags without #"))
      .toList();

  public static final List<ConfigKey<?>> ALL = all();
  public static final Set<String> KEYS = Settings.names(ALL);

  private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_]+");

  public ContentConfig {
    sponsoredMarkers = List.copyOf(sponsoredMarkers);
    nicheKeywords = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nicheKeywords));
    NICHE_MIN_POSTS.check((long) nicheMinPosts);
    BRAND_DAYS.check((long) brandDays);
  }

  private static List<ConfigKey<?>> all() {
    List<ConfigKey<?>> keys = new ArrayList<>(List.of(SPONSORED_MARKERS, NICHE_MIN_POSTS, BRAND_DAYS));
    keys.addAll(NICHE_KEYWORDS);
    return List.copyOf(keys);
  }

  public static ContentConfig defaults() {
    return from(Settings.empty());
  }

  public static ContentConfig from(Settings s) {
    List<String> markers = items(SPONSORED_MARKERS, s.get(SPONSORED_MARKERS));
    for (String m : markers) {
      if (m.startsWith("#") ? !TAG.matcher(m.substring(1)).matches() : !m.matches("[\\p{L}\\p{N}_ ]+")) {
        throw new UserError(SPONSORED_MARKERS.name() + ": '" + m + "' is neither a #tag (letters, digits, _) nor "
            + "a phrase of words");
      }
    }
    Map<String, List<String>> niches = new LinkedHashMap<>();
    for (ConfigKey.Text key : NICHE_KEYWORDS) {
      List<String> tags = items(key, s.get(key));
      for (String t : tags) {
        if (!TAG.matcher(t).matches()) {
          throw new UserError(key.name() + ": '" + t + "' is not a tag without # (letters, digits, _)");
        }
      }
      niches.put(key.name().substring(key.name().lastIndexOf('.') + 1), tags);
    }
    return new ContentConfig(markers, niches, Math.toIntExact(s.get(NICHE_MIN_POSTS)),
        Math.toIntExact(s.get(BRAND_DAYS)));
  }

  /** The lower-case, trimmed, non-empty items of a comma-separated value. */
  private static List<String> items(ConfigKey<String> key, String value) {
    List<String> out = Arrays.stream(value.split(",")).map(v -> v.trim().toLowerCase(java.util.Locale.ROOT))
        .filter(v -> !v.isEmpty()).distinct().toList();
    if (out.isEmpty()) {
      throw new UserError(key.name() + " lists nothing");
    }
    return out;
  }

  /** The marker tags, without {@code #}. */
  public List<String> markerTags() {
    return sponsoredMarkers.stream().filter(m -> m.startsWith("#")).map(m -> m.substring(1)).toList();
  }

  /** The marker phrases. */
  public List<String> markerPhrases() {
    return sponsoredMarkers.stream().filter(m -> !m.startsWith("#")).toList();
  }
}
