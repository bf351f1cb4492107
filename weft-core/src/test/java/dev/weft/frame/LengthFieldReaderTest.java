package dev.weft.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.weft.net.ProtocolException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class LengthFieldReaderTest {

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }

  private static byte[] int32(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }

  @Test
  void defaultsReadBigEndianFourByteLengthAndStripTheHeader() throws IOException {
    byte[] wire = concat(int32(3), bytes('a', 'b', 'c'));
    LengthFieldReader frames = LengthFieldCodec.defaults().reader(SplitInputStream.whole(wire));
    assertThat(frames.read()).containsExactly('a', 'b', 'c');
    assertThat(frames.read()).isNull();
  }

  @Test
  void emptyBodyIsAnEmptyFrame() throws IOException {
    LengthFieldReader frames = LengthFieldCodec.defaults().reader(SplitInputStream.whole(int32(0)));
    assertThat(frames.read()).isEmpty();
  }

  @Test
  void littleEndianTwoByteLengthIsDecoded() throws IOException {
    LengthFieldCodec codec = LengthFieldCodec.builder()
        .lengthFieldLength(2).byteOrder(ByteOrder.LITTLE_ENDIAN).build();
    byte[] body = new byte[0x0102];
    byte[] wire = concat(bytes(0x02, 0x01), body);
    assertThat(codec.reader(SplitInputStream.whole(wire)).read()).hasSize(0x0102);
  }

  @Test
  void oneByteLengthIsUnsigned() throws IOException {
    LengthFieldCodec codec = LengthFieldCodec.builder().lengthFieldLength(1).build();
    byte[] wire = concat(bytes(0xFF), new byte[255]);
    assertThat(codec.reader(SplitInputStream.whole(wire)).read()).hasSize(255);
  }

  @Test
  void lengthThatCountsTheWholeHeaderIsHandledByNegativeAdjustment() throws IOException {
    // Netty's example: a 2-byte length that counts itself; keep the header in the frame.
    LengthFieldCodec codec = LengthFieldCodec.builder()
        .lengthFieldLength(2).lengthAdjustment(-2).initialBytesToStrip(0).build();
    byte[] wire = bytes(0, 5, 'h', 'e', 'y');
    assertThat(codec.reader(SplitInputStream.whole(wire)).read()).isEqualTo(wire);
  }

  @Test
  void headerBytesBeforeTheLengthFieldArePassedThroughWhenNotStripped() throws IOException {
    LengthFieldCodec codec = LengthFieldCodec.builder()
        .lengthFieldOffset(1).lengthFieldLength(1).initialBytesToStrip(0).build();
    byte[] wire = bytes(0x7E, 2, 'o', 'k');
    assertThat(codec.reader(SplitInputStream.whole(wire)).read()).isEqualTo(wire);
  }

  @Test
  void partialStripDropsTheLeadingHeaderBytesAndKeepsTheLengthField() throws IOException {
    // Header: a type byte, then a 2-byte length; strip only the type byte.
    LengthFieldCodec codec = LengthFieldCodec.builder()
        .lengthFieldOffset(1).lengthFieldLength(2).initialBytesToStrip(1).build();
    byte[] wire = bytes(0x7E, 0, 1, 'x');
    assertThat(codec.reader(SplitInputStream.whole(wire)).read()).containsExactly(0, 1, 'x');
  }

  @Test
  void frameOfExactlyMaxPassesAndMaxPlusOneFailsNamingTheLimit() throws IOException {
    LengthFieldCodec codec = LengthFieldCodec.builder().maxFrameLength(16).build();
    byte[] ok = concat(int32(16), new byte[16]);
    assertThat(codec.reader(SplitInputStream.whole(ok)).read()).hasSize(16);

    byte[] tooBig = concat(int32(17), new byte[17]);
    assertThatThrownBy(() -> codec.reader(SplitInputStream.whole(tooBig)).read())
        .isInstanceOfSatisfying(FrameTooLargeException.class, e -> {
          assertThat(e.limit()).isEqualTo(16);
          assertThat(e.size()).isEqualTo(17);
        })
        .hasMessage("frame too large: length field claims 17 bytes, limit is 16 (maxFrameLength)");
  }

  @Test
  void limitAppliesToTheAdjustedLengthAndTheMessageShowsTheAdjustment() {
    LengthFieldCodec codec = LengthFieldCodec.builder()
        .maxFrameLength(10).lengthAdjustment(-4).build();
    byte[] wire = concat(int32(15), new byte[11]);
    assertThatThrownBy(() -> codec.reader(SplitInputStream.whole(wire)).read())
        .isInstanceOf(FrameTooLargeException.class)
        .hasMessage("frame too large: length field claims 11 bytes (field 15, lengthAdjustment -4),"
            + " limit is 10 (maxFrameLength)");
  }

  @Test
  void lengthHeaderClaimingMoreThanMaxFailsBeforeReadingOrAllocatingTheBody() {
    SplitInputStream in = SplitInputStream.whole(int32(0x7FFF_FFFF)); // 2 GiB, then nothing
    LengthFieldReader frames = LengthFieldCodec.defaults().reader(in);

    assertThatThrownBy(frames::read)
        .isInstanceOf(FrameTooLargeException.class)
        .hasMessage("frame too large: length field claims 2147483647 bytes,"
            + " limit is 1048576 (maxFrameLength)");
    assertThat(in.bytesRead()).isEqualTo(4);
  }

  @Test
  void unsignedFourByteLengthAboveIntMaxIsTooLarge() {
    SplitInputStream in = SplitInputStream.whole(bytes(0xFF, 0xFF, 0xFF, 0xFF));
    assertThatThrownBy(() -> LengthFieldCodec.defaults().reader(in).read())
        .isInstanceOfSatisfying(FrameTooLargeException.class,
            e -> assertThat(e.size()).isEqualTo(0xFFFF_FFFFL));
  }

  @Test
  void allowedButHugeClaimAllocatesOnlyAboutWhatArrives() {
    com.sun.management.ThreadMXBean threads = threadMxBean();
    LengthFieldCodec codec = LengthFieldCodec.builder().maxFrameLength(16 << 20).build();
    byte[] wire = concat(int32(16 << 20), new byte[10]); // claims 16 MiB, sends 10 bytes
    LengthFieldReader frames = codec.reader(SplitInputStream.whole(wire));

    long before = threads.getCurrentThreadAllocatedBytes();
    assertThatThrownBy(frames::read)
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessage("truncated frame: EOF after 10 of 16777216 bytes of the frame body");
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(allocated).isLessThan(256 * 1024);
  }

  @Test
  void eightByteLengthAboveIntMaxIsAProtocolError() {
    LengthFieldCodec codec = LengthFieldCodec.builder().lengthFieldLength(8).build();
    byte[] wire = ByteBuffer.allocate(8).putLong(Integer.MAX_VALUE + 1L).array();
    assertThatThrownBy(() -> codec.reader(SplitInputStream.whole(wire)).read())
        .isInstanceOf(FrameTooLargeException.class)
        .hasMessageContaining("claims 2147483648 bytes");
  }

  @Test
  void eightByteLengthNearLongMaxWithPositiveAdjustmentDoesNotOverflow() {
    LengthFieldCodec codec = LengthFieldCodec.builder()
        .lengthFieldLength(8).lengthAdjustment(100).build();
    byte[] wire = ByteBuffer.allocate(8).putLong(Long.MAX_VALUE).array();
    assertThatThrownBy(() -> codec.reader(SplitInputStream.whole(wire)).read())
        .isInstanceOf(FrameTooLargeException.class);
  }

  @Test
  void negativeEightByteLengthIsAProtocolError() {
    LengthFieldCodec codec = LengthFieldCodec.builder().lengthFieldLength(8).build();
    byte[] wire = ByteBuffer.allocate(8).putLong(-5).array();
    assertThatThrownBy(() -> codec.reader(SplitInputStream.whole(wire)).read())
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessage("length field is negative: -5");
  }

  @Test
  void negativeLengthAfterAdjustmentIsAProtocolError() {
    LengthFieldCodec codec = LengthFieldCodec.builder().lengthAdjustment(-4).build();
    assertThatThrownBy(() -> codec.reader(SplitInputStream.whole(int32(2))).read())
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessage("negative frame length: length field 2 + lengthAdjustment -4 = -2");
  }

  @Test
  void eofMidHeaderIsTruncated() {
    SplitInputStream in = SplitInputStream.oneByteAtATime(bytes(0, 0));
    assertThatThrownBy(() -> LengthFieldCodec.defaults().reader(in).read())
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessage("truncated frame: EOF after 2 of 4 header bytes");
  }

  @Test
  void eofMidPayloadIsTruncated() {
    SplitInputStream in = SplitInputStream.oneByteAtATime(concat(int32(5), bytes('a', 'b')));
    assertThatThrownBy(() -> LengthFieldCodec.defaults().reader(in).read())
        .isExactlyInstanceOf(ProtocolException.class)
        .hasMessage("truncated frame: EOF after 2 of 5 bytes of the frame body");
  }

  @Test
  void eofRightAfterTheHeaderOfANonEmptyFrameIsTruncated() {
    SplitInputStream in = SplitInputStream.whole(int32(1));
    assertThatThrownBy(() -> LengthFieldCodec.defaults().reader(in).read())
        .hasMessageStartingWith("truncated frame: ");
  }

  private static com.sun.management.ThreadMXBean threadMxBean() {
    var bean = ManagementFactory.getThreadMXBean();
    assumeThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
    var threads = (com.sun.management.ThreadMXBean) bean;
    assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    threads.setThreadAllocatedMemoryEnabled(true);
    return threads;
  }
}
