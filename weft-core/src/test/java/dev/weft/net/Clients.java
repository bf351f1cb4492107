package dev.weft.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Plain JDK sockets as test peers, independent of the code under test. Never hang: SO_TIMEOUT. */
final class Clients {
  private Clients() {}

  static Socket connect(InetSocketAddress address) throws IOException {
    Socket s = new Socket();
    s.setSoTimeout(10_000);
    s.connect(address, 5_000);
    return s;
  }

  static Socket connectFrom(String localIp, InetSocketAddress address) throws IOException {
    Socket s = new Socket();
    s.setSoTimeout(10_000);
    s.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
    s.connect(address, 5_000);
    return s;
  }

  /** Sends {@code msg} and reads exactly as many bytes back. */
  static String exchange(Socket s, String msg) throws IOException {
    byte[] out = msg.getBytes(StandardCharsets.UTF_8);
    s.getOutputStream().write(out);
    s.getOutputStream().flush();
    return new String(s.getInputStream().readNBytes(out.length), StandardCharsets.UTF_8);
  }

  /** Reads until EOF; returns -1 when the server closed cleanly, or the first byte if any. */
  static int readToEnd(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    return in.read();
  }
}
