package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.tls.OpenSsl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar (with BouncyCastle inside, signatures stripped) as real processes: {@code weft
 * cert}, then {@code weft echo --tls} with required client auth, reached by {@code openssl
 * s_client} and by {@code weft connect --tls}.
 */
@Timeout(90)
class WeftTlsProcessIT {
  @ParameterizedTest(name = "--tls-provider {0}")
  @ValueSource(strings = {"jdk", "accp", "boringssl"})
  void certThenEchoWithTlsServesOpensslAndWeftConnect(String provider, @TempDir Path dir) throws Exception {
    assumeTrue(System.getProperty("weft.jar") != null, "runs under failsafe, after package");
    Process cert = weft("cert", "--out", dir.toString()).redirectErrorStream(true).start();
    assertThat(cert.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(cert.exitValue()).as(new String(cert.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

    Path out = dir.resolve("echo.out");
    Process echo = weft("--tls-provider", provider, "echo", "--listen", "127.0.0.1:0", "--tls", "--cert", "server.pem", "--key", "server.key",
        "--ca", "ca.pem", "--client-auth", "require").directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(out).contains("echo listening on"));
      Matcher m = Pattern.compile("listening on (127\\.0\\.0\\.1:\\d+)").matcher(Files.readString(out));
      assertThat(m.find()).isTrue();
      String address = m.group(1);
      assertThat(Files.readString(out)).contains(switch (provider) {
        case "accp" -> "TLS crypto: AmazonCorrettoCryptoProvider";
        case "boringssl" -> "TLS crypto: BoringSSL";
        default -> "TLS crypto: the JDK's providers";
      });

      try (OpenSsl client = new OpenSsl(dir, "s_client", "-connect", address, "-tls1_3", "-quiet", "-CAfile", "ca.pem",
          "-verify_return_error", "-cert", "client.pem", "-key", "client.key")) {
        client.send("from openssl\n");
        client.awaitOutput("from openssl");
      }

      Process connect = weft("--tls-provider", provider, "connect", "--tls", "--ca", "ca.pem", "--cert", "client.pem", "--key", "client.key", address)
          .directory(dir.toFile()).start();
      connect.getOutputStream().write("from weft\n".getBytes(StandardCharsets.UTF_8));
      connect.getOutputStream().close();
      assertThat(connect.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(new String(connect.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("from weft\n");
      assertThat(connect.exitValue()).isZero();
    } finally {
      echo.destroy();
      echo.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static ProcessBuilder weft(String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-jar", System.getProperty("weft.jar")));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }
}
