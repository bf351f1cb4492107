package dev.weft.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class LineRoundTripTest {
  private static final LineCodec CRLF = LineCodec.builder().maxLineLength(200).build();
  private static final LineCodec LF =
      LineCodec.builder().maxLineLength(200).terminator(LineTerminator.LF).build();

  @Property
  void linesRoundTripAtRandomSplitPoints(
      @ForAll("lines") List<String> lines,
      @ForAll boolean crlf,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 64) Integer> chunks)
      throws IOException {
    LineCodec codec = crlf ? CRLF : LF;
    List<String> sent = writable(lines, codec);
    byte[] wire = encode(codec, sent);
    assertThat(Decoding.readAll(codec.reader(SplitInputStream.splitAt(wire, chunks))))
        .isEqualTo(sent);
  }

  @Property
  void linesRoundTripOneByteAtATime(@ForAll("lines") List<String> lines, @ForAll boolean crlf)
      throws IOException {
    LineCodec codec = crlf ? CRLF : LF;
    List<String> sent = writable(lines, codec);
    byte[] wire = encode(codec, sent);
    assertThat(Decoding.readAll(codec.reader(SplitInputStream.oneByteAtATime(wire))))
        .isEqualTo(sent);
  }

  /** Lines mixing ASCII, multi-byte UTF-8, stray \r and empty lines; at most 160 bytes. */
  @Provide
  Arbitrary<List<String>> lines() {
    Arbitrary<String> token = Arbitraries.of("a", "Z", " ", "\t", "\r", "\u00e9", "\u20ac", "\uD83D\uDE00");
    Arbitrary<String> line = token.list().ofMaxSize(40).map(ts -> String.join("", ts));
    return line.list().ofMaxSize(12);
  }

  /** LF-terminated lines cannot end in \r (the reader would strip it); the writer rejects them. */
  private static List<String> writable(List<String> lines, LineCodec codec) {
    return lines.stream()
        .map(l -> codec.terminator() == LineTerminator.LF && l.endsWith("\r") ? l + "." : l)
        .toList();
  }

  private static byte[] encode(LineCodec codec, List<String> lines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LineWriter writer = codec.writer(out);
    for (String line : lines) {
      writer.write(line);
    }
    return out.toByteArray();
  }
}
