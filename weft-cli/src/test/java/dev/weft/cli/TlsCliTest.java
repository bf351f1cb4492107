package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.net.ConnSetup;
import dev.weft.tls.OpenSsl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft cert}, {@code weft echo --tls}, {@code weft connect --tls} and the YAML tls block, against real openssl. */
@Timeout(60)
class TlsCliTest {
  @TempDir static Path dir;

  @BeforeAll
  static void certificates() {
    Cli cli = new Cli();
    assertThat(cli.run("cert", "--out", dir.toString(), "--client-name", "alice")).isZero();
    assertThat(cli.out()).contains("wrote " + dir.resolve("server.key"));
  }

  private static int port(String output, String prefix) {
    Matcher m = Pattern.compile(prefix + " 127\\.0\\.0\\.1:(\\d+)").matcher(output);
    assertThat(m.find()).as(output).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void certWritesChainsThatOpensslVerifies() throws Exception {
    try (OpenSsl verify = new OpenSsl(dir, "verify", "-CAfile", "ca.pem", "server.pem", "client.pem")) {
      verify.awaitOutput("client.pem: OK");
      assertThat(verify.output()).contains("server.pem: OK");
    }
    try (OpenSsl text = new OpenSsl(dir, "x509", "-in", "server.pem", "-noout", "-ext", "subjectAltName")) {
      text.awaitOutput("IP Address:127.0.0.1");
      assertThat(text.output()).contains("DNS:localhost");
    }
  }

  @Test
  void echoWithTlsAndRequiredClientAuthServesOpensslClientWithCertificate() throws Exception {
    Cli cli = new Cli();
    Cli.Running echo = cli.start("echo", "--listen", "127.0.0.1:0", "--tls", "--cert", dir.resolve("server.pem").toString(),
        "--key", dir.resolve("server.key").toString(), "--ca", dir.resolve("ca.pem").toString(), "--client-auth", "require");
    try {
      await().atMost(Duration.ofSeconds(15)).until(() -> cli.out().contains("listening on"));
      int port = port(cli.out(), "listening on");
      try (OpenSsl client = new OpenSsl(dir, "s_client", "-connect", "127.0.0.1:" + port, "-tls1_3", "-quiet",
          "-CAfile", "ca.pem", "-verify_return_error", "-cert", "client.pem", "-key", "client.key")) {
        client.send("tls echo\n");
        client.awaitOutput("tls echo");
      }
    } finally {
      echo.stop();
    }
  }

  @Test
  void benchWithTlsHandshakesEveryConnectionAndHasNoErrors() throws Exception {
    Cli server = new Cli();
    Cli.Running echo = server.start("echo", "--listen", "127.0.0.1:0", "--tls", "--cert", dir.resolve("server.pem").toString(),
        "--key", dir.resolve("server.key").toString());
    try {
      await().atMost(Duration.ofSeconds(15)).until(() -> server.out().contains("listening on"));
      int port = port(server.out(), "listening on");
      for (String mode : new String[] {"echo", "connect"}) {
        Cli bench = new Cli();
        int code = bench.run("bench", "--target", "127.0.0.1:" + port, "--mode", mode, "--conns", "4",
            "--duration", "1s", "--warmup", "200ms", "--json", "--tls", "--ca", dir.resolve("ca.pem").toString());
        assertThat(code).as(bench.out() + bench.err()).isZero();
        assertThat(bench.out()).contains("\"tls\":true", "\"errors\":{}").containsPattern("\"messages\":[1-9]");
      }
      Cli untrusted = new Cli();
      assertThat(untrusted.run("bench", "--target", "127.0.0.1:" + port, "--conns", "1", "--duration", "500ms",
          "--warmup", "0s", "--json", "--tls")).as("no --ca: the dev CA is not trusted").isEqualTo(1);
    } finally {
      echo.stop();
    }
  }

  @Test
  void connectWithTlsTalksToOpensslServer() throws Exception {
    try (OpenSsl server = new OpenSsl(dir, "s_server", "-accept", "127.0.0.1:0", "-cert", "server.pem", "-key", "server.key", "-rev")) {
      server.awaitOutput("ACCEPT");
      int port = port(server.output(), "ACCEPT");
      java.io.PipedOutputStream stdin = new java.io.PipedOutputStream();
      Cli cli = new Cli(new java.io.PipedInputStream(stdin));
      Cli.Running connect = cli.start("connect", "--tls", "--ca", dir.resolve("ca.pem").toString(), "--server-name", "localhost", "127.0.0.1:" + port);
      stdin.write("hello\n".getBytes());
      stdin.flush();
      await().atMost(Duration.ofSeconds(15)).until(() -> cli.rawOut().contains("olleh"));
      stdin.close();
      connect.stop();
    }
  }

  @Test
  void tlsOptionsWithoutTlsAreUsageErrors() {
    Cli cli = new Cli();
    assertThat(cli.run("echo", "--listen", "127.0.0.1:0", "--cert", "x.pem", "--key", "x.key")).isEqualTo(2);
    assertThat(cli.err()).contains("--cert, --key and --ca need --tls");
    assertThat(new Cli().run("echo", "--listen", "127.0.0.1:0", "--tls", "--cert", "x.pem")).isEqualTo(2);
  }

  @Test
  void echoWithUnreadableKeyFailsNamingTheFile() {
    Cli cli = new Cli();
    int exit = cli.run("echo", "--listen", "127.0.0.1:0", "--tls", "--cert", dir.resolve("server.pem").toString(), "--key", dir.resolve("ca.pem").toString());
    assertThat(exit).isEqualTo(1);
    assertThat(cli.err()).contains("weft echo: " + dir.resolve("ca.pem") + ": no PRIVATE KEY block found");
  }

  @Test
  void serveWithTlsAndMtlsAuthAdmitsOnlyTheAllowedCertificateName() throws Exception {
    for (String allowed : new String[] {"alice", "bob"}) {
      Path yaml = dir.resolve("mtls-" + allowed + ".yaml");
      Files.writeString(yaml, """
          services:
            - name: mtls-echo
              type: echo
              listen: 127.0.0.1:0
              tls:
                cert: server.pem
                key: server.key
                ca: ca.pem
                client-auth: require
              auth:
                method: mtls
                users:
                  %s: {roles: [admin]}
          """.formatted(allowed));
      Cli cli = new Cli();
      Cli.Running serve = cli.start("serve", "--config", yaml.toString());
      try {
        await().atMost(Duration.ofSeconds(15)).until(() -> cli.out().contains("listening on"));
        int port = port(cli.out(), "listening on");
        Cli connect = new Cli("mtls\n");
        int code = connect.run("connect", "--tls", "--ca", dir.resolve("ca.pem").toString(),
            "--cert", dir.resolve("client.pem").toString(), "--key", dir.resolve("client.key").toString(),
            "127.0.0.1:" + port);
        if (allowed.equals("alice")) {
          assertThat(code).as(connect.err()).isZero();
          assertThat(connect.rawOut()).isEqualTo("mtls\n");
        } else {
          assertThat(connect.rawOut()).as("the certificate CN alice is not on the list").doesNotContain("mtls");
        }
      } finally {
        serve.stop();
      }
    }
  }

  @Test
  void serveConfigWithTlsBlockAppliesAHandshakeStep() throws ConfigException, IOException {
    Path yaml = dir.resolve("tls.yaml");
    Files.writeString(yaml, """
        services:
          - name: secure-echo
            type: echo
            listen: 127.0.0.1:0
            tls:
              cert: server.pem
              key: server.key
              ca: ca.pem
              client-auth: optional
              handshake-timeout: 5s
              sni:
                - name: localhost
                  cert: server.pem
                  key: server.key
        """);
    ServePlan plan = ConfigLoader.load(yaml);
    assertThat(plan.services().get(0).config().setup()).isNotSameAs(ConnSetup.NONE);
  }

  @Test
  void serveConfigTlsErrorsNameLineKeyAndFile() throws IOException {
    String yaml = """
        services:
          - name: secure-echo
            type: echo
            listen: 127.0.0.1:0
            tls:
              cert: server.pem
              client-auth: sometimes
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(dir.resolve("a.yaml").toString(), yaml))
        .hasMessageContaining("a.yaml line 5: services[0].tls: missing required key 'key'")
        .hasMessageContaining("line 7: services[0].tls.client-auth: expected none, optional or require, got 'sometimes'");
    String badKey = yaml.replace("client-auth: sometimes", "key: ca.pem");
    assertThatThrownBy(() -> ConfigLoader.parse(dir.resolve("b.yaml").toString(), badKey))
        .hasMessageContaining("b.yaml line 5: services[0].tls: " + dir.resolve("ca.pem") + ": no PRIVATE KEY block found");
    String unknown = yaml.replace("client-auth: sometimes", "kee: server.key");
    assertThatThrownBy(() -> ConfigLoader.parse(dir.resolve("c.yaml").toString(), unknown))
        .hasMessageContaining("line 7: services[0].tls.kee: unknown key 'kee'");
  }

  @Test
  void clientAuthWithoutCaNamesTheMissingSettingInCliTerms() {
    String yaml = """
        services:
          - name: secure-echo
            type: echo
            listen: 127.0.0.1:0
            tls: {cert: server.pem, key: server.key, client-auth: require}
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(dir.resolve("a.yaml").toString(), yaml))
        .hasMessage(dir.resolve("a.yaml") + " line 5: services[0].tls.client-auth: require needs 'ca', the CA bundle that verifies client certificates");
    Cli cli = new Cli();
    assertThat(cli.run("echo", "--listen", "127.0.0.1:0", "--tls", "--cert", dir.resolve("server.pem").toString(),
        "--key", dir.resolve("server.key").toString(), "--client-auth", "optional")).isEqualTo(2);
    assertThat(cli.err()).startsWith("--client-auth optional needs --ca FILE");
  }

  @Test
  void aDirectoryGivenAsCertificateIsNamedInTheError() {
    Cli cli = new Cli();
    assertThat(cli.run("echo", "--listen", "127.0.0.1:0", "--tls", "--cert", dir.toString(),
        "--key", dir.resolve("server.key").toString())).isEqualTo(1);
    assertThat(cli.err()).startsWith("weft echo: " + dir + ": cannot read: ");
  }
}
