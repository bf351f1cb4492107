package dev.weft.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Counters and the latency recorder shared by all workers. Thread-safe; recording is wait-free. */
final class Stats {
  private final Recorder latency = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
  private final LongAdder messages = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder opened = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
  private volatile boolean measuring;
  private final Histogram total = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);

  void startMeasuring() {
    latency.getIntervalHistogram(); // drop warm-up samples
    messages.reset();
    bytes.reset();
    errors.clear();
    measuring = true;
  }

  boolean measuring() {
    return measuring;
  }

  void record(long latencyNanos, int count, long byteCount) {
    if (measuring) {
      latency.recordValueWithCount(Math.min(latencyNanos, TimeUnit.SECONDS.toNanos(60)), count);
      messages.add(count);
      bytes.add(byteCount);
    }
  }

  void count(int msgs, long byteCount) {
    if (measuring) {
      messages.add(msgs);
      bytes.add(byteCount);
    }
  }

  void opened() {
    opened.increment();
  }

  long openedCount() {
    return opened.sum();
  }

  void error(String kind) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  long messages() {
    return messages.sum();
  }

  long bytes() {
    return bytes.sum();
  }

  /** Moves what was recorded since the last call into the run's total histogram, and returns it. */
  Histogram histogram() {
    total.add(latency.getIntervalHistogram());
    return total;
  }

  Map<String, Long> errors() {
    Map<String, Long> m = new TreeMap<>();
    errors.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }
}
