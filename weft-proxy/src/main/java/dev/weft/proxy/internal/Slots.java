package dev.weft.proxy.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend's connection slots: at most {@code max} connections at once, and at most {@code
 * maxQueue} callers waiting for a slot, each for a bounded time. {@code max == 0} means no limit.
 * Thread-safe; a waiting caller parks its virtual thread.
 */
public final class Slots {
  private final int max;
  private final int maxQueue;
  private final Semaphore permits;
  private final AtomicInteger queued = new AtomicInteger();

  public Slots(int max, int maxQueue) {
    this.max = max;
    this.maxQueue = maxQueue;
    this.permits = max == 0 ? null : new Semaphore(max, true);
  }

  /** Takes a slot if one is free now. */
  public boolean tryAcquire() {
    return permits == null || permits.tryAcquire();
  }

  /** True when a slot is free now (a hint: another thread may take it first). */
  public boolean hasFree() {
    return permits == null || permits.availablePermits() > 0;
  }

  /**
   * Waits up to {@code nanos} for a slot, if the queue has room.
   *
   * @return false when the queue is full or the time passed
   */
  public boolean acquire(long nanos) throws InterruptedException {
    if (tryAcquire()) {
      return true;
    }
    if (queued.incrementAndGet() > maxQueue) {
      queued.decrementAndGet();
      return false;
    }
    try {
      return permits.tryAcquire(nanos, TimeUnit.NANOSECONDS);
    } finally {
      queued.decrementAndGet();
    }
  }

  public void release() {
    if (permits != null) {
      permits.release();
    }
  }

  /** Callers waiting for a slot now. */
  public int queued() {
    return queued.get();
  }

  public int max() {
    return max;
  }
}
