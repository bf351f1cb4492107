package dev.weft.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.net.NetException;
import dev.weft.net.Server;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bounds: max size, max pending, FIFO order, and the error an exhausted pool gives. */
@Timeout(30)
class PoolExhaustionTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void acquireTimesOutWithInUseIdleAndWaitingCounts() throws Exception {
    PoolEvents events = new PoolEvents();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).maxSize(2).listener(events).build();
        Lease a = pool.acquire(SECOND);
        Lease b = pool.acquire(SECOND)) {
      assertThat(a.info().id()).isNotEqualTo(b.info().id());
      String prefix = "acquire tcp " + Echo.target(server) + ": no connection within ";
      assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(200)))
          .isInstanceOfSatisfying(PoolExhaustedException.class, e -> {
            assertThat(e.isTimeout()).isTrue();
            assertThat(e.inUse()).isEqualTo(2);
            assertThat(e.waiting()).isZero();
            assertThat(e.maxSize()).isEqualTo(2);
          })
          .hasMessageStartingWith(prefix)
          .hasMessageEndingWith(" ms (2 in use, 0 idle, 0 waiting, max 2)");
      assertThat(events.acquireFailed).hasSize(1);
      assertThat(pool.stats().acquireTimeouts()).isEqualTo(1);
      assertThat(pool.stats().pending()).isZero();
    }
  }

  @Test
  void oneAcquirerBeyondMaxPendingFailsFast() throws Exception {
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).maxSize(1).maxPending(1).build()) {
      Lease held = pool.acquire(SECOND);
      Thread waiter = Thread.ofVirtual().start(() -> acquireAndClose(pool, Duration.ofSeconds(10), null));
      await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().pending() == 1);
      assertThatThrownBy(() -> pool.acquire(Duration.ofSeconds(10)))
          .isInstanceOfSatisfying(PoolExhaustedException.class, e -> assertThat(e.isTimeout()).isFalse())
          .hasMessageContaining("too many acquirers waiting, maxPending 1 (1 in use, 0 idle, 1 waiting, max 1)");
      assertThat(pool.stats().acquireRejected()).isEqualTo(1);
      held.close();
      waiter.join(Duration.ofSeconds(5));
      assertThat(waiter.isAlive()).isFalse();
    }
  }

  @Test
  void waitersAreServedInArrivalOrder() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).maxSize(1).build()) {
      Lease held = pool.acquire(SECOND);
      List<Thread> waiters = new java.util.ArrayList<>();
      for (String name : List.of("first", "second", "third", "fourth")) {
        int before = pool.stats().pending();
        waiters.add(Thread.ofVirtual().start(() -> acquireAndClose(pool, Duration.ofSeconds(10), () -> order.add(name))));
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().pending() == before + 1);
      }
      held.close();
      for (Thread t : waiters) {
        t.join(Duration.ofSeconds(5));
      }
      assertThat(order).containsExactly("first", "second", "third", "fourth");
    }
  }

  @Test
  void aNewAcquirerDoesNotJumpTheQueueWhenAConnectionIsReturned() throws Exception {
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).maxSize(1).build()) {
      Lease held = pool.acquire(SECOND);
      List<String> order = new CopyOnWriteArrayList<>();
      Thread waiter = Thread.ofVirtual().start(() -> acquireAndClose(pool, Duration.ofSeconds(10), () -> order.add("waiter")));
      await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().pending() == 1);
      held.close(); // handed straight to the waiter, not left idle for anyone to grab
      try (Lease late = pool.acquire(Duration.ofSeconds(5))) {
        order.add(late.conn().isOpen() ? "late" : "late, closed");
      }
      waiter.join(Duration.ofSeconds(5));
      assertThat(order).containsExactly("waiter", "late");
    }
  }

  private static void acquireAndClose(ConnectionPool pool, Duration timeout, Runnable whileHeld) {
    try (Lease lease = pool.acquire(timeout)) {
      if (whileHeld != null && lease.conn().isOpen()) {
        whileHeld.run();
      }
    } catch (NetException e) {
      throw new IllegalStateException(e);
    }
  }
}
