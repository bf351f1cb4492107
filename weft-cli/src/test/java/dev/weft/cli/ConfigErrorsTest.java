package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One {@code weft serve --check} run reports every problem of a file, each at its own line. */
class ConfigErrorsTest {
  @TempDir Path dir;

  private String check(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("weft.yaml"), yaml);
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--check", "--config", file.toString())).isEqualTo(Main.USAGE);
    assertThat(cli.out()).doesNotContain("config OK");
    return cli.err();
  }

  @Test
  void independentProblemsAllShowInOneRunInFileOrder() throws Exception {
    String err = check("""
        services:
          - name: a
            type: echo
            listen: 127.0.0.1:0
            max-conections: 5
          - name: b
            type: echo
            listen: 127.0.0.1:0
            idle-timeout: 5x
          - name: c
            type: proxy
            listen: 127.0.0.1:99999
            proxy:
              backends:
                - name: r1
                  address: 127.0.0.1:6379
                - name: r1
                  address: 127.0.0.1:6380
        """);
    String f = dir.resolve("weft.yaml") + " line ";
    assertThat(err.lines().toList()).hasSize(4);
    assertThat(err.lines().toList().get(0)).startsWith(f + "5: services[0].max-conections: unknown key 'max-conections'; expected one of: ");
    assertThat(err.lines().toList().subList(1, 4)).containsExactly(
        f + "9: services[1].idle-timeout: invalid duration '5x': expected " + Durations.EXPECTED,
        f + "12: services[2].listen: port must be 0..65535, got 99999",
        f + "17: services[2].proxy.backends[1].name: duplicate backend name 'r1'");
  }

  @Test
  void aScalarWhereAListOrMappingBelongsDoesNotHideTheOtherProblems() throws Exception {
    String err = check("""
        services:
          - name: a
            type: echo
            listen: 127.0.0.1:0
            max-connections: -3
            access:
              allow: 10.0.0.0/8
              accept-rate: 0/s
          - name: b
            type: echo
            listen: 127.0.0.1:0
            access: 5
        """);
    String f = dir.resolve("weft.yaml") + " line ";
    assertThat(err.lines().toList()).containsExactly(
        f + "5: services[0].max-connections: must be > 0, got -3",
        f + "7: services[0].access.allow: expected a list",
        f + "8: services[0].access.accept-rate: bad rate '0/s': rate must be > 0, got 0",
        f + "12: services[1].access: expected a mapping of keys");
  }

  @Test
  void aRequiredKeyOfTheWrongKindIsOneProblemNotAlsoMissing() throws Exception {
    String err = check("""
        services:
          - name: a
            type: echo
            listen: [127.0.0.1, 7000]
            backlog: lots
        """);
    String f = dir.resolve("weft.yaml") + " line ";
    assertThat(err.lines().toList()).containsExactly(
        f + "4: services[0].listen: expected a string",
        f + "5: services[0].backlog: expected an integer, got 'lots'");
  }

  @Test
  void backendsWithoutNamesAreDuplicatesWhenTheirAddressesAre() throws Exception {
    String err = check("""
        services:
          - name: p
            type: proxy
            listen: 127.0.0.1:0
            proxy:
              backends:
                - address: 127.0.0.1:6379
                - address: 127.0.0.1:6380
                - address: 127.0.0.1:6379
        """);
    assertThat(err).isEqualTo(dir.resolve("weft.yaml") + " line 9: services[0].proxy.backends[2].address: "
        + "duplicate backend name '127.0.0.1:6379' (a backend without a name is named by its address)\n");
  }

  @Test
  void aSyntaxErrorNamesLineAndColumnWithoutQuotingTheFile() throws Exception {
    String err = check("""
        services:
          - name: a
            type: echo
            listen: 127.0.0.1:0
            auth:
              method: token
              users:
                bob: {hash: "pbkdf2-sha256$210000$SALTSECRET$HASHSECRET", roles: [admin}
        """);
    assertThat(err.lines().toList()).containsExactly(dir.resolve("weft.yaml") + " line 8: services[0].auth.users.bob.roles[1]: "
        + "YAML syntax: expected ',' or ']', but got } at column 80 (while parsing a flow sequence from line 8, column 74)");
    assertThat(err).doesNotContain("SECRET");
  }

  @Test
  void anUnterminatedQuotedTokenIsNotPrinted() throws Exception {
    String err = check("""
        services:
          - name: a
            type: echo
            listen: 127.0.0.1:0
        admin:
          token: "TOKENSECRET-1234567890
        """);
    assertThat(err).startsWith(dir.resolve("weft.yaml") + " line ").contains("YAML syntax: found unexpected end of stream")
        .doesNotContain("SECRET");
    assertThat(err.lines()).hasSize(1);
  }
}
