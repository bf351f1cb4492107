package dev.weft.cli;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.internal.tcnative.CertificateVerifier;
import java.net.Socket;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A client certificate verifier for BoringSSL that says why it refused. Netty passes BoringSSL an
 * unspecified error for a chain that leads to no trusted CA, and BoringSSL then sends the client
 * {@code internal_error}. This names the error "issuer not found", so the alert is {@code
 * unknown_ca}, as a client needs to see (the JDK's engine sends {@code certificate_unknown}).
 * Expired and not-yet-valid certificates Netty already names.
 */
final class ClientCertVerdicts extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager trust;

  private ClientCertVerdicts(X509ExtendedTrustManager trust) {
    this.trust = trust;
  }

  /** {@code trust}, wrapped when it is an extended trust manager (the JDK's always is). */
  static X509TrustManager wrap(X509TrustManager trust) {
    return trust instanceof X509ExtendedTrustManager x ? new ClientCertVerdicts(x) : trust;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    named(() -> trust.checkClientTrusted(chain, authType, engine));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    named(() -> trust.checkClientTrusted(chain, authType, socket));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    named(() -> trust.checkClientTrusted(chain, authType));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    trust.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    trust.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    trust.checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return trust.getAcceptedIssuers();
  }

  private interface Check {
    void run() throws CertificateException;
  }

  private static void named(Check check) throws CertificateException {
    try {
      check.run();
    } catch (CertificateException e) {
      throw named(e);
    }
  }

  /** {@code e} as "issuer not found" when no path to a trusted CA was found; otherwise as is. */
  static CertificateException named(CertificateException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      boolean noPath = t instanceof CertPathBuilderException
          || t instanceof CertPathValidatorException v && v.getReason() == PKIXReason.NO_TRUST_ANCHOR;
      if (noPath) {
        OpenSslCertificateException named = new OpenSslCertificateException(
            e.getMessage(), CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        named.initCause(e);
        return named;
      }
    }
    return e;
  }
}
