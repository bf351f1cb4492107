package dev.weft.net;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Logs one line per connection when it closes, at INFO on the SLF4J logger {@value #LOGGER}, so
 * it can be routed to its own file or turned off in the logging configuration:
 *
 * <pre>
 * conn-7 echo remote=127.0.0.1:51514 cause=CLIENT_CLOSED duration=12.407ms in=5 out=5
 * conn-9 echo remote=127.0.0.1:51530 cause=IO_ERROR duration=3.120ms in=0 out=0 error="read tcp ...: connection reset"
 * </pre>
 *
 * The same values are attached as SLF4J key-value pairs ({@code conn}, {@code service}, {@code
 * remote}, {@code cause}, {@code durationMs}, {@code bytesIn}, {@code bytesOut}, {@code error}),
 * so a structured encoder gets them as fields. Rejected connections are not logged here: they are
 * closed before they start and are counted through {@link ConnectionListener#rejected}.
 *
 * <p>Add it to a server with {@code ServerConfig.builder().listener(new AccessLog())}, or next to
 * other listeners with {@link ConnectionListener#all}. Thread-safe; it formats nothing when the
 * logger is not enabled for INFO.
 */
public final class AccessLog implements ConnectionListener {
  /** The logger name. */
  public static final String LOGGER = "weft.access";

  private final Logger log;

  /** Logs to {@value #LOGGER}. */
  public AccessLog() {
    this(LoggerFactory.getLogger(LOGGER));
  }

  /** Logs to {@code log} instead. */
  public AccessLog(Logger log) {
    this.log = java.util.Objects.requireNonNull(log, "log");
  }

  @Override
  public void closed(ConnectionInfo conn, CloseInfo close) {
    if (!log.isInfoEnabled()) {
      return;
    }
    String remote = NetException.addr(conn.remote());
    String millis = millis(close.duration().toNanos());
    String error = close.errorMessage();
    StringBuilder line = new StringBuilder(128)
        .append(conn.tag()).append(' ').append(conn.service())
        .append(" remote=").append(remote)
        .append(" cause=").append(close.cause())
        .append(" duration=").append(millis).append("ms")
        .append(" in=").append(close.bytesIn())
        .append(" out=").append(close.bytesOut());
    LoggingEventBuilder event = log.atInfo()
        .addKeyValue("conn", conn.tag())
        .addKeyValue("service", conn.service())
        .addKeyValue("remote", remote)
        .addKeyValue("cause", close.cause().name())
        .addKeyValue("durationMs", millis)
        .addKeyValue("bytesIn", close.bytesIn())
        .addKeyValue("bytesOut", close.bytesOut());
    if (error != null) {
      line.append(" error=").append(quote(error));
      event = event.addKeyValue("error", error);
    }
    event.log(line.toString());
  }

  /** {@code nanos} as milliseconds with three decimals, rounded half up: {@code 12.407}. */
  static String millis(long nanos) {
    long micros = (Math.max(0, nanos) + 500) / 1000;
    long frac = micros % 1000;
    return (micros / 1000) + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
  }

  /** Double-quotes {@code s} so a line stays one line: escapes quote, backslash, CR and LF. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"', '\\' -> b.append('\\').append(c);
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
