package dev.weft.auth;

import static dev.weft.auth.AuthPeers.closedByServer;
import static dev.weft.auth.AuthPeers.connectFrom;
import static dev.weft.auth.AuthPeers.readLine;
import static dev.weft.auth.AuthPeers.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.AdmissionCheck;
import dev.weft.net.CloseCause;
import dev.weft.net.Principal;
import dev.weft.net.RejectReason;
import dev.weft.net.Server;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The token handshake through a real server on 127.0.0.1, clients on other loopback IPs. */
@Timeout(60)
class TokenAuthServerTest {
  static final int FAST = 1_000;
  static final String ALICE_PW = "s3cret-Alice!";
  static final String BOB_PW = "hunter2 with spaces";

  private final AuthPeers.Events events = new AuthPeers.Events();
  private final AtomicReference<Principal> seen = new AtomicReference<>();
  private Server server;
  private AuthSetup auth;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2));
    }
  }

  private void start(LockoutPolicy policy, Duration timeout) throws IOException {
    TokenAuthenticator tokens =
        TokenAuthenticator.builder()
            .user("alice", PasswordHash.hash(ALICE_PW.toCharArray(), FAST), Set.of("admin"))
            .user("bob", PasswordHash.hash(BOB_PW.toCharArray(), FAST), Set.of())
            .build();
    Lockout lockout = new Lockout(policy);
    auth =
        AuthSetup.builder(tokens)
            .timeout(timeout)
            .lockout(lockout)
            .roles("bob", Set.of("reader"))
            .build();
    AdmissionCheck admission = lockout.admission();
    server =
        Server.builder()
            .listen("127.0.0.1", 0)
            .listener(events)
            .admission(admission)
            .setup(auth)
            .handler(
                conn -> {
                  Principal p = conn.principal();
                  seen.set(p);
                  conn.out().write(("hello " + p.name() + " admin=" + p.hasRole("admin") + "\n")
                      .getBytes(StandardCharsets.UTF_8));
                })
            .start();
  }

  private void start() throws IOException {
    start(fastLockout(3, Duration.ofMinutes(5)), Duration.ofSeconds(5));
  }

  static LockoutPolicy fastLockout(int failures, Duration duration) {
    return LockoutPolicy.builder()
        .maxFailures(failures)
        .duration(duration)
        .backoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(40))
        .build();
  }

  private String login(String ip, String line) throws IOException {
    try (Socket s = connectFrom(ip, server.address())) {
      send(s, line);
      return readLine(s);
    }
  }

  @Test
  void correctTokenRunsTheHandlerWithThePrincipalAndItsRoles() throws Exception {
    start();
    try (Socket s = connectFrom("127.0.0.2", server.address())) {
      send(s, "AUTH alice " + ALICE_PW + "\r\n");
      assertThat(readLine(s)).isEqualTo("OK alice\r\n");
      assertThat(readLine(s)).isEqualTo("hello alice admin=true\n");
    }
    assertThat(seen.get()).isEqualTo(new Principal("alice", Set.of("admin"), "token"));
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
    assertThat(events.causes()).doesNotContain(CloseCause.AUTH_FAILED);
    assertThat(auth.stats()).isEqualTo(new AuthStats(1, 0, 0, 0));
  }

  @Test
  void configuredRolesAreAddedAndSecretsMayHoldSpaces() throws Exception {
    start();
    assertThat(login("127.0.0.2", "AUTH bob " + BOB_PW + "\n")).isEqualTo("OK bob\r\n");
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.get() != null);
    assertThat(seen.get().hasRole("reader")).isTrue();
    assertThat(seen.get().hasRole("admin")).isFalse();
  }

  @Test
  void wrongPasswordGetsErrAndClosesWithAuthFailed() throws Exception {
    start();
    try (Socket s = connectFrom("127.0.0.2", server.address())) {
      send(s, "AUTH alice wrong\r\n");
      assertThat(readLine(s)).isEqualTo("ERR authentication failed\r\n");
      assertThat(closedByServer(s)).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
    assertThat(events.causes()).containsExactly(CloseCause.AUTH_FAILED);
    assertThat(seen.get()).isNull();
    assertThat(auth.stats().failures()).isEqualTo(1);
  }

  @Test
  void unknownUserGetsTheSameReplyAsAWrongPassword() throws Exception {
    start();
    assertThat(login("127.0.0.2", "AUTH mallory " + ALICE_PW + "\r\n"))
        .isEqualTo(login("127.0.0.3", "AUTH alice wrong\r\n"))
        .isEqualTo("ERR authentication failed\r\n");
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 2);
    assertThat(events.causes()).containsOnly(CloseCause.AUTH_FAILED);
  }

  @Test
  void malformedAndOverlongAuthLinesAreRefused() throws Exception {
    start();
    assertThat(login("127.0.0.2", "HELLO\r\n")).isEqualTo("ERR authentication failed\r\n");
    assertThat(login("127.0.0.3", "AUTH alice\r\n")).isEqualTo("ERR authentication failed\r\n");
    assertThat(login("127.0.0.4", "AUTH alice " + "x".repeat(600) + "\r\n"))
        .isEqualTo("ERR authentication failed\r\n");
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 3);
    assertThat(events.causes()).containsOnly(CloseCause.AUTH_FAILED);
  }

  @Test
  void anAuthLineCutShortByTheClientsCloseGetsErrAndCountsAsAFailure() throws Exception {
    start();
    try (Socket s = connectFrom("127.0.0.2", server.address())) {
      send(s, "AUTH alice " + ALICE_PW); // no newline, then EOF
      s.shutdownOutput();
      assertThat(readLine(s)).isEqualTo("ERR authentication failed\r\n");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
    assertThat(events.causes()).containsExactly(CloseCause.AUTH_FAILED);
    assertThat(auth.stats().failures()).isEqualTo(1);
  }

  @Test
  void clientThatNeverSendsTheAuthLineIsClosedByTheTimeout() throws Exception {
    start(fastLockout(3, Duration.ofMinutes(5)), Duration.ofMillis(300));
    try (Socket s = connectFrom("127.0.0.2", server.address())) {
      assertThat(closedByServer(s)).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 1);
    assertThat(events.causes()).containsExactly(CloseCause.READ_TIMEOUT);
    assertThat(auth.stats()).isEqualTo(new AuthStats(0, 0, 0, 1));
  }

  @Test
  void bruteForceLocksOutOneIpAtAcceptWhileOthersStillAuthenticate() throws Exception {
    start();
    for (int i = 0; i < 3; i++) {
      assertThat(login("127.0.0.2", "AUTH alice guess" + i + "\r\n"))
          .isEqualTo("ERR authentication failed\r\n");
    }
    try (Socket s = connectFrom("127.0.0.2", server.address())) {
      send(s, "AUTH alice " + ALICE_PW + "\r\n");
      assertThat(closedByServer(s)).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.rejected.size() == 1);
    assertThat(events.rejected).containsExactly(RejectReason.LOCKED_OUT);
    assertThat(events.rejectedFrom.get(0).getAddress().getHostAddress()).isEqualTo("127.0.0.2");

    assertThat(login("127.0.0.3", "AUTH alice " + ALICE_PW + "\r\n")).isEqualTo("OK alice\r\n");
    assertThat(auth.lockout().isLockedOut(java.net.InetAddress.getByName("127.0.0.3"))).isFalse();
  }

  @Test
  void aConnectionOpenedBeforeTheLockoutCannotLogInAfterIt() throws Exception {
    start();
    try (Socket early = connectFrom("127.0.0.2", server.address())) {
      await().atMost(Duration.ofSeconds(5)).until(() -> events.accepted.size() == 1); // admitted, in its exchange
      for (int i = 0; i < 3; i++) {
        assertThat(login("127.0.0.2", "AUTH alice guess" + i + "\r\n")).isEqualTo("ERR authentication failed\r\n");
      }
      send(early, "AUTH alice " + ALICE_PW + "\r\n"); // the right password, on the old connection
      assertThat(readLine(early)).isEqualTo("ERR authentication failed\r\n");
    }
    assertThat(seen.get()).isNull();
    assertThat(auth.stats()).isEqualTo(new AuthStats(0, 3, 1, 0));
  }

  @Test
  void connectionsClosedWithoutAByteAreNotFailedLoginsSoProbesCannotLockAnIpOut() throws Exception {
    start(); // locks out after 3 failures
    for (int i = 0; i < 5; i++) {
      try (Socket probe = connectFrom("127.0.0.2", server.address())) {
        probe.shutdownOutput();
        assertThat(closedByServer(probe)).isTrue();
      }
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() == 5);
    assertThat(events.causes()).containsOnly(CloseCause.CLIENT_CLOSED);
    assertThat(auth.stats().failures()).isZero();
    assertThat(login("127.0.0.2", "AUTH alice " + ALICE_PW + "\r\n")).isEqualTo("OK alice\r\n");
  }

  @Test
  void lockoutExpires() throws Exception {
    // Long enough to check it is locked out even on a stalled machine, short enough to wait for.
    start(fastLockout(2, Duration.ofSeconds(2)), Duration.ofSeconds(5));
    login("127.0.0.2", "AUTH alice guess1\r\n");
    login("127.0.0.2", "AUTH alice guess2\r\n");
    java.net.InetAddress ip = java.net.InetAddress.getByName("127.0.0.2");
    assertThat(auth.lockout().isLockedOut(ip)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> !auth.lockout().isLockedOut(ip));
    assertThat(login("127.0.0.2", "AUTH alice " + ALICE_PW + "\r\n")).isEqualTo("OK alice\r\n");
  }

  @Test
  void lockedOutIpIsAlsoRefusedByTheSetupStep() throws Exception {
    start();
    java.net.InetAddress ip = java.net.InetAddress.getByName("127.0.0.2");
    for (int i = 0; i < 3; i++) {
      auth.lockout().recordFailure(ip);
    }
    // Admission is bypassed here by a second server sharing only the setup step.
    try (Server open =
        Server.builder().listen("127.0.0.1", 0).listener(events).setup(auth).handler(c -> {}).start();
        Socket s = connectFrom("127.0.0.2", open.address())) {
      send(s, "AUTH alice " + ALICE_PW + "\r\n");
      assertThat(readLine(s)).isEqualTo("ERR authentication failed\r\n");
      await().atMost(Duration.ofSeconds(5)).until(() -> auth.stats().lockedOut() == 1);
    }
    assertThat(seen.get()).isNull();
  }
}
