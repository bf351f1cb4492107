package dev.weft.cli;

import dev.weft.tls.KeyMaterial;
import dev.weft.tls.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    boolean valid = true; // each key is checked alone; how they fit together only when both are valid
    if (protocols != null) {
      List<String> bad = protocols.stream().filter(p -> !TlsConfig.DEFAULT_PROTOCOLS.contains(p)).toList();
      if (protocols.isEmpty() || !bad.isEmpty()) {
        problem.accept(path + ".protocols", "expected TLSv1.3 and/or TLSv1.2, got " + protocols);
        valid = false;
      }
    }
    if (protocols != null && protocols.size() != new HashSet<>(protocols).size()) {
      problem.accept(path + ".protocols", "lists a protocol twice: " + protocols);
    }
    if (cipherSuites != null) {
      List<String> bad = cipherSuites.stream().filter(c -> !TlsConfig.STRONG_CIPHER_SUITES.contains(c)).toList();
      if (cipherSuites.isEmpty() || !bad.isEmpty()) {
        String why = cipherSuites.isEmpty() ? "must not be empty"
            : bad.stream().allMatch(c -> c.startsWith("TLS_") && c.equals(c.toUpperCase(Locale.ROOT)))
                ? "not allowed: " + bad
                : "not IANA suite names (TLS_..., upper case; OpenSSL's names such as ECDHE-ECDSA-AES128-GCM-SHA256"
                    + " are not accepted): " + bad;
        problem.accept(path + ".cipher-suites", why + "; choose from " + TlsConfig.STRONG_CIPHER_SUITES
            + " (AEAD with forward secrecy only)");
        valid = false;
      }
      if (cipherSuites.size() != new HashSet<>(cipherSuites).size()) {
        problem.accept(path + ".cipher-suites", "lists a suite twice: " + cipherSuites);
      }
    }
    for (String protocol : valid ? enabled : List.<String>of()) {
      boolean tls13 = protocol.equals("TLSv1.3");
      if (suites.stream().noneMatch(c -> isTls13Suite(c) == tls13)) {
        problem.accept(path + ".cipher-suites", protocol + " is enabled but none of " + suites + " is a " + protocol
            + " suite; add one or leave " + protocol + " out of 'protocols'");
      }
    }
  }

  /**
   * True when {@code cipher-suites} leaves out a TLS 1.3 suite while TLS 1.3 is on: BoringSSL has
   * no setting for TLS 1.3 suites and offers all of them, so the list restricts only TLS 1.2.
   */
  boolean restrictsTls13Suites() {
    List<String> enabled = protocols == null ? TlsConfig.DEFAULT_PROTOCOLS : protocols;
    return cipherSuites != null && enabled.contains("TLSv1.3")
        && !cipherSuites.containsAll(TlsConfig.STRONG_CIPHER_SUITES.stream().filter(TlsSettings::isTls13Suite).toList());
  }

  /** TLS 1.3 suites name only the AEAD and hash ({@code TLS_AES_128_GCM_SHA256}); 1.2 ones say {@code _WITH_}. */
  private static boolean isTls13Suite(String suite) {
    return !suite.contains("_WITH_");
  }

  /**
   * Reports a certificate that no enabled TLS 1.2 suite can use: ECDHE_ECDSA suites need an EC
   * key, ECDHE_RSA ones an RSA key, so every TLS 1.2 handshake would fail. Call once the files
   * have loaded.
   */
  void checkSuitesFitKeys(String path, Path base, BiConsumer<String, String> problem) {
    List<String> enabled = protocols == null ? TlsConfig.DEFAULT_PROTOCOLS : protocols;
    List<String> suites = cipherSuites == null ? TlsConfig.STRONG_CIPHER_SUITES : cipherSuites;
    if (!enabled.contains("TLSv1.2")) {
      return;
    }
    Map<String, String> certs = new LinkedHashMap<>();
    certs.put(path + ".cert", cert);
    for (int i = 0; sni != null && i < sni.size(); i++) {
      certs.put(path + ".sni[" + i + "].cert", sni.get(i).cert());
    }
    certs.forEach((key, file) -> {
      String algorithm = keyAlgorithm(base.resolve(file));
      String auth = "EC".equals(algorithm) ? "_ECDSA_" : "RSA".equals(algorithm) ? "_RSA_" : null;
      if (auth != null && suites.stream().noneMatch(c -> c.contains("_WITH_") && c.contains(auth))) {
        problem.accept(key, "its " + algorithm + " key fits none of the TLS 1.2 suites in " + suites
            + ", so every TLS 1.2 handshake would fail; add a TLS_ECDHE" + auth + "... suite or leave TLSv1.2 out");
      }
    });
  }

  /**
   * Reports an SNI entry whose certificate does not cover its name: a client asking for that name
   * would get the certificate and refuse it (hostname mismatch). Call once the files have loaded.
   */
  void checkSniCertificatesCoverTheirNames(String path, Path base, BiConsumer<String, String> problem) {
    for (int i = 0; sni != null && i < sni.size(); i++) {
      X509Certificate c = certificate(base.resolve(sni.get(i).cert()));
      List<String> names = c == null ? List.of() : dnsNames(c);
      String name = sni.get(i).name().toLowerCase(Locale.ROOT);
      if (c != null && names.stream().noneMatch(n -> covers(n, name))) {
        problem.accept(path + ".sni[" + i + "].name", "certificate " + sni.get(i).cert() + " does not cover '"
            + sni.get(i).name() + "' (its DNS names: " + names + "); clients asking for it would refuse it");
      }
    }
  }

  private static List<String> dnsNames(X509Certificate c) {
    try {
      var sans = c.getSubjectAlternativeNames();
      return sans == null ? List.of() : sans.stream().filter(n -> (Integer) n.get(0) == 2)
          .map(n -> n.get(1).toString().toLowerCase(Locale.ROOT)).toList();
    } catch (CertificateException e) {
      return List.of();
    }
  }

  /** Whether certificate name {@code pattern} (maybe {@code *.domain}) covers SNI {@code name} (maybe a wildcard too). */
  private static boolean covers(String pattern, String name) {
    if (pattern.equals(name)) {
      return true;
    }
    if (pattern.startsWith("*.") && !name.startsWith("*.")) {
      int dot = name.indexOf('.');
      return dot > 0 && name.substring(dot + 1).equals(pattern.substring(2));
    }
    return false;
  }

  /** The first certificate's key algorithm ("EC", "RSA"...), or null if the file cannot be read. */
  private static String keyAlgorithm(Path pem) {
    X509Certificate c = certificate(pem);
    return c == null ? null : c.getPublicKey().getAlgorithm();
  }

  private static X509Certificate certificate(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | CertificateException | ClassCastException e) {
      return null; // loading the TLS config reports unreadable files
    }
  }
}
