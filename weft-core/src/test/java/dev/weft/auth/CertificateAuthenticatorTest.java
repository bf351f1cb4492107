package dev.weft.auth;

import static dev.weft.auth.AuthPeers.closedByServer;
import static dev.weft.auth.AuthPeers.connectFrom;
import static dev.weft.auth.AuthPeers.readLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.CloseCause;
import dev.weft.net.Conn;
import dev.weft.net.ConnSetup;
import dev.weft.net.ForwardingConn;
import dev.weft.net.Principal;
import dev.weft.net.Server;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** mTLS principals, faked by a setup step standing in for the TLS layer. */
@Timeout(30)
class CertificateAuthenticatorTest {
  private final AuthPeers.Events events = new AuthPeers.Events();
  private Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2));
    }
  }

  /** What the TLS layer will do after verifying a client certificate with this CN. */
  private static ConnSetup fakeMtls(String cn, String method) {
    return conn ->
        new ForwardingConn(conn) {
          @Override
          public Principal principal() {
            return new Principal(cn, Set.of(), method);
          }
        };
  }

  private void start(ConnSetup tls, CertificateAuthenticator certs) throws Exception {
    ConnSetup auth =
        AuthSetup.builder(certs)
            .lockout(new Lockout(TokenAuthServerTest.fastLockout(5, Duration.ofMinutes(1))))
            .build();
    server =
        Server.builder()
            .listen("127.0.0.1", 0)
            .listener(events)
            .setup(tls.then(auth))
            .handler(
                conn -> {
                  Principal p = conn.principal();
                  conn.out().write((p.name() + " " + p.method() + " admin=" + p.hasRole("admin") + "\n")
                      .getBytes(StandardCharsets.UTF_8));
                })
            .start();
  }

  private static CertificateAuthenticator aliceOnly() {
    return CertificateAuthenticator.builder().allow("alice").roles("alice", Set.of("admin")).build();
  }

  @Test
  void allowedCertificateSubjectGetsItsRoles() throws Exception {
    start(fakeMtls("alice", "mtls"), aliceOnly());
    try (Socket s = connectFrom("127.0.0.2", server.address())) {
      assertThat(readLine(s)).isEqualTo("alice mtls admin=true\n");
    }
  }

  @Test
  void subjectNotOnTheAllowListIsRefused() throws Exception {
    start(fakeMtls("eve", "mtls"), aliceOnly());
    try (Socket s = connectFrom("127.0.0.2", server.address())) {
      assertThat(closedByServer(s)).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
    assertThat(events.causes()).containsExactly(CloseCause.AUTH_FAILED);
  }

  /** The TLS layer's close sends close_notify (and frees its buffers): it must run on refusal too. */
  @Test
  void aRefusedConnectionsDecoratorIsClosed() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean decoratorClosed = new java.util.concurrent.atomic.AtomicBoolean();
    ConnSetup tls = conn ->
        new ForwardingConn(conn) {
          @Override
          public Principal principal() {
            return new Principal("eve", Set.of(), "mtls");
          }

          @Override
          public void close() {
            decoratorClosed.set(true);
            super.close();
          }
        };
    start(tls, aliceOnly());
    try (Socket s = connectFrom("127.0.0.2", server.address())) {
      assertThat(closedByServer(s)).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
    assertThat(decoratorClosed).isTrue();
  }

  @Test
  void connectionWithoutAVerifiedCertificateIsRefused() throws Exception {
    start(ConnSetup.NONE, CertificateAuthenticator.builder().build());
    try (Socket s = connectFrom("127.0.0.2", server.address())) {
      assertThat(closedByServer(s)).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
    assertThat(events.causes()).containsExactly(CloseCause.AUTH_FAILED);
  }

  @Test
  void withoutAnAllowListEveryVerifiedSubjectPasses() throws Exception {
    start(fakeMtls("carol", "mtls"), CertificateAuthenticator.builder().build());
    try (Socket s = connectFrom("127.0.0.2", server.address())) {
      assertThat(readLine(s)).isEqualTo("carol mtls admin=false\n");
    }
  }

  @Test
  void aTokenPrincipalIsNotACertificate() throws Exception {
    Conn fake = new ForwardingConn(unusedConn()) {
      @Override
      public Principal principal() {
        return new Principal("alice", Set.of(), "token");
      }
    };
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> aliceOnly().authenticate(fake))
        .isInstanceOf(dev.weft.net.AuthenticationException.class)
        .hasMessage("no verified client certificate");
  }

  /** A conn that must not be touched: CertificateAuthenticator only asks the principal. */
  private static Conn unusedConn() {
    return (Conn) java.lang.reflect.Proxy.newProxyInstance(
        Conn.class.getClassLoader(),
        new Class<?>[] {Conn.class},
        (proxy, method, args) -> {
          throw new AssertionError("unexpected call " + method.getName());
        });
  }
}
