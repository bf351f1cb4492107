package dev.weft.fanout;

import dev.weft.net.CloseCause;
import dev.weft.net.Conn;
import dev.weft.net.internal.TcpConn;
import java.io.IOException;
import java.util.Objects;

/** Writes encoded messages to a {@link Conn}. Flushing only when the queue empties batches bursts. */
final class ConnSink<T> implements Sink<T> {
  private final Conn conn;
  private final Encoder<? super T> encoder;

  ConnSink(Conn conn, Encoder<? super T> encoder) {
    this.conn = Objects.requireNonNull(conn, "conn");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
  }

  @Override
  public void deliver(T msg) throws IOException {
    // One write call per message: Conn makes each write atomic, so a frame never interleaves
    // with what the connection's handler writes concurrently.
    byte[] bytes = encoder.encode(msg);
    conn.out().write(bytes, 0, bytes.length);
  }

  @Override
  public void flush() throws IOException {
    conn.out().flush();
  }

  @Override
  public void close(CloseCause cause) {
    // Aborting records the cause, so the server reports SLOW_CONSUMER in its closed event, and it
    // wakes the writer thread if it is blocked writing to a peer that stopped reading.
    if (conn instanceof TcpConn tcp) {
      tcp.abort(cause);
    } else {
      conn.close();
    }
  }

  @Override
  public String toString() {
    return "conn " + conn.remoteAddress();
  }
}
