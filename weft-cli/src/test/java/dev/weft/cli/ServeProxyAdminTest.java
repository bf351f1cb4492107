package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.NetException;
import dev.weft.net.Server;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft serve} with a proxy service and the admin endpoint: backend meters in /metrics, the
 * drain API, and both following the backends a reload adds and removes.
 */
@Timeout(60)
class ServeProxyAdminTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CONFIG = """
      shutdown-timeout: 2s
      admin:
        listen: 127.0.0.1:0
      services:
        - name: p
          type: proxy
          listen: 127.0.0.1:%s
          proxy:
            backends:
              - name: %s
                address: %s
              - name: %s
                address: %s
      """;

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private int admin;

  private HttpResponse<String> call(String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + path))
        .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String meter(String name, String backend) {
    return name + "{backend=\"" + backend + "\",service=\"p\"}";
  }

  @Test
  void backendMetersAndDrainFollowTheRunningProxyAcrossAReload() throws Exception {
    try (Server one = greeter("one"); Server two = greeter("two"); Server three = greeter("three")) {
      Path file = dir.resolve("weft.yaml");
      Files.writeString(file, CONFIG.formatted("0", "b1", addr(one), "b2", addr(two)));
      Cli cli = new Cli();
      Cli.Running running = cli.start("serve", "--config", file.toString());
      int port = Loopback.awaitListeningPort(cli::out, "p");
      admin = Loopback.awaitListeningPort(cli::out, "admin");

      for (int i = 0; i < 4; i++) {
        assertThat(exchange(port, "hello")).endsWith("\nhello");
      }
      await().atMost(WAIT).untilAsserted(() -> assertThat(call("GET", "/metrics").body())
          .contains(meter("weft_proxy_backend_connections_total", "b1") + " 2.0")
          .contains(meter("weft_proxy_backend_connections_total", "b2") + " 2.0")
          .contains(meter("weft_proxy_backend_sent_bytes_total", "b1") + " 10.0"));

      assertThat(call("POST", "/api/services/p/backends/b1/drain").body()).contains("\"state\":\"draining\"");
      for (int i = 0; i < 3; i++) {
        assertThat(exchange(port, "x")).startsWith("two\n");
      }
      assertThat(call("GET", "/api/services/p/backends/b1").body()).contains("\"empty\":true");

      Files.writeString(file, CONFIG.formatted(port, "b2", addr(two), "b3", addr(three)));
      await().atMost(WAIT).until(() -> cli.out().contains("changed [proxy 'p': backends +b3 -b1]"));
      await().atMost(WAIT).untilAsserted(() -> assertThat(call("GET", "/metrics").body())
          .contains(meter("weft_proxy_backend_connections_total", "b3") + " 0.0")
          .doesNotContain(meter("weft_proxy_backend_connections_total", "b1")));
      assertThat(call("GET", "/api/services/p/backends/b1").statusCode()).isEqualTo(404);
      assertThat(call("POST", "/api/services/p/backends/b3/drain").statusCode()).isEqualTo(200);
      assertThat(exchange(port, "y")).startsWith("two\n");
      assertThat(call("GET", "/api/status").body()).contains("\"backends\":[{\"name\":\"b2\"");
      assertThat(running.stop()).isZero();
    }
  }

  private static String addr(Server s) {
    return NetException.addr(s.address());
  }

  /** A backend that greets with its name, then echoes. */
  private static Server greeter(String name) throws NetException {
    return Server.builder().name(name).listen("127.0.0.1", 0).drainTimeout(Duration.ofSeconds(1))
        .handler(conn -> {
          conn.out().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
          conn.in().transferTo(conn.out());
        })
        .start();
  }

  /** Sends {@code text}, half-closes, reads to EOF: the greeting, then the echo. */
  private static String exchange(int port, String text) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
