package dev.weft.proxy;

/** Where a backend stands, as reported in {@link BackendStats} and {@link ProxyListener} events. */
public enum BackendState {
  /** Takes new connections. */
  UP,
  /** The active health check failed {@code fall} times in a row; no new connections until it passes {@code rise} times. */
  DOWN,
  /** Taken out by {@link Proxy#drain}: no new connections; established ones continue. */
  DRAINING,
  /** Passive health: too many connect failures in a row; no new connections until the ejection time passes. */
  EJECTED
}
