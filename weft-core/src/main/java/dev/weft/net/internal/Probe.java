package dev.weft.net.internal;

/** What {@link TcpConn#probe()} found on an idle connection. */
public enum Probe {
  /** Nothing arrived: the connection looks alive. */
  QUIET,
  /** Bytes arrived that nobody asked for; they stay buffered for the next read. */
  DATA,
  /** The peer closed (or half-closed) its side, or the connection failed or was closed. */
  EOF
}
