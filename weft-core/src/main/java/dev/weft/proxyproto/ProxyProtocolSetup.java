package dev.weft.proxyproto;

import dev.weft.access.CidrList;
import dev.weft.net.AdmissionCheck;
import dev.weft.net.Conn;
import dev.weft.net.ConnSetup;
import dev.weft.net.NetException;
import dev.weft.net.PrefixedConn;
import dev.weft.net.RejectReason;
import dev.weft.net.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts PROXY protocol headers (v1 and v2) from trusted proxies, so that handlers, access
 * rules and logs see the real client. Install it with {@link #applyTo(ServerConfig)}, which puts
 * it before every other setup step (the header precedes TLS) and moves the server's admission
 * check to the real client:
 *
 * <ul>
 *   <li>A peer in {@code acceptFrom} passes the acceptor unchecked; its header is read (within
 *       the header timeout) and the server's admission check then runs on the client the header
 *       names. A refusal closes the connection with a {@link ClientRejectedException}.
 *   <li>Any other peer is checked on its own address, as usual. If the header is {@code
 *       required}, it is refused with a {@link ProxyProtocolException} (close cause {@code
 *       PROTOCOL_ERROR}) before anything is read; otherwise it is served as a direct client and
 *       its bytes are never inspected, so it cannot spoof an address.
 *   <li>A trusted peer that sends no header is refused when the header is required, and served
 *       as a direct client (with its bytes replayed) when it is optional.
 * </ul>
 *
 * <p>The connection the handler gets is a {@link ProxiedConn}. A LOCAL header (a health check)
 * keeps the socket's addresses. The connection's thread name gains {@code client=ADDR}. Counters
 * are in {@link #stats()}. Thread-safe; one instance may serve many servers.
 */
public final class ProxyProtocolSetup implements ConnSetup {
  /** Default for {@link Builder#headerTimeout}: 5 seconds. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(ProxyProtocolSetup.class);

  private final CidrList acceptFrom;
  private final boolean required;
  private final int maxV2Length;
  private final Duration headerTimeout;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder direct = new LongAdder();
  private final LongAdder untrusted = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder clientRejected = new LongAdder();

  private ProxyProtocolSetup(Builder b) {
    this.acceptFrom = b.acceptFrom;
    this.required = b.required;
    this.maxV2Length = b.maxV2Length;
    this.headerTimeout = b.headerTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@code config} with this step first in its setup and its admission check applied to the
   * real client as described above.
   */
  public ServerConfig applyTo(ServerConfig config) {
    AdmissionCheck access = config.admission();
    AdmissionCheck peer = remote -> acceptFrom.matches(remote.getAddress()) ? null : access.check(remote);
    ConnSetup first = conn -> setUp(conn, access);
    return config.withAdmission(peer).withSetup(first.then(config.setup()));
  }

  /** Reads the header without any admission check on the client; prefer {@link #applyTo}. */
  @Override
  public Conn setUp(Conn conn) throws IOException {
    return setUp(conn, AdmissionCheck.ALLOW_ALL);
  }

  /** The counters so far. Any thread. */
  public ProxyProtocolStats stats() {
    return new ProxyProtocolStats(
        accepted.sum(), direct.sum(), untrusted.sum(), malformed.sum(), clientRejected.sum());
  }

  /** The proxies trusted to send a header. */
  public CidrList acceptFrom() {
    return acceptFrom;
  }

  /** Whether a connection without a header is refused. */
  public boolean required() {
    return required;
  }

  private Conn setUp(Conn conn, AdmissionCheck access) throws IOException {
    InetSocketAddress peer = conn.remoteAddress();
    if (!acceptFrom.matches(peer.getAddress())) {
      if (required) {
        untrusted.increment();
        throw new ProxyProtocolException("PROXY header required, but " + NetException.addr(peer)
            + " is not a trusted proxy (accept-from)");
      }
      direct.increment();
      return conn; // checked on its own address by the acceptor
    }
    ProxyProtocol.Peeked p = readHeader(conn);
    if (p.header() == null) {
      if (required) {
        malformed.increment();
        throw new ProxyProtocolException("no PROXY header from trusted proxy " + NetException.addr(peer));
      }
      direct.increment();
      admit(conn, access, peer);
      return new PrefixedConn(conn, p.consumed());
    }
    ProxiedConn proxied = new ProxiedConn(conn, p.header());
    admit(conn, access, proxied.remoteAddress());
    accepted.increment();
    Thread t = Thread.currentThread();
    t.setName(t.getName() + " client=" + NetException.addr(proxied.remoteAddress()));
    log.debug("PROXY header from {}: client {}", NetException.addr(peer), NetException.addr(proxied.remoteAddress()));
    return proxied;
  }

  private ProxyProtocol.Peeked readHeader(Conn conn) throws IOException {
    if (!headerTimeout.isZero()) {
      conn.setReadDeadline(Instant.now().plus(headerTimeout));
    }
    try {
      return required
          ? new ProxyProtocol.Peeked(ProxyProtocol.read(conn.in(), maxV2Length), new byte[0])
          : ProxyProtocol.readIfPresent(conn.in(), maxV2Length);
    } catch (ProxyProtocolException e) {
      malformed.increment();
      throw e;
    } finally {
      conn.setReadDeadline(null);
    }
  }

  private void admit(Conn conn, AdmissionCheck access, InetSocketAddress client) throws ClientRejectedException {
    RejectReason r = access.check(client);
    if (r != null) {
      clientRejected.increment();
      throw new ClientRejectedException(conn.localAddress(), client, r);
    }
  }

  /** Builds a {@link ProxyProtocolSetup}. Not thread-safe. */
  public static final class Builder {
    private CidrList acceptFrom = CidrList.EMPTY;
    private boolean required = true;
    private int maxV2Length = ProxyProtocol.DEFAULT_MAX_V2_LENGTH;
    private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;

    private Builder() {}

    /** The proxies trusted to send a header. Default: none, which trusts nobody. */
    public Builder acceptFrom(CidrList proxies) {
      this.acceptFrom = Objects.requireNonNull(proxies, "acceptFrom");
      return this;
    }

    /** Parses each CIDR; a bad one throws IllegalArgumentException naming it. */
    public Builder acceptFrom(String... cidrs) {
      return acceptFrom(CidrList.parse(cidrs));
    }

    /** Refuse connections without a header. Default: true. */
    public Builder required(boolean required) {
      this.required = required;
      return this;
    }

    /** The largest v2 body accepted, 16..65535 bytes. Default: {@value ProxyProtocol#DEFAULT_MAX_V2_LENGTH}. */
    public Builder maxV2Length(int bytes) {
      if (bytes < 16 || bytes > 0xFFFF) {
        throw new IllegalArgumentException("maxV2Length must be 16..65535, got " + bytes);
      }
      this.maxV2Length = bytes;
      return this;
    }

    /** How long a trusted proxy may take to send the header; zero disables. Default: 5 seconds. */
    public Builder headerTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("headerTimeout must be >= 0, got " + timeout);
      }
      this.headerTimeout = timeout;
      return this;
    }

    public ProxyProtocolSetup build() {
      return new ProxyProtocolSetup(this);
    }
  }
}
