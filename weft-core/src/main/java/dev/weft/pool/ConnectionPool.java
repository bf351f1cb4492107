package dev.weft.pool;

import dev.weft.net.ClosedException;
import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.NetException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bounded pool of client connections to one {@code host:port}, for request/response protocols:
 *
 * <pre>{@code
 * try (var pool = ConnectionPool.builder(Dialer.defaults(), "127.0.0.1:6379").maxSize(16).build();
 *      var lease = pool.acquire(Duration.ofSeconds(1))) {
 *   lease.conn().out().write(request);
 *   ...read the reply from lease.conn().in()...
 * }   // closing the lease returns the connection, or discards it if it broke
 * }</pre>
 *
 * <p>{@link #acquire} hands out an idle connection after a cheap liveness check (and the
 * optional {@link ConnValidator}), else dials a new one while fewer than {@code maxSize} are
 * open, else waits in FIFO order. Dials retry with the dialer's back-off and pass a circuit
 * breaker. A reaper on the shared timer closes idle and old connections. Every step is reported
 * to a {@link PoolListener}; {@link #stats()} is a cheap snapshot. Thread-safe. See {@code
 * docs/pool.md}.
 */
public final class ConnectionPool implements AutoCloseable {
  private final PoolConfig config;
  private final InetSocketAddress address;
  private final PoolListener events;
  private final Ledger ledger;
  private final Borrowers borrowers;
  private final CircuitBreaker breaker;
  private final Dialing dialing;
  private final Health health;
  private final Upkeep upkeep;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicReference<PoolCloseSummary> closeSummary = new AtomicReference<>();

  /** Starts a pool (no connection is dialed until needed, except for {@code minIdle}). */
  public ConnectionPool(PoolConfig config) {
    this.config = config;
    this.address = config.address();
    this.events = new SafePoolListener(config.listener());
    this.ledger = new Ledger(address, config.maxSize(), config.maxPending());
    this.borrowers = ledger.borrowers();
    this.breaker = new CircuitBreaker(address, config.breakerThreshold(), config.breakerCooldown(),
        System::nanoTime, events::breakerChanged);
    this.dialing = new Dialing(config, address, breaker, events, ledger);
    this.health = new Health(config);
    this.upkeep = new Upkeep(this, config, ledger, dialing);
    upkeep.start();
  }

  /** A builder for a pool of connections that {@code dialer} opens to {@code hostPort}. */
  public static PoolBuilder builder(Dialer dialer, String hostPort) {
    return new PoolBuilder(dialer, hostPort);
  }

  /** The settings this pool was built with. */
  public PoolConfig config() {
    return config;
  }

