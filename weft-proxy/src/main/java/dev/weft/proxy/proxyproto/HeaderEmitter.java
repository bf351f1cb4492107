package dev.weft.proxy.proxyproto;

import dev.weft.net.Conn;
import dev.weft.proxy.ProxyHeaderEmitter;
import dev.weft.proxy.SendProxy;
import dev.weft.proxyproto.ProxiedConn;
import dev.weft.proxyproto.ProxyHeader;
import dev.weft.proxyproto.ProxyProtocol;
import dev.weft.proxyproto.Tlv;
import java.util.List;

/**
 * The proxy's PROXY protocol encoder, from weft-core's {@code dev.weft.proxyproto}: the source is
 * the client as the listener sees it ({@link Conn#remoteAddress()}, already the real client when
 * the listener itself accepted a PROXY header) and the destination the address it connected to.
 * v2 carries the TLVs of an upstream proxy's header through (ALPN, authority, unique id, SSL),
 * so a chain of proxies keeps them. Stateless and thread-safe.
 */
public final class HeaderEmitter implements ProxyHeaderEmitter {
  /** The one instance. */
  public static final HeaderEmitter INSTANCE = new HeaderEmitter();

  private HeaderEmitter() {}

  @Override
  public byte[] header(SendProxy version, Conn client) {
    ProxyHeader h = ProxyHeader.tcp(client.remoteAddress(), client.localAddress());
    return switch (version) {
      case V1 -> ProxyProtocol.encodeV1(h);
      case V2 -> ProxyProtocol.encodeV2(h.withTlvs(upstreamTlvs(client)));
      case NONE -> new byte[0];
    };
  }

  private static List<Tlv> upstreamTlvs(Conn client) {
    for (Conn c = client; c instanceof dev.weft.net.ForwardingConn f; c = f.delegate()) {
      if (c instanceof ProxiedConn p) {
        return p.header().tlvs().stream().filter(t -> t.type() != Tlv.CRC32C && t.type() != Tlv.NOOP).toList();
      }
    }
    return List.of();
  }
}
