package dev.weft.proxy.internal;

import dev.weft.proxy.BackendState;
import dev.weft.proxy.HealthResult;
import dev.weft.proxy.ProxyListener;
import dev.weft.proxy.SessionSummary;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forwards events to the configured listener; a listener that throws is logged, never fatal. */
final class SafeProxyListener implements ProxyListener {
  private static final Logger log = LoggerFactory.getLogger(SafeProxyListener.class);

  private volatile ProxyListener target;

  SafeProxyListener(ProxyListener target) {
    this.target = target;
  }

  void replace(ProxyListener next) {
    target = next;
  }

  @Override
  public void sessionClosed(SessionSummary session) {
    safely(() -> target.sessionClosed(session));
  }

  @Override
  public void backendStateChanged(String backend, BackendState from, BackendState to, String reason) {
    safely(() -> target.backendStateChanged(backend, from, to, reason));
  }

  @Override
  public void healthChecked(String backend, HealthResult result) {
    safely(() -> target.healthChecked(backend, result));
  }

  @Override
  public void connectFailed(String backend, IOException error) {
    safely(() -> target.connectFailed(backend, error));
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.warn("proxy listener failed", e);
    }
  }
}
