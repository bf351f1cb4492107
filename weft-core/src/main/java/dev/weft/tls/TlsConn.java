package dev.weft.tls;

import dev.weft.net.ClosedException;
import dev.weft.net.Conn;
import dev.weft.net.ForwardingConn;
import dev.weft.net.NetException;
import dev.weft.net.Principal;
import dev.weft.net.internal.Layers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
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
 * A TLS 1.2 renegotiation attempt after the first handshake ends the session (the JDK's engine
 * sends close_notify; BoringSSL's cannot while a handshake is under way and just closes) and fails
 * the read with a {@link dev.weft.net.ProtocolException}, so a server closes with {@code
 * PROTOCOL_ERROR}. TLS 1.3 key updates and session tickets are handled.
 *
 * <p>This class is the {@link Conn} face: handshake, streams, close, the peer's identity. The
 * record layer under it (buffers, wrap and unwrap loops) is the package-private {@code TlsRecords},
 * with its write side in {@code RecordWriter}.
 */
public final class TlsConn extends ForwardingConn {
  private final SSLEngine engine;
  private final Runnable release;
  private final TlsRecords records;
  private final ReentrantLock readLock;
  private final ReentrantLock writeLock;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final InputStream in;
  private final OutputStream out;
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
    this.records = new TlsRecords(raw, engine, halfCloses, direct);
    this.readLock = records.readLock;
    this.writeLock = records.writer.lock;
    this.in = new TlsInput(this, records);
    this.out = new TlsOutput(this, records);
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
          case NEED_WRAP -> records.writer.wrap(ByteBuffer.allocate(0)).getHandshakeStatus();
          case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> unwrapForHandshake();
          case NEED_TASK -> RecordWriter.runTasks(engine);
          default -> throw new IllegalStateException("unexpected handshake status " + hs);
        };
      }
      records.handshakeFinished();
      Layers.onTimeout(delegate(), this::sendCloseNotify);
      identifyPeer();
    } catch (SSLException e) {
      Refusal.sendAlert(engine, records);
      if (!engine.getUseClientMode()) {
        Refusal.linger(delegate());
      }
      NetException wrapped = error("handshake", e);
      failure = wrapped;
      throw wrapped;
    } catch (IOException | RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      writeLock.unlock();
      readLock.unlock();
      event.finish(engine, remoteAddress(), records.handshakeDone(), failure);
    }
  }

  private HandshakeStatus unwrapForHandshake() throws IOException {
    SSLEngineResult r = records.unwrapOnce();
    if (r == null) {
      throw new NetException("handshake", localAddress(), remoteAddress(), "peer closed the connection during the handshake", null, false);
    }
    return r.getHandshakeStatus();
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

  /** Bytes of record buffers this conn holds now; zero once it has been quiet for a sweep or two. For tests; racy. */
  int heldBufferBytes() {
    return records.heldBufferBytes();
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
      records.writer.closeOutbound();
      records.flushIo();
    } finally {
      writeLock.unlock();
    }
    delegate().closeWrite();
  }

  /**
   * Sends close_notify after the handshake, if no writer is busy. Also the TCP conn's farewell
   * when a read or idle timeout closes it, so the peer sees an orderly end, not a truncation.
   */
  private void sendCloseNotify() {
    if (records.handshakeDone() && writeLock.tryLock()) {
      try {
        if (!engine.isOutboundDone()) {
          records.writer.closeOutbound();
          records.flushIo();
        }
      } catch (IOException | RuntimeException e) {
        // Best effort: the peer may be gone.
      } finally {
        writeLock.unlock();
      }
    }
  }

  /**
   * Sends close_notify if no writer is busy, then closes the underlying conn and gives the
   * record buffers back. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (delegate().isOpen()) {
      sendCloseNotify();
    }
    delegate().close();
    release.run();
    records.recycle();
  }

  NetException error(String op, SSLException e) {
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

  void ensureOpen(String op) throws ClosedException {
    if (closed.get()) {
      throw new ClosedException(op, localAddress(), remoteAddress());
    }
  }
}
