package dev.weft.frame;

import dev.weft.net.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Reads length-prefixed frames; see {@link LengthFieldCodec} for the layout and options.
 *
 * <p>The claimed length is checked against {@code maxFrameLength} before anything is allocated,
 * and an allowed body is read into an array that starts at 8 KiB and doubles only as bytes
 * arrive. A peer that claims 16 MiB and sends 10 bytes costs about 8 KiB, not 16 MiB.
 *
 * <p>At EOF before the first header byte, {@link #read()} returns null. EOF inside the header or
 * body throws a {@link ProtocolException} "truncated frame: ...". One thread at a time; see
 * {@link FrameReader}.
 */
public final class LengthFieldReader implements FrameReader<byte[]> {
  private final InputStream in;
  private final LengthFieldCodec codec;
  private final byte[] header;

  LengthFieldReader(InputStream in, LengthFieldCodec codec) {
    this.in = Objects.requireNonNull(in, "in");
    this.codec = codec;
    this.header = new byte[codec.headerLength()];
  }

  /**
   * Reads the next frame: the header minus {@code initialBytesToStrip} bytes, then the body.
   *
   * @return the frame, or null at a clean EOF
   * @throws FrameTooLargeException if the body would exceed {@code maxFrameLength}
   * @throws ProtocolException on a negative length or a truncated frame
   */
  @Override
  public byte[] read() throws IOException {
    int got = Frames.readUpTo(in, header, 0, header.length);
    if (got == 0) {
      return null;
    }
    if (got < header.length) {
      throw Frames.truncated("EOF after " + got + " of " + header.length + " header bytes");
    }
    int body = bodyLength(decode(header, codec.lengthFieldOffset(), codec.lengthFieldLength(),
        codec.byteOrder()));
    int strip = codec.initialBytesToStrip();
    return Frames.readFrame(in, header, strip, header.length - strip, body, false);
  }

  /** Applies the adjustment and the limit to a raw field value. */
  private int bodyLength(long field) throws ProtocolException {
    if (field < 0) { // only an 8-byte field can be negative
      throw new ProtocolException("length field is negative: " + field);
    }
    long adjustment = codec.lengthAdjustment();
    // Saturate rather than overflow: a field near Long.MAX_VALUE is simply too large.
    long body = field > Long.MAX_VALUE - Math.max(0, adjustment) ? Long.MAX_VALUE : field + adjustment;
    if (body < 0) {
      throw new ProtocolException(
          "negative frame length: length field " + field + " + lengthAdjustment " + adjustment
              + " = " + body);
    }
    if (body > codec.maxFrameLength()) {
      String what = "length field claims " + body + " bytes";
      if (adjustment != 0) {
        what += " (field " + field + ", lengthAdjustment " + adjustment + ")";
      }
      throw new FrameTooLargeException(what, body, codec.maxFrameLength(), "maxFrameLength");
    }
    return (int) body;
  }

  /** Decodes an unsigned 1, 2 or 4-byte field, or a signed 8-byte one. */
  static long decode(byte[] b, int off, int len, ByteOrder order) {
    long v = 0;
    if (order == ByteOrder.BIG_ENDIAN) {
      for (int i = 0; i < len; i++) {
        v = (v << 8) | (b[off + i] & 0xFF);
      }
    } else {
      for (int i = len - 1; i >= 0; i--) {
        v = (v << 8) | (b[off + i] & 0xFF);
      }
    }
    return v;
  }
}
