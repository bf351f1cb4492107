package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file's {@code tls-provider} key, and {@code --tls-provider} winning over it. */
class TlsProviderConfigTest {
  @TempDir Path dir;

  @AfterEach
  void backToTheJdk() {
    CryptoProvider.reset();
  }

  private Path config(String provider) throws IOException {
    return Files.writeString(dir.resolve("weft.yaml"), """
        tls-provider: %s
        services:
          - name: echo
            type: echo
            listen: 127.0.0.1:0
        """.formatted(provider));
  }

  @Test
  void theConfigChoosesTheEngine() throws IOException {
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check", "--config", config("boringssl").toString())).isZero();
    assertThat(CryptoProvider.engines().name()).isEqualTo("boringssl");
  }

  @Test
  void theCommandLineWinsOverTheConfig() throws IOException {
    Cli cli = new Cli();
    assertThat(cli.run("--tls-provider", "jdk", "serve", "--check", "--config", config("boringssl").toString())).isZero();
    assertThat(CryptoProvider.engines().name()).isEqualTo("jdk");
  }

  @Test
  void anUnknownProviderIsAConfigErrorWithItsLine() throws IOException {
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check", "--config", config("wolfssl").toString())).isEqualTo(2);
    assertThat(cli.err()).contains("weft.yaml line 1: tls-provider: must be jdk, accp or boringssl, got 'wolfssl'");
  }
}
