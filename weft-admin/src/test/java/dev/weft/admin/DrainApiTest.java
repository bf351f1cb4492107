package dev.weft.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Draining a proxy backend over the admin API, with real connections through the proxy. */
@Timeout(60)
class DrainApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String A = "/api/services/front/backends/a";

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return JSON.readTree(r.body());
  }

  @Test
  void aDrainedBackendTakesNoNewConnectionsKeepsItsOpenOneAndReportsWhenEmpty() throws Exception {
    try (ProxyAdminFixture f = ProxyAdminFixture.loopback()) {
      ProxyAdminFixture.Session onA = f.open();
      if (!onA.backend().equals("a")) { // round-robin: the next one goes to a
        onA.close();
        onA = f.open();
      }
      assertThat(onA.backend()).isEqualTo("a");

      JsonNode drained = json(f.send("POST", A + "/drain"));
      assertThat(drained.path("state").asText()).isEqualTo("draining");
      assertThat(drained.path("active").asInt()).isEqualTo(1);
      assertThat(drained.path("empty").asBoolean()).isFalse();
      for (int i = 0; i < 6; i++) {
        assertThat(f.exchange("hi")).isEqualTo("b");
      }
      assertThat(onA.roundTrip("still here")).isEqualTo("still here");
      JsonNode busy = json(f.send("GET", A));
      assertThat(busy.path("empty").asBoolean()).isFalse();
      assertThat(busy.path("service").asText()).isEqualTo("front");
      assertThat(busy.path("backend").asText()).isEqualTo("a");
      assertThat(AdminFixture.parse(f.send("GET", "/metrics").body()))
          .containsEntry("weft_proxy_backend_state{backend=\"a\",service=\"front\",state=\"draining\"}", 1.0);

      onA.close();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        JsonNode now = json(f.send("GET", A));
        assertThat(now.path("empty").asBoolean()).isTrue();
        assertThat(now.path("active").asInt()).isZero();
      });

      assertThat(json(f.send("POST", A + "/undrain")).path("state").asText()).isEqualTo("up");
      assertThat(java.util.stream.IntStream.range(0, 4).mapToObj(i -> {
        try {
          return f.exchange("x");
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList()).contains("a", "b");
    }
  }

  @Test
  void unknownNamesAnswer404AndWrongMethods405() throws Exception {
    try (ProxyAdminFixture f = ProxyAdminFixture.loopback()) {
      assertThat(f.send("GET", "/api/services/nope/backends/a").statusCode()).isEqualTo(404);
      assertThat(f.send("POST", "/api/services/nope/backends/a/drain").statusCode()).isEqualTo(404);
      HttpResponse<String> noBackend = f.send("POST", "/api/services/front/backends/zz/drain");
      assertThat(noBackend.statusCode()).isEqualTo(404);
      assertThat(noBackend.body()).contains("service 'front' has no backend named 'zz'");
      assertThat(f.send("GET", "/api/services/front/backends/a/reboot").statusCode()).isEqualTo(404);
      assertThat(f.send("GET", "/api/services/front/backends").statusCode()).isEqualTo(404);

      HttpResponse<String> getDrain = f.send("GET", A + "/drain");
      assertThat(getDrain.statusCode()).isEqualTo(405);
      assertThat(getDrain.headers().firstValue("Allow")).hasValue("POST");
      HttpResponse<String> postBackend = f.send("POST", A);
      assertThat(postBackend.statusCode()).isEqualTo(405);
      assertThat(postBackend.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertThat(f.send("DELETE", A + "/drain").statusCode()).isEqualTo(405);
      assertThat(f.proxy.stats().backend("a").state()).isEqualTo(dev.weft.proxy.BackendState.UP);
    }
  }

  @Test
  void aServiceThatIsNotAProxyHasNoBackends() throws Exception {
    try (AdminFixture f = AdminFixture.echo()) {
      assertThat(f.get("/api/services/echo/backends/a").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aCrossSitePostIsRefusedAndChangesNothing() throws Exception {
    try (ProxyAdminFixture f = ProxyAdminFixture.loopback()) {
      HttpResponse<String> r = f.send("POST", A + "/drain", null, "http://evil.example");
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(f.proxy.stats().backend("a").state()).isEqualTo(dev.weft.proxy.BackendState.UP);
      InetSocketAddress at = f.admin.address();
      String self = "http://127.0.0.1:" + at.getPort();
      assertThat(f.send("POST", A + "/drain", null, self).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void offLoopbackTheDrainApiNeedsTheToken() throws Exception {
    String token = "drain-test-token-0123456789";
    try (ProxyAdminFixture f = new ProxyAdminFixture(new AdminConfig(new InetSocketAddress("127.0.0.2", 0), token))) {
      assertThat(f.send("POST", A + "/drain").statusCode()).isEqualTo(401);
      assertThat(f.send("GET", A).statusCode()).isEqualTo(401);
      assertThat(f.send("POST", A + "/drain", "wrong-token-wrong-token", null).statusCode()).isEqualTo(401);
      assertThat(f.proxy.stats().backend("a").state()).isEqualTo(dev.weft.proxy.BackendState.UP);
      assertThat(json(f.send("POST", A + "/drain", token, null)).path("state").asText()).isEqualTo("draining");
      assertThat(json(f.send("GET", A, token, null)).path("empty").asBoolean()).isTrue();
    }
  }
}
