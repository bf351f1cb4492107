package dev.weft.tls;

import dev.weft.net.ClosedException;
import dev.weft.net.Conn;
import dev.weft.net.ForwardingConn;
import dev.weft.net.NetException;
import dev.weft.net.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * TLS over any {@link Conn}: an {@link SSLEngine} driven by blocking reads and writes on the
 * underlying connection's streams, so it works over TCP and over in-memory pairs alike.
 *
 * <pre>
 *   new --handshake()--> OPEN --closeWrite()--> OUTPUT CLOSED (close_notify sent, still reads)
 *                          |                             |
 *                          +---------- close() ----------+--> CLOSED
 * </pre>
 *
 * <h2>Threads</h2>
 * As for every {@link Conn}: one reader at a time, any number of writers (each write atomic), and
 * {@link #close()} from anywhere. Reading and writing use separate locks, so a blocked reader
 * never stops a writer.
 *
 * <h2>Buffering</h2>
 * Plaintext output is buffered up to one TLS record (16 KiB). It is encrypted and handed to the
 * underlying connection when the buffer fills, on {@code flush()}, and before a read would block
 * for ciphertext; the underlying connection then flushes its own buffer just before it blocks,
 * so request/response code still needs no explicit flush.
 *
 * <h2>Renegotiation</h2>
 * A TLS 1.2 renegotiation attempt after the first handshake fails the read with a {@link
 * NetException}. TLS 1.3 key updates and session tickets are handled.
 *
 * <p>Longer than most files on purpose: both directions of the {@link SSLEngine} state machine
 * (and the locks they share) are easier to check in one place.
 */
public final class TlsConn extends ForwardingConn {
  private static final int PLAINTEXT_BUFFER = 16 * 1024;

  private final SSLEngine engine;
  private final Runnable release;
  private final boolean halfCloses;
  private final CipherIo io;
  private final ReentrantLock readLock = new ReentrantLock();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final TlsInput in = new TlsInput();
  private final TlsOutput out = new TlsOutput();

  // Record-sized buffers from a BufferPool; CipherIo.NONE while given back (idle or closed).
  private ByteBuffer netIn; // ciphertext read, not yet unwrapped (read mode); guarded by readLock
  private ByteBuffer appIn; // plaintext unwrapped, not yet returned (read mode); guarded by readLock
  private ByteBuffer netOut = CipherIo.NONE; // scratch for wrap; guarded by writeLock
  private ByteBuffer appOut = CipherIo.NONE; // plaintext to encrypt (write mode); guarded by writeLock
  private volatile boolean handshakeDone;
  private volatile Principal principal;
  private volatile X509Certificate peerCertificate;

  /**
   * Wraps {@code raw}; call {@link #handshake()} before using the streams. Most code gets a
   * handshaken TlsConn from {@link TlsConfig#serverSetup()} or {@link TlsConfig#clientSetup}.
   */
  public TlsConn(Conn raw, SSLEngine engine) {
    this(raw, engine, () -> {}, true, false);
  }

  /**
   * As {@link #TlsConn(Conn, SSLEngine)}; {@code release} runs once, after the close. An engine
   * that cannot half-close ({@code halfCloses} false: BoringSSL's closes its outbound side when
   * the peer's close_notify arrives) gets pending plaintext encrypted before each record is
   * unwrapped, so a reply written before the peer's close_notify is read still goes out. {@code
   * direct} asks for direct buffers (see {@link CipherIo}).
   */
  TlsConn(Conn raw, SSLEngine engine, Runnable release, boolean halfCloses, boolean direct) {
    super(raw);
    this.engine = engine;
    this.release = release;
    this.halfCloses = halfCloses;
    this.io = new CipherIo(raw, direct);
    SSLSession s = engine.getSession();
    netIn = io.allocate(s.getPacketBufferSize()).flip();
    appIn = io.allocate(s.getApplicationBufferSize()).flip();
  }

  /**
   * Runs the handshake to completion on the calling thread. Blocks on the underlying connection;
   * bound it with {@link Conn#setReadDeadline}. Call once, before any other thread uses this conn.
   * Emits the JFR event {@code weft.TlsHandshake} (duration, protocol, cipher suite, outcome).
   *
   * @throws NetException op {@code handshake}, wrapping the {@link SSLException}
   */
  public void handshake() throws IOException {
    TlsHandshakeEvent event = new TlsHandshakeEvent();
    event.begin();
    Exception failure = null;
    readLock.lock();
    writeLock.lock();
    try {
      engine.beginHandshake();
      HandshakeStatus hs = engine.getHandshakeStatus();
      while (hs != HandshakeStatus.FINISHED && hs != HandshakeStatus.NOT_HANDSHAKING) {
        hs = switch (hs) {
          case NEED_WRAP -> wrapLocked(ByteBuffer.allocate(0)).getHandshakeStatus();
          case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> unwrapForHandshake();
          case NEED_TASK -> runTasks();
          default -> throw new IllegalStateException("unexpected handshake status " + hs);
        };
      }
      io.flush();
      handshakeDone = true;
      identifyPeer();
    } catch (SSLException e) {
      sendAlertQuietly();
      NetException wrapped = error("handshake", e);
      failure = wrapped;
      throw wrapped;
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      writeLock.unlock();
      readLock.unlock();
      event.finish(engine, remoteAddress(), handshakeDone, failure);
    }
  }

  /**
   * After a fatal handshake error the engine holds an alert (bad_certificate,
   * certificate_required, protocol_version...): send it, so the peer learns why instead of
   * seeing a bare close. Best effort: the connection is failing anyway.
   */
  private void sendAlertQuietly() {
    try {
      for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
        wrapLocked(ByteBuffer.allocate(0));
      }
      io.flush();
    } catch (IOException | RuntimeException ignored) {
      // The peer may already be gone; the handshake error is what we report.
    }
  }

  private HandshakeStatus unwrapForHandshake() throws IOException {
    SSLEngineResult r = unwrapOnce();
    if (r == null) {
      throw new NetException("handshake", localAddress(), remoteAddress(), "peer closed the connection during the handshake", null, false);
    }
    return r.getHandshakeStatus();
  }

  private HandshakeStatus runTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run(); // inline: we are on the connection's own virtual thread
    }
    return engine.getHandshakeStatus();
  }

  private void identifyPeer() {
    if (!engine.getUseClientMode() && !engine.getNeedClientAuth() && !engine.getWantClientAuth()) {
      return; // no client certificate was asked for (asking the session would throw to say so)
    }
    try {
      Certificate[] chain = engine.getSession().getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
        peerCertificate = x;
        if (!engine.getUseClientMode()) {
          principal = new Principal(Certificates.commonName(x), Set.of(), "mtls");
        }
      }
    } catch (SSLPeerUnverifiedException e) {
      // No client certificate: the principal stays the delegate's.
    }
  }

  /** Bytes of record buffers this conn holds now; zero while it waits idle. For tests; racy. */
  int heldBufferBytes() {
    return netIn.capacity() + appIn.capacity() + netOut.capacity() + appOut.capacity();
  }

  /** The TLS session: protocol, cipher suite, peer certificates. */
  public SSLSession session() {
    return engine.getSession();
  }

  /** The verified peer certificate (the client's under mTLS, the server's on a client), or null. */
  public X509Certificate peerCertificate() {
    return peerCertificate;
  }

  /** The peer certificate's subject CN followed by its DNS and IP subject alternative names. */
  public List<String> peerNames() {
    X509Certificate x = peerCertificate;
    return x == null ? List.of() : Certificates.names(x);
  }

  @Override
  public Principal principal() {
    Principal p = principal;
    return p != null ? p : super.principal();
  }

  @Override
  public InputStream in() {
    return in;
  }

  @Override
  public OutputStream out() {
    return out;
  }

  /** Flushes, sends close_notify and half-closes the underlying conn; reading continues. */
  @Override
  public void closeWrite() throws IOException {
    writeLock.lock();
    try {
      if (engine.isOutboundDone()) {
        return;
      }
      flushPlaintext();
      sendCloseNotify();
      io.flush();
    } finally {
      writeLock.unlock();
    }
    delegate().closeWrite();
  }

  /** Sends close_notify if no writer is busy, then closes the underlying conn. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (handshakeDone && delegate().isOpen() && writeLock.tryLock()) {
      try {
        if (!engine.isOutboundDone()) {
          flushPlaintext();
          sendCloseNotify();
          io.flush();
        }
      } catch (IOException | RuntimeException e) {
        // Best effort: the peer may be gone.
      } finally {
        writeLock.unlock();
      }
    }
    delegate().close();
    release.run();
    recycleBuffers();
  }

  /**
   * Gives the buffers back for reuse once no reader or writer can touch them: the conn is closed,
   * so a blocked reader or writer has woken with an error and is leaving. The buffers are swapped
   * for {@link CipherIo#NONE} under both locks. If a thread still holds a lock after a moment,
   * they are left to the GC instead.
   */
  private void recycleBuffers() {
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

  private void sendCloseNotify() throws IOException {
    engine.closeOutbound();
    while (!engine.isOutboundDone()) {
      wrapLocked(ByteBuffer.allocate(0));
    }
  }

  // ---- write side (writeLock held) ----

  private SSLEngineResult wrapLocked(ByteBuffer src) throws IOException {
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
  private void flushPlaintext() throws IOException {
    if (appOut.position() > 0) {
      appOut.flip();
      try {
        while (appOut.hasRemaining()) {
          if (engine.isOutboundDone()) {
            throw new ClosedException("write", localAddress(), remoteAddress());
          }
          wrapLocked(appOut);
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

  // ---- read side (readLock held) ----

  /** Unwraps one record, reading ciphertext as needed; null at EOF before any record. */
  private SSLEngineResult unwrapOnce() throws IOException {
    if (!halfCloses && handshakeDone) {
      wrapPendingPlaintext();
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

  /** Reads more ciphertext; false at EOF. Encrypts pending plaintext first (see Buffering). */
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

  private int readPlaintext(byte[] b, int off, int len) throws IOException {
    int n = Math.min(len, awaitPlaintext());
    if (n < 0) {
      return -1;
    }
    appIn.get(b, off, n);
    return n;
  }

  /** Blocks until plaintext is buffered; returns how many bytes, or -1 at the end of input. */
  private int awaitPlaintext() throws IOException {
    while (!appIn.hasRemaining()) {
      if (engine.isInboundDone()) {
        return -1;
      }
      SSLEngineResult r = unwrapOnce();
      if (r == null) {
        throw new NetException("read", localAddress(), remoteAddress(), "tls: connection closed without close_notify", null, false);
      }
      if (r.getStatus() == SSLEngineResult.Status.CLOSED && !appIn.hasRemaining()) {
        dev.weft.net.internal.TcpConn.notePeerEnded(delegate()); // the client's close, not ours
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
      throw new NetException("read", localAddress(), remoteAddress(), "tls: renegotiation refused", null, false);
    }
    while (hs == HandshakeStatus.NEED_TASK || hs == HandshakeStatus.NEED_WRAP) {
      if (hs == HandshakeStatus.NEED_TASK) {
        hs = runTasks();
      } else {
        writeLock.lock(); // a TLS 1.3 KeyUpdate answer
        try {
          hs = wrapLocked(ByteBuffer.allocate(0)).getHandshakeStatus();
          io.flush();
        } finally {
          writeLock.unlock();
        }
      }
    }
  }

  private NetException error(String op, SSLException e) {
    return new NetException(op, localAddress(), remoteAddress(), "tls: " + reason(e), e, false);
  }

  /**
   * The message that says why: an engine's own (JDK: "PKIX path validation failed...") or, when
   * it only says something generic (BoringSSL's "General OpenSslEngine problem"), its cause's.
   */
  static String reason(SSLException e) {
    String top = String.valueOf(e.getMessage());
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root == e || root.getMessage() == null || top.contains(root.getMessage())) {
      return top;
    }
    return top + ": " + root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private final class TlsInput extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      readLock.lock();
      try {
        if (closed.get()) {
          throw new ClosedException("read", localAddress(), remoteAddress());
        }
        return readPlaintext(b, off, len);
      } catch (SSLException e) {
        throw error("read", e);
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
      java.util.Objects.requireNonNull(out, "out");
      long total = 0;
      while (true) {
        byte[] chunk;
        readLock.lock();
        try {
          if (closed.get()) {
            throw new ClosedException("read", localAddress(), remoteAddress());
          }
          int n = awaitPlaintext();
          if (n < 0) {
            return total;
          }
          chunk = new byte[n];
          appIn.get(chunk);
        } catch (SSLException e) {
          throw error("read", e);
        } finally {
          readLock.unlock();
        }
        out.write(chunk);
        total += chunk.length;
      }
    }

    @Override
    public int available() {
      return readLock.tryLock() ? availableLocked() : 0;
    }

    private int availableLocked() {
      try {
        return appIn.remaining();
      } finally {
        readLock.unlock();
      }
    }

    @Override
    public void close() {
      TlsConn.this.close();
    }
  }

  private final class TlsOutput extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      writeLock.lock();
      try {
        if (closed.get()) {
          throw new ClosedException("write", localAddress(), remoteAddress());
        }
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
      } catch (SSLException e) {
        throw error("write", e);
      } finally {
        writeLock.unlock();
      }
    }

    @Override
    public void flush() throws IOException {
      writeLock.lock();
      try {
        flushPlaintext();
        io.flush();
      } catch (SSLException e) {
        throw error("write", e);
      } finally {
        writeLock.unlock();
      }
    }

    @Override
    public void close() {
      TlsConn.this.close();
    }
  }
}
