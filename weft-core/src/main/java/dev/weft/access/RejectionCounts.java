package dev.weft.access;

import dev.weft.net.ConnectionListener;
import dev.weft.net.RejectReason;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every rejection a server makes, by reason, including those {@link AccessControl} does
 * not see ({@code MAX_CONNECTIONS}, {@code PER_IP_LIMIT}, {@code SHUTTING_DOWN}). Install it with
 * {@code ServerConfig.Builder.listener(...)}, combined through {@link ConnectionListener#all}.
 * Thread-safe; counting never blocks.
 */
public final class RejectionCounts implements ConnectionListener {
  private final Map<RejectReason, LongAdder> counts = new EnumMap<>(RejectReason.class);

  public RejectionCounts() {
    for (RejectReason r : RejectReason.values()) {
      counts.put(r, new LongAdder());
    }
  }

  @Override
  public void rejected(InetSocketAddress remote, RejectReason reason) {
    counts.get(reason).increment();
  }

  /** Rejections with {@code reason} so far. */
  public long count(RejectReason reason) {
    return counts.get(reason).sum();
  }

  /** Every reason with its count so far, zeros included, in declaration order. */
  public Map<RejectReason, Long> snapshot() {
    Map<RejectReason, Long> m = new EnumMap<>(RejectReason.class);
    counts.forEach((r, c) -> m.put(r, c.sum()));
    return m;
  }
}
