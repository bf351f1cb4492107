package dev.weft.fanout;

import dev.weft.net.CloseCause;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber: a bounded queue that publishers offer to without waiting, and a writer virtual
 * thread that takes from it and calls the sink.
 *
 * <p>Ending is first-wins on {@link #end}. The writer is never interrupted, because interrupting a
 * thread blocked on a socket channel closes the channel; instead the ender leaves the queue
 * non-empty (the {@link #STOP} marker), so a writer parked in {@code take()} wakes up and sees the
 * end. A writer blocked in the sink is woken by {@link Sink#close} (disconnect) or finishes on its
 * own (unsubscribe).
 */
final class Subscriber<T> implements Subscription, Runnable {
  private static final Logger log = LoggerFactory.getLogger(Subscriber.class);
  private static final Object STOP = new Object();

  private enum End { UNSUBSCRIBED, DISCONNECTED, FAILED }

  private final Topic<T> topic;
  private final long id;
  private final Sink<? super T> sink;
  private final OverflowPolicy policy;
  private final ArrayBlockingQueue<Object> queue;
  private final AtomicReference<End> end = new AtomicReference<>();
  private final AtomicLong delivered = new AtomicLong();
  private final LongAdder dropped = new LongAdder();
  private final CountDownLatch terminated = new CountDownLatch(1);

  Subscriber(Topic<T> topic, long id, Sink<? super T> sink, OverflowPolicy policy, int capacity) {
    this.topic = topic;
    this.id = id;
    this.sink = sink;
    this.policy = policy;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  void start() {
    Thread.ofVirtual().name("topic-" + topic.name() + "-sub-" + id).start(this);
  }

  /** Called by publishers. Never blocks. Returns true if the queue took {@code msg}. */
  boolean offer(T msg) {
    if (end.get() != null) {
      return false;
    }
    if (queue.offer(msg)) {
      return true;
    }
    return switch (policy) {
      case DROP_NEWEST -> {
        drop();
        yield false;
      }
      case DROP_OLDEST -> offerDroppingOldest(msg);
      case DISCONNECT -> {
        disconnect();
        yield false;
      }
    };
  }

  private boolean offerDroppingOldest(T msg) {
    do {
      Object oldest = queue.poll();
      if (oldest == STOP) {
        queue.offer(STOP); // we raced with the end: keep the writer's wake-up in the queue
        return false;
      }
      if (oldest != null) {
        drop();
      }
      if (end.get() != null) {
        return false;
      }
    } while (!queue.offer(msg));
    return true;
  }

  private void drop() {
    dropped.increment();
    topic.dropped.increment();
  }

  private void disconnect() {
    if (end(End.DISCONNECTED)) {
      topic.disconnected.increment();
      log.debug("{} subscriber {} disconnected: slow consumer ({})", topic.name(), id, sink);
      closeSink(CloseCause.SLOW_CONSUMER);
    }
  }

  private void fail(CloseCause cause, Exception e) {
    if (end(End.FAILED)) {
      topic.failed.increment();
      if (cause == CloseCause.HANDLER_ERROR) {
        log.warn("{} subscriber {} sink failed ({})", topic.name(), id, sink, e);
      } else {
        log.debug("{} subscriber {} delivery failed ({}): {}", topic.name(), id, sink, e.toString());
      }
      closeSink(cause);
    }
  }

  private void closeSink(CloseCause cause) {
    try {
      sink.close(cause);
    } catch (RuntimeException e) {
      log.warn("{} subscriber {} sink close failed", topic.name(), id, e);
    }
  }

  /** Ends the subscription once; returns false if it had already ended. */
  private boolean end(End why) {
    if (!end.compareAndSet(null, why)) {
      return false;
    }
    topic.removed(this);
    queue.clear();
    queue.offer(STOP);
    return true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void run() {
    try {
      while (end.get() == null) {
        Object msg = queue.take();
        if (msg == STOP || end.get() != null) {
          break;
        }
        sink.deliver((T) msg);
        delivered.incrementAndGet();
        topic.delivered.increment();
        if (queue.isEmpty()) {
          sink.flush();
        }
      }
    } catch (InterruptedException e) {
      end(End.UNSUBSCRIBED); // only user code can interrupt us; take it as a stop request
    } catch (IOException e) {
      fail(CloseCause.IO_ERROR, e);
    } catch (RuntimeException e) {
      fail(CloseCause.HANDLER_ERROR, e);
    } finally {
      queue.clear();
      terminated.countDown();
    }
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public OverflowPolicy policy() {
    return policy;
  }

  @Override
  public boolean isActive() {
    return end.get() == null;
  }

  @Override
  public SubscriberStats stats() {
    End e = end.get();
    int queued = e == null ? queue.size() : 0;
    return new SubscriberStats(
        delivered.get(), dropped.sum(), queued, e == End.DISCONNECTED, e == End.FAILED);
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    end(End.UNSUBSCRIBED);
  }

  @Override
  public String toString() {
    return "subscriber " + id + " of " + topic.name() + " " + stats();
  }
}
