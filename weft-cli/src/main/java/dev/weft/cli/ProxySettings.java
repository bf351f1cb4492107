package dev.weft.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code proxy:} block of a {@code type: proxy} service, as written. Absent keys are null
 * and take weft-proxy's defaults ({@link dev.weft.proxy.ProxyConfig}); {@link ProxyMapper} maps
 * it onto the proxy's builders, whose constructors validate. Reference: docs/proxy.md.
 *
 * @param backends the backends; at least one
 * @param balance roundrobin, weighted-roundrobin, leastconn, random-two or source-hash
 * @param retries further backends to try after a connect failure
 * @param connectTimeout limit for one backend connect
 * @param maxDuration closes a connection this long after it opened; 0 disables
 * @param queueTimeout how long a connection waits for a slot on a full backend
 * @param onBackendDown keep or kill established connections of a backend that goes down
 * @param logConnections one log line per ended connection
 * @param healthCheck the active health check
 * @param ejection passive health (outlier ejection)
 * @param backendTls originate TLS to the backends
 * @param sni route by the TLS server name without terminating TLS
 */
public record ProxySettings(
    List<Backend> backends,
    String balance,
    Integer retries,
    Duration connectTimeout,
    Duration maxDuration,
    Duration queueTimeout,
    String onBackendDown,
    Boolean logConnections,
    HealthCheck healthCheck,
    Ejection ejection,
    BackendTls backendTls,
    Sni sni) {

  /** One backend: {@code address} is required. */
  public record Backend(
      String name,
      String address,
      Integer weight,
      Boolean backup,
      Integer maxConnections,
      Integer maxQueue,
      String sendProxy,
      String group,
      String serverName) {}

  /** The {@code health-check:} block; {@code send}/{@code expect} are text, the {@code -hex} forms bytes. */
  public record HealthCheck(
      String type,
      Duration interval,
      Duration timeout,
      Integer rise,
      Integer fall,
      String send,
      String sendHex,
      String expect,
      String expectHex,
      Integer port,
      String path) {}

  /** The {@code ejection:} block. */
  public record Ejection(Integer consecutiveFailures, Duration baseTime, Duration maxTime) {}

  /** The {@code backend-tls:} block; relative paths are relative to the config file. */
  public record BackendTls(String ca, String cert, String key, Boolean verifyHostname, Duration handshakeTimeout) {}

  /**
   * The {@code sni:} block: server name (exact or {@code *.domain}) to backend group.
   *
   * @param routes server name to group; at least one
   * @param fallback the group for no or an unknown server name (key {@code default}); absent
   *     closes such connections
   * @param maxHello the most bytes the ClientHello may take, like {@code 16KiB}
   */
  public record Sni(
      Map<String, String> routes, @JsonProperty("default") String fallback, String maxHello) {}
}
