package dev.weft.proxyproto;

import dev.weft.proxyproto.ProxyHeader.Command;
import dev.weft.proxyproto.ProxyHeader.Family;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of PROXY headers, shared by the property tests. */
final class Headers {
  private Headers() {}

  static Arbitrary<InetSocketAddress> addresses(int bytes) {
    return Combinators.combine(
            Arbitraries.bytes().array(byte[].class).ofSize(bytes), Arbitraries.integers().between(0, 65535))
        .as((a, port) -> new InetSocketAddress(address(a), port));
  }

  /** Headers v1 can carry: TCP4, TCP6 and UNKNOWN, no TLVs. */
  static Arbitrary<ProxyHeader> v1() {
    Arbitrary<ProxyHeader> tcp4 = Combinators.combine(addresses(4), addresses(4)).as(ProxyHeader::tcp);
    Arbitrary<ProxyHeader> tcp6 = Combinators.combine(addresses(16), addresses(16))
        .as((s, d) -> new ProxyHeader(Command.PROXY, Family.TCP6, s, d, List.of()));
    return Arbitraries.oneOf(tcp4, tcp6, Arbitraries.just(ProxyHeader.unknown()));
  }

  /** Any v2 header: every family, LOCAL and PROXY, up to 6 TLVs (no CRC32C, which the writer fills in). */
  static Arbitrary<ProxyHeader> v2() {
    Arbitrary<Tlv> tlv = Combinators.combine(
            Arbitraries.integers().between(0, 255).filter(t -> t != Tlv.CRC32C && t != Tlv.SSL),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
        .as(Tlv::new);
    Arbitrary<Tlv> ssl = Combinators.combine(
            Arbitraries.integers().between(0, 7), Arbitraries.longs().between(0, 0xFFFF_FFFFL),
            Arbitraries.strings().ofMaxLength(20))
        .as((c, v, cn) -> new SslInfo(c, v, List.of(Tlv.of(Tlv.SSL_VERSION, "TLSv1.3"), Tlv.of(Tlv.SSL_CN, cn))).toTlv());
    Arbitrary<List<Tlv>> tlvs = Arbitraries.oneOf(tlv, tlv, ssl).list().ofMaxSize(6);
    Arbitrary<ProxyHeader> base = Arbitraries.oneOf(
        v1(),
        Combinators.combine(addresses(4), addresses(4))
            .as((s, d) -> new ProxyHeader(Command.PROXY, Family.UDP4, s, d, List.of())),
        Combinators.combine(addresses(16), addresses(16))
            .as((s, d) -> new ProxyHeader(Command.PROXY, Family.UDP6, s, d, List.of())),
        Arbitraries.of(Family.values()).map(f -> new ProxyHeader(Command.LOCAL, f, null, null, List.of())),
        Arbitraries.just(new ProxyHeader(Command.PROXY, Family.UNIX, null, null, List.of())));
    return Combinators.combine(base, tlvs).as(ProxyHeader::withTlvs);
  }

  static InetAddress address(byte[] a) {
    try {
      return InetAddress.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
