package dev.weft.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import dev.weft.net.Server;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 200 virtual threads hammer a pool of 8 over real loopback sockets. */
@Timeout(60)
class PoolConcurrencyTest {
  private static final int THREADS = 200;
  private static final int ROUNDS = 25;
  private static final int MAX = 8;

  @Test
  void twoHundredThreadsShareEightConnectionsWithoutDoubleHandoutOrLeak() throws Exception {
    PoolEvents events = new PoolEvents();
    Map<Long, AtomicBoolean> inUse = new ConcurrentHashMap<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    AtomicInteger maxSeen = new AtomicInteger();
    AtomicInteger serverAccepted = new AtomicInteger();
    ConnectionListener accepts = new ConnectionListener() {
      @Override
      public void accepted(ConnectionInfo conn) {
        serverAccepted.incrementAndGet();
      }
    };
    AtomicInteger broken = new AtomicInteger();
    try (Server server = Server.builder().listener(accepts).handler(conn -> conn.in().transferTo(conn.out())).start();
        ConnectionPool pool = ConnectionPool.builder(Echo.DIALER, Echo.target(server))
            .maxSize(MAX).maxPending(THREADS).listener(events).build()) {
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int t = 0; t < THREADS; t++) {
          int id = t;
          threads.submit(() -> {
            for (int r = 0; r < ROUNDS; r++) {
              try (Lease lease = pool.acquire(Duration.ofSeconds(20))) {
                AtomicBoolean flag = inUse.computeIfAbsent(lease.info().id(), k -> new AtomicBoolean());
                if (!flag.compareAndSet(false, true)) {
                  failures.add(new AssertionError("connection " + lease.info() + " handed out twice"));
                }
                PoolStats s = pool.stats();
                maxSeen.accumulateAndGet(s.size(), Math::max);
                String msg = "t" + id + " r" + r + "\n";
                String back = Echo.exchange(lease.conn(), msg);
                if (!back.equals(msg)) {
                  failures.add(new AssertionError("sent " + msg + " got " + back));
                }
                if (ThreadLocalRandom.current().nextInt(20) == 0) {
                  lease.markBroken(); // exercises discard and re-dial under load
                  broken.incrementAndGet();
                }
                flag.set(false);
              } catch (Throwable e) {
                failures.add(e);
              }
            }
          });
        }
      }
      assertThat(failures).isEmpty();
      assertThat(maxSeen.get()).isBetween(1, MAX);
      PoolStats end = pool.stats();
      assertThat(end.inUse()).isZero();
      assertThat(end.pending()).isZero();
      assertThat(end.dialing()).isZero();
      assertThat(end.size()).isEqualTo(end.idle()).isBetween(1, MAX);
      assertThat(end.acquired()).isEqualTo(THREADS * ROUNDS);
      assertThat(events.acquired).hasValue(THREADS * ROUNDS);
      assertThat(events.released).hasValue(THREADS * ROUNDS);
      assertThat(events.evicted).hasSize(broken.get()).containsOnly(EvictReason.BROKEN);
      assertThat(events.created).hasSize(end.size() + broken.get());
      // The server agrees: one accepted socket per created connection, and size still open.
      assertThat(serverAccepted.get()).isEqualTo(events.created.size());
      await().atMost(Duration.ofSeconds(5)).until(() -> server.activeConnections() == end.size());
      PoolCloseSummary closed = pool.shutdown(Duration.ofSeconds(1));
      assertThat(closed.idleClosed()).isEqualTo(end.size());
      assertThat(closed.forceClosed()).isZero();
      await().atMost(Duration.ofSeconds(5)).until(() -> server.activeConnections() == 0);
      assertThat(pool.stats().size()).isZero();
      assertThat(events.evicted).hasSize(events.created.size());
    }
  }
}
