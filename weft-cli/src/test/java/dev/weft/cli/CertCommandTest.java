package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft cert} never destroys existing key material unless told to. */
@Timeout(60)
class CertCommandTest {
  @TempDir Path dir;

  @Test
  void refusesToOverwriteAnExistingCaKeyAndNamesIt() throws Exception {
    Path caKey = dir.resolve("ca.key");
    Files.writeString(caKey, "my real CA key\n");

    Cli cli = new Cli();
    assertThat(cli.run("cert", "--out", dir.toString())).isEqualTo(Main.FAILURE);

    assertThat(cli.err()).contains("refusing to overwrite " + caKey).contains("--force").doesNotContain("server.pem");
    assertThat(Files.readString(caKey)).isEqualTo("my real CA key\n");
    assertThat(dir.resolve("ca.pem")).as("nothing is written when any file exists").doesNotExist();
  }

  @Test
  void secondRunNamesEveryExistingFileAndLeavesThemUnchanged() throws Exception {
    assertThat(new Cli().run("cert", "--out", dir.toString())).isZero();
    String ca = Files.readString(dir.resolve("ca.pem"));

    Cli again = new Cli();
    assertThat(again.run("cert", "--out", dir.toString())).isEqualTo(Main.FAILURE);

    for (String f : DevCertificates.FILES) {
      assertThat(again.err()).contains(dir.resolve(f).toString());
    }
    assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo(ca);
  }

  @Test
  void forceReplacesExistingFiles() throws Exception {
    Path caKey = dir.resolve("ca.key");
    Files.writeString(caKey, "old\n");

    Cli cli = new Cli();
    assertThat(cli.run("cert", "--out", dir.toString(), "--force")).isZero();

    assertThat(cli.out()).contains("wrote " + caKey);
    assertThat(Files.readString(caKey)).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  private static java.security.cert.X509Certificate read(Path pem) throws Exception {
    try (var in = Files.newInputStream(pem)) {
      return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static java.util.List<String> sans(java.security.cert.X509Certificate c) throws Exception {
    return c.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList();
  }

  @Test
  void defaultServerNamesCoverLocalhostOnIpv4AndIpv6() throws Exception {
    assertThat(new Cli().run("cert", "--out", dir.toString())).isZero();
    assertThat(sans(read(dir.resolve("server.pem")))).containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
  }

  @Test
  void hostsMayBeBracketedIpv6OrWildcardNamesAndBadOnesAreRefusedWithoutAStackTrace() throws Exception {
    Cli ok = new Cli();
    assertThat(ok.run("cert", "--out", dir.toString(), "--host", "[::1]", "--host", "*.example.com", "--host", "10.0.0.1")).isZero();
    assertThat(sans(read(dir.resolve("server.pem")))).containsExactly("0:0:0:0:0:0:0:1", "*.example.com", "10.0.0.1");
    for (String bad : new String[] {"192.168.1.300", "bad name!", "[nope]", "-lead.example", "a..b", "*"}) {
      Cli cli = new Cli();
      assertThat(cli.run("cert", "--out", dir.resolve("x").toString(), "--host", bad)).as(bad).isEqualTo(2);
      assertThat(cli.err()).as(bad).contains("--host '" + bad + "': not a host name").doesNotContain("Exception");
    }
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void aClientNameWithACommaIsOneCommonNameNotADistinguishedName() throws Exception {
    assertThat(new Cli().run("cert", "--out", dir.toString(), "--client-name", "alice,O=Admins")).isZero();
    javax.security.auth.x500.X500Principal subject = read(dir.resolve("client.pem")).getSubjectX500Principal();
    assertThat(subject.getName()).isEqualTo("CN=alice\\,O\\=Admins");
  }
}
