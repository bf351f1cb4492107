package dev.weft.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.net.CloseCause;
import dev.weft.net.CloseInfo;
import dev.weft.net.Conn;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import dev.weft.net.Dialer;
import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A TLS echo server in process against real {@code openssl s_client} peers and bad input. */
@Timeout(60)
class TlsServerTest {
  /** Where every TLS config of this test starts; a subclass runs the suite on another engine. */
  TlsConfig.Builder tls() {
    return TlsConfig.builder();
  }

  @TempDir static Path dir;
  static Pki pki;

  private final List<CloseCause> causes = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private Server server;

  @BeforeAll
  static void makeCertificates() throws IOException {
    pki = new Pki(dir);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Echoes lines, after a greeting naming the peer's principal. */
  static void greetAndEcho(Conn conn) throws IOException {
    conn.out().write(("hello " + conn.principal().name() + "\n").getBytes(StandardCharsets.UTF_8));
    byte[] buf = new byte[8192];
    int n;
    while ((n = conn.in().read(buf)) >= 0) {
      conn.out().write(buf, 0, n);
    }
    conn.closeWrite();
  }

  private InetSocketAddress start(TlsConfig tls) throws IOException {
    ConnectionListener events = new ConnectionListener() {
      @Override
      public void closed(ConnectionInfo conn, CloseInfo close) {
        errors.add(String.valueOf(close.error()));
        causes.add(close.cause());
      }
    };
    server = ServerConfig.builder().setup(tls.serverSetup()).listener(events).handler(TlsServerTest::greetAndEcho).start();
    return server.address();
  }

  private TlsConfig.Builder serverTls() {
    return tls().certificate(pki.file("server.pem"), pki.file("server.key"));
  }

  private TlsConfig.Builder clientTls() {
    return tls().trust(pki.file("ca.pem"));
  }

  private OpenSsl sClient(InetSocketAddress a, String... extra) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + a.getPort(), "-quiet", "-CAfile", "ca.pem", "-verify_return_error", "-servername", "localhost"));
    args.addAll(List.of(extra));
    return new OpenSsl(dir, args.toArray(String[]::new));
  }

  @Test
  void opensslClientWithTls13HandshakesAndEchoes() throws IOException {
    InetSocketAddress a = start(serverTls().build());
    try (OpenSsl client = sClient(a, "-tls1_3")) {
      client.awaitOutput("hello anonymous");
      client.send("ping over tls\n");
      client.awaitOutput("ping over tls");
    }
  }

  @Test
  void aClientThatHalfClosesRightAfterItsRequestStillGetsTheReply() throws IOException {
    InetSocketAddress a = start(serverTls().build());
    Dialer dialer = Dialer.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))
        .withSetup(clientTls().build().clientSetup("localhost"));
    for (int i = 0; i < 20; i++) { // request and close_notify leave in one segment: no race to win
      try (Conn c = dialer.dial(a)) {
        assertThat(TlsTesting.line(c)).isEqualTo("hello anonymous");
        c.out().write(("ping " + i + "\n").getBytes(StandardCharsets.UTF_8));
        c.closeWrite();
        assertThat(TlsTesting.line(c)).isEqualTo("ping " + i);
        assertThat(TlsTesting.line(c)).isNull();
      }
    }
  }

  /**
   * TLS 1.2 has no half-close: an engine closes its sending side when the peer's close_notify
   * arrives. A reply written before that record is read must be encrypted first, or it is lost.
   */
  @Test
  void underTls12AReplyWrittenBeforeTheClientsCloseNotifyStillGoesOut() throws IOException {
    InetSocketAddress a = start(serverTls().build());
    Dialer dialer = Dialer.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))
        .withSetup(clientTls().protocols(List.of("TLSv1.2")).build().clientSetup("localhost"));
    for (int i = 0; i < 20; i++) {
      try (Conn c = dialer.dial(a)) {
        assertThat(((TlsConn) c).session().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(TlsTesting.line(c)).isEqualTo("hello anonymous");
        c.out().write(("ping " + i + "\n").getBytes(StandardCharsets.UTF_8));
        c.closeWrite();
        assertThat(TlsTesting.line(c)).isEqualTo("ping " + i);
        assertThat(TlsTesting.line(c)).isNull();
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> causes.size() == 20);
    assertThat(causes).containsOnly(CloseCause.CLIENT_CLOSED);
  }

  /** Starts a greet-and-echo server that keeps its conn in {@code serverSide}; dials it and reads the greeting. */
  private Conn dialEchoKeeping(java.util.concurrent.atomic.AtomicReference<TlsConn> serverSide) throws IOException {
    server = ServerConfig.builder().setup(serverTls().build().serverSetup()).handler(conn -> {
      serverSide.set((TlsConn) conn);
      greetAndEcho(conn);
    }).start();
    Conn c = Dialer.defaults().withSetup(clientTls().build().clientSetup("localhost")).dial(server.address());
    assertThat(TlsTesting.line(c)).isEqualTo("hello anonymous");
    return c;
  }

  @Test
  void anIdleConnectionHoldsNoRecordBuffers() throws IOException {
    java.util.concurrent.atomic.AtomicReference<TlsConn> serverSide = new java.util.concurrent.atomic.AtomicReference<>();
    try (Conn c = dialEchoKeeping(serverSide)) {
      byte[] big = new byte[40_000]; // several records each way, so every buffer has been used
      java.util.Arrays.fill(big, (byte) 'x');
      c.out().write(big);
      c.out().write('\n');
      c.out().flush();
      assertThat(TlsTesting.line(c)).hasSize(big.length);
      // The server's handler now blocks reading, with nothing buffered: the sweeper takes its buffers.
      await().atMost(Duration.ofSeconds(10)).until(() -> serverSide.get().heldBufferBytes() == 0);
      c.out().write("still there\n".getBytes(StandardCharsets.UTF_8));
      c.out().flush();
      assertThat(TlsTesting.line(c)).isEqualTo("still there");
    }
  }

  @Test
  void aBusyConnectionKeepsItsRecordBuffersAcrossSweeps() throws IOException {
    java.util.concurrent.atomic.AtomicReference<TlsConn> serverSide = new java.util.concurrent.atomic.AtomicReference<>();
    try (Conn c = dialEchoKeeping(serverSide)) {
      // Round trips for more than two sweep intervals: the sweeper must never find it quiet.
      long end = System.nanoTime() + 2 * IdleSweeper.INTERVAL_NANOS + 500_000_000L;
      int trips = 0;
      while (System.nanoTime() < end) {
        c.out().write(("ping " + trips + "\n").getBytes(StandardCharsets.UTF_8));
        c.out().flush();
        assertThat(TlsTesting.line(c)).isEqualTo("ping " + trips);
        assertThat(serverSide.get().heldBufferBytes()).as("after %d round trips", trips).isPositive();
        trips++;
      }
      // Then quiet: everything goes back within two sweeps.
      await().atMost(Duration.ofSeconds(10)).until(() -> serverSide.get().heldBufferBytes() == 0);
    }
  }

  @Test
  void transferToEchoesEveryByteUntilTheClientCloses() throws Exception {
    server = ServerConfig.builder().setup(serverTls().build().serverSetup()).handler(conn -> {
      conn.in().transferTo(conn.out());
      conn.closeWrite();
    }).start();
    byte[] data = new byte[100_000];
    new java.util.Random(7).nextBytes(data);
    try (Conn c = Dialer.defaults().withSetup(clientTls().build().clientSetup("localhost")).dial(server.address())) {
      java.util.concurrent.CompletableFuture<byte[]> back = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return c.in().readAllBytes();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      for (int off = 0; off < data.length; off += 777) {
        c.out().write(data, off, Math.min(777, data.length - off));
      }
      c.closeWrite();
      assertThat(back.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(data);
    }
  }

  @Test
  void aClientsCloseNotifyIsReportedAsClientClosed() throws IOException {
    InetSocketAddress a = start(serverTls().build());
    try (Conn c = Dialer.defaults().withSetup(clientTls().build().clientSetup("localhost")).dial(a)) {
      assertThat(TlsTesting.line(c)).isEqualTo("hello anonymous");
    } // close_notify, then FIN
    await().atMost(Duration.ofSeconds(10)).until(() -> !causes.isEmpty());
    assertThat(causes).containsExactly(CloseCause.CLIENT_CLOSED);
  }

  @Test
  void tls13SessionTicketsLetAReturningClientResumeWithoutAFullHandshake() throws IOException {
    InetSocketAddress a = start(serverTls().build());
    List<String> base = List.of("s_client", "-connect", "127.0.0.1:" + a.getPort(), "-CAfile", "ca.pem",
        "-verify_return_error", "-servername", "localhost", "-tls1_3");
    List<String> first = new java.util.ArrayList<>(base);
    first.addAll(List.of("-sess_out", "session.pem"));
    try (OpenSsl client = new OpenSsl(dir, first.toArray(String[]::new))) {
      client.awaitOutput("New, TLSv1.3");
      client.awaitOutput("hello anonymous"); // the ticket came before the first application data
      client.endInput();
      await().atMost(Duration.ofSeconds(15)).until(client::exited);
    }
    List<String> second = new java.util.ArrayList<>(base);
    second.addAll(List.of("-sess_in", "session.pem"));
    try (OpenSsl client = new OpenSsl(dir, second.toArray(String[]::new))) {
      client.awaitOutput("Reused, TLSv1.3");
    }
  }

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
    try (OpenSsl client = new OpenSsl(dir, "s_client", "-connect", "127.0.0.1:" + a.getPort(), "-tls1_2", "-CAfile", "ca.pem", "-servername", "localhost")) {
      client.awaitOutput("hello anonymous");
      client.send("R\n"); // s_client's interactive renegotiate command
      await().atMost(Duration.ofSeconds(15)).until(() -> !causes.isEmpty());
      assertThat(causes).containsExactly(CloseCause.IO_ERROR);
      assertThat(errors.get(0)).contains("tls: renegotiation refused");
    }
  }

  @Test
  void handlerReturningSendsCloseNotifySoTheClientReadsCleanEof() throws IOException {
    server = ServerConfig.builder().setup(serverTls().build().serverSetup()).handler(conn -> write(conn.out(), "bye\n")).start();
    try (Conn c = Dialer.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ZERO).withSetup(clientTls().build().clientSetup("localhost")).dial(server.address())) {
      assertThat(TlsTesting.line(c)).isEqualTo("bye");
      assertThat(c.in().read()).isEqualTo(-1);
    }
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

  private int count(CloseCause c) {
    return (int) causes.stream().filter(c::equals).count();
  }

  static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }
}
