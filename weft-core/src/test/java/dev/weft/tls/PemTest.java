package dev.weft.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM key formats made by openssl, and error messages that name the file. */
class PemTest {
  @TempDir static Path dir;
  static Pki pki;

  @BeforeAll
  static void keys() throws IOException {
    pki = new Pki(dir);
    pki.run("genrsa", "-traditional", "-out", "rsa1.key", "2048");
    pki.run("pkey", "-in", "rsa1.key", "-out", "rsa8.key");
    pki.run("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "sec1.key");
    pki.run("req", "-x509", "-key", "rsa1.key", "-out", "rsa.pem", "-days", "1", "-subj", "/CN=rsa");
    pki.run("req", "-x509", "-key", "sec1.key", "-out", "sec1.pem", "-days", "1", "-subj", "/CN=sec1");
  }

  @Test
  void readsPkcs1RsaKeyAsTheSameKeyAsItsPkcs8Form() throws IOException {
    assertThat(Pem.privateKey(pki.file("rsa1.key")).getEncoded()).isEqualTo(Pem.privateKey(pki.file("rsa8.key")).getEncoded());
    assertThat(KeyMaterial.pem(pki.file("rsa.pem"), pki.file("rsa1.key")).load().key().getAlgorithm()).isEqualTo("RSA");
  }

  @Test
  void readsSec1EcKeyMatchingItsCertificate() throws IOException {
    assertThat(KeyMaterial.pem(pki.file("sec1.pem"), pki.file("sec1.key")).load().key().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void readsPkcs12KeyStore() throws IOException {
    pki.run("pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-out", "server.p12", "-passout", "pass:secret");
    assertThat(KeyMaterial.pkcs12(pki.file("server.p12"), "secret").load().chain()[0].getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThatThrownBy(() -> KeyMaterial.pkcs12(pki.file("server.p12"), "wrong").load()).hasMessageStartingWith(pki.file("server.p12") + ": cannot read PKCS#12");
  }

  @Test
  void errorsNameTheFileAndTheProblem() throws IOException {
    Path cert = pki.file("server.pem");
    assertThatThrownBy(() -> Pem.privateKey(cert)).hasMessage(cert + ": no PRIVATE KEY block found");
    assertThatThrownBy(() -> Pem.certificates(pki.file("server.key"))).hasMessage(pki.file("server.key") + ": no CERTIFICATE block found");
    assertThatThrownBy(() -> Pem.certificates(dir.resolve("missing.pem"))).hasMessage(dir.resolve("missing.pem") + ": no such file");
    assertThatThrownBy(() -> Pem.privateKey(dir)).hasMessageStartingWith(dir + ": cannot read: ");
    assertThatThrownBy(() -> KeyMaterial.pem(cert, pki.file("client.key")).load()).hasMessageContaining("private key does not match the certificate");
    Files.writeString(dir.resolve("enc.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThatThrownBy(() -> Pem.privateKey(dir.resolve("enc.key"))).hasMessageContaining("encrypted private keys are not supported");
  }

  @Test
  void configRejectsOldProtocolsAndClientAuthWithoutTrust() {
    assertThatThrownBy(() -> TlsConfig.builder().protocols(java.util.List.of("TLSv1")).build()).hasMessage("protocols must be TLSv1.3 and/or TLSv1.2, got [TLSv1]");
    assertThatThrownBy(() -> TlsConfig.builder().clientAuth(ClientAuth.REQUIRE).build()).hasMessage("clientAuth REQUIRE needs a trust CA file");
  }
}
