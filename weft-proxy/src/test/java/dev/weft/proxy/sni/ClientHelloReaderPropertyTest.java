package dev.weft.proxy.sni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ClientHelloReaderPropertyTest {
  private static final byte[] AFTER = {23, 3, 3, 0, 1, 42}; // an application-data record

  record Hello(String sni, List<String> alpn, int sessionId, int padding) {
    byte[] message() {
      return Hellos.message(sni, alpn, sessionId, padding);
    }
  }

  @Property
  void serverNameAndAlpnSurviveAnyRecordSplitReadOneByteAtATime(
      @ForAll("hellos") Hello h, @ForAll @Size(max = 5) List<@IntRange(min = 1, max = 700) Integer> cuts)
      throws IOException {
    byte[] wire = Hellos.records(h.message(), cuts);
    OneByteAtATime in = new OneByteAtATime(concat(wire, AFTER));
    ClientHello got = ClientHelloReader.read(in, 64 * 1024);
    assertThat(got.serverName()).isEqualTo(h.sni() == null ? null : h.sni().toLowerCase());
    assertThat(got.alpn()).isEqualTo(h.alpn());
    assertThat(got.peeked()).isEqualTo(wire); // whole records, nothing more: replays unchanged
    assertThat(in.readAllBytes()).isEqualTo(AFTER);
  }

  @Property(tries = 60) // each try checks every prefix of a hello of up to ~2 KB
  void truncationAtEveryPointIsAPeekError(@ForAll("hellos") Hello h, @ForAll @IntRange(min = 1, max = 300) int cut) {
    byte[] wire = Hellos.records(h.message(), List.of(cut));
    for (int at = 0; at < wire.length; at++) {
      byte[] prefix = Arrays.copyOf(wire, at);
      assertThatThrownBy(() -> ClientHelloReader.read(new OneByteAtATime(prefix), 64 * 1024))
          .as("cut at %d of %d", at, wire.length)
          .isInstanceOf(TlsPeekException.class);
    }
  }

  @Property
  void randomGarbageIsAPeekErrorAndReadsNoMoreThanTheBound(@ForAll("garbage") byte[] input) {
    OneByteAtATime in = new OneByteAtATime(input);
    try {
      ClientHelloReader.read(in, 1024);
    } catch (TlsPeekException expected) {
      // the only failure allowed
    } catch (IOException e) {
      throw new AssertionError("unexpected " + e, e);
    }
    assertThat(in.consumed()).isLessThanOrEqualTo(1024);
  }

  @Property
  void aHelloOverTheBoundIsRefusedWithoutReadingPastIt(
      @ForAll @IntRange(min = 200, max = 4000) int padding, @ForAll @Size(max = 3) List<@IntRange(min = 1, max = 700) Integer> cuts) {
    byte[] wire = Hellos.records(Hellos.message("big.example", List.of(), 0, padding), cuts);
    int bound = wire.length - 1;
    OneByteAtATime in = new OneByteAtATime(wire);
    assertThatThrownBy(() -> ClientHelloReader.read(in, bound))
        .isInstanceOf(TlsPeekException.class)
        .hasMessageContaining("limit");
    assertThat(in.consumed()).isLessThanOrEqualTo(bound);
  }

  @Provide
  Arbitrary<Hello> hellos() {
    Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').withChars('-', 'Q', '7').ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> host = label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    Arbitrary<String> proto = Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(12);
    return Combinators.combine(
            host.injectNull(0.2), proto.list().ofMaxSize(3), Arbitraries.integers().between(0, 32),
            Arbitraries.integers().between(0, 1500))
        .as(Hello::new);
  }

  /** Random bytes; half start like a handshake record so the parser goes deeper. */
  @Provide
  Arbitrary<byte[]> garbage() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
    return Arbitraries.oneOf(random,
        random.map(r -> concat(new byte[] {22, 3, 1, (byte) (r.length >> 8), (byte) r.length, 1}, r)),
        Arbitraries.integers().between(0, 2000).flatMap(n -> hellos().map(h -> mutate(h.message(), n))));
  }

  private static byte[] mutate(byte[] message, int seed) {
    byte[] wire = Hellos.records(message, List.of());
    wire[seed % wire.length] ^= (byte) (1 + seed % 255);
    return wire;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
