package dev.weft.access;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** JDK sockets bound to a chosen loopback source address. Never hang: SO_TIMEOUT. */
final class Peers {
  private Peers() {}

  static Socket from(String loopbackIp, InetSocketAddress server) throws IOException {
    Socket s = new Socket();
    s.setSoTimeout(10_000);
    s.bind(new InetSocketAddress(InetAddress.getByName(loopbackIp), 0));
    s.connect(server, 5_000);
    return s;
  }

  static String exchange(Socket s, String msg) throws IOException {
    byte[] out = msg.getBytes(StandardCharsets.UTF_8);
    s.getOutputStream().write(out);
    s.getOutputStream().flush();
    return new String(s.getInputStream().readNBytes(out.length), StandardCharsets.UTF_8);
  }

  /** True if the server closed the connection without sending a byte. */
  static boolean closedWithoutData(Socket s) throws IOException {
    try {
      return s.getInputStream().read() == -1;
    } catch (SocketException reset) {
      return true;
    }
  }

  static String key(Socket s) {
    return s.getLocalAddress().getHostAddress() + ":" + s.getLocalPort();
  }
}
