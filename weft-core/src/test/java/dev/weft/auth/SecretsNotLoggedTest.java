package dev.weft.auth;

import static dev.weft.auth.AuthPeers.connectFrom;
import static dev.weft.auth.AuthPeers.readLine;
import static dev.weft.auth.AuthPeers.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.weft.net.CloseInfo;
import dev.weft.net.Server;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** Every log line and exception message, at TRACE, is scanned for the secrets sent. */
@Timeout(60)
class SecretsNotLoggedTest {
  private static final String SECRET = "Sup3r-S3cret-Token-9f2c";
  private static final String WRONG = "Wr0ng-Guess-Token-77ab";

  private final AuthPeers.Events events = new AuthPeers.Events();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger weft = (Logger) LoggerFactory.getLogger("dev.weft");
  private Level before;
  private Server server;

  @BeforeEach
  void captureLogs() {
    before = weft.getLevel();
    weft.setLevel(Level.TRACE);
    logs.start();
    weft.addAppender(logs);
  }

  @AfterEach
  void restore() {
    if (server != null) {
      server.shutdown(Duration.ofSeconds(2));
    }
    weft.detachAppender(logs);
    weft.setLevel(before);
  }

  @Test
  void noSecretAppearsInLogsOrExceptionMessages() throws Exception {
    String hash = PasswordHash.hash(SECRET.toCharArray(), 1_000);
    TokenAuthenticator tokens = TokenAuthenticator.builder().user("alice", hash, Set.of("admin")).build();
    AuthSetup auth =
        AuthSetup.builder(tokens)
            .lockout(new Lockout(TokenAuthServerTest.fastLockout(20, Duration.ofMinutes(1))))
            .build();
    server =
        Server.builder().listen("127.0.0.1", 0).listener(events).setup(auth).handler(c -> {}).start();

    List<String> lines =
        List.of(
            "AUTH alice " + SECRET + "\r\n",
            "AUTH alice " + WRONG + "\r\n",
            "AUTH " + WRONG + " " + SECRET + "\r\n",
            "AUTH alice" + WRONG + "\r\n",
            "NOPE " + SECRET + "\r\n",
            "AUTH alice " + WRONG + "x".repeat(600) + "\r\n",
            "AUTH alice " + WRONG + "\r\n");
    for (String line : lines) {
      try (Socket s = connectFrom("127.0.0.2", server.address())) {
        send(s, line);
        readLine(s);
      }
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> events.closed.size() + events.rejected.size() == lines.size());

    List<String> texts = new ArrayList<>();
    for (ILoggingEvent e : logs.list) {
      texts.add(e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        texts.add(t.getMessage());
      }
    }
    for (CloseInfo close : events.closed) {
      for (Throwable t = close.error(); t != null; t = t.getCause()) {
        texts.add(t.getMessage());
        texts.add(t.toString());
      }
    }
    assertThat(logs.list).isNotEmpty();
    assertThat(texts).noneMatch(t -> t != null && (t.contains(SECRET) || t.contains(WRONG) || t.contains(hash)));
  }

  @Test
  void malformedHashMessagesNeverRepeatTheHash() {
    String hash = PasswordHash.hash(SECRET.toCharArray(), 1_000);
    String broken = hash.substring(0, hash.length() - 3) + "!!!";
    try {
      TokenAuthenticator.builder().user("alice", broken, Set.of());
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("malformed password hash").doesNotContain(broken.split("\\$")[2]);
      return;
    }
    throw new AssertionError("a malformed hash was accepted");
  }
}
