package dev.weft.frame;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelimiterCodecTest {
  private static final DelimiterCodec NUL = DelimiterCodec.builder().delimiter("\0").build();

  private static List<String> readAll(DelimiterCodec codec, String wire) throws IOException {
    DelimiterReader reader = codec.reader(SplitInputStream.oneByteAtATime(wire.getBytes(UTF_8)));
    return Decoding.readAll(reader).stream().map(b -> new String(b, UTF_8)).toList();
  }

  @Test
  void splitsOnTheDelimiterAndStripsItByDefault() throws IOException {
    assertThat(readAll(NUL, "a\0bc\0\0")).containsExactly("a", "bc", "");
  }

  @Test
  void keepsTheDelimiterWhenNotStripping() throws IOException {
    DelimiterCodec codec = DelimiterCodec.builder().delimiter("\0").stripDelimiter(false).build();
    assertThat(readAll(codec, "a\0b\0")).containsExactly("a\0", "b\0");
  }

  @Test
  void anyOfSeveralDelimitersEndsAFrame() throws IOException {
    DelimiterCodec codec = DelimiterCodec.builder().delimiter("\r\n").delimiter("\n").build();
    assertThat(readAll(codec, "a\r\nb\nc\rd\n")).containsExactly("a", "b", "c\rd");
  }

  @Test
  void longestDelimiterWinsWhenTwoEndAtTheSameByte() throws IOException {
    DelimiterCodec codec = DelimiterCodec.builder().delimiter("\n").delimiter("\r\n")
        .stripDelimiter(false).build();
    assertThat(readAll(codec, "a\r\n")).containsExactly("a\r\n");
    DelimiterCodec stripping = new DelimiterCodec(codec.delimiters(), codec.maxFrameLength(), true);
    assertThat(readAll(stripping, "a\r\n")).containsExactly("a");
  }

  @Test
  void multiByteDelimiterSplitAcrossReadsIsFound() throws IOException {
    DelimiterCodec codec = DelimiterCodec.builder().delimiter("END").build();
    assertThat(readAll(codec, "oneENDtwoENENDEND")).containsExactly("one", "twoEN", "");
  }

  @Test
  void frameOfExactlyMaxPassesAndMaxPlusOneFailsNamingTheLimit() throws IOException {
    DelimiterCodec codec = DelimiterCodec.builder().delimiter("||").maxFrameLength(4).build();
    assertThat(readAll(codec, "abcd||")).containsExactly("abcd");
    assertThatThrownBy(() -> readAll(codec, "abcde||"))
        .isInstanceOfSatisfying(FrameTooLargeException.class, e -> {
          assertThat(e.limit()).isEqualTo(4);
          assertThat(e.size()).isEqualTo(5);
        })
        .hasMessage("frame too large: more than 4 bytes before a delimiter,"
            + " limit is 4 (maxFrameLength)");
  }

  @Test
  void overlongFrameFailsHavingBufferedAtMostMaxPlusLongestDelimiter() {
    DelimiterCodec codec = DelimiterCodec.builder()
        .delimiter("\0").delimiter("END").maxFrameLength(100).build();
    byte[] endless = new byte[1 << 20];
    Arrays.fill(endless, (byte) 'x');
    SplitInputStream in = SplitInputStream.whole(endless);

    assertThatThrownBy(() -> codec.reader(in).read()).isInstanceOf(FrameTooLargeException.class);
    assertThat(in.bytesRead()).isEqualTo(103);
  }

  @Test
  void shortDelimiterEndingAnOverlongFrameStillFails() {
    DelimiterCodec codec = DelimiterCodec.builder()
        .delimiter("\0").delimiter("END").maxFrameLength(3).build();
    assertThatThrownBy(() -> readAll(codec, "abcd\0"))
        .isInstanceOfSatisfying(FrameTooLargeException.class,
            e -> assertThat(e.size()).isEqualTo(4));
  }

  @Test
  void partialFrameAtEofIsTruncated() {
    assertThatThrownBy(() -> readAll(NUL, "a\0bc"))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessage("truncated frame: EOF after 2 bytes of a frame with no delimiter");
  }

  @Test
  void partialDelimiterAtEofIsTruncated() {
    DelimiterCodec codec = DelimiterCodec.builder().delimiter("END").build();
    assertThatThrownBy(() -> readAll(codec, "xEN")).hasMessageStartingWith("truncated frame: ");
  }

  @Test
  void writerAppendsTheFirstDelimiter() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DelimiterCodec.builder().delimiter("\r\n").delimiter("\n").build().writer(out)
        .write("hi".getBytes(UTF_8));
    assertThat(out.toString(UTF_8)).isEqualTo("hi\r\n");
  }

  @Test
  void writerRejectsFramesTheReaderWouldCutElsewhere() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DelimiterWriter writer = DelimiterCodec.builder().delimiter("||").build().writer(out);
    assertThatThrownBy(() -> writer.write("a||b".getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frame must not contain a delimiter, found one ending at byte 2");
    // "a|" + "||" would read back as "a" followed by a stray "|".
    assertThatThrownBy(() -> writer.write("a|".getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(out.size()).isZero();
  }

  @Test
  void writerRejectsFramesOverMax() {
    DelimiterWriter writer = DelimiterCodec.builder().delimiter("\0").maxFrameLength(2).build()
        .writer(new ByteArrayOutputStream());
    assertThatThrownBy(() -> writer.write(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frame must be <= 2 bytes (maxFrameLength), got 3");
  }

  @Test
  void writerWithoutStrippingRequiresTheFrameToEndWithADelimiter() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DelimiterWriter writer = DelimiterCodec.builder().delimiter("\0").stripDelimiter(false).build()
        .writer(out);
    writer.write(new byte[] {'a', 0});
    assertThatThrownBy(() -> writer.write(new byte[] {'a'}))
        .hasMessage("frame must end with a delimiter when stripDelimiter is false");
    assertThatThrownBy(() -> writer.write(new byte[0]))
        .hasMessage("frame must end with a delimiter when stripDelimiter is false");
    assertThat(out.toByteArray()).containsExactly('a', 0);
  }

  @Test
  void codecValidatesFieldsWithLiteralMessages() {
    assertThatThrownBy(() -> DelimiterCodec.builder().build())
        .hasMessage("delimiters must not be empty");
    assertThatThrownBy(() -> DelimiterCodec.builder().delimiter(new byte[0]).build())
        .hasMessage("delimiters[0] must not be empty");
    assertThatThrownBy(() -> DelimiterCodec.builder().delimiter("\0").maxFrameLength(0).build())
        .hasMessage("maxFrameLength must be > 0, got 0");
  }

  @Test
  void codecCannotBeChangedThroughTheArraysItWasGivenOrReturns() {
    byte[] delimiter = {'\n'};
    DelimiterCodec codec = DelimiterCodec.builder().delimiter(delimiter).build();
    delimiter[0] = 'x';
    codec.delimiters().get(0)[0] = 'y';
    assertThat(codec.delimiters().get(0)).containsExactly('\n');
    assertThat(codec).isEqualTo(DelimiterCodec.builder().delimiter("\n").build());
  }
}
