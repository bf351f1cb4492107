package dev.weft.net.internal;

import dev.weft.net.Conn;
import dev.weft.net.ForwardingConn;

/** Reaches the {@link TcpConn} under a stack of decorators (TLS, PROXY protocol...), if there is one. */
public final class Layers {
  private Layers() {}

  /** The TcpConn at the bottom of {@code conn}'s decorators, or null (a MemoryConn, say). */
  public static TcpConn tcp(Conn conn) {
    Conn c = conn;
    while (c instanceof ForwardingConn f) {
      c = f.delegate();
    }
    return c instanceof TcpConn tcp ? tcp : null;
  }

  /** Notes on the TcpConn under {@code conn} that the peer ended its stream; see {@link TcpConn#notePeerEnded()}. */
  public static void notePeerEnded(Conn conn) {
    TcpConn tcp = tcp(conn);
    if (tcp != null) {
      tcp.notePeerEnded();
    }
  }

  /** Sets the timeout farewell of the TcpConn under {@code conn}; see {@link TcpConn#expire}. */
  public static void onTimeout(Conn conn, Runnable farewell) {
    TcpConn tcp = tcp(conn);
    if (tcp != null) {
      tcp.onTimeout(farewell);
    }
  }
}
