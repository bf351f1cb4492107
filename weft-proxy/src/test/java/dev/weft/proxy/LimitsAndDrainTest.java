package dev.weft.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.Server;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-backend slots with a bounded queue, per-listener limits from core, and drain. */
@Timeout(60)
class LimitsAndDrainTest extends Fixture {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Proxy oneSlot(Server a, int queue, Duration queueTimeout) throws Exception {
    return start(Proxy.builder().listen("127.0.0.1", 0).listener(recorder).retries(0)
        .backend(BackendConfig.of(a.address()).withName("a").withMaxConnections(1, queue))
        .queueTimeout(queueTimeout));
  }

  @Test
  void aConnectionQueuesForAFullBackendAndGetsTheFreedSlot() throws Exception {
    Server a = track(Peers.named("a"));
    Proxy proxy = oneSlot(a, 1, Duration.ofSeconds(20));
    Socket first = Peers.connect(proxy.address());
    assertThat(Peers.line(first.getInputStream())).isEqualTo("a");
    CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
      try {
        return Peers.greeting(proxy.address());
      } catch (Exception e) {
        return e.toString();
      }
    });
    await().atMost(WAIT).until(() -> proxy.stats().backend("a").queued() == 1);
    assertThat(second).isNotDone();
    first.close();
    assertThat(second.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("a");
  }

  @Test
  void aQueuedConnectionGivesUpAtTheQueueTimeout() throws Exception {
    Server a = track(Peers.named("a"));
    Proxy proxy = oneSlot(a, 1, Duration.ofMillis(200));
    try (Socket first = Peers.connect(proxy.address())) {
      // The first must hold the slot before the second arrives: dialled together, either may win it.
      assertThat(Peers.line(first.getInputStream())).isEqualTo("a");
      try (Socket second = Peers.connect(proxy.address())) {
        assertThat(second.getInputStream().read()).isEqualTo(-1);
      }
    }
    await().atMost(WAIT).until(() -> ended(Termination.QUEUE_TIMEOUT) == 1);
    assertThat(sessions).filteredOn(s -> s.termination() == Termination.QUEUE_TIMEOUT)
        .singleElement().satisfies(s -> assertThat(s.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(200)));
  }

  @Test
  void aFullQueueTurnsConnectionsAwayAtOnce() throws Exception {
    Server a = track(Peers.named("a"));
    Proxy proxy = oneSlot(a, 0, Duration.ofSeconds(30));
    try (Socket first = Peers.connect(proxy.address())) {
      assertThat(Peers.line(first.getInputStream())).isEqualTo("a");
      try (Socket second = Peers.connect(proxy.address())) {
        assertThat(second.getInputStream().read()).isEqualTo(-1); // at once: not after 30 s
      }
    }
    await().atMost(WAIT).until(() -> ended(Termination.QUEUE_TIMEOUT) == 1);
  }

  @Test
  void aFullBackendIsSkippedWhileAnotherHasRoom() throws Exception {
    Server a = track(Peers.named("a"));
    Server b = track(Peers.named("b"));
    Proxy proxy = start(Proxy.builder().listen("127.0.0.1", 0)
        .backend(BackendConfig.of(a.address()).withName("a").withMaxConnections(1, 0))
        .backend(BackendConfig.of(b.address()).withName("b")));
    try (Socket held = Peers.connect(proxy.address())) {
      assertThat(Peers.line(held.getInputStream())).isEqualTo("a");
      for (int i = 0; i < 4; i++) {
        assertThat(Peers.greeting(proxy.address())).isEqualTo("b");
      }
    }
  }

  @Test
  void listenerLimitComesFromCore() throws Exception {
    Server a = track(Peers.named("a"));
    Proxy proxy = start(proxy(a).server(dev.weft.net.ServerConfig.builder().listen("127.0.0.1", 0).maxConnectionsPerIp(1).build()));
    try (Socket first = Peers.connect(proxy.address())) {
      assertThat(Peers.line(first.getInputStream())).isEqualTo("a");
      try (Socket second = Peers.connect(proxy.address())) {
        assertThat(second.getInputStream().read()).isEqualTo(-1); // rejected by core's per-IP limit
      }
    }
  }

  @Test
  void drainedBackendTakesNoNewConnectionsAndReportsWhenEmpty() throws Exception {
    Server a = track(Peers.named("a"));
    Server b = track(Peers.named("b"));
    Proxy proxy = start(proxy(a, b));
    Socket onA = Peers.connect(proxy.address());
    InputStream in = onA.getInputStream();
    assertThat(Peers.line(in)).isEqualTo("a");

    proxy.drain("a");
    assertThat(proxy.stats().backend("a").state()).isEqualTo(BackendState.DRAINING);
    for (int i = 0; i < 4; i++) {
      assertThat(Peers.greeting(proxy.address())).isEqualTo("b");
    }
    assertThat(proxy.activeConnections("a")).isEqualTo(1);
    assertThat(proxy.isEmpty("a")).isFalse();
    onA.getOutputStream().write("still served\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(Peers.line(in)).isEqualTo("still served");

    onA.close();
    await().atMost(WAIT).until(() -> proxy.isEmpty("a"));
    proxy.undrain("a");
    assertThat(proxy.stats().backend("a").state()).isEqualTo(BackendState.UP);
    assertThat(stateChanges).containsSubsequence("a UP->DRAINING", "a DRAINING->UP");
  }

  @Test
  void drainingAnUnknownBackendIsAClearError() throws Exception {
    Server a = track(Peers.named("a"));
    Proxy proxy = start(proxy(a));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> proxy.drain("zz"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no backend named 'zz'");
  }
}
