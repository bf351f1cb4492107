package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.tls.OpenSsl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code protocols} and {@code cipher-suites} keys of a YAML tls block: checked at load, held against openssl. */
@Timeout(60)
class TlsYamlSuitesTest {
  @TempDir static Path dir;

  @BeforeAll
  static void certificates() {
    assertThat(new Cli().run("cert", "--out", dir.toString())).isZero();
  }

  private static String yaml(String tlsExtra) {
    return """
        services:
          - name: secure-echo
            type: echo
            listen: 127.0.0.1:0
            tls:
              cert: server.pem
              key: server.key
        """ + tlsExtra.indent(6);
  }

  private static String loadError(String tlsExtra) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(
        () -> ConfigLoader.parse(dir.resolve("w.yaml").toString(), yaml(tlsExtra)));
    assertThat(t).isInstanceOf(ConfigException.class);
    return t.getMessage();
  }

  @Test
  void aProtocolOtherThanTls12Or13IsRefusedNamingLineAndKey() {
    assertThat(loadError("protocols: [TLSv1.1, TLSv1.3]"))
        .contains("w.yaml line 8: services[0].tls.protocols: expected TLSv1.3 and/or TLSv1.2, got [TLSv1.1, TLSv1.3]");
  }

  @Test
  void aSuiteOutsideTheStrongSetIsRefusedAndTheAllowedOnesAreListed() {
    assertThat(loadError("cipher-suites: [TLS_AES_128_GCM_SHA256, TLS_RSA_WITH_AES_128_CBC_SHA]"))
        .contains("line 8: services[0].tls.cipher-suites: not allowed: [TLS_RSA_WITH_AES_128_CBC_SHA]; choose from [TLS_AES_256_GCM_SHA384,")
        .contains("(AEAD with forward secrecy only)");
    assertThat(loadError("cipher-suites: []")).contains("services[0].tls.cipher-suites: must not be empty");
  }

  @Test
  void aCaWithoutClientAuthIsRefusedBecauseItWouldCheckNothing() {
    assertThat(loadError("ca: ca.pem"))
        .contains("w.yaml line 8: services[0].tls.ca: no client certificate is asked for without client-auth"
            + " (optional or require), so this CA would check nothing; set client-auth or remove ca");
    assertThat(loadError("ca: ca.pem\nclient-auth: none")).contains("services[0].tls.ca: no client certificate");
  }

  @Test
  void anSniCertificateThatDoesNotCoverItsNameIsRefused() {
    // server.pem from weft cert covers localhost, 127.0.0.1 and ::1 only
    assertThat(loadError("sni:\n  - {name: api.example.com, cert: server.pem, key: server.key}"))
        .contains("services[0].tls.sni[0].name: certificate server.pem does not cover 'api.example.com'"
            + " (its DNS names: [localhost]); clients asking for it would refuse it");
  }

  @Test
  void aBadProtocolDoesNotHideABadSuite() {
    assertThat(loadError("protocols: [TLSv1.1]\ncipher-suites: [TLS_RSA_WITH_AES_128_CBC_SHA]"))
        .contains("services[0].tls.protocols: expected TLSv1.3 and/or TLSv1.2")
        .contains("services[0].tls.cipher-suites: not allowed: [TLS_RSA_WITH_AES_128_CBC_SHA]");
  }

  @Test
  void anEnabledProtocolWithoutASuiteIsRefused() {
    assertThat(loadError("protocols: [TLSv1.3]\ncipher-suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]"))
        .contains("services[0].tls.cipher-suites: TLSv1.3 is enabled but none of [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]"
            + " is a TLSv1.3 suite; add one or leave TLSv1.3 out of 'protocols'");
    assertThatThrownBy(() -> ConfigLoader.parse(dir.resolve("w.yaml").toString(), yaml("cipher-suites: [TLS_AES_128_GCM_SHA256]")))
        .hasMessageContaining("TLSv1.2 is enabled but none of [TLS_AES_128_GCM_SHA256] is a TLSv1.2 suite");
  }

  @Test
  void openSslNamesAndRepeatsAreNamedAsSuch() {
    assertThat(loadError("cipher-suites: [ECDHE-ECDSA-AES128-GCM-SHA256]"))
        .contains("services[0].tls.cipher-suites: not IANA suite names (TLS_..., upper case;");
    assertThat(loadError("cipher-suites: [TLS_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]"))
        .contains("services[0].tls.cipher-suites: lists a suite twice");
    assertThat(loadError("protocols: [TLSv1.3, TLSv1.3]")).contains("services[0].tls.protocols: lists a protocol twice");
  }

  @Test
  void anEcCertificateWithOnlyRsaSuitesForTls12IsRefused() {
    // weft cert writes EC keys; ECDHE_RSA suites would need an RSA certificate.
    assertThat(loadError("protocols: [TLSv1.2]\ncipher-suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]"))
        .contains("w.yaml line 6: services[0].tls.cert: its EC key fits none of the TLS 1.2 suites in"
            + " [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256], so every TLS 1.2 handshake would fail;"
            + " add a TLS_ECDHE_ECDSA_... suite or leave TLSv1.2 out");
  }

  @Test
  void aTls12OnlyServiceWithOneSuiteServesExactlyThat() throws Exception {
    serve("protocols: [TLSv1.2]\ncipher-suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]", port -> {
      assertThat(handshake(port, "-tls1_2")).contains("TLSv1.2, Cipher is ECDHE-ECDSA-AES128-GCM-SHA256");
      assertThat(handshake(port, "-tls1_3")).contains("Cipher is (NONE)");
      assertThat(handshake(port, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384")).contains("Cipher is (NONE)");
    });
  }

  @Test
  void aTls13OnlyServiceServesTheListedSuite() throws Exception {
    serve("protocols: [TLSv1.3]\ncipher-suites: [TLS_AES_128_GCM_SHA256]", port -> {
      assertThat(handshake(port)).contains("TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256");
      assertThat(handshake(port, "-tls1_2")).contains("Cipher is (NONE)");
      assertThat(handshake(port, "-ciphersuites", "TLS_AES_256_GCM_SHA384")).contains("Cipher is (NONE)");
    });
  }

  private interface PortCheck {
    void check(int port) throws IOException;
  }

  private static void serve(String tlsExtra, PortCheck check) throws Exception {
    Path file = Files.createTempFile(dir, "suites", ".yaml");
    Files.writeString(file, yaml(tlsExtra));
    Cli cli = new Cli();
    Cli.Running serve = cli.start("serve", "--config", file.toString());
    try {
      await().atMost(Duration.ofSeconds(15)).until(() -> cli.out().contains("listening on"));
      Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(cli.out());
      assertThat(m.find()).as(cli.out()).isTrue();
      check.check(Integer.parseInt(m.group(1)));
    } finally {
      serve.stop();
    }
  }

  private static String handshake(int port, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port, "-CAfile", "ca.pem"));
    args.addAll(List.of(options));
    try (OpenSsl client = new OpenSsl(dir, args.toArray(String[]::new))) {
      client.endInput();
      await().atMost(Duration.ofSeconds(15)).until(client::exited);
      return client.output();
    }
  }
}
