package dev.weft.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Checks {@code Authorization: Bearer <token>} headers in constant time. Both sides are hashed
 * with SHA-256 first, so neither the comparison nor the lengths leak through timing.
 */
final class BearerToken {
  private static final String PREFIX = "Bearer ";
  private final byte[] expected;

  BearerToken(String token) {
    this.expected = sha256(token);
  }

  /** A fresh random token: 32 bytes from {@link SecureRandom}, base64url without padding. */
  static String generate() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** True when {@code header} (may be null) carries this token. */
  boolean matches(String header) {
    String given =
        header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
            ? header.substring(PREFIX.length()).trim()
            : "";
    boolean equal = MessageDigest.isEqual(expected, sha256(given));
    return equal && header != null;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
