package dev.weft.proxy;

import dev.weft.net.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

/** Base for proxy tests: closes what a test opened, and records the proxy's events. */
abstract class Fixture {
  private final List<AutoCloseable> open = new ArrayList<>();
  final List<SessionSummary> sessions = new CopyOnWriteArrayList<>();
  final List<String> stateChanges = new CopyOnWriteArrayList<>();
  /** The reasons of the state changes, as the proxy logs them. */
  final List<String> stateReasons = new CopyOnWriteArrayList<>();

  final ProxyListener recorder = new ProxyListener() {
    @Override
    public void sessionClosed(SessionSummary s) {
      sessions.add(s);
    }

    @Override
    public void backendStateChanged(String backend, BackendState from, BackendState to, String reason) {
      stateChanges.add(backend + " " + from + "->" + to);
      stateReasons.add(reason);
    }
  };

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  <T extends AutoCloseable> T track(T c) {
    open.add(c);
    return c;
  }

  /** A proxy builder on 127.0.0.1:0 recording events, with {@code backends} by their server names. */
  ProxyConfig.Builder proxy(Server... backends) {
    ProxyConfig.Builder b = Proxy.builder().listen("127.0.0.1", 0).listener(recorder);
    for (Server s : backends) {
      b.backend(BackendConfig.of(s.address()).withName(s.config().name()));
    }
    return b;
  }

  Proxy start(ProxyConfig.Builder b) throws Exception {
    return track(b.start());
  }

  /** The sessions that ended with {@code t}. */
  long ended(Termination t) {
    return sessions.stream().filter(s -> s.termination() == t).count();
  }
}
