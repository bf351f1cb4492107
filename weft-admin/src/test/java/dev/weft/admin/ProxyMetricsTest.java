package dev.weft.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.net.Server;
import dev.weft.proxy.BackendConfig;
import dev.weft.proxy.HealthCheck;
import dev.weft.proxy.Proxy;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proxy backend meters in a real /metrics scrape, backends in /api/status, and both across a reconfigure. */
@Timeout(60)
class ProxyMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static Map<String, Double> scrape(ProxyAdminFixture f) throws Exception {
    return AdminFixture.parse(f.send("GET", "/metrics").body());
  }

  private static String backend(String meter, String name) {
    return meter + "{backend=\"" + name + "\",service=\"front\"}";
  }

  @Test
  void trafficThroughTheProxyMovesEachBackendsMeters() throws Exception {
    try (ProxyAdminFixture f = ProxyAdminFixture.loopback()) {
      Map<String, Double> before = scrape(f);
      assertThat(before).containsEntry(backend("weft_proxy_backend_connections_total", "a"), 0.0)
          .containsEntry("weft_proxy_backend_state{backend=\"a\",service=\"front\",state=\"up\"}", 1.0)
          .containsEntry("weft_proxy_backend_state{backend=\"a\",service=\"front\",state=\"down\"}", 0.0);
      for (int i = 0; i < 4; i++) {
        f.exchange("x".repeat(100));
      }
      await().atMost(WAIT).untilAsserted(() -> {
        Map<String, Double> m = scrape(f);
        for (String b : new String[] {"a", "b"}) {
          assertThat(m).containsEntry(backend("weft_proxy_backend_connections_total", b), 2.0)
              .containsEntry(backend("weft_proxy_backend_sent_bytes_total", b), 200.0)
              .containsEntry(backend("weft_proxy_backend_received_bytes_total", b), 2.0 * (2 + 100))
              .containsEntry(backend("weft_proxy_backend_connections_active", b), 0.0)
              .containsEntry(backend("weft_proxy_backend_connect_failures_total", b), 0.0);
        }
        assertThat(m).containsEntry("weft_proxy_sessions_total{service=\"front\",termination=\"client_eof\"}", 4.0)
            .containsEntry("weft_proxy_sessions_total{service=\"front\",termination=\"no_backend\"}", 0.0);
      });
      try (ProxyAdminFixture.Session open = f.open()) {
        assertThat(scrape(f)).containsEntry(backend("weft_proxy_backend_connections_active", open.backend()), 1.0);
      }
    }
  }

  @Test
  void aReconfigureAddsAndRemovesBackendMetersAndStatusRows() throws Exception {
    try (ProxyAdminFixture f = ProxyAdminFixture.loopback()) {
      Server c = f.backend("c");
      InetSocketAddress dead;
      try (ServerSocket closed = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        dead = (InetSocketAddress) closed.getLocalSocketAddress();
      }
      f.proxy.reconfigure(Proxy.builder().server(f.proxy.config().server())
          .backend(f.proxy.config().backends().get(0))
          .backend(BackendConfig.of(c.address()).withName("c"))
          .backend(BackendConfig.of(dead).withName("dead").withBackup(true))
          .healthCheck(FAST_CHECK)
          .build());
      await().atMost(WAIT).untilAsserted(() -> {
        Map<String, Double> m = scrape(f);
        assertThat(m).containsKey(backend("weft_proxy_backend_connections_total", "c"))
            .containsEntry("weft_proxy_backend_state{backend=\"dead\",service=\"front\",state=\"down\"}", 1.0)
            .doesNotContainKey(backend("weft_proxy_backend_connections_total", "b"))
            .doesNotContainKey("weft_proxy_backend_state{backend=\"b\",service=\"front\",state=\"up\"}");
        assertThat(m.get(backend("weft_proxy_backend_health_failures_total", "dead"))).isGreaterThanOrEqualTo(2.0);
        assertThat(m.get(backend("weft_proxy_backend_health_failures_total", "a"))).isZero();
      });
      JsonNode front = new ObjectMapper().readTree(f.send("GET", "/api/status").body()).path("services").get(0);
      assertThat(front.path("backends").findValuesAsText("name")).containsExactly("a", "c", "dead");
      JsonNode deadRow = front.path("backends").get(2);
      assertThat(deadRow.path("state").asText()).isEqualTo("down");
      assertThat(deadRow.path("backup").asBoolean()).isTrue();
      assertThat(deadRow.path("health").get(0).path("ok").asBoolean()).isFalse();
      assertThat(front.path("backends").get(0).path("address").asText())
          .isEqualTo("127.0.0.1:" + f.proxy.config().backends().get(0).address().getPort());
    }
  }

  @Test
  void aServiceWithoutAProxyHasNoBackendsInItsStatus() throws Exception {
    try (AdminFixture f = AdminFixture.echo()) {
      JsonNode echo = new ObjectMapper().readTree(f.get("/api/status").body()).path("services").get(0);
      assertThat(echo.has("backends")).isFalse();
    }
  }

  /** Health checks fast enough for a test: a closed port fails twice within a second. */
  static final HealthCheck FAST_CHECK = HealthCheck.builder().type(HealthCheck.Type.TCP)
      .interval(Duration.ofMillis(100)).timeout(Duration.ofMillis(500)).fall(2).rise(1).build();
}
