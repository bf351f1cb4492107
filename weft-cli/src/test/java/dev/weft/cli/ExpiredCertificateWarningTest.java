package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.weft.tls.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Loading an expired server certificate works (the peers decide) but warns once, naming the
 * file; a valid one does not warn.
 */
class ExpiredCertificateWarningTest {
  @TempDir Path expired;
  @TempDir Path valid;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger tls = (Logger) LoggerFactory.getLogger("dev.weft.tls");

  @BeforeEach
  void capture() {
    logs.start();
    tls.addAppender(logs);
  }

  @AfterEach
  void release() {
    tls.detachAppender(logs);
  }

  @Test
  void anExpiredCertificateLoadsWithOneWarningNamingTheFile() throws Exception {
    // Valid from five minutes ago until one minute ago.
    DevCertificates.write(expired, List.of("localhost"), "client", Duration.ofMinutes(-1));
    TlsConfig.builder().certificate(expired.resolve("server.pem"), expired.resolve("server.key")).build().serverSetup();
    assertThat(logs.list).hasSize(1);
    assertThat(logs.list.get(0).getLevel()).isEqualTo(Level.WARN);
    assertThat(logs.list.get(0).getFormattedMessage())
        .startsWith("tls: " + expired.resolve("server.pem") + ": certificate CN=localhost expired at ")
        .endsWith("; peers will refuse it");
  }

  @Test
  void aValidCertificateLoadsWithoutWarning() throws Exception {
    DevCertificates.write(valid, List.of("localhost"), "client", Duration.ofDays(1));
    TlsConfig.builder().certificate(valid.resolve("server.pem"), valid.resolve("server.key")).build().serverSetup();
    assertThat(logs.list).isEmpty();
  }
}
