package dev.weft.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.net.Backoff;
import dev.weft.net.Dialer;
import dev.weft.net.NetException;
import dev.weft.net.Server;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Dialing against a target that is down, then back: retries, the breaker, recovery. */
@Timeout(30)
class PoolBreakerTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort(); // closed again: connecting to it is refused
    }
  }

  @Test
  void theBreakerOpensWhileTheServerIsDownAndClosesWhenItComesBack() throws Exception {
    int port = freePort();
    PoolEvents events = new PoolEvents();
    try (ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, "127.0.0.1:" + port)
        .breakerThreshold(3).breakerCooldown(Duration.ofMillis(300)).listener(events).build()) {
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> pool.acquire(SECOND))
            .isInstanceOf(NetException.class)
            .isNotInstanceOf(CircuitOpenException.class)
            .hasMessage("dial tcp 127.0.0.1:" + port + ": connection refused");
      }
      assertThat(events.breaker).containsExactly("CLOSED->OPEN");
      assertThatThrownBy(() -> pool.acquire(SECOND))
          .isInstanceOfSatisfying(CircuitOpenException.class, e -> {
            assertThat(e.failures()).isEqualTo(3);
            assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(300));
          })
          .hasMessageStartingWith("dial tcp 127.0.0.1:" + port
              + ": circuit breaker open after 3 consecutive dial failures, next probe in ")
          .hasMessageEndingWith(" ms (last: connection refused)");
      assertThat(events.dialFailed).hasSize(3);
      assertThat(pool.stats().breaker()).isEqualTo(BreakerState.OPEN);
      assertThat(pool.stats().size()).isZero();

      try (Server server = Server.builder().listen("127.0.0.1", port)
          .handler(conn -> conn.in().transferTo(conn.out())).start()) {
        assertThat(server.address().getPort()).isEqualTo(port);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).ignoreExceptionsInstanceOf(CircuitOpenException.class)
            .until(() -> {
              try (Lease lease = pool.acquire(SECOND)) {
                return Echo.exchange(lease.conn(), "back").equals("back");
              }
            });
        assertThat(events.breaker).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
        assertThat(pool.stats().breaker()).isEqualTo(BreakerState.CLOSED);
      }
    }
  }

  @Test
  void aFailedHalfOpenProbeOpensTheBreakerAgain() throws Exception {
    int port = freePort();
    PoolEvents events = new PoolEvents();
    try (ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, "127.0.0.1:" + port)
        .breakerThreshold(1).breakerCooldown(Duration.ofMillis(100)).listener(events).build()) {
      assertThatThrownBy(() -> pool.acquire(SECOND)).hasMessageEndingWith("connection refused");
      assertThatThrownBy(() -> pool.acquire(SECOND)).isInstanceOf(CircuitOpenException.class);
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
        try {
          pool.acquire(SECOND).close();
          return false;
        } catch (CircuitOpenException open) {
          return false;
        } catch (NetException refusedProbe) {
          return true;
        }
      });
      assertThat(events.breaker).containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->OPEN");
    }
  }

  @Test
  void dialsRetryWithBackoffWithinTheAcquireTimeout() throws Exception {
    int port = freePort();
    PoolEvents events = new PoolEvents();
    Dialer retrying = Echo.DIALER.withRetry(Backoff.exponential(4, Duration.ofMillis(20), Duration.ofMillis(80)));
    try (ConnectionPool pool = ConnectionPool.builder(retrying, "127.0.0.1:" + port)
        .breakerThreshold(0).listener(events).build()) {
      assertThatThrownBy(() -> pool.acquire(Duration.ofSeconds(5))).hasMessageEndingWith("connection refused");
      assertThat(events.dialFailed).hasSize(4);
      assertThat(events.breaker).isEmpty();
      assertThat(pool.stats().dialFailures()).isEqualTo(4);
    }
  }

  @Test
  void idleConnectionsAreStillHandedOutWhileTheBreakerIsOpen() throws Exception {
    AtomicBoolean refuse = new AtomicBoolean();
    Dialer flaky = Echo.DIALER.withSetup(conn -> {
      if (refuse.get()) {
        throw new NetException("handshake", conn.localAddress(), conn.remoteAddress(), "refused by the test", null, false);
      }
      return conn;
    });
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(flaky, Echo.target(server)).maxSize(2)
            .breakerThreshold(1).breakerCooldown(Duration.ofMinutes(1)).build()) {
      long first;
      try (Lease held = pool.acquire(SECOND)) {
        first = held.info().id();
        refuse.set(true);
        assertThatThrownBy(() -> pool.acquire(SECOND)).hasMessageEndingWith("refused by the test");
        assertThat(pool.stats().breaker()).isEqualTo(BreakerState.OPEN);
      }
      try (Lease idle = pool.acquire(SECOND)) {
        assertThat(idle.info().id()).isEqualTo(first);
        assertThat(Echo.exchange(idle.conn(), "still served")).isEqualTo("still served");
        assertThatThrownBy(() -> pool.acquire(SECOND)).isInstanceOf(CircuitOpenException.class);
      }
    }
  }
}
