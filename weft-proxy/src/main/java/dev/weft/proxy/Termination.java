package dev.weft.proxy;

/**
 * Why a proxied connection ended: the first thing that happened, which decides who closed first.
 * Reported in {@link SessionSummary} and the per-connection log line.
 */
public enum Termination {
  /** The client half-closed first; the backend then finished. */
  CLIENT_EOF(Side.CLIENT),
  /** The backend half-closed first; the client then finished. */
  BACKEND_EOF(Side.BACKEND),
  /** The client's socket failed (reset, broken pipe). */
  CLIENT_ERROR(Side.CLIENT),
  /** The backend's socket failed (reset, broken pipe). */
  BACKEND_ERROR(Side.BACKEND),
  /** No byte moved either way for the idle timeout. */
  IDLE_TIMEOUT(Side.PROXY),
  /** The connection reached the maximum duration. */
  MAX_DURATION(Side.PROXY),
  /** Every connect attempt failed or timed out. */
  CONNECT_FAILED(Side.PROXY),
  /** No backend was up (or every one in the routed group was down, draining or ejected). */
  NO_BACKEND(Side.PROXY),
  /** Every eligible backend was at its connection limit and the queue was full or timed out. */
  QUEUE_TIMEOUT(Side.PROXY),
  /** The backend went down and the policy is {@link OnBackendDown#KILL}. */
  BACKEND_DOWN(Side.PROXY),
  /** The proxy shut down (or the listener's setup, such as a TLS handshake, failed before routing). */
  SHUTDOWN(Side.PROXY),
  /** Routing failed: the router (an SNI peek) threw. */
  ROUTE_FAILED(Side.PROXY);

  /** Who ended the connection. */
  public enum Side {
    CLIENT,
    BACKEND,
    PROXY
  }

  private final Side closedBy;

  Termination(Side closedBy) {
    this.closedBy = closedBy;
  }

  /** Who ended the connection first. */
  public Side closedBy() {
    return closedBy;
  }
}
