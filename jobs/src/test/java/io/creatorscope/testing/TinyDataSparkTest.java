package io.creatorscope.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A class of the integration tier whose datasets are tiny: while it runs, the shared session is in
 * {@link SparkTestBase#TINY_DATA} mode, and so are the sessions its commands start from it ({@code query}'s
 * newSession() takes the shared state's settings, not this session's); the settings are put back after it.
 */
public abstract class TinyDataSparkTest extends SparkTestBase {
  private static Runnable putBack;

  @BeforeAll
  static void tinyDataSettings() {
    Map<String, String> before = new LinkedHashMap<>();
    SparkConf forNewSessions = spark.sharedState().conf();
    Map<String, String> beforeForNewSessions = new LinkedHashMap<>();
    TINY_DATA.forEach((key, value) -> {
      before.put(key, spark.conf().get(key));
      spark.conf().set(key, value);
      beforeForNewSessions.put(key, forNewSessions.contains(key) ? forNewSessions.get(key) : null);
      forNewSessions.set(key, value);
    });
    putBack = () -> {
      before.forEach(spark.conf()::set);
      beforeForNewSessions.forEach((key, value) -> {
        if (value == null) {
          forNewSessions.remove(key);
        } else {
          forNewSessions.set(key, value);
        }
      });
    };
  }

  @AfterAll
  static void putSettingsBack() {
    putBack.run();
  }
}
