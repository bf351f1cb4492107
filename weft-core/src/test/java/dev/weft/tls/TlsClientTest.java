package dev.weft.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The TLS {@link Dialer} against a real {@code openssl s_server}. */
@Timeout(60)
class TlsClientTest {
  /** Where every TLS config of this test starts; a subclass runs the suite on another engine. */
  TlsConfig.Builder tls() {
    return TlsConfig.builder();
  }

  @TempDir static Path dir;
  static Pki pki;

  @BeforeAll
  static void makeCertificates() throws IOException {
    pki = new Pki(dir);
  }

  private static InetSocketAddress port(OpenSsl server) {
    server.awaitOutput("ACCEPT");
    Matcher m = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)").matcher(server.output());
    assertThat(m.find()).isTrue();
    return new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
  }

  private Dialer dialer(TlsConfig tls, String name) throws IOException {
    return Dialer.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)).withSetup(tls.clientSetup(name));
  }

  @Test
  void dialerTalksTls13ToOpensslServer() throws IOException {
    try (OpenSsl server = new OpenSsl(dir, "s_server", "-accept", "127.0.0.1:0", "-cert", "server.pem", "-key", "server.key", "-rev", "-tls1_3")) {
      InetSocketAddress a = port(server);
      try (Conn conn = dialer(tls().trust(pki.file("ca.pem")).build(), "localhost").dial(a)) {
        assertThat(TlsTesting.echo(conn, "hello")).isEqualTo("olleh");
        assertThat(((TlsConn) conn).session().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(((TlsConn) conn).peerNames()).containsExactly("localhost", "localhost", "127.0.0.1");
      }
    }
  }

  @Test
  void dialerPresentsClientCertificateToOpensslRequiringOne() throws IOException {
    try (OpenSsl server = new OpenSsl(dir, "s_server", "-accept", "127.0.0.1:0", "-cert", "server.pem", "-key", "server.key", "-rev", "-Verify", "1", "-CAfile", "ca.pem", "-verify_return_error")) {
      InetSocketAddress a = port(server);
      TlsConfig tls = tls().trust(pki.file("ca.pem")).certificate(pki.file("client.pem"), pki.file("client.key")).build();
      try (Conn conn = dialer(tls, "127.0.0.1").dial(a)) {
        assertThat(TlsTesting.echo(conn, "mtls")).isEqualTo("sltm");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> server.output().contains("alice"));
    }
  }

  @Test
  void dialerRefusesExpiredServerCertificate() throws IOException {
    try (OpenSsl server = new OpenSsl(dir, "s_server", "-accept", "127.0.0.1:0", "-cert", "expired.pem", "-key", "expired.key", "-rev")) {
      InetSocketAddress a = port(server);
      Dialer d = dialer(tls().trust(pki.file("ca.pem")).verifyHostname(false).build(), "localhost");
      assertThatThrownBy(() -> d.dial(a)).hasMessageContaining("handshake").message().containsIgnoringCase("expired");
    }
  }
}
