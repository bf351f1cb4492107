package dev.weft.net;

/** Why the server refused a connection right after accepting it, before any byte was read. */
public enum RejectReason {
  /** The global connection limit was reached. */
  MAX_CONNECTIONS,
  /** The per-IP concurrent connection cap was reached. */
  PER_IP_LIMIT,
  /** The server was shutting down. */
  SHUTTING_DOWN
}