  /**
   * Borrows a connection, waiting up to {@code timeout} in FIFO order. Blocks (cheaply, on a
   * virtual thread) while it checks, dials or waits; the whole call, retries included, ends by
   * the timeout.
   *
   * @throws PoolExhaustedException none became free in time ({@code isTimeout()}), or {@code
   *     maxPending} acquirers were already waiting
   * @throws CircuitOpenException a dial was needed and the circuit breaker is open
   * @throws ClosedException the pool is closed
   * @throws NetException the dial failed (op {@code dial}, or {@code handshake} for TLS)
   */
  public Lease acquire(Duration timeout) throws NetException {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be >= 0, got " + timeout);
    }
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    boolean again = false;
    while (true) {
      Ledger.Grant grant;
      try {
        grant = borrowers.take(start, deadline, again);
      } catch (PoolExhaustedException e) {
        events.acquireFailed(e);
        throw e;
      }
      again = true;
      PooledConn c = grant.conn() != null ? grant.conn() : dialFor(deadline);
      EvictReason bad = grant.conn() != null ? health.check(c, deadline) : null;
      if (bad == null && borrowers.lease(c)) {
        events.acquired(c.info, Duration.ofNanos(System.nanoTime() - start));
        upkeep.warmUp(); // an idle one was taken: top minIdle up again (no-op when minIdle is 0)
        return new Lease(this, c);
      }
      evict(c, bad == null ? EvictReason.POOL_CLOSED : bad);
      if (bad == null) {
        throw new ClosedException("acquire", null, address, "pool closed");
      }
    }
  }

  /** Work done with a leased connection, for {@link #call}. */
  @FunctionalInterface
  public interface Call<T> {
    T apply(Conn conn) throws IOException;
  }

  /**
   * Acquires a connection, runs {@code work} with it and returns it. If {@code work} throws
   * anything (a decode error half-way through a reply, say), the connection is discarded rather
   * than returned, since its stream position is unknown.
   *
   * @throws IOException what {@link #acquire} or {@code work} threw
   */
  public <T> T call(Duration timeout, Call<T> work) throws IOException {
    try (Lease lease = acquire(timeout)) {
      try {
        return work.apply(lease.conn());
      } catch (IOException | RuntimeException | Error e) {
        lease.markBroken();
        throw e;
      }
    }
  }

  private PooledConn dialFor(long deadline) throws NetException {
    long start = System.nanoTime();
    Conn raw;
    try {
      raw = dialing.dial(deadline);
    } catch (NetException | RuntimeException e) {
      ledger.dialFailed();
      throw e;
    }
    return created(raw, start, false);
  }

  /** Books a freshly dialed connection; a warm-up one goes straight to waiters or idle. */
  PooledConn created(Conn raw, long dialStart, boolean warmUp) {
    PooledConn c = new PooledConn(raw, ids.incrementAndGet(), config.name(),
        config.maxLifetime().toNanos(), config.lifetimeJitter().toNanos());
    events.created(c.info, Duration.ofNanos(System.nanoTime() - dialStart));
    if (!ledger.dialed(c, warmUp) && warmUp) {
      evict(c, EvictReason.POOL_CLOSED);
    }
    return c;
  }

  /** Called by {@link Lease#close()}. */
  void release(PooledConn c, boolean broken, boolean restoreTimeouts, long heldNanos) {
    if (restoreTimeouts && !broken && c.conn.isOpen()) {
      Dialer d = config.dialer();
      c.conn.setReadTimeout(d.readTimeout());
      c.conn.setWriteTimeout(d.writeTimeout());
      c.conn.setReadDeadline(null);
    }
    events.released(c.info, Duration.ofNanos(heldNanos));
    EvictReason bad = Health.onReturn(c, broken);
    if (bad == null && ledger.release(c)) {
      return;
    }
    evict(c, bad == null ? EvictReason.POOL_CLOSED : bad);
  }

  /** Closes {@code c}, counts it out and reports it (once); replaces it if minIdle asks. */
  private void evict(PooledConn c, EvictReason reason) {
    c.conn.close();
    if (ledger.remove(c)) {
      events.evicted(c.info, reason);
      upkeep.warmUp();
    }
  }

  /** Closes a connection the reaper took off the books, and reports it. */
  void evicted(PooledConn c, EvictReason reason) {
    c.conn.close();
    events.evicted(c.info, reason);
  }

  /** A consistent snapshot of the counts; takes the pool's lock briefly. */
  public PoolStats stats() {
    return ledger.stats(breaker.state());
  }

  /**
   * Closes gracefully: stops handing out (waiting acquirers fail with a {@link
   * ClosedException}), closes idle connections, waits up to {@code deadline} for leases to come
   * back, then closes the rest under their holders. Idempotent: a second call returns the first
   * summary once the first close has finished.
   */
  public PoolCloseSummary shutdown(Duration deadline) {
    long start = System.nanoTime();
    if (closeSummary.get() != null) {
      return closeSummary.get();
    }
    upkeep.stop();
    List<PooledConn> idle = ledger.close();
    idle.forEach(c -> evict(c, EvictReason.POOL_CLOSED));
    int outstanding = borrowers.inUse();
    List<PooledConn> left;
    try {
      left = borrowers.awaitReturned(start + deadline.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      left = borrowers.leasedNow();
    }
    left.forEach(c -> evict(c, EvictReason.POOL_CLOSED));
    PoolCloseSummary s = new PoolCloseSummary(idle.size(), outstanding - left.size(), left.size(),
        Duration.ofNanos(System.nanoTime() - start));
    closeSummary.compareAndSet(null, s);
    return closeSummary.get();
  }

  /** {@link #shutdown} with the configured {@code closeTimeout}. */
  @Override
  public void close() {
    shutdown(config.closeTimeout());
  }

  @Override
  public String toString() {
    return "ConnectionPool(" + config.name() + ": " + stats() + ")";
  }
}
