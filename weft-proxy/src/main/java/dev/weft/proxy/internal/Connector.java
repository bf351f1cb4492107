package dev.weft.proxy.internal;

import dev.weft.net.Conn;
import dev.weft.proxy.ProxyConfig;
import dev.weft.proxy.Termination;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Connects one session to a backend: pick, take a slot (queueing when every candidate is full),
 * dial, send the PROXY header; on a connect failure or timeout, count it against the backend
 * (passive health) and try another, up to {@code 1 + retries} attempts, before the client sees
 * anything. Runs on the client connection's thread.
 */
final class Connector {
  private final Engine engine;
  private final ProxyConfig config;
  private final Pool pool;
  private final Session session;
  private final List<Backend> tried = new ArrayList<>(2);

  Connector(Engine engine, ProxyConfig config, Pool pool, Session session) {
    this.engine = engine;
    this.config = config;
    this.pool = pool;
    this.session = session;
  }

  /** True when connected; otherwise the session's termination says why not. */
  boolean connect(String group, InetAddress source) {
    Termination failure = Termination.NO_BACKEND;
    IOException lastError = null;
    for (int attempt = 0; attempt <= config.retries(); attempt++) {
      Backend b = pool.choose(group, source, tried, attempt > 0);
      if (b == null && failure == Termination.CONNECT_FAILED) {
        // Every candidate refused once: go round again (a backend restarting, a full accept
        // queue). Not after a queue timeout: that would wait the whole queue timeout again.
        b = pool.choose(group, source, List.of(), true);
      }
      if (b == null) {
        break;
      }
      tried.add(b);
      session.attempt();
      Slots slots = b.slots();
      if (!takeSlot(slots)) {
        if (Thread.currentThread().isInterrupted()) {
          session.end(Termination.SHUTDOWN, null);
          return false;
        }
        failure = Termination.QUEUE_TIMEOUT;
        continue;
      }
      try {
        Conn conn = pool.dialer(b).dial(b.config().address());
        session.connected(b, conn, slots);
        b.opened(session);
        b.connectSucceeded();
        engine.sendHeader(session, b, conn, config);
        return true;
      } catch (IOException | RuntimeException e) {
        if (session.backend() == b) {
          session.end(Termination.BACKEND_ERROR, e); // the header write failed after connect
          return false;
        }
        slots.release();
        failure = Termination.CONNECT_FAILED;
        lastError = e instanceof IOException io ? io : new IOException(e);
        b.connectFailed(config.ejection());
        engine.events().connectFailed(b.name(), lastError);
      }
    }
    session.end(failure, lastError);
    return false;
  }

  private boolean takeSlot(Slots slots) {
    try {
      return slots.acquire(config.queueTimeout().toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
