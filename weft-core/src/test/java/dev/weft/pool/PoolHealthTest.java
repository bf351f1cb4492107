package dev.weft.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.CloseInfo;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import dev.weft.net.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pool never hands out a connection the peer has closed, half-closed or written into. */
@Timeout(30)
class PoolHealthTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void connectionsTheServerClosedForIdlenessAreNeverHandedOut() throws Exception {
    AtomicInteger serverClosed = new AtomicInteger();
    ConnectionListener closes = new ConnectionListener() {
      @Override
      public void closed(ConnectionInfo conn, CloseInfo close) {
        serverClosed.incrementAndGet();
      }
    };
    PoolEvents events = new PoolEvents();
    try (Server server = Server.builder().idleTimeout(Duration.ofMillis(500)).listener(closes)
            .handler(conn -> conn.in().transferTo(conn.out())).start();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server))
            .idleTimeout(Duration.ZERO).listener(events).build()) {
      List<Lease> leases = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        leases.add(pool.acquire(SECOND));
      }
      for (Lease lease : leases) {
        assertThat(Echo.exchange(lease.conn(), "warm")).isEqualTo("warm");
        lease.close();
      }
      assertThat(pool.stats().idle()).isEqualTo(4);
      await().atMost(Duration.ofSeconds(5)).until(() -> serverClosed.get() == 4);
      Set<Long> fresh = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        try (Lease lease = pool.acquire(SECOND)) {
          assertThat(Echo.exchange(lease.conn(), "after " + i)).isEqualTo("after " + i);
          fresh.add(lease.info().id());
        }
      }
      assertThat(events.evicted).hasSize(4).containsOnly(EvictReason.PEER_CLOSED);
      assertThat(fresh).hasSize(1).doesNotContainAnyElementsOf(ids(events.evictedIds));
      assertThat(events.created).hasSize(5);
    }
  }

  private static Set<Long> ids(List<Long> ids) {
    return new HashSet<>(ids);
  }

  @Test
  void aHalfClosedIdleConnectionIsNeverHandedOut() throws Exception {
    PoolEvents events = new PoolEvents();
    CountDownLatch halfClosed = new CountDownLatch(1);
    try (Server server = Server.builder().handler(conn -> {
          byte[] req = conn.in().readNBytes(4);
          conn.out().write(req);
          conn.closeWrite();
          halfClosed.countDown();
          conn.in().transferTo(java.io.OutputStream.nullOutputStream());
        }).start();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).listener(events).build()) {
      try (Lease lease = pool.acquire(SECOND)) {
        assertThat(Echo.exchange(lease.conn(), "ping")).isEqualTo("ping");
      }
      assertThat(halfClosed.await(5, TimeUnit.SECONDS)).isTrue();
      try (Lease lease = pool.acquire(SECOND)) {
        assertThat(Echo.exchange(lease.conn(), "pong")).isEqualTo("pong");
      }
      assertThat(events.evicted).containsExactly(EvictReason.PEER_CLOSED);
      assertThat(events.created).hasSize(2);
    }
  }

  @Test
  void bytesNobodyAskedForGetAnIdleConnectionDiscarded() throws Exception {
    PoolEvents events = new PoolEvents();
    CountDownLatch returned = new CountDownLatch(1);
    CountDownLatch pushed = new CountDownLatch(1);
    AtomicInteger conns = new AtomicInteger();
    try (Server server = Server.builder().handler(conn -> {
          conn.out().write(conn.in().readNBytes(4));
          conn.out().flush();
          if (conns.incrementAndGet() > 1) {
            conn.in().transferTo(conn.out()); // only the first connection misbehaves
            return;
          }
          returned.await();
          conn.out().write("surprise".getBytes());
          conn.out().flush();
          pushed.countDown();
          conn.in().transferTo(conn.out());
        }).start();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).listener(events).build()) {
      try (Lease lease = pool.acquire(SECOND)) {
        assertThat(Echo.exchange(lease.conn(), "ping")).isEqualTo("ping");
      }
      returned.countDown();
      assertThat(pushed.await(5, TimeUnit.SECONDS)).isTrue();
      try (Lease lease = pool.acquire(SECOND)) {
        assertThat(Echo.exchange(lease.conn(), "next")).isEqualTo("next");
      }
      assertThat(events.evicted).containsExactly(EvictReason.UNEXPECTED_DATA);
    }
  }

  @Test
  void aFailingValidatorGetsTheConnectionReplacedOnAcquire() throws Exception {
    PoolEvents events = new PoolEvents();
    AtomicInteger calls = new AtomicInteger();
    ConnValidator pingOnceThenFail = conn -> calls.incrementAndGet() == 1 && "PING".equals(Echo.exchange(conn, "PING"));
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server))
            .validator(pingOnceThenFail).listener(events).build()) {
      try (Lease lease = pool.acquire(SECOND)) {
        Echo.exchange(lease.conn(), "new conns are not validated");
      }
      try (Lease lease = pool.acquire(SECOND)) {
        assertThat(Echo.exchange(lease.conn(), "validated")).isEqualTo("validated");
      }
      try (Lease lease = pool.acquire(SECOND)) {
        assertThat(Echo.exchange(lease.conn(), "replaced")).isEqualTo("replaced");
      }
      assertThat(calls).hasValue(2);
      assertThat(events.evicted).containsExactly(EvictReason.VALIDATION_FAILED);
      assertThat(events.created).hasSize(2);
    }
  }

  @Test
  void theValidatorRunsOnlyAfterTheIdleThreshold() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server))
            .validator(conn -> calls.incrementAndGet() > 0).validateAfterIdle(Duration.ofSeconds(1)).build()) {
      pool.acquire(SECOND).close();
      pool.acquire(SECOND).close();
      assertThat(calls).hasValue(0);
      await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(3)).until(() -> {
        pool.acquire(SECOND).close();
        return calls.get() >= 1;
      });
    }
  }
}
