package dev.weft.cli;

import dev.weft.net.DurationFormat;
import dev.weft.net.NetException;
import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.PKIXReason;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * One clear line for the TLS failures people meet with {@code weft connect --tls}, with the
 * cause kept at the end:
 *
 * <pre>
 * handshake tcp A-&gt;B: server certificate is not signed by a trusted CA (use --ca FILE) (cause: unable to find valid certification path to requested target)
 * </pre>
 *
 * An untrusted CA and an expired certificate are recognised by their exception types and
 * reasons, a handshake timeout by the timeout flag, a name mismatch by a second handshake without
 * the name check that succeeds (which also yields the certificate's names). The JDK gives no type
 * or alert code for a peer that is not TLS, for a required client certificate or for a refused
 * one, so those read the JDK's message text; a failure not recognised keeps its original message.
 * Stateless.
 */
final class TlsDiagnosis {
  private TlsDiagnosis() {}

  /**
   * What happened, for the user.
   *
   * @param e the failure
   * @param dialing whether it happened while dialing (TCP connect and TLS handshake)
   * @param host the name the certificate was checked against
   * @param handshakeTimeout the handshake deadline, for its message
   * @param sentCert whether a client certificate was configured
   * @param names dials again without the name check and returns the certificate's names, or
   *     null if that fails too
   */
  static String explain(IOException e, boolean dialing, String host, Duration handshakeTimeout, boolean sentCert,
      Supplier<List<String>> names) {
    if (!(e instanceof NetException n)) {
      return e.getMessage();
    }
    String op = n.op();
    String clear = null;
    if (dialing && n.isTimeout() && !op.equals("dial")) {
      op = "handshake"; // the handshake's read deadline fired
      clear = "TLS handshake timed out after " + DurationFormat.format(handshakeTimeout) + " (the peer accepted but did not answer)";
    } else if (has(e, CertPathBuilderException.class) || pathProblem(e) == PKIXReason.NO_TRUST_ANCHOR) {
      // The first with the JDK's CAs, the second with a --ca bundle that did not sign it.
      clear = "server certificate is not signed by a trusted CA (use --ca FILE)";
    } else if (pathProblem(e) == BasicReason.EXPIRED) {
      clear = "server certificate has expired";
    } else if (pathProblem(e) == BasicReason.NOT_YET_VALID) {
      clear = "server certificate is not valid yet (check the clocks)";
    } else if (dialing && has(e, CertificateException.class)) {
      List<String> found = names.get();
      clear = found == null ? null
          : "server certificate does not match host " + host + "; its names: " + String.join(", ", found);
    } else if (says(e, "plaintext connection") || says(e, "Unexpected handshake message: client_hello")) {
      // The second: a plain echo service sent our own ClientHello back.
      clear = "peer did not answer TLS (is it a plain TCP service?)";
    } else if (says(e, "certificate_required") || (!sentCert && says(e, "bad_certificate"))) {
      clear = "server requires a client certificate (use --cert FILE --key FILE)";
    } else if (sentCert && (says(e, "alert: certificate_unknown") || says(e, "alert: bad_certificate")
        || says(e, "alert: unknown_ca") || says(e, "alert: certificate_expired"))) {
      clear = "server refused the client certificate (is --cert signed by a CA the server trusts, and still valid?)";
    }
    if (clear == null) {
      return e.getMessage();
    }
    return new NetException(op, n.localAddress(), n.remoteAddress(), clear + " (cause: " + rootMessage(e) + ")", null,
        n.isTimeout()).getMessage();
  }

  /** Why certificate path validation failed, or null if it did not. */
  private static CertPathValidatorException.Reason pathProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CertPathValidatorException v) {
        return v.getReason();
      }
    }
    return null;
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean says(Throwable e, String text) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(text)) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message: the JDK's own words, without the wrappers' class names. */
  private static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message;
  }
}
