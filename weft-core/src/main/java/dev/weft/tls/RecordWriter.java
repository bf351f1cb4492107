package dev.weft.tls;

import dev.weft.net.ClosedException;
import dev.weft.net.Conn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * The write side of a {@link TlsRecords}: plaintext buffered up to one record, encrypted by the
 * engine and handed to the conn. Every method but {@link #sweep} and {@link #tryWrapPending} needs
 * {@link #lock} held; those two only ever {@code tryLock} it, so a reader or the timer never waits
 * behind a writer blocked on a full socket.
 *
 * <p>The two buffers stay from record to record while the connection is busy; the {@link
 * IdleSweeper} takes them back once nothing was flushed for a whole sweep interval.
 */
final class RecordWriter {
  private static final int PLAINTEXT_BUFFER = 16 * 1024;

  final ReentrantLock lock = new ReentrantLock();
  private final SSLEngine engine;
  private final Conn raw;
  private final CipherIo io;
  private ByteBuffer netOut = CipherIo.NONE; // scratch for wrap
  private ByteBuffer appOut = CipherIo.NONE; // plaintext to encrypt (write mode)
  private int flushes; // grows with every flush, so the sweeper can tell a quiet side
  private int sweptFlushes = -1; // sweeper only: flushes at its last look

  RecordWriter(SSLEngine engine, Conn raw, CipherIo io) {
    this.engine = engine;
    this.raw = raw;
    this.io = io;
  }

  static HandshakeStatus runTasks(SSLEngine engine) {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run(); // inline: we are on the connection's own virtual thread
    }
    return engine.getHandshakeStatus();
  }

  /** Buffers plaintext, encrypting each full record. */
  void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (!appOut.hasRemaining()) {
        flushPlaintext();
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
      SSLEngineResult r;
      try {
        r = engine.wrap(src, netOut);
      } catch (SSLException e) {
        if (netOut.position() > 0) { // BoringSSL writes its fatal alert and throws in the same call
          io.write(netOut);
        }
        throw e;
      }
      switch (r.getStatus()) {
        case BUFFER_OVERFLOW -> {
          ByteBuffer small = netOut;
          netOut = io.allocate(small.capacity() * 2);
          io.recycle(small);
        }
        case OK, CLOSED -> {
          io.write(netOut);
          if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            runTasks(engine);
          }
          return r;
        }
        default -> throw new SSLException("wrap: unexpected status " + r.getStatus());
      }
    }
  }

  /** Encrypts what is buffered and hands it to the conn (not flushed there). */
  void flushPlaintext() throws IOException {
    if (appOut.position() > 0) {
      appOut.flip();
      try {
        while (appOut.hasRemaining()) {
          // CLOSED: the engine closed its side (our close, or TLS 1.2 on the peer's close_notify)
          if (wrap(appOut).getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new ClosedException("write", raw.localAddress(), raw.remoteAddress());
          }
        }
      } finally {
        appOut.compact();
      }
    }
    flushes++;
  }

  /** Answers a post-handshake message that needs a reply (a TLS 1.3 KeyUpdate), and sends it. */
  void answerPostHandshake(HandshakeStatus hs) throws IOException {
    while (hs == HandshakeStatus.NEED_TASK || hs == HandshakeStatus.NEED_WRAP) {
      if (hs == HandshakeStatus.NEED_TASK) {
        hs = runTasks(engine);
      } else {
        lock.lock();
        try {
          hs = wrap(ByteBuffer.allocate(0)).getHandshakeStatus();
          io.flush();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /**
   * Ends the session in answer to a TLS 1.2 renegotiation (the engine sends an alert or
   * close_notify), so the peer learns that the connection ends there; best effort, and never
   * waits behind a writer.
   */
  void endForRenegotiation() {
    if (lock.tryLock()) {
      try {
        engine.closeOutbound();
        for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
          wrap(ByteBuffer.allocate(0));
        }
        io.flush();
      } catch (IOException | RuntimeException e) {
        // The peer may be gone; the read fails either way.
      } finally {
        lock.unlock();
      }
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

  /** Encrypts (does not send) buffered plaintext, unless a writer holds the lock. */
  void tryWrapPending() throws IOException {
    if (appOut.position() > 0 && lock.tryLock()) {
      try {
        if (!engine.isOutboundDone()) {
          flushPlaintext();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** As {@link #tryWrapPending}, even when nothing seems buffered (the reader's view may be stale). */
  void tryFlushPlaintext() throws IOException {
    if (lock.tryLock()) {
      try {
        flushPlaintext();
      } finally {
        lock.unlock();
      }
    }
  }

  /** The sweeper's look (timer thread, never waits): gives the buffers back if nothing was flushed since its last. */
  void sweep() {
    if (lock.tryLock()) {
      try {
        if (flushes == sweptFlushes && appOut.position() == 0) {
          giveBack();
        }
        sweptFlushes = flushes;
      } finally {
        lock.unlock();
      }
    }
  }

  /** Gives the buffers back now if no writer holds the lock and nothing is buffered. */
  void tryGiveBack() {
    if (lock.tryLock()) {
      try {
        if (appOut.position() == 0) {
          giveBack();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Lock held, after close: gives the buffers back for good. */
  void retire() {
    giveBack();
  }

  int heldBufferBytes() {
    return netOut.capacity() + appOut.capacity();
  }

  private void giveBack() {
    io.recycle(appOut, netOut);
    appOut = netOut = CipherIo.NONE;
  }
}
