package dev.weft.bench;

import dev.weft.net.Conn;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.Dialer;
import dev.weft.net.NetException;
import dev.weft.pool.ConnectionPool;
import dev.weft.pool.PoolListener;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs one benchmark: opens the connections, warms up, measures, stops by itself, and returns a
 * {@link BenchResult}. Bounded in count ({@code conns}) and time ({@code warmup + duration},
 * plus at most the connect timeout to open and a few seconds to close).
 */
public final class Bench {
  /** Dials at once at most this many, so a burst does not overflow the server's backlog. */
  private static final int DIAL_CONCURRENCY = 256;
  /** Connections per automatic source address, below one address's ~28k ephemeral ports. */
  private static final int CONNS_PER_SOURCE = 20_000;

  private final BenchConfig config;
  private final Stats stats = new Stats();
  private final Queue<Conn> open = new ConcurrentLinkedQueue<>();
  private volatile boolean stopped;

  public Bench(BenchConfig config) {
    this.config = config;
  }

  /**
   * Runs to completion. When {@code progress} is not null, a one-line status is rewritten there
   * every second.
   */
  public BenchResult run(PrintStream progress) throws InterruptedException {
    Dialer[] dialers = dialers();
    Workers workers = new Workers(config, stats, () -> stopped, dialers);
    ConnectionPool pool = config.mode() == BenchConfig.Mode.POOL ? pool(dialers[0]) : null;
    Semaphore dialing = new Semaphore(DIAL_CONCURRENCY);
    List<Thread> threads = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < config.conns(); i++) {
      int index = i;
      Runnable job = pool != null ? () -> workers.poolLoop(pool) : () -> work(workers, index, dialing);
      threads.add(Thread.ofVirtual().name("bench-" + i).start(job));
    }
    if (config.warmup().isZero()) {
      stats.startMeasuring();
    } else {
      tick(progress, t0, config.warmup(), "warmup");
      stats.startMeasuring();
    }
    long measureStart = System.nanoTime();
    tick(progress, measureStart, config.duration(), "run");
    long elapsed = System.nanoTime() - measureStart;
    stopped = true;
    open.forEach(Conn::close);
    if (pool != null) {
      pool.shutdown(Duration.ofSeconds(2)); // in-flight exchanges finish and return
    }
    for (Thread t : threads) {
      t.join(Duration.ofSeconds(5));
    }
    if (progress != null) {
      progress.print("\r\033[K");
      progress.flush();
    }
    return BenchResult.of(config, stats, Duration.ofNanos(elapsed));
  }

  private void work(Workers workers, int index, Semaphore dialing) {
    if (config.mode() == BenchConfig.Mode.CONNECT) {
      workers.connectLoop(index);
      return;
    }
    Conn conn;
    try {
      dialing.acquire();
      try {
        conn = workers.dial(index);
      } finally {
        dialing.release();
      }
    } catch (IOException | InterruptedException e) {
      workers.error(e);
      return;
    }
    open.add(conn);
    try (conn) {
      switch (config.mode()) {
        case ECHO -> workers.echo(conn);
        case STREAM -> workers.stream(conn);
        case IDLE -> workers.idle(conn);
        default -> throw new IllegalStateException(config.mode().name());
      }
    } catch (Exception e) {
      if (!stopped) {
        workers.error(e);
      }
    }
  }

  /** Pool mode's shared pool; every worker may wait in it, and each new connection counts as opened. */
  private ConnectionPool pool(Dialer dialer) {
    PoolListener opened = new PoolListener() {
      @Override
      public void created(ConnectionInfo conn, Duration took) {
        stats.opened();
      }
    };
    String target = NetException.addr(config.target());
    return ConnectionPool.builder(dialer, target).name("bench").maxSize(config.effectivePoolSize())
        .maxPending(config.conns()).listener(opened).build();
  }

  private Dialer[] dialers() {
    Dialer base =
        Dialer.defaults().withConnectTimeout(config.connectTimeout()).withSetup(config.setup());
    List<InetAddress> sources = config.sources().isEmpty() ? autoSources() : config.sources();
    if (sources.isEmpty()) {
      return new Dialer[] {base};
    }
    List<Dialer> list = new ArrayList<>();
    for (InetAddress source : sources) {
      list.add(base.withLocalAddress(source));
    }
    return list.toArray(Dialer[]::new);
  }

  /**
   * One source IP gives about 28k ephemeral ports. For more connections to an IPv4 loopback
   * target, spread them over 127.0.0.1, 127.0.0.2, ... automatically (every 127/8 address is
   * local on Linux), one address per {@link #CONNS_PER_SOURCE}.
   */
  private List<InetAddress> autoSources() {
    InetAddress target = config.target().getAddress();
    if (config.conns() <= CONNS_PER_SOURCE || !(target instanceof java.net.Inet4Address) || !target.isLoopbackAddress()) {
      return List.of();
    }
    List<InetAddress> list = new ArrayList<>();
    for (int i = 0; i * CONNS_PER_SOURCE < config.conns(); i++) {
      try {
        list.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + i)}));
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
    return list;
  }

  private void tick(PrintStream progress, long start, Duration length, String phase)
      throws InterruptedException {
    long end = start + length.toNanos();
    long lastMsgs = 0;
    long now;
    while ((now = System.nanoTime()) < end) {
      TimeUnit.NANOSECONDS.sleep(Math.min(TimeUnit.SECONDS.toNanos(1), end - now));
      if (progress != null) {
        long msgs = stats.messages();
        progress.printf(
            "\r\033[K%s %4.1fs  conns %d  msgs/s %,d  errors %d",
            phase,
            (System.nanoTime() - start) / 1e9,
            stats.openedCount(),
            stats.measuring() ? msgs - lastMsgs : 0,
            stats.errors().values().stream().mapToLong(Long::longValue).sum());
        progress.flush();
        lastMsgs = msgs;
      }
    }
  }
}
