package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The access log line and the MDC keys on a real server over loopback, captured with a Logback
 * {@link ListAppender} on the real loggers.
 */
@Timeout(30)
class ConnectionLoggingTest {
  private final List<Capture> captures = new CopyOnWriteArrayList<>();
  private final TestEvents events = new TestEvents();
  private Server server;

  /** A ListAppender on one logger at one level, undone after the test. */
  private record Capture(Logger logger, Level before, ListAppender<ILoggingEvent> appender) {}

  private ListAppender<ILoggingEvent> capture(String name, Level level) {
    Logger logger = (Logger) LoggerFactory.getLogger(name);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    captures.add(new Capture(logger, logger.getLevel(), appender));
    logger.setLevel(level);
    logger.addAppender(appender);
    return appender;
  }

  @AfterEach
  void restore() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2));
    }
    for (Capture c : captures) {
      c.logger().detachAppender(c.appender());
      c.logger().setLevel(c.before());
    }
  }

  private Server start(String name, Handler handler) throws NetException {
    // The access log first: once events has a closed event, that connection's line is written.
    server = Server.builder().name(name).listen("127.0.0.1", 0)
        .listener(ConnectionListener.all(new AccessLog(), events)).handler(handler).start();
    return server;
  }

  private static Map<String, String> keyValues(ILoggingEvent e) {
    return e.getKeyValuePairs().stream().collect(Collectors.toMap(kv -> kv.key, kv -> String.valueOf(kv.value)));
  }

  @Test
  void accessLogWritesOneLinePerConnectionWithCauseAndByteCounts() throws IOException {
    ListAppender<ILoggingEvent> access = capture(AccessLog.LOGGER, Level.INFO);
    start("echo", c -> c.in().transferTo(c.out()));
    for (String msg : List.of("hello", "a longer message")) {
      try (Socket s = Clients.connect(server.address())) {
        assertThat(Clients.exchange(s, msg)).isEqualTo(msg);
        s.shutdownOutput();
        assertThat(Clients.readToEnd(s)).isEqualTo(-1);
      }
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 2);

    assertThat(access.list).hasSize(2);
    for (int i = 0; i < 2; i++) {
      ConnectionInfo info = events.accepted.get(i);
      // The client sees the close before the closed event, so the two lines may come in either order.
      ILoggingEvent line = access.list.stream()
          .filter(e -> info.tag().equals(e.getMDCPropertyMap().get(ConnectionInfo.MDC_CONN)))
          .findFirst().orElseThrow();
      int bytes = i == 0 ? 5 : 16;
      assertThat(line.getLevel()).isEqualTo(Level.INFO);
      assertThat(line.getFormattedMessage())
          .startsWith(info.tag() + " echo remote=" + NetException.addr(info.remote()) + " cause=CLIENT_CLOSED duration=")
          .endsWith("ms in=" + bytes + " out=" + bytes)
          .doesNotContain("error=");
      assertThat(keyValues(line))
          .containsEntry("conn", info.tag())
          .containsEntry("service", "echo")
          .containsEntry("cause", "CLIENT_CLOSED")
          .containsEntry("bytesIn", String.valueOf(bytes))
          .containsEntry("bytesOut", String.valueOf(bytes))
          .containsKey("durationMs")
          .doesNotContainKey("error");
      assertThat(line.getMDCPropertyMap())
          .containsEntry(ConnectionInfo.MDC_CONN, info.tag())
          .containsEntry(ConnectionInfo.MDC_SERVICE, "echo");
    }
  }

  @Test
  void accessLogNamesTheErrorOfAFailedConnection() throws IOException {
    ListAppender<ILoggingEvent> access = capture(AccessLog.LOGGER, Level.INFO);
    start("strict", c -> {
      c.in().read();
      throw new ProtocolException("unexpected byte \"x\"\nat offset 0");
    });
    try (Socket s = Clients.connect(server.address())) {
      s.getOutputStream().write('x');
      assertThat(Clients.closedWithoutData(s)).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> access.list.size() == 1);

    ILoggingEvent line = access.list.get(0);
    assertThat(line.getFormattedMessage())
        .contains("cause=PROTOCOL_ERROR", "in=1 out=0")
        .endsWith("error=\"dev.weft.net.ProtocolException: unexpected byte \\\"x\\\"\\nat offset 0\"")
        .doesNotContain("\n");
    assertThat(keyValues(line))
        .containsEntry("cause", "PROTOCOL_ERROR")
        .containsEntry("error", "dev.weft.net.ProtocolException: unexpected byte \"x\"\nat offset 0");
  }

  @Test
  void accessLogIsSilentWhenItsLoggerIsOff() throws IOException {
    ListAppender<ILoggingEvent> access = capture(AccessLog.LOGGER, Level.OFF);
    start("quiet", c -> c.in().transferTo(c.out()));
    try (Socket s = Clients.connect(server.address())) {
      Clients.exchange(s, "hi");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
    assertThat(access.list).isEmpty();
  }

  @Test
  void handlerLogLinesCarryTheConnectionAndServiceInTheMdc() throws IOException {
    ListAppender<ILoggingEvent> app = capture("dev.weft.test.handler", Level.INFO);
    org.slf4j.Logger handlerLog = LoggerFactory.getLogger("dev.weft.test.handler");
    start("greeter", c -> {
      handlerLog.info("serving");
      c.out().write('!');
    });
    try (Socket s = Clients.connect(server.address())) {
      assertThat(s.getInputStream().read()).isEqualTo('!');
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);

    assertThat(app.list).singleElement().satisfies(e -> assertThat(e.getMDCPropertyMap())
        .containsEntry("conn", events.accepted.get(0).tag())
        .containsEntry("service", "greeter"));
  }

  @Test
  void serverOwnLinesAboutAConnectionCarryItsId() throws IOException {
    ListAppender<ILoggingEvent> core = capture("dev.weft.net.Server", Level.DEBUG);
    start("failing", c -> {
      throw new IllegalStateException("boom");
    });
    try (Socket s = Clients.connect(server.address())) {
      assertThat(Clients.closedWithoutData(s)).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);

    assertThat(core.list)
        .filteredOn(e -> e.getFormattedMessage().contains("handler failed"))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.getLevel()).isEqualTo(Level.WARN);
          assertThat(e.getMDCPropertyMap()).containsEntry("conn", events.accepted.get(0).tag()).containsEntry("service", "failing");
        });
  }

  @Test
  void acceptorLinesCarryTheServiceButNoConnection() throws IOException {
    ListAppender<ILoggingEvent> core = capture("dev.weft.net.Server", Level.DEBUG);
    server = Server.builder().name("tiny").listen("127.0.0.1", 0).maxConnectionsPerIp(1)
        .listener(events).handler(c -> c.in().transferTo(c.out())).start();
    try (Socket first = Clients.connect(server.address());
        Socket second = Clients.connect(server.address())) {
      assertThat(Clients.closedWithoutData(second)).isTrue();
      assertThat(Clients.exchange(first, "still served")).isEqualTo("still served");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.rejected.size() == 1);

    assertThat(core.list)
        .filteredOn(e -> e.getFormattedMessage().contains("rejected"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry("service", "tiny").doesNotContainKey("conn"));
  }

  @net.jqwik.api.Property(tries = 2000)
  void durationsAreMillisecondsWithThreeDecimalsRoundedToTheMicrosecond(
      @net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 100_000_000_000_000L) long nanos) {
    String millis = AccessLog.millis(nanos);
    assertThat(millis).matches("\\d+\\.\\d{3}");
    long micros = Long.parseLong(millis.replace(".", ""));
    assertThat(Math.abs(micros * 1000 - nanos)).isLessThanOrEqualTo(500);
  }

  @Test
  void durationsFormatLikeTheExamples() {
    assertThat(AccessLog.millis(12_407_000)).isEqualTo("12.407");
    assertThat(AccessLog.millis(3_120_400)).isEqualTo("3.120");
    assertThat(AccessLog.millis(9_999_500)).isEqualTo("10.000");
    assertThat(AccessLog.millis(0)).isEqualTo("0.000");
    assertThat(AccessLog.millis(45_600)).isEqualTo("0.046");
  }

  @Test
  void quoteKeepsALineOnOneLine() {
    assertThat(AccessLog.quote("a \"b\" \\ c\r\nd")).isEqualTo("\"a \\\"b\\\" \\\\ c\\r\\nd\"");
  }
}
