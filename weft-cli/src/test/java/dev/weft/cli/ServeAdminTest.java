package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft serve} with an {@code admin:} block: the endpoint runs beside the services. */
@Timeout(60)
class ServeAdminTest {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String host, int port, String path, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Starts {@code weft serve} with one echo service on port 0 and {@code admin.listen} as given. */
  private Cli.Running serve(Cli cli, String adminListen) throws Exception {
    Path config = Files.writeString(dir.resolve("weft.yaml"), """
        shutdown-timeout: 2s
        services:
          - name: echo
            type: echo
            listen: 127.0.0.1:0
        admin:
          listen: %s
        """.formatted(adminListen));
    return cli.start("serve", "--config", config.toString());
  }

  @Test
  void adminEndpointServesMetricsAndStatusForTheConfiguredServices() throws Exception {
    Cli cli = new Cli();
    Cli.Running running = serve(cli, "127.0.0.1:0");
    int echo = Loopback.awaitListeningPort(cli::out, "echo");
    int admin = Loopback.awaitListeningPort(cli::out, "admin");
    assertThat(Loopback.exchange(echo, "hello\n")).isEqualTo("hello\n");

    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(get("127.0.0.1", admin, "/metrics", null).body())
            .contains("weft_received_bytes_total{service=\"echo\"} 6.0")
            .contains("weft_connections_accepted_total{service=\"echo\"} 1.0"));
    assertThat(get("127.0.0.1", admin, "/readyz", null).statusCode()).isEqualTo(200);
    assertThat(get("127.0.0.1", admin, "/api/status", null).body())
        .contains("\"name\":\"echo\"").contains("\"tls\":false").contains("\"state\":\"listening\"");
    assertThat(get("127.0.0.1", admin, "/", null).body()).contains("weft status");
    assertThat(cli.out()).doesNotContain("token");
    assertThat(running.stop()).isZero();
  }

  @Test
  void adminOffTheDefaultAddressPrintsItsGeneratedTokenOnce() throws Exception {
    Cli cli = new Cli();
    Cli.Running running = serve(cli, "127.0.0.2:0");
    Pattern p = Pattern.compile("admin listening on 127\\.0\\.0\\.2:(\\d+).*\\nadmin token \\(generated; shown once\\): (\\S+)\\n");
    Matcher[] m = new Matcher[1];
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> (m[0] = p.matcher(cli.out())).find());
    int port = Integer.parseInt(m[0].group(1));
    String token = m[0].group(2);
    assertThat(get("127.0.0.2", port, "/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("127.0.0.2", port, "/metrics", token).statusCode()).isEqualTo(200);
    assertThat(cli.out().split(Pattern.quote(token), -1)).hasSize(2);
    assertThat(running.stop()).isZero();
  }
}
