package dev.weft.tls;

import dev.weft.net.Conn;
import dev.weft.net.internal.SharedTimer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;
import javax.net.ssl.SSLEngine;

/** How a {@link TlsConn} ends a handshake it failed: the alert, then (server side) an orderly close. */
final class Refusal {
  /** How long a refused client's input is drained before the close. */
  static final long LINGER_NANOS = 500_000_000L;
  /** How much of a refused client's input is drained at most. */
  static final int LINGER_BYTES = 64 * 1024;

  private Refusal() {}

  /**
   * After a fatal handshake error the engine holds an alert (bad_certificate,
   * certificate_required, protocol_version...): send it, so the peer learns why instead of
   * seeing a bare close. Best effort: the connection is failing anyway. Both locks held.
   */
  static void sendAlert(SSLEngine engine, TlsRecords records) {
    try {
      for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
        records.writer.wrap(ByteBuffer.allocate(0));
      }
      records.flushIo();
    } catch (IOException | RuntimeException ignored) {
      // The peer may already be gone; the handshake error is what we report.
    }
  }

  /**
   * Server side, after the alert: half-closes {@code raw}, then reads and drops what the client
   * has already sent (up to {@link #LINGER_BYTES}, for at most {@link #LINGER_NANOS}) before the
   * caller closes. Closing with input unread makes the kernel answer with a reset, and the
   * client then sees "connection reset" or "broken pipe" instead of the alert. The shared timer
   * closes the conn if the client keeps sending; a plain close records no cause, so the access
   * log still says why the handshake failed.
   */
  static void linger(Conn raw) {
    ScheduledFuture<?> stop = SharedTimer.schedule(raw::close, LINGER_NANOS);
    try {
      raw.setReadDeadline(null); // the timer above bounds it; a deadline would record a timeout
      raw.closeWrite();
      InputStream input = raw.in();
      byte[] sink = new byte[2048];
      int n;
      for (int total = 0; total < LINGER_BYTES && (n = input.read(sink)) >= 0; total += n) {
        // dropped: the connection is being refused
      }
    } catch (IOException | RuntimeException ignored) {
      // The peer reset or the timer closed the conn: nothing left to tell the client.
    } finally {
      stop.cancel(false);
    }
  }
}
