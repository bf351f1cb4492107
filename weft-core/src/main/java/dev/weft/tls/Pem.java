package dev.weft.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys with the JDK alone. Keys may be PKCS#8 ({@code BEGIN
 * PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY});
 * the last two are wrapped into PKCS#8 with a few bytes of hand-built DER. Every error names the
 * file.
 */
final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
  // AlgorithmIdentifier bodies: rsaEncryption + NULL, and id-ecPublicKey (the curve is appended).
  private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
  private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

  private Pem() {}

  /** Every CERTIFICATE block in {@code file}, in order; at least one. */
  static List<X509Certificate> certificates(Path file) throws IOException {
    String text = read(file);
    List<X509Certificate> certs = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      while (m.find()) {
        if (m.group(1).equals("CERTIFICATE")) {
          byte[] der = decode(file, m.group(2));
          certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
        }
      }
    } catch (CertificateException e) {
      throw new IOException(name(file) + ": bad certificate: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new IOException(name(file) + ": no CERTIFICATE block found");
    }
    return certs;
  }

  /** The first private key in {@code file}. */
  static PrivateKey privateKey(Path file) throws IOException {
    Matcher m = BLOCK.matcher(read(file));
    while (m.find()) {
      String type = m.group(1);
      switch (type) {
        case "PRIVATE KEY" -> {
          return pkcs8(file, decode(file, m.group(2)));
        }
        case "RSA PRIVATE KEY" -> {
          return pkcs8(file, sequence(concat(new byte[] {0x02, 0x01, 0x00}, sequence(RSA_OID), octets(decode(file, m.group(2))))));
        }
        case "EC PRIVATE KEY" -> {
          byte[] sec1 = decode(file, m.group(2));
          byte[] algorithm = sequence(concat(EC_OID, curveOid(file, sec1)));
          return pkcs8(file, sequence(concat(new byte[] {0x02, 0x01, 0x00}, algorithm, octets(sec1))));
        }
        case "ENCRYPTED PRIVATE KEY" -> throw new IOException(name(file) + ": encrypted private keys are not supported; decrypt it with: openssl pkey -in " + name(file) + " -out DECRYPTED.key");
        default -> {
          // Skip parameters blocks and certificates.
        }
      }
    }
    throw new IOException(name(file) + ": no PRIVATE KEY block found");
  }

  private static PrivateKey pkcs8(Path file, byte[] der) throws IOException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // Try the next algorithm.
      }
    }
    throw new IOException(name(file) + ": unreadable private key (not RSA, EC or EdDSA PKCS#8)");
  }

  /** The named-curve OID inside a SEC1 ECPrivateKey: the value of its [0] parameters field. */
  private static byte[] curveOid(Path file, byte[] sec1) throws IOException {
    int[] pos = {0};
    if ((sec1[0] & 0xff) != 0x30) {
      throw new IOException(name(file) + ": EC PRIVATE KEY is not a DER SEQUENCE");
    }
    pos[0] = 1;
    int end = length(sec1, pos) + pos[0];
    while (pos[0] < end) {
      int tag = sec1[pos[0]++] & 0xff;
      int len = length(sec1, pos);
      if (tag == 0xa0) {
        byte[] oid = new byte[len];
        System.arraycopy(sec1, pos[0], oid, 0, len);
        return oid;
      }
      pos[0] += len;
    }
    throw new IOException(name(file) + ": EC PRIVATE KEY names no curve");
  }

  private static int length(byte[] der, int[] pos) {
    int first = der[pos[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int len = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      len = (len << 8) | (der[pos[0]++] & 0xff);
    }
    return len;
  }

  private static byte[] sequence(byte[] body) {
    return tlv(0x30, body);
  }

  private static byte[] octets(byte[] body) {
    return tlv(0x04, body);
  }

  private static byte[] tlv(int tag, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 6);
    out.write(tag);
    int len = body.length;
    if (len < 0x80) {
      out.write(len);
    } else {
      int bytes = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(len >>> (8 * i));
      }
    }
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] decode(Path file, String base64) throws IOException {
    try {
      return Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IOException(name(file) + ": bad base64 in PEM block", e);
    }
  }

  private static String read(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException(name(file) + ": no such file", e);
    } catch (java.nio.charset.MalformedInputException e) {
      throw new IOException(name(file) + ": not a PEM file (binary content)", e);
    } catch (IOException e) {
      // A directory, no permission: the JDK's words alone would not say which file.
      throw new IOException(name(file) + ": cannot read: " + e.getMessage(), e);
    }
  }

  static String name(Path file) {
    return file.toString();
  }
}
