package dev.weft.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;

/** A {@link TlsConn}'s plaintext input: one reader at a time, under the read lock. */
final class TlsInput extends InputStream {
  private final TlsConn conn;
  private final TlsRecords records;
  private final ReentrantLock readLock;

  TlsInput(TlsConn conn, TlsRecords records) {
    this.conn = conn;
    this.records = records;
    this.readLock = records.readLock;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    readLock.lock();
    try {
      conn.ensureOpen("read");
      return records.read(b, off, len);
    } catch (SSLException e) {
      throw conn.error("read", e);
    } finally {
      readLock.unlock();
    }
  }

  /**
   * Copies until EOF without holding a copy buffer while it waits for input (the JDK's default
   * keeps 16 KiB on every parked connection's stack): each chunk is sized to what was decrypted.
   */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out");
    long total = 0;
    while (true) {
      byte[] chunk;
      readLock.lock();
      try {
        conn.ensureOpen("read");
        chunk = records.readChunk();
      } catch (SSLException e) {
        throw conn.error("read", e);
      } finally {
        readLock.unlock();
      }
      if (chunk == null) {
        return total;
      }
      out.write(chunk);
      total += chunk.length;
    }
  }

  @Override
  public int available() {
    if (!readLock.tryLock()) {
      return 0;
    }
    try {
      return records.buffered();
    } finally {
      readLock.unlock();
    }
  }

  @Override
  public void close() {
    conn.close();
  }
}
