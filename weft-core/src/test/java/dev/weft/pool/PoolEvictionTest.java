package dev.weft.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.net.NetException;
import dev.weft.net.Server;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Idle timeout, max lifetime and min-idle warm-up, run by the reaper on the shared timer. */
@Timeout(30)
class PoolEvictionTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void anIdleConnectionIsClosedWithinItsIdleWindow() throws Exception {
    PoolEvents events = new PoolEvents();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server))
            .idleTimeout(Duration.ofMillis(400)).listener(events).build()) {
      pool.acquire(SECOND).close();
      // Reaper period: a quarter of 400 ms, so eviction lands in [400 ms, 500 ms] plus scheduling
      // slack on a busy machine.
      await().between(Duration.ofMillis(350), Duration.ofSeconds(3)).until(() -> !events.evicted.isEmpty());
      assertThat(events.evicted).containsExactly(EvictReason.IDLE_TIMEOUT);
      assertThat(pool.stats().size()).isZero();
      await().atMost(SECOND).until(() -> server.activeConnections() == 0);
    }
  }

  @Test
  void anOldConnectionIsClosedWithinItsLifetimeWindow() throws Exception {
    PoolEvents events = new PoolEvents();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server))
            .idleTimeout(Duration.ZERO).maxLifetime(Duration.ofMillis(600)).lifetimeJitter(Duration.ofMillis(200))
            .listener(events).build()) {
      pool.acquire(SECOND).close();
      // Lifetime in [400, 600] ms by jitter; reaper period 150 ms.
      await().between(Duration.ofMillis(350), Duration.ofSeconds(3)).until(() -> !events.evicted.isEmpty());
      assertThat(events.evicted).containsExactly(EvictReason.MAX_LIFETIME);
    }
  }

  @Test
  void aLeasedConnectionPastItsLifetimeIsClosedOnReturnNotUnderItsHolder() throws Exception {
    PoolEvents events = new PoolEvents();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server))
            .maxLifetime(Duration.ofMillis(200)).lifetimeJitter(Duration.ZERO).listener(events).build()) {
      Lease lease = pool.acquire(SECOND);
      await().pollDelay(Duration.ofMillis(300)).atMost(SECOND).until(() -> lease.conn().isOpen());
      assertThat(Echo.exchange(lease.conn(), "still mine")).isEqualTo("still mine");
      assertThat(events.evicted).isEmpty();
      lease.close();
      assertThat(events.evicted).containsExactly(EvictReason.MAX_LIFETIME);
    }
  }

  @Test
  void idleEvictionKeepsMinIdleConnections() throws Exception {
    PoolEvents events = new PoolEvents();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server))
            .idleTimeout(Duration.ofMillis(200)).minIdle(2).listener(events).build()) {
      List<Lease> leases = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        leases.add(pool.acquire(SECOND));
      }
      leases.forEach(Lease::close);
      // Warm-up may have dialed extra idle ones while the five were leased; all but two go.
      await().atMost(Duration.ofSeconds(3)).until(() -> pool.stats().size() == 2);
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
          .until(() -> pool.stats().idle() == 2 && pool.stats().size() == 2);
      assertThat(events.evicted).hasSize(events.created.size() - 2).containsOnly(EvictReason.IDLE_TIMEOUT);
      assertThat(events.evicted.size()).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void warmUpFillsMinIdleInTheBackgroundAndRefillsAfterLeases() throws Exception {
    PoolEvents events = new PoolEvents();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server))
            .minIdle(3).maxSize(4).listener(events).build()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().idle() == 3);
      assertThat(events.created).hasSize(3);
      try (Lease a = pool.acquire(SECOND); Lease b = pool.acquire(SECOND)) {
        // Two leased, at most four open: warm-up refills idle to the two slots left.
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stats().size() == 4 && pool.stats().idle() == 2);
        assertThat(Echo.exchange(a.conn(), "a") + Echo.exchange(b.conn(), "b")).isEqualTo("ab");
      }
      assertThat(pool.stats().size()).isEqualTo(4);
    }
  }

  @Test
  void warmUpAgainstADeadTargetNeverBlocksAcquireBeyondItsTimeout() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PoolEvents events = new PoolEvents();
    try (ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, "127.0.0.1:" + port)
        .minIdle(2).listener(events).build()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> !events.dialFailed.isEmpty());
      long start = System.nanoTime();
      assertThatThrownBy(() -> pool.acquire(Duration.ofMillis(300)))
          .isInstanceOf(NetException.class)
          .hasMessageStartingWith("dial tcp 127.0.0.1:" + port + ": ");
      // A correctness bound (the acquire timeout plus generous slack), not a performance figure.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(pool.stats().size()).isZero();
    }
  }
}
