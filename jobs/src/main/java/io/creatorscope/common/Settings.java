package io.creatorscope.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The optional configuration file: Java properties ({@code key = value}), read from any file system Hadoop knows
 * (local, HDFS, S3) so it works in cluster deploy mode too. Unknown keys are rejected, so a typo never silently
 * falls back to a default, and values are checked against their key's declared range ({@link ConfigKey}), so a
 * {@code NaN} weight or a misspelt flag never silently becomes a number or {@code false}. Every key, its default
 * and its range is documented in docs/configuration.md.
 */
public final class Settings {
  private final String source;
  private final Map<String, String> values;

  private Settings(String source, Map<String, String> values) {
    this.source = source;
    this.values = Map.copyOf(values);
  }

  public static Settings empty() {
    return new Settings("defaults", Map.of());
  }

  public static Settings of(Map<String, String> values, Set<String> knownKeys) {
    Settings s = new Settings("settings", values);
    s.rejectUnknown(knownKeys);
    return s;
  }

  public static Settings load(Optional<String> file, Set<String> knownKeys, Configuration hadoopConf) {
    if (file.isEmpty()) {
      return empty();
    }
    Path path = new Path(file.get());
    Properties props = new Properties();
    try (InputStream in = path.getFileSystem(hadoopConf).open(path)) {
      props.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UserError(file.get() + ": cannot read configuration file (" + e.getMessage() + ")", e);
    }
    Map<String, String> values = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> values.put(k.trim(), props.getProperty(k).trim()));
    Settings s = new Settings(file.get(), values);
    s.rejectUnknown(knownKeys);
    return s;
  }

  private void rejectUnknown(Set<String> knownKeys) {
    for (String key : new TreeSet<>(values.keySet())) {
      if (!knownKeys.contains(key)) {
        throw new UserError(source + ": unknown configuration key '" + key + "' (known keys: "
            + String.join(", ", new TreeSet<>(knownKeys)) + ")");
      }
    }
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * The value of {@code key}: its default when unset, else the set value, strictly parsed and within the key's
   * range; anything else is one {@link UserError} naming the file, the key, the value and what is allowed.
   */
  public <T> T get(ConfigKey<T> key) {
    String v = values.get(key.name());
    if (v == null) {
      return key.defaultValue();
    }
    try {
      return key.parse(v);
    } catch (IllegalArgumentException e) {
      throw new UserError(source + ": " + key.name() + " = '" + v + "' is not allowed: expected " + key.allowed());
    }
  }

  /** The names of {@code keys}, the set a config record declares as its known keys. */
  public static Set<String> names(List<ConfigKey<?>> keys) {
    Set<String> names = new TreeSet<>();
    keys.forEach(k -> names.add(k.name()));
    return Set.copyOf(names);
  }

  /** The effective values that were set, sorted, for logging and the run manifest. */
  public Map<String, String> values() {
    return new TreeMap<>(values);
  }

  public String source() {
    return source;
  }
}
