package dev.weft.proxy.internal;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Source-IP consistent hashing on a ring. Each backend owns {@link #POINTS_PER_WEIGHT} x weight
 * points, placed by hashing its name (not its position in the list), so adding or removing a
 * backend moves only the clients whose nearest point belonged to it. A client IP maps to the
 * first point clockwise of its hash whose backend is a candidate; when its backend is down, it
 * moves to the next one on the ring and comes back when the backend does.
 *
 * <p>The ring is built once per backend set (reconfigure builds a new balancer); lookups are a
 * binary search, lock-free.
 */
public final class ConsistentHash implements Balancer {
  static final int POINTS_PER_WEIGHT = 100;

  private final long[] points;
  private final Backend[] owners;

  public ConsistentHash(List<Backend> all) {
    int n = all.stream().mapToInt(b -> b.config().weight() * POINTS_PER_WEIGHT).sum();
    long[][] pairs = new long[n][2];
    int k = 0;
    for (int i = 0; i < all.size(); i++) {
      Backend b = all.get(i);
      byte[] name = b.name().getBytes(StandardCharsets.UTF_8);
      for (int v = 0; v < b.config().weight() * POINTS_PER_WEIGHT; v++) {
        pairs[k][0] = hash(name, v);
        pairs[k][1] = i;
        k++;
      }
    }
    Arrays.sort(pairs, (x, y) -> Long.compare(x[0], y[0]));
    points = new long[n];
    owners = new Backend[n];
    for (int i = 0; i < n; i++) {
      points[i] = pairs[i][0];
      owners[i] = all.get((int) pairs[i][1]);
    }
  }

  @Override
  public Backend pick(List<Backend> candidates, InetAddress source) {
    if (source == null || points.length == 0) {
      return candidates.get(0);
    }
    Set<Backend> allowed = candidates.size() > 8 ? new HashSet<>(candidates) : null;
    int i = Arrays.binarySearch(points, hash(source.getAddress(), 0));
    i = i >= 0 ? i : -i - 1;
    for (int step = 0; step < points.length; step++) {
      Backend b = owners[(i + step) % points.length];
      if (allowed != null ? allowed.contains(b) : candidates.contains(b)) {
        return b;
      }
    }
    return candidates.get(0); // a candidate the ring does not know (cannot happen in one pool)
  }

  /** Stateless: a retry picks the same way (for the hash, the next backend on the ring). */
  @Override
  public Backend pickForRetry(List<Backend> candidates, InetAddress source) {
    return pick(candidates, source);
  }

  /** FNV-1a over the bytes and the replica number, then a 64-bit finalizer (murmur3's fmix64) to spread the bits. */
  static long hash(byte[] data, int replica) {
    long h = 0xcbf29ce484222325L;
    for (byte b : data) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    for (int s = 0; s < 32; s += 8) {
      h = (h ^ ((replica >>> s) & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
