package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.NetException;
import dev.weft.net.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code weft echo --admin} and {@code weft proxy --admin}: the admin endpoint without a config file. */
@Timeout(60)
class QuickAdminTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String host, int port, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void echoWithAdminServesMetricsForItsConnections() throws Exception {
    Cli cli = new Cli();
    Cli.Running running = cli.start("echo", "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0", "--shutdown-timeout", "2s");
    int echo = Loopback.awaitListeningPort(cli::out, "echo");
    int admin = Loopback.awaitListeningPort(cli::out, "admin");
    assertThat(Loopback.exchange(echo, "hello\n")).isEqualTo("hello\n");

    Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(get("127.0.0.1", admin, "/metrics", null).body())
        .contains("weft_connections_accepted_total{service=\"echo\"} 1.0")
        .contains("weft_received_bytes_total{service=\"echo\"} 6.0"));
    assertThat(get("127.0.0.1", admin, "/readyz", null).statusCode()).isEqualTo(200);
    assertThat(cli.out()).doesNotContain("token");
    assertThat(running.stop()).isZero();
  }

  @Test
  void proxyWithAdminOffLoopbackNeedsTheGeneratedTokenAndShowsItsBackends() throws Exception {
    try (Server backend = Server.builder().name("b").listen("127.0.0.1", 0)
        .handler(conn -> conn.in().transferTo(conn.out())).start()) {
      Cli cli = new Cli();
      Cli.Running running = cli.start("proxy", "--listen", "127.0.0.1:0", "--backend", NetException.addr(backend.address()),
          "--admin", "127.0.0.2:0", "--shutdown-timeout", "2s");
      int proxy = Loopback.awaitListeningPort(cli::out, "proxy");
      Pattern p = Pattern.compile("admin listening on 127\\.0\\.0\\.2:(\\d+).*\\nadmin token \\(generated; shown once\\): (\\S+)\\n");
      Matcher[] m = new Matcher[1];
      Awaitility.await().atMost(WAIT).until(() -> (m[0] = p.matcher(cli.out())).find());
      int admin = Integer.parseInt(m[0].group(1));
      String token = m[0].group(2);
      assertThat(Loopback.exchange(proxy, "via proxy\n")).isEqualTo("via proxy\n");

      assertThat(get("127.0.0.2", admin, "/metrics", null).statusCode()).isEqualTo(401);
      Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(get("127.0.0.2", admin, "/metrics", token).body())
          .contains("weft_connections_accepted_total{service=\"proxy\"} 1.0")
          .contains("weft_proxy_backend_connections_total{backend=\"" + NetException.addr(backend.address())));
      assertThat(running.stop()).isZero();
    }
  }

  @Test
  void aBadAdminAddressIsAUsageError() {
    Cli cli = new Cli();
    assertThat(cli.run("echo", "--listen", "127.0.0.1:0", "--admin", "nope")).isEqualTo(Main.USAGE);
    assertThat(cli.err()).contains("--admin");
  }
}
