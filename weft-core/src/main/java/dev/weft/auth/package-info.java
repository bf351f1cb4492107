/**
 * Authentication and authorization for Weft servers. An {@link dev.weft.auth.Authenticator}
 * establishes a {@link dev.weft.net.Principal}; {@link dev.weft.auth.AuthSetup} runs it as a
 * {@link dev.weft.net.ConnSetup} step with a timeout, per-IP back-off and lockout ({@link
 * dev.weft.auth.Lockout}), and configured roles. Built-ins: {@link
 * dev.weft.auth.TokenAuthenticator} (an {@code AUTH user secret} line checked against {@link
 * dev.weft.auth.PasswordHash} hashes) and {@link dev.weft.auth.CertificateAuthenticator} (a
 * client certificate verified by the TLS layer). No secret ever reaches a log line or an
 * exception message.
 */
package dev.weft.auth;
