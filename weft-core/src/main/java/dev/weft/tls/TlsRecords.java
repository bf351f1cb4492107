package dev.weft.tls;

import dev.weft.net.Conn;
import dev.weft.net.NetException;
import dev.weft.net.ProtocolException;
import dev.weft.net.internal.Layers;
import dev.weft.net.internal.TcpConn;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLSession;

/**
 * The record layer of one {@link TlsConn}: its {@link SSLEngine}, the read side (ciphertext in,
 * unwrap, plaintext out) under {@link #readLock}, and the write side, {@link #writer}, under its
 * own lock. The read side takes the write lock only with {@code tryLock}, so a reader never waits
 * behind a writer blocked on a full socket.
 *
 * <p>Buffers come from a {@link BufferPool} through {@link CipherIo}; each is {@link
 * CipherIo#NONE} while given back. A busy connection keeps its four from record to record; the
 * {@link IdleSweeper} takes them from one that stayed quiet for a whole sweep interval, and all
 * go back at close. The reader waits for the next record in a small buffer ({@link
 * CipherIo#awaitSome}), never in a record buffer, so the sweeper can take the read buffers from
 * under a blocked reader; {@link #waitState} says who owns them.
 */
final class TlsRecords {
  // waitState: (sequence << 2) | phase. The sequence grows with every wait, so the sweeper tells
  // one long wait from many short ones, and its compare-and-set can never hit a later wait.
  private static final long WAITING = 1; // the reader waits for a record; the sweeper may take the buffers
  private static final long TAKEN = 2; // the sweeper took them; the reader takes new ones
  private static final long TAKING = 3; // the sweeper is taking them: the reader waits a moment
  private static final VarHandle WAIT_STATE;

