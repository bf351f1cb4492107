package dev.weft.tls;

import dev.weft.net.ClosedException;
import dev.weft.net.Conn;
import dev.weft.net.NetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * The record layer of one {@link TlsConn}: its {@link SSLEngine}, the four record buffers and the
 * wrap and unwrap loops. The caller holds the lock each section names: {@link #writeLock} for
 * the write side (plaintext out, wrap), {@link #readLock} for the read side (ciphertext in,
 * unwrap). The read side takes the write lock only with {@code tryLock}, so a reader never waits
 * behind a writer blocked on a full socket.
 *
 * <p>Buffers come from a {@link BufferPool} through {@link CipherIo}; each is {@link
 * CipherIo#NONE} while given back: the read buffers while the connection waits for its next
 * record, the write buffers once flushed, all four after close.
 */
final class TlsRecords {
  private static final int PLAINTEXT_BUFFER = 16 * 1024;

  final ReentrantLock readLock = new ReentrantLock();
  final ReentrantLock writeLock = new ReentrantLock();
  private final SSLEngine engine;
  private final Conn raw;
  private final CipherIo io;
  private final boolean halfCloses;

  private ByteBuffer netIn; // ciphertext read, not yet unwrapped (read mode); readLock
  private ByteBuffer appIn; // plaintext unwrapped, not yet returned (read mode); readLock
  private ByteBuffer netOut = CipherIo.NONE; // scratch for wrap; writeLock
  private ByteBuffer appOut = CipherIo.NONE; // plaintext to encrypt (write mode); writeLock
  private volatile boolean handshakeDone;
  private boolean halfCloseable; // set with handshakeDone: the engine and the protocol can half-close

  TlsRecords(Conn raw, SSLEngine engine, boolean halfCloses, boolean direct) {
    this.raw = raw;
    this.engine = engine;
    this.halfCloses = halfCloses;
    this.io = new CipherIo(raw, direct);
    SSLSession s = engine.getSession();
    netIn = io.allocate(s.getPacketBufferSize()).flip();
    appIn = io.allocate(s.getApplicationBufferSize()).flip();
  }

  boolean handshakeDone() {
    return handshakeDone;
  }

  /**
   * Both locks held: the handshake is over; from now on idle waits give the buffers back. TLS 1.2
   * cannot half-close (an engine closes its sending side when the peer's close_notify arrives),
   * so under it, as on an engine that cannot, pending plaintext is encrypted before each record
   * is unwrapped.
   */
  void handshakeFinished() throws IOException {
    io.flush();
    halfCloseable = halfCloses && "TLSv1.3".equals(engine.getSession().getProtocol());
    handshakeDone = true;
  }

  void flushIo() throws IOException {
    io.flush();
  }

  HandshakeStatus runTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run(); // inline: we are on the connection's own virtual thread
    }
    return engine.getHandshakeStatus();
  }

  /** Bytes of record buffers held now; zero while the connection waits idle. For tests; racy. */
  int heldBufferBytes() {
    return netIn.capacity() + appIn.capacity() + netOut.capacity() + appOut.capacity();
  }

  /**
   * After close: gives the buffers back once no reader or writer can touch them (a blocked one
   * has woken with an error and is leaving), swapping them for {@link CipherIo#NONE} under both
   * locks. If a thread still holds a lock after a moment, they are left to the GC instead.
   */
  void recycle() {
    try {
      if (!readLock.tryLock(1, TimeUnit.SECONDS)) {
        return;
      }
      try {
        if (!writeLock.tryLock(1, TimeUnit.SECONDS)) {
          return;
        }
        try {
          io.recycle(netIn, appIn);
          io.recycle(netOut, appOut);
          netIn = appIn = netOut = appOut = CipherIo.NONE;
        } finally {
          writeLock.unlock();
        }
      } finally {
        readLock.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- write side (writeLock held) ----

  /** Buffers plaintext, encrypting each full record. */
  void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (!appOut.hasRemaining()) {
        flushPlaintext(); // may give the buffer back
      }
      if (appOut.capacity() == 0) {
        appOut = io.allocate(PLAINTEXT_BUFFER);
      }
      int n = Math.min(len, appOut.remaining());
      appOut.put(b, off, n);
      off += n;
      len -= n;
    }
  }

  /** Encrypts {@code src} (or a handshake message or alert, when empty) and hands it to the conn. */
  SSLEngineResult wrap(ByteBuffer src) throws IOException {
    if (netOut.capacity() == 0) {
      netOut = io.allocate(engine.getSession().getPacketBufferSize());
    }
    while (true) {
      netOut.clear();
      SSLEngineResult r = engine.wrap(src, netOut);
      switch (r.getStatus()) {
        case BUFFER_OVERFLOW -> {
          ByteBuffer small = netOut;
          netOut = io.allocate(small.capacity() * 2);
          io.recycle(small);
        }
        case OK, CLOSED -> {
          io.write(netOut);
          if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            runTasks();
          }
          return r;
        }
        default -> throw new SSLException("wrap: unexpected status " + r.getStatus());
      }
    }
  }

  /** Encrypts what is buffered; then, with nothing left, gives the write buffers back. */
  void flushPlaintext() throws IOException {
    if (appOut.position() > 0) {
      appOut.flip();
      try {
        while (appOut.hasRemaining()) {
          if (engine.isOutboundDone()) {
            throw new ClosedException("write", raw.localAddress(), raw.remoteAddress());
          }
          wrap(appOut);
        }
      } finally {
        appOut.compact();
      }
    }
    if (handshakeDone) {
      io.recycle(appOut, netOut);
      appOut = netOut = CipherIo.NONE;
    }
  }

  /** Encrypts buffered plaintext, then sends close_notify (into the conn's buffer; not flushed). */
  void closeOutbound() throws IOException {
    flushPlaintext();
    engine.closeOutbound();
    while (!engine.isOutboundDone()) {
      wrap(ByteBuffer.allocate(0));
    }
  }

  // ---- read side (readLock held) ----

  /** Unwraps one record, reading ciphertext as needed; null at EOF before any record. */
  SSLEngineResult unwrapOnce() throws IOException {
    if (handshakeDone && !halfCloseable) {
      wrapPendingPlaintext(); // a reply written before the peer's close_notify still goes out
    }
    if (appIn.capacity() == 0) {
      appIn = io.allocate(engine.getSession().getApplicationBufferSize()).flip();
    }
    while (true) {
      appIn.compact();
      SSLEngineResult r;
      try {
        r = engine.unwrap(netIn, appIn);
      } finally {
        appIn.flip();
      }
      switch (r.getStatus()) {
        case OK, CLOSED -> {
          return r;
        }
        case BUFFER_OVERFLOW -> appIn = io.grow(appIn, engine.getSession().getApplicationBufferSize());
        case BUFFER_UNDERFLOW -> {
          // Some engines (BoringSSL's) report the handshake's end, or a pending reply, on an
          // underflow: hand that back before blocking for more ciphertext.
          HandshakeStatus hs = r.getHandshakeStatus();
          if (hs == HandshakeStatus.FINISHED || hs == HandshakeStatus.NEED_WRAP || hs == HandshakeStatus.NEED_TASK) {
            return r;
          }
          if (!fill()) {
            return null;
          }
        }
      }
    }
  }

  /** Copies up to {@code len} plaintext bytes, blocking for a record if none is buffered; -1 at the end. */
  int read(byte[] b, int off, int len) throws IOException {
    int n = Math.min(len, awaitPlaintext());
    if (n < 0) {
      return -1;
    }
    appIn.get(b, off, n);
    return n;
  }

  /** All buffered plaintext, blocking for a record if none is; null at the end of input. */
  byte[] readChunk() throws IOException {
    int n = awaitPlaintext();
    if (n < 0) {
      return null;
    }
    byte[] chunk = new byte[n];
    appIn.get(chunk);
    return chunk;
  }

  int buffered() {
    return appIn.remaining();
  }

  /** Encrypts (does not send) buffered plaintext, unless a writer is busy with it. */
  private void wrapPendingPlaintext() throws IOException {
    if (appOut.position() > 0 && writeLock.tryLock()) {
      try {
        if (!engine.isOutboundDone()) {
          flushPlaintext();
        }
      } finally {
        writeLock.unlock();
      }
    }
  }

  /** Reads more ciphertext; false at EOF. Encrypts pending plaintext first (see TlsConn, Buffering). */
  private boolean fill() throws IOException {
    if (handshakeDone && io.available() == 0 && writeLock.tryLock()) {
      try {
        flushPlaintext(); // not flushed: the underlying conn flushes before it blocks
      } finally {
        writeLock.unlock();
      }
    }
    if (handshakeDone && !netIn.hasRemaining() && !appIn.hasRemaining() && io.available() == 0) {
      return awaitRecord();
    }
    if (netIn.limit() == netIn.capacity()) {
      netIn = io.grow(netIn, engine.getSession().getPacketBufferSize());
    }
    netIn.compact();
    try {
      return io.read(netIn) >= 0;
    } finally {
      netIn.flip();
    }
  }

  /**
   * Nothing is buffered and the next read would block: gives the read buffers back for the wait,
   * so an idle connection holds none, and takes them again with the next record's first bytes.
   */
  private boolean awaitRecord() throws IOException {
    io.recycle(netIn, appIn);
    netIn = appIn = CipherIo.NONE;
    int first = io.awaitByte();
    if (first < 0) {
      return false;
    }
    SSLSession s = engine.getSession();
    netIn = io.allocate(s.getPacketBufferSize()).put((byte) first);
    if (io.available() > 0) {
      io.read(netIn); // what arrived with it: buffered, so this does not block
    }
    netIn.flip();
    appIn = io.allocate(s.getApplicationBufferSize()).flip();
    return true;
  }

  /** Blocks until plaintext is buffered; returns how many bytes, or -1 at the end of input. */
  private int awaitPlaintext() throws IOException {
    while (!appIn.hasRemaining()) {
      if (engine.isInboundDone()) {
        return -1;
      }
      SSLEngineResult r = unwrapOnce();
      if (r == null) {
        throw new NetException("read", raw.localAddress(), raw.remoteAddress(), "tls: connection closed without close_notify", null, false);
      }
      if (r.getStatus() == SSLEngineResult.Status.CLOSED && !appIn.hasRemaining()) {
        dev.weft.net.internal.TcpConn.notePeerEnded(raw); // the client's close, not ours
        return -1;
      }
      afterHandshake(r.getHandshakeStatus());
    }
    return appIn.remaining();
  }

  private void afterHandshake(HandshakeStatus hs) throws IOException {
    if (hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED) {
      return;
    }
    if (!"TLSv1.3".equals(engine.getSession().getProtocol())) {
      throw new NetException("read", raw.localAddress(), raw.remoteAddress(), "tls: renegotiation refused", null, false);
    }
    while (hs == HandshakeStatus.NEED_TASK || hs == HandshakeStatus.NEED_WRAP) {
      if (hs == HandshakeStatus.NEED_TASK) {
        hs = runTasks();
      } else {
        writeLock.lock(); // a TLS 1.3 KeyUpdate answer
        try {
          hs = wrap(ByteBuffer.allocate(0)).getHandshakeStatus();
          io.flush();
        } finally {
          writeLock.unlock();
        }
      }
    }
  }
}
