package dev.weft.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.net.NetException;
import dev.weft.net.Server;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** reconfigure(), the PROXY header and routing hooks, and listeners that misbehave. */
@Timeout(60)
class ReconfigureAndHooksTest extends Fixture {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void reconfigureKeepsEstablishedConnectionsAndCarriesStateOver() throws Exception {
    Server a = track(Peers.named("a"));
    Server b = track(Peers.named("b"));
    Server c = track(Peers.named("c"));
    Proxy proxy = start(proxy(a, b));
    Socket onA = Peers.connect(proxy.address()); // round-robin: the first goes to a
    assertThat(Peers.line(onA.getInputStream())).isEqualTo("a");
    proxy.drain("a");

    ProxyConfig next = proxy.config().withBackends(List.of(
        BackendConfig.of(a.address()).withName("a"), BackendConfig.of(c.address()).withName("c")));
    proxy.reconfigure(next);

    // a kept its drain flag and its counters; b is gone; c is new.
    assertThat(proxy.stats().backend("a").state()).isEqualTo(BackendState.DRAINING);
    assertThat(proxy.stats().backend("a").total()).isEqualTo(1);
    assertThat(proxy.stats().backend("b")).isNull();
    for (int i = 0; i < 3; i++) {
      assertThat(Peers.greeting(proxy.address())).isEqualTo("c");
    }
    // The connection made before the reload still flows.
    onA.getOutputStream().write("after reload\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(Peers.line(onA.getInputStream())).isEqualTo("after reload");
    onA.close();
  }

  @Test
  void reconfigureCarriesHealthStateOverForBackendsThatRemain() throws Exception {
    AtomicBoolean healthy = new AtomicBoolean(false);
    Server a = track(Peers.switchable("a", healthy));
    Server b = track(Peers.switchable("b", new AtomicBoolean(true)));
    Proxy proxy = start(proxy(a, b).healthCheck(Peers.helloCheck(1, 3)));
    await().atMost(WAIT).until(() -> proxy.stats().backend("a").state() == BackendState.DOWN);
    proxy.reconfigure(proxy.config().withBackends(List.of(
        BackendConfig.of(a.address()).withName("a"), BackendConfig.of(b.address()).withName("b").withWeight(2))));
    assertThat(proxy.stats().backend("a").state()).isEqualTo(BackendState.DOWN);
    assertThat(proxy.stats().backend("a").health()).isNotEmpty();
    assertThat(proxy.stats().backend("b").weight()).isEqualTo(2);
    assertThat(Peers.greeting(proxy.address())).isEqualTo("hello b");
  }

  @Test
  void reconfigureCannotMoveTheListener() throws Exception {
    Server a = track(Peers.named("a"));
    Proxy proxy = start(proxy(a));
    ProxyConfig elsewhere = Proxy.builder().listen("127.0.0.1", 1).backend(BackendConfig.of(a.address())).build();
    assertThatThrownBy(() -> proxy.reconfigure(elsewhere)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot move the listener");
  }

  @Test
  void backendWithSendProxyGetsTheEmittersHeaderFirst() throws Exception {
    Server a = track(Peers.backend("a", conn -> conn.in().transferTo(conn.out())));
    ProxyHeaderEmitter emitter = (version, client) ->
        ("HEADER " + version + " " + NetException.addr(client.remoteAddress()) + "\n").getBytes(StandardCharsets.US_ASCII);
    Proxy proxy = start(Proxy.builder().listen("127.0.0.1", 0).headerEmitter(emitter)
        .backend(BackendConfig.of(a.address()).withSendProxy(SendProxy.V2)));
    try (Socket s = Peers.connect(proxy.address())) {
      s.getOutputStream().write("data\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      assertThat(Peers.line(in)).isEqualTo("HEADER V2 127.0.0.1:" + s.getLocalPort());
      assertThat(Peers.line(in)).isEqualTo("data");
    }
  }

  @Test
  void sendProxyWithoutAnEmitterIsAConfigError() {
    assertThatThrownBy(() -> Proxy.builder().backend(BackendConfig.of("127.0.0.1:9").withSendProxy(SendProxy.V1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no PROXY protocol emitter is configured");
  }

  @Test
  void routerPicksTheGroupFromAPeekedServerName() throws Exception {
    Server a = track(Peers.named("a"));
    Server b = track(Peers.named("b"));
    // A stand-in peeker: the "server name" is the first line the client sends.
    ServerNamePeeker firstLine = client -> new ServerNamePeeker.Peeked(client, Peers.line(client.in()));
    Proxy proxy = start(Proxy.builder().listen("127.0.0.1", 0)
        .backend(BackendConfig.of(a.address()).withName("a").withGroup("alpha"))
        .backend(BackendConfig.of(b.address()).withName("b").withGroup("beta"))
        .router(Router.byServerName(firstLine, Map.of("alpha.example", "alpha", "beta.example", "beta")::get)));
    for (String[] c : new String[][] {{"beta.example", "b"}, {"alpha.example", "a"}, {"beta.example", "b"}}) {
      try (Socket s = Peers.connect(proxy.address())) {
        s.getOutputStream().write((c[0] + "\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(Peers.line(s.getInputStream())).isEqualTo(c[1]);
      }
    }
  }

  @Test
  void failingRouterClosesOnlyThatConnection() throws Exception {
    Server a = track(Peers.named("a"));
    AtomicBoolean fail = new AtomicBoolean(true);
    Proxy proxy = start(proxy(a).router(client -> {
      if (fail.getAndSet(false)) {
        throw new java.io.IOException("bad ClientHello");
      }
      return new Route(client, null);
    }));
    try (Socket s = Peers.connect(proxy.address())) {
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(Peers.greeting(proxy.address())).isEqualTo("a");
    await().atMost(WAIT).until(() -> ended(Termination.ROUTE_FAILED) == 1);
    assertThat(sessions).filteredOn(s -> s.termination() == Termination.ROUTE_FAILED)
        .singleElement().satisfies(s -> assertThat(s.detail()).isEqualTo("bad ClientHello"));
  }

  @Test
  void aThrowingListenerDoesNotHurtTheProxy() throws Exception {
    Server a = track(Peers.named("a"));
    List<String> seen = new ArrayList<>();
    Proxy proxy = start(proxy(a).listener(new ProxyListener() {
      @Override
      public void sessionClosed(SessionSummary s) {
        seen.add(s.backend());
        throw new IllegalStateException("listener bug");
      }
    }));
    for (int i = 0; i < 3; i++) {
      assertThat(Peers.greeting(proxy.address())).isEqualTo("a");
    }
    await().atMost(WAIT).until(() -> proxy.stats().terminations().get(Termination.CLIENT_EOF) == 3);
  }
}
