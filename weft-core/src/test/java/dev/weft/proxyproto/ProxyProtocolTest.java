package dev.weft.proxyproto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Examples from the spec and the cases the properties do not aim at. */
class ProxyProtocolTest {
  private static ProxyHeader read(String text) throws IOException {
    return ProxyProtocol.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void readsTheSpecsV1Examples() throws IOException {
    assertThat(read("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"))
        .isEqualTo(ProxyHeader.tcp(new InetSocketAddress("192.168.0.1", 56324), new InetSocketAddress("192.168.0.11", 443)));
    assertThat(read("PROXY TCP6 ::1 2001:db8::2 1 2\r\n").source()).isEqualTo(new InetSocketAddress("::1", 1));
    assertThat(read("PROXY UNKNOWN ffff:f...f:ffff 65535 65535\r\n")).isEqualTo(ProxyHeader.unknown());
    assertThat(read("PROXY UNKNOWN\r\n").hasAddresses()).isFalse();
  }

  @Test
  void refusesBadV1FieldsNamingThem() {
    assertThatThrownBy(() -> read("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\n")).hasMessageContaining("CRLF");
    assertThatThrownBy(() -> read("PROXY TCP4 1.2.3.256 1.2.3.4 1 2\r\n")).hasMessageContaining("'1.2.3.256'");
    assertThatThrownBy(() -> read("PROXY TCP4 example.com 1.2.3.4 1 2\r\n")).hasMessageContaining("'example.com'");
    assertThatThrownBy(() -> read("PROXY TCP4 ::1 1.2.3.4 1 2\r\n")).hasMessageContaining("'::1'");
    assertThatThrownBy(() -> read("PROXY TCP4 1.2.3.4 1.2.3.4 65536 2\r\n")).hasMessageContaining("port '65536'");
    assertThatThrownBy(() -> read("PROXY TCP4 1.2.3.4 1.2.3.4 01 2\r\n")).hasMessageContaining("port '01'");
    assertThatThrownBy(() -> read("PROXY TCP5 1.2.3.4 1.2.3.4 1 2\r\n")).hasMessageContaining("'TCP5'");
    assertThatThrownBy(() -> read("PROXY TCP4 1.2.3.4  1.2.3.4 1 2\r\n")).hasMessageContaining("5 fields");
    assertThatThrownBy(() -> read("\u0016\u0003\u0001")).isInstanceOf(ProxyProtocolException.class)
        .hasMessageContaining("0x160301");
  }

  @Test
  void v2ChecksAGoodCrc32cAndRefusesABadOne() throws IOException {
    ProxyHeader h = ProxyHeader.tcp(new InetSocketAddress("10.0.0.1", 1), new InetSocketAddress("10.0.0.2", 2))
        .withTlvs(List.of(new Tlv(Tlv.CRC32C, new byte[4]), Tlv.of(Tlv.AUTHORITY, "a.example")));
    byte[] wire = ProxyProtocol.encodeV2(h);
    ProxyHeader back = ProxyProtocol.read(new ByteArrayInputStream(wire));
    assertThat(back.authority()).contains("a.example");
    assertThat(back.tlv(Tlv.CRC32C).orElseThrow().value()).isNotEqualTo(new byte[4]);
    wire[wire.length - 1] ^= 1; // flip one bit of the authority
    assertThatThrownBy(() -> ProxyProtocol.read(new ByteArrayInputStream(wire))).hasMessageContaining("CRC32C");
  }

  @Test
  void v2SslTlvExposesVersionAndCommonName() throws IOException {
    SslInfo ssl = new SslInfo(SslInfo.CLIENT_SSL | SslInfo.CLIENT_CERT_CONN, 0,
        List.of(Tlv.of(Tlv.SSL_VERSION, "TLSv1.3"), Tlv.of(Tlv.SSL_CN, "alice")));
    ProxyHeader h = ProxyHeader.tcp(new InetSocketAddress("10.0.0.1", 1), new InetSocketAddress("10.0.0.2", 2))
        .withTlvs(List.of(ssl.toTlv(), new Tlv(Tlv.UNIQUE_ID, new byte[] {1, 2, 3}), Tlv.of(Tlv.ALPN, "h2")));
    ProxyHeader back = ProxyProtocol.read(new ByteArrayInputStream(ProxyProtocol.encodeV2(h)));
    assertThat(back.ssl()).contains(ssl);
    assertThat(back.ssl().orElseThrow().commonName()).contains("alice");
    assertThat(back.ssl().orElseThrow().version()).contains("TLSv1.3");
    assertThat(back.uniqueId().orElseThrow()).containsExactly(1, 2, 3);
    assertThat(back.alpn()).contains("h2");
  }

  @Test
  void v2RefusesAMalformedSslTlvAtReadTime() {
    ProxyHeader h = ProxyHeader.tcp(new InetSocketAddress("10.0.0.1", 1), new InetSocketAddress("10.0.0.2", 2))
        .withTlvs(List.of(new Tlv(Tlv.SSL, new byte[] {1, 0, 0, 0, 0, 0x21, 0, 9})));
    assertThatThrownBy(() -> ProxyProtocol.read(new ByteArrayInputStream(ProxyProtocol.encodeV2(h))))
        .isInstanceOf(ProxyProtocolException.class).hasMessageContaining("SSL sub-TLV");
  }

  @Test
  void v2RefusesUnknownVersionCommandAndFamily() {
    byte[] base = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "2111000c" + "0a0000010a00000200010002");
    for (String[] c : new String[][] {{"12", "version 1"}, {"13", "version 1"}, {"2f", "command 15"}}) {
      byte[] w = base.clone();
      w[12] = (byte) Integer.parseInt(c[0], 16);
      assertThatThrownBy(() -> ProxyProtocol.read(new ByteArrayInputStream(w))).hasMessageContaining(c[1]);
    }
    byte[] w = base.clone();
    w[13] = 0x41;
    assertThatThrownBy(() -> ProxyProtocol.read(new ByteArrayInputStream(w))).hasMessageContaining("family 0x41");
  }

  @Test
  void writerRefusesWhatV1CannotCarry() {
    assertThatThrownBy(() -> ProxyProtocol.encodeV1(ProxyHeader.local())).hasMessageContaining("LOCAL");
    ProxyHeader withTlv = ProxyHeader.unknown().withTlvs(List.of(Tlv.of(Tlv.ALPN, "h2")));
    assertThatThrownBy(() -> ProxyProtocol.encodeV1(withTlv)).hasMessageContaining("TLVs");
  }
}
