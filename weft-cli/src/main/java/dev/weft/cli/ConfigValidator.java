package dev.weft.cli;

import dev.weft.access.AccessControl;
import dev.weft.access.AccessRules;
import dev.weft.admin.AdminConfig;
import dev.weft.auth.AuthSetup;
import dev.weft.net.AccessLog;
import dev.weft.net.ConnSetup;
import dev.weft.net.ServerConfig;
import dev.weft.proxyproto.ProxyProtocolSetup;
import dev.weft.tls.ClientAuth;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Turns a bound {@link WeftConfig} into a {@link ServePlan}. The rules live in {@link
 * ServerConfig}'s constructor; this class only finds which key a rejected value came from, by
 * applying each key alone on top of the defaults, so no error message is ever parsed. It reports
 * every problem of the file, the binding ones included, in file order: a bad key in one block
 * does not hide the problems of another (a proxy block is checked even when the service's
 * {@code listen} is bad). Not thread-safe; one instance per load.
 */
final class ConfigValidator {
  private final String source;
  private final KeyLines lines;
  private final List<BindingProblems.Problem> problems = new ArrayList<>();
  private final Map<String, ServePlan.Service> running;
  private final BindingProblems binding;

  /**
   * @param running by service name, the services of a running config: a reload's plan puts their
   *     access controls, not new ones, in the admission checks (so rate buckets survive), and
   *     updates them only when it is applied; their auth lockouts carry over the same way (an IP
   *     locked out stays locked out)
   * @param binding the problems binding found; reported with the rest, and their keys (now
   *     absent) are not reported again as missing
   */
  ConfigValidator(String source, KeyLines lines, Map<String, ServePlan.Service> running, BindingProblems binding) {
    this.source = source;
    this.lines = lines;
    this.running = running;
    this.binding = binding;
  }

