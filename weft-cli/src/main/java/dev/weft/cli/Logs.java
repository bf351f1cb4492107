package dev.weft.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.LoggerFactory;

/**
 * The process's log output, set from {@code --log-level}/{@code --log-format} or the {@code
 * logging:} block of a config. The level applies to the {@code dev.weft} loggers; the format to
 * the stderr appender of weft-cli's logback.xml ({@code STDERR}): {@code text} keeps its human
 * pattern, {@code json} swaps in a second stderr appender with Logback's own {@link JsonEncoder},
 * one JSON object per line. With a user's own Logback configuration (no {@code STDERR} appender)
 * the format switch does nothing. Thread-safe.
 *
 * <p>Both write through a {@link BatchingConsoleAppender}: one platform thread writes the lines in
 * batches, so a connection's virtual thread never blocks on stderr (which makes the JDK's
 * scheduler bring in a spare carrier thread for each line). {@link #close()} flushes it before
 * the process exits.
 */
final class Logs {
  static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace", "off");
  static final List<String> FORMATS = List.of("text", "json");

  private static final String TEXT_APPENDER = "STDERR";
  private static final String JSON_APPENDER = "STDERR_JSON";
  private static final ReentrantLock lock = new ReentrantLock();
  private static Appender<ILoggingEvent> text; // the detached text appender, while json is on

  private Logs() {}

  /** The problem with {@code level}, or null if it is one of {@link #LEVELS}. */
  static String checkLevel(String level) {
    return LEVELS.contains(level.toLowerCase(Locale.ROOT))
        ? null
        : "must be one of " + String.join(", ", LEVELS) + ", got '" + level + "'";
  }

  /** The problem with {@code format}, or null if it is one of {@link #FORMATS}. */
  static String checkFormat(String format) {
    return FORMATS.contains(format.toLowerCase(Locale.ROOT))
        ? null
        : "must be text or json, got '" + format + "'";
  }

  /**
   * Sets the level of {@code dev.weft}; {@code level} passed {@link #checkLevel}. {@code
   * dev.weft.net.Server} stays at WARN for {@code info} (the commands print its "listening" and
   * "stopped" lines on stdout) and follows the level otherwise, so {@code debug} shows why
   * connections closed.
   */
  static void level(String level) {
    Level l = Level.toLevel(level.toLowerCase(Locale.ROOT));
    if (LoggerFactory.getLogger("dev.weft") instanceof Logger weft
        && LoggerFactory.getLogger("dev.weft.net.Server") instanceof Logger server) {
      weft.setLevel(l);
      server.setLevel(l == Level.INFO ? Level.WARN : l);
    }
  }

  /** Switches the stderr appender to {@code format}; it passed {@link #checkFormat}. */
  static void format(String format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    boolean json = "json".equals(format.toLowerCase(Locale.ROOT));
    lock.lock();
    try {
      if (json && text == null && root.getAppender(TEXT_APPENDER) != null) {
        root.addAppender(jsonAppender(ctx));
        text = root.getAppender(TEXT_APPENDER);
        root.detachAppender(text);
      } else if (!json && text != null) {
        root.addAppender(text);
        Appender<ILoggingEvent> jsonOut = root.getAppender(JSON_APPENDER);
        root.detachAppender(jsonOut);
        jsonOut.stop();
        text = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The JSON encoder: {@code timestamp} (epoch ms), {@code level}, {@code threadName}, {@code
   * loggerName}, {@code mdc}, {@code kvpList} (the access log's and the proxy session line's
   * fields), {@code formattedMessage} and {@code throwable}; without Logback's context, sequence
   * numbers and raw arguments.
   */
  static JsonEncoder jsonEncoder(LoggerContext ctx) {
    JsonEncoder e = new JsonEncoder();
    e.setContext(ctx);
    e.setWithContext(false);
    e.setWithSequenceNumber(false);
    e.setWithNanoseconds(false);
    e.setWithMessage(false);
    e.setWithArguments(false);
    e.setWithFormattedMessage(true);
    e.setWithKVPList(true);
    e.start();
    return e;
  }

  private static Appender<ILoggingEvent> jsonAppender(LoggerContext ctx) {
    BatchingConsoleAppender out = new BatchingConsoleAppender();
    out.setContext(ctx);
    out.setName(JSON_APPENDER);
    out.setTarget("System.err");
    out.setEncoder(jsonEncoder(ctx));
    out.start();
    return out;
  }

  /**
   * Writes out every queued line and stops logging; the last call before the process exits
   * (after it, log calls do nothing). Waits at most about two seconds.
   */
  static void close() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      ctx.stop();
    }
  }
}
