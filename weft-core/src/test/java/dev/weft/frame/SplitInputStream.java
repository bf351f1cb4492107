package dev.weft.frame;

import java.io.InputStream;
import java.util.List;

/**
 * Serves fixed bytes in chunks of chosen sizes (cycling through them), the way a socket hands
 * over whatever has arrived. Counts the bytes handed out so tests can prove a reader stopped
 * early.
 */
final class SplitInputStream extends InputStream {
  private final byte[] data;
  private final int[] chunks;
  private int pos;
  private int nextChunk;

  private SplitInputStream(byte[] data, int[] chunks) {
    this.data = data;
    this.chunks = chunks;
  }

  /** Every read, bulk or not, returns at most one byte. */
  static SplitInputStream oneByteAtATime(byte[] data) {
    return new SplitInputStream(data, new int[] {1});
  }

  /** Bulk reads return at most the next of {@code chunkSizes}, cycling. */
  static SplitInputStream splitAt(byte[] data, List<Integer> chunkSizes) {
    return new SplitInputStream(data, chunkSizes.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Bulk reads return whatever was asked for. */
  static SplitInputStream whole(byte[] data) {
    return new SplitInputStream(data, new int[] {Integer.MAX_VALUE});
  }

  /** Bytes handed out so far. */
  int bytesRead() {
    return pos;
  }

  @Override
  public int read() {
    return pos < data.length ? data[pos++] & 0xFF : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (pos >= data.length) {
      return -1;
    }
    int n = Math.min(Math.min(len, chunks[nextChunk]), data.length - pos);
    nextChunk = (nextChunk + 1) % chunks.length;
    System.arraycopy(data, pos, b, off, n);
    pos += n;
    return n;
  }
}
