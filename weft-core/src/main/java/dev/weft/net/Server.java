package dev.weft.net;

import dev.weft.net.internal.AcceptLoop;
import dev.weft.net.internal.JfrListener;
import dev.weft.net.internal.PerIpLimiter;
import dev.weft.net.internal.SafeListener;
import dev.weft.net.internal.Permit;
import dev.weft.net.internal.ServerConnections;
import dev.weft.net.internal.SocketSettings;
import dev.weft.net.internal.TcpConn;
import dev.weft.net.internal.TcpListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A TCP server: one named virtual thread per connection, running a blocking {@link Handler}.
 *
 * <pre>{@code
 * try (Server server = Server.builder()
 *         .listen("127.0.0.1", 7007)
 *         .handler(conn -> conn.in().transferTo(conn.out()))
 *         .start()) {
 *     server.awaitShutdown();
 * }
 * }</pre>
 *
 * <p>Admission: the acceptor takes a permit before {@code accept()} (max connections), then
 * checks the per-IP cap (IPv6 clients per /64, see {@link ClientKey}); refused sockets are closed at once and reported as {@link
 * ConnectionListener#rejected}. A handler's failure closes only its own connection.
 *
 * <p>Shutdown ({@link #shutdown(Duration)}, {@link #close()}): stop accepting, mark every
 * connection draining (reads that would block return EOF, {@link Conn#isDraining()} turns true),
 * wait for handlers until the deadline, then force-close the rest. All methods are thread-safe.
 *
 * <p>Diagnostics: each connection's thread carries the SLF4J MDC keys {@link
 * ConnectionInfo#MDC_CONN} and {@link ConnectionInfo#MDC_SERVICE} from accept until after its
 * {@code closed} event, and every server emits the JFR events {@code weft.ConnectionOpened},
 * {@code weft.ConnectionClosed} and {@code weft.ConnectionRejected}.
 */
public final class Server implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Server.class);
  private static final AtomicLong IDS = new AtomicLong();

  private final ServerConfig config;
  private final Handler handler;
  private final TcpListener listener;
  private final AcceptLoop acceptLoop;
  private final Thread acceptor;
  private final PerIpLimiter perIp;
  private final ServerConnections connections = new ServerConnections();
  private final ConnectionListener events;
  private final AtomicBoolean shutdownStarted = new AtomicBoolean();
  private final CompletableFuture<ShutdownSummary> done = new CompletableFuture<>();

  private Server(ServerConfig config, Handler handler) throws NetException {
    this.config = config;
    this.handler = handler;
    this.events = new SafeListener(ConnectionListener.all(new JfrListener(config.name()), config.listener()));
    this.perIp = new PerIpLimiter(config.maxConnectionsPerIp());
    this.listener = TcpListener.bind(config.address(), config.backlog(), settings(config));
    this.acceptLoop =
        new AcceptLoop(listener, new Semaphore(config.maxConnections()), new Admission());
    this.acceptor =
        Thread.ofVirtual()
            .name("accept-" + config.name() + " " + NetException.addr(listener.address()))
            .unstarted(() -> {
              MDC.put(ConnectionInfo.MDC_SERVICE, config.name()); // for rejection and accept-error lines
              acceptLoop.run();
            });
  }

  /** Returns a builder with every default from {@link ServerConfig}. */
  public static ServerConfig.Builder builder() {
    return ServerConfig.builder();
  }

  /**
   * Binds and starts serving.
   *
   * @throws NetException if the address cannot be bound (op {@code listen})
   */
  public static Server start(ServerConfig config, Handler handler) throws NetException {
    Server server = new Server(config, Objects.requireNonNull(handler, "handler"));
    server.acceptor.start();
    log.info("{} listening on {}", config.name(), NetException.addr(server.address()));
    return server;
  }

  /** The bound address, with the real port when configured with port 0. */
  public InetSocketAddress address() {
    return listener.address();
  }

  public ServerConfig config() {
    return config;
  }

  /** Connections being served now. */
  public int activeConnections() {
    return connections.size();
  }

  /**
   * Bytes and frames of every connection this server has served, open ones included, so rates
   * of long-lived connections show while they run. Costs one pass over the open connections;
   * meant for a sampler (once a second), not per message. Never counts a byte twice; a
   * connection closing during the call may be missing from this sample but is in the next.
   */
  public Traffic traffic() {
    return connections.traffic();
  }

  /** True once a shutdown has begun. */
  public boolean isDraining() {
    return shutdownStarted.get();
  }

  /** Shuts down with the configured {@link ServerConfig#drainTimeout()}. */
  public ShutdownSummary shutdown() {
    return shutdown(config.drainTimeout());
  }

  /**
   * Stops accepting, lets handlers finish until {@code deadline}, then force-closes the rest.
   * Blocks until every connection has closed and its {@code closed} event was delivered. A second
   * call (from any thread) waits for the first and returns the same summary.
   */
  public ShutdownSummary shutdown(Duration deadline) {
    if (!shutdownStarted.compareAndSet(false, true)) {
      return done.join();
    }
    long start = System.nanoTime();
    acceptLoop.close();
    joinAcceptor();
    int forced = connections.drain(deadline);
    int total = connections.servedSinceDrain();
    ShutdownSummary summary =
        new ShutdownSummary(total - forced, forced, Duration.ofNanos(System.nanoTime() - start));
    log.info("{} stopped: {}", config.name(), summary);
    done.complete(summary);
    return summary;
  }

  /** Blocks until a shutdown (started by any thread) has finished. */
  public ShutdownSummary awaitShutdown() throws InterruptedException {
    try {
      return done.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Same as {@link #shutdown()}. */
  @Override
  public void close() {
    shutdown();
  }

  private void joinAcceptor() {
    try {
      acceptor.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static SocketSettings settings(ServerConfig c) {
    return new SocketSettings(
        c.noDelay(),
        c.keepAlive(),
        c.receiveBuffer(),
        c.sendBuffer(),
        c.idleTimeout().toNanos(),
        c.readTimeout().toNanos(),
        c.writeTimeout().toNanos());
  }

  /**
   * One connection's thread body. A named class rather than a lambda: it keeps one frame off
   * every parked connection's stack, and stacks are most of an idle connection's memory.
   */
  private final class Serving implements Runnable {
    private final TcpConn conn;
    private final ConnectionInfo info;
    private final Permit permit;

    Serving(TcpConn conn, ConnectionInfo info, Permit permit) {
      this.conn = conn;
      this.info = info;
      this.permit = permit;
    }

    /** Runs the connection from accept to the closed event, with its MDC keys set throughout. */
    @Override
    public void run() {
      // Inline rather than a helper method: a frame less on every parked connection's stack.
      MDC.put(ConnectionInfo.MDC_CONN, info.tag());
      MDC.put(ConnectionInfo.MDC_SERVICE, info.service());
      Throwable error = null;
      CloseCause cause;
      boolean setUp = false;
      Conn ready = conn;
      try {
        events.accepted(info);
        ready = config.setup().setUp(conn);
        setUp = true;
        handler.handle(ready);
        ready.out().flush();
        cause = ServerConnections.normalCause(conn);
      } catch (Throwable t) {
        error = t;
        cause = setUp ? ServerConnections.failureCause(conn, t) : ServerConnections.setupCause(conn, t);
        if (cause == CloseCause.HANDLER_ERROR) {
          log.warn("{} handler failed on {}", config.name(), info, t);
        } else {
          log.debug("{} {} closed: {}", config.name(), info, t.toString());
        }
      } finally {
        if (ready != conn) {
          ready.close(); // a decorator first: TLS sends close_notify
        }
        conn.close();
        perIp.release(info.remote().getAddress());
        permit.close();
      }
      connections.retire(info.id());
      try {
        Duration open = Duration.between(info.openedAt(), Instant.now());
        events.closed(info, new CloseInfo(cause, error, conn.bytesIn(), conn.bytesOut(), open));
      } finally {
        MDC.remove(ConnectionInfo.MDC_CONN);
        MDC.remove(ConnectionInfo.MDC_SERVICE);
        connections.remove(info.id()); // last: a shutdown returns only after every closed event
      }
    }
  }

  /** The acceptor's decisions, made on the acceptor thread. */
  private final class Admission implements AcceptLoop.Sink {
    @Override
    public void admitted(TcpConn conn, Permit permit) {
      InetSocketAddress remote = conn.remoteAddress();
      RejectReason refused = admit(remote);
      if (refused != null) {
        permit.close();
        rejected(conn, refused);
        return;
      }
      if (!perIp.tryAcquire(remote.getAddress())) {
        permit.close();
        rejected(conn, RejectReason.PER_IP_LIMIT);
        return;
      }
      long id = IDS.incrementAndGet();
      ConnectionInfo info =
          new ConnectionInfo(id, config.name(), conn.localAddress(), remote, Instant.now());
      Thread thread =
          Thread.ofVirtual()
              .name(info.toString())
              .unstarted(new Serving(conn, info, permit));
      connections.add(id, conn, thread);
      thread.start();
    }

    private RejectReason admit(InetSocketAddress remote) {
      try {
        return config.admission().check(remote);
      } catch (RuntimeException e) {
        log.warn("{} admission check failed for {}; rejecting", config.name(), NetException.addr(remote), e);
        return RejectReason.ACCESS_DENIED;
      }
    }

    @Override
    public void rejected(TcpConn conn, RejectReason reason) {
      conn.close();
      log.debug("{} rejected {}: {}", config.name(), NetException.addr(conn.remoteAddress()), reason);
      events.rejected(conn.remoteAddress(), reason);
    }

    @Override
    public void acceptFailed(IOException error, long backoffNanos) {
      log.warn("{} accept failed, retrying in {} ms: {}", config.name(), backoffNanos / 1_000_000, error.getMessage());
    }
  }
}
