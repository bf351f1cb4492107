package dev.weft.cli;

import dev.weft.net.Addresses;
import dev.weft.net.ServerConfig;
import dev.weft.proxy.Balance;
import dev.weft.proxy.BackendConfig;
import dev.weft.proxy.HealthCheck;
import dev.weft.proxy.OnBackendDown;
import dev.weft.proxy.OutlierEjection;
import dev.weft.proxy.ProxyConfig;
import dev.weft.proxy.Router;
import dev.weft.proxy.SendProxy;
import dev.weft.proxy.sni.ClientHelloReader;
import dev.weft.proxy.sni.SniPeeker;
import dev.weft.tls.TlsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a {@code type: proxy} service onto weft-proxy's {@link ProxyConfig}. The rules live in
 * weft-proxy's constructors; this class only names the key (and so the line) a rejected value
 * came from. Not thread-safe; one per load.
 */
final class ProxyMapper {
  /** A placeholder backend, so a block's keys can be checked alone against the defaults. */
  private static final BackendConfig PLACEHOLDER =
      BackendConfig.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1));

  private static final Pattern SIZE = Pattern.compile("(\\d{1,9})\\s*(B|KiB|MiB)?");

  private final Path base;
  private final BiConsumer<String, String> problem;
  private int problems;

  /**
   * @param base the directory relative certificate paths resolve against
   * @param problem receives {@code (key path, message)} for each problem
   */
  ProxyMapper(Path base, BiConsumer<String, String> problem) {
    this.base = base;
    this.problem = (path, detail) -> {
      problems++;
      problem.accept(path, detail);
    };
  }

  /** The proxy config of service {@code entry} at {@code path}, or null after reporting problems. */
  ProxyConfig map(String path, ServiceConfig entry, ServerConfig server) {
    ProxySettings p = entry.proxy();
    if (p == null) {
      problem.accept(path, "a proxy service needs a 'proxy:' block with backends");
      return null;
    }
    String at = path + ".proxy";
    int before = problems;
    List<BackendConfig> backends = backends(at + ".backends", p.backends());
    HealthCheck health = p.healthCheck() == null ? HealthCheck.NONE : healthCheck(at + ".health-check", p.healthCheck());
    OutlierEjection ejection = p.ejection() == null ? OutlierEjection.DEFAULT : ejection(at + ".ejection", p.ejection());
    TlsConfig tls = p.backendTls() == null ? null : tls(at + ".backend-tls", p.backendTls());
    Router router = p.sni() == null ? Router.ALL : sni(at + ".sni", p.sni(), backends, entry.tls() != null);
    Keys<ProxyConfig.Builder> keys = new Keys<ProxyConfig.Builder>()
        .put("balance", p.balance(), (b, v) -> b.balance(Balance.parse(v)))
        .put("retries", p.retries(), ProxyConfig.Builder::retries)
        .put("connect-timeout", p.connectTimeout(), ProxyConfig.Builder::connectTimeout)
        .put("max-duration", p.maxDuration(), ProxyConfig.Builder::maxDuration)
        .put("queue-timeout", p.queueTimeout(), ProxyConfig.Builder::queueTimeout)
        .put("on-backend-down", p.onBackendDown(), (b, v) -> b.onBackendDown(OnBackendDown.parse(v)))
        .put("log-connections", p.logConnections(), ProxyConfig.Builder::logConnections);
    keys.validate(at, () -> ProxyConfig.builder().backend(PLACEHOLDER), ProxyConfig.Builder::build, problem);
    if (problems > before) {
      return null;
    }
    ProxyConfig.Builder b = keys.apply(ProxyConfig.builder())
        .server(server)
        .backends(backends)
        .healthCheck(health)
        .ejection(ejection)
        .backendTls(tls)
        .router(router)
        .headerEmitter(dev.weft.proxy.proxyproto.HeaderEmitter.INSTANCE); // for backends with send-proxy
    if (entry.idleTimeout() != null) {
      b.idleTimeout(entry.idleTimeout());
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      problem.accept(at, e.getMessage());
      return null;
    }
  }

  private List<BackendConfig> backends(String path, List<ProxySettings.Backend> list) {
    List<BackendConfig> out = new ArrayList<>();
    if (list == null || list.isEmpty()) {
      problem.accept(path, "at least one backend is required");
      return out;
    }
    Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = path + "[" + i + "]";
      BackendConfig b = backend(at, list.get(i));
      if (b != null && !names.add(b.name())) { // here, so the message points at the duplicate
        boolean named = list.get(i).name() != null;
        problem.accept(at + (named ? ".name" : ".address"), "duplicate backend name '" + b.name() + "'"
            + (named ? "" : " (a backend without a name is named by its address)"));
      } else if (b != null) {
        out.add(b);
      }
    }
    return out;
  }

  private BackendConfig backend(String path, ProxySettings.Backend raw) {
    if (raw == null || raw.address() == null) {
      problem.accept(path, "missing required key 'address'");
      return null;
    }
    InetSocketAddress address;
    try {
      address = Addresses.parse(raw.address());
      BackendConfig.of(address);
    } catch (IllegalArgumentException e) {
      problem.accept(path + ".address", e.getMessage());
      return null;
    }
    Keys<BackendConfig> keys = new Keys<BackendConfig>()
        .put("name", raw.name(), BackendConfig::withName)
        .put("weight", raw.weight(), BackendConfig::withWeight)
        .put("backup", raw.backup(), BackendConfig::withBackup)
        .put("max-connections", raw.maxConnections(), (b, v) -> b.withMaxConnections(v, b.maxQueue()))
        .put("max-queue", raw.maxQueue(), (b, v) -> b.withMaxConnections(b.maxConnections(), v))
        .put("send-proxy", raw.sendProxy(), (b, v) -> b.withSendProxy(SendProxy.parse(v)))
        .put("group", raw.group(), BackendConfig::withGroup)
        .put("server-name", raw.serverName(), BackendConfig::withServerName);
    return keys.validate(path, () -> BackendConfig.of(address), b -> {}, problem)
        ? keys.apply(BackendConfig.of(address))
        : null;
  }

  /** The SNI router; checks the groups exist and that the service does not terminate TLS itself. */
  private Router sni(String path, ProxySettings.Sni raw, List<BackendConfig> backends, boolean terminates) {
    int before = problems;
    if (terminates) {
      problem.accept(path, "sni routing reads the client's TLS hello unterminated; remove the service's 'tls:' block"
          + " (TLS to the backends end to end) or this block");
    }
    Set<String> groups = new TreeSet<>();
    backends.forEach(b -> groups.add(b.group()));
    BiConsumer<String, String> group = (key, name) -> {
      if (!groups.contains(name)) {
        problem.accept(path + "." + key, "no backend has group '" + name + "'; groups: " + String.join(", ", groups));
      }
    };
    if (raw.routes() == null || raw.routes().isEmpty()) {
      problem.accept(path + ".routes", "at least one route (server name: group) is required");
    } else {
      raw.routes().forEach((name, g) -> {
        try {
          SniRoutes.checkName(name);
          group.accept("routes", String.valueOf(g));
        } catch (IllegalArgumentException e) {
          problem.accept(path + ".routes", e.getMessage());
        }
      });
    }
    if (raw.fallback() != null) {
      group.accept("default", raw.fallback());
    }
    int maxHello = ClientHelloReader.DEFAULT_MAX_BYTES;
    if (raw.maxHello() != null) {
      try {
        maxHello = size(raw.maxHello());
        new SniPeeker(maxHello, SniPeeker.DEFAULT_TIMEOUT);
      } catch (IllegalArgumentException e) {
        problem.accept(path + ".max-hello", e.getMessage());
      }
    }
    if (problems > before) {
      return null;
    }
    return new SniRoutes(raw.routes(), raw.fallback()).router(new SniPeeker(maxHello, SniPeeker.DEFAULT_TIMEOUT));
  }

  /** A byte count like {@code 16384}, {@code 512B}, {@code 16KiB} or {@code 1MiB}. */
  static int size(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a size like 16KiB, 512B or 16384, got '" + text + "'");
    }
    long unit = m.group(2) == null || m.group(2).equals("B") ? 1 : m.group(2).equals("KiB") ? 1024 : 1024 * 1024;
    long bytes = Long.parseLong(m.group(1)) * unit;
    if (bytes < 64 || bytes > 1024 * 1024) {
      throw new IllegalArgumentException("must be 64B..1MiB, got '" + text + "'");
    }
    return (int) bytes;
  }

  private HealthCheck healthCheck(String path, ProxySettings.HealthCheck raw) {
    Keys<HealthCheck.Builder> keys = new Keys<HealthCheck.Builder>()
        .put("type", raw.type(), (b, v) -> b.type(HealthCheck.Type.parse(v)))
        .put("interval", raw.interval(), HealthCheck.Builder::interval)
        .put("timeout", raw.timeout(), HealthCheck.Builder::timeout)
        .put("rise", raw.rise(), HealthCheck.Builder::rise)
        .put("fall", raw.fall(), HealthCheck.Builder::fall)
        .put("send", raw.send(), (b, v) -> b.send(v.getBytes(StandardCharsets.UTF_8)))
        .put("send-hex", raw.sendHex(), (b, v) -> b.send(hex(v)))
        .put("expect", raw.expect(), (b, v) -> b.expect(v.getBytes(StandardCharsets.UTF_8)))
        .put("expect-hex", raw.expectHex(), (b, v) -> b.expect(hex(v)))
        .put("port", raw.port(), HealthCheck.Builder::port)
        .put("path", raw.path(), HealthCheck.Builder::path);
    // Checked alone with an expectation, so only a bad type name fails on "type".
    boolean ok = keys.validate(path, () -> HealthCheck.builder().expect(new byte[] {'x'}), HealthCheck.Builder::build, problem);
    if (raw.type() == null) {
      problem.accept(path, "missing required key 'type' (tcp, send-expect or http)");
      return null;
    }
    try {
      return ok ? keys.apply(HealthCheck.builder()).build() : null;
    } catch (IllegalArgumentException e) {
      problem.accept(path, e.getMessage());
      return null;
    }
  }

  private static byte[] hex(String text) {
    try {
      return HexFormat.of().parseHex(text.replace(" ", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected hex bytes like 50494e470d0a, got '" + text + "'");
    }
  }

  private OutlierEjection ejection(String path, ProxySettings.Ejection raw) {
    OutlierEjection d = OutlierEjection.DEFAULT;
    int failures = raw.consecutiveFailures() != null ? raw.consecutiveFailures() : d.consecutiveFailures();
    Duration baseTime = raw.baseTime() != null ? raw.baseTime() : d.baseTime();
    Duration maxTime = raw.maxTime() != null ? raw.maxTime() : d.maxTime();
    try {
      return new OutlierEjection(failures, baseTime, maxTime);
    } catch (IllegalArgumentException e) {
      problem.accept(path, e.getMessage());
      return null;
    }
  }

  /** Checks the block and reads its files now, so a bad file fails the load. */
  private TlsConfig tls(String path, ProxySettings.BackendTls raw) {
    if ((raw.cert() == null) != (raw.key() == null)) {
      problem.accept(path, "cert and key go together: set both or neither");
      return null;
    }
    try {
      TlsConfig.Builder b = TlsConfig.builder();
      if (raw.ca() != null) {
        b.trust(base.resolve(raw.ca()));
      }
      if (raw.cert() != null) {
        b.certificate(base.resolve(raw.cert()), base.resolve(raw.key()));
      }
      if (raw.verifyHostname() != null) {
        b.verifyHostname(raw.verifyHostname());
      }
      if (raw.handshakeTimeout() != null) {
        b.handshakeTimeout(raw.handshakeTimeout());
      }
      TlsConfig tls = b.build();
      tls.clientSetup("localhost");
      return tls;
    } catch (IllegalArgumentException | IOException e) {
      problem.accept(path, e.getMessage());
      return null;
    }
  }
}
