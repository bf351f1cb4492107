package dev.weft.access;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * An immutable list of {@link Cidr} networks; an address matches if any network contains it.
 * Matching scans the list once per address, which is fast for the tens to low thousands of
 * entries an access list holds. Thread-safe.
 */
public final class CidrList {
  /** The empty list: matches nothing. */
  public static final CidrList EMPTY = new CidrList(List.of());

  private final Cidr[] entries;

  private CidrList(List<Cidr> entries) {
    this.entries = entries.toArray(Cidr[]::new);
  }

  /** A list of {@code networks}. */
  public static CidrList of(Collection<Cidr> networks) {
    return networks.isEmpty() ? EMPTY : new CidrList(List.copyOf(networks));
  }

  /**
   * Parses each entry with {@link Cidr#parse}.
   *
   * @throws IllegalArgumentException for the first bad entry, naming it
   */
  public static CidrList parse(Collection<String> texts) {
    List<Cidr> list = new ArrayList<>(texts.size());
    for (String t : texts) {
      list.add(Cidr.parse(t));
    }
    return of(list);
  }

  /** Parses each entry with {@link Cidr#parse}. */
  public static CidrList parse(String... texts) {
    return parse(List.of(texts));
  }

  /** True if any network in the list contains {@code address}. */
  public boolean matches(InetAddress address) {
    for (Cidr c : entries) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return entries.length == 0;
  }

  /** The networks, in the order given. */
  public List<Cidr> entries() {
    return List.of(entries);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CidrList l && java.util.Arrays.equals(l.entries, entries);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(entries);
  }

  @Override
  public String toString() {
    return entries().toString();
  }
}
