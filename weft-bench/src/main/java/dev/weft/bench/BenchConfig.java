package dev.weft.bench;

import dev.weft.net.ConnSetup;
import dev.weft.net.DurationFormat;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One benchmark run.
 *
 * @param target the server to load
 * @param mode what each connection does
 * @param conns concurrent connections (workers in {@code connect} mode). Default: 100
 * @param size message size in bytes. Default: 64
 * @param duration measured time. Default: 10 s
 * @param warmup unmeasured time before it. Default: 2 s
 * @param pipeline messages sent before waiting for their echoes (echo mode). Default: 1
 * @param rate total messages per second across all connections; 0 means as fast as possible.
 *     Latency is then measured from each message's intended send time, so a stalled server is
 *     not hidden (no coordinated omission). Default: 0
 * @param sources local IPs to spread connections over (each gives ~28k ephemeral ports); empty
 *     lets the OS choose, except that more than 20,000 connections to an IPv4 loopback target
 *     are spread over 127.0.0.1, 127.0.0.2, ... automatically. Default: empty
 * @param connectTimeout per dial. Default: 5 s
 * @param setup runs on each new connection before it is used, e.g. a TLS client handshake
 *     ({@code TlsConfig.clientSetup}). Default: {@link ConnSetup#NONE}
 * @param poolSize pool mode: connections in the shared {@code ConnectionPool}; 0 picks {@code
 *     min(conns, 16)}. Default: 0
 */
public record BenchConfig(
    InetSocketAddress target,
    Mode mode,
    int conns,
    int size,
    Duration duration,
    Duration warmup,
    int pipeline,
    long rate,
    List<InetAddress> sources,
    Duration connectTimeout,
    ConnSetup setup,
    int poolSize) {

  /** What each connection does. */
  public enum Mode {
    /** Send {@code pipeline} messages, wait for their echoes, repeat; latency per message. */
    ECHO,
    /** Write continuously while a second thread reads the echo; throughput only. */
    STREAM,
    /** Dial, exchange one message, close, repeat; connections per second and dial latency. */
    CONNECT,
    /** Open {@code conns} connections and hold them silent for the duration. */
    IDLE,
    /**
     * {@code conns} workers share a {@code ConnectionPool} of {@code poolSize} connections: each
     * acquires, exchanges {@code pipeline} messages, returns; the latency includes the wait.
     */
    POOL
  }

  /** No pool size: the form before pool mode existed. */
  public BenchConfig(
      InetSocketAddress target, Mode mode, int conns, int size, Duration duration, Duration warmup,
      int pipeline, long rate, List<InetAddress> sources, Duration connectTimeout, ConnSetup setup) {
    this(target, mode, conns, size, duration, warmup, pipeline, rate, sources, connectTimeout,
        setup, 0);
  }

  /** Plain TCP: no setup step. */
  public BenchConfig(
      InetSocketAddress target, Mode mode, int conns, int size, Duration duration, Duration warmup,
      int pipeline, long rate, List<InetAddress> sources, Duration connectTimeout) {
    this(target, mode, conns, size, duration, warmup, pipeline, rate, sources, connectTimeout,
        ConnSetup.NONE, 0);
  }

  /** Pool mode's pool size: {@link #poolSize()}, or {@code min(conns, 16)} when it is 0. */
  public int effectivePoolSize() {
    return poolSize > 0 ? poolSize : Math.min(conns, 16);
  }

  /** True when a setup step (TLS) runs on every connection. */
  public boolean tls() {
    return setup != ConnSetup.NONE;
  }

  public BenchConfig {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(setup, "setup");
    sources = List.copyOf(sources);
    positive("conns", conns);
    positive("size", size);
    positive("pipeline", pipeline);
    if (poolSize < 0) {
      throw new IllegalArgumentException("poolSize must be >= 0, got " + poolSize);
    }
    if (rate != 0 && mode == Mode.POOL) {
      throw new IllegalArgumentException("rate is not supported in pool mode, got " + rate);
    }
    if (rate < 0) {
      throw new IllegalArgumentException("rate must be >= 0, got " + rate);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be > 0, got " + DurationFormat.format(duration));
    }
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warmup must be >= 0, got " + DurationFormat.format(warmup));
    }
  }

  /**
   * Refuses targets off this machine unless {@code allowRemote}: a load generator must not
   * point at someone else's network by accident.
   */
  public void checkTarget(boolean allowRemote) {
    InetAddress a = target.getAddress();
    if (!allowRemote && (a == null || !a.isLoopbackAddress())) {
      throw new IllegalArgumentException(
          "target " + target.getHostString() + " is not a loopback address; pass --allow-remote to load it");
    }
    for (InetAddress s : sources) {
      if (!allowRemote && !s.isLoopbackAddress()) {
        throw new IllegalArgumentException("source " + s.getHostAddress() + " is not a loopback address");
      }
    }
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value);
    }
  }
}
