package dev.weft.proxy;

import dev.weft.net.NetException;
import dev.weft.net.ServerConfig;
import dev.weft.tls.TlsConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable proxy settings. Build with {@link Proxy#builder()}; every field has a default.
 *
 * @param server the listener: address, max connections, per-IP limit, access rules, TLS
 *     termination ({@code setup}), drain timeout. Its idle, read and write timeouts are ignored:
 *     the proxy's own {@code idleTimeout} covers both sides. Default: {@link ServerConfig}
 *     defaults, name {@code proxy}
 * @param backends the backends, at least one, unique names
 * @param balance how to pick a backend. Default: {@link Balance#ROUND_ROBIN}
 * @param healthCheck the active health check. Default: {@link HealthCheck#NONE}
 * @param ejection passive health. Default: {@link OutlierEjection#DEFAULT}
 * @param retries further backends to try after a connect failure or timeout, before the client
 *     sees anything. Default: 2
 * @param connectTimeout limit for one connect to a backend (TLS handshake included). Default: 5 s
 * @param idleTimeout closes a proxied connection when no byte moved either way this long; zero
 *     disables. Default: 1 hour (long enough for database sessions; nothing else cuts them)
 * @param maxDuration closes a proxied connection this long after it opened; zero disables.
 *     Default: zero
 * @param queueTimeout how long a connection waits for a slot on a full backend. Default: 5 s
 * @param onBackendDown what happens to established connections when a backend goes down.
 *     Default: {@link OnBackendDown#KEEP}
 * @param backendTls originate TLS to backends with these settings (trust, client certificate);
 *     null means plain TCP. Default: null
 * @param router picks the backend group per connection (SNI routing). Default: {@link Router#ALL}
 * @param headerEmitter writes PROXY protocol headers for backends that want them. Default:
 *     {@link ProxyHeaderEmitter#NONE}
 * @param listener receives proxy events. Default: {@link ProxyListener#NONE}
 * @param logConnections one INFO line per ended connection on logger {@code dev.weft.proxy.connections}. Default: true
 */
public record ProxyConfig(
    ServerConfig server,
    List<BackendConfig> backends,
    Balance balance,
    HealthCheck healthCheck,
    OutlierEjection ejection,
    int retries,
    Duration connectTimeout,
    Duration idleTimeout,
    Duration maxDuration,
    Duration queueTimeout,
    OnBackendDown onBackendDown,
    TlsConfig backendTls,
    Router router,
    ProxyHeaderEmitter headerEmitter,
    ProxyListener listener,
    boolean logConnections) {

  public static final int DEFAULT_RETRIES = 2;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(1);
  public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(5);

  /** Validates every field; messages name the field and the bad value. */
  public ProxyConfig {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(healthCheck, "healthCheck");
    Objects.requireNonNull(ejection, "ejection");
    Objects.requireNonNull(onBackendDown, "onBackendDown");
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(headerEmitter, "headerEmitter");
    Objects.requireNonNull(listener, "listener");
    backends = List.copyOf(backends);
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("backends must not be empty");
    }
    Set<String> names = new HashSet<>();
    for (BackendConfig b : backends) {
      if (!names.add(b.name())) {
        throw new IllegalArgumentException("backends: duplicate name '" + b.name() + "'");
      }
      if (b.sendProxy() != SendProxy.NONE && headerEmitter == ProxyHeaderEmitter.NONE) {
        throw new IllegalArgumentException("backends: '" + b.name() + "' sends a PROXY header, but no PROXY protocol emitter is configured");
      }
    }
    if (retries < 0 || retries > 100) {
      throw new IllegalArgumentException("retries must be 0..100, got " + retries);
    }
    Require.positive("connectTimeout", connectTimeout);
    Require.positive("queueTimeout", queueTimeout);
    Require.notNegative("idleTimeout", idleTimeout);
    Require.notNegative("maxDuration", maxDuration);
  }



  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** This config with other backends (for {@link Proxy#reconfigure}). */
  public ProxyConfig withBackends(List<BackendConfig> list) {
    return new ProxyConfig(server, list, balance, healthCheck, ejection, retries, connectTimeout,
        idleTimeout, maxDuration, queueTimeout, onBackendDown, backendTls, router, headerEmitter,
        listener, logConnections);
  }

  /** Builds a {@link ProxyConfig}, and with {@link #start()} a running {@link Proxy}. Not thread-safe. */
  public static final class Builder {
    private ServerConfig server;
    private final ServerConfig.Builder serverBuilder = ServerConfig.builder().name("proxy");
    private final List<BackendConfig> backends = new java.util.ArrayList<>();
    private Balance balance = Balance.ROUND_ROBIN;
    private HealthCheck healthCheck = HealthCheck.NONE;
    private OutlierEjection ejection = OutlierEjection.DEFAULT;
    private int retries = DEFAULT_RETRIES;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration maxDuration = Duration.ZERO;
    private Duration queueTimeout = DEFAULT_QUEUE_TIMEOUT;
    private OnBackendDown onBackendDown = OnBackendDown.KEEP;
    private TlsConfig backendTls;
    private Router router = Router.ALL;
    private ProxyHeaderEmitter headerEmitter = ProxyHeaderEmitter.NONE;
    private ProxyListener listener = ProxyListener.NONE;
    private boolean logConnections = true;

    Builder() {}

    /** Listens on {@code host:port} (port 0 picks a free port), with the other server defaults. */
    public Builder listen(String host, int port) {
      serverBuilder.listen(host, port);
      return this;
    }

    public Builder listen(InetSocketAddress address) {
      serverBuilder.listen(address);
      return this;
    }

    /** The whole listener config; replaces {@link #listen}. */
    public Builder server(ServerConfig config) {
      this.server = config;
      return this;
    }

    public Builder backend(BackendConfig backend) {
      backends.add(backend);
      return this;
    }

    /** Adds a primary backend at {@code host:port}. */
    public Builder backend(String hostPort) {
      return backend(BackendConfig.of(hostPort));
    }

    public Builder backends(List<BackendConfig> list) {
      backends.addAll(list);
      return this;
    }

    public Builder balance(Balance balance) {
      this.balance = balance;
      return this;
    }

    public Builder healthCheck(HealthCheck healthCheck) {
      this.healthCheck = healthCheck;
      return this;
    }

    public Builder ejection(OutlierEjection ejection) {
      this.ejection = ejection;
      return this;
    }

    public Builder retries(int retries) {
      this.retries = retries;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = d;
      return this;
    }

    public Builder idleTimeout(Duration d) {
      this.idleTimeout = d;
      return this;
    }

    public Builder maxDuration(Duration d) {
      this.maxDuration = d;
      return this;
    }

    public Builder queueTimeout(Duration d) {
      this.queueTimeout = d;
      return this;
    }

    public Builder onBackendDown(OnBackendDown policy) {
      this.onBackendDown = policy;
      return this;
    }

    public Builder backendTls(TlsConfig tls) {
      this.backendTls = tls;
      return this;
    }

    public Builder router(Router router) {
      this.router = router;
      return this;
    }

    public Builder headerEmitter(ProxyHeaderEmitter emitter) {
      this.headerEmitter = emitter;
      return this;
    }

    public Builder listener(ProxyListener listener) {
      this.listener = listener;
      return this;
    }

    public Builder logConnections(boolean on) {
      this.logConnections = on;
      return this;
    }

    /** Validates and returns the config. */
    public ProxyConfig build() {
      return new ProxyConfig(server != null ? server : serverBuilder.build(), backends, balance,
          healthCheck, ejection, retries, connectTimeout, idleTimeout, maxDuration, queueTimeout,
          onBackendDown, backendTls, router, headerEmitter, listener, logConnections);
    }

    /**
     * Validates, binds and starts the proxy.
     *
     * @throws NetException if the address cannot be bound
     * @throws java.io.IOException if the backend TLS files cannot be read
     */
    public Proxy start() throws java.io.IOException {
      return Proxy.start(build());
    }

  }
}
