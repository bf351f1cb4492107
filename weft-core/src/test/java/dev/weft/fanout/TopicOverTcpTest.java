package dev.weft.fanout;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.net.CloseCause;
import dev.weft.net.Conn;
import dev.weft.net.Dialer;
import dev.weft.net.Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fan-out to real loopback connections. Each client first sends "fast" or "slow"; the server
 * subscribes it accordingly: fast ones with a queue larger than the whole test, so they can never
 * overflow, and slow ones with a tiny queue and the policy under test. The slow client never
 * reads, and small socket buffers make its backlog show quickly.
 */
class TopicOverTcpTest {
  private static final int MESSAGES = 20_000;
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ClosedEvents events = new ClosedEvents();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final ConcurrentHashMap<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private volatile OverflowPolicy slowPolicy;
  private Topic<Integer> topic;
  private Server server;

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable r : resources.reversed()) {
      r.close();
    }
  }

  private void start(OverflowPolicy slowPolicy) throws IOException {
    this.slowPolicy = slowPolicy;
    topic = Topic.builder().name("tcp").queueCapacity(MESSAGES + 1).create();
    resources.add(topic);
    server =
        Server.builder()
            .listen("127.0.0.1", 0)
            .sendBuffer(4096)
            .receiveBuffer(4096)
            .writeTimeout(Duration.ofSeconds(10))
            .drainTimeout(Duration.ofSeconds(2))
            .listener(events)
            .handler(this::serve)
            .start();
    resources.add(server);
  }

  private void serve(Conn conn) throws IOException {
    String role = readLine(conn.in());
    Subscription s =
        role.equals("slow")
            ? topic.subscribe(conn, TopicOverTcpTest::encode, slowPolicy, 16)
            : topic.subscribe(conn, TopicOverTcpTest::encode);
    subscriptions.put(role + "-" + s.id(), s);
    try (s) {
      conn.in().transferTo(OutputStream.nullOutputStream()); // until the client leaves
    }
  }

  private static byte[] encode(Integer seq) {
    return String.format("%08d %s%n", seq, "x".repeat(50)).getBytes(US_ASCII);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int b = in.read(); b != '\n' && b != -1; b = in.read()) {
      sb.append((char) b);
    }
    return sb.toString();
  }

  /** A fast client: reads every line on its own thread and records the sequence numbers. */
  private List<Integer> fastClient() throws IOException {
    Conn conn = Dialer.defaults().withTimeouts(WAIT, WAIT).dial(server.address());
    resources.add(conn);
    conn.out().write("fast\n".getBytes(US_ASCII));
    conn.out().flush();
    List<Integer> seen = new CopyOnWriteArrayList<>();
    Thread.ofVirtual().name("fast-client").start(() -> {
      try {
        BufferedReader r = new BufferedReader(new InputStreamReader(conn.in(), US_ASCII));
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          seen.add(Integer.parseInt(line.substring(0, 8)));
        }
      } catch (IOException e) {
        // The test closes the connection at the end; what was read is what counts.
      }
    });
    return seen;
  }

  /** A slow client: a plain socket with a small receive buffer that reads nothing. */
  private Socket slowClient() throws IOException {
    Socket s = new Socket();
    resources.add(s);
    s.setReceiveBufferSize(4096);
    s.setSoTimeout((int) WAIT.toMillis());
    s.connect(server.address(), 5_000);
    s.getOutputStream().write("slow\n".getBytes(US_ASCII));
    return s;
  }

  /** Publishes every message and returns how long the publishing took. */
  private Duration publishAll() {
    long start = System.nanoTime();
    for (int i = 0; i < MESSAGES; i++) {
      topic.publish(i);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static List<Integer> allMessages() {
    List<Integer> all = new ArrayList<>(MESSAGES);
    for (int i = 0; i < MESSAGES; i++) {
      all.add(i);
    }
    return all;
  }

  @Test
  void slowConnectionIsDisconnectedAsSlowConsumerWhileThePublisherAndFastConnectionsKeepPace()
      throws IOException {
    start(OverflowPolicy.DISCONNECT);
    List<Integer> fast1 = fastClient();
    List<Integer> fast2 = fastClient();
    Socket slow = slowClient();
    await().atMost(WAIT).until(() -> topic.subscriberCount() == 3);

    Duration publishing = publishAll();

    assertThat(publishing).isLessThan(Duration.ofSeconds(5));
    await().atMost(WAIT).until(() -> events.causes().contains(CloseCause.SLOW_CONSUMER));
    assertThat(topic.stats().disconnected()).isEqualTo(1);
    await().atMost(WAIT).until(() -> fast1.size() == MESSAGES && fast2.size() == MESSAGES);
    assertThat(fast1).isEqualTo(allMessages());
    assertThat(fast2).isEqualTo(allMessages());
    assertThat(topic.subscriberCount()).isEqualTo(2);
    assertThat(drain(slow)).isLessThan(MESSAGES); // it got a prefix, then the connection ended
  }

  @ParameterizedTest
  @EnumSource(value = OverflowPolicy.class, names = {"DROP_NEWEST", "DROP_OLDEST"})
  void slowConnectionUnderADropPolicyStaysConnectedAndSeesAnOrderedSubsequence(
      OverflowPolicy policy) throws IOException {
    start(policy);
    List<Integer> fast = fastClient();
    Socket slow = slowClient();
    await().atMost(WAIT).until(() -> topic.subscriberCount() == 2);

    Duration publishing = publishAll();

    assertThat(publishing).isLessThan(Duration.ofSeconds(5));
    await().atMost(WAIT).until(() -> fast.size() == MESSAGES);
    assertThat(fast).isEqualTo(allMessages());
    Subscription s = subscriptions.entrySet().stream()
        .filter(e -> e.getKey().startsWith("slow")).findFirst().orElseThrow().getValue();
    long dropped = s.stats().dropped();
    assertThat(dropped).isPositive();
    assertThat(s.isActive()).isTrue();

    List<Integer> got = readLines(slow, (int) (MESSAGES - dropped));

    assertThat(got).hasSize((int) (MESSAGES - dropped)).isSorted().doesNotHaveDuplicates();
    if (policy == OverflowPolicy.DROP_OLDEST) {
      assertThat(got).last().isEqualTo(MESSAGES - 1);
    }
    assertThat(events.causes()).doesNotContain(CloseCause.SLOW_CONSUMER);
  }

  /** Reads {@code n} lines from a socket; its SO_TIMEOUT bounds every read. */
  private static List<Integer> readLines(Socket s, int n) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), US_ASCII));
    List<Integer> got = new ArrayList<>();
    while (got.size() < n) {
      String line = r.readLine();
      if (line == null) {
        break;
      }
      got.add(Integer.parseInt(line.substring(0, 8)));
    }
    return got;
  }

  /** Counts whole lines the slow socket can still read before EOF, reset or timeout. */
  private static int drain(Socket s) {
    int lines = 0;
    try {
      s.setSoTimeout(5_000);
      InputStream in = s.getInputStream();
      for (int b = in.read(); b != -1; b = in.read()) {
        if (b == '\n') {
          lines++;
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("slow connection was not closed by the server", e);
    } catch (IOException e) {
      // Reset: the server aborted with unsent data, as expected.
    }
    return lines;
  }
}
