package dev.weft.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class LengthFieldWriterTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @Test
  void writesBigEndianFourByteLengthThenBodyByDefault() throws IOException {
    LengthFieldCodec.defaults().writer(out).write(new byte[] {'h', 'i'});
    assertThat(out.toByteArray()).containsExactly(0, 0, 0, 2, 'h', 'i');
  }

  @Test
  void writesLittleEndianEightByteLength() throws IOException {
    LengthFieldCodec codec = LengthFieldCodec.builder()
        .lengthFieldLength(8).byteOrder(ByteOrder.LITTLE_ENDIAN).build();
    codec.writer(out).write(new byte[258]);
    assertThat(out.toByteArray()).startsWith(2, 1, 0, 0, 0, 0, 0, 0).hasSize(8 + 258);
  }

  @Test
  void writesHeaderBytesBeforeTheLengthFieldFromTheFrame() throws IOException {
    LengthFieldCodec codec = LengthFieldCodec.builder()
        .lengthFieldOffset(1).lengthFieldLength(2).lengthAdjustment(-3).build();
    codec.writer(out).write(new byte[] {0x7E, 'o', 'k'});
    // field = body (2) - adjustment (-3) = 5, the whole frame including the header
    assertThat(out.toByteArray()).containsExactly(0x7E, 0, 5, 'o', 'k');
  }

  @Test
  void bodyOfExactlyMaxIsWrittenAndMaxPlusOneIsRejected() throws IOException {
    LengthFieldWriter frames = LengthFieldCodec.builder().maxFrameLength(8).build().writer(out);
    frames.write(new byte[8]);
    assertThatThrownBy(() -> frames.write(new byte[9]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frame body must be <= 8 bytes (maxFrameLength), got 9");
    assertThat(out.size()).isEqualTo(12);
  }

  @Test
  void rejectsALengthThatDoesNotFitTheField() {
    LengthFieldWriter frames = LengthFieldCodec.builder().lengthFieldLength(1).build().writer(out);
    assertThatThrownBy(() -> frames.write(new byte[256]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("length 256 does not fit a 1-byte length field"
            + " (body length - lengthAdjustment 0)");
    assertThat(out.size()).isZero();
  }

  @Test
  void rejectsAFrameShorterThanTheBytesBeforeTheLengthField() {
    LengthFieldWriter frames = LengthFieldCodec.builder().lengthFieldOffset(2).build().writer(out);
    assertThatThrownBy(() -> frames.write(new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lengthFieldOffset");
  }

  @Test
  void rejectsABodyShorterThanAPositiveAdjustment() {
    LengthFieldWriter frames = LengthFieldCodec.builder().lengthAdjustment(2).build().writer(out);
    assertThatThrownBy(() -> frames.write(new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length -1 does not fit");
  }

  @Test
  void codecValidatesFieldsWithLiteralMessages() {
    assertThatThrownBy(() -> LengthFieldCodec.builder().maxFrameLength(-3).build())
        .hasMessage("maxFrameLength must be > 0, got -3");
    assertThatThrownBy(() -> LengthFieldCodec.builder().lengthFieldLength(3).build())
        .hasMessage("lengthFieldLength must be 1, 2, 4 or 8, got 3");
    assertThatThrownBy(() -> LengthFieldCodec.builder().lengthFieldOffset(-1).build())
        .hasMessage("lengthFieldOffset must be >= 0, got -1");
    assertThatThrownBy(() -> LengthFieldCodec.builder().initialBytesToStrip(5).build())
        .hasMessage("initialBytesToStrip must be between 0 and 4"
            + " (lengthFieldOffset + lengthFieldLength), got 5");
  }

  @Test
  void defaultsAreDocumentedValues() {
    assertThat(LengthFieldCodec.defaults())
        .isEqualTo(new LengthFieldCodec(1 << 20, 0, 4, ByteOrder.BIG_ENDIAN, 0, 4));
  }
}
