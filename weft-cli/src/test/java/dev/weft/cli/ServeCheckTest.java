package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft serve --check}: config errors exit 2 and name the file, the line and the key. */
class ServeCheckTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("weft.yaml"), yaml);
  }

  private Cli check(String yaml) throws IOException {
    Cli cli = new Cli();
    cli.run("serve", "--check", "--config", write(yaml).toString());
    return cli;
  }

  private int exit(String yaml) throws IOException {
    return new Cli().run("serve", "--check", "--config", write(yaml).toString());
  }

  @Test
  void exampleConfigPassesCheck() {
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check", "--config", "../docs/examples/weft.yaml")).isZero();
    assertThat(cli.out()).isEqualTo("config OK: 2 services\n");
  }

  @Test
  void embeddedDefaultConfigPassesCheck() {
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check")).isZero();
    assertThat(cli.out()).isEqualTo("config OK: 1 service\n");
  }

  @Test
  void valueRejectedByServerConfigNamesTheKeyAndLine() throws IOException {
    String yaml =
        """
        shutdown-timeout: 5s
        services:
          - name: echo
            type: echo
            listen: 127.0.0.1:0
            idle-timeout: 5m
            max-connections: -3
        """;
    assertThat(exit(yaml)).isEqualTo(2);
    assertThat(check(yaml).err())
        .isEqualTo(dir.resolve("weft.yaml") + " line 7: services[0].max-connections: must be > 0, got -3\n");
  }

  @Test
  void unknownServiceTypeNamesTheLine() throws IOException {
    String yaml = "services:\n  - name: chat\n    type: chat\n    listen: 127.0.0.1:0\n";
    assertThat(exit(yaml)).isEqualTo(2);
    assertThat(check(yaml).err())
        .contains("line 3: services[0].type: unknown service type 'chat'; known types: echo");
  }

  @Test
  void unknownKeyNamesTheLine() throws IOException {
    String yaml = "services:\n  - name: echo\n    type: echo\n    listen: 127.0.0.1:0\n    max-conns: 5\n";
    assertThat(exit(yaml)).isEqualTo(2);
    assertThat(check(yaml).err())
        .contains("line 5: services[0].max-conns: unknown key 'max-conns'; expected one of: ")
        .contains("max-connections");
  }

  @Test
  void unknownTopLevelKeyNamesTheLine() throws IOException {
    String yaml = "services:\n  - name: echo\n    type: echo\n    listen: 127.0.0.1:0\nmetrics: true\n";
    assertThat(exit(yaml)).isEqualTo(2);
    assertThat(check(yaml).err()).contains("line 5: metrics: unknown key 'metrics'; expected one of: admin, ");
  }

  @Test
  void invalidDurationNamesTheLine() throws IOException {
    String yaml = "services:\n  - name: echo\n    type: echo\n    listen: 127.0.0.1:0\n    idle-timeout: 5 minutes\n";
    assertThat(exit(yaml)).isEqualTo(2);
    assertThat(check(yaml).err())
        .contains("line 5: services[0].idle-timeout: invalid duration '5 minutes': expected a duration like");
  }

  @Test
  void wrongValueTypeNamesTheLine() throws IOException {
    String yaml = "services:\n  - name: echo\n    type: echo\n    listen: 127.0.0.1:0\n    backlog: lots\n";
    assertThat(exit(yaml)).isEqualTo(2);
    assertThat(check(yaml).err()).contains("line 5: services[0].backlog: expected an integer, got 'lots'");
  }

  @Test
  void badListenAddressNamesTheLine() throws IOException {
    String yaml = "services:\n  - name: echo\n    type: echo\n    listen: 127.0.0.1:99999\n";
    assertThat(exit(yaml)).isEqualTo(2);
    assertThat(check(yaml).err()).contains("line 4: services[0].listen: port must be 0..65535, got 99999");
  }

  @Test
  void duplicateNamesAndAddressesAreAllReported() throws IOException {
    String yaml =
        """
        services:
          - name: echo
            type: echo
            listen: 127.0.0.1:7101
          - name: echo
            type: echo
            listen: 127.0.0.1:7101
        """;
    Cli cli = check(yaml);
    assertThat(cli.err())
        .contains("line 5: services[1].name: duplicate service name 'echo'")
        .contains("line 7: services[1].listen: another service already listens on 127.0.0.1:7101");
  }

  @Test
  void missingRequiredKeysPointAtTheService() throws IOException {
    String yaml = "services:\n  - name: echo\n  - type: echo\n    listen: 127.0.0.1:0\n";
    Cli cli = check(yaml);
    assertThat(cli.err())
        .contains("line 2: services[0]: missing required key 'type'")
        .contains("line 2: services[0]: missing required key 'listen'")
        .contains("line 3: services[1]: missing required key 'name'");
  }

  @Test
  void duplicateKeyNamesTheLine() throws IOException {
    String yaml = "services:\n  - name: echo\n    type: echo\n    name: again\n    listen: 127.0.0.1:0\n";
    assertThat(exit(yaml)).isEqualTo(2);
    assertThat(check(yaml).err()).contains("line 4").contains("name");
  }

  @Test
  void yamlSyntaxErrorNamesTheLine() throws IOException {
    String yaml = "services:\n  - name: echo\n    type: [echo\n";
    assertThat(exit(yaml)).isEqualTo(2);
    assertThat(check(yaml).err()).contains("weft.yaml line ");
  }

  @Test
  void emptyConfigIsAnError() throws IOException {
    assertThat(exit("")).isEqualTo(2);
    assertThat(exit("services: []\n")).isEqualTo(2);
  }

  @Test
  void missingFileIsAConfigError() {
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check", "--config", dir.resolve("nope.yaml").toString())).isEqualTo(2);
    assertThat(cli.err()).contains("nope.yaml: no such file");
  }

  @Test
  void adminErrorsNameTheKeyAndLine() throws IOException {
    String yaml =
        """
        services:
          - name: echo
            type: echo
            listen: 127.0.0.1:7101
        admin:
          listen: 0.0.0.0:9090
          token: short
        """;
    assertThat(exit(yaml)).isEqualTo(2);
    assertThat(check(yaml).err())
        .isEqualTo(dir.resolve("weft.yaml") + " line 7: admin.token: token must be at least 16 characters, got 5\n");
  }

  @Test
  void adminBadAddressAndClashAreReported() throws IOException {
    assertThat(check("services:\n  - name: e\n    type: echo\n    listen: 127.0.0.1:7101\nadmin:\n  listen: nope\n").err())
        .contains("line 6: admin.listen: address must be host:port, got 'nope'");
    assertThat(check("services:\n  - name: e\n    type: echo\n    listen: 127.0.0.1:7101\nadmin:\n  listen: 127.0.0.1:7101\n").err())
        .contains("line 6: admin.listen: a service already listens on 127.0.0.1:7101");
  }

  @Test
  void adminUnknownKeyListsTheKnownOnes() throws IOException {
    String yaml = "services:\n  - name: e\n    type: echo\n    listen: 127.0.0.1:0\nadmin:\n  port: 9090\n";
    assertThat(check(yaml).err()).contains("line 6: admin.port: unknown key 'port'; expected one of: listen, token");
  }
}
