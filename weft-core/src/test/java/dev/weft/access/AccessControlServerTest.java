package dev.weft.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.access.Events.Rejection;
import dev.weft.net.Clients;
import dev.weft.net.Handler;
import dev.weft.net.RejectReason;
import dev.weft.net.Server;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** AccessControl installed as a real server's admission check, with clients on loopback. */
class AccessControlServerTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final Events events = new Events();
  private final AtomicInteger handled = new AtomicInteger();
  private final Handler echo = conn -> {
    handled.incrementAndGet();
    conn.in().transferTo(conn.out());
  };

  private Server start(AccessControl access) throws Exception {
    return Server.builder().admission(access).listener(events).handler(echo).start();
  }

  @Test
  void deniedAddressIsRejectedAtAcceptWhileAnAllowedOneIsServed() throws Exception {
    AccessControl access = new AccessControl(AccessRules.builder().deny("127.0.0.2/32").build());
    try (Server server = start(access)) {
      try (Socket denied = Clients.connectFrom("127.0.0.2", server.address())) {
        assertThat(Clients.closedWithoutData(denied)).isTrue();
      }
      try (Socket ok = Clients.connectFrom("127.0.0.3", server.address())) {
        assertThat(Clients.exchange(ok, "hello")).isEqualTo("hello");
      }
      await().atMost(WAIT).until(() -> events.rejected.size() == 1);
      assertThat(events.rejected).containsExactly(new Rejection("127.0.0.2", RejectReason.ACCESS_DENIED));
      assertThat(handled).hasValue(1);
      assertThat(access.stats().denied()).isEqualTo(1);
      assertThat(access.stats().admitted()).isEqualTo(1);
    }
  }

  @Test
  void rejectionCountsCountEveryReasonIncludingTheServersOwn() throws Exception {
    RejectionCounts counts = new RejectionCounts();
    AccessControl access = new AccessControl(AccessRules.builder().deny("127.0.0.2").build());
    try (Server server = Server.builder()
            .admission(access)
            .maxConnectionsPerIp(1)
            .listener(dev.weft.net.ConnectionListener.all(events, counts))
            .handler(echo)
            .start();
        Socket first = Clients.connectFrom("127.0.0.3", server.address())) {
      assertThat(Clients.exchange(first, "1")).isEqualTo("1");
      try (Socket second = Clients.connectFrom("127.0.0.3", server.address());
          Socket denied = Clients.connectFrom("127.0.0.2", server.address())) {
        assertThat(Clients.closedWithoutData(second)).isTrue();
        assertThat(Clients.closedWithoutData(denied)).isTrue();
      }
      await().atMost(WAIT).until(() -> events.rejected.size() == 2);
      assertThat(counts.count(RejectReason.PER_IP_LIMIT)).isEqualTo(1);
      assertThat(counts.count(RejectReason.ACCESS_DENIED)).isEqualTo(1);
      assertThat(counts.snapshot()).containsEntry(RejectReason.RATE_LIMITED, 0L);
    }
  }

  @Test
  void allowListAdmitsOnlyItsAddresses() throws Exception {
    AccessControl access = new AccessControl(AccessRules.builder().allow("127.0.0.3").build());
    try (Server server = start(access)) {
      try (Socket other = Clients.connectFrom("127.0.0.4", server.address())) {
        assertThat(Clients.closedWithoutData(other)).isTrue();
      }
      try (Socket ok = Clients.connectFrom("127.0.0.3", server.address())) {
        assertThat(Clients.exchange(ok, "in")).isEqualTo("in");
      }
      await().atMost(WAIT).until(() -> events.rejected.size() == 1);
      assertThat(events.rejected).containsExactly(new Rejection("127.0.0.4", RejectReason.ACCESS_DENIED));
    }
  }

  @Test
  void denyBeatsAllow() throws Exception {
    AccessControl access = new AccessControl(
        AccessRules.builder().allow("127.0.0.0/8").deny("127.0.0.5").build());
    try (Server server = start(access)) {
      try (Socket denied = Clients.connectFrom("127.0.0.5", server.address())) {
        assertThat(Clients.closedWithoutData(denied)).isTrue();
      }
      try (Socket ok = Clients.connectFrom("127.0.0.6", server.address())) {
        assertThat(Clients.exchange(ok, "x")).isEqualTo("x");
      }
      await().atMost(WAIT).until(() -> events.rejected.size() == 1);
      assertThat(events.rejected).containsExactly(new Rejection("127.0.0.5", RejectReason.ACCESS_DENIED));
    }
  }

  @Test
  void reloadChangesDecisionsForNewConnectionsAndLeavesEstablishedOnesOpen() throws Exception {
    AccessControl access = new AccessControl(AccessRules.ALLOW_ALL);
    try (Server server = start(access);
        Socket established = Clients.connectFrom("127.0.0.2", server.address())) {
      assertThat(Clients.exchange(established, "before")).isEqualTo("before");

      access.update(AccessRules.builder().deny("127.0.0.2").build());
      try (Socket late = Clients.connectFrom("127.0.0.2", server.address())) {
        assertThat(Clients.closedWithoutData(late)).isTrue();
      }
      await().atMost(WAIT).until(() -> events.rejected.size() == 1);
      assertThat(Clients.exchange(established, "still open")).isEqualTo("still open");

      access.update(AccessRules.ALLOW_ALL);
      try (Socket again = Clients.connectFrom("127.0.0.2", server.address())) {
        assertThat(Clients.exchange(again, "back")).isEqualTo("back");
      }
      assertThat(events.rejected).containsExactly(new Rejection("127.0.0.2", RejectReason.ACCESS_DENIED));
    }
  }

  @Test
  void connectionFloodFromOneAddressIsRateLimitedWhileAnotherIsServed() throws Exception {
    AccessControl access = new AccessControl(
        AccessRules.builder().connectRatePerIp(RateLimit.of(3, Duration.ofMinutes(1))).build());
    try (Server server = start(access)) {
      for (int i = 0; i < 8; i++) {
        try (Socket s = Clients.connectFrom("127.0.0.2", server.address())) {
          s.shutdownOutput();
          assertThat(Clients.closedWithoutData(s)).isTrue();
        }
      }
      try (Socket other = Clients.connectFrom("127.0.0.3", server.address())) {
        assertThat(Clients.exchange(other, "served")).isEqualTo("served");
      }
      await().atMost(WAIT).until(() -> events.rejected.size() == 5);
      assertThat(events.rejected).containsOnly(new Rejection("127.0.0.2", RejectReason.RATE_LIMITED));
      assertThat(access.stats().rateLimitedPerIp()).isEqualTo(5);
      assertThat(access.stats().admitted()).isEqualTo(4);
    }
  }

  @Test
  void globalAcceptRateLimitsAllAddressesTogether() throws Exception {
    AccessControl access = new AccessControl(
        AccessRules.builder().acceptRate(RateLimit.of(2, Duration.ofMinutes(1))).build());
    try (Server server = start(access)) {
      try (Socket a = Clients.connectFrom("127.0.0.2", server.address());
          Socket b = Clients.connectFrom("127.0.0.3", server.address())) {
        assertThat(Clients.exchange(a, "a")).isEqualTo("a");
        assertThat(Clients.exchange(b, "b")).isEqualTo("b");
        try (Socket c = Clients.connectFrom("127.0.0.4", server.address())) {
          assertThat(Clients.closedWithoutData(c)).isTrue();
        }
      }
      await().atMost(WAIT).until(() -> events.rejected.size() == 1);
      assertThat(events.rejected).containsExactly(new Rejection("127.0.0.4", RejectReason.ACCEPT_RATE_LIMITED));
      assertThat(access.stats().rateLimitedGlobal()).isEqualTo(1);
    }
  }

  @Test
  void perIpBucketsStayBoundedUnderManySourceAddresses() throws Exception {
    AccessControl access = new AccessControl(AccessRules.builder()
        .connectRatePerIp(RateLimit.of(1, Duration.ofMinutes(1)))
        .maxTrackedIps(4)
        .build());
    try (Server server = start(access)) {
      for (int i = 2; i < 20; i++) {
        try (Socket s = Clients.connectFrom("127.0.1." + i, server.address())) {
          s.shutdownOutput();
          Clients.closedWithoutData(s);
        }
        assertThat(access.stats().trackedIps()).isLessThanOrEqualTo(4);
      }
      await().atMost(WAIT).until(() -> events.accepted.size() + events.rejected.size() == 18);
      assertThat(access.stats().trackedIps()).isEqualTo(4);
    }
  }
}
