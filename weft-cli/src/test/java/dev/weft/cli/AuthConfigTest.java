package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.auth.PasswordHash;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code auth:} block of {@code weft serve}, and {@code weft passwd}. */
@Timeout(60)
class AuthConfigTest {
  private static final String PASSWORD = "open-sesame-42";

  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("weft.yaml"), yaml);
  }

  private static String config(String hash) {
    return """
        shutdown-timeout: 2s
        services:
          - name: secure-echo
            type: echo
            listen: 127.0.0.1:0
            auth:
              method: token
              timeout: 5s
              lockout: {failures: 3, window: 1m, duration: 5m}
              users:
                alice: {hash: "%s", roles: [admin]}
        """.formatted(hash);
  }

  @Test
  void serveWithAnAuthBlockRequiresTheTokenBeforeEchoing() throws Exception {
    String hash = PasswordHash.hash(PASSWORD.toCharArray(), 1_000);
    Cli cli = new Cli();
    Cli.Running running = cli.start("serve", "--config", write(config(hash)).toString());
    int port = Loopback.awaitListeningPort(cli::out, "secure-echo");

    try (Socket s = connect(port)) {
      send(s, "AUTH alice " + PASSWORD + "\r\nping\n");
      assertThat(readLine(s)).isEqualTo("OK alice\r\n");
      assertThat(readLine(s)).isEqualTo("ping\n");
    }
    try (Socket s = connect(port)) {
      send(s, "AUTH alice nope\r\nping\n");
      assertThat(readLine(s)).isEqualTo("ERR authentication failed\r\n");
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(running.stop()).isZero();
  }

  @Test
  void malformedHashNamesTheKeyAndLineButNeverPrintsTheHash() throws Exception {
    String hash = PasswordHash.hash(PASSWORD.toCharArray(), 1_000);
    String broken = hash.replace("pbkdf2-sha256$1000$", "pbkdf2-sha256$many$");
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check", "--config", write(config(broken)).toString())).isEqualTo(2);
    assertThat(cli.err())
        .startsWith(dir.resolve("weft.yaml") + " line 11: services[0].auth.users.alice.hash: malformed password hash")
        .doesNotContain(broken.split("\\$")[2])
        .doesNotContain(broken.split("\\$")[3]);
  }

  @Test
  void unknownMethodAndBadLockoutAreReportedTogether() throws Exception {
    String yaml =
        """
        services:
          - name: s
            type: echo
            listen: 127.0.0.1:0
            auth:
              method: kerberos
              lockout: {failures: 0}
        """;
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check", "--config", write(yaml).toString())).isEqualTo(2);
    String file = dir.resolve("weft.yaml").toString();
    assertThat(cli.err())
        .contains(file + " line 6: services[0].auth.method: unknown method 'kerberos'; expected one of: token, mtls")
        .contains(file + " line 7: services[0].auth.lockout.failures: must be > 0, got 0");
  }

  @Test
  void tokenMethodWithoutUsersIsAnError() throws Exception {
    String yaml =
        """
        services:
          - name: s
            type: echo
            listen: 127.0.0.1:0
            auth: {method: token}
        """;
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check", "--config", write(yaml).toString())).isEqualTo(2);
    assertThat(cli.err()).contains("services[0].auth.users: method token needs at least one user");
  }

  @Test
  void mtlsWithoutClientCertificatesIsAnErrorAtItsLine() throws Exception {
    String yaml =
        """
        services:
          - name: plain
            type: echo
            listen: 127.0.0.1:0
            auth: {method: mtls, users: {alice: {roles: [admin]}}}
          - name: no-client-auth
            type: echo
            listen: 127.0.0.1:0
            tls: {cert: server.pem, key: server.key}
            auth:
              method: mtls
          - name: optional-client-auth
            type: echo
            listen: 127.0.0.1:0
            tls: {cert: server.pem, key: server.key, ca: ca.pem, client-auth: optional}
            auth: {method: mtls}
        """;
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check", "--config", write(yaml).toString())).isEqualTo(2);
    String file = dir.resolve("weft.yaml").toString();
    assertThat(cli.err().lines().filter(l -> l.contains("auth.method"))).containsExactly(
        file + " line 5: services[0].auth.method: mtls needs a tls: block with ca and client-auth: require",
        file + " line 11: services[1].auth.method: mtls needs client certificates: set tls.ca and tls.client-auth: require",
        file + " line 16: services[2].auth.method: mtls needs tls.client-auth: require, not optional: a client without"
            + " a certificate would only fail authentication and count towards the lockout");
  }

  @Test
  void passwdIterationsOutOfRangeIsAUsageError() {
    Cli cli = new Cli(PASSWORD + "\n");
    assertThat(cli.run("passwd", "--iterations", "0")).isEqualTo(Main.USAGE);
    assertThat(cli.err()).startsWith("--iterations must be in 1..10000000, got 0");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void passwdPrintsAHashThatVerifies() {
    Cli cli = new Cli(PASSWORD + "\n");
    assertThat(cli.run("passwd", "--iterations", "1000")).isZero();
    String hash = cli.out().strip();
    assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain(PASSWORD);
    assertThat(PasswordHash.verify(PASSWORD.toCharArray(), hash)).isTrue();
    assertThat(cli.err()).isEqualTo("weft passwd: warning: 1,000 iterations is far below the default 210,000;"
        + " a stolen hash is that much cheaper to guess" + System.lineSeparator());
  }

  @Test
  void passwdDefaultsTo210000Iterations() {
    Cli cli = new Cli(PASSWORD + "\r\n");
    assertThat(cli.run("passwd")).isZero();
    assertThat(PasswordHash.iterations(cli.out().strip())).isEqualTo(210_000);
    assertThat(PasswordHash.verify(PASSWORD.toCharArray(), cli.out().strip())).isTrue();
  }

  @Test
  void passwdRefusesAnEmptyPassword() {
    Cli cli = new Cli("\n");
    assertThat(cli.run("passwd")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("weft passwd: empty password on stdin\n");
  }

  @Test
  void passwdTakesTheLongestPasswordThatFitsAnAuthLineAndNoLonger() throws Exception {
    String longest = "p".repeat(PasswdCommand.MAX_BYTES);
    Cli passwd = new Cli(longest + "\r\n");
    assertThat(passwd.run("passwd", "--iterations", "1000")).isZero();
    Cli tooLong = new Cli(longest + "p\n");
    assertThat(tooLong.run("passwd")).isEqualTo(1);
    assertThat(tooLong.err()).isEqualTo("weft passwd: password longer than 505 bytes: AUTH <user> <password> must fit in 512 bytes\n");

    String yaml = config(passwd.out().strip()).replace("alice:", "a:");
    Cli cli = new Cli();
    Cli.Running running = cli.start("serve", "--config", write(yaml).toString());
    try (Socket s = connect(Loopback.awaitListeningPort(cli::out, "secure-echo"))) {
      send(s, "AUTH a " + longest + "\r\n");
      assertThat(readLine(s)).isEqualTo("OK a\r\n");
    }
    assertThat(running.stop()).isZero();
  }

  @Test
  void aReloadThatChangesTheAuthBlockKeepsLockedOutClientsLockedOut() throws Exception {
    String hash = PasswordHash.hash(PASSWORD.toCharArray(), 1_000);
    Path file = write(config(hash));
    Cli cli = new Cli();
    Cli.Running running = cli.start("serve", "--config", file.toString());
    int port = Loopback.awaitListeningPort(cli::out, "secure-echo");
    for (int i = 0; i < 3; i++) { // failures: 3 locks 127.0.0.1 out
      try (Socket s = connect(port)) {
        send(s, "AUTH alice wrong\r\n");
        assertThat(readLine(s)).isEqualTo("ERR authentication failed\r\n");
      }
    }
    assertThat(refusedAtAccept(port)).isTrue();

    String stricter = config(hash).replace("port: 0", "port: " + port).replace("listen: 127.0.0.1:0", "listen: 127.0.0.1:" + port)
        .replace("failures: 3", "failures: 2").replace("timeout: 5s", "timeout: 6s");
    write(stricter);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
        .until(() -> cli.out().contains("reloaded"));
    assertThat(cli.out()).contains("secure-echo");
    assertThat(refusedAtAccept(port)).as("still locked out after the reload").isTrue();
    assertThat(running.stop()).isZero();
  }

  /** True when a connection that sends a correct AUTH line gets no answer: closed at accept. */
  private static boolean refusedAtAccept(int port) throws IOException {
    try (Socket s = connect(port)) {
      send(s, "AUTH alice " + PASSWORD + "\r\n");
      return readLine(s).isEmpty();
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.setSoTimeout(10_000);
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
  }

  private static String readLine(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1; b = in.read()) {
      line.write(b);
      if (b == '\n') {
        break;
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
