package dev.weft.cli;

import dev.weft.tls.KeyMaterial;
import dev.weft.tls.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code tls:} block of a service in a {@code weft serve} YAML file, as written. Relative
 * paths are resolved against the config file's directory.
 *
 * @param cert PEM certificate chain. Required
 * @param key PEM private key. Required
 * @param ca PEM CA bundle that verifies client certificates; required with client-auth
 * @param clientAuth {@code none}, {@code optional} or {@code require}. Default: none
 * @param handshakeTimeout deadline for the handshake; zero disables. Default: 10s
 * @param sni more certificates, chosen by the host name the client asks for
 */
public record TlsSettings(
    String cert, String key, String ca, String clientAuth, Duration handshakeTimeout, List<Sni> sni) {

  /** One SNI certificate: {@code name} is a host name or {@code *.example.com}. */
  public record Sni(String name, String cert, String key) {}

  /**
   * The core settings; checks values but does not read the files.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  TlsConfig toConfig(Path base) {
    TlsConfig.Builder b = TlsConfig.builder().engines(CryptoProvider.engines()).certificate(base.resolve(cert), base.resolve(key));
    if (ca != null) {
      b.trust(base.resolve(ca));
    }
    if (clientAuth != null) {
      b.clientAuth(TlsOptions.parseClientAuth(clientAuth));
    }
    if (handshakeTimeout != null) {
      b.handshakeTimeout(handshakeTimeout);
    }
    for (Sni s : sni == null ? List.<Sni>of() : sni) {
      b.sni(s.name(), KeyMaterial.pem(base.resolve(s.cert()), base.resolve(s.key())));
    }
    return b.build();
  }
}
