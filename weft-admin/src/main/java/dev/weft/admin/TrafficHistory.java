package dev.weft.admin;

import dev.weft.net.Traffic;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One service's traffic over the last {@link #CAPACITY} samples, and its totals as monotonic
 * counters. {@link dev.weft.net.Server#traffic()} never counts a byte twice but may briefly miss
 * a closing connection; taking the field-wise maximum with the previous reading turns that into
 * a flat step instead of a counter reset. Thread-safe.
 */
final class TrafficHistory {
  /** Samples kept: two minutes at one per second. */
  static final int CAPACITY = 120;

  /**
   * One sample. Rates are per second over the interval since the previous sample.
   *
   * @param at epoch milliseconds
   */
  record Sample(
      long at,
      long active,
      double bytesInRate,
      double bytesOutRate,
      double acceptRate,
      double rejectRate,
      long accepted,
      long rejected) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private Supplier<Traffic> source = () -> Traffic.ZERO;
  private Traffic high = Traffic.ZERO;
  private Traffic lastSampled = Traffic.ZERO;

  /** Reads traffic from {@code source} from now on. */
  void source(Supplier<Traffic> source) {
    lock.lock();
    try {
      this.source = source;
    } finally {
      lock.unlock();
    }
  }

  /** The totals now, never lower than any earlier reading. */
  Traffic totals() {
    lock.lock();
    try {
      Traffic t = source.get();
      high =
          new Traffic(
              Math.max(high.bytesIn(), t.bytesIn()),
              Math.max(high.bytesOut(), t.bytesOut()),
              Math.max(high.framesIn(), t.framesIn()),
              Math.max(high.framesOut(), t.framesOut()));
      return high;
    } finally {
      lock.unlock();
    }
  }

  /** Records a sample taken at {@code nowMillis}. */
  void sample(long nowMillis, long active, long accepted, long rejected) {
    Traffic t = totals();
    lock.lock();
    try {
      Sample prev = samples.peekLast();
      double secs = prev == null ? 0 : Math.max(0.001, (nowMillis - prev.at()) / 1000.0);
      Sample s =
          prev == null
              ? new Sample(nowMillis, active, 0, 0, 0, 0, accepted, rejected)
              : new Sample(
                  nowMillis,
                  active,
                  (t.bytesIn() - lastSampled.bytesIn()) / secs,
                  (t.bytesOut() - lastSampled.bytesOut()) / secs,
                  (accepted - prev.accepted()) / secs,
                  (rejected - prev.rejected()) / secs,
                  accepted,
                  rejected);
      lastSampled = t;
      samples.addLast(s);
      if (samples.size() > CAPACITY) {
        samples.removeFirst();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The samples, oldest first. */
  List<Sample> samples() {
    lock.lock();
    try {
      return new ArrayList<>(samples);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Rejections counted in the last {@code millis} before {@code nowMillis}: the newest sample
   * minus the newest one older than the window (or zero, if the history is younger than it).
   */
  long rejectedWithin(long nowMillis, long millis) {
    lock.lock();
    try {
      Sample last = samples.peekLast();
      if (last == null) {
        return 0;
      }
      long baseline = 0;
      for (Sample s : samples) {
        if (s.at() >= nowMillis - millis) {
          break;
        }
        baseline = s.rejected();
      }
      return last.rejected() - baseline;
    } finally {
      lock.unlock();
    }
  }
}
