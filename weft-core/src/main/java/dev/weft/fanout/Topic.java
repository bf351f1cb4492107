package dev.weft.fanout;

import dev.weft.net.Conn;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A broadcast topic: what Go code does with one channel per subscriber. Each subscriber has a
 * bounded send queue drained by its own writer virtual thread, so a subscriber that blocks (a
 * peer that stopped reading) holds up nobody else.
 *
 * <pre>{@code
 * Topic<String> chat = Topic.builder().name("chat").create();
 * // in a connection handler:
 * try (Subscription s = chat.subscribe(conn, line -> (line + "\n").getBytes(UTF_8))) {
 *   // read the client's lines and chat.publish(...) them
 * }
 * }</pre>
 *
 * <h2>Publishing never blocks</h2>
 * {@link #publish} only offers the message to each subscriber's queue. When a queue is full the
 * subscriber's {@link OverflowPolicy} decides: drop (counted) or disconnect. No policy waits.
 *
 * <h2>Order</h2>
 * Each subscriber receives the messages of one publishing thread in publish order. Messages from
 * concurrent publishers may interleave differently at different subscribers: a global order would
 * need a lock every publisher contends on. Publish from one thread when all subscribers must see
 * one order.
 *
 * <h2>Threads</h2>
 * Every method is thread-safe and may be called concurrently. Only {@link
 * Subscription#awaitTermination} blocks.
 *
 * @param <T> the message type
 */
public final class Topic<T> implements AutoCloseable {
  private final TopicConfig config;
  // Copy-on-write: publishing (the hot path) iterates a plain array; subscribing is rare.
  private final List<Subscriber<T>> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final LongAdder published = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder disconnected = new LongAdder();
  final LongAdder failed = new LongAdder();
  private volatile boolean closed;

  Topic(TopicConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Returns a builder with every default from {@link TopicConfig}. */
  public static TopicConfig.Builder builder() {
    return TopicConfig.builder();
  }

  /** A new open topic with {@code config}. */
  public static <T> Topic<T> create(TopicConfig config) {
    return new Topic<>(config);
  }

  public TopicConfig config() {
    return config;
  }

  public String name() {
    return config.name();
  }

  /**
   * Queues {@code msg} for every current subscriber. Never blocks on subscribers. After {@link
   * #close()} it does nothing.
   *
   * @return how many subscribers' queues took the message
   */
  public int publish(T msg) {
    Objects.requireNonNull(msg, "msg");
    if (closed) {
      return 0;
    }
    published.increment();
    int queued = 0;
    for (Subscriber<T> s : subscribers) {
      if (s.offer(msg)) {
        queued++;
      }
    }
    return queued;
  }

  /** Subscribes {@code sink} with the topic's default queue capacity and overflow policy. */
  public Subscription subscribe(Sink<? super T> sink) {
    return subscribe(sink, config.overflowPolicy(), config.queueCapacity());
  }

  /**
   * Subscribes {@code sink} and starts its writer thread.
   *
   * @param policy what to do when this subscriber's queue is full
   * @param queueCapacity messages this subscriber's queue holds; must be > 0
   * @throws IllegalStateException if the topic is closed
   */
  public Subscription subscribe(Sink<? super T> sink, OverflowPolicy policy, int queueCapacity) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(policy, "policy");
    TopicConfig.checkCapacity(queueCapacity);
    Subscriber<T> s = new Subscriber<>(this, ids.incrementAndGet(), sink, policy, queueCapacity);
    subscribers.add(s);
    if (closed) {
      // close() may have swept the list before our add; never leave a live writer behind.
      subscribers.remove(s);
      throw new IllegalStateException("topic " + config.name() + " is closed");
    }
    s.start();
    return s;
  }

  /**
   * Subscribes a connection: each message is encoded and written to {@code conn.out()}, which is
   * flushed whenever the queue runs empty. Under {@link OverflowPolicy#DISCONNECT} a slow
   * connection is aborted and its server reports {@link dev.weft.net.CloseCause#SLOW_CONSUMER}.
   * Uses the topic's default capacity and policy.
   */
  public Subscription subscribe(Conn conn, Encoder<? super T> encoder) {
    return subscribe(Sink.toConn(conn, encoder));
  }

  /** As {@link #subscribe(Conn, Encoder)}, with this subscriber's own policy and capacity. */
  public Subscription subscribe(
      Conn conn, Encoder<? super T> encoder, OverflowPolicy policy, int queueCapacity) {
    return subscribe(Sink.toConn(conn, encoder), policy, queueCapacity);
  }

  /** Same as {@code subscription.close()}. */
  public void unsubscribe(Subscription subscription) {
    subscription.close();
  }

  /** Subscribers now. */
  public int subscriberCount() {
    return subscribers.size();
  }

  /** A snapshot of the topic's counters. */
  public TopicStats stats() {
    return new TopicStats(
        published.sum(),
        delivered.sum(),
        dropped.sum(),
        disconnected.sum(),
        failed.sum(),
        subscribers.size());
  }

  public boolean isOpen() {
    return !closed;
  }

  /**
   * Ends every subscription (sinks are left open) and makes later publishes no-ops. Idempotent;
   * does not block. Use {@link Subscription#awaitTermination} to wait for a writer to exit.
   */
  @Override
  public void close() {
    closed = true;
    for (Subscriber<T> s : subscribers) {
      s.close();
    }
  }

  /** Called by a subscriber as it ends, whatever the reason. */
  void removed(Subscriber<T> s) {
    subscribers.remove(s);
  }

  @Override
  public String toString() {
    return "topic " + config.name() + " " + stats();
  }
}
