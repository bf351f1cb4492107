package dev.weft.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Certificates chosen by SNI, and replaced on disk while the server runs. */
@Timeout(60)
class TlsReloadAndSniTest {
  /** Where every TLS config of this test starts; a subclass runs the suite on another engine. */
  TlsConfig.Builder tls() {
    return TlsConfig.builder();
  }

  @TempDir static Path dir;
  static Pki pki;

  @BeforeAll
  static void makeCertificates() throws IOException {
    pki = new Pki(dir);
    pki.leaf("other", "ca", "other.test", "DNS:other.test,DNS:*.wild.test", 30);
    pki.leaf("next", "ca", "localhost", "DNS:localhost,IP:127.0.0.1", 30);
    pki.run("pkey", "-in", "server.key", "-out", "server-copy.key");
    Files.copy(pki.file("server.pem"), pki.file("live.pem"));
    Files.copy(pki.file("server.key"), pki.file("live.key"));
  }

  private Dialer dialer(String name) throws IOException {
    TlsConfig tls = tls().trust(pki.file("ca.pem")).build();
    return Dialer.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)).withSetup(tls.clientSetup(name));
  }

  private static BigInteger serial(Conn c) {
    return ((TlsConn) c).peerCertificate().getSerialNumber();
  }

  @Test
  void serverPicksCertificateBySniNameAndFallsBackToDefault() throws IOException {
    TlsConfig tls = tls()
        .certificate(pki.file("server.pem"), pki.file("server.key"))
        .sni("other.test", KeyMaterial.pem(pki.file("other.pem"), pki.file("other.key")))
        .sni("*.wild.test", KeyMaterial.pem(pki.file("other.pem"), pki.file("other.key")))
        .build();
    try (Server server = ServerConfig.builder().setup(tls.serverSetup()).handler(TlsServerTest::greetAndEcho).start()) {
      var a = server.address();
      try (Conn c = Dialer.defaults().withSetup(tls().trust(pki.file("ca.pem")).verifyHostname(false).build().clientSetup("other.test")).dial(a)) {
        assertThat(((TlsConn) c).peerNames()).first().isEqualTo("other.test");
      }
      try (Conn c = Dialer.defaults().withSetup(tls().trust(pki.file("ca.pem")).verifyHostname(false).build().clientSetup("x.wild.test")).dial(a)) {
        assertThat(((TlsConn) c).peerNames()).first().isEqualTo("other.test");
      }
      try (Conn c = dialer("localhost").dial(a)) {
        assertThat(((TlsConn) c).peerNames()).first().isEqualTo("localhost");
        assertThat(TlsTesting.line(c)).isEqualTo("hello anonymous");
      }
    }
  }

  @Test
  void replacedCertificateServesNewHandshakesWhileOldConnectionKeepsEchoing() throws Exception {
    TlsConfig tls = tls().certificate(pki.file("live.pem"), pki.file("live.key")).reloadInterval(Duration.ofMillis(50)).build();
    try (Server server = ServerConfig.builder().setup(tls.serverSetup()).handler(TlsServerTest::greetAndEcho).start();
        Conn old = dialer("localhost").dial(server.address())) {
      BigInteger first = serial(old);
      assertThat(TlsTesting.line(old)).isEqualTo("hello anonymous");

      Files.writeString(pki.file("live.key"), "garbage\n"); // a half-written pair must not be used
      touch("live.key", 10);
      Files.copy(pki.file("next.key"), pki.file("live.key"), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(pki.file("next.pem"), pki.file("live.pem"), StandardCopyOption.REPLACE_EXISTING);
      touch("live.pem", 20);
      touch("live.key", 20);
      BigInteger next = Pem.certificates(pki.file("next.pem")).get(0).getSerialNumber();
      assertThat(next).isNotEqualTo(first);
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        try (Conn c = dialer("localhost").dial(server.address())) {
          return serial(c).equals(next);
        }
      });
      assertThat(TlsTesting.echo(old, "old connection")).isEqualTo("old connection");
      assertThat(serial(old)).isEqualTo(first);
    }
  }

  @Test
  void badReplacementKeepsTheOldCertificate() throws Exception {
    Files.copy(pki.file("server.pem"), pki.file("keep.pem"));
    Files.copy(pki.file("server.key"), pki.file("keep.key"));
    TlsConfig tls = tls().certificate(pki.file("keep.pem"), pki.file("keep.key")).reloadInterval(Duration.ofMillis(1)).build();
    try (Server server = ServerConfig.builder().setup(tls.serverSetup()).handler(TlsServerTest::greetAndEcho).start()) {
      Files.writeString(pki.file("keep.key"), "not a key\n");
      touch("keep.key", 30);
      for (int i = 0; i < 3; i++) {
        try (Conn c = dialer("localhost").dial(server.address())) {
          assertThat(TlsTesting.line(c)).isEqualTo("hello anonymous");
        }
      }
    }
  }

  private static void touch(String name, int seconds) throws IOException {
    Files.setLastModifiedTime(pki.file(name), FileTime.from(Instant.now().plusSeconds(seconds)));
  }
}
