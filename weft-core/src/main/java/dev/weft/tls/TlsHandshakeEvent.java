package dev.weft.tls;

import dev.weft.net.ConnectionInfo;
import dev.weft.net.NetException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.slf4j.MDC;

/**
 * The JFR event {@code weft.TlsHandshake}: one per {@link TlsConn#handshake()}, server or client
 * side, timed from start to finish, with the outcome. Fields are filled only when a recording
 * wants the event ({@link #shouldCommit()}).
 */
@Name("weft.TlsHandshake")
@Label("TLS Handshake")
@Category({"Weft", "TLS"})
@Description("A TLS handshake on a Weft connection: how long it took, what it agreed on, or why it failed.")
@StackTrace(false)
final class TlsHandshakeEvent extends Event {
  @Label("Connection")
  @Description("The server connection's tag (conn-N) from the SLF4J MDC; absent on a client.")
  String connection;

  @Label("Remote Address")
  String remoteAddress;

  @Label("Client Side")
  boolean clientSide;

  @Label("Success")
  boolean success;

  @Label("Protocol")
  String protocol;

  @Label("Cipher Suite")
  String cipherSuite;

  @Label("Failure")
  @Description("Why the handshake failed; absent on success.")
  String failure;

  /** Ends the timing and commits if a recording wants it; {@code failure} may be null. */
  void finish(SSLEngine engine, InetSocketAddress remote, boolean done, Exception failure) {
    end();
    if (!shouldCommit()) {
      return;
    }
    connection = MDC.get(ConnectionInfo.MDC_CONN);
    remoteAddress = NetException.addr(remote);
    clientSide = engine.getUseClientMode();
    success = done;
    SSLSession s = success ? engine.getSession() : engine.getHandshakeSession();
    if (s != null) {
      protocol = s.getProtocol();
      cipherSuite = s.getCipherSuite();
    }
    if (!done) {
      this.failure = failure == null ? "aborted" : String.valueOf(failure.getMessage());
    }
    commit();
  }
}