  static {
    try {
      WAIT_STATE = MethodHandles.lookup().findVarHandle(TlsRecords.class, "waitState", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final ReentrantLock readLock = new ReentrantLock();
  final RecordWriter writer;
  private final SSLEngine engine;
  private final Conn raw;
  private final CipherIo io;
  private final boolean halfCloses;

  private ByteBuffer netIn; // ciphertext read, not yet unwrapped (read mode)
  private ByteBuffer appIn; // plaintext unwrapped, not yet returned (read mode)
  private volatile boolean handshakeDone;
  private boolean halfCloseable; // set with handshakeDone: the engine and the protocol can half-close
  private boolean inboundClosed; // unwrap said CLOSED (asking the engine takes its lock, per record)
  private volatile long waitState; // phase 0: the reader owns the read buffers
  private volatile boolean retired; // closed: the sweeper forgets this connection
  private long sweptWait; // sweeper only: waitState at its last look
  private boolean waitedOnce; // reader: a first wait after the handshake gives the buffers back at once
  private final TcpConn tcp; // under raw, if any: its read clock is held while a record is partial
  private boolean clockHeld; // reader: tcp's read clock is held

  TlsRecords(Conn raw, SSLEngine engine, boolean halfCloses, boolean direct) {
    this.raw = raw;
    this.engine = engine;
    this.halfCloses = halfCloses;
    this.io = new CipherIo(raw, direct);
    this.writer = new RecordWriter(engine, raw, io);
    this.tcp = Layers.tcp(raw);
    SSLSession s = engine.getSession();
    netIn = io.allocate(s.getPacketBufferSize()).flip();
    appIn = io.allocate(s.getApplicationBufferSize()).flip();
  }

  boolean handshakeDone() {
    return handshakeDone;
  }

  /**
   * Both locks held: the handshake is over; the sweeper watches the connection from now on. TLS
   * 1.2 cannot half-close (an engine closes its sending side when the peer's close_notify
   * arrives), so under it, as on an engine that cannot, pending plaintext is encrypted before
   * each record is unwrapped.
   */
  void handshakeFinished() throws IOException {
    io.flush();
    halfCloseable = halfCloses && "TLSv1.3".equals(engine.getSession().getProtocol());
    handshakeDone = true;
    IdleSweeper.enlist(this);
  }

  void flushIo() throws IOException {
    io.flush();
  }

  /** Bytes of record buffers held now; zero once the sweeper found the connection idle. For tests; racy. */
  int heldBufferBytes() {
    return netIn.capacity() + appIn.capacity() + writer.heldBufferBytes();
  }

  /**
   * After close: gives the buffers back once no reader or writer can touch them (a blocked one
   * has woken with an error and is leaving), under both locks. If a thread still holds a lock
   * after a moment, they are left to the GC instead.
   */
  void recycle() {
    retired = true;
    try {
      if (!readLock.tryLock(1, TimeUnit.SECONDS)) {
        return;
      }
      try {
        if (!writer.lock.tryLock(1, TimeUnit.SECONDS)) {
          return;
        }
        try {
          io.recycle(netIn, appIn);
          netIn = appIn = CipherIo.NONE;
          writer.retire();
          io.retire();
        } finally {
          writer.lock.unlock();
        }
      } finally {
        readLock.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The {@link IdleSweeper}'s look, on the timer thread, never waiting: gives back the read
   * buffers of a reader that has waited since the last look, and the write buffers if nothing was
   * flushed since then. Returns false once the connection is closed.
   */
  boolean sweep() {
    if (retired) {
      return false;
    }
    long w = waitState;
    if ((w & 3) == WAITING && w == sweptWait && WAIT_STATE.compareAndSet(this, w, (w & ~3L) | TAKING)) {
      ByteBuffer in = netIn;
      ByteBuffer plain = appIn;
      netIn = appIn = CipherIo.NONE; // nothing may keep them reachable once the pool has them
      waitState = (w & ~3L) | TAKEN;
      io.recycle(in, plain);
    }
    sweptWait = w;
    writer.sweep();
    return true;
  }

  /** Unwraps one record, reading ciphertext as needed; null at EOF before any record. */
  SSLEngineResult unwrapOnce() throws IOException {
    if (handshakeDone && !halfCloseable) {
      writer.tryWrapPending(); // a reply written before the peer's close_notify still goes out
    }
    ensureReadBuffers();
    while (true) {
      appIn.compact();
      SSLEngineResult r;
      try {
        r = engine.unwrap(netIn, appIn);
      } finally {
        appIn.flip();
      }
      switch (r.getStatus()) {
        case OK -> {
          releaseReadClock();
          return r;
        }
        case CLOSED -> {
          releaseReadClock();
          inboundClosed = true;
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
          if (netIn.hasRemaining() && !clockHeld && tcp != null) {
            // Part of a record is here: the read and idle timeouts count from now until it is
            // whole, so a peer that dribbles it a byte at a time cannot hold the connection.
            tcp.holdReadClock(System.nanoTime());
            clockHeld = true;
          }
          if (!fill()) {
            return null;
          }
        }
      }
    }
  }

  private void releaseReadClock() {
    if (clockHeld) {
      clockHeld = false;
      tcp.releaseReadClock();
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

  /** Reads more ciphertext; false at EOF. Encrypts pending plaintext first (see TlsConn, Buffering). */
  private boolean fill() throws IOException {
    if (handshakeDone && io.available() == 0) {
      writer.tryFlushPlaintext(); // not flushed: the underlying conn flushes before it blocks
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
   * Nothing is buffered and the next read would block: waits for the next record's first bytes
   * outside the record buffers, which the sweeper may take meanwhile (then new ones are taken).
   */
  private boolean awaitRecord() throws IOException {
    if (!waitedOnce) {
      // A new connection may stay idle; giving its buffers back now lets the next handshakes
      // reuse them, instead of every connection of a burst holding its own until the sweep.
      waitedOnce = true;
      io.recycle(netIn, appIn);
      netIn = appIn = CipherIo.NONE;
      writer.tryGiveBack();
    }
    long waiting = (waitState & ~3L) + 4 | WAITING;
    waitState = waiting;
    int n;
    try {
      n = io.awaitSome();
    } finally {
      if (!WAIT_STATE.compareAndSet(this, waiting, waiting & ~3L)) {
        while ((waitState & 3) == TAKING) {
          Thread.onSpinWait(); // the sweeper is between two field writes
        }
        waitState = waiting & ~3L; // TAKEN: the fields are NONE, new buffers are taken below
      }
    }
    if (n < 0) {
      return false;
    }
    ensureReadBuffers();
    io.takeWaited(netIn.clear());
    netIn.flip();
    return true;
  }

  /** Takes read buffers again if the sweeper took them (a wait that ended in an error leaves them so). */
  private void ensureReadBuffers() {
    if (netIn.capacity() == 0 && appIn.capacity() == 0) {
      SSLSession s = engine.getSession();
      netIn = io.allocate(s.getPacketBufferSize()).flip();
      appIn = io.allocate(s.getApplicationBufferSize()).flip();
    }
  }

  /** Blocks until plaintext is buffered; returns how many bytes, or -1 at the end of input. */
  private int awaitPlaintext() throws IOException {
    while (!appIn.hasRemaining()) {
      if (inboundClosed) {
        return -1;
      }
      SSLEngineResult r = unwrapOnce();
      if (r == null) {
        throw new NetException("read", raw.localAddress(), raw.remoteAddress(), "tls: connection closed without close_notify", null, false);
      }
      if (r.getStatus() == SSLEngineResult.Status.CLOSED && !appIn.hasRemaining()) {
        Layers.notePeerEnded(raw); // the client's close, not ours
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
      writer.endForRenegotiation();
      throw new ProtocolException("tls: renegotiation refused (TLS 1.2 renegotiation is not supported)");
    }
    writer.answerPostHandshake(hs);
  }
}
