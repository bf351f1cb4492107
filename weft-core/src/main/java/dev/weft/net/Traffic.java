package dev.weft.net;

/**
 * Traffic totals: of one connection ({@link TrafficCounter#snapshot()}) or of every connection
 * a server has served, open ones included ({@link Server#traffic()}).
 *
 * @param bytesIn bytes read from peers
 * @param bytesOut bytes written to peers
 * @param framesIn frames handlers reported reading ({@link TrafficCounter#frameIn()})
 * @param framesOut frames handlers reported writing ({@link TrafficCounter#frameOut()})
 */
public record Traffic(long bytesIn, long bytesOut, long framesIn, long framesOut) {
  /** All zero. */
  public static final Traffic ZERO = new Traffic(0, 0, 0, 0);

  /** The field-wise sum of this and {@code other}. */
  public Traffic plus(Traffic other) {
    return new Traffic(
        bytesIn + other.bytesIn,
        bytesOut + other.bytesOut,
        framesIn + other.framesIn,
        framesOut + other.framesOut);
  }
}
