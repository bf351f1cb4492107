package dev.weft.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class EngineParametersTest {
  private static SSLEngine engine() throws NoSuchAlgorithmException {
    return SSLContext.getDefault().createSSLEngine();
  }

  @Test
  void partsThatChangeNothingAreLeftOut() throws Exception {
    SSLEngine e = engine();
    SSLParameters same = e.getSSLParameters();
    SSLParameters kept = EngineParameters.withoutNoOps(same, e);
    assertThat(kept.getProtocols()).isNull();
    assertThat(kept.getCipherSuites()).isNull();
    assertThat(kept.getNamedGroups()).isNull();
  }

  @Test
  void partsThatChangeTheEngineStayAndLaterEnginesGetThem() throws Exception {
    EngineParameters parameters = new EngineParameters(false, e -> {
      SSLParameters p = e.getSSLParameters();
      p.setProtocols(new String[] {"TLSv1.3"});
      p.setCipherSuites(new String[] {"TLS_AES_128_GCM_SHA256"});
      return p;
    });
    TlsEngineFactory.Engines source = (host, port) -> {
      try {
        return engine();
      } catch (NoSuchAlgorithmException ex) {
        throw new IllegalStateException(ex);
      }
    };
    for (int i = 0; i < 3; i++) {
      SSLEngine e = parameters.apply(source, source.engine(null, -1));
      assertThat(e.getEnabledProtocols()).containsExactly("TLSv1.3");
      assertThat(e.getEnabledCipherSuites()).containsExactly("TLS_AES_128_GCM_SHA256");
      assertThat(e.getUseClientMode()).isFalse();
    }
  }
}
