package dev.weft.pool;

/** Why a pool closed one of its connections ({@link PoolListener#evicted}). */
public enum EvictReason {
  /** Idle in the pool longer than {@code idleTimeout}. */
  IDLE_TIMEOUT,
  /** Older than {@code maxLifetime} (less its jitter). */
  MAX_LIFETIME,
  /** The liveness check found the peer had closed or half-closed it, or it had failed. */
  PEER_CLOSED,
  /** The liveness check found bytes that nobody asked for on an idle plain-TCP connection. */
  UNEXPECTED_DATA,
  /** Returned with unread input buffered: the next user would read someone else's reply. */
  UNREAD_DATA,
  /** It failed while leased (an I/O error or EOF through the lease), or the user marked it broken or closed it. */
  BROKEN,
  /** The user-supplied {@link ConnValidator} rejected it or threw. */
  VALIDATION_FAILED,
  /** The pool was closed: idle connections at once, leased ones on return or at the deadline. */
  POOL_CLOSED
}
