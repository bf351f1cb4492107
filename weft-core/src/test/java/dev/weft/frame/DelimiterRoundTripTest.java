package dev.weft.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class DelimiterRoundTripTest {
  /** Delimiter sets: one byte, CRLF-or-LF, repeated byte, mixed lengths. */
  private static final List<List<String>> DELIMITER_SETS =
      List.of(List.of("\0"), List.of("\r\n", "\n"), List.of("||"), List.of("END", "\0"));

  @Property
  void framesRoundTripAtRandomSplitPoints(
      @ForAll("codecs") DelimiterCodec codec,
      @ForAll("frames") List<byte[]> frames,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 64) Integer> chunks)
      throws IOException {
    List<byte[]> sent = sendable(codec, frames);
    byte[] wire = encode(codec, sent);
    assertFrames(Decoding.readAll(codec.reader(SplitInputStream.splitAt(wire, chunks))), sent);
  }

  @Property
  void framesRoundTripOneByteAtATime(
      @ForAll("codecs") DelimiterCodec codec, @ForAll("frames") List<byte[]> frames)
      throws IOException {
    List<byte[]> sent = sendable(codec, frames);
    byte[] wire = encode(codec, sent);
    assertFrames(Decoding.readAll(codec.reader(SplitInputStream.oneByteAtATime(wire))), sent);
  }

  @Provide
  Arbitrary<DelimiterCodec> codecs() {
    return Arbitraries.of(DELIMITER_SETS).flatMap(set -> Arbitraries.of(true, false).map(strip -> {
      DelimiterCodec.Builder b = DelimiterCodec.builder().maxFrameLength(100).stripDelimiter(strip);
      set.forEach(b::delimiter);
      return b.build();
    }));
  }

  /** Frames over an alphabet rich in delimiter bytes, so collisions are common. */
  @Provide
  Arbitrary<List<byte[]>> frames() {
    Arbitrary<Byte> alphabet = Arbitraries.of((byte) 'a', (byte) '|', (byte) '\r', (byte) '\n',
        (byte) 0, (byte) 'E', (byte) 'N', (byte) 'D');
    return alphabet.list().ofMaxSize(100)
        .map(bs -> {
          byte[] b = new byte[bs.size()];
          for (int i = 0; i < b.length; i++) {
            b[i] = bs.get(i);
          }
          return b;
        })
        .list().ofMaxSize(8);
  }

  /**
   * Turns arbitrary bytes into frames the writer accepts, using a plain {@code indexOf} search
   * rather than the codec's own scanner: while some delimiter occurs in the wire form before its
   * end, overwrite that occurrence's first byte with 'a' (in no delimiter). Without stripping,
   * the sent frame carries the first delimiter itself.
   */
  private static List<byte[]> sendable(DelimiterCodec codec, List<byte[]> frames) {
    byte[] d0 = codec.delimiters().get(0);
    List<byte[]> sent = new ArrayList<>();
    for (byte[] frame : frames) {
      byte[] wire = concat(frame, d0);
      for (int bad; (bad = earlyOccurrence(codec.delimiters(), wire)) >= 0; ) {
        wire[bad] = 'a';
      }
      sent.add(codec.stripDelimiter() ? Arrays.copyOf(wire, frame.length) : wire);
    }
    return sent;
  }

  /** Start of a delimiter occurrence ending before the last byte of {@code wire}, or -1. */
  private static int earlyOccurrence(List<byte[]> delimiters, byte[] wire) {
    String s = new String(wire, StandardCharsets.ISO_8859_1);
    for (byte[] d : delimiters) {
      int at = s.indexOf(new String(d, StandardCharsets.ISO_8859_1));
      if (at >= 0 && at + d.length < wire.length) {
        return at;
      }
    }
    return -1;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static byte[] encode(DelimiterCodec codec, List<byte[]> frames) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DelimiterWriter writer = codec.writer(out);
    for (byte[] frame : frames) {
      writer.write(frame);
    }
    return out.toByteArray();
  }

  private static void assertFrames(List<byte[]> got, List<byte[]> sent) {
    assertThat(got).hasSameSizeAs(sent);
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i)).as("frame %d", i).isEqualTo(sent.get(i));
    }
  }
}
