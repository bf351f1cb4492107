package dev.weft.cli;

import dev.weft.net.Conn;
import dev.weft.net.Handler;
import java.io.IOException;
import java.util.List;

/**
 * The service types {@code weft serve} can run, by their {@code type:} name: {@code echo} (a
 * handler here) and {@code proxy} (weft-proxy's engine, configured by the service's {@code
 * proxy:} block and started by {@link RunningServers#start(dev.weft.proxy.ProxyConfig)}).
 */
public final class Services {
  /** Every known type, in the order error messages list them. */
  public static final List<String> TYPES = List.of("echo", "proxy");

  private Services() {}

  /**
   * The handler for {@code type}.
   *
   * @throws IllegalArgumentException for a type not in {@link #TYPES}
   */
  public static Handler handler(String type) {
    return switch (type) {
      case "echo" -> Services::echo;
      case "proxy" -> throw new IllegalArgumentException("a proxy service is started from its ProxyConfig, not a handler");
      default -> throw new IllegalArgumentException("unknown service type '" + type + "'");
    };
  }

  /**
   * Echoes every byte back until the client half-closes. The handler then returns and the server
   * flushes and closes, so the client reads EOF right after the last echoed byte.
   */
  public static void echo(Conn conn) throws IOException {
    conn.in().transferTo(conn.out());
  }
}