  ServePlan validate(WeftConfig raw) throws ConfigException {
    problems.addAll(binding.problems());
    if (raw.tlsProvider() != null) { // first: the services' TLS configs take its engines
      String bad = CryptoProvider.check(raw.tlsProvider());
      if (bad != null) {
        problem("tls-provider", bad);
      } else {
        CryptoProvider.useFromConfig(raw.tlsProvider());
      }
    }
    Duration shutdown =
        raw.shutdownTimeout() != null ? raw.shutdownTimeout() : ServerConfig.DEFAULT_DRAIN_TIMEOUT;
    List<ServiceConfig> entries = raw.services() == null ? List.of() : raw.services();
    if (entries.isEmpty()) {
      problem("services", "at least one service is required");
    }
    List<ServePlan.Service> services = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<InetSocketAddress> addresses = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String path = "services[" + i + "]";
      ServePlan.Service s = service(path, entries.get(i), shutdown);
      if (s == null) {
        continue;
      }
      if (!names.add(s.config().name())) {
        problem(path + ".name", "duplicate service name '" + s.config().name() + "'");
      }
      InetSocketAddress a = s.config().address();
      if (a.getPort() != 0 && !addresses.add(a)) {
        problem(path + ".listen", "another service already listens on " + entries.get(i).listen());
      }
      services.add(s);
    }
    LoggingSettings logging = logging(raw.logging());
    AdminConfig admin = raw.admin() == null ? null : raw.admin().toConfig("admin", this::problem);
    if (admin != null && admin.listen().getPort() != 0 && addresses.contains(admin.listen())) {
      problem("admin.listen", "a service already listens on " + raw.admin().listen());
    }
    if (!problems.isEmpty()) {
      List<BindingProblems.Problem> inFileOrder = new ArrayList<>(problems);
      inFileOrder.sort(java.util.Comparator.comparingInt(BindingProblems.Problem::line)); // stable
      throw new ConfigException(inFileOrder.stream().map(BindingProblems.Problem::text).toList());
    }
    return new ServePlan(source, shutdown, services, logging, admin);
  }

  /** Checks the {@code logging:} block's values; Jackson already checked its keys. */
  private LoggingSettings logging(LoggingSettings l) {
    if (l == null) {
      return LoggingSettings.DEFAULTS;
    }
    if (l.format() != null && Logs.checkFormat(l.format()) != null) {
      problem("logging.format", Logs.checkFormat(l.format()));
    }
    if (l.level() != null && Logs.checkLevel(l.level()) != null) {
      problem("logging.level", Logs.checkLevel(l.level()));
    }
    return l;
  }

  /** Validates one entry; records its problems and returns null if it has any. */
  private ServePlan.Service service(String path, ServiceConfig entry, Duration drain) {
    if (entry == null) {
      problem(path, "empty service; it needs name, type and listen");
      return null;
    }
    int before = problems.size();
    required(path, "name", entry.name());
    required(path, "type", entry.type());
    required(path, "listen", entry.listen());
    if (entry.type() != null && !Services.TYPES.contains(entry.type())) {
      problem(path + ".type", "unknown service type '" + entry.type() + "'; known types: "
          + String.join(", ", Services.TYPES));
    }
    Map<String, Consumer<ServerConfig.Builder>> settings = entry.settings();
    settings.forEach((key, step) -> tryAlone(path + "." + key, key, step));
    AccessRules access =
        entry.access() == null ? null : entry.access().toRules(path + ".access", this::problem);
    ServePlan.Service was = entry.name() == null ? null : running.get(entry.name());
    AuthSetup auth = entry.auth() == null
        ? null
        : AuthConfigs.build(path + ".auth", entry.auth(), was == null ? null : was.lockout(), this::problem);
    AuthConfigs.checkMtls(path, entry.auth(), entry.tls(), this::problem);
    ConnSetup tls = entry.tls() == null ? null : tls(path + ".tls", entry.tls());
    ProxyProtocolSetup proxyProtocol = entry.proxyProtocol() == null
        ? null : entry.proxyProtocol().toSetup(path + ".proxy-protocol", this::problem);
    if (problems.size() > before) {
      if ("proxy".equals(entry.type())) { // still check the proxy block, against default settings
        new ProxyMapper(baseDirectory(), this::problem).map(path, entry, ServerConfig.builder().build());
      }
      return null;
    }
    ServerConfig.Builder b = ServerConfig.builder().drainTimeout(drain);
    settings.values().forEach(step -> step.accept(b));
    // Every service gets an access control, so a reload can add rules to one that had none.
    AccessControl control = was != null && was.access() != null
        ? was.access()
        : new AccessControl(access == null ? AccessRules.ALLOW_ALL : access);
    b.admission(control);
    if (entry.accessLog() == null || entry.accessLog()) {
      b.listener(new AccessLog());
    }
    ServerConfig config;
    if (tls != null) {
      b.setup(tls);
    }
    try {
      config = b.build();
    } catch (IllegalArgumentException e) {
      // Each value was valid alone, so the combination is at fault; point at the entry.
      problem(path, e.getMessage());
      return null;
    }
    config = auth == null ? config : AuthConfigs.apply(config, auth);
    config = proxyProtocol == null ? config : proxyProtocol.applyTo(config); // the header comes first
    AccessRules rules = access == null ? AccessRules.ALLOW_ALL : access;
    if (!"proxy".equals(entry.type())) {
      if (entry.proxy() != null) {
        problem(path + ".proxy", "only a service of type proxy takes a 'proxy:' block");
        return null;
      }
      return new ServePlan.Service(entry.type(), config, null, control, rules, tls != null, lockout(auth));
    }
    dev.weft.proxy.ProxyConfig proxy = new ProxyMapper(baseDirectory(), this::problem).map(path, entry, config);
    return proxy == null
        ? null
        : new ServePlan.Service(entry.type(), config, proxy, control, rules, tls != null, lockout(auth));
  }

  private static dev.weft.auth.Lockout lockout(AuthSetup auth) {
    return auth == null ? null : auth.lockout();
  }

  /** Checks a {@code tls:} block and reads its files now, so a bad file fails the load. */
  private ConnSetup tls(String path, TlsSettings t) {
    int before = problems.size();
    required(path, "cert", t.cert());
    required(path, "key", t.key());
    List<TlsSettings.Sni> sni = t.sni() == null ? List.of() : t.sni();
    for (int i = 0; i < sni.size(); i++) {
      String at = path + ".sni[" + i + "]";
      if (sni.get(i) == null) {
        problem(at, "empty entry; it needs name, cert and key");
        continue;
      }
      required(at, "name", sni.get(i).name());
      required(at, "cert", sni.get(i).cert());
      required(at, "key", sni.get(i).key());
    }
    t.checkProtocolsAndSuites(path, this::problem);
    try {
      ClientAuth clientAuth = t.clientAuth() == null ? ClientAuth.NONE : TlsOptions.parseClientAuth(t.clientAuth());
      if (clientAuth != ClientAuth.NONE && t.ca() == null) {
        problem(path + ".client-auth", t.clientAuth() + " needs 'ca', the CA bundle that verifies client certificates");
      } else if (clientAuth == ClientAuth.NONE && t.ca() != null) {
        problem(path + ".ca", "no client certificate is asked for without client-auth (optional or require),"
            + " so this CA would check nothing; set client-auth or remove ca");
      }
    } catch (IllegalArgumentException e) {
      problem(path + ".client-auth", e.getMessage());
    }
    if (problems.size() > before) {
      return null;
    }
    try {
      ConnSetup setup = t.toConfig(baseDirectory()).serverSetup();
      t.checkSuitesFitKeys(path, baseDirectory(), this::problem);
      t.checkSniCertificatesCoverTheirNames(path, baseDirectory(), this::problem);
      if (t.restrictsTls13Suites() && "boringssl".equals(CryptoProvider.engines().name())) {
        String at = path + ".cipher-suites";
        LoggerFactory.getLogger(ConfigValidator.class).warn("{}", ConfigLoader.at(source, lines.lineOf(at), at,
            "BoringSSL (tls-provider boringssl) offers every TLS 1.3 suite whatever this list says; it restricts"
                + " TLS 1.2 only (tls-provider jdk restricts both)"));
      }
      return setup;
    } catch (IllegalArgumentException | IOException e) {
      problem(path, e.getMessage());
      return null;
    }
  }

  /** Relative certificate paths are relative to the config file. */
  private Path baseDirectory() {
    Path parent = Path.of(source).toAbsolutePath().getParent();
    return parent != null ? parent : Path.of("").toAbsolutePath();
  }

  private void tryAlone(String path, String key, Consumer<ServerConfig.Builder> step) {
    try {
      ServerConfig.Builder b = ServerConfig.builder();
      step.accept(b);
      b.build();
    } catch (IllegalArgumentException e) {
      problem(path, withoutFieldName(key, e.getMessage()));
    }
  }

  private void required(String path, String key, String value) {
    if (value == null && !binding.reported(path + "." + key)) {
      problem(path, "missing required key '" + key + "'");
    }
  }

  private void problem(String path, String detail) {
    int line = lines.lineOf(path);
    problems.add(new BindingProblems.Problem(line, ConfigLoader.at(source, line, path, detail)));
  }

  /**
   * Drops the Java field name that starts {@link ServerConfig}'s messages ("maxConnections must be
   * > 0, got -3"), since the YAML key is already printed in front of it. Cosmetic only: nothing
   * is decided on the text.
   */
  static String withoutFieldName(String key, String message) {
    String prefix = camel(key) + " ";
    return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private static String camel(String key) {
    StringBuilder sb = new StringBuilder();
    boolean up = false;
    for (char c : key.toCharArray()) {
      if (c == '-') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb.toString();
  }
}
