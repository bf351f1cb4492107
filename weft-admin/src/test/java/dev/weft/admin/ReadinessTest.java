package dev.weft.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  @Test
  void readyOnlyOnceEveryDeclaredServiceListens() throws Exception {
    try (Monitor monitor = new Monitor("t");
        AdminServer admin =
            AdminServer.start(new AdminConfig(new InetSocketAddress("127.0.0.1", 0), null), monitor)) {
      ServiceMonitor a = monitor.service("a", "echo", false);
      ServiceMonitor b = monitor.service("b", "echo", false);
      try (Server sa = Server.start(ServerConfig.builder().name("a").listener(a.listener()).build(), AdminFixture::echo);
          Server sb = Server.start(ServerConfig.builder().name("b").listener(b.listener()).build(), AdminFixture::echo)) {
        Http http = new Http(admin.address());
        assertThat(http.status("/readyz")).isEqualTo(503);
        a.attach(sa);
        assertThat(http.status("/readyz")).isEqualTo(503);
        b.attach(sb);
        assertThat(http.status("/readyz")).isEqualTo(200);
        assertThat(http.status("/healthz")).isEqualTo(200);
      }
    }
  }

  @Test
  void readyzFlipsTo503DuringAGracefulDrain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (AdminFixture f =
        new AdminFixture(
            AdminFixture.loopbackAdmin(),
            Server.builder().name("slow").drainTimeout(Duration.ofSeconds(20)),
            conn -> {
              conn.in().read(); // one byte, then hold the connection through the drain
              release.await(20, TimeUnit.SECONDS);
            });
        Socket client = new Socket()) {
      client.connect(f.server.address(), 5_000);
      client.getOutputStream().write('x');
      await().atMost(Duration.ofSeconds(5)).until(() -> f.server.activeConnections() == 1);
      assertThat(f.get("/readyz").statusCode()).isEqualTo(200);
      Thread drain = Thread.ofVirtual().start(() -> f.server.shutdown());
      await().atMost(Duration.ofSeconds(5)).until(() -> f.get("/readyz").statusCode() == 503);
      assertThat(f.get("/readyz").body()).isEqualTo("not ready\n");
      assertThat(drain.isAlive()).as("the drain is still waiting for the held connection").isTrue();
      assertThat(f.get("/api/status").body()).contains("\"state\":\"draining\"");
      release.countDown();
      drain.join(10_000);
      assertThat(drain.isAlive()).isFalse();
      assertThat(f.get("/readyz").statusCode()).isEqualTo(503);
    }
  }

  /** A tiny loopback HTTP client for tests that manage their own servers. */
  record Http(InetSocketAddress admin) {
    int status(String path) throws Exception {
      java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient();
      java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + admin.getPort() + path);
      return c.send(java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }
}
