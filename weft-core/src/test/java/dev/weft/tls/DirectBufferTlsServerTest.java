package dev.weft.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.ClosedException;
import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
import org.junit.jupiter.api.Test;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@link TlsServerTest} again with direct TLS buffers (the path a native engine takes), on the
 * JDK's engine, so the direct path is covered where BoringSSL is not available.
 */
class DirectBufferTlsServerTest extends TlsServerTest {
  static final TlsEngineFactory DIRECT_JDK = new TlsEngineFactory() {
    @Override
    public String name() {
      return "jdk-direct";
    }

    @Override
    public Engines create(X509ExtendedKeyManager keys, X509TrustManager trust, boolean server)
        throws java.security.GeneralSecurityException, java.io.IOException {
      Engines jdk = TlsEngineFactory.JDK.create(keys, trust, server);
      return new Engines() {
        @Override
        public SSLEngine engine(String peerHost, int peerPort) {
          return jdk.engine(peerHost, peerPort);
        }

        @Override
        public boolean directBuffers() {
          return true;
        }
      };
    }
  };

  @Override
  TlsConfig.Builder tls() {
    return TlsConfig.builder().engines(DIRECT_JDK);
  }

  @Test
  void aClosedConnGivesItsDirectBuffersBackAndRefusesFurtherUse() throws Exception {
    TlsConfig server = tls().certificate(pki.file("server.pem"), pki.file("server.key")).build();
    try (Server s = ServerConfig.builder().setup(server.serverSetup()).handler(TlsServerTest::greetAndEcho).start()) {
      Dialer dialer = Dialer.defaults().withSetup(tls().trust(pki.file("ca.pem")).build().clientSetup("localhost"));
      Conn c = dialer.dial(s.address());
      assertThat(TlsTesting.line(c)).isEqualTo("hello anonymous");
      // The conn's own count: the shared pool's free bytes also move with the server's conns.
      TlsConn tls = (TlsConn) c;
      assertThat(tls.heldBufferBytes()).isPositive();
      c.close();
      assertThat(tls.heldBufferBytes()).isZero();
      assertThatThrownBy(() -> c.in().read()).isInstanceOf(ClosedException.class);
      assertThatThrownBy(() -> c.out().write('x')).isInstanceOf(ClosedException.class);
    }
  }
}
