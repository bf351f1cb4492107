/**
 * Framing codecs over plain blocking streams: lines ({@link dev.weft.frame.LineCodec}),
 * length-prefixed ({@link dev.weft.frame.LengthFieldCodec}), delimiter-based ({@link
 * dev.weft.frame.DelimiterCodec}) and fixed-length ({@link dev.weft.frame.FixedLengthCodec}).
 *
 * <p>Each codec is an immutable record that makes a {@link dev.weft.frame.FrameReader} and a
 * {@link dev.weft.frame.FrameWriter} for a connection's streams:
 *
 * <pre>{@code
 * LineReader lines = LineCodec.defaults().reader(conn.in());
 * LineWriter out = LineCodec.defaults().writer(conn.out());
 * for (String line; (line = lines.read()) != null; ) {
 *   out.write(line.toUpperCase());
 * }
 * }</pre>
 *
 * <p>Every reader has a finite maximum frame size and never allocates what a header merely
 * claims. Decoding errors are {@link dev.weft.net.ProtocolException}s; oversized frames are
 * {@link dev.weft.frame.FrameTooLargeException}s.
 */
package dev.weft.frame;
