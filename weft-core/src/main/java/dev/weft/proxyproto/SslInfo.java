package dev.weft.proxyproto;

import java.util.List;
import java.util.Optional;

/**
 * The value of a {@link Tlv#SSL} entry: how the client reached the proxy over TLS.
 *
 * @param client bit field: 0x01 the client used TLS, 0x02 it sent a certificate on this
 *     connection, 0x04 it sent one on this session
 * @param verify zero when the client certificate was verified, non-zero otherwise (unsigned
 *     32-bit)
 * @param subTlvs the nested entries: {@link Tlv#SSL_VERSION}, {@link Tlv#SSL_CN}, ...
 */
public record SslInfo(int client, long verify, List<Tlv> subTlvs) {
  /** Bit of {@link #client}: the connection used TLS. */
  public static final int CLIENT_SSL = 0x01;
  /** Bit of {@link #client}: the client presented a certificate on this connection. */
  public static final int CLIENT_CERT_CONN = 0x02;
  /** Bit of {@link #client}: the client presented a certificate on this TLS session. */
  public static final int CLIENT_CERT_SESS = 0x04;

  public SslInfo {
    if (client < 0 || client > 255) {
      throw new IllegalArgumentException("client must be 0..255, got " + client);
    }
    if (verify < 0 || verify > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("verify must be an unsigned 32-bit value, got " + verify);
    }
    subTlvs = List.copyOf(subTlvs);
  }

  /** The TLS version text, e.g. {@code TLSv1.3}, if the proxy sent it. */
  public Optional<String> version() {
    return text(Tlv.SSL_VERSION);
  }

  /** The client certificate's common name, if the proxy sent it. */
  public Optional<String> commonName() {
    return text(Tlv.SSL_CN);
  }

  private Optional<String> text(int type) {
    return subTlvs.stream().filter(t -> t.type() == type).findFirst().map(Tlv::text);
  }

  /** Encodes this as the value of a {@link Tlv#SSL} entry. */
  public Tlv toTlv() {
    int len = 5;
    for (Tlv t : subTlvs) {
      len += t.wireLength();
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(len);
    b.put((byte) client).putInt((int) verify);
    subTlvs.forEach(t -> V2Codec.putTlv(b, t));
    return new Tlv(Tlv.SSL, b.array());
  }

  /** Decodes the value of a {@link Tlv#SSL} entry. */
  static SslInfo parse(byte[] value) throws ProxyProtocolException {
    if (value.length < 5) {
      throw new ProxyProtocolException("PROXY v2 SSL TLV is " + value.length + " bytes; it needs at least 5");
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(value);
    int client = b.get() & 0xFF;
    long verify = b.getInt() & 0xFFFF_FFFFL;
    return new SslInfo(client, verify, V2Codec.tlvs(b, "SSL sub-TLV"));
  }
}
