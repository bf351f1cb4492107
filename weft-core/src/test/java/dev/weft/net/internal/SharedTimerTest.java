package dev.weft.net.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.Server;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedTimerTest {

  @Test
  void idleConnectionsCostOneTimerEntryEachAndNoThreads() throws Exception {
    int n = 500;
    java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
    int pendingBefore = SharedTimer.pending();
    List<Socket> sockets = new ArrayList<>();
    try (Server server =
        Server.builder()
            .idleTimeout(Duration.ofMinutes(5))
            .readTimeout(Duration.ofMinutes(1))
            .writeTimeout(Duration.ofSeconds(30))
            .handler(c -> c.in().transferTo(c.out()))
            .start()) {
      for (int i = 0; i < n; i++) {
        Socket s = new Socket("127.0.0.1", server.address().getPort());
        s.setSoTimeout(10_000);
        sockets.add(s);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> server.activeConnections() == n);
      // Three timeouts per connection, one timer entry per connection.
      assertThat(SharedTimer.pending() - pendingBefore).isBetween(n - 5, n + 5);
      // Virtual threads are not listed here; besides the JDK's own carrier and poller threads,
      // at most the single timer thread may have been added.
      assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> !before.contains(t))
          .extracting(Thread::getName)
          .filteredOn(name -> !name.startsWith("ForkJoinPool") && !name.contains("Poller"))
          .hasSizeLessThanOrEqualTo(1);
      for (Socket s : sockets) {
        s.close();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> server.activeConnections() == 0);
      assertThat(SharedTimer.pending() - pendingBefore).isLessThanOrEqualTo(5);
    }
  }
}
