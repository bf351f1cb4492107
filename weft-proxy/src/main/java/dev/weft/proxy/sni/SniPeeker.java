package dev.weft.proxy.sni;

import dev.weft.net.Conn;
import dev.weft.net.DurationFormat;
import dev.weft.net.PrefixedConn;
import dev.weft.proxy.ServerNamePeeker;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Peeks at a client's TLS ClientHello for SNI routing without terminating TLS: reads it with
 * {@link ClientHelloReader} under a size bound and a deadline, then returns a connection that
 * replays the peeked bytes before the rest of the client's input. A malformed, oversized or
 * truncated hello throws {@link TlsPeekException}; a client too slow to send one fails with a
 * timeout. Immutable and thread-safe.
 */
public final class SniPeeker implements ServerNamePeeker {
  /** Default deadline for the whole ClientHello: 10 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final int maxBytes;
  private final Duration timeout;

  /** With {@link ClientHelloReader#DEFAULT_MAX_BYTES} and {@link #DEFAULT_TIMEOUT}. */
  public SniPeeker() {
    this(ClientHelloReader.DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT);
  }

  /**
   * @param maxBytes the most bytes a peek reads, at least 64
   * @param timeout how long the client may take to send its ClientHello; zero disables
   */
  public SniPeeker(int maxBytes, Duration timeout) {
    if (maxBytes < 64) {
      throw new IllegalArgumentException("maxBytes must be >= 64, got " + maxBytes);
    }
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be >= 0, got " + DurationFormat.format(timeout));
    }
    this.maxBytes = maxBytes;
    this.timeout = timeout;
  }

  @Override
  public Peeked peek(Conn client) throws IOException {
    ClientHello hello = read(client);
    return new Peeked(new PrefixedConn(client, hello.peeked()), hello.serverName());
  }

  /** Reads the ClientHello from {@code client} under this peeker's bounds, without replaying it. */
  public ClientHello read(Conn client) throws IOException {
    if (!timeout.isZero()) {
      client.setReadDeadline(Instant.now().plus(timeout));
    }
    try {
      return ClientHelloReader.read(client.in(), maxBytes);
    } finally {
      client.setReadDeadline(null);
    }
  }
}
