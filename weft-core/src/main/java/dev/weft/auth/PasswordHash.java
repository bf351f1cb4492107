package dev.weft.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2 password hashes in a self-describing string:
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}, salt and hash in standard Base64 with padding.
 * The iteration count travels with the hash, so raising the default later leaves old hashes
 * verifiable. Thread-safe; stateless.
 *
 * <p>Every method is CPU-bound: one call at the default 210,000 iterations takes tens of
 * milliseconds. Messages of the exceptions thrown here never contain the password or the hash.
 */
public final class PasswordHash {
  /** The scheme prefix of every encoded hash. */
  public static final String SCHEME = "pbkdf2-sha256";

  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 210_000;

  /** Upper bound on the iterations a stored hash may ask for, so a bad config cannot stall. */
  public static final int MAX_ITERATIONS = 10_000_000;

  /** The format, for error messages; it shows the shape and never a real value. */
  public static final String FORMAT = SCHEME + "$ITERATIONS$SALT_BASE64$HASH_BASE64";

  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  /** Hashes {@code password} with a fresh random salt and {@link #DEFAULT_ITERATIONS}. */
  public static String hash(char[] password) {
    return hash(password, DEFAULT_ITERATIONS);
  }

  /**
   * Hashes {@code password} with a fresh random salt. Lower {@code iterations} only in tests.
   *
   * @throws IllegalArgumentException if iterations is not in 1..{@link #MAX_ITERATIONS}
   */
  public static String hash(char[] password, int iterations) {
    checkIterations(iterations);
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, iterations, HASH_BYTES);
    Base64.Encoder b64 = Base64.getEncoder();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /**
   * True if {@code password} matches {@code encoded}. The comparison is constant-time ({@link
   * MessageDigest#isEqual}); the derivation costs the same whether or not it matches.
   *
   * @throws IllegalArgumentException "malformed password hash" if {@code encoded} is not in
   *     {@link #FORMAT}; the message never repeats it
   */
  public static boolean verify(char[] password, String encoded) {
    Parsed p = parse(encoded);
    byte[] actual = derive(password, p.salt, p.iterations, p.hash.length);
    try {
      return MessageDigest.isEqual(actual, p.hash);
    } finally {
      Arrays.fill(actual, (byte) 0);
    }
  }

  /**
   * Checks that {@code encoded} is in {@link #FORMAT} without verifying any password.
   *
   * @throws IllegalArgumentException naming what is wrong, never repeating the value
   */
  public static void checkFormat(String encoded) {
    parse(encoded);
  }

  /** The iteration count of a well-formed {@code encoded} hash. */
  public static int iterations(String encoded) {
    return parse(encoded).iterations;
  }

  private record Parsed(int iterations, byte[] salt, byte[] hash) {}

  private static Parsed parse(String encoded) {
    if (encoded == null) {
      throw new IllegalArgumentException("malformed password hash: missing");
    }
    String[] parts = encoded.split("\\$", -1);
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      throw new IllegalArgumentException("malformed password hash: expected " + FORMAT);
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed password hash: iterations is not a number");
    }
    checkIterations(iterations);
    byte[] salt = decode(parts[2], "salt");
    byte[] hash = decode(parts[3], "hash");
    if (salt.length < 8 || hash.length < 16) {
      throw new IllegalArgumentException("malformed password hash: salt or hash too short");
    }
    return new Parsed(iterations, salt, hash);
  }

  private static byte[] decode(String b64, String what) {
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed password hash: " + what + " is not Base64");
    }
  }

  private static void checkIterations(int iterations) {
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "malformed password hash: iterations must be in 1.." + MAX_ITERATIONS + ", got " + iterations);
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (InvalidKeySpecException e) {
      throw new IllegalArgumentException("cannot derive a key: " + e.getClass().getSimpleName());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    } finally {
      spec.clearPassword();
    }
  }
}
