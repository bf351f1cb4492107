package dev.weft.tls;

import dev.weft.net.Conn;
import dev.weft.net.ConnSetup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Immutable TLS settings for a server or a client, built with {@link #builder()}. {@link
 * #serverSetup()} and {@link #clientSetup(String)} turn them into a {@link ConnSetup} that
 * handshakes on the connection's own thread.
 *
 * @param keyMaterial this side's certificate and key; required for a server, optional for a
 *     client (client certificate). Default: none
 * @param sni extra certificates chosen by the SNI host name; {@code keyMaterial} is the default.
 *     Default: none
 * @param trust PEM bundle of CA certificates that verify the peer; null means the JDK's default
 *     CAs (clients) and is not allowed with client auth. Default: null
 * @param clientAuth whether a server asks for client certificates. Default: {@link ClientAuth#NONE}
 * @param handshakeTimeout deadline for the whole handshake; zero disables. Default: 10 seconds
 * @param protocols enabled protocols, a subset of TLSv1.3 and TLSv1.2. Default: both
 * @param cipherSuites enabled suites, in preference order; unsupported ones are skipped. Default:
 *     {@link #STRONG_CIPHER_SUITES} (AEAD only, forward secret)
 * @param verifyHostname whether a client checks the server name against the certificate.
 *     Default: true
 * @param reloadInterval how often a new handshake may check the files' modification times and
 *     reload them; zero disables reloading. Default: 2 seconds
 * @param engines where the {@link SSLEngine}s come from. Default: {@link TlsEngineFactory#JDK}
 */
public record TlsConfig(
    KeyMaterial keyMaterial,
    List<Sni> sni,
    Path trust,
    ClientAuth clientAuth,
    Duration handshakeTimeout,
    List<String> protocols,
    List<String> cipherSuites,
    boolean verifyHostname,
    Duration reloadInterval,
    TlsEngineFactory engines) {

  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(2);
  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  public static final List<String> STRONG_CIPHER_SUITES =
      List.of(
          "TLS_AES_256_GCM_SHA384",
          "TLS_AES_128_GCM_SHA256",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /**
   * One SNI certificate: {@code name} is a host name or {@code *.example.com} (clients send
   * host names only, never IP addresses).
   */
  public record Sni(String name, KeyMaterial material) {
    private static final Pattern NAME = Pattern.compile(
        "(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    public Sni {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(material, "material");
      if (name.length() > 253 || !NAME.matcher(name).matches() || name.startsWith("*.") && name.indexOf('.', 2) < 0) {
        throw new IllegalArgumentException("sni name must be a host name or *.domain (one leading wildcard label),"
            + " got '" + name + "'");
      }
    }
  }

  /** Validates every field; messages name the field and the bad value. */
  public TlsConfig {
    sni = List.copyOf(sni);
    Set<String> names = new HashSet<>();
    for (Sni s : sni) {
      if (!names.add(s.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("sni name '" + s.name() + "' is listed twice");
      }
    }
    protocols = List.copyOf(protocols);
    cipherSuites = List.copyOf(cipherSuites);
    Objects.requireNonNull(clientAuth, "clientAuth");
    Objects.requireNonNull(engines, "engines");
    if (handshakeTimeout == null || handshakeTimeout.isNegative()) {
      throw new IllegalArgumentException("handshakeTimeout must be >= 0, got " + handshakeTimeout);
    }
    if (reloadInterval == null || reloadInterval.isNegative()) {
      throw new IllegalArgumentException("reloadInterval must be >= 0, got " + reloadInterval);
    }
    if (protocols.isEmpty() || !DEFAULT_PROTOCOLS.containsAll(protocols)) {
      throw new IllegalArgumentException("protocols must be TLSv1.3 and/or TLSv1.2, got " + protocols);
    }
    if (cipherSuites.isEmpty()) {
      throw new IllegalArgumentException("cipherSuites must not be empty");
    }
    if (clientAuth != ClientAuth.NONE && trust == null) {
      throw new IllegalArgumentException("clientAuth " + clientAuth + " needs a trust CA file");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A setup step for a server: wraps each connection in a {@link TlsConn} and handshakes on the
   * connection's thread, bounded by {@link #handshakeTimeout()}. Reads the files now.
   *
   * @throws IOException naming a file that cannot be used
   * @throws IllegalStateException if there is no key material
   */
  public ConnSetup serverSetup() throws IOException {
    if (keyMaterial == null) {
      throw new IllegalStateException("a TLS server needs a certificate and key");
    }
    TlsContexts contexts = new TlsContexts(this, true);
    EngineParameters parameters = new EngineParameters(false, this::serverParameters);
    return conn -> {
      TlsEngineFactory.Engines source = contexts.current();
      return handshake(conn, parameters.apply(source, source.engine(null, -1)), source);
    };
  }

  /**
   * A setup step for a client connecting to {@code serverName} (a host name or IP literal): sends
   * it as SNI and, unless {@link #verifyHostname()} is off, checks it against the certificate.
   *
   * @throws IOException naming a file that cannot be used
   */
  public ConnSetup clientSetup(String serverName) throws IOException {
    Objects.requireNonNull(serverName, "serverName");
    TlsContexts contexts = new TlsContexts(this, false);
    EngineParameters parameters = new EngineParameters(true, e -> clientParameters(e, serverName));
    return conn -> {
      TlsEngineFactory.Engines source = contexts.current();
      SSLEngine engine = source.engine(serverName, conn.remoteAddress().getPort());
      return handshake(conn, parameters.apply(source, engine), source);
    };
  }

  private SSLParameters serverParameters(SSLEngine e) {
    SSLParameters p = parameters(e);
    p.setNeedClientAuth(clientAuth == ClientAuth.REQUIRE);
    if (clientAuth == ClientAuth.OPTIONAL) {
      p.setWantClientAuth(true);
    }
    p.setUseCipherSuitesOrder(true);
    return p;
  }

  private SSLParameters clientParameters(SSLEngine e, String serverName) {
    SSLParameters p = parameters(e);
    if (verifyHostname) {
      p.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (!isIpLiteral(serverName)) {
      p.setServerNames(List.of(new SNIHostName(serverName)));
    }
    return p;
  }

  private SSLParameters parameters(SSLEngine e) {
    SSLParameters p = e.getSSLParameters();
    p.setProtocols(protocols.toArray(String[]::new));
    List<String> supported = Arrays.asList(e.getSupportedCipherSuites());
    List<String> suites = new ArrayList<>(cipherSuites);
    suites.retainAll(supported);
    p.setCipherSuites(suites.toArray(String[]::new));
    return p;
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
  }

  private TlsConn handshake(Conn conn, SSLEngine engine, TlsEngineFactory.Engines source)
      throws IOException {
    TlsConn tls = new TlsConn(conn, engine, () -> source.release(engine), source.halfCloses(), source.directBuffers());
    boolean ok = false;
    if (!handshakeTimeout.isZero()) {
      conn.setReadDeadline(Instant.now().plus(handshakeTimeout));
    }
    try {
      tls.handshake();
      ok = true;
      return tls;
    } finally {
      if (ok) {
        conn.setReadDeadline(null);
      } else {
        tls.close();
      }
    }
  }

  /** Builds a {@link TlsConfig}. Not thread-safe; defaults are listed on {@link TlsConfig}. */
  public static final class Builder {
    private KeyMaterial keyMaterial;
    private final List<Sni> sni = new ArrayList<>();
    private Path trust;
    private ClientAuth clientAuth = ClientAuth.NONE;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private List<String> protocols = DEFAULT_PROTOCOLS;
    private List<String> cipherSuites = STRONG_CIPHER_SUITES;
    private boolean verifyHostname = true;
    private Duration reloadInterval = DEFAULT_RELOAD_INTERVAL;
    private TlsEngineFactory engines = TlsEngineFactory.JDK;

    Builder() {}

    /** PEM certificate chain and private key. */
    public Builder certificate(Path certificate, Path key) {
      this.keyMaterial = KeyMaterial.pem(certificate, key);
      return this;
    }

    public Builder keyMaterial(KeyMaterial keyMaterial) {
      this.keyMaterial = keyMaterial;
      return this;
    }

    /** Serves {@code material} to clients that ask for {@code name} by SNI. */
    public Builder sni(String name, KeyMaterial material) {
      this.sni.add(new Sni(name, material));
      return this;
    }

    /** PEM bundle of CAs that verify the peer. */
    public Builder trust(Path caBundle) {
      this.trust = caBundle;
      return this;
    }

    public Builder clientAuth(ClientAuth clientAuth) {
      this.clientAuth = clientAuth;
      return this;
    }

    public Builder handshakeTimeout(Duration handshakeTimeout) {
      this.handshakeTimeout = handshakeTimeout;
      return this;
    }

    public Builder protocols(List<String> protocols) {
      this.protocols = protocols;
      return this;
    }

    public Builder cipherSuites(List<String> cipherSuites) {
      this.cipherSuites = cipherSuites;
      return this;
    }

    /** Turning this off lets any certificate from a trusted CA through: tests only. */
    public Builder verifyHostname(boolean verifyHostname) {
      this.verifyHostname = verifyHostname;
      return this;
    }

    public Builder reloadInterval(Duration reloadInterval) {
      this.reloadInterval = reloadInterval;
      return this;
    }

    /** A native engine instead of the JDK's; see {@link TlsEngineFactory}. */
    public Builder engines(TlsEngineFactory engines) {
      this.engines = engines;
      return this;
    }

    public TlsConfig build() {
      return new TlsConfig(
          keyMaterial, sni, trust, clientAuth, handshakeTimeout, protocols, cipherSuites, verifyHostname, reloadInterval, engines);
    }
  }
}
