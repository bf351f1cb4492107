package dev.weft.net;

import java.net.InetSocketAddress;

/**
 * Decides on the acceptor thread, before any byte is read, whether a new connection may
 * proceed: access lists, connection-rate limits. It must be quick and must not block.
 */
@FunctionalInterface
public interface AdmissionCheck {
  /** Admits everyone. */
  AdmissionCheck ALLOW_ALL = remote -> null;

  /**
   * @return null to admit {@code remote}, or the reason to reject it
   */
  RejectReason check(InetSocketAddress remote);

  /** Rejects if this or {@code next} rejects; this one's reason wins. */
  default AdmissionCheck and(AdmissionCheck next) {
    if (this == ALLOW_ALL) {
      return next;
    }
    if (next == ALLOW_ALL) {
      return this;
    }
    return remote -> {
      RejectReason r = check(remote);
      return r != null ? r : next.check(remote);
    };
  }
}
