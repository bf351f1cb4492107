package dev.weft.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.weft.net.Server;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The active checks against real peers: HTTP to a side port, send/expect, timeouts. */
@Timeout(60)
class HealthCheckTest extends Fixture {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static HealthCheck.Builder fast(HealthCheck.Type type) {
    return HealthCheck.builder().type(type).interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(500)).fall(1).rise(1);
  }

  private static HealthResult lastResult(Proxy proxy) {
    var h = proxy.stats().backends().get(0).health();
    return h.isEmpty() ? null : h.get(h.size() - 1);
  }

  @Test
  void httpCheckOnASidePortFollowsTheStatusCode() throws Exception {
    AtomicInteger status = new AtomicInteger(200);
    HttpServer side = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    side.createContext("/healthz", ex -> {
      ex.sendResponseHeaders(status.get(), -1);
      ex.close();
    });
    side.start();
    track(() -> side.stop(0));
    Server a = track(Peers.named("a"));
    Proxy proxy = start(proxy(a).healthCheck(fast(HealthCheck.Type.HTTP).port(side.getAddress().getPort()).path("/healthz").build()));
    await().atMost(WAIT).until(() -> lastResult(proxy) != null && lastResult(proxy).ok());

    status.set(503);
    await().atMost(WAIT).until(() -> proxy.stats().backend("a").state() == BackendState.DOWN);
    assertThat(lastResult(proxy).detail()).isEqualTo("HTTP 503");

    status.set(302); // 3xx passes
    await().atMost(WAIT).until(() -> proxy.stats().backend("a").state() == BackendState.UP);
  }

  /** A backend that answers {@code PING\r\n} with {@code +PONG\r\n}, like Redis. */
  private Server pong() throws Exception {
    return track(Peers.backend("pong", conn -> {
      InputStream in = conn.in();
      byte[] ping = in.readNBytes(6);
      if (new String(ping, StandardCharsets.US_ASCII).equals("PING\r\n")) {
        conn.out().write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    }));
  }

  @Test
  void sendExpectWithHexBytesPasses() throws Exception {
    Proxy proxy = start(proxy(pong()).healthCheck(fast(HealthCheck.Type.SEND_EXPECT)
        .send(HexFormat.of().parseHex("50494e470d0a")).expect("+PONG".getBytes(StandardCharsets.US_ASCII)).build()));
    await().atMost(WAIT).until(() -> proxy.stats().backends().get(0).health().size() >= 3);
    assertThat(proxy.stats().backends().get(0).health()).allSatisfy(r -> assertThat(r.detail()).isEqualTo("ok"));
  }

  @Test
  void sendExpectMismatchSaysWhatItGot() throws Exception {
    Proxy proxy = start(proxy(pong()).healthCheck(fast(HealthCheck.Type.SEND_EXPECT)
        .send("PING\r\n".getBytes(StandardCharsets.US_ASCII)).expect("+PANG".getBytes(StandardCharsets.US_ASCII)).build()));
    await().atMost(WAIT).until(() -> proxy.stats().backends().get(0).state() == BackendState.DOWN);
    assertThat(lastResult(proxy).detail()).isEqualTo("expected '+PANG', got '+PONG'");
  }

  @Test
  void silentBackendFailsTheCheckAtItsTimeout() throws Exception {
    Server silent = track(Peers.backend("silent", conn -> new CountDownLatch(1).await()));
    Proxy proxy = start(proxy(silent).healthCheck(fast(HealthCheck.Type.SEND_EXPECT)
        .timeout(Duration.ofMillis(200)).expect("x".getBytes(StandardCharsets.US_ASCII)).build()));
    await().atMost(WAIT).until(() -> proxy.stats().backends().get(0).state() == BackendState.DOWN);
    HealthResult r = lastResult(proxy);
    assertThat(r.detail()).contains("timeout");
    assertThat(r.took()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void historyKeepsTheLastResults() throws Exception {
    Server a = track(Peers.named("a"));
    Proxy proxy = start(proxy(a).healthCheck(fast(HealthCheck.Type.TCP).interval(Duration.ofMillis(20)).build()));
    await().atMost(WAIT).until(() -> proxy.stats().backend("a").health().size() == Proxy.HEALTH_HISTORY);
    assertThat(proxy.stats().backend("a").health()).hasSize(Proxy.HEALTH_HISTORY)
        .isSortedAccordingTo(java.util.Comparator.comparing(HealthResult::at));
  }
}
