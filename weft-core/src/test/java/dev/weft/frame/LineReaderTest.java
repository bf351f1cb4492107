package dev.weft.frame;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.ProtocolException;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  private static LineReader reader(String wire) {
    return reader(LineCodec.defaults(), wire);
  }

  private static LineReader reader(LineCodec codec, String wire) {
    return codec.reader(SplitInputStream.oneByteAtATime(wire.getBytes(UTF_8)));
  }

  @Test
  void loneLfEndsALine() throws IOException {
    assertThat(Decoding.readAll(reader("one\ntwo\n"))).containsExactly("one", "two");
  }

  @Test
  void crlfEndsALineAndTheCrIsStripped() throws IOException {
    assertThat(Decoding.readAll(reader("one\r\ntwo\r\n"))).containsExactly("one", "two");
  }

  @Test
  void lfAndCrlfMayBeMixedInOneStream() throws IOException {
    assertThat(Decoding.readAll(reader("a\r\nb\nc\r\n"))).containsExactly("a", "b", "c");
  }

  @Test
  void crNotFollowedByLfStaysInTheLine() throws IOException {
    assertThat(Decoding.readAll(reader("a\rb\n\rc\r\r\n"))).containsExactly("a\rb", "\rc\r");
  }

  @Test
  void emptyLinesAreReturnedAsEmptyStrings() throws IOException {
    assertThat(Decoding.readAll(reader("\n\r\n\nx\n"))).containsExactly("", "", "", "x");
  }

  @Test
  void cleanEofAtALineBoundaryReturnsNull() throws IOException {
    LineReader lines = reader("last\n");
    assertThat(lines.read()).isEqualTo("last");
    assertThat(lines.read()).isNull();
    assertThat(lines.read()).isNull();
  }

  @Test
  void emptyStreamReturnsNull() throws IOException {
    assertThat(reader("").read()).isNull();
  }

  @Test
  void partialLineAtEofIsTruncated() {
    assertThatThrownBy(() -> Decoding.readAll(reader("ok\npartial")))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessage("truncated frame: EOF after 7 bytes of a line with no terminator");
  }

  @Test
  void loneCrAtEofIsTruncated() {
    assertThatThrownBy(() -> reader("\r").read())
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("truncated frame: ");
  }

  @Test
  void lineOfExactlyMaxLengthPassesWithEitherTerminator() throws IOException {
    LineCodec codec = LineCodec.builder().maxLineLength(5).build();
    assertThat(Decoding.readAll(reader(codec, "12345\n12345\r\n"))).containsExactly("12345", "12345");
  }

  @Test
  void lineOfMaxPlusOneFailsNamingTheLimit() {
    LineCodec codec = LineCodec.builder().maxLineLength(5).build();
    assertThatThrownBy(() -> reader(codec, "123456\n").read())
        .isInstanceOfSatisfying(FrameTooLargeException.class, e -> {
          assertThat(e.limit()).isEqualTo(5);
          assertThat(e.size()).isEqualTo(6);
        })
        .hasMessage("frame too large: line has more than 5 bytes before its terminator,"
            + " limit is 5 (maxLineLength)");
  }

  @Test
  void overlongLineFailsAfterReadingAtMostMaxPlusOneBytes() {
    byte[] endless = new byte[1 << 20];
    Arrays.fill(endless, (byte) 'a');
    SplitInputStream in = SplitInputStream.whole(endless);
    LineReader lines = LineCodec.builder().maxLineLength(100).build().reader(in);

    assertThatThrownBy(lines::read).isInstanceOf(FrameTooLargeException.class);
    assertThat(in.bytesRead()).isEqualTo(101);
  }

  @Test
  void crRightAfterMaxBytesMayStartTheTerminator() throws IOException {
    LineCodec codec = LineCodec.builder().maxLineLength(3).build();
    assertThat(reader(codec, "abc\r\n").read()).isEqualTo("abc");
  }

  @Test
  void crRightAfterMaxBytesNotFollowedByLfIsTooLarge() {
    LineCodec codec = LineCodec.builder().maxLineLength(3).build();
    assertThatThrownBy(() -> reader(codec, "abc\rd\n").read())
        .isInstanceOf(FrameTooLargeException.class);
  }

  @Test
  void readBytesReturnsTheRawLineWithoutTerminator() throws IOException {
    LineReader lines = reader("h\u00e9\r\n");
    assertThat(lines.readBytes()).containsExactly('h', 0xC3, 0xA9);
    assertThat(lines.readBytes()).isNull();
  }

  @Test
  void charsetIsConfigurable() throws IOException {
    LineCodec latin1 = LineCodec.builder().charset(ISO_8859_1).build();
    LineReader lines = latin1.reader(SplitInputStream.whole(new byte[] {'c', (byte) 0xE9, '\n'}));
    assertThat(lines.read()).isEqualTo("c\u00e9");
  }

  @Test
  void malformedUtf8DecodesToReplacementCharacter() throws IOException {
    LineReader lines = LineCodec.defaults().reader(SplitInputStream.whole(new byte[] {'x', (byte) 0xFF, '\n'}));
    assertThat(lines.read()).isEqualTo("x\uFFFD");
  }

  @Test
  void longLineAfterShortOnesStillReadsCorrectly() throws IOException {
    String longLine = "y".repeat(20_000);
    LineCodec codec = LineCodec.builder().maxLineLength(20_000).build();
    assertThat(Decoding.readAll(reader(codec, "a\n" + longLine + "\nb\n")))
        .containsExactly("a", longLine, "b");
  }
}
