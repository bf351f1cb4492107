package dev.weft.net;

import java.net.InetSocketAddress;

/** Parses {@code host:port} strings: {@code 127.0.0.1:7007}, {@code [::1]:7007}, {@code localhost:80}. */
public final class Addresses {
  private Addresses() {}

  /**
   * Parses and resolves {@code hostPort}.
   *
   * @throws IllegalArgumentException naming the input and what is wrong with it
   */
  public static InetSocketAddress parse(String hostPort) {
    if (hostPort == null || hostPort.isBlank()) {
      throw new IllegalArgumentException("address must be host:port, got nothing");
    }
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("address must be host:port, got '" + hostPort + "'");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "IPv6 addresses need brackets, as in [::1]:7007, got '" + hostPort + "'");
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number, got '" + hostPort + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    InetSocketAddress a = new InetSocketAddress(host, port);
    if (a.isUnresolved()) {
      throw new IllegalArgumentException("unknown host '" + host + "' in '" + hostPort + "'");
    }
    return a;
  }
}
