package dev.weft.proxy;

import java.util.Locale;

/** Whether the proxy opens each backend connection with a PROXY protocol header, and which version. */
public enum SendProxy {
  /** No header: the backend sees the proxy as the client. */
  NONE,
  /** The text header ({@code PROXY TCP4 src dst sport dport\r\n}). */
  V1,
  /** The binary header, with TLVs. */
  V2;

  /**
   * Parses {@code none}, {@code v1} or {@code v2} (case-insensitive).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static SendProxy parse(String name) {
    return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
      case "none" -> NONE;
      case "v1" -> V1;
      case "v2" -> V2;
      default -> throw new IllegalArgumentException("sendProxy must be none, v1 or v2, got '" + name + "'");
    };
  }
}
