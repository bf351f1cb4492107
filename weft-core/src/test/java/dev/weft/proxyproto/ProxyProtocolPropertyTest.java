package dev.weft.proxyproto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ProxyProtocolPropertyTest {
  private static final byte[] PAYLOAD = "after the header".getBytes();

  @Property
  void v1HeadersRoundTripAndLeaveTheRestUnread(@ForAll("v1") ProxyHeader h) throws IOException {
    byte[] wire = ProxyProtocol.encodeV1(h);
    assertThat(wire.length).isLessThanOrEqualTo(ProxyProtocol.V1_MAX_LENGTH);
    assertRoundTrip(h, wire);
  }

  @Property
  void v2HeadersRoundTripAndLeaveTheRestUnread(@ForAll("v2") ProxyHeader h) throws IOException {
    assertRoundTrip(h, ProxyProtocol.encodeV2(h));
  }

  @Property
  void everyTruncatedHeaderIsAProtocolError(@ForAll("any") byte[] wire, @ForAll @IntRange(max = 10_000) int cut) {
    int at = cut % wire.length;
    byte[] prefix = Arrays.copyOf(wire, at);
    assertThatThrownBy(() -> ProxyProtocol.read(new ByteArrayInputStream(prefix), 0xFFFF))
        .isInstanceOf(ProxyProtocolException.class);
  }

  @Property
  void truncationAtEveryPointOfOneHeaderIsAProtocolError(@ForAll("v2") ProxyHeader h) {
    byte[] wire = ProxyProtocol.encodeV2(h);
    for (int at = 0; at < wire.length; at++) {
      byte[] prefix = Arrays.copyOf(wire, at);
      assertThatThrownBy(() -> ProxyProtocol.read(new ByteArrayInputStream(prefix), 0xFFFF))
          .as("cut at %d of %d", at, wire.length)
          .isInstanceOf(ProxyProtocolException.class);
    }
  }

  @Property
  void randomGarbageIsAProtocolErrorOrAHeaderNeverAnythingElse(@ForAll("garbage") byte[] input) {
    CountingInput in = new CountingInput(input);
    try {
      ProxyProtocol.read(in, 4096);
    } catch (ProxyProtocolException expected) {
      // the only failure allowed
    } catch (IOException e) {
      throw new AssertionError("unexpected " + e, e);
    }
    assertThat(in.consumed()).isLessThanOrEqualTo(16 + 4096);
  }

  @Property
  void aCorruptedByteIsAProtocolErrorOrStillAHeader(
      @ForAll("any") byte[] wire, @ForAll @IntRange(max = 10_000) int where, @ForAll byte value) {
    byte[] bad = wire.clone();
    bad[where % bad.length] = value;
    try {
      ProxyProtocol.read(new ByteArrayInputStream(bad), 0xFFFF);
    } catch (ProxyProtocolException expected) {
      // fine
    } catch (IOException e) {
      throw new AssertionError("unexpected " + e, e);
    }
  }

  @Property
  void anOversizedV2LengthIsRefusedBeforeTheBodyIsRead(@ForAll @IntRange(min = 16, max = 4000) int limit,
      @ForAll @IntRange(min = 1, max = 60_000) int over) {
    int len = Math.min(0xFFFF, limit + over);
    ByteBuffer b = ByteBuffer.allocate(16 + len);
    b.put(V2Codec.SIGNATURE).put((byte) 0x21).put((byte) 0x11).putShort((short) len);
    CountingInput in = new CountingInput(b.array());
    assertThatThrownBy(() -> ProxyProtocol.read(in, limit))
        .isInstanceOf(ProxyProtocolException.class)
        .hasMessageContaining("limit is " + limit);
    assertThat(in.consumed()).isEqualTo(16);
  }

  @Property
  void aV1LineWithoutEndIsRefusedAfter107Bytes(@ForAll @Size(min = 102, max = 400) List<@IntRange(min = 0x20, max = 0x7e) Integer> chars) {
    StringBuilder sb = new StringBuilder("PROXY ");
    chars.forEach(c -> sb.append((char) c.intValue()));
    CountingInput in = new CountingInput(sb.toString().getBytes());
    assertThatThrownBy(() -> ProxyProtocol.read(in))
        .isInstanceOf(ProxyProtocolException.class)
        .hasMessageContaining("longer than 107");
    assertThat(in.consumed()).isEqualTo(107);
  }

  private static void assertRoundTrip(ProxyHeader h, byte[] wire) throws IOException {
    byte[] stream = Arrays.copyOf(wire, wire.length + PAYLOAD.length);
    System.arraycopy(PAYLOAD, 0, stream, wire.length, PAYLOAD.length);
    ByteArrayInputStream in = new ByteArrayInputStream(stream);
    assertThat(ProxyProtocol.read(in, 0xFFFF)).isEqualTo(h);
    assertThat(in.readAllBytes()).isEqualTo(PAYLOAD);
  }

  @Provide
  Arbitrary<ProxyHeader> v1() {
    return Headers.v1();
  }

  @Provide
  Arbitrary<ProxyHeader> v2() {
    return Headers.v2();
  }

  /** A valid header of either version, encoded. */
  @Provide
  Arbitrary<byte[]> any() {
    return Arbitraries.oneOf(Headers.v1().map(ProxyProtocol::encodeV1), Headers.v2().map(ProxyProtocol::encodeV2));
  }

  /** Random bytes, half of them behind a valid signature so the parser gets past the first byte. */
  @Provide
  Arbitrary<byte[]> garbage() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    return Arbitraries.oneOf(random,
        random.map(r -> concat("PROXY ".getBytes(), r)),
        random.map(r -> concat(V2Codec.SIGNATURE, r)));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
