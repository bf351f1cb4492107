package dev.weft.frame;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Frames preceded by a length field, modelled on Netty's {@code LengthFieldBasedFrameDecoder}.
 * Immutable; make readers and writers with {@link #reader(InputStream)} and {@link
 * #writer(OutputStream)}.
 *
 * <p>On the wire a frame is a header, then a body:
 *
 * <pre>
 * +-------------------+---------------+--------------------------------------+
 * | lengthFieldOffset | length field  | body: field value + lengthAdjustment |
 * | bytes (any)       | 1/2/4/8 bytes | bytes                                |
 * +-------------------+---------------+--------------------------------------+
 * |&lt;------------ header -------------&gt;|
 * |&lt;- initialBytesToStrip -&gt;|  (0 to the whole header; left out of the frame)
 * </pre>
 *
 * The reader returns the header minus its first {@code initialBytesToStrip} bytes, then the body.
 * With the defaults (4-byte big-endian length, no offset, whole header stripped) it returns just
 * the body. The field is unsigned, except an 8-byte field, which is a signed {@code long}: a
 * negative value, or a negative length after adjustment, is a {@link
 * dev.weft.net.ProtocolException}.
 *
 * @param maxFrameLength the largest body, in bytes: the field value plus {@code
 *     lengthAdjustment}, header excluded. A larger claim fails with {@link
 *     FrameTooLargeException} before anything is allocated. Default: 1 MiB
 * @param lengthFieldOffset header bytes before the length field (a type or version byte, say).
 *     Default: 0
 * @param lengthFieldLength 1, 2, 4 or 8. Default: 4
 * @param byteOrder the length field's byte order. Default: big-endian (network order)
 * @param lengthAdjustment added to the field value to get the body length; e.g. {@code -4} when a
 *     4-byte field counts itself. Default: 0
 * @param initialBytesToStrip header bytes left out of what the reader returns; between 0 and
 *     {@code lengthFieldOffset + lengthFieldLength}. Default: the whole header
 */
public record LengthFieldCodec(
    int maxFrameLength,
    int lengthFieldOffset,
    int lengthFieldLength,
    ByteOrder byteOrder,
    int lengthAdjustment,
    int initialBytesToStrip) {

  public static final int DEFAULT_MAX_FRAME_LENGTH = 1024 * 1024;
  public static final int DEFAULT_LENGTH_FIELD_LENGTH = 4;

  /** Validates every field; messages name the field and the bad value. */
  public LengthFieldCodec {
    Objects.requireNonNull(byteOrder, "byteOrder");
    Frames.positive("maxFrameLength", maxFrameLength);
    if (lengthFieldOffset < 0) {
      throw new IllegalArgumentException("lengthFieldOffset must be >= 0, got " + lengthFieldOffset);
    }
    if (lengthFieldLength != 1 && lengthFieldLength != 2 && lengthFieldLength != 4
        && lengthFieldLength != 8) {
      throw new IllegalArgumentException(
          "lengthFieldLength must be 1, 2, 4 or 8, got " + lengthFieldLength);
    }
    int header = lengthFieldOffset + lengthFieldLength;
    Frames.atMost("maxFrameLength", maxFrameLength, (long) Frames.MAX_ARRAY - header);
    if (initialBytesToStrip < 0 || initialBytesToStrip > header) {
      throw new IllegalArgumentException(
          "initialBytesToStrip must be between 0 and " + header
              + " (lengthFieldOffset + lengthFieldLength), got " + initialBytesToStrip);
    }
  }

  /** A codec with every default: 4-byte big-endian length, whole header stripped, 1 MiB max. */
  public static LengthFieldCodec defaults() {
    return builder().build();
  }

  /** Returns a builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Header length in bytes: {@code lengthFieldOffset + lengthFieldLength}. */
  public int headerLength() {
    return lengthFieldOffset + lengthFieldLength;
  }

  /** A reader of frames from {@code in}. */
  public LengthFieldReader reader(InputStream in) {
    return new LengthFieldReader(in, this);
  }

  /** A writer of frames to {@code out}; see {@link LengthFieldWriter} for what it takes. */
  public LengthFieldWriter writer(OutputStream out) {
    return new LengthFieldWriter(out, this);
  }

  /**
   * Builds a {@link LengthFieldCodec}. Not thread-safe; defaults are listed on {@link
   * LengthFieldCodec}.
   */
  public static final class Builder {
    private int maxFrameLength = DEFAULT_MAX_FRAME_LENGTH;
    private int lengthFieldOffset;
    private int lengthFieldLength = DEFAULT_LENGTH_FIELD_LENGTH;
    private ByteOrder byteOrder = ByteOrder.BIG_ENDIAN;
    private int lengthAdjustment;
    private Integer initialBytesToStrip; // null: the whole header, whatever its final size

    Builder() {}

    /** The largest body in bytes. Default: 1 MiB. */
    public Builder maxFrameLength(int maxFrameLength) {
      this.maxFrameLength = maxFrameLength;
      return this;
    }

    /** Header bytes before the length field. Default: 0. */
    public Builder lengthFieldOffset(int lengthFieldOffset) {
      this.lengthFieldOffset = lengthFieldOffset;
      return this;
    }

    /** 1, 2, 4 or 8. Default: 4. */
    public Builder lengthFieldLength(int lengthFieldLength) {
      this.lengthFieldLength = lengthFieldLength;
      return this;
    }

    /** The length field's byte order. Default: big-endian. */
    public Builder byteOrder(ByteOrder byteOrder) {
      this.byteOrder = byteOrder;
      return this;
    }

    /** Added to the field value to get the body length. Default: 0. */
    public Builder lengthAdjustment(int lengthAdjustment) {
      this.lengthAdjustment = lengthAdjustment;
      return this;
    }

    /** Header bytes the reader leaves out. Default: the whole header. */
    public Builder initialBytesToStrip(int initialBytesToStrip) {
      this.initialBytesToStrip = initialBytesToStrip;
      return this;
    }

    /** @throws IllegalArgumentException naming the first invalid field */
    public LengthFieldCodec build() {
      int strip = initialBytesToStrip != null
          ? initialBytesToStrip
          : lengthFieldOffset + lengthFieldLength;
      return new LengthFieldCodec(
          maxFrameLength, lengthFieldOffset, lengthFieldLength, byteOrder, lengthAdjustment, strip);
    }
  }
}
