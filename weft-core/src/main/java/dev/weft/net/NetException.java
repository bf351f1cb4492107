package dev.weft.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The one error type of Weft's network layer. It carries the operation, both addresses and the
 * cause, and prints like Go's {@code net.OpError}:
 *
 * <pre>read tcp 127.0.0.1:7007-&gt;127.0.0.1:51514: connection reset</pre>
 *
 * <p>Code that must tell a deliberate close from a failure catches {@link ClosedException}
 * (a subclass). Code that must tell a deadline from a failure asks {@link #isTimeout()}. Never
 * match on the message text.
 */
public class NetException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String op;
  private final transient SocketAddress local;
  private final transient SocketAddress remote;
  private final boolean timeout;

  /**
   * @param op the operation that failed: {@code dial}, {@code accept}, {@code read}, {@code
   *     write}, {@code close}, {@code listen}
   * @param local the local address, or null when unknown
   * @param remote the remote address, or null when unknown
   * @param detail what went wrong, used when {@code cause} is null or has no message
   * @param cause the underlying exception, or null
   * @param timeout whether a deadline (read, write, idle, connect) caused this error
   */
  public NetException(
      String op,
      SocketAddress local,
      SocketAddress remote,
      String detail,
      Throwable cause,
      boolean timeout) {
    super(format(op, local, remote, detail, cause), cause);
    this.op = op;
    this.local = local;
    this.remote = remote;
    this.timeout = timeout;
  }

  /** Wraps {@code cause} as the failure of {@code op}. */
  public NetException(String op, SocketAddress local, SocketAddress remote, Throwable cause) {
    this(op, local, remote, null, cause, false);
  }

  /** The operation that failed, e.g. {@code read}. */
  public String op() {
    return op;
  }

  /** The local address, or null when unknown. */
  public SocketAddress localAddress() {
    return local;
  }

  /** The remote address, or null when unknown. */
  public SocketAddress remoteAddress() {
    return remote;
  }

  /** True when a deadline (connect, read, write or idle timeout) caused this error. */
  public boolean isTimeout() {
    return timeout;
  }

  /**
   * Formats an address as {@code host:port} without the leading slash of {@link
   * InetSocketAddress#toString()}, IPv6 in brackets and short ({@code [::1]:7007}, see {@link
   * AddressFormat}).
   */
  public static String addr(SocketAddress a) {
    if (a instanceof InetSocketAddress isa) {
      String host = isa.getAddress() != null ? AddressFormat.format(isa.getAddress()) : isa.getHostString();
      return host.indexOf(':') >= 0 ? "[" + host + "]:" + isa.getPort() : host + ":" + isa.getPort();
    }
    return String.valueOf(a);
  }

  private static String format(
      String op, SocketAddress local, SocketAddress remote, String detail, Throwable cause) {
    StringBuilder sb = new StringBuilder(op).append(" tcp");
    if (local != null || remote != null) {
      sb.append(' ');
      if (local != null) {
        sb.append(addr(local));
      }
      if (local != null && remote != null) {
        sb.append("->");
      }
      if (remote != null) {
        sb.append(addr(remote));
      }
    }
    String why = detail;
    if (why == null && cause != null) {
      why = cause.getMessage() != null ? cause.getMessage().toLowerCase(java.util.Locale.ROOT) : cause.getClass().getSimpleName();
    }
    return why == null ? sb.toString() : sb.append(": ").append(why).toString();
  }
}
