package dev.weft.frame;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineWriterTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @Test
  void appendsCrlfByDefault() throws IOException {
    LineCodec.defaults().writer(out).write("hi");
    assertThat(out.toString(UTF_8)).isEqualTo("hi\r\n");
  }

  @Test
  void appendsLfWhenConfigured() throws IOException {
    LineCodec.builder().terminator(LineTerminator.LF).build().writer(out).write("hi");
    assertThat(out.toString(UTF_8)).isEqualTo("hi\n");
  }

  @Test
  void writesEmptyLines() throws IOException {
    LineWriter lines = LineCodec.defaults().writer(out);
    lines.write("");
    lines.writeBytes(new byte[0]);
    assertThat(out.toString(UTF_8)).isEqualTo("\r\n\r\n");
  }

  @Test
  void lineOfExactlyMaxBytesIsWrittenAndMaxPlusOneIsRejected() throws IOException {
    LineWriter lines = LineCodec.builder().maxLineLength(4).build().writer(out);
    lines.write("\u00e9\u00e9"); // 4 bytes in UTF-8
    assertThatThrownBy(() -> lines.write("\u00e9\u00e9x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("line must be <= 4 bytes (maxLineLength), got 5");
    assertThat(out.toString(UTF_8)).isEqualTo("\u00e9\u00e9\r\n");
  }

  @Test
  void rejectsLineContainingLfWithoutWritingAnything() {
    assertThatThrownBy(() -> LineCodec.defaults().writer(out).write("a\nb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("line must not contain \\n, found at byte 1");
    assertThat(out.size()).isZero();
  }

  @Test
  void rejectsTrailingCrWhenTerminatorIsLf() {
    LineWriter lines = LineCodec.builder().terminator(LineTerminator.LF).build().writer(out);
    assertThatThrownBy(() -> lines.write("a\r")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void allowsTrailingCrWhenTerminatorIsCrlf() throws IOException {
    LineCodec.defaults().writer(out).write("a\r");
    assertThat(out.toString(UTF_8)).isEqualTo("a\r\r\n");
  }

  @Test
  void codecRejectsNonPositiveMaxWithLiteralMessage() {
    assertThatThrownBy(() -> LineCodec.builder().maxLineLength(-3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLineLength must be > 0, got -3");
  }

  @Test
  void codecRejectsCharsetsThatAreNotAsciiCompatible() {
    assertThatThrownBy(() -> LineCodec.builder().charset(StandardCharsets.UTF_16).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("charset must be ASCII-compatible, got UTF-16");
  }

  @Test
  void defaultsAreDocumentedValues() {
    assertThat(LineCodec.defaults())
        .isEqualTo(new LineCodec(8192, UTF_8, LineTerminator.CRLF));
  }
}
