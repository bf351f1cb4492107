package dev.weft.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.net.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FixedLengthCodecTest {

  @Property
  void framesRoundTripAtRandomSplitPointsAndOneByteAtATime(
      @ForAll @IntRange(min = 1, max = 40) int frameLength,
      @ForAll @Size(max = 400) byte[] data,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 64) Integer> chunks)
      throws IOException {
    FixedLengthCodec codec = FixedLengthCodec.of(frameLength);
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i + frameLength <= data.length; i += frameLength) {
      sent.add(Arrays.copyOfRange(data, i, i + frameLength));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FixedLengthWriter writer = codec.writer(out);
    for (byte[] frame : sent) {
      writer.write(frame);
    }
    byte[] wire = out.toByteArray();

    for (SplitInputStream in : List.of(
        SplitInputStream.splitAt(wire, chunks), SplitInputStream.oneByteAtATime(wire))) {
      List<byte[]> got = Decoding.readAll(codec.reader(in));
      assertThat(got).hasSameSizeAs(sent);
      for (int i = 0; i < got.size(); i++) {
        assertThat(got.get(i)).isEqualTo(sent.get(i));
      }
    }
  }

  @Test
  void cleanEofAtAFrameBoundaryReturnsNull() throws IOException {
    FixedLengthReader frames = FixedLengthCodec.of(2).reader(SplitInputStream.whole(new byte[2]));
    assertThat(frames.read()).hasSize(2);
    assertThat(frames.read()).isNull();
  }

  @Test
  void eofMidFrameIsTruncated() {
    FixedLengthReader frames = FixedLengthCodec.of(4).reader(SplitInputStream.whole(new byte[6]));
    assertThatThrownBy(() -> Decoding.readAll(frames))
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessage("truncated frame: EOF after 2 of 4 bytes of the frame body");
  }

  @Test
  void writerRejectsFramesOfAnyOtherLength() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FixedLengthWriter writer = FixedLengthCodec.of(4).writer(out);
    assertThatThrownBy(() -> writer.write(new byte[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frame must be exactly 4 bytes, got 5");
    assertThatThrownBy(() -> writer.write(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    assertThat(out.size()).isZero();
  }

  @Test
  void codecRejectsNonPositiveLengthWithLiteralMessage() {
    assertThatThrownBy(() -> FixedLengthCodec.of(-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frameLength must be > 0, got -3");
  }
}
