package dev.weft.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Configured protocols and cipher suites hold on every connection, not only the first: an engine
 * source's first engine gets all the parameters, later ones only what changes them (see
 * EngineParameters). Real {@code openssl s_client} peers; a subclass runs it on BoringSSL.
 */
class TlsCipherConfigTest extends TlsServerFixture {
  static final String ONLY_SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";

  /** A TLS 1.2-only server with one suite. */
  private InetSocketAddress start() throws IOException {
    return start(serverTls().protocols(List.of("TLSv1.2")).cipherSuites(List.of(ONLY_SUITE)).build());
  }

  private static String handshake(InetSocketAddress a, String... options) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + a.getPort(), "-CAfile", "ca.pem", "-servername", "localhost"));
    args.addAll(List.of(options));
    try (OpenSsl client = new OpenSsl(dir, args.toArray(String[]::new))) {
      client.endInput();
      await().atMost(Duration.ofSeconds(15)).until(client::exited);
      return client.output();
    }
  }

  @Test
  void theConfiguredSuiteIsTheOnlyOneOnEveryConnection() throws IOException {
    InetSocketAddress a = start();
    for (int i = 0; i < 3; i++) {
      assertThat(handshake(a, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"))
          .contains("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256");
      assertThat(handshake(a, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384"))
          .contains("Cipher is (NONE)")
          .contains("alert handshake failure"); // refused with the reason, on every engine
    }
  }

  @Test
  void aProtocolLeftOutIsRefusedOnEveryConnection() throws IOException {
    InetSocketAddress a = start();
    for (int i = 0; i < 3; i++) {
      assertThat(handshake(a, "-tls1_3")).contains("Cipher is (NONE)").contains("alert protocol version");
      assertThat(handshake(a)).contains("TLSv1.2, Cipher is ECDHE-ECDSA-AES128-GCM-SHA256");
    }
  }
}
