package dev.weft.cli;

import dev.weft.tls.TlsEngineFactory;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * BoringSSL engines from netty-tcnative (statically linked, shipped in weft.jar for Linux
 * x86-64), for {@code --tls-provider boringssl}. Weft's own {@link dev.weft.tls.TlsConn} drives
 * them like any {@link SSLEngine}: only the TLS record and handshake work moves to native code.
 * Certificates still come from Weft's key manager (SNI, reload), cached per alias in native form
 * so a handshake does not re-encode the key.
 *
 * <p>Servers only: client engines stay the JDK's. BoringSSL cannot half-close (after it sends
 * close_notify it reads nothing more), and clients such as {@code weft connect} half-close and
 * then read the rest of the reply. A server's {@link dev.weft.net.Conn#closeWrite()} has the
 * same limit on this engine: the peer's data after it is not read.
 */
public final class BoringSslEngines implements TlsEngineFactory {
  private BoringSslEngines() {}

  /**
   * The factory, or an exception saying why BoringSSL cannot be used here.
   *
   * @throws IllegalStateException if the native library did not load
   */
  public static TlsEngineFactory load() {
    if (!OpenSsl.isAvailable()) {
      Throwable why = OpenSsl.unavailabilityCause();
      throw new IllegalStateException(why == null ? "netty-tcnative not available" : why.toString(), why);
    }
    return new BoringSslEngines();
  }

  /** The native library's version line, e.g. {@code BoringSSL}. */
  static String version() {
    return OpenSsl.versionString();
  }

  @Override
  public String name() {
    return "boringssl";
  }

  @Override
  public Engines create(X509ExtendedKeyManager keys, X509TrustManager trust, boolean server)
      throws GeneralSecurityException, IOException {
    return create(keys, trust, server, List.of("TLSv1.3", "TLSv1.2"), null);
  }

  /**
   * The context gets the protocols and suites, so its engines start with them and Weft does not
   * set them again on each one.
   */
  @Override
  public Engines create(
      X509ExtendedKeyManager keys,
      X509TrustManager trust,
      boolean server,
      List<String> protocols,
      List<String> cipherSuites)
      throws GeneralSecurityException, IOException {
    if (!server) {
      return TlsEngineFactory.JDK.create(keys, trust, false);
    }
    SslContextBuilder b = SslContextBuilder.forServer(cached(keys));
    if (trust != null) {
      b.trustManager(ClientCertVerdicts.wrap(trust));
    }
    SslContext ctx = b.sslProvider(SslProvider.OPENSSL_REFCNT)
        .protocols(protocols)
        .ciphers(cipherSuites, SupportedCipherSuiteFilter.INSTANCE)
        .build();
    return new Engines() {
      @Override
      public SSLEngine engine(String peerHost, int peerPort) {
        return peerHost == null
            ? ctx.newEngine(ByteBufAllocator.DEFAULT)
            : ctx.newEngine(ByteBufAllocator.DEFAULT, peerHost, peerPort);
      }

      @Override
      public void release(SSLEngine engine) {
        ReferenceCountUtil.release(engine);
      }

      @Override
      public boolean halfCloses() {
        return false; // Netty's engine closes both ways on the peer's close_notify
      }

      @Override
      public boolean directBuffers() {
        return true; // records are encrypted in place, without a copy into Netty's buffers
      }
    };
  }

  private static KeyManagerFactory cached(X509ExtendedKeyManager keys) {
    return new OpenSslCachingX509KeyManagerFactory(new Single(keys));
  }

  /** A factory that hands out one ready key manager. */
  private static final class Single extends KeyManagerFactory {
    Single(KeyManager keys) {
      super(
          new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore ks, char[] password) {}

            @Override
            protected void engineInit(ManagerFactoryParameters spec) {}

            @Override
            protected KeyManager[] engineGetKeyManagers() {
              return new KeyManager[] {keys};
            }
          },
          null,
          "weft");
    }
  }
}
