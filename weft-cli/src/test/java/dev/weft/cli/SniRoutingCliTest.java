package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.Conn;
import dev.weft.net.NetException;
import dev.weft.net.Server;
import dev.weft.tls.OpenSsl;
import dev.weft.tls.TlsConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code type: proxy} with an {@code sni:} block, in-process: real openssl clients reach two real
 * TLS backends (each with its own CA and certificate) through the proxy, which never terminates
 * TLS; bad hellos are closed and counted while good clients keep being served.
 */
@Timeout(90)
class SniRoutingCliTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final List<Server> backends = new ArrayList<>();

  @AfterEach
  void stopBackends() {
    backends.forEach(Server::close);
  }

  /** A TLS backend that greets with its name after the handshake, then echoes. */
  private String tlsBackend(String name, String... hosts) throws IOException {
    Path certs = dir.resolve(name);
    DevCertificates.write(certs, List.of(hosts), "client", Duration.ofDays(1));
    TlsConfig tls = TlsConfig.builder().certificate(certs.resolve("server.pem"), certs.resolve("server.key")).build();
    Server s = Server.builder().name(name).listen("127.0.0.1", 0).drainTimeout(Duration.ofSeconds(1))
        .handler(conn -> {
          Conn secure = tls.serverSetup().setUp(conn);
          secure.out().write(("hello from " + name + "\n").getBytes(StandardCharsets.US_ASCII));
          secure.out().flush();
          secure.in().transferTo(secure.out());
        })
        .start();
    backends.add(s);
    return NetException.addr(s.address());
  }

  /** Connects with openssl, verifying {@code backend}'s own certificate for {@code name}, and echoes through. */
  private void expect(int port, String name, String backend) throws IOException {
    try (OpenSsl client = new OpenSsl(dir, "s_client", "-connect", "127.0.0.1:" + port, "-servername", name,
        "-CAfile", backend + "/ca.pem", "-verify_return_error", "-verify_hostname", name, "-quiet")) {
      client.awaitOutput("hello from " + backend);
      client.send("end to end\n");
      client.awaitOutput("end to end");
    }
  }

  private static boolean closedByProxy(int port, byte[] bytes) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(bytes);
      out.flush();
      return s.getInputStream().read() == -1;
    }
  }

  @Test
  void routesByServerNameEndToEndAndClosesBadHellos() throws Exception {
    String api = tlsBackend("api", "api.example.com");
    String web = tlsBackend("web", "www.example.com", "other.test");
    Path config = Files.writeString(dir.resolve("weft.yaml"), """
        shutdown-timeout: 2s
        admin:
          listen: 127.0.0.1:0
        services:
          - name: edge
            type: proxy
            listen: 127.0.0.1:0
            proxy:
              sni:
                routes: {"API.example.com": api, "*.example.com": web}
                default: web
                max-hello: 1KiB
              backends:
                - {name: a, address: %s, group: api}
                - {name: w, address: %s, group: web}
        """.formatted(api, web));
    Cli cli = new Cli();
    Cli.Running running = cli.start("serve", "--config", config.toString());
    try {
      int port = Loopback.awaitListeningPort(cli::out, "edge");
      int admin = Loopback.awaitListeningPort(cli::out, "admin");
      expect(port, "api.example.com", "api");
      expect(port, "www.example.com", "web"); // the wildcard
      expect(port, "other.test", "web"); // unknown name: the default

      assertThat(closedByProxy(port, "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
      // A handshake record claiming 16 KiB, over the 1 KiB bound: refused on its header.
      assertThat(closedByProxy(port, new byte[] {22, 3, 1, 0x40, 0x00})).isTrue();
      expect(port, "api.example.com", "api"); // still served

      HttpClient http = HttpClient.newHttpClient();
      await().atMost(WAIT).untilAsserted(() -> assertThat(http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString()).body())
          .contains("weft_proxy_sessions_total{service=\"edge\",termination=\"route_failed\"} 2.0")
          .contains("weft_connections_closed_total{cause=\"protocol_error\",service=\"edge\"} 2.0"));
    } finally {
      assertThat(running.stop()).isZero();
    }
  }

  @Test
  void sniValuesNameTheirKeyAndLine() throws IOException {
    DevCertificates.write(dir.resolve("t"), List.of("localhost"), "client", Duration.ofDays(1));
    Cli cli = new Cli();
    cli.run("serve", "--check", "--config", Files.writeString(dir.resolve("weft.yaml"), """
        services:
          - name: edge
            type: proxy
            listen: 127.0.0.1:0
            proxy:
              sni:
                routes: {"a.example": api, "*.*.example": web}
                default: nowhere
                max-hello: 16 KB
              backends:
                - {address: 127.0.0.1:8443, group: api}
          - name: terminating
            type: proxy
            listen: 127.0.0.1:0
            tls: {cert: t/server.pem, key: t/server.key}
            proxy:
              sni:
                routes: {}
              backends:
                - {address: 127.0.0.1:8443}
        """).toString());
    String f = dir.resolve("weft.yaml") + " line ";
    assertThat(cli.err().lines()).containsExactly(
        f + "7: services[0].proxy.sni.routes: server name '*.*.example' must be a host name, or '*.' and a domain for one label",
        f + "8: services[0].proxy.sni.default: no backend has group 'nowhere'; groups: api",
        f + "9: services[0].proxy.sni.max-hello: expected a size like 16KiB, 512B or 16384, got '16 KB'",
        f + "17: services[1].proxy.sni: sni routing reads the client's TLS hello unterminated; remove the service's"
            + " 'tls:' block (TLS to the backends end to end) or this block",
        f + "18: services[1].proxy.sni.routes: at least one route (server name: group) is required");
  }
}
