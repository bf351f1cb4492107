package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ServerHandlerTest {

  @Test
  void handlerThatThrowsClosesOnlyItsOwnConnection() throws Exception {
    TestEvents events = new TestEvents();
    Handler handler =
        conn -> {
          int first = conn.in().read();
          if (first == '!') {
            throw new IllegalStateException("boom");
          }
          conn.out().write(first);
          conn.in().transferTo(conn.out());
        };
    try (Server server = Server.builder().listener(events).handler(handler).start();
        Socket good = Clients.connect(server.address());
        Socket bad = Clients.connect(server.address())) {
      assertThat(Clients.exchange(good, "a")).isEqualTo("a");
      bad.getOutputStream().write('!');
      assertThat(Clients.readToEnd(bad)).isEqualTo(-1);
      await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
      assertThat(events.closed.get(0).cause()).isEqualTo(CloseCause.HANDLER_ERROR);
      assertThat(events.closed.get(0).error()).hasMessage("boom");
      assertThat(Clients.exchange(good, "still served")).isEqualTo("still served");
      try (Socket later = Clients.connect(server.address())) {
        assertThat(Clients.exchange(later, "new one")).isEqualTo("new one");
      }
    }
  }

  @Test
  void clientCloseIsReportedWithByteCounts() throws Exception {
    TestEvents events = new TestEvents();
    try (Server server = Server.builder().listener(events).handler(c -> c.in().transferTo(c.out())).start()) {
      try (Socket s = Clients.connect(server.address())) {
        assertThat(Clients.exchange(s, "12345")).isEqualTo("12345");
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
      CloseInfo close = events.closed.get(0);
      assertThat(close.cause()).isEqualTo(CloseCause.CLIENT_CLOSED);
      assertThat(close.bytesIn()).isEqualTo(5);
      assertThat(close.bytesOut()).isEqualTo(5);
      assertThat(events.accepted.get(0).service()).isEqualTo("weft");
    }
  }

  @Test
  void twoThousandConcurrentEchoClientsAllGetTheirExactBytesBack() throws Exception {
    int clients = 2_000;
    TestEvents events = new TestEvents();
    try (Server server = Server.builder().listener(events).handler(c -> c.in().transferTo(c.out())).start();
        var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        long seed = i;
        results.add(pool.submit(() -> roundTrip(server, seed)));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> events.closed.size() == clients);
      assertThat(events.causes()).containsOnly(CloseCause.CLIENT_CLOSED);
      assertThat(events.rejected).isEmpty();
    }
  }

  private static boolean roundTrip(Server server, long seed) throws Exception {
    byte[] data = new byte[1 + new Random(seed).nextInt(8192)];
    new Random(seed).nextBytes(data);
    try (Socket s = Clients.connect(server.address())) {
      s.getOutputStream().write(data);
      s.shutdownOutput();
      byte[] back = s.getInputStream().readAllBytes();
      return java.util.Arrays.equals(back, data);
    }
  }

  @Test
  void netExceptionPrintsLikeGo() {
    var local = new java.net.InetSocketAddress("127.0.0.1", 7007);
    var remote = new java.net.InetSocketAddress("127.0.0.1", 51514);
    var e = new NetException("read", local, remote, new java.io.IOException("Connection reset"));
    assertThat(e).hasMessage("read tcp 127.0.0.1:7007->127.0.0.1:51514: connection reset");
    var v6 = new NetException("dial", null, new java.net.InetSocketAddress("::1", 80), "refused", null, false);
    assertThat(v6).hasMessage("dial tcp [::1]:80: refused");
    assertThat("x".getBytes(StandardCharsets.UTF_8)).hasSize(1);
  }
}
