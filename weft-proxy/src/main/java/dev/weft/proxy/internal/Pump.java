package dev.weft.proxy.internal;

import dev.weft.net.Conn;
import dev.weft.net.NetException;
import dev.weft.proxy.Termination;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One direction of a proxied connection: a blocking copy loop. It reads through the source's own
 * adaptive buffer ({@code transferTo} hands each read straight to {@link #write}), writes and
 * flushes each chunk to the destination, and so holds no buffer of its own: a stalled reader
 * stalls the writer (backpressure), and an idle connection keeps only the small buffers of its
 * two {@link Conn}s. At the source's EOF it half-closes the destination.
 */
final class Pump extends OutputStream {
  private final Session session;
  private final Conn src;
  private final Conn dst;
  private final boolean fromClient;
  private final Backend backend;

  Pump(Session session, boolean fromClient) {
    this.session = session;
    this.fromClient = fromClient;
    this.src = fromClient ? session.client() : session.backendConn();
    this.dst = fromClient ? session.backendConn() : session.client();
    this.backend = session.backend();
  }

  /** Copies until EOF or failure; never throws. */
  void run() {
    try {
      src.in().transferTo(this);
      session.end(eofTermination(), null);
      dst.closeWrite();
    } catch (IOException e) {
      // A failed read is the source's fault; a failed write or half-close is the destination's.
      boolean srcFailed = e instanceof NetException ne && "read".equals(ne.op());
      boolean clientFailed = srcFailed == fromClient;
      session.end(clientFailed ? Termination.CLIENT_ERROR : Termination.BACKEND_ERROR, e);
      session.closeBoth();
    }
  }

  private Termination eofTermination() {
    if (fromClient) {
      return session.client().isDraining() ? Termination.SHUTDOWN : Termination.CLIENT_EOF;
    }
    return Termination.BACKEND_EOF;
  }

  @Override
  public void write(int b) throws IOException {
    dst.out().write(b);
    dst.out().flush();
    count(1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    dst.out().write(b, off, len);
    dst.out().flush();
    count(len);
  }

  private void count(int n) {
    if (fromClient) {
      session.movedToBackend(n);
      backend.countOut(n);
    } else {
      session.movedToClient(n);
      backend.countIn(n);
    }
  }
}
