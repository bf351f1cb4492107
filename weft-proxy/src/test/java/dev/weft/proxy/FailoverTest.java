package dev.weft.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.Server;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Backends failing and coming back: health checks, backup tier, retries, ejection. */
@Timeout(60)
class FailoverTest extends Fixture {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static BackendState state(Proxy proxy, String name) {
    return proxy.stats().backend(name).state();
  }

  @Test
  void killedBackendGetsNoNewConnectionsAndNothingHangs() throws Exception {
    Server a = Peers.named("a");
    Server b = track(Peers.named("b"));
    Proxy proxy = start(proxy(a, b).healthCheck(HealthCheck.builder().type(HealthCheck.Type.TCP)
        .interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(500)).fall(2).build()));
    assertThat(List.of(Peers.greeting(proxy.address()), Peers.greeting(proxy.address()))).containsExactlyInAnyOrder("a", "b");

    a.close(); // killed mid-run
    // Before the check notices, a refused connect is retried on b: every client is served by b.
    for (int i = 0; i < 6; i++) {
      assertThat(Peers.greeting(proxy.address())).isEqualTo("b");
    }
    await().atMost(WAIT).until(() -> state(proxy, "a") == BackendState.DOWN);
    for (int i = 0; i < 6; i++) {
      assertThat(Peers.greeting(proxy.address())).isEqualTo("b");
    }
    // Refused connects may eject it (passive) before the check takes it down (active).
    assertThat(stateChanges).anySatisfy(c -> assertThat(c).startsWith("a ").endsWith("->DOWN"));
    assertThat(proxy.stats().backend("a").health()).last().satisfies(r -> assertThat(r.ok()).isFalse());
  }

  @Test
  void backupTakesOverWhenEveryPrimaryIsDownAndRiseBringsThePrimaryBack() throws Exception {
    AtomicBoolean primaryHealthy = new AtomicBoolean(true);
    Server a = track(Peers.switchable("a", primaryHealthy));
    Server spare = track(Peers.switchable("spare", new AtomicBoolean(true)));
    Proxy proxy = start(Proxy.builder().listen("127.0.0.1", 0).listener(recorder)
        .backend(BackendConfig.of(a.address()).withName("a"))
        .backend(BackendConfig.of(spare.address()).withName("spare").withBackup(true))
        .healthCheck(Peers.helloCheck(2, 2)));
    for (int i = 0; i < 4; i++) {
      assertThat(Peers.greeting(proxy.address())).isEqualTo("hello a");
    }
    assertThat(proxy.stats().backend("spare").total()).isZero();

    primaryHealthy.set(false);
    await().atMost(WAIT).until(() -> state(proxy, "a") == BackendState.DOWN);
    for (int i = 0; i < 4; i++) {
      assertThat(Peers.greeting(proxy.address())).isEqualTo("hello spare");
    }

    primaryHealthy.set(true);
    await().atMost(WAIT).until(() -> state(proxy, "a") == BackendState.UP);
    for (int i = 0; i < 4; i++) {
      assertThat(Peers.greeting(proxy.address())).isEqualTo("hello a");
    }
    assertThat(stateChanges).containsSubsequence("a UP->DOWN", "a DOWN->UP");
  }

  @Test
  void everyBackendDownClosesTheClientWithNoBackend() throws Exception {
    AtomicBoolean healthy = new AtomicBoolean(false);
    Server a = track(Peers.switchable("a", healthy));
    Proxy proxy = start(proxy(a).healthCheck(Peers.helloCheck(1, 1)));
    await().atMost(WAIT).until(() -> state(proxy, "a") == BackendState.DOWN);
    try (Socket s = Peers.connect(proxy.address())) {
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    await().atMost(WAIT).until(() -> ended(Termination.NO_BACKEND) == 1);
  }

  @Test
  void connectFailureIsRetriedOnAnotherBackendBeforeTheClientSeesAnything() throws Exception {
    Server b = track(Peers.named("b"));
    InetSocketAddress dead = deadAddress();
    Proxy proxy = start(Proxy.builder().listen("127.0.0.1", 0).listener(recorder)
        .backend(BackendConfig.of(dead).withName("dead"))
        .backend(BackendConfig.of(b.address()).withName("b"))
        .ejection(OutlierEjection.DISABLED));
    for (int i = 0; i < 6; i++) {
      assertThat(Peers.greeting(proxy.address())).isEqualTo("b");
    }
    await().atMost(WAIT).until(() -> sessions.size() == 6);
    // Round-robin keeps its turn order across retries: every other client tries dead first.
    assertThat(proxy.stats().backend("dead").connectFailures()).isEqualTo(3);
    assertThat(sessions).filteredOn(s -> s.attempts() == 2).hasSize(3);
    assertThat(sessions).allSatisfy(s -> assertThat(s.termination()).isEqualTo(Termination.CLIENT_EOF));
  }

  @Test
  void withoutRetriesAConnectFailureClosesTheClient() throws Exception {
    Proxy proxy = start(Proxy.builder().listen("127.0.0.1", 0).listener(recorder)
        .backend(BackendConfig.of(deadAddress()).withName("dead")).retries(0));
    try (Socket s = Peers.connect(proxy.address())) {
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    await().atMost(WAIT).until(() -> ended(Termination.CONNECT_FAILED) == 1);
    assertThat(sessions.get(0).detail()).contains("dial tcp");
  }

  @Test
  void consecutiveConnectFailuresEjectTheBackendForAGrowingTime() throws Exception {
    Server b = track(Peers.named("b"));
    Proxy proxy = start(Proxy.builder().listen("127.0.0.1", 0).listener(recorder)
        .backend(BackendConfig.of(deadAddress()).withName("dead"))
        .backend(BackendConfig.of(b.address()).withName("b"))
        .balance(Balance.ROUND_ROBIN)
        .ejection(new OutlierEjection(2, Duration.ofMillis(200), Duration.ofSeconds(5))));
    for (int i = 0; i < 4; i++) {
      assertThat(Peers.greeting(proxy.address())).isEqualTo("b");
    }
    assertThat(proxy.stats().backend("dead").ejections()).isEqualTo(1);
    // Ejected: no attempt reaches it, so its failure count stays put while clients are served.
    // The ejection lasts 200 ms and may end while the client connects (then dead is dialled, as
    // it should be): the count must stay put only if dead is still in its first ejection after.
    long failures = proxy.stats().backend("dead").connectFailures();
    assertThat(Peers.greeting(proxy.address())).isEqualTo("b");
    if (state(proxy, "dead") == BackendState.EJECTED && proxy.stats().backend("dead").ejections() == 1) {
      assertThat(proxy.stats().backend("dead").connectFailures()).isEqualTo(failures);
    }
    // After the ejection it is tried again, fails twice more, and is ejected a second time.
    await().atMost(WAIT).until(() -> state(proxy, "dead") == BackendState.UP);
    await().atMost(WAIT).until(() -> {
      assertThat(Peers.greeting(proxy.address())).isEqualTo("b");
      return proxy.stats().backend("dead").ejections() == 2;
    });
    assertThat(stateChanges).contains("dead UP->EJECTED");
    // The reason (also the log line) writes the doubling time as an operator would, not PT0.4S.
    assertThat(stateReasons).containsSubsequence(
        "2 connect failures in a row; ejected for 200ms", "2 connect failures in a row; ejected for 400ms");
    assertThat(new OutlierEjection(2, Duration.ofMillis(200), Duration.ofSeconds(5)).ejectionTime(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(new OutlierEjection(2, Duration.ofMillis(200), Duration.ofSeconds(1)).ejectionTime(9)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void downBackendKeepsItsConnectionsByDefault() throws Exception {
    AtomicBoolean healthy = new AtomicBoolean(true);
    Server a = track(Peers.switchable("a", healthy));
    Proxy proxy = start(proxy(a).healthCheck(Peers.helloCheck(1, 1)));
    try (Socket s = Peers.connect(proxy.address())) {
      InputStream in = s.getInputStream();
      assertThat(Peers.line(in)).isEqualTo("hello a");
      healthy.set(false);
      await().atMost(WAIT).until(() -> state(proxy, "a") == BackendState.DOWN);
      s.getOutputStream().write("still here\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(Peers.line(in)).isEqualTo("still here");
    }
  }

  @Test
  void downBackendLosesItsConnectionsWithKill() throws Exception {
    AtomicBoolean healthy = new AtomicBoolean(true);
    Server a = track(Peers.switchable("a", healthy));
    Proxy proxy = start(proxy(a).healthCheck(Peers.helloCheck(1, 1)).onBackendDown(OnBackendDown.KILL));
    try (Socket s = Peers.connect(proxy.address())) {
      InputStream in = s.getInputStream();
      assertThat(Peers.line(in)).isEqualTo("hello a");
      healthy.set(false);
      assertThat(in.read()).isEqualTo(-1);
    }
    await().atMost(WAIT).until(() -> ended(Termination.BACKEND_DOWN) == 1);
  }

  /** An address where nothing listens: connects are refused. */
  static InetSocketAddress deadAddress() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    }
  }
}
