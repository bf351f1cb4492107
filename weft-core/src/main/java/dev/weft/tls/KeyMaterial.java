package dev.weft.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where a certificate chain and its private key come from: two PEM files, or one PKCS#12 file.
 * Immutable; the files are read by {@link #load()}, each time it is called (hot reload).
 *
 * @param certificate PEM certificate chain, leaf first; null for PKCS#12
 * @param key PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC), unencrypted; null for PKCS#12
 * @param pkcs12 PKCS#12 key store with one key entry; null for PEM
 * @param password PKCS#12 password; empty for none
 */
public record KeyMaterial(Path certificate, Path key, Path pkcs12, String password) {

  public KeyMaterial {
    if ((pkcs12 == null) == (certificate == null || key == null)) {
      throw new IllegalArgumentException("key material needs a certificate and a key, or a pkcs12 file");
    }
    password = password == null ? "" : password;
  }

  /** A PEM certificate chain and private key. */
  public static KeyMaterial pem(Path certificate, Path key) {
    return new KeyMaterial(Objects.requireNonNull(certificate, "certificate"), Objects.requireNonNull(key, "key"), null, "");
  }

  /** A PKCS#12 key store holding one private key entry. */
  public static KeyMaterial pkcs12(Path file, String password) {
    return new KeyMaterial(null, null, Objects.requireNonNull(file, "file"), password);
  }

  /** The files this material is read from, for reload checks. */
  public List<Path> files() {
    return pkcs12 != null ? List.of(pkcs12) : List.of(certificate, key);
  }

  /** A loaded chain and key. */
  public record Loaded(PrivateKey key, X509Certificate[] chain) {}

  /**
   * Reads and checks the files: the key must match the leaf certificate.
   *
   * @throws IOException naming the file and what is wrong
   */
  public Loaded load() throws IOException {
    Loaded loaded = pkcs12 != null ? loadPkcs12() : new Loaded(Pem.privateKey(key), Pem.certificates(certificate).toArray(X509Certificate[]::new));
    checkMatch(loaded);
    return loaded;
  }

  private Loaded loadPkcs12() throws IOException {
    try (InputStream in = Files.newInputStream(pkcs12)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password.toCharArray());
      for (String alias : java.util.Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias)) {
          PrivateKey k = (PrivateKey) ks.getKey(alias, password.toCharArray());
          Certificate[] chain = ks.getCertificateChain(alias);
          return new Loaded(k, Arrays.stream(chain).map(c -> (X509Certificate) c).toArray(X509Certificate[]::new));
        }
      }
      throw new IOException(pkcs12 + ": no private key entry found");
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException(pkcs12 + ": no such file", e);
    } catch (GeneralSecurityException | IOException e) {
      if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(pkcs12.toString())) {
        throw io;
      }
      throw new IOException(pkcs12 + ": cannot read PKCS#12 (wrong password?): " + e.getMessage(), e);
    }
  }

  private void checkMatch(Loaded loaded) throws IOException {
    String where = pkcs12 != null ? pkcs12.toString() : key.toString();
    String alg = switch (loaded.key().getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "Ed448", "EdDSA" -> loaded.key().getAlgorithm();
      default -> null;
    };
    if (alg == null) {
      return;
    }
    try {
      byte[] probe = "weft".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(loaded.key());
      s.update(probe);
      byte[] sig = s.sign();
      s.initVerify(loaded.chain()[0].getPublicKey());
      s.update(probe);
      if (!s.verify(sig)) {
        throw new IOException(where + ": private key does not match the certificate " + certificate());
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(where + ": private key does not match the certificate: " + e.getMessage(), e);
    }
  }
}
