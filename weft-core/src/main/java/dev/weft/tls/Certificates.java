package dev.weft.tls;

import dev.weft.net.AddressFormat;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Names in an X.509 certificate, for principals and logs. */
final class Certificates {
  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  private Certificates() {}

  /** The subject CN, or the whole subject DN when it has no CN. */
  static String commonName(X509Certificate x) {
    String dn = x.getSubjectX500Principal().getName();
    for (String part : dn.split("(?<!\\\\),")) {
      if (part.startsWith("CN=")) {
        return part.substring(3);
      }
    }
    return dn;
  }

  /** The CN followed by the DNS and IP subject alternative names, in certificate order. */
  static List<String> names(X509Certificate x) {
    List<String> names = new ArrayList<>();
    names.add(commonName(x));
    try {
      if (x.getSubjectAlternativeNames() != null) {
        for (List<?> san : x.getSubjectAlternativeNames()) {
          int type = (Integer) san.get(0);
          if (type == DNS_NAME) {
            names.add(String.valueOf(san.get(1)));
          } else if (type == IP_ADDRESS) {
            names.add(ipText(String.valueOf(san.get(1))));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // Keep the CN alone.
    }
    return List.copyOf(names);
  }

  /** An IP SAN as people write it ({@code ::1}, not the JDK's {@code 0:0:0:0:0:0:0:1}); a literal, so no lookup. */
  private static String ipText(String literal) {
    try {
      return AddressFormat.format(InetAddress.getByName(literal));
    } catch (UnknownHostException e) {
      return literal;
    }
  }
}
