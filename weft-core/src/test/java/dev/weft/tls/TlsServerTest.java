package dev.weft.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.CloseCause;
import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A TLS echo server in process against real {@code openssl s_client} peers and the Dialer. */
class TlsServerTest extends TlsServerFixture {
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
  void handlerReturningSendsCloseNotifySoTheClientReadsCleanEof() throws IOException {
    server = ServerConfig.builder().setup(serverTls().build().serverSetup()).handler(conn -> write(conn.out(), "bye\n")).start();
    try (Conn c = Dialer.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ZERO).withSetup(clientTls().build().clientSetup("localhost")).dial(server.address())) {
      assertThat(TlsTesting.line(c)).isEqualTo("bye");
      assertThat(c.in().read()).isEqualTo(-1);
    }
  }

  @Test
  void anIdleTimeoutEndsTheSessionWithCloseNotifyNotATruncation() throws IOException {
    InetSocketAddress a = start(serverTls().build(), ServerConfig.builder().idleTimeout(Duration.ofMillis(300)));
    Dialer dialer = Dialer.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))
        .withSetup(clientTls().build().clientSetup("localhost"));
    try (Conn c = dialer.dial(a)) {
      assertThat(TlsTesting.line(c)).isEqualTo("hello anonymous");
      // Without close_notify this read fails with "connection closed without close_notify".
      assertThat(c.in().read()).isEqualTo(-1);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !causes.isEmpty());
    assertThat(causes).containsExactly(CloseCause.IDLE_TIMEOUT);
  }

  @Test
  void opensslSeesCloseNotifyWhenTheServersReadTimeoutEndsTheSession() throws IOException {
    InetSocketAddress a = start(serverTls().build(), ServerConfig.builder().readTimeout(Duration.ofMillis(300)));
    try (OpenSsl client = new OpenSsl(dir, "s_client", "-connect", "127.0.0.1:" + a.getPort(), "-CAfile", "ca.pem",
        "-servername", "localhost", "-tls1_3")) {
      client.awaitOutput("hello anonymous");
      await().atMost(Duration.ofSeconds(10)).until(() -> !causes.isEmpty());
      await().atMost(Duration.ofSeconds(10)).until(client::exited);
      assertThat(client.output()).contains("closed").doesNotContain("unexpected eof");
    }
    assertThat(causes).containsExactly(CloseCause.READ_TIMEOUT);
  }
}
