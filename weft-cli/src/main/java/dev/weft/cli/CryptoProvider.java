package dev.weft.cli;

import dev.weft.tls.TlsEngineFactory;
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
 * {@code boringssl} swaps the whole TLS engine for BoringSSL (netty-tcnative, shipped in weft.jar
 * for Linux x86-64): handshakes and records run natively, X25519 included.
 * If the native library is missing or fails to load, Weft logs why and stays on the JDK:
 * TLS keeps working either way.
 */
final class CryptoProvider {
  static final Set<String> NAMES = Set.of("jdk", "accp", "boringssl");
  private static volatile TlsEngineFactory engines = TlsEngineFactory.JDK;
  private static volatile boolean fromCommandLine;
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
    String bad = check(n);
    if (bad != null) {
      throw new IllegalArgumentException("tls-provider " + bad);
    }
    engines = TlsEngineFactory.JDK;
    String inUse = switch (n) {
      case "accp" -> installAccp();
      case "boringssl" -> installBoringSsl();
      default -> jdkDescription();
    };
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

  /** Null if {@code name} is a provider, else what is wrong with it. */
  static String check(String name) {
    return NAMES.contains(name.toLowerCase(Locale.ROOT)) ? null : "must be jdk, accp or boringssl, got '" + name + "'";
  }

  /** {@link #use} for the {@code --tls-provider} option, which then wins over a config file. */
  static String useFromCommandLine(String name) {
    String inUse = use(name);
    fromCommandLine = true;
    return inUse;
  }

  /** {@link #use} for a config file's {@code tls-provider} key, unless the command line chose. */
  static void useFromConfig(String name) {
    if (!fromCommandLine) {
      use(name);
    }
  }

  /** Back to the JDK, as chosen by nobody: for tests that run many commands in one JVM. */
  static void reset() {
    fromCommandLine = false;
    use("jdk");
  }

  /** The engine factory every TLS config built by the CLI uses. */
  static TlsEngineFactory engines() {
    return engines;
  }

  private static String installBoringSsl() {
    try {
      engines = BoringSslEngines.load();
      return BoringSslEngines.version() + " engine for servers (native, netty-tcnative); clients stay on the JDK's";
    } catch (LinkageError | RuntimeException e) {
      log.warn("BoringSSL unavailable ({}); staying on the JDK's TLS", e.toString());
      return jdkDescription() + " (BoringSSL unavailable)";
    }
  }

  private static String jdkDescription() {
    return "the JDK's providers (pure Java)";
  }
}
