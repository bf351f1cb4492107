package dev.weft.bench;

import dev.weft.net.ClosedException;
import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.NetException;
import dev.weft.pool.CircuitOpenException;
import dev.weft.pool.ConnectionPool;
import dev.weft.pool.Lease;
import dev.weft.pool.PoolExhaustedException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** The per-connection loops of each mode. Each runs on its own virtual thread. */
final class Workers {
  private final BenchConfig config;
  private final Stats stats;
  private final BooleanSupplier stopped;
  private final Dialer[] dialers;

  Workers(BenchConfig config, Stats stats, BooleanSupplier stopped, Dialer[] dialers) {
    this.config = config;
    this.stats = stats;
    this.stopped = stopped;
    this.dialers = dialers;
  }

  Conn dial(int index) throws IOException {
    Conn c = dialers[index % dialers.length].dial(config.target());
    stats.opened();
    return c;
  }

  /** Sends {@code pipeline} messages, reads their echoes, checks them, records latency. */
  void echo(Conn conn) throws IOException {
    int batch = config.size() * config.pipeline();
    byte[] out = randomBytes(batch);
    byte[] in = new byte[batch];
    long interval = intervalNanos();
    long next = System.nanoTime();
    OutputStream o = conn.out();
    InputStream i = conn.in();
    while (!stopped.getAsBoolean()) {
      long start = interval > 0 ? next : System.nanoTime();
      if (interval > 0) {
        waitUntil(next);
        next += interval;
      }
      o.write(out);
      if (i.readNBytes(in, 0, batch) < batch) {
        throw new EOFException("server closed mid-echo");
      }
      if (!Arrays.equals(in, out)) {
        stats.error("mismatch");
        return;
      }
      stats.record(System.nanoTime() - start, config.pipeline(), batch);
    }
  }

  /** Pool mode: acquire, exchange {@code pipeline} messages, return; latency includes the wait. */
  void poolLoop(ConnectionPool pool) {
    int batch = config.size() * config.pipeline();
    byte[] out = randomBytes(batch);
    byte[] in = new byte[batch];
    while (!stopped.getAsBoolean()) {
      long start = System.nanoTime();
      try (Lease lease = pool.acquire(config.connectTimeout())) {
        lease.conn().out().write(out);
        if (lease.conn().in().readNBytes(in, 0, batch) < batch) {
          throw new EOFException("server closed mid-echo");
        }
        if (!Arrays.equals(in, out)) {
          lease.markBroken();
          stats.error("mismatch");
          continue;
        }
        stats.record(System.nanoTime() - start, config.pipeline(), batch);
      } catch (IOException e) {
        if (!stopped.getAsBoolean()) {
          error(e);
        }
      }
    }
  }

  /** Writes without waiting while another thread drains the echo. */
  void stream(Conn conn) throws Exception {
    byte[] chunk = randomBytes(config.size());
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  byte[] buf = new byte[Math.max(8192, config.size())];
                  try {
                    int n;
                    while ((n = conn.in().read(buf)) > 0) {
                      stats.count(0, n);
                    }
                  } catch (IOException e) {
                    if (!stopped.getAsBoolean()) {
                      error(e);
                    }
                  }
                });
    while (!stopped.getAsBoolean()) {
      conn.out().write(chunk);
      stats.count(1, 0);
    }
    conn.closeWrite();
    reader.join();
  }

  /** Dial, one exchange, close; the latency is the whole thing. */
  void connectLoop(int index) {
    byte[] msg = randomBytes(config.size());
    while (!stopped.getAsBoolean()) {
      long start = System.nanoTime();
      try (Conn c = dial(index)) {
        c.out().write(msg);
        if (c.in().readNBytes(msg.length).length < msg.length) {
          throw new EOFException("server closed mid-echo");
        }
        stats.record(System.nanoTime() - start, 1, msg.length);
      } catch (IOException e) {
        if (!stopped.getAsBoolean()) {
          error(e);
        }
      }
    }
  }

  /** Holds a silent connection open until the run stops (the runner closes it). */
  void idle(Conn conn) throws IOException {
    if (conn.in().read() >= 0) {
      stats.error("unexpected_data");
    }
  }

  void error(Throwable e) {
    stats.error(kind(e));
  }

  static String kind(Throwable e) {
    if (e instanceof PoolExhaustedException) {
      return "pool_exhausted";
    }
    if (e instanceof CircuitOpenException) {
      return "circuit_open";
    }
    if (e instanceof NetException ne && ne.isTimeout()) {
      return "timeout";
    }
    if (e instanceof ClosedException) {
      return "closed";
    }
    if (e instanceof EOFException) {
      return "eof";
    }
    Throwable root = e.getCause() != null ? e.getCause() : e;
    if (root instanceof ConnectException) {
      return "refused";
    }
    return root.getClass().getSimpleName();
  }

  private long intervalNanos() {
    if (config.rate() == 0) {
      return 0;
    }
    double perConn = (double) config.rate() / config.conns() / config.pipeline();
    return (long) (1_000_000_000L / perConn);
  }

  private void waitUntil(long deadline) {
    long now;
    while ((now = System.nanoTime()) < deadline && !stopped.getAsBoolean()) {
      LockSupport.parkNanos(deadline - now);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
