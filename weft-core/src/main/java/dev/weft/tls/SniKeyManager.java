package dev.weft.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Picks the certificate whose name matches the SNI host name the client sent (exactly, or a
 * {@code *.example.com} entry for one more label), else the default. Immutable; a reload builds
 * a new one. Also serves as the client-certificate key manager, where only the default exists.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
  static final String DEFAULT = "default";

  private final Map<String, KeyMaterial.Loaded> byAlias;

  /** {@code byName} maps lower-case host names (or {@code *.suffix}) to material; may be empty. */
  SniKeyManager(KeyMaterial.Loaded fallback, Map<String, KeyMaterial.Loaded> byName) {
    byAlias = new LinkedHashMap<>();
    byName.forEach((name, m) -> byAlias.put(name.toLowerCase(Locale.ROOT), m));
    if (fallback != null) {
      byAlias.put(DEFAULT, fallback);
    }
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    String host = requestedHost(engine == null ? null : engine.getHandshakeSession());
    if (host != null) {
      String alias = match(host);
      if (alias != null && fits(alias, keyType)) {
        return alias;
      }
    }
    return fits(DEFAULT, keyType) ? DEFAULT : null;
  }

  private String match(String host) {
    if (byAlias.containsKey(host) && !host.equals(DEFAULT)) {
      return host;
    }
    int dot = host.indexOf('.');
    String wildcard = dot > 0 ? "*" + host.substring(dot) : null;
    return wildcard != null && byAlias.containsKey(wildcard) ? wildcard : null;
  }

  private static String requestedHost(SSLSession session) {
    if (session instanceof ExtendedSSLSession ext) {
      for (SNIServerName n : ext.getRequestedServerNames()) {
        if (n instanceof SNIHostName h) {
          return h.getAsciiName().toLowerCase(Locale.ROOT);
        }
      }
    }
    return null;
  }

  /** Whether the alias's key can serve {@code keyType} ("RSA", "RSASSA-PSS", "EC", "EdDSA"...). */
  private boolean fits(String alias, String keyType) {
    KeyMaterial.Loaded m = byAlias.get(alias);
    if (m == null) {
      return false;
    }
    String alg = m.key().getAlgorithm();
    if (keyType == null || keyType.startsWith(alg)) {
      return true;
    }
    return switch (alg) {
      case "RSA" -> keyType.equals("RSASSA-PSS");
      case "Ed25519", "Ed448", "EdDSA" -> keyType.equals("EdDSA") || keyType.startsWith("Ed");
      default -> false;
    };
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    for (String t : keyTypes) {
      if (fits(DEFAULT, t)) {
        return DEFAULT;
      }
    }
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return fits(DEFAULT, keyType) ? new String[] {DEFAULT} : null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return chooseEngineClientAlias(keyTypes, issuers, null);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    List<String> fit = byAlias.keySet().stream().filter(a -> fits(a, keyType)).toList();
    return fit.isEmpty() ? null : fit.toArray(String[]::new);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return fits(DEFAULT, keyType) ? DEFAULT : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    KeyMaterial.Loaded m = byAlias.get(alias);
    return m == null ? null : m.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    KeyMaterial.Loaded m = byAlias.get(alias);
    return m == null ? null : m.key();
  }
}
