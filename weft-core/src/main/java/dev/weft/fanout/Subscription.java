package dev.weft.fanout;

import java.time.Duration;

/**
 * One subscriber of a {@link Topic}. Thread-safe: any thread may call any method.
 *
 * <pre>
 *   ACTIVE ──close() / Topic.close()────────────▶ ENDED (sink left open)
 *     │ ────queue full under DISCONNECT─────────▶ ENDED (sink closed: SLOW_CONSUMER)
 *     └─────sink threw─────────────────────────▶ ENDED (sink closed: IO_ERROR, HANDLER_ERROR)
 * </pre>
 *
 * <p>Once ended, messages still queued are discarded and the writer thread exits after the
 * delivery in progress, if any, returns.
 */
public interface Subscription extends AutoCloseable {

  /** Topic-unique id, also in the writer thread's name {@code topic-<name>-sub-<id>}. */
  long id();

  /** The policy applied when this subscriber's queue is full. */
  OverflowPolicy policy();

  /** True until unsubscribed, removed, or the topic is closed. */
  boolean isActive();

  /** A snapshot of this subscriber's counters. */
  SubscriberStats stats();

  /**
   * Blocks until the writer thread has exited, so the sink is no longer called, or until {@code
   * timeout} passes.
   *
   * @return true if the writer has exited
   */
  boolean awaitTermination(Duration timeout) throws InterruptedException;

  /**
   * Unsubscribes. Idempotent; does not block and does not close the sink. A delivery blocked in
   * the sink is not interrupted (interrupting would close a socket channel); it finishes or fails
   * on its own, bounded by the connection's write timeout.
   */
  @Override
  void close();
}
