package dev.weft.cli;

import dev.weft.net.Addresses;
import dev.weft.net.ServerConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One entry of {@code services:} in a {@code weft serve} YAML file, as written. Absent keys are
 * null and take the {@link ServerConfig} default; the defaults are listed in
 * docs/configuration.md.
 *
 * @param name unique service name, used in logs, events and thread names. Required
 * @param type what the service does: one of {@link Services#TYPES}. Required
 * @param listen {@code host:port} to listen on; port 0 picks a free port. Required
 * @param backlog kernel accept queue length
 * @param maxConnections connections served at once
 * @param maxConnectionsPerIp connections at once from one client IP (an IPv6 client per /64)
 * @param idleTimeout closes a connection silent both ways this long; zero disables
 * @param readTimeout the longest one read may wait; zero disables
 * @param writeTimeout the longest one write may wait for a peer that does not read; zero disables
 * @param noDelay TCP_NODELAY on accepted sockets
 * @param keepAlive SO_KEEPALIVE on accepted sockets
 * @param receiveBuffer SO_RCVBUF in bytes; 0 keeps the system default
 * @param sendBuffer SO_SNDBUF in bytes; 0 keeps the system default
 * @param access access lists and connection-rate limits; absent admits everyone. Applied as the
 *     server's admission check, and validated by {@link AccessSettings#toRules}, not here
 * @param auth authentication before the handler runs; absent means none. See {@link
 *     AuthSettings}
 * @param tls serve TLS with these certificates; absent means plain TCP
 * @param accessLog one {@link dev.weft.net.AccessLog} line per closed connection; absent means
 *     true
 * @param proxy for {@code type: proxy}: backends, balancing, health checks; see {@link
 *     ProxySettings}. Its idle timeout is the service's {@code idle-timeout} (default 1h)
 * @param proxyProtocol accept PROXY protocol headers from trusted proxies; absent means none. See
 *     {@link ProxyProtocolSettings}
 */
public record ServiceConfig(
    String name,
    String type,
    String listen,
    Integer backlog,
    Integer maxConnections,
    Integer maxConnectionsPerIp,
    Duration idleTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    Boolean noDelay,
    Boolean keepAlive,
    Integer receiveBuffer,
    Integer sendBuffer,
    AccessSettings access,
    AuthSettings auth,
    TlsSettings tls,
    Boolean accessLog,
    ProxySettings proxy,
    ProxyProtocolSettings proxyProtocol) {

  /**
   * The keys that are set, in a fixed order, each with the step that applies it to a
   * {@link ServerConfig.Builder}. A step may throw {@link IllegalArgumentException} (a bad
   * {@code listen}); the builder's {@code build()} throws it for bad values.
   */
  Map<String, Consumer<ServerConfig.Builder>> settings() {
    Map<String, Consumer<ServerConfig.Builder>> s = new LinkedHashMap<>();
    put(s, "name", name, ServerConfig.Builder::name);
    put(s, "listen", listen, (b, v) -> b.listen(Addresses.parse(v)));
    put(s, "backlog", backlog, ServerConfig.Builder::backlog);
    put(s, "max-connections", maxConnections, ServerConfig.Builder::maxConnections);
    put(s, "max-connections-per-ip", maxConnectionsPerIp, ServerConfig.Builder::maxConnectionsPerIp);
    put(s, "idle-timeout", idleTimeout, ServerConfig.Builder::idleTimeout);
    put(s, "read-timeout", readTimeout, ServerConfig.Builder::readTimeout);
    put(s, "write-timeout", writeTimeout, ServerConfig.Builder::writeTimeout);
    put(s, "no-delay", noDelay, ServerConfig.Builder::noDelay);
    put(s, "keep-alive", keepAlive, ServerConfig.Builder::keepAlive);
    put(s, "receive-buffer", receiveBuffer, ServerConfig.Builder::receiveBuffer);
    put(s, "send-buffer", sendBuffer, ServerConfig.Builder::sendBuffer);
    return s;
  }

  private static <T> void put(
      Map<String, Consumer<ServerConfig.Builder>> s,
      String key,
      T value,
      BiConsumer<ServerConfig.Builder, T> setter) {
    if (value != null) {
      s.put(key, b -> setter.accept(b, value));
    }
  }
}
