package dev.weft.access;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Writes at most {@code linesPerInterval} lines per {@code interval} for each key; the rest are
 * counted, and the first line of a later interval is preceded by one summary: {@code KEY:
 * suppressed 1234 similar messages}. Use it where a peer controls how often a line is written
 * (rejections, protocol errors), so a flood cannot flood the log.
 *
 * <p>Keys are bounded: after {@value #MAX_KEYS} distinct keys, new keys share the key {@code
 * "(other)"}. A summary is written only when the key logs again, or on {@link #flush}.
 *
 * <p>Thread-safe and non-blocking apart from the sink itself, which is called outside any lock.
 */
public final class RateLimitedLog {
  static final int MAX_KEYS = 1024;

  private final Consumer<String> sink;
  private final int linesPerInterval;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** Writes to {@code logger} at INFO. */
  public RateLimitedLog(Logger logger, int linesPerInterval, Duration interval) {
    this(logger::info, linesPerInterval, interval, System::nanoTime);
  }

  /**
   * Writes each line to {@code sink}.
   *
   * @param nanoClock the time source, in {@link System#nanoTime} nanoseconds
   */
  public RateLimitedLog(Consumer<String> sink, int linesPerInterval, Duration interval, LongSupplier nanoClock) {
    if (linesPerInterval <= 0) {
      throw new IllegalArgumentException("linesPerInterval must be > 0, got " + linesPerInterval);
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be > 0, got " + interval);
    }
    this.sink = sink;
    this.linesPerInterval = linesPerInterval;
    this.intervalNanos = interval.toNanos();
    this.clock = nanoClock;
  }

  /**
   * Writes {@code format} (slf4j {@code {}} placeholders) unless {@code key} has used up its
   * lines in this interval.
   *
   * @return true if the line was written
   */
  public boolean log(String key, String format, Object... args) {
    long now = clock.getAsLong();
    String k = windows.size() >= MAX_KEYS && !windows.containsKey(key) ? "(other)" : key;
    long[] out = new long[2]; // [0]: 1 if this line is written, [1]: suppressed count to report
    windows.compute(k, (key2, w) -> {
      Window n = w == null || now - w.start >= intervalNanos ? new Window(now, 0, 0) : w;
      out[1] = w != null && n != w ? w.suppressed : 0;
      if (n.written < linesPerInterval) {
        out[0] = 1;
        return new Window(n.start, n.written + 1, n.suppressed);
      }
      return new Window(n.start, n.written, n.suppressed + 1);
    });
    if (out[1] > 0) {
      sink.accept(summary(k, out[1]));
    }
    if (out[0] == 1) {
      sink.accept(MessageFormatter.arrayFormat(format, args).getMessage());
      return true;
    }
    return false;
  }

  /** Writes the summary of every key with suppressed lines now, and forgets all keys. */
  public void flush() {
    for (String k : windows.keySet()) {
      Window w = windows.remove(k);
      if (w != null && w.suppressed > 0) {
        sink.accept(summary(k, w.suppressed));
      }
    }
  }

  private static String summary(String key, long suppressed) {
    return key + ": suppressed " + suppressed + " similar messages";
  }

  private record Window(long start, int written, long suppressed) {}
}
