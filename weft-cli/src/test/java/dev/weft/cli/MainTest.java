package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Exit codes and usage errors of the top command, in-process. */
class MainTest {

  @Test
  void versionPrintsWeftAndTheProjectVersion() {
    Cli cli = new Cli();
    assertThat(cli.run("version")).isZero();
    assertThat(cli.out()).matches("weft \\d+\\.\\d+\\.\\d+\\S*\\R");
  }

  @Test
  void versionOptionPrintsTheSameLine() {
    Cli cli = new Cli();
    assertThat(cli.run("--version")).isZero();
    assertThat(cli.out()).startsWith("weft ").doesNotContain("unknown");
  }

  @Test
  void unknownOptionIsAUsageError() {
    Cli cli = new Cli();
    assertThat(cli.run("serve", "--bogus")).isEqualTo(2);
    assertThat(cli.err()).contains("Unknown option: '--bogus'");
  }

  @Test
  void missingSubcommandIsAUsageError() {
    Cli cli = new Cli();
    assertThat(cli.run()).isEqualTo(2);
    assertThat(cli.err()).contains("Usage: weft");
  }

  @Test
  void invalidDurationOptionIsAUsageError() {
    Cli cli = new Cli();
    assertThat(cli.run("connect", "127.0.0.1:7007", "--timeout", "5x")).isEqualTo(2);
    assertThat(cli.err()).contains("invalid duration '5x'");
  }

  @Test
  void invalidAddressIsAUsageError() {
    Cli cli = new Cli();
    assertThat(cli.run("connect", "127.0.0.1")).isEqualTo(2);
    assertThat(cli.err()).contains("address must be host:port, got '127.0.0.1'");
  }

  @Test
  void unknownTlsProviderIsAUsageError() {
    Cli cli = new Cli();
    assertThat(cli.run("--tls-provider", "wolfssl", "version")).isEqualTo(2);
    assertThat(cli.err()).contains("--tls-provider must be jdk, accp or boringssl, got 'wolfssl'");
  }

  @Test
  void invalidLogLevelIsAUsageError() {
    Cli cli = new Cli();
    assertThat(cli.run("--log-level", "loud", "version")).isEqualTo(2);
    assertThat(cli.err()).contains("--log-level must be one of");
  }

  @Test
  void logLevelIsAcceptedAfterTheSubcommand() {
    Cli cli = new Cli();
    assertThat(cli.run("version", "--log-level", "warn")).isZero();
  }

  @Test
  void echoRejectsValuesThatServerConfigRejects() {
    Cli cli = new Cli();
    assertThat(cli.run("echo", "--listen", "127.0.0.1:0", "--max-connections", "-3")).isEqualTo(2);
    assertThat(cli.err()).contains("maxConnections must be > 0, got -3");
  }
}
