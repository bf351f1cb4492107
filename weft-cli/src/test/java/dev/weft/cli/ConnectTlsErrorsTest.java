package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.Server;
import dev.weft.tls.OpenSsl;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft connect --tls} turns the common TLS failures into one clear line that keeps the
 * cause, against a real {@code openssl s_server} and real plain TCP peers.
 */
@Timeout(60)
class ConnectTlsErrorsTest {
  @TempDir static Path dir;
  @TempDir static Path otherCa;
  @TempDir static Path expired;

  @BeforeAll
  static void certificates() throws Exception {
    assertThat(new Cli().run("cert", "--out", dir.toString())).isZero();
    assertThat(new Cli().run("cert", "--out", otherCa.toString())).isZero();
    // Valid from five minutes ago until one minute ago.
    DevCertificates.write(expired, java.util.List.of("localhost", "127.0.0.1"), "client", java.time.Duration.ofMinutes(-1));
  }

  private static OpenSsl opensslServer(String... extra) throws Exception {
    return opensslServer(dir, extra);
  }

  private static OpenSsl opensslServer(Path dir, String... extra) throws Exception {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
        "s_server", "-accept", "127.0.0.1:0", "-cert", "server.pem", "-key", "server.key", "-rev"));
    args.addAll(java.util.List.of(extra));
    OpenSsl server = new OpenSsl(dir, args.toArray(String[]::new));
    server.awaitOutput("ACCEPT");
    return server;
  }

  private static int port(OpenSsl server) {
    Matcher m = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)").matcher(server.output());
    assertThat(m.find()).as(server.output()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** Runs {@code weft connect --tls ARGS 127.0.0.1:PORT} with {@code stdin}; returns stderr after exit 1. */
  private static String failingConnect(int port, String stdin, String... args) {
    Cli cli = new Cli(stdin);
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("connect", "--tls"));
    all.addAll(java.util.List.of(args));
    all.add("127.0.0.1:" + port);
    assertThat(cli.run(all.toArray(String[]::new))).as(cli.err()).isEqualTo(Main.FAILURE);
    assertThat(cli.err().lines()).as("one line").hasSize(1);
    return cli.err();
  }

  private static String ca() {
    return dir.resolve("ca.pem").toString();
  }

  @Test
  void anUntrustedServerCertificateSaysToGiveTheCa() throws Exception {
    try (OpenSsl server = opensslServer()) {
      String err = failingConnect(port(server), "", "--server-name", "localhost");
      assertThat(err).startsWith("weft connect: handshake tcp ")
          .contains("server certificate is not signed by a trusted CA (use --ca FILE)")
          .contains("cause: ")
          .doesNotContain("sun.security");
    }
  }

  @Test
  void aNameMismatchListsTheCertificatesNames() throws Exception {
    try (OpenSsl server = opensslServer()) {
      String err = failingConnect(port(server), "", "--ca", ca(), "--server-name", "db.example.com");
      assertThat(err).contains("server certificate does not match host db.example.com; its names: localhost, 127.0.0.1, ::1")
          .contains("cause: ");
    }
  }

  @Test
  void aPlainTcpEchoServerIsNamedAsNotTls() throws Exception {
    try (Server echo = Server.builder().listen("127.0.0.1", 0).handler(Services::echo).start()) {
      String err = failingConnect(echo.address().getPort(), "", "--ca", ca());
      assertThat(err).contains("peer did not answer TLS (is it a plain TCP service?)").contains("cause: ");
    }
  }

  @Test
  void aPlainTcpServiceThatSpeaksFirstIsNamedAsNotTls() throws Exception {
    try (Server greeter = Server.builder().listen("127.0.0.1", 0).handler(conn -> {
      conn.out().write("220 smtp.example ESMTP ready\r\n".getBytes(StandardCharsets.US_ASCII));
      conn.out().flush();
      conn.in().transferTo(java.io.OutputStream.nullOutputStream());
    }).start()) {
      String err = failingConnect(greeter.address().getPort(), "", "--ca", ca());
      assertThat(err).contains("peer did not answer TLS (is it a plain TCP service?)");
    }
  }

  @Test
  void aSilentPeerIsAHandshakeTimeout() throws Exception {
    // The kernel completes the connect from the backlog; nobody ever reads or answers.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String err = failingConnect(silent.getLocalPort(), "", "--ca", ca(), "--timeout", "1s");
      assertThat(err).contains("TLS handshake timed out after 1s (the peer accepted but did not answer)");
    }
  }

  @Test
  void aServerThatRequiresAClientCertificateSaysSo() throws Exception {
    try (OpenSsl server = opensslServer("-Verify", "1", "-CAfile", "ca.pem", "-verify_return_error")) {
      String err = failingConnect(port(server), "hello\n", "--ca", ca(), "--server-name", "localhost");
      assertThat(err).contains("server requires a client certificate (use --cert FILE --key FILE)").contains("cause: ");
    }
  }

  @Test
  void aCaBundleThatDidNotSignTheServerSaysSo() throws Exception {
    try (OpenSsl server = opensslServer()) {
      String err = failingConnect(port(server), "", "--ca", otherCa.resolve("ca.pem").toString(), "--server-name", "localhost");
      assertThat(err).startsWith("weft connect: handshake tcp ")
          .contains("server certificate is not signed by a trusted CA (use --ca FILE)")
          .contains("cause: ");
    }
  }

  @Test
  void anExpiredServerCertificateSaysSo() throws Exception {
    try (OpenSsl server = opensslServer(expired)) {
      String err = failingConnect(port(server), "", "--ca", expired.resolve("ca.pem").toString(), "--server-name", "localhost");
      assertThat(err).contains("server certificate has expired (cause: ").contains("NotAfter");
    }
  }

  @Test
  void aClientCertificateTheServerRefusesSaysSo() throws Exception {
    try (OpenSsl server = opensslServer("-Verify", "1", "-CAfile", "ca.pem", "-verify_return_error")) {
      String err = failingConnect(port(server), "hello\n", "--ca", ca(), "--server-name", "localhost",
          "--cert", otherCa.resolve("client.pem").toString(), "--key", otherCa.resolve("client.key").toString());
      assertThat(err).contains("server refused the client certificate (is --cert signed by a CA the server trusts, and still valid?)")
          .contains("cause: ");
    }
  }
}
