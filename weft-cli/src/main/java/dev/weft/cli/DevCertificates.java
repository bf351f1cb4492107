package dev.weft.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A development CA with one server and one client certificate, as PEM files: {@code ca.pem},
 * {@code ca.key}, {@code server.pem}, {@code server.key}, {@code client.pem}, {@code client.key}.
 * Keys are EC P-256 from the JDK; BouncyCastle only builds and encodes the certificates (it is
 * not registered as a JCE provider). Not for production: the CA key sits next to the certs.
 */
final class DevCertificates {
  /** The files {@link #write} creates, in the order it writes them. */
  static final List<String> FILES = List.of("ca.pem", "ca.key", "server.pem", "server.key", "client.pem", "client.key");

  private static final SecureRandom RANDOM = new SecureRandom();

  private DevCertificates() {}

  /** Writes the six files into {@code dir}; {@code hosts} become the server's SANs. */
  static void write(Path dir, List<String> hosts, String clientName, Duration validity) throws IOException {
    try {
      Files.createDirectories(dir);
      KeyPair caKeys = keyPair();
      X500Name caName = new X500Name("CN=Weft development CA");
      X509Certificate ca = ca(caName, caKeys, validity);
      KeyPair serverKeys = keyPair();
      X509Certificate server = leaf(caName, caKeys, commonName(hosts.get(0)), serverKeys, validity, KeyPurposeId.id_kp_serverAuth, hosts);
      KeyPair clientKeys = keyPair();
      X509Certificate client = leaf(caName, caKeys, commonName(clientName), clientKeys, validity, KeyPurposeId.id_kp_clientAuth, List.of());
      writePem(dir.resolve("ca.pem"), ca, false);
      writePem(dir.resolve("ca.key"), new JcaPKCS8Generator(caKeys.getPrivate(), null), true);
      writePem(dir.resolve("server.pem"), server, false);
      writePem(dir.resolve("server.key"), new JcaPKCS8Generator(serverKeys.getPrivate(), null), true);
      writePem(dir.resolve("client.pem"), client, false);
      writePem(dir.resolve("client.key"), new JcaPKCS8Generator(clientKeys.getPrivate(), null), true);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot create certificates: " + e.getMessage(), e);
    }
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate ca(X500Name name, KeyPair keys, Duration validity)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X509v3CertificateBuilder b = builder(name, name, keys, validity);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return sign(b, keys);
  }

  private static X509Certificate leaf(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair keys,
      Duration validity, KeyPurposeId purpose, List<String> hosts)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X509v3CertificateBuilder b = builder(issuer, subject, keys, validity);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    b.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuerKeys.getPublic()));
    if (!hosts.isEmpty()) {
      GeneralName[] names = hosts.stream().map(DevCertificates::generalName).toArray(GeneralName[]::new);
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }
    return sign(b, issuerKeys);
  }

  private static GeneralName generalName(String host) {
    return new GeneralName(isIp(host) ? GeneralName.iPAddress : GeneralName.dNSName, host);
  }

  /** A subject whose only attribute is {@code CN=name}, taken literally (a comma is part of the name). */
  private static X500Name commonName(String name) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
  }

  private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private static boolean isIp(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
  }

  /** An IPv4 or IPv6 literal, or a DNS name whose first label may be {@code *}. */
  static boolean isHostOrIp(String host) {
    if (host.indexOf(':') >= 0) {
      try {
        return java.net.InetAddress.getByName(host) instanceof java.net.Inet6Address; // a literal: no lookup
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    if (isIp(host)) {
      return IPV4.matcher(host).matches();
    }
    String[] labels = host.split("\\.", -1);
    if (host.length() > 253) {
      return false;
    }
    for (int i = 0; i < labels.length; i++) {
      if (!(i == 0 && labels[i].equals("*") && labels.length > 2) && !DNS_LABEL.matcher(labels[i]).matches()) {
        return false;
      }
    }
    return true;
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Duration validity)
      throws GeneralSecurityException, IOException {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
        issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(validity)), subject, keys.getPublic());
    b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
    return b;
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
  }

  private static void writePem(Path file, Object object, boolean secret) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(text)) {
      w.writeObject(object);
    }
    Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }
}
