package dev.weft.cli;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.weft.net.AccessLog;
import dev.weft.net.ConnectionInfo;
import java.util.Map;

/**
 * The {@code %conn} word of weft-cli's logback.xml: {@code [echo conn-7] } on a connection's
 * thread, {@code [echo] } on a service's acceptor, nothing elsewhere, read from the MDC keys that
 * {@link dev.weft.net.Server} sets. Nothing for access log lines, which begin with both already.
 */
public final class ConnContextConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    String service = mdc.get(ConnectionInfo.MDC_SERVICE);
    if (service == null || AccessLog.LOGGER.equals(event.getLoggerName())) {
      return "";
    }
    String conn = mdc.get(ConnectionInfo.MDC_CONN);
    return conn == null ? "[" + service + "] " : "[" + service + " " + conn + "] ";
  }
}
