package dev.weft.net.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/** One admission permit. Closing it releases the permit exactly once, however often it is closed. */
public final class Permit implements AutoCloseable {
  private final Semaphore semaphore;
  private final AtomicBoolean released = new AtomicBoolean();

  private Permit(Semaphore semaphore) {
    this.semaphore = semaphore;
  }

  /** Takes a permit if one is free, else returns null. */
  public static Permit tryTake(Semaphore semaphore) {
    return semaphore.tryAcquire() ? new Permit(semaphore) : null;
  }

  @Override
  public void close() {
    if (released.compareAndSet(false, true)) {
      semaphore.release();
    }
  }
}
