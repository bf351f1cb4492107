package dev.weft.net;

/** Why the server refused a connection right after accepting it, before any byte was read. */
public enum RejectReason {
  /** The global connection limit was reached. */
  MAX_CONNECTIONS,
  /** The per-IP concurrent connection cap was reached. */
  PER_IP_LIMIT,
  /** An access list (CIDR deny, or not on the allow list) refused the address. */
  ACCESS_DENIED,
  /** The per-IP new-connection rate refused the connection. */
  RATE_LIMITED,
  /** The global accept rate (all addresses together) refused the connection. */
  ACCEPT_RATE_LIMITED,
  /** Repeated authentication failures locked the address out for a while. */
  LOCKED_OUT,
  /** The server was shutting down. */
  SHUTTING_DOWN
}
