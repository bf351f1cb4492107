package dev.weft.auth;

import dev.weft.net.CloseCause;
import dev.weft.net.CloseInfo;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import dev.weft.net.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Plain JDK sockets as peers of an auth-protected server, and a recording listener. */
final class AuthPeers {
  private AuthPeers() {}

  /** Connects from the loopback address {@code localIp} (127.x.y.z only); never hangs. */
  static Socket connectFrom(String localIp, InetSocketAddress server) throws IOException {
    InetAddress local = InetAddress.getByName(localIp);
    if (!local.isLoopbackAddress()) {
      throw new IllegalArgumentException("tests bind loopback addresses only, got " + localIp);
    }
    Socket s = new Socket();
    s.setSoTimeout(10_000);
    s.bind(new InetSocketAddress(local, 0));
    s.connect(server, 5_000);
    return s;
  }

  static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
  }

  /** Reads one line, terminator included; what was read if EOF comes first. */
  static String readLine(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1; b = in.read()) {
      line.write(b);
      if (b == '\n') {
        break;
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  /** True once the server closed: EOF or a reset. */
  static boolean closedByServer(Socket s) {
    try {
      return s.getInputStream().read() == -1;
    } catch (IOException e) {
      return !(e instanceof java.net.SocketTimeoutException);
    }
  }

  /** Records connection events for assertions. */
  static final class Events implements ConnectionListener {
    final List<ConnectionInfo> accepted = new CopyOnWriteArrayList<>();
    final List<RejectReason> rejected = new CopyOnWriteArrayList<>();
    final List<InetSocketAddress> rejectedFrom = new CopyOnWriteArrayList<>();
    final List<CloseInfo> closed = new CopyOnWriteArrayList<>();

    @Override
    public void accepted(ConnectionInfo conn) {
      accepted.add(conn);
    }

    @Override
    public void rejected(InetSocketAddress remote, RejectReason reason) {
      rejectedFrom.add(remote);
      rejected.add(reason);
    }

    @Override
    public void closed(ConnectionInfo conn, CloseInfo close) {
      closed.add(close);
    }

    List<CloseCause> causes() {
      return closed.stream().map(CloseInfo::cause).toList();
    }
  }
}
