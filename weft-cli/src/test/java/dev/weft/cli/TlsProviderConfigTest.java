package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

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

  @Test
  void boringSslWarnsNamingTheKeyWhenCipherSuitesTryToNarrowTls13() throws IOException {
    assertThat(new Cli().run("cert", "--out", dir.toString())).isZero();
    Path yaml = Files.writeString(dir.resolve("weft.yaml"), """
        tls-provider: %s
        services:
          - name: secure
            type: echo
            listen: 127.0.0.1:0
            tls:
              cert: server.pem
              key: server.key
              cipher-suites: [TLS_AES_256_GCM_SHA384, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]
        """.formatted("boringssl"));
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger validator = (Logger) LoggerFactory.getLogger(ConfigValidator.class);
    logs.start();
    validator.addAppender(logs);
    try {
      assertThat(new Cli().run("serve", "--check", "--config", yaml.toString())).isZero();
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
          yaml + " line 9: services[0].tls.cipher-suites: BoringSSL (tls-provider boringssl) offers every TLS 1.3"
              + " suite whatever this list says; it restricts TLS 1.2 only (tls-provider jdk restricts both)");
      logs.list.clear();
      Files.writeString(yaml, Files.readString(yaml).replace("tls-provider: boringssl", "tls-provider: jdk"));
      assertThat(new Cli().run("serve", "--check", "--config", yaml.toString())).isZero();
      assertThat(logs.list).isEmpty();
    } finally {
      validator.detachAppender(logs);
    }
  }
}
