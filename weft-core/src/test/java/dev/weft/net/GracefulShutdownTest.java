package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

  /** Reads one line, holds it until released, answers it, and loops until EOF. */
  private static Handler heldEcho(CountDownLatch received, CountDownLatch release) {
    return conn -> {
      InputStream in = conn.in();
      while (true) {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
          line.append((char) b);
        }
        if (b == -1) {
          return;
        }
        received.countDown();
        release.await();
        conn.out().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  @Test
  void inFlightExchangesCompleteDuringDrainAndNoByteIsLost() throws Exception {
    int clients = 200;
    CountDownLatch received = new CountDownLatch(clients);
    CountDownLatch release = new CountDownLatch(1);
    TestEvents events = new TestEvents();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Server server = Server.builder().listener(events).handler(heldEcho(received, release)).start();
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String msg = "request-" + i + "-" + "x".repeat(i);
        answers.add(pool.submit(() -> askAndWaitForClose(server, msg)));
      }
      received.await();
      CompletableFuture<ShutdownSummary> summary =
          CompletableFuture.supplyAsync(() -> server.shutdown(Duration.ofSeconds(20)), pool);
      await().atMost(Duration.ofSeconds(5)).until(server::isDraining);
      release.countDown();

      for (int i = 0; i < clients; i++) {
        assertThat(answers.get(i).get()).isEqualTo("request-" + i + "-" + "x".repeat(i) + "\n");
      }
      ShutdownSummary s = summary.get();
      assertThat(s.drained()).isEqualTo(clients);
      assertThat(s.forceClosed()).isZero();
      assertThat(events.causes()).hasSize(clients).containsOnly(CloseCause.SHUTDOWN);
    }
  }

  @Test
  void handlersThatIgnoreTheDrainAreForceClosedAtTheDeadline() throws Exception {
    TestEvents events = new TestEvents();
    CountDownLatch started = new CountDownLatch(1);
    Handler stubborn =
        conn -> {
          started.countDown();
          new CountDownLatch(1).await(); // never finishes on its own
        };
    Server server = Server.builder().listener(events).handler(stubborn).start();
    try (Socket s = Clients.connect(server.address())) {
      started.await();
      ShutdownSummary summary = server.shutdown(Duration.ofMillis(200));
      assertThat(summary.forceClosed()).isEqualTo(1);
      assertThat(summary.drained()).isZero();
      assertThat(Clients.readToEnd(s)).isEqualTo(-1);
    }
    assertThat(events.causes()).containsExactly(CloseCause.SHUTDOWN);
  }

  @Test
  void afterShutdownNewConnectionsAreRefused() throws Exception {
    Server server = Server.builder().handler(c -> c.in().transferTo(c.out())).start();
    var address = server.address();
    assertThat(server.shutdown().forceClosed()).isZero();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Clients.connect(address))
        .isInstanceOf(java.net.ConnectException.class);
    assertThat(server.awaitShutdown().drained()).isZero();
  }

  private static String askAndWaitForClose(Server server, String msg) throws Exception {
    try (Socket s = Clients.connect(server.address())) {
      s.getOutputStream().write((msg + "\n").getBytes(StandardCharsets.UTF_8));
      // The whole answer, then EOF: the server finished the exchange and closed cleanly.
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
