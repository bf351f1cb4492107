package dev.weft.proxy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the proxy picks a backend for a new connection. */
public enum Balance {
  /** Each backend in turn. Weights are ignored. */
  ROUND_ROBIN("roundrobin"),
  /** Smooth weighted round-robin (nginx's): a backend of weight 3 gets 3 of every 4 picks against one of weight 1, interleaved rather than in bursts. */
  WEIGHTED_ROUND_ROBIN("weighted-roundrobin"),
  /** The backend with the fewest active connections per unit of weight; ties go round-robin. */
  LEAST_CONNECTIONS("leastconn"),
  /** Two backends at random, then the one with fewer active connections per unit of weight. */
  POWER_OF_TWO("random-two"),
  /** Consistent hashing of the client IP on a ring with virtual nodes: a client keeps its backend while that backend is up, and adding or removing a backend moves only its share of clients. */
  SOURCE_HASH("source-hash");

  private final String configName;

  Balance(String configName) {
    this.configName = configName;
  }

  /** The name used in YAML and on the command line, e.g. {@code leastconn}. */
  public String configName() {
    return configName;
  }

  /**
   * Parses a config name (case-insensitive; the enum constant name also works).
   *
   * @throws IllegalArgumentException listing the known names
   */
  public static Balance parse(String name) {
    for (Balance b : values()) {
      if (b.configName.equalsIgnoreCase(name) || b.name().equalsIgnoreCase(name)) {
        return b;
      }
    }
    throw new IllegalArgumentException("unknown balance '" + name + "'; expected one of: " + names());
  }

  /** The config names, comma-separated, for messages. */
  public static String names() {
    return Arrays.stream(values()).map(Balance::configName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return configName.toLowerCase(Locale.ROOT);
  }
}
