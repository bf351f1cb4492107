package dev.weft.pool;

import dev.weft.net.ConnectionInfo;
import dev.weft.net.NetException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records pool events for assertions. */
final class PoolEvents implements PoolListener {
  final List<ConnectionInfo> created = new CopyOnWriteArrayList<>();
  final AtomicInteger acquired = new AtomicInteger();
  final AtomicInteger released = new AtomicInteger();
  final List<EvictReason> evicted = new CopyOnWriteArrayList<>();
  final List<Long> evictedIds = new CopyOnWriteArrayList<>();
  final List<PoolExhaustedException> acquireFailed = new CopyOnWriteArrayList<>();
  final List<NetException> dialFailed = new CopyOnWriteArrayList<>();
  final List<String> breaker = new CopyOnWriteArrayList<>();

  @Override
  public void created(ConnectionInfo conn, Duration took) {
    created.add(conn);
  }

  @Override
  public void acquired(ConnectionInfo conn, Duration waited) {
    acquired.incrementAndGet();
  }

  @Override
  public void released(ConnectionInfo conn, Duration held) {
    released.incrementAndGet();
  }

  @Override
  public void evicted(ConnectionInfo conn, EvictReason reason) {
    evictedIds.add(conn.id());
    evicted.add(reason);
  }

  @Override
  public void acquireFailed(PoolExhaustedException error) {
    acquireFailed.add(error);
  }

  @Override
  public void dialFailed(InetSocketAddress target, NetException error) {
    dialFailed.add(error);
  }

  @Override
  public void breakerChanged(BreakerState from, BreakerState to) {
    breaker.add(from + "->" + to);
  }
}
