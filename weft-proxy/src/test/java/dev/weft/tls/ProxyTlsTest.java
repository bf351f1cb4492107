package dev.weft.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.Server;
import dev.weft.proxy.BackendConfig;
import dev.weft.proxy.Proxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS through the proxy, with certificates from the real openssl (core's test {@link Pki}):
 * termination on the listener (core's serverSetup) and origination to the backend (clientSetup).
 * In this package only to reach the package-private Pki.
 */
@Timeout(60)
class ProxyTlsTest {
  @TempDir static Path dir;
  static Pki pki;

  @BeforeAll
  static void makeCertificates() throws IOException {
    pki = new Pki(dir);
  }

  private static Server tlsBackend() throws IOException {
    return Server.builder().name("tls-backend").listen("127.0.0.1", 0).drainTimeout(Duration.ofSeconds(1))
        .setup(TlsConfig.builder().certificate(pki.file("server.pem"), pki.file("server.key")).build().serverSetup())
        .handler(conn -> {
          conn.out().write(("over " + ((TlsConn) conn).session().getProtocol() + "\n").getBytes(StandardCharsets.US_ASCII));
          conn.in().transferTo(conn.out());
        })
        .start();
  }

  private static String exchange(Conn conn, String text) throws IOException {
    conn.out().write(text.getBytes(StandardCharsets.US_ASCII));
    conn.out().flush();
    byte[] buf = new byte[text.length()];
    int n = conn.in().readNBytes(buf, 0, buf.length);
    return new String(buf, 0, n, StandardCharsets.US_ASCII);
  }

  private static String line(Conn conn) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = conn.in().read(); c >= 0 && c != '\n'; c = conn.in().read()) {
      sb.append((char) c);
    }
    return sb.toString();
  }

  @Test
  void terminatesTlsFromClientsAndOriginatesTlsToTheBackend() throws IOException {
    try (Server backend = tlsBackend();
        Proxy proxy = Proxy.builder()
            .server(Server.builder().name("tls-proxy").listen("127.0.0.1", 0)
                .setup(TlsConfig.builder().certificate(pki.file("server.pem"), pki.file("server.key")).build().serverSetup())
                .build())
            .backend(BackendConfig.of(backend.address()).withServerName("localhost"))
            .backendTls(TlsConfig.builder().trust(pki.file("ca.pem")).build())
            .start()) {
      Dialer client = Dialer.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))
          .withSetup(TlsConfig.builder().trust(pki.file("ca.pem")).build().clientSetup("localhost"));
      try (Conn conn = client.dial(proxy.address())) {
        assertThat(((TlsConn) conn).session().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(line(conn)).isEqualTo("over TLSv1.3"); // the backend saw TLS from the proxy
        assertThat(exchange(conn, "secret bytes")).isEqualTo("secret bytes");
      }
    }
  }

  @Test
  void backendWithAnUntrustedCertificateCountsAsAConnectFailure() throws IOException {
    try (Server backend = tlsBackend();
        Proxy proxy = Proxy.builder().listen("127.0.0.1", 0).retries(0)
            .backend(BackendConfig.of(backend.address()).withServerName("localhost"))
            .backendTls(TlsConfig.builder().trust(pki.file("other-ca.pem")).build())
            .start()) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", proxy.address().getPort())) {
        s.setSoTimeout(10_000);
        assertThat(s.getInputStream().read()).isEqualTo(-1);
      }
      assertThat(proxy.stats().backends().get(0).connectFailures()).isEqualTo(1);
    }
  }
}
