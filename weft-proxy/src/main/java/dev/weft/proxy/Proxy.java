package dev.weft.proxy;

import dev.weft.net.NetException;
import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
import dev.weft.net.ShutdownSummary;
import dev.weft.proxy.internal.Engine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * A running L4 reverse proxy and load balancer. Each client connection runs on its own virtual
 * thread: it is routed, connected to a backend (with retries), then copied both ways by two
 * blocking loops with half-close.
 *
 * <pre>{@code
 * try (Proxy proxy = Proxy.builder()
 *         .listen("127.0.0.1", 6380)
 *         .backend("127.0.0.1:6379")
 *         .backend("127.0.0.1:6479")
 *         .balance(Balance.LEAST_CONNECTIONS)
 *         .healthCheck(HealthCheck.builder().type(HealthCheck.Type.TCP).build())
 *         .start()) {
 *     proxy.awaitShutdown();
 * }
 * }</pre>
 *
 * <p>The listener is a weft-core {@link Server}: max connections, per-IP limits, access rules and
 * TLS termination come from {@link ProxyConfig#server()}. All methods are thread-safe.
 */
public final class Proxy implements AutoCloseable {
  /** Health check results kept per backend in {@link BackendStats#health()}. */
  public static final int HEALTH_HISTORY = 10;

  private final Engine engine;
  private final Server server;

  private Proxy(Engine engine, Server server) {
    this.engine = engine;
    this.server = server;
  }

  /** A builder with every default from {@link ProxyConfig}. */
  public static ProxyConfig.Builder builder() {
    return ProxyConfig.builder();
  }

  /**
   * Binds and starts the proxy and its health checks.
   *
   * @throws NetException if the address cannot be bound
   * @throws IOException if backend TLS files cannot be read
   */
  public static Proxy start(ProxyConfig config) throws IOException {
    Engine engine = new Engine(config);
    Server server = Server.start(serverConfig(config.server()), engine);
    engine.start();
    Proxy proxy = new Proxy(engine, server);
    // However the server stops (close(), a signal through the CLI), the health checks stop with it.
    Thread.ofVirtual().name("proxy-" + config.server().name() + " watch").start(proxy::stopChecksAfterShutdown);
    return proxy;
  }

  /**
   * The proxy's idle timeout replaces the server's idle, read and write timeouts: it sees bytes
   * moving either way between client and backend, and a write stalled by a client that does not
   * read is inactivity it already covers. So no other timer cuts a long, quiet session.
   */
  private static ServerConfig serverConfig(ServerConfig c) {
    return new ServerConfig(c.name(), c.address(), c.backlog(), c.maxConnections(),
        c.maxConnectionsPerIp(), Duration.ZERO, Duration.ZERO, Duration.ZERO,
        c.drainTimeout(), c.noDelay(), c.keepAlive(), c.receiveBuffer(), c.sendBuffer(),
        c.listener(), c.admission(), c.setup());
  }

  private void stopChecksAfterShutdown() {
    try {
      server.awaitShutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      engine.stop();
    }
  }

  /** The bound address, with the real port when configured with port 0. */
  public InetSocketAddress address() {
    return server.address();
  }

  /** The listener, for code that manages servers (the CLI's shutdown). */
  public Server server() {
    return server;
  }

  /** The current config (the last one given to {@link #reconfigure}). */
  public ProxyConfig config() {
    return engine.config();
  }

  /** A snapshot of the proxy and every backend. */
  public ProxyStats stats() {
    return engine.stats();
  }

  /**
   * Stops sending new connections to {@code backend}; established ones continue. {@link
   * #activeConnections} tells when it is empty.
   *
   * @throws IllegalArgumentException if there is no such backend
   */
  public void drain(String backend) {
    engine.backend(backend).setDraining(true);
  }

  /** Ends a {@link #drain}: the backend takes new connections again (if healthy). */
  public void undrain(String backend) {
    engine.backend(backend).setDraining(false);
  }

  /** Connections open to {@code backend} now. */
  public int activeConnections(String backend) {
    return engine.backend(backend).active();
  }

  /** True when no connection is open to {@code backend}: a drained backend may be stopped. */
  public boolean isEmpty(String backend) {
    return activeConnections(backend) == 0;
  }

  /**
   * Applies a new config without dropping a connection: backends are matched by name, and those
   * that remain keep their health state, counters, drain flag and established connections; new
   * ones start up; removed ones take no new connections while their established ones finish.
   * Balance, health check, retries, timeouts (for new connections), listener and router change
   * at once. The listener settings ({@link ProxyConfig#server()}) cannot change without a restart.
   *
   * @throws IllegalArgumentException if {@code next} listens elsewhere
   * @throws IOException if backend TLS files cannot be read; the old config stays in force
   */
  public void reconfigure(ProxyConfig next) throws IOException {
    Objects.requireNonNull(next, "next");
    InetSocketAddress was = engine.config().server().address();
    if (!was.equals(next.server().address())) {
      throw new IllegalArgumentException("reconfigure cannot move the listener from "
          + NetException.addr(was) + " to " + NetException.addr(next.server().address()) + "; restart instead");
    }
    engine.reconfigure(next);
  }

  /** Shuts down with the server's drain timeout; see {@link #shutdown(Duration)}. */
  public ShutdownSummary shutdown() {
    return shutdown(engine.config().server().drainTimeout());
  }

  /**
   * Stops accepting and stops the health checks. Client connections see EOF once their pending
   * input is read, which half-closes the backend side, so request/response sessions finish
   * cleanly; whatever is still open at {@code deadline} is closed ({@link Termination#SHUTDOWN}).
   */
  public ShutdownSummary shutdown(Duration deadline) {
    engine.stop();
    return server.shutdown(deadline);
  }

  /** Blocks until a shutdown (started by any thread) has finished. */
  public ShutdownSummary awaitShutdown() throws InterruptedException {
    return server.awaitShutdown();
  }

  /** Same as {@link #shutdown()}. */
  @Override
  public void close() {
    shutdown();
  }
}
