package dev.weft.net.internal;

import dev.weft.net.CloseInfo;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import dev.weft.net.NetException;
import dev.weft.net.RejectReason;
import java.net.InetSocketAddress;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Connection events as JFR events ({@code weft.ConnectionOpened}, {@code weft.ConnectionClosed},
 * {@code weft.ConnectionRejected}), so a flight recording shows each connection beside the JDK's
 * own events (socket I/O, virtual-thread pinning, GC). Every {@link dev.weft.net.Server} feeds
 * one. Without a recording, each callback is an {@code isEnabled()} check on an event object the
 * JIT does not allocate; strings are built only for events that will be committed.
 */
public final class JfrListener implements ConnectionListener {
  private final String service;

  /** @param service the server's name, for rejections (which have no {@link ConnectionInfo}) */
  public JfrListener(String service) {
    this.service = service;
  }

  @Override
  public void accepted(ConnectionInfo conn) {
    Opened e = new Opened();
    if (e.isEnabled()) {
      e.connectionId = conn.id();
      e.service = conn.service();
      e.remoteAddress = NetException.addr(conn.remote());
      e.localAddress = NetException.addr(conn.local());
      e.commit();
    }
  }

  @Override
  public void rejected(InetSocketAddress remote, RejectReason reason) {
    Rejected e = new Rejected();
    if (e.isEnabled()) {
      e.service = service;
      e.remoteAddress = NetException.addr(remote);
      e.reason = reason.name();
      e.commit();
    }
  }

  @Override
  public void closed(ConnectionInfo conn, CloseInfo close) {
    Closed e = new Closed();
    if (e.isEnabled()) {
      e.connectionId = conn.id();
      e.service = conn.service();
      e.remoteAddress = NetException.addr(conn.remote());
      e.cause = close.cause().name();
      e.bytesIn = close.bytesIn();
      e.bytesOut = close.bytesOut();
      e.connectionDuration = close.duration().toNanos();
      e.error = close.errorMessage();
      e.commit();
    }
  }

  /** The fields every event about an admitted connection has. */
  abstract static class ConnectionEvent extends Event {
    @Label("Connection Id")
    long connectionId;

    @Label("Service")
    String service;

    @Label("Remote Address")
    String remoteAddress;
  }

  @Name("weft.ConnectionOpened")
  @Label("Connection Opened")
  @Category({"Weft", "Connections"})
  @Description("A server admitted a connection; its setup steps and handler run next.")
  @StackTrace(false)
  static final class Opened extends ConnectionEvent {
    @Label("Local Address")
    String localAddress;
  }

  @Name("weft.ConnectionClosed")
  @Label("Connection Closed")
  @Category({"Weft", "Connections"})
  @Description("An admitted connection closed: why, how long it was open, the bytes it moved.")
  @StackTrace(false)
  static final class Closed extends ConnectionEvent {
    @Label("Cause")
    String cause;

    @Label("Bytes In")
    @DataAmount
    long bytesIn;

    @Label("Bytes Out")
    @DataAmount
    long bytesOut;

    @Label("Connection Duration")
    @Timespan(Timespan.NANOSECONDS)
    long connectionDuration;

    @Label("Error")
    @Description("The error behind the close in one line; absent for a clean close.")
    String error;
  }

  @Name("weft.ConnectionRejected")
  @Label("Connection Rejected")
  @Category({"Weft", "Connections"})
  @Description("A connection was closed at accept, before any byte was read.")
  @StackTrace(false)
  static final class Rejected extends Event {
    @Label("Service")
    String service;

    @Label("Remote Address")
    String remoteAddress;

    @Label("Reason")
    String reason;
  }
}
