package dev.weft.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.net.ClosedException;
import dev.weft.net.Conn;
import dev.weft.net.Server;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConnectionPoolTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void aReturnedConnectionIsReusedByTheNextAcquire() throws Exception {
    PoolEvents events = new PoolEvents();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).listener(events).build()) {
      long first;
      try (Lease lease = pool.acquire(SECOND)) {
        assertThat(Echo.exchange(lease.conn(), "one")).isEqualTo("one");
        first = lease.info().id();
      }
      try (Lease lease = pool.acquire(SECOND)) {
        assertThat(Echo.exchange(lease.conn(), "two")).isEqualTo("two");
        assertThat(lease.info().id()).isEqualTo(first);
      }
      assertThat(events.created).hasSize(1);
      assertThat(events.acquired).hasValue(2);
      assertThat(events.released).hasValue(2);
      assertThat(pool.stats()).extracting(PoolStats::size, PoolStats::idle, PoolStats::inUse).containsExactly(1, 1, 0);
    }
  }

  @Test
  void aConnectionMarkedBrokenIsDiscardedNotReturned() throws Exception {
    PoolEvents events = new PoolEvents();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).listener(events).build()) {
      try (Lease lease = pool.acquire(SECOND)) {
        Echo.exchange(lease.conn(), "x");
        lease.markBroken();
        assertThat(lease.isBroken()).isTrue();
      }
      assertThat(events.evicted).containsExactly(EvictReason.BROKEN);
      assertThat(pool.stats().size()).isZero();
      try (Lease lease = pool.acquire(SECOND)) {
        assertThat(Echo.exchange(lease.conn(), "fresh")).isEqualTo("fresh");
      }
      assertThat(events.created).hasSize(2);
    }
  }

  @Test
  void anIoErrorThroughTheLeaseMarksItBroken() throws Exception {
    PoolEvents events = new PoolEvents();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).listener(events).build()) {
      try (Lease lease = pool.acquire(SECOND)) {
        lease.conn().setReadTimeout(Duration.ofMillis(100));
        assertThatThrownBy(() -> lease.conn().in().read()).hasMessageContaining("i/o timeout");
        assertThat(lease.isBroken()).isTrue();
      }
      assertThat(events.evicted).containsExactly(EvictReason.BROKEN);
    }
  }

  @Test
  void closingTheLeasedConnOrHalfClosingItDiscardsIt() throws Exception {
    PoolEvents events = new PoolEvents();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).listener(events).build()) {
      try (Lease lease = pool.acquire(SECOND)) {
        lease.conn().close();
      }
      try (Lease lease = pool.acquire(SECOND)) {
        lease.conn().closeWrite();
        assertThat(lease.conn().in().read()).isEqualTo(-1);
      }
      assertThat(events.evicted).containsExactly(EvictReason.BROKEN, EvictReason.BROKEN);
      assertThat(pool.stats().size()).isZero();
    }
  }

  @Test
  void aConnectionReturnedWithAnUnreadReplyIsDiscarded() throws Exception {
    PoolEvents events = new PoolEvents();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).listener(events).build()) {
      try (Lease lease = pool.acquire(SECOND)) {
        lease.conn().out().write("hello".getBytes());
        assertThat(lease.conn().in().readNBytes(2)).isEqualTo("he".getBytes());
      }
      assertThat(events.evicted).containsExactly(EvictReason.UNREAD_DATA);
    }
  }

  @Test
  void aStaleLeaseCannotTouchTheConnectionAfterItWasReturned() throws Exception {
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).build()) {
      Lease first = pool.acquire(SECOND);
      Conn stale = first.conn();
      first.close();
      first.close(); // idempotent
      try (Lease second = pool.acquire(SECOND)) {
        assertThatThrownBy(() -> stale.out().write(1))
            .isInstanceOf(ClosedException.class)
            .hasMessageContaining("lease already closed");
        assertThatThrownBy(() -> stale.in().read()).isInstanceOf(ClosedException.class);
        stale.close(); // must not close the connection the second lease holds
        assertThat(stale.isOpen()).isFalse();
        assertThat(Echo.exchange(second.conn(), "mine")).isEqualTo("mine");
      }
    }
  }

  @Test
  void timeoutsChangedThroughALeaseAreRestoredOnReturn() throws Exception {
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).build()) {
      try (Lease lease = pool.acquire(SECOND)) {
        lease.conn().setReadTimeout(Duration.ofMillis(50));
      }
      try (Lease lease = pool.acquire(SECOND)) {
        // With the 50 ms timeout still in force this read would fail; the dialer's 10 s applies.
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
          try {
            read.complete(lease.conn().in().readNBytes(4));
          } catch (IOException e) {
            read.completeExceptionally(e);
          }
        });
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !read.isDone());
        lease.conn().out().write("late".getBytes());
        lease.conn().out().flush();
        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo("late".getBytes());
      }
    }
  }

  @Test
  void callReturnsTheConnectionOnSuccessAndDiscardsItWhenTheWorkThrows() throws Exception {
    PoolEvents events = new PoolEvents();
    try (Server server = Echo.server();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server)).listener(events).build()) {
      String reply = pool.call(SECOND, conn -> Echo.exchange(conn, "ok"));
      assertThat(reply).isEqualTo("ok");
      assertThat(pool.stats().idle()).isEqualTo(1);
      assertThatThrownBy(() -> pool.call(SECOND, conn -> {
        conn.out().write("half".getBytes());
        throw new dev.weft.net.ProtocolException("bad reply");
      })).isInstanceOf(dev.weft.net.ProtocolException.class);
      assertThat(events.evicted).containsExactly(EvictReason.BROKEN);
      assertThat(pool.stats().size()).isZero();
    }
  }

  @Test
  void configValidationNamesTheFieldAndTheValue() {
    assertThatThrownBy(() -> ConnectionPool.builder(Echo.DIALER, "127.0.0.1:1").maxSize(0).config())
        .hasMessage("maxSize must be >= 1, got 0");
    assertThatThrownBy(() -> ConnectionPool.builder(Echo.DIALER, "127.0.0.1:1").minIdle(5).maxSize(2).config())
        .hasMessage("minIdle must be <= maxSize (2), got 5");
    assertThatThrownBy(() -> ConnectionPool.builder(Echo.DIALER, "127.0.0.1:1").idleTimeout(Duration.ofSeconds(-1)).config())
        .hasMessage("idleTimeout must be >= 0, got PT-1S");
    assertThatThrownBy(() -> ConnectionPool.builder(Echo.DIALER, "nohost").config())
        .hasMessageContaining("host:port");
    assertThatThrownBy(() -> ConnectionPool.builder(Echo.DIALER, "127.0.0.1:1").maxLifetime(SECOND).lifetimeJitter(SECOND).config())
        .hasMessage("lifetimeJitter must be < maxLifetime (PT1S), got PT1S");
    PoolConfig defaults = ConnectionPool.builder(Echo.DIALER, "127.0.0.1:1").config();
    assertThat(defaults.maxSize()).isEqualTo(16);
    assertThat(defaults.lifetimeJitter()).isEqualTo(Duration.ofMinutes(3));
    assertThat(defaults.effectiveReaperInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.name()).isEqualTo("127.0.0.1:1");
  }
}
