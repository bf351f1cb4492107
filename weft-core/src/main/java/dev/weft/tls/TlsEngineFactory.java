package dev.weft.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * Where {@link SSLEngine}s come from. {@link #JDK} (the default) uses the JDK's own JSSE; another
 * implementation may plug in a native engine (the {@code weft} command offers BoringSSL through
 * netty-tcnative). Weft drives whatever engine it gets through the standard {@link SSLEngine}
 * API, so every {@link TlsConfig} setting (protocols, suites, client auth, SNI, hostname
 * verification) applies through {@link SSLEngine#setSSLParameters}.
 */
public interface TlsEngineFactory {
  /** The JDK's JSSE: pure Java, always available. */
  TlsEngineFactory JDK = new TlsEngineFactory() {
    @Override
    public String name() {
      return "jdk";
    }

    @Override
    public Engines create(X509ExtendedKeyManager keys, X509TrustManager trust, boolean server)
        throws GeneralSecurityException {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(
          keys == null ? null : new javax.net.ssl.KeyManager[] {keys},
          trust == null ? null : new javax.net.ssl.TrustManager[] {trust},
          null);
      return (host, port) -> host == null ? ctx.createSSLEngine() : ctx.createSSLEngine(host, port);
    }
  };

  /** A short name for logs: {@code jdk}, {@code boringssl}... */
  String name();

  /**
   * Builds a source of engines for one set of certificates. Called again on every certificate
   * reload; engines made earlier keep working.
   *
   * @param keys this side's certificates (chosen by SNI on a server); null for none
   * @param trust verifies the peer; null means the JDK's default CA set
   * @param server whether the engines will run in server mode
   */
  Engines create(X509ExtendedKeyManager keys, X509TrustManager trust, boolean server)
      throws GeneralSecurityException, IOException;

  /**
   * As {@link #create(X509ExtendedKeyManager, X509TrustManager, boolean)}, told the protocols and
   * cipher suites (in preference order) that every engine will be given. A factory may make them
   * its engines' defaults: Weft then leaves out of each engine's {@link SSLEngine#setSSLParameters}
   * what already equals its defaults (a native engine converts suite names on every set, about
   * 3 µs per connection). The default ignores them.
   */
  default Engines create(
      X509ExtendedKeyManager keys,
      X509TrustManager trust,
      boolean server,
      java.util.List<String> protocols,
      java.util.List<String> cipherSuites)
      throws GeneralSecurityException, IOException {
    return create(keys, trust, server);
  }

  /** Makes engines for one certificate set. Thread-safe. */
  interface Engines {
    /**
     * A new engine; {@code peerHost} is null on a server, else the name the client connects to
     * (used for session caching and, with hostname verification, for the check).
     */
    SSLEngine engine(String peerHost, int peerPort);

    /** Frees what {@code engine} holds outside the heap, once its connection closed. */
    default void release(SSLEngine engine) {}

    /**
     * Whether the engines keep sending after the peer's close_notify (TLS half-close). False
     * makes Weft encrypt pending output before reading each record, so nothing written before
     * the peer's close_notify is lost.
     */
    default boolean halfCloses() {
      return true;
    }

    /**
     * Whether the engines work best on direct buffers (a native engine does: it reads and writes
     * them in place; on heap buffers it copies each record). The JDK's engines prefer heap ones.
     */
    default boolean directBuffers() {
      return false;
    }
  }
}
