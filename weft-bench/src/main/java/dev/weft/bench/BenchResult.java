package dev.weft.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a run measured. Latencies are microseconds; rates are per second of measured time.
 *
 * @param errors failures by kind ({@code refused}, {@code timeout}, {@code eof}, {@code
 *     mismatch}, {@code closed}, {@code pool_exhausted}, {@code circuit_open}, or the
 *     exception's class)
 * @param poolSize pool mode: connections in the shared pool; 0 in the other modes
 */
public record BenchResult(
    String mode,
    boolean tls,
    String target,
    int conns,
    int size,
    int pipeline,
    double seconds,
    long opened,
    long messages,
    double messagesPerSecond,
    double megabytesPerSecond,
    double p50Micros,
    double p90Micros,
    double p99Micros,
    double p999Micros,
    double maxMicros,
    Map<String, Long> errors,
    int poolSize) {

  static BenchResult of(BenchConfig c, Stats stats, Duration elapsed) {
    Histogram h = stats.histogram();
    double secs = elapsed.toNanos() / 1e9;
    long msgs = stats.messages();
    return new BenchResult(
        c.mode().name().toLowerCase(Locale.ROOT),
        c.tls(),
        c.target().getHostString() + ":" + c.target().getPort(),
        c.conns(),
        c.size(),
        c.pipeline(),
        secs,
        stats.openedCount(),
        msgs,
        msgs / secs,
        stats.bytes() / secs / 1e6,
        micros(h, 50),
        micros(h, 90),
        micros(h, 99),
        micros(h, 99.9),
        h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1e3,
        stats.errors(),
        c.mode() == BenchConfig.Mode.POOL ? c.effectivePoolSize() : 0);
  }

  private static double micros(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e3;
  }

  /** Total errors of every kind. */
  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** One JSON object. */
  public String toJson() {
    try {
      return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A human table. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "mode %s%s  target %s  conns %d%s  size %d B  pipeline %d  %.1f s%n",
        mode, tls ? " (tls)" : "", target, conns, poolSize > 0 ? "  pool " + poolSize : "", size,
        pipeline, seconds));
    sb.append(String.format(Locale.ROOT, "connections opened %,d%n", opened));
    sb.append(String.format(Locale.ROOT, "messages           %,d  (%,.0f msgs/s, %.2f MB/s)%n",
        messages, messagesPerSecond, megabytesPerSecond));
    if (p50Micros > 0 || maxMicros > 0) {
      sb.append(String.format(Locale.ROOT,
          "latency µs         p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
          p50Micros, p90Micros, p99Micros, p999Micros, maxMicros));
    }
    sb.append("errors             ").append(errors.isEmpty() ? "none" : errors.toString()).append('\n');
    return sb.toString();
  }
}
