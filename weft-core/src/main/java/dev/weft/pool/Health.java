package dev.weft.pool;

import java.io.IOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides on the acquiring thread whether an idle connection may be handed out: open, within
 * its lifetime, quiet on the wire (the non-blocking {@link dev.weft.net.internal.TcpConn#probe}),
 * and, if configured, approved by the user's {@link ConnValidator}.
 *
 * <p>Under TLS (or another decorator) bytes on the wire cannot be judged without decrypting them:
 * a TLS 1.3 server may send a session ticket after the handshake. So a decorated connection is
 * rejected for EOF only; a validator covers the rest.
 */
final class Health {
  private static final Logger log = LoggerFactory.getLogger(Health.class);

  private final ConnValidator validator;
  private final long validateAfterIdleNanos;
  private final long validationTimeoutNanos;

  Health(PoolConfig config) {
    this.validator = config.validator();
    this.validateAfterIdleNanos = config.validateAfterIdle().toNanos();
    this.validationTimeoutNanos = config.validationTimeout().toNanos();
  }

  /** Null when {@code c} may be handed out, else why it must be closed. */
  EvictReason check(PooledConn c, long deadline) {
    long now = System.nanoTime();
    if (!c.conn.isOpen()) {
      return EvictReason.PEER_CLOSED;
    }
    if (c.expired(now)) {
      return EvictReason.MAX_LIFETIME;
    }
    if (c.tcp != null) {
      switch (c.tcp.probe()) {
        case EOF -> {
          return EvictReason.PEER_CLOSED;
        }
        case DATA -> {
          if (c.plain()) {
            return EvictReason.UNEXPECTED_DATA;
          }
        }
        case QUIET -> { }
      }
    }
    boolean due = validator != ConnValidator.NONE && now - c.idleSince >= validateAfterIdleNanos;
    return due && !validate(c, deadline) ? EvictReason.VALIDATION_FAILED : null;
  }

  /**
   * Whether a returned connection may be kept: open, not broken, output flushed, nothing unread,
   * not expired.
   */
  static EvictReason onReturn(PooledConn c, boolean broken) {
    if (broken || !c.conn.isOpen()) {
      return EvictReason.BROKEN;
    }
    try {
      c.conn.out().flush(); // a request written but never flushed must not ride on the next lease
      if (c.conn.in().available() > 0) {
        return EvictReason.UNREAD_DATA;
      }
    } catch (IOException e) {
      return EvictReason.BROKEN;
    }
    return c.expired(System.nanoTime()) ? EvictReason.MAX_LIFETIME : null;
  }

  private boolean validate(PooledConn c, long deadline) {
    long budget = Math.max(1_000_000, Math.min(validationTimeoutNanos, deadline - System.nanoTime()));
    try {
      c.conn.setReadDeadline(Instant.now().plusNanos(budget));
      boolean ok = validator.isValid(c.conn) && c.conn.isOpen() && c.conn.in().available() == 0;
      c.conn.setReadDeadline(null);
      return ok;
    } catch (IOException | RuntimeException e) {
      log.debug("pool validation of {} failed", c, e);
      return false;
    }
  }
}
