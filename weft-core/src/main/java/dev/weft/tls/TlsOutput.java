package dev.weft.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;

/** A {@link TlsConn}'s plaintext output: each write atomic, under the write lock. */
final class TlsOutput extends OutputStream {
  private final TlsConn conn;
  private final TlsRecords records;
  private final ReentrantLock writeLock;

  TlsOutput(TlsConn conn, TlsRecords records) {
    this.conn = conn;
    this.records = records;
    this.writeLock = records.writer.lock;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    writeLock.lock();
    try {
      conn.ensureOpen("write");
      records.writer.write(b, off, len);
    } catch (SSLException e) {
      throw conn.error("write", e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void flush() throws IOException {
    writeLock.lock();
    try {
      records.writer.flushPlaintext();
      records.flushIo();
    } catch (SSLException e) {
      throw conn.error("write", e);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void close() {
    conn.close();
  }
}
