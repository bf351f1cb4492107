package dev.weft.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Plain JDK sockets as test peers, independent of the code under test, optionally bound to a
 * chosen loopback source address (127.0.0.2, ...). Never hang: SO_TIMEOUT. Shared by the tests
 * of every weft-core package.
 */
public final class Clients {
  private Clients() {}

  public static Socket connect(InetSocketAddress address) throws IOException {
    Socket s = new Socket();
    s.setSoTimeout(10_000);
    s.connect(address, 5_000);
    return s;
  }

  public static Socket connectFrom(String localIp, InetSocketAddress address) throws IOException {
    Socket s = new Socket();
    s.setSoTimeout(10_000);
    s.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
    s.connect(address, 5_000);
    return s;
  }

  /** Sends {@code msg} and reads exactly as many bytes back. */
  public static String exchange(Socket s, String msg) throws IOException {
    byte[] out = msg.getBytes(StandardCharsets.UTF_8);
    s.getOutputStream().write(out);
    s.getOutputStream().flush();
    return new String(s.getInputStream().readNBytes(out.length), StandardCharsets.UTF_8);
  }

  /** Reads until EOF; returns -1 when the server closed cleanly, or the first byte if any. */
  public static int readToEnd(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    return in.read();
  }

  /** True if the server closed the connection without sending a byte (EOF or reset). */
  public static boolean closedWithoutData(Socket s) throws IOException {
    try {
      return s.getInputStream().read() == -1;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  /** The client's own {@code ip:port}, to tell connections apart. */
  public static String key(Socket s) {
    return s.getLocalAddress().getHostAddress() + ":" + s.getLocalPort();
  }
}
