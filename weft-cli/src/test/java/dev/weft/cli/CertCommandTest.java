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
}
