package dev.weft.proxy.internal;

import dev.weft.proxy.Balance;
import java.net.InetAddress;
import java.util.List;

/**
 * Picks one backend from a non-empty list of candidates (all available, all in one tier and
 * group). Implementations are thread-safe and never block.
 */
public interface Balancer {
  Backend pick(List<Backend> candidates, InetAddress source);

  /**
   * Picks for a retry after a failed connect. The default, the least loaded candidate, leaves
   * the algorithm's rotation alone, so a dead backend does not shift round-robin's turn onto
   * itself for the next client. Stateless algorithms override it with {@link #pick}.
   */
  default Backend pickForRetry(List<Backend> candidates, InetAddress source) {
    Backend best = candidates.get(0);
    for (Backend b : candidates) {
      if (lessLoaded(b, best)) {
        best = b;
      }
    }
    return best;
  }

  /** The balancer for {@code balance} over {@code all}, the pool's full backend list. */
  static Balancer of(Balance balance, List<Backend> all) {
    return switch (balance) {
      case ROUND_ROBIN -> new RoundRobin();
      case WEIGHTED_ROUND_ROBIN -> new SmoothWeighted();
      case LEAST_CONNECTIONS -> new LeastConnections();
      case POWER_OF_TWO -> new PowerOfTwo();
      case SOURCE_HASH -> new ConsistentHash(all);
    };
  }

  /** Load per unit of weight, compared without division: a/wa < b/wb. */
  static boolean lessLoaded(Backend a, Backend b) {
    return (long) a.active() * b.config().weight() < (long) b.active() * a.config().weight();
  }
}
