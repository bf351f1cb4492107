package dev.weft.net;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable server settings. Build one with {@link Server#builder()}; every field has a finite
 * default, listed here and on the builder.
 *
 * @param name service name used in events, thread names and logs. Default: {@code weft}
 * @param address where to listen; port 0 picks a free port. Default: 127.0.0.1:0
 * @param backlog the kernel accept queue length. Default: 1024
 * @param maxConnections connections served at once; more are rejected with {@link
 *     RejectReason#MAX_CONNECTIONS}. Default: 10,000
 * @param maxConnectionsPerIp connections at once from one client IP, an IPv6 client counted by
 *     its /64 ({@link ClientKey}); more are rejected with {@link RejectReason#PER_IP_LIMIT}.
 *     Default: {@code maxConnections}
 * @param idleTimeout closes a connection after this long with no byte either way; zero disables.
 *     Default: 5 minutes
 * @param readTimeout the longest one read may wait for data; zero disables. Default: zero (the
 *     idle timeout covers silent peers)
 * @param writeTimeout the longest one write may wait for a peer that does not read; zero
 *     disables. Default: 30 seconds
 * @param drainTimeout how long a graceful shutdown waits for handlers before it force-closes
 *     them. Default: 30 seconds
 * @param noDelay TCP_NODELAY on accepted sockets. Default: true
 * @param keepAlive SO_KEEPALIVE on accepted sockets. Default: true
 * @param receiveBuffer SO_RCVBUF in bytes; 0 keeps the system default. Default: 0
 * @param sendBuffer SO_SNDBUF in bytes; 0 keeps the system default. Default: 0
 * @param listener receives connection events. Default: {@link ConnectionListener#NONE}
 * @param admission checked on the acceptor before any byte is read (access lists, rate
 *     limits); a non-null reason rejects. Default: {@link AdmissionCheck#ALLOW_ALL}
 * @param setup runs on each connection's thread before the handler (TLS handshake,
 *     authentication). Default: {@link ConnSetup#NONE}
 */
public record ServerConfig(
    String name,
    InetSocketAddress address,
    int backlog,
    int maxConnections,
    int maxConnectionsPerIp,
    Duration idleTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    Duration drainTimeout,
    boolean noDelay,
    boolean keepAlive,
    int receiveBuffer,
    int sendBuffer,
    ConnectionListener listener,
    AdmissionCheck admission,
    ConnSetup setup) {

  public static final String DEFAULT_NAME = "weft";
  public static final int DEFAULT_BACKLOG = 1024;
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** Validates every field; messages name the field and the bad value. */
  public ServerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(admission, "admission");
    Objects.requireNonNull(setup, "setup");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    positive("backlog", backlog);
    positive("maxConnections", maxConnections);
    positive("maxConnectionsPerIp", maxConnectionsPerIp);
    notNegative("idleTimeout", idleTimeout);
    notNegative("readTimeout", readTimeout);
    notNegative("writeTimeout", writeTimeout);
    notNegative("drainTimeout", drainTimeout);
    if (receiveBuffer < 0) {
      throw new IllegalArgumentException("receiveBuffer must be >= 0, got " + receiveBuffer);
    }
    if (sendBuffer < 0) {
      throw new IllegalArgumentException("sendBuffer must be >= 0, got " + sendBuffer);
    }
  }

  /** This config with {@code check} as its admission check. */
  public ServerConfig withAdmission(AdmissionCheck check) {
    return new ServerConfig(name, address, backlog, maxConnections, maxConnectionsPerIp,
        idleTimeout, readTimeout, writeTimeout, drainTimeout, noDelay, keepAlive, receiveBuffer,
        sendBuffer, listener, check, setup);
  }

  /** This config with {@code events} as its listener. */
  public ServerConfig withListener(ConnectionListener events) {
    return new ServerConfig(name, address, backlog, maxConnections, maxConnectionsPerIp,
        idleTimeout, readTimeout, writeTimeout, drainTimeout, noDelay, keepAlive, receiveBuffer,
        sendBuffer, events, admission, setup);
  }

  /** This config with {@code steps} as its setup. */
  public ServerConfig withSetup(ConnSetup steps) {
    return new ServerConfig(name, address, backlog, maxConnections, maxConnectionsPerIp,
        idleTimeout, readTimeout, writeTimeout, drainTimeout, noDelay, keepAlive, receiveBuffer,
        sendBuffer, listener, admission, steps);
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value);
    }
  }

  private static void notNegative(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative()) {
      throw new IllegalArgumentException(field + " must be >= 0, got " + value);
    }
  }

  /** Returns a builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link ServerConfig}, and with {@link #handler(Handler)} and {@link #start()} a
   * running {@link Server}. Not thread-safe; each setter documents its default on {@link
   * ServerConfig}.
   */
  public static final class Builder {
    private String name = DEFAULT_NAME;
    private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
    private int backlog = DEFAULT_BACKLOG;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int maxConnectionsPerIp; // 0: same as maxConnections
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration readTimeout = Duration.ZERO;
    private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
    private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
    private boolean noDelay = true;
    private boolean keepAlive = true;
    private int receiveBuffer;
    private int sendBuffer;
    private ConnectionListener listener = ConnectionListener.NONE;
    private AdmissionCheck admission = AdmissionCheck.ALLOW_ALL;
    private ConnSetup setup = ConnSetup.NONE;
    private Handler handler;

    Builder() {}

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Listens on {@code host} (an IP literal or name) and {@code port} (0 picks a free port). */
    public Builder listen(String host, int port) {
      this.address = new InetSocketAddress(host, port);
      return this;
    }

    public Builder listen(InetSocketAddress address) {
      this.address = address;
      return this;
    }

    public Builder backlog(int backlog) {
      this.backlog = backlog;
      return this;
    }

    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    public Builder maxConnectionsPerIp(int maxConnectionsPerIp) {
      this.maxConnectionsPerIp = maxConnectionsPerIp;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    public Builder writeTimeout(Duration writeTimeout) {
      this.writeTimeout = writeTimeout;
      return this;
    }

    public Builder drainTimeout(Duration drainTimeout) {
      this.drainTimeout = drainTimeout;
      return this;
    }

    public Builder noDelay(boolean noDelay) {
      this.noDelay = noDelay;
      return this;
    }

    public Builder keepAlive(boolean keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    public Builder receiveBuffer(int bytes) {
      this.receiveBuffer = bytes;
      return this;
    }

    public Builder sendBuffer(int bytes) {
      this.sendBuffer = bytes;
      return this;
    }

    public Builder listener(ConnectionListener listener) {
      this.listener = listener;
      return this;
    }

    /** Access lists and rate limits, checked before any byte is read. */
    public Builder admission(AdmissionCheck admission) {
      this.admission = admission;
      return this;
    }

    /** Steps (TLS, authentication) run on each connection's thread before the handler. */
    public Builder setup(ConnSetup setup) {
      this.setup = setup;
      return this;
    }

    /** The handler {@link #start()} runs for each connection. */
    public Builder handler(Handler handler) {
      this.handler = handler;
      return this;
    }

    /** Validates and returns the config. */
    public ServerConfig build() {
      return new ServerConfig(
          name,
          address,
          backlog,
          maxConnections,
          maxConnectionsPerIp == 0 ? maxConnections : maxConnectionsPerIp,
          idleTimeout,
          readTimeout,
          writeTimeout,
          drainTimeout,
          noDelay,
          keepAlive,
          receiveBuffer,
          sendBuffer,
          listener,
          admission,
          setup);
    }

    /**
     * Validates, binds and starts a server running the {@link #handler(Handler)}.
     *
     * @throws NetException if the address cannot be bound
     * @throws IllegalStateException if no handler was set
     */
    public Server start() throws NetException {
      if (handler == null) {
        throw new IllegalStateException("handler must be set before start()");
      }
      return Server.start(build(), handler);
    }
  }
}
