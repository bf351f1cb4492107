package dev.weft.cli;

import java.lang.reflect.Method;
import java.security.Provider;
import java.security.Security;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one switch for native TLS crypto. {@code jdk} (the default) keeps the JDK's pure-Java
 * providers. {@code accp} installs Amazon Corretto Crypto Provider (shipped in weft.jar, Linux
 * x86-64) as the most preferred JCA provider, so JSSE's ECDSA signatures, ECDH and AES-GCM run
 * natively, and prefers the secp256r1 key share, which ACCP accelerates (X25519 it does not).
 * If ACCP is missing or its native library fails to load, Weft logs why and stays on the JDK's
 * providers: TLS keeps working either way.
 */
final class CryptoProvider {
  static final Set<String> NAMES = Set.of("jdk", "accp");
  private static final Logger log = LoggerFactory.getLogger(CryptoProvider.class);
  private static final String ACCP = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

  private CryptoProvider() {}

  /**
   * Applies {@code name}; returns a one-line description of the crypto now in use.
   *
   * @throws IllegalArgumentException for a name not in {@link #NAMES}
   */
  static String use(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (!NAMES.contains(n)) {
      throw new IllegalArgumentException("tls-provider must be jdk or accp, got '" + name + "'");
    }
    String inUse = n.equals("accp") ? installAccp() : jdkDescription();
    log.info("TLS crypto: {}", inUse);
    return inUse;
  }

  private static String installAccp() {
    try {
      Class<?> accp = Class.forName(ACCP);
      Provider instance = (Provider) accp.getField("INSTANCE").get(null);
      Method healthy = accp.getMethod("assertHealthy");
      healthy.invoke(instance); // throws if the native library did not load
      if (Security.getProviders()[0] != instance) {
        Security.insertProviderAt(instance, 1);
      }
      if (System.getProperty("jdk.tls.namedGroups") == null) {
        System.setProperty("jdk.tls.namedGroups", "secp256r1,x25519,secp384r1");
      }
      return instance.getName() + " " + instance.getVersionStr() + " (native), secp256r1 key share preferred";
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable why = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
      log.warn("ACCP unavailable ({}); staying on the JDK's providers", why.toString());
      return jdkDescription() + " (ACCP unavailable)";
    }
  }

  private static String jdkDescription() {
    return "the JDK's providers (pure Java)";
  }
}
