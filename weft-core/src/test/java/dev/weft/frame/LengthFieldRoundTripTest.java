package dev.weft.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
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

class LengthFieldRoundTripTest {

  @Property
  void framesRoundTripAtRandomSplitPoints(
      @ForAll("codecs") LengthFieldCodec codec,
      @ForAll("bodies") List<byte[]> bodies,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 64) Integer> chunks)
      throws IOException {
    Case c = new Case(codec, bodies);
    assertRoundTrip(c, codec.reader(SplitInputStream.splitAt(c.wire(), chunks)));
  }

  @Property
  void framesRoundTripOneByteAtATime(
      @ForAll("codecs") LengthFieldCodec codec, @ForAll("bodies") List<byte[]> bodies)
      throws IOException {
    Case c = new Case(codec, bodies);
    assertRoundTrip(c, codec.reader(SplitInputStream.oneByteAtATime(c.wire())));
  }

  private static void assertRoundTrip(Case c, LengthFieldReader reader) throws IOException {
    List<byte[]> got = Decoding.readAll(reader);
    assertThat(got).hasSameSizeAs(c.expected);
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i)).as("frame %d", i).isEqualTo(c.expected.get(i));
    }
  }

  /** Every field size and order, offsets 0-3, adjustments -12..3, every legal strip. */
  @Provide
  Arbitrary<LengthFieldCodec> codecs() {
    return Combinators.combine(
            Arbitraries.of(1, 2, 4, 8),
            Arbitraries.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN),
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(-12, 3))
        .flatAs((len, order, offset, adj) -> Arbitraries.integers().between(0, offset + len)
            .map(strip -> new LengthFieldCodec(1000, offset, len, order, adj, strip)));
  }

  @Provide
  Arbitrary<List<byte[]>> bodies() {
    // Up to 250 bytes keeps every 1-byte field value (body - adjustment <= 262) mostly valid;
    // Case trims the rare body that would not fit.
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(250).list().ofMaxSize(8);
  }

  /**
   * What the writer is given and what the reader must return, with the header built by an
   * independent encoder ({@link ByteBuffer}) rather than the code under test.
   */
  private static final class Case {
    final List<byte[]> expected = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Case(LengthFieldCodec codec, List<byte[]> bodies) throws IOException {
      LengthFieldWriter writer = codec.writer(out);
      int adj = codec.lengthAdjustment();
      for (int i = 0; i < bodies.size(); i++) {
        byte[] body = bodies.get(i);
        if (body.length < adj) {
          body = Arrays.copyOf(body, adj); // the field cannot be negative
        }
        if (codec.lengthFieldLength() == 1 && body.length - adj > 255) {
          body = Arrays.copyOf(body, 255 + adj);
        }
        byte[] prefix = new byte[codec.lengthFieldOffset()];
        Arrays.fill(prefix, (byte) (0x40 + i));
        byte[] field = field(codec, body.length - adj);
        writer.write(ByteBuffer.allocate(prefix.length + body.length).put(prefix).put(body).array());
        byte[] frame = ByteBuffer.allocate(prefix.length + field.length + body.length)
            .put(prefix).put(field).put(body).array();
        expected.add(Arrays.copyOfRange(frame, codec.initialBytesToStrip(), frame.length));
      }
    }

    byte[] wire() {
      return out.toByteArray();
    }

    private static byte[] field(LengthFieldCodec codec, long value) {
      ByteBuffer b = ByteBuffer.allocate(codec.lengthFieldLength()).order(codec.byteOrder());
      switch (codec.lengthFieldLength()) {
        case 1 -> b.put((byte) value);
        case 2 -> b.putShort((short) value);
        case 4 -> b.putInt((int) value);
        default -> b.putLong(value);
      }
      return b.array();
    }
  }
}
