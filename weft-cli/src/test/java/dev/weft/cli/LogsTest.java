package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.net.AccessLog;
import dev.weft.net.Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * weft-cli's Logback set-up, in-process with the real logback.xml: the JSON encoder on a real
 * connection, the text pattern's connection context, the format switch and flag precedence.
 */
@Timeout(30)
class LogsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
  private final List<Runnable> undo = new ArrayList<>();
  private Server server;

  @AfterEach
  void restore() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2));
    }
    undo.forEach(Runnable::run);
    Logs.format("text");
    Logs.level("info");
  }

  /** Attaches {@code appender} to the access log and a handler logger until the test ends. */
  private void attach(ch.qos.logback.core.Appender<ILoggingEvent> appender) {
    appender.setContext(ctx);
    appender.start();
    for (String name : List.of(AccessLog.LOGGER, "dev.weft.cli.test")) {
      Logger l = ctx.getLogger(name);
      Level before = l.getLevel();
      l.setLevel(Level.INFO);
      l.addAppender(appender);
      undo.add(() -> {
        l.detachAppender(appender);
        l.setLevel(before);
      });
    }
  }

  /** An echo server with the access log, whose handler also logs one line of its own. */
  private InetSocketAddress startEcho() throws IOException {
    org.slf4j.Logger handlerLog = LoggerFactory.getLogger("dev.weft.cli.test");
    server = Server.builder().name("echo").listen("127.0.0.1", 0).listener(new AccessLog())
        .handler(c -> {
          handlerLog.info("echoing for \"{}\"", c.remoteAddress());
          Services.echo(c);
        }).start();
    return server.address();
  }

  private static void oneExchange(InetSocketAddress a, String text) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(a, 5_000);
      s.setSoTimeout(5_000);
      s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(text);
    }
  }

  /**
   * weft-cli's own logback.xml in a fresh context. (The test classpath also holds weft-core's
   * logback-test.xml, which the default context prefers.)
   */
  private static LoggerContext shippedConfig() throws JoranException {
    LoggerContext shipped = new LoggerContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(shipped);
    joran.doConfigure(LogsTest.class.getResource("/logback.xml"));
    return shipped;
  }

  @Test
  void shippedLogbackXmlLoadsWithoutErrorsOrWarnings() throws JoranException {
    LoggerContext shipped = shippedConfig();
    List<Status> problems = shipped.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getEffectiveLevel() >= Status.WARN).toList();
    assertThat(problems).isEmpty();
    assertThat(shipped.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNotNull();
    assertThat(shipped.getLogger(AccessLog.LOGGER).getEffectiveLevel()).isEqualTo(Level.INFO);
    shipped.stop();
  }

  @Test
  void jsonLinesParseOneByOneAndCarryTheConnectionAndService() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> out = new OutputStreamAppender<>();
    out.setEncoder(Logs.jsonEncoder(ctx));
    out.setOutputStream(bytes);
    attach(out);
    oneExchange(startEcho(), "hello");
    server.shutdown(Duration.ofSeconds(2)); // returns after the closed event, so the access line is written

    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : lines) {
      parsed.add(JSON.readTree(line)); // throws if a line is not one complete JSON object
    }
    JsonNode handler = parsed.get(0);
    assertThat(handler.get("loggerName").asText()).isEqualTo("dev.weft.cli.test");
    assertThat(handler.get("formattedMessage").asText()).startsWith("echoing for \"/127.0.0.1:");
    assertThat(handler.at("/mdc/conn").asText()).matches("conn-\\d+");
    assertThat(handler.at("/mdc/service").asText()).isEqualTo("echo");

    JsonNode access = parsed.get(1);
    assertThat(access.get("loggerName").asText()).isEqualTo("weft.access");
    assertThat(access.get("level").asText()).isEqualTo("INFO");
    assertThat(access.at("/mdc/conn").asText()).isEqualTo(handler.at("/mdc/conn").asText());
    JsonNode fields = JSON.createObjectNode();
    access.get("kvpList").forEach(kv -> ((com.fasterxml.jackson.databind.node.ObjectNode) fields).setAll(
        (com.fasterxml.jackson.databind.node.ObjectNode) kv));
    assertThat(fields.get("conn").asText()).isEqualTo(handler.at("/mdc/conn").asText());
    assertThat(fields.get("cause").asText()).isEqualTo("CLIENT_CLOSED");
    assertThat(fields.get("bytesIn").asText()).isEqualTo("5");
    assertThat(fields.get("bytesOut").asText()).isEqualTo("5");
  }

  @Test
  void textPatternShowsServiceAndConnectionButNotTwiceOnAccessLines() throws Exception {
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    attach(seen);
    oneExchange(startEcho(), "hi");
    server.shutdown(Duration.ofSeconds(2));

    LoggerContext shipped = shippedConfig();
    BatchingConsoleAppender stderr = (BatchingConsoleAppender) shipped.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    Encoder<ILoggingEvent> text = stderr.getEncoder();
    List<String> rendered = seen.list.stream().map(e -> new String(text.encode(e), StandardCharsets.UTF_8)).toList();
    String conn = seen.list.get(0).getMDCPropertyMap().get("conn");
    assertThat(rendered.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[echo " + conn + "\\] test: echoing for .*\\R");
    shipped.stop();
    assertThat(rendered.get(1)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  access: " + conn + " echo remote=127\\.0\\.0\\.1:\\d+ cause=CLIENT_CLOSED duration=[0-9.]+ms in=2 out=2\\R");
  }

  @Test
  void formatSwitchesTheStderrAppenderAndBack() {
    Logs.format("json");
    assertThat(root.getAppender("STDERR")).isNull();
    assertThat(root.getAppender("STDERR_JSON")).isNotNull();
    Logs.format("json"); // idempotent
    Logs.format("text");
    assertThat(root.getAppender("STDERR")).isNotNull();
    assertThat(root.getAppender("STDERR_JSON")).isNull();
  }

  @Test
  void commandLineFlagsWinOverTheConfigBlock() {
    Main main = new Main();
    new CommandLine(main).parseArgs("--log-level", "warn", "version");
    main.configLogging(new LoggingSettings("json", "debug"));
    assertThat(ctx.getLogger("dev.weft").getLevel()).isEqualTo(Level.WARN);
    assertThat(root.getAppender("STDERR_JSON")).isNotNull();

    Main flagsAfter = new Main();
    new CommandLine(flagsAfter).parseArgs("serve", "--log-format", "text");
    flagsAfter.configLogging(new LoggingSettings("json", "debug"));
    assertThat(root.getAppender("STDERR_JSON")).isNull();
    assertThat(ctx.getLogger("dev.weft").getLevel()).isEqualTo(Level.DEBUG);
    assertThat(ctx.getLogger("dev.weft.net.Server").getLevel()).isEqualTo(Level.DEBUG);
  }

  @Test
  void unknownLogFormatIsAUsageError() {
    Cli cli = new Cli();
    assertThat(cli.run("--log-format", "xml", "version")).isEqualTo(2);
    assertThat(cli.err()).contains("--log-format must be text or json, got 'xml'");
  }
}
