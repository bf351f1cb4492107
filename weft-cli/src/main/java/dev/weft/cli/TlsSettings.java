package dev.weft.cli;

import dev.weft.tls.KeyMaterial;
import dev.weft.tls.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The {@code tls:} block of a service in a {@code weft serve} YAML file, as written. Relative
 * paths are resolved against the config file's directory.
 *
 * @param cert PEM certificate chain. Required
 * @param key PEM private key. Required
 * @param ca PEM CA bundle that verifies client certificates; required with client-auth
 * @param clientAuth {@code none}, {@code optional} or {@code require}. Default: none
 * @param handshakeTimeout deadline for the handshake; zero disables. Default: 10s
 * @param sni more certificates, chosen by the host name the client asks for
 * @param protocols a subset of TLSv1.3 and TLSv1.2. Default: both
 * @param cipherSuites a subset of {@link TlsConfig#STRONG_CIPHER_SUITES}, in preference order.
 *     Default: all of them
 */
public record TlsSettings(
    String cert,
    String key,
    String ca,
    String clientAuth,
    Duration handshakeTimeout,
    List<Sni> sni,
    List<String> protocols,
    List<String> cipherSuites) {

  /** One SNI certificate: {@code name} is a host name or {@code *.example.com}. */
  public record Sni(String name, String cert, String key) {}

  /**
   * The core settings; checks values but does not read the files.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  TlsConfig toConfig(Path base) {
    TlsConfig.Builder b = TlsConfig.builder().engines(CryptoProvider.engines()).certificate(base.resolve(cert), base.resolve(key));
    if (ca != null) {
      b.trust(base.resolve(ca));
    }
    if (clientAuth != null) {
      b.clientAuth(TlsOptions.parseClientAuth(clientAuth));
    }
    if (handshakeTimeout != null) {
      b.handshakeTimeout(handshakeTimeout);
    }
    if (protocols != null) {
      b.protocols(protocols);
    }
    if (cipherSuites != null) {
      b.cipherSuites(cipherSuites);
    }
    for (Sni s : sni == null ? List.<Sni>of() : sni) {
      b.sni(s.name(), KeyMaterial.pem(base.resolve(s.cert()), base.resolve(s.key())));
    }
    return b.build();
  }

  /**
   * Reports protocols and suites that YAML does not allow: unknown protocols, suites outside the
   * strong set (the config file cannot weaken TLS), and an enabled protocol left without a suite.
   */
  void checkProtocolsAndSuites(String path, BiConsumer<String, String> problem) {
    List<String> enabled = protocols == null ? TlsConfig.DEFAULT_PROTOCOLS : protocols;
    List<String> suites = cipherSuites == null ? TlsConfig.STRONG_CIPHER_SUITES : cipherSuites;
    if (protocols != null) {
      List<String> bad = protocols.stream().filter(p -> !TlsConfig.DEFAULT_PROTOCOLS.contains(p)).toList();
      if (protocols.isEmpty() || !bad.isEmpty()) {
        problem.accept(path + ".protocols", "expected TLSv1.3 and/or TLSv1.2, got " + protocols);
        return;
      }
    }
    if (cipherSuites != null) {
      List<String> bad = cipherSuites.stream().filter(c -> !TlsConfig.STRONG_CIPHER_SUITES.contains(c)).toList();
      if (cipherSuites.isEmpty() || !bad.isEmpty()) {
        problem.accept(path + ".cipher-suites", (cipherSuites.isEmpty() ? "must not be empty" : "not allowed: " + bad)
            + "; choose from " + TlsConfig.STRONG_CIPHER_SUITES + " (AEAD with forward secrecy only)");
        return;
      }
    }
    for (String protocol : enabled) {
      boolean tls13 = protocol.equals("TLSv1.3");
      if (suites.stream().noneMatch(c -> isTls13Suite(c) == tls13)) {
        problem.accept(path + ".cipher-suites", protocol + " is enabled but none of " + suites + " is a " + protocol
            + " suite; add one or leave " + protocol + " out of 'protocols'");
      }
    }
  }

  /** TLS 1.3 suites name only the AEAD and hash ({@code TLS_AES_128_GCM_SHA256}); 1.2 ones say {@code _WITH_}. */
  private static boolean isTls13Suite(String suite) {
    return !suite.contains("_WITH_");
  }
}
