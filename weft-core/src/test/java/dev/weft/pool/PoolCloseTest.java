package dev.weft.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.net.ClosedException;
import dev.weft.net.Server;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Graceful close: stop handing out, wait for leases until the deadline, then force-close. */
@Timeout(30)
class PoolCloseTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void closeWaitsForLeasesThenForceClosesTheRest() throws Exception {
    PoolEvents events = new PoolEvents();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).maxSize(3).listener(events).build()) {
      Lease idle = pool.acquire(SECOND);
      Lease returned = pool.acquire(SECOND);
      Lease stuck = pool.acquire(SECOND);
      idle.close();
      CompletableFuture<Throwable> stuckRead = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try {
          stuck.conn().in().read(); // the echo server sends nothing: blocks until force-closed
          stuckRead.complete(null);
        } catch (IOException e) {
          stuckRead.complete(e);
        }
      });
      CompletableFuture<PoolCloseSummary> summary = CompletableFuture.supplyAsync(
          () -> pool.shutdown(Duration.ofSeconds(4)), r -> Thread.ofVirtual().start(r));

      // Closing: no more hand-outs, with the distinct closed signal.
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThatThrownBy(() -> pool.acquire(SECOND))
              .isInstanceOf(ClosedException.class)
              .hasMessage("acquire tcp " + Echo.target(server) + ": pool closed"));
      assertThat(summary).isNotDone();
      assertThat(Echo.exchange(returned.conn(), "finishing")).isEqualTo("finishing");
      returned.close();

      PoolCloseSummary s = summary.get(10, TimeUnit.SECONDS);
      assertThat(s.idleClosed()).isEqualTo(1);
      assertThat(s.returned()).isEqualTo(1);
      assertThat(s.forceClosed()).isEqualTo(1);
      assertThat(s.took()).isGreaterThanOrEqualTo(Duration.ofMillis(3900));
      assertThat(stuckRead.get(5, TimeUnit.SECONDS)).isInstanceOf(ClosedException.class);
      stuck.close(); // harmless after the force-close
      assertThat(events.evicted).hasSize(3).containsOnly(EvictReason.POOL_CLOSED);
      assertThat(pool.stats().size()).isZero();
      assertThat(pool.shutdown(SECOND)).isSameAs(s);
      await().atMost(Duration.ofSeconds(5)).until(() -> server.activeConnections() == 0);
    }
  }

  @Test
  void aWaitingAcquirerFailsWhenThePoolCloses() throws Exception {
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).maxSize(1).build()) {
      Lease held = pool.acquire(SECOND);
      CompletableFuture<Throwable> waiter = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try {
          pool.acquire(Duration.ofSeconds(20)).close();
          waiter.complete(null);
        } catch (IOException e) {
          waiter.complete(e);
        }
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().pending() == 1);
      CompletableFuture<PoolCloseSummary> summary = CompletableFuture.supplyAsync(() -> pool.shutdown(Duration.ofMillis(100)));
      assertThat(waiter.get(5, TimeUnit.SECONDS)).isInstanceOf(ClosedException.class).hasMessageEndingWith("pool closed");
      assertThat(summary.get(5, TimeUnit.SECONDS).forceClosed()).isEqualTo(1);
      held.close();
    }
  }
}
