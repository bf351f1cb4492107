package dev.weft.proxy;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of a running proxy.
 *
 * @param active proxied connections open now
 * @param total proxied connections since start
 * @param terminations how many connections ended, by termination
 * @param backends every backend, in config order
 */
public record ProxyStats(
    int active, long total, Map<Termination, Long> terminations, List<BackendStats> backends) {

  /** The backend named {@code name}, or null. */
  public BackendStats backend(String name) {
    return backends.stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
  }
}
