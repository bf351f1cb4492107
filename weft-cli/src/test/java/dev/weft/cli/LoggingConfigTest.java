package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.AccessLog;
import dev.weft.net.ConnectionListener;
import org.junit.jupiter.api.Test;

/** The {@code logging:} block and the per-service {@code access-log} key of a serve config. */
class LoggingConfigTest {
  private static final String SERVICE =
      """
      services:
        - name: echo
          type: echo
          listen: 127.0.0.1:0
      """;

  private static ServePlan parse(String yaml) throws ConfigException {
    return ConfigLoader.parse("weft.yaml", yaml);
  }

  private static String problems(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException e) {
      return String.join("\n", e.problems());
    }
    throw new AssertionError("config was accepted:\n" + yaml);
  }

  @Test
  void loggingBlockIsReadIntoThePlan() throws ConfigException {
    ServePlan plan = parse("logging:\n  format: json\n  level: debug\n" + SERVICE);
    assertThat(plan.logging()).isEqualTo(new LoggingSettings("json", "debug"));
  }

  @Test
  void absentLoggingBlockChangesNothing() throws ConfigException {
    assertThat(parse(SERVICE).logging()).isEqualTo(LoggingSettings.DEFAULTS);
  }

  @Test
  void unknownFormatAndLevelAreBothReportedWithTheirLines() {
    assertThat(problems("logging:\n  format: xml\n  level: loud\n" + SERVICE))
        .isEqualTo("""
            weft.yaml line 2: logging.format: must be text or json, got 'xml'
            weft.yaml line 3: logging.level: must be one of error, warn, info, debug, trace, off, got 'loud'""");
  }

  @Test
  void unknownLoggingKeyNamesTheKnownOnes() {
    assertThat(problems(SERVICE + "logging:\n  colour: true\n"))
        .isEqualTo("weft.yaml line 6: logging.colour: unknown key 'colour'; expected one of: format, level");
  }

  @Test
  void accessLogIsOnByDefault() throws ConfigException {
    assertThat(parse(SERVICE).services().get(0).config().listener()).isInstanceOf(AccessLog.class);
  }

  @Test
  void accessLogFalseLeavesTheServiceWithoutIt() throws ConfigException {
    ServePlan plan = parse(SERVICE + "    access-log: false\n");
    assertThat(plan.services().get(0).config().listener()).isSameAs(ConnectionListener.NONE);
  }

  @Test
  void accessLogMustBeABoolean() {
    assertThat(problems(SERVICE + "    access-log: sometimes\n"))
        .isEqualTo("weft.yaml line 5: services[0].access-log: expected true or false, got 'sometimes'");
  }

  @Test
  void loggingMustBeAMapping() {
    assertThat(problems("logging: [json]\n" + SERVICE)).startsWith("weft.yaml line 1: logging: expected a mapping of keys");
  }
}
