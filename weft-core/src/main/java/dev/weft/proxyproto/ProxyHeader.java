package dev.weft.proxyproto;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a PROXY protocol header says about the client connection behind a proxy. Immutable.
 *
 * @param command {@link Command#PROXY} for a relayed connection, {@link Command#LOCAL} for one
 *     the proxy opened itself (a health check): the receiver then keeps the real addresses
 * @param family the address family and transport; {@link Family#UNKNOWN} carries no addresses
 * @param source the client's address; null for LOCAL, UNKNOWN and UNIX
 * @param destination the address the client connected to; null when {@code source} is
 * @param tlvs the v2 type-length-value entries, in wire order; always empty for v1
 */
public record ProxyHeader(
    Command command, Family family, InetSocketAddress source, InetSocketAddress destination, List<Tlv> tlvs) {

  /** The v2 command; v1 headers are always {@link #PROXY}. */
  public enum Command {
    /** The proxy opened the connection itself; the addresses, if any, mean nothing. */
    LOCAL,
    /** The connection was relayed on behalf of {@code source}. */
    PROXY
  }

  /** Address family and transport. v1 knows {@link #TCP4}, {@link #TCP6} and {@link #UNKNOWN}. */
  public enum Family {
    UNKNOWN,
    TCP4,
    TCP6,
    UDP4,
    UDP6,
    /** AF_UNIX; the socket paths are skipped, so no addresses are reported. */
    UNIX;

    boolean hasInetAddresses() {
      return this != UNKNOWN && this != UNIX;
    }

    boolean isV4() {
      return this == TCP4 || this == UDP4;
    }
  }

  public ProxyHeader {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(family, "family");
    tlvs = List.copyOf(tlvs);
    boolean addressed = command == Command.PROXY && family.hasInetAddresses();
    if (addressed) {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(destination, "destination");
      check(family, source);
      check(family, destination);
    } else if (source != null || destination != null) {
      throw new IllegalArgumentException(command + " " + family + " carries no addresses");
    }
  }

  /** A TCP connection from {@code source} to {@code destination}, both IPv4 or both IPv6. */
  public static ProxyHeader tcp(InetSocketAddress source, InetSocketAddress destination) {
    Family f = source.getAddress() instanceof Inet4Address && destination.getAddress() instanceof Inet4Address
        ? Family.TCP4
        : Family.TCP6;
    return new ProxyHeader(Command.PROXY, f, source, destination, List.of());
  }

  /** A connection the proxy made itself (v2 only), e.g. a health check. */
  public static ProxyHeader local() {
    return new ProxyHeader(Command.LOCAL, Family.UNKNOWN, null, null, List.of());
  }

  /** A relayed connection whose addresses the proxy does not know. */
  public static ProxyHeader unknown() {
    return new ProxyHeader(Command.PROXY, Family.UNKNOWN, null, null, List.of());
  }

  /** This header with {@code entries} as its TLVs (v2 only). */
  public ProxyHeader withTlvs(List<Tlv> entries) {
    return new ProxyHeader(command, family, source, destination, entries);
  }

  /** True when the header names the client: a PROXY command with addresses. */
  public boolean hasAddresses() {
    return source != null;
  }

  /** The first TLV of {@code type}. */
  public Optional<Tlv> tlv(int type) {
    return tlvs.stream().filter(t -> t.type() == type).findFirst();
  }

  /** The negotiated application protocol ({@link Tlv#ALPN}), e.g. {@code h2}. */
  public Optional<String> alpn() {
    return tlv(Tlv.ALPN).map(Tlv::text);
  }

  /** The host name the client asked for ({@link Tlv#AUTHORITY}). */
  public Optional<String> authority() {
    return tlv(Tlv.AUTHORITY).map(Tlv::text);
  }

  /** The proxy's connection id ({@link Tlv#UNIQUE_ID}). */
  public Optional<byte[]> uniqueId() {
    return tlv(Tlv.UNIQUE_ID).map(Tlv::value);
  }

  /** The client's TLS details ({@link Tlv#SSL}). The reader has already checked the encoding. */
  public Optional<SslInfo> ssl() {
    return tlv(Tlv.SSL).map(t -> {
      try {
        return SslInfo.parse(t.raw());
      } catch (ProxyProtocolException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    });
  }

  private static void check(Family family, InetSocketAddress a) {
    if (a.isUnresolved()) {
      throw new IllegalArgumentException("address must be resolved, got " + a);
    }
    // An IPv4 address in a v6 family is written IPv4-mapped (Java reads ::ffff:a.b.c.d as IPv4).
    if (family.isV4() && a.getAddress() instanceof Inet6Address) {
      throw new IllegalArgumentException(family + " needs IPv4 addresses, got " + a.getAddress().getHostAddress());
    }
  }
}
