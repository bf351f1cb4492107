package dev.weft.fanout;

import dev.weft.net.CloseCause;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An in-process sink for tests: records messages, flushes, the close cause and the writer thread's
 * name. When built {@link #gated()}, the first delivery blocks until {@link #open()} or {@link
 * #close}, like a socket write to a peer that stopped reading.
 */
final class RecordingSink<T> implements Sink<T> {
  private final ConcurrentLinkedQueue<T> received = new ConcurrentLinkedQueue<>();
  private final CountDownLatch gate;
  private final CountDownLatch entered = new CountDownLatch(1);
  private final AtomicInteger flushes = new AtomicInteger();
  private final AtomicReference<CloseCause> closedWith = new AtomicReference<>();
  private final AtomicReference<String> threadName = new AtomicReference<>();
  private volatile int failAt = -1;

  private RecordingSink(boolean gated) {
    this.gate = new CountDownLatch(gated ? 1 : 0);
  }

  static <T> RecordingSink<T> open() {
    return new RecordingSink<>(false);
  }

  static <T> RecordingSink<T> gated() {
    return new RecordingSink<>(true);
  }

  /** Makes the delivery of message number {@code index} (0-based) throw an IOException. */
  RecordingSink<T> failingAt(int index) {
    this.failAt = index;
    return this;
  }

  @Override
  public void deliver(T msg) throws IOException {
    threadName.set(Thread.currentThread().getName());
    entered.countDown();
    try {
      // Bounded so a broken test cannot hang the build.
      if (!gate.await(20, TimeUnit.SECONDS)) {
        throw new IOException("gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (received.size() == failAt) {
      throw new IOException("sink broken on purpose");
    }
    received.add(msg);
  }

  @Override
  public void flush() {
    flushes.incrementAndGet();
  }

  @Override
  public void close(CloseCause cause) {
    closedWith.compareAndSet(null, cause);
    gate.countDown();
  }

  void release() {
    gate.countDown();
  }

  boolean isBlockedInDeliver() {
    return entered.getCount() == 0;
  }

  List<T> received() {
    return new ArrayList<>(received);
  }

  int count() {
    return received.size();
  }

  int flushes() {
    return flushes.get();
  }

  CloseCause closedWith() {
    return closedWith.get();
  }

  String threadName() {
    return threadName.get();
  }
}
