package dev.weft.cli;

import dev.weft.tls.ClientAuth;
import dev.weft.tls.TlsConfig;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The TLS options shared by {@code weft echo} and {@code weft connect}. */
final class TlsOptions {
  @Option(names = "--tls", description = "Use TLS (1.3 or 1.2, AEAD cipher suites only).")
  boolean tls;

  @Option(names = "--cert", paramLabel = "FILE", description = "PEM certificate chain: the server's, or the client's for mTLS.")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", description = "PEM private key for --cert (PKCS#8, RSA or EC).")
  Path key;

  @Option(names = "--ca", paramLabel = "FILE", description = "PEM CA bundle that verifies the peer. Client default: the JDK's CAs.")
  Path ca;

  /**
   * The TLS settings these options describe, checked for combinations that make no sense.
   *
   * @throws ParameterException a usage error (exit 2)
   */
  TlsConfig.Builder builder(CommandSpec spec) {
    if (!tls && (cert != null || key != null || ca != null)) {
      throw new ParameterException(spec.commandLine(), "--cert, --key and --ca need --tls");
    }
    if ((cert == null) != (key == null)) {
      throw new ParameterException(spec.commandLine(), "--cert and --key go together");
    }
    TlsConfig.Builder b = TlsConfig.builder().engines(CryptoProvider.engines()).trust(ca);
    if (cert != null) {
      b.certificate(cert, key);
    }
    return b;
  }

  /** Parses {@code none}, {@code optional} or {@code require}. */
  static final class ClientAuthConverter implements ITypeConverter<ClientAuth> {
    @Override
    public ClientAuth convert(String value) {
      return parseClientAuth(value);
    }
  }

  /** @throws IllegalArgumentException for anything but none, optional or require */
  static ClientAuth parseClientAuth(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "none" -> ClientAuth.NONE;
      case "optional" -> ClientAuth.OPTIONAL;
      case "require" -> ClientAuth.REQUIRE;
      default -> throw new IllegalArgumentException("expected none, optional or require, got '" + value + "'");
    };
  }
}
