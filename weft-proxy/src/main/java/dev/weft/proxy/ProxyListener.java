package dev.weft.proxy;

import java.io.IOException;

/**
 * Receives proxy events, for metrics, the status page and tests. Callbacks run on connection
 * threads or health-check threads, possibly concurrently; they must be quick and must not block.
 * An exception thrown by a callback is logged and ignored.
 */
public interface ProxyListener {
  /** The null object: ignores every event. */
  ProxyListener NONE = new ProxyListener() {};

  /** A proxied connection ended. */
  default void sessionClosed(SessionSummary session) {}

  /** A backend changed state: up, down, draining, ejected. {@code reason} says why, in words. */
  default void backendStateChanged(String backend, BackendState from, BackendState to, String reason) {}

  /** An active health check finished. */
  default void healthChecked(String backend, HealthResult result) {}

  /** A connect attempt to a backend failed; the proxy retries another if it may. */
  default void connectFailed(String backend, IOException error) {}
}
