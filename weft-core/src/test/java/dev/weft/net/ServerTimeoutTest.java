package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerTimeoutTest {
  private static final Handler ECHO = conn -> conn.in().transferTo(conn.out());

  @Test
  void idleTimeoutClosesTheIdleConnectionAndLeavesTheActiveOneOpen() throws Exception {
    TestEvents events = new TestEvents();
    try (Server server =
            Server.builder().idleTimeout(Duration.ofMillis(600)).listener(events).handler(ECHO).start();
        Socket idle = Clients.connect(server.address());
        Socket active = Clients.connect(server.address())) {
      long start = System.nanoTime();
      // Awaitility's polls pace the active client: one exchange every 100 ms keeps it busy.
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(100))
          .untilAsserted(
              () -> {
                assertThat(Clients.exchange(active, "ping")).isEqualTo("ping");
                assertThat(events.causes()).contains(CloseCause.IDLE_TIMEOUT);
              });
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));
      assertThat(Clients.readToEnd(idle)).isEqualTo(-1);
      assertThat(Clients.exchange(active, "still here")).isEqualTo("still here");
      assertThat(events.causes()).containsExactly(CloseCause.IDLE_TIMEOUT);
    }
  }

  @Test
  void readTimeoutClosesAPeerThatSendsNothing() throws Exception {
    TestEvents events = new TestEvents();
    try (Server server =
            Server.builder().readTimeout(Duration.ofMillis(300)).listener(events).handler(ECHO).start();
        Socket silent = Clients.connect(server.address())) {
      assertThat(Clients.readToEnd(silent)).isEqualTo(-1);
      await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
      CloseInfo close = events.closed.get(0);
      assertThat(close.cause()).isEqualTo(CloseCause.READ_TIMEOUT);
      assertThat(close.error()).isInstanceOf(NetException.class);
      assertThat(((NetException) close.error()).isTimeout()).isTrue();
      assertThat(close.error()).hasMessageContaining("i/o timeout");
    }
  }

  @Test
  void writeTimeoutFiresAgainstAPeerThatNeverReads() throws Exception {
    TestEvents events = new TestEvents();
    byte[] chunk = new byte[16 * 1024];
    Handler flood =
        conn -> {
          OutputStream out = conn.out();
          while (true) {
            out.write(chunk);
          }
        };
    try (Server server =
            Server.builder()
                .writeTimeout(Duration.ofMillis(300))
                .sendBuffer(4096)
                .listener(events)
                .handler(flood)
                .start();
        Socket reader = new Socket()) {
      reader.setReceiveBufferSize(4096);
      reader.connect(server.address(), 5_000);
      await().atMost(Duration.ofSeconds(10)).until(() -> events.closed.size() == 1);
      CloseInfo close = events.closed.get(0);
      assertThat(close.cause()).isEqualTo(CloseCause.WRITE_TIMEOUT);
      assertThat(close.error()).hasMessageStartingWith("write tcp 127.0.0.1:");
      assertThat(close.bytesOut()).isPositive();
    }
  }

  @Test
  void connectTimeoutOrRefusalIsReportedAsDialError() throws Exception {
    InetSocketAddress nobody;
    try (Server s = Server.builder().handler(ECHO).start()) {
      nobody = s.address();
    }
    Dialer dialer = Dialer.defaults().withRetry(Backoff.exponential(3, Duration.ofMillis(10), Duration.ofMillis(40)));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> dialer.dial(nobody))
        .isInstanceOf(NetException.class)
        .hasMessage("dial tcp 127.0.0.1:" + nobody.getPort() + ": connection refused");
  }
}
