package dev.weft.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.net.CloseCause;
import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Refused and bad peers, each closed with a clear cause while other clients are served: missing
 * or untrusted client certificates, garbage, a stalled handshake, TLS 1.0, renegotiation, and a
 * client that distrusts the server. Real {@code openssl s_client} peers.
 */
class TlsRefusalTest extends TlsServerFixture {
  @Test
  void aRefusedHandshakeTellsTheClientWhyWithAnAlert() throws IOException {
    InetSocketAddress a = start(serverTls().trust(pki.file("ca.pem")).clientAuth(ClientAuth.REQUIRE).build());
    Dialer dialer = Dialer.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))
        .withSetup(clientTls().build().clientSetup("localhost"));
    // In TLS 1.3 the client finishes first; the server's verdict arrives with the next read.
    assertThatThrownBy(() -> {
      try (Conn c = dialer.dial(a)) {
        c.in().read();
      }
    }).hasMessageContainingAll("read tcp").message().containsIgnoringCase("certificate_required");
  }

  @Test
  void aRefusedClientThatAlreadySentDataGetsTheAlertThenAnOrderlyCloseNotAReset() throws IOException {
    InetSocketAddress a = start(serverTls().trust(pki.file("ca.pem")).clientAuth(ClientAuth.REQUIRE).build());
    try (Conn raw = Dialer.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)).dial(a)) {
      Conn tls = clientTls().build().clientSetup("localhost").setUp(raw); // TLS 1.3: the client finishes first
      tls.out().write(new byte[20_000]); // arrives while the server refuses: unread input at its close
      tls.out().flush();
      assertThatThrownBy(() -> tls.in().read()).message().containsIgnoringCase("certificate_required");
      // Closing with that input unread would make the server's kernel send a reset (which some
      // stacks answer by dropping the alert); the server drains it and half-closes instead.
      assertThat(raw.in().read()).isEqualTo(-1);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> causes.contains(CloseCause.HANDSHAKE_FAILED));
  }

  @Test
  void requiredClientAuthRefusesOpensslWithoutCertificate() throws IOException {
    InetSocketAddress a = start(serverTls().trust(pki.file("ca.pem")).clientAuth(ClientAuth.REQUIRE).build());
    try (OpenSsl client = sClient(a, "-tls1_3")) {
      client.send("ping\n");
      await().atMost(Duration.ofSeconds(15)).until(() -> causes.contains(CloseCause.HANDSHAKE_FAILED));
      assertThat(client.output()).doesNotContain("hello");
    }
  }

  @Test
  void requiredClientAuthAcceptsOpensslWithCertificateAndNamesThePrincipal() throws IOException {
    InetSocketAddress a = start(serverTls().trust(pki.file("ca.pem")).clientAuth(ClientAuth.REQUIRE).build());
    try (OpenSsl client = sClient(a, "-tls1_3", "-cert", "client.pem", "-key", "client.key")) {
      client.awaitOutput("hello alice");
      client.send("ping\n");
      client.awaitOutput("ping");
    }
  }

  @Test
  void badPeersFailWithClearCausesWhileAnotherClientIsServed() throws Exception {
    InetSocketAddress a = start(serverTls().trust(pki.file("ca.pem")).clientAuth(ClientAuth.OPTIONAL).handshakeTimeout(Duration.ofMillis(500)).build());
    Dialer dialer = Dialer.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)).withSetup(clientTls().build().clientSetup("localhost"));
    try (Conn good = dialer.dial(a)) {
      assertThat(TlsTesting.line(good)).isEqualTo("hello anonymous");

      try (Socket garbage = new Socket(a.getAddress(), a.getPort())) {
        garbage.setSoTimeout(10_000);
        garbage.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        await().atMost(Duration.ofSeconds(15)).until(() -> causes.contains(CloseCause.HANDSHAKE_FAILED));
      }
      assertThat(TlsTesting.echo(good, "after garbage")).isEqualTo("after garbage");

      try (Socket stalled = new Socket(a.getAddress(), a.getPort())) {
        await().atMost(Duration.ofSeconds(15)).until(() -> causes.contains(CloseCause.READ_TIMEOUT));
      }
      assertThat(TlsTesting.echo(good, "after stall")).isEqualTo("after stall");

      int failed = count(CloseCause.HANDSHAKE_FAILED);
      try (OpenSsl expired = sClient(a, "-cert", "expired.pem", "-key", "expired.key")) {
        expired.send("x\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> count(CloseCause.HANDSHAKE_FAILED) > failed);
      }
      int failed2 = count(CloseCause.HANDSHAKE_FAILED);
      try (OpenSsl stranger = sClient(a, "-cert", "stranger.pem", "-key", "stranger.key")) {
        stranger.send("x\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> count(CloseCause.HANDSHAKE_FAILED) > failed2);
        // The alert names the certificate problem on every engine (BoringSSL's was internal_error).
        await().atMost(Duration.ofSeconds(15)).until(stranger::exited);
        assertThat(stranger.output()).containsPattern("alert (certificate unknown|unknown ca)").doesNotContain("internal error");
      }
      int failed3 = count(CloseCause.HANDSHAKE_FAILED);
      try (OpenSsl tls10 = sClient(a, "-tls1", "-cipher", "DEFAULT@SECLEVEL=0")) {
        await().atMost(Duration.ofSeconds(15)).until(() -> count(CloseCause.HANDSHAKE_FAILED) > failed3);
        await().atMost(Duration.ofSeconds(15)).until(tls10::exited);
        assertThat(tls10.output()).doesNotContain("hello");
      }
      assertThat(TlsTesting.echo(good, "still here")).isEqualTo("still here");
    }
  }

  @Test
  void tls12RenegotiationFromOpensslIsRefused() throws IOException {
    InetSocketAddress a = start(serverTls().build());
    try (OpenSsl client = new OpenSsl(dir, "s_client", "-connect", "127.0.0.1:" + a.getPort(), "-tls1_2", "-CAfile", "ca.pem", "-servername", "localhost", "-msg")) {
      client.awaitOutput("hello anonymous");
      client.send("R\n"); // s_client's interactive renegotiate command
      await().atMost(Duration.ofSeconds(15)).until(() -> !causes.isEmpty());
      assertThat(causes).containsExactly(CloseCause.PROTOCOL_ERROR);
      assertThat(errors.get(0)).contains("tls: renegotiation refused (TLS 1.2 renegotiation is not supported)");
      await().atMost(Duration.ofSeconds(15)).until(client::exited);
      if (sendsCloseNotifyMidHandshake()) {
        assertThat(client.output()).contains("<<< TLS 1.2, Alert [length 0002], warning close_notify");
      }
    }
  }

  /** The JDK's engine ends a session in mid-handshake with close_notify; BoringSSL's cannot (SSL_shutdown refuses while in init). */
  boolean sendsCloseNotifyMidHandshake() {
    return true;
  }

  @Test
  void dialerRefusesServerCertificateFromAnotherCa() throws IOException {
    InetSocketAddress a = start(serverTls().build());
    Dialer dialer = Dialer.defaults().withSetup(tls().trust(pki.file("other-ca.pem")).build().clientSetup("localhost"));
    assertThatThrownBy(() -> dialer.dial(a)).hasMessageContaining("handshake");
  }

  @Test
  void dialerRefusesWrongHostName() throws IOException {
    InetSocketAddress a = start(serverTls().build());
    Dialer dialer = Dialer.defaults().withSetup(clientTls().build().clientSetup("example.com"));
    assertThatThrownBy(() -> dialer.dial(a)).hasMessageContaining("handshake");
  }

  /** Passes writes through, or keeps them while {@code hold} is set, so a test can send ciphertext as it likes. */
  private static final class Tap extends dev.weft.net.ForwardingConn {
    final java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
    volatile boolean hold;

    Tap(Conn raw) {
      super(raw);
    }

    @Override
    public OutputStream out() {
      OutputStream real = delegate().out();
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          if (hold) {
            held.write(b, off, len);
          } else {
            real.write(b, off, len);
          }
        }

        @Override
        public void flush() throws IOException {
          if (!hold) {
            real.flush();
          }
        }
      };
    }
  }

  @Test
  void aRecordDribbledAByteAtATimeIsCutOffByTheReadTimeout() throws Exception {
    dribbleARecord(ServerConfig.builder().readTimeout(Duration.ofMillis(500)), CloseCause.READ_TIMEOUT);
  }

  @Test
  void aRecordDribbledAByteAtATimeIsCutOffByTheIdleTimeout() throws Exception {
    dribbleARecord(ServerConfig.builder().idleTimeout(Duration.ofMillis(500)), CloseCause.IDLE_TIMEOUT);
  }

  private void dribbleARecord(ServerConfig.Builder timeouts, CloseCause expected) throws Exception {
    InetSocketAddress a = start(serverTls().build(), timeouts);
    try (Conn raw = Dialer.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)).dial(a)) {
      Tap tap = new Tap(raw);
      Conn tls = clientTls().build().clientSetup("localhost").setUp(tap);
      assertThat(TlsTesting.line(tls)).isEqualTo("hello anonymous");
      tap.hold = true;
      tls.out().write("a line that never completes\n".getBytes(StandardCharsets.UTF_8));
      tls.out().flush();
      byte[] record = tap.held.toByteArray();
      long start = System.nanoTime();
      // Each byte comes well within the read timeout, but the record never completes in time.
      for (int i = 0; i < record.length - 1 && causes.isEmpty(); i++) {
        try {
          raw.out().write(record[i]);
          raw.out().flush();
        } catch (IOException closedMeanwhile) {
          break;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(150_000_000L); // pacing the attack, not a wait
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> !causes.isEmpty());
      assertThat(causes).containsExactly(expected);
      // Without the fix each byte restarted the clock: the close came only after the last byte (~7 s).
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }
}
