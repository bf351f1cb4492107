package dev.weft.benchpeer;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The naive virtual-thread echo server the performance issue starts from: {@code ServerSocket},
 * one virtual thread per connection, blocking streams, a 32 KiB buffer. Used only in
 * bench/compare, to separate the JDK's virtual-thread I/O cost from Weft's own.
 * Usage: {@code PlainVirtualThreadEcho PORT}.
 */
public final class PlainVirtualThreadEcho {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    try (ServerSocket server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress())) {
      System.out.println("plain-vt listening on 127.0.0.1:" + port);
      while (true) {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        Thread.ofVirtual().start(() -> serve(s));
      }
    }
  }

  private static void serve(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      byte[] buf = new byte[32 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
      }
    } catch (Exception e) {
      // The peer went away; nothing to report in a benchmark peer.
    }
  }
}
