package dev.weft.proxyproto;

import dev.weft.net.Conn;
import dev.weft.net.ForwardingConn;
import java.net.InetSocketAddress;

/**
 * A connection that arrived through a proxy: {@link #remoteAddress()} is the client named by
 * the PROXY header and {@link #localAddress()} the address that client connected to. For a LOCAL
 * or UNKNOWN header both stay the real socket addresses. {@link #proxyAddress()} is the proxy's
 * own address. Thread-safety as {@link Conn}.
 */
public final class ProxiedConn extends ForwardingConn {
  private final ProxyHeader header;

  ProxiedConn(Conn delegate, ProxyHeader header) {
    super(delegate);
    this.header = header;
  }

  /** The header the proxy sent. */
  public ProxyHeader header() {
    return header;
  }

  /** The address of the proxy that sent the header (the socket's peer). */
  public InetSocketAddress proxyAddress() {
    return delegate().remoteAddress();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return header.hasAddresses() ? header.source() : delegate().remoteAddress();
  }

  @Override
  public InetSocketAddress localAddress() {
    return header.hasAddresses() ? header.destination() : delegate().localAddress();
  }

  @Override
  public String toString() {
    return "ProxiedConn(" + dev.weft.net.NetException.addr(remoteAddress()) + " via "
        + dev.weft.net.NetException.addr(proxyAddress()) + ")";
  }
}
