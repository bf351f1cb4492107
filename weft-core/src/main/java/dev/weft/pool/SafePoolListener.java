package dev.weft.pool;

import dev.weft.net.ConnectionInfo;
import dev.weft.net.NetException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forwards pool events and keeps a listener's exception away from the pool. */
final class SafePoolListener implements PoolListener {
  private static final Logger log = LoggerFactory.getLogger(SafePoolListener.class);
  private final PoolListener delegate;

  SafePoolListener(PoolListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void created(ConnectionInfo conn, Duration took) {
    guard(() -> delegate.created(conn, took), "created");
  }

  @Override
  public void acquired(ConnectionInfo conn, Duration waited) {
    guard(() -> delegate.acquired(conn, waited), "acquired");
  }

  @Override
  public void released(ConnectionInfo conn, Duration held) {
    guard(() -> delegate.released(conn, held), "released");
  }

  @Override
  public void evicted(ConnectionInfo conn, EvictReason reason) {
    guard(() -> delegate.evicted(conn, reason), "evicted");
  }

  @Override
  public void acquireFailed(PoolExhaustedException error) {
    guard(() -> delegate.acquireFailed(error), "acquireFailed");
  }

  @Override
  public void dialFailed(InetSocketAddress target, NetException error) {
    guard(() -> delegate.dialFailed(target, error), "dialFailed");
  }

  @Override
  public void breakerChanged(BreakerState from, BreakerState to) {
    guard(() -> delegate.breakerChanged(from, to), "breakerChanged");
  }

  private static void guard(Runnable event, String name) {
    try {
      event.run();
    } catch (RuntimeException e) {
      log.warn("pool listener failed on {}", name, e);
    }
  }
}
