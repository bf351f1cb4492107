package dev.weft.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.net.CloseCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final List<Topic<?>> topics = new ArrayList<>();

  @AfterEach
  void closeTopics() {
    topics.forEach(Topic::close);
  }

  private <T> Topic<T> topic(int capacity, OverflowPolicy policy) {
    Topic<T> t = Topic.builder().name("t").queueCapacity(capacity).overflowPolicy(policy).create();
    topics.add(t);
    return t;
  }

  /** Publishes 0, waits until the sink is stuck delivering it, then publishes 1..last. */
  private static void jam(Topic<Integer> topic, RecordingSink<Integer> sink, int last) {
    topic.publish(0);
    await().atMost(WAIT).until(sink::isBlockedInDeliver);
    for (int i = 1; i <= last; i++) {
      topic.publish(i);
    }
  }

  @Test
  void everySubscriberReceivesEveryMessageInPublishOrder() {
    Topic<Integer> topic = topic(10_000, OverflowPolicy.DISCONNECT);
    RecordingSink<Integer> a = RecordingSink.open();
    RecordingSink<Integer> b = RecordingSink.open();
    topic.subscribe(a);
    topic.subscribe(b);

    IntStream.range(0, 10_000).forEach(topic::publish);

    List<Integer> expected = IntStream.range(0, 10_000).boxed().toList();
    await().atMost(WAIT).until(() -> a.count() == 10_000 && b.count() == 10_000);
    assertThat(a.received()).isEqualTo(expected);
    assertThat(b.received()).isEqualTo(expected);
    assertThat(topic.stats().delivered()).isEqualTo(20_000);
  }

  @Test
  void dropNewestDiscardsWhatArrivesWhileTheQueueIsFullAndCountsIt() {
    Topic<Integer> topic = topic(4, OverflowPolicy.DROP_NEWEST);
    RecordingSink<Integer> sink = RecordingSink.gated();
    Subscription s = topic.subscribe(sink);

    jam(topic, sink, 10);

    assertThat(s.stats().dropped()).isEqualTo(6);
    assertThat(topic.stats().dropped()).isEqualTo(6);
    sink.release();
    await().atMost(WAIT).until(() -> sink.count() == 5);
    assertThat(sink.received()).containsExactly(0, 1, 2, 3, 4);
    assertThat(s.isActive()).isTrue();
  }

  @Test
  void dropOldestKeepsTheNewestMessagesAndCountsDrops() {
    Topic<Integer> topic = topic(4, OverflowPolicy.DROP_OLDEST);
    RecordingSink<Integer> sink = RecordingSink.gated();
    Subscription s = topic.subscribe(sink);

    jam(topic, sink, 10);

    assertThat(s.stats().dropped()).isEqualTo(6);
    sink.release();
    await().atMost(WAIT).until(() -> sink.count() == 5);
    assertThat(sink.received()).containsExactly(0, 7, 8, 9, 10);
  }

  @Test
  void slowSubscriberIsDisconnectedWithSlowConsumerWithoutBlockingThePublisher()
      throws InterruptedException {
    Topic<Integer> topic = topic(4, OverflowPolicy.DISCONNECT);
    RecordingSink<Integer> slow = RecordingSink.gated();
    RecordingSink<Integer> fast = RecordingSink.open();
    Subscription s = topic.subscribe(slow);
    // Room enough that the fast one never overflows, however late its writer is scheduled.
    topic.subscribe(fast, OverflowPolicy.DISCONNECT, 1024);

    jam(topic, slow, 5);

    assertThat(slow.closedWith()).isEqualTo(CloseCause.SLOW_CONSUMER);
    assertThat(s.isActive()).isFalse();
    assertThat(s.stats().disconnected()).isTrue();
    assertThat(topic.stats().disconnected()).isEqualTo(1);
    assertThat(topic.subscriberCount()).isEqualTo(1);
    assertThat(s.awaitTermination(WAIT)).isTrue();
    await().atMost(WAIT).until(() -> fast.count() == 6);
  }

  @Test
  void subscriberPolicyOverridesTheTopicDefault() {
    Topic<Integer> topic = topic(1024, OverflowPolicy.DISCONNECT);
    RecordingSink<Integer> sink = RecordingSink.gated();
    Subscription s = topic.subscribe(sink, OverflowPolicy.DROP_NEWEST, 2);

    jam(topic, sink, 5);

    assertThat(s.policy()).isEqualTo(OverflowPolicy.DROP_NEWEST);
    assertThat(s.isActive()).isTrue();
    assertThat(s.stats().dropped()).isEqualTo(3);
  }

  @Test
  void failingSinkIsRemovedAndClosedWithIoError() throws InterruptedException {
    Topic<Integer> topic = topic(16, OverflowPolicy.DISCONNECT);
    RecordingSink<Integer> sink = RecordingSink.<Integer>open().failingAt(2);
    Subscription s = topic.subscribe(sink);

    IntStream.range(0, 5).forEach(topic::publish);

    await().atMost(WAIT).until(() -> !s.isActive());
    assertThat(sink.closedWith()).isEqualTo(CloseCause.IO_ERROR);
    assertThat(sink.received()).containsExactly(0, 1);
    assertThat(s.stats().failed()).isTrue();
    assertThat(topic.stats().failed()).isEqualTo(1);
    assertThat(topic.subscriberCount()).isZero();
    assertThat(s.awaitTermination(WAIT)).isTrue();
  }

  @Test
  void sinkIsFlushedOnceWhenABurstHasBeenDelivered() {
    Topic<Integer> topic = topic(64, OverflowPolicy.DISCONNECT);
    RecordingSink<Integer> sink = RecordingSink.gated();
    topic.subscribe(sink);

    jam(topic, sink, 9);
    sink.release();

    await().atMost(WAIT).until(() -> sink.count() == 10 && sink.flushes() == 1);
  }

  @Test
  void concurrentPublishersKeepEachPublishersOrderAtEverySubscriber() throws InterruptedException {
    int publishers = 4;
    int each = 5_000;
    Topic<Long> topic = topic(publishers * each, OverflowPolicy.DISCONNECT);
    List<RecordingSink<Long>> sinks =
        List.of(RecordingSink.open(), RecordingSink.open(), RecordingSink.open());
    sinks.forEach(topic::subscribe);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (long p = 0; p < publishers; p++) {
      long publisher = p;
      threads.add(Thread.ofVirtual().start(() -> {
        awaitQuietly(start);
        for (long i = 0; i < each; i++) {
          topic.publish(publisher * 1_000_000 + i);
        }
      }));
    }
    start.countDown();
    for (Thread t : threads) {
      assertThat(t.join(WAIT)).isTrue();
    }

    await().atMost(WAIT).until(() -> sinks.stream().allMatch(s -> s.count() == publishers * each));
    for (RecordingSink<Long> sink : sinks) {
      long[] last = {-1, -1, -1, -1};
      for (long m : sink.received()) {
        int p = (int) (m / 1_000_000);
        assertThat(m % 1_000_000).isEqualTo(last[p] + 1);
        last[p] = m % 1_000_000;
      }
    }
    assertThat(topic.stats().published()).isEqualTo(publishers * each);
  }

  @Test
  void unsubscribeStopsTheWriterAndLeavesTheSinkOpen() throws InterruptedException {
    Topic<Integer> topic = topic(16, OverflowPolicy.DISCONNECT);
    RecordingSink<Integer> sink = RecordingSink.open();
    Subscription s = topic.subscribe(sink);
    topic.publish(1);
    await().atMost(WAIT).until(() -> sink.count() == 1);

    topic.unsubscribe(s);
    s.close();

    assertThat(s.awaitTermination(WAIT)).isTrue();
    assertThat(s.isActive()).isFalse();
    assertThat(topic.publish(2)).isZero();
    assertThat(sink.closedWith()).isNull();
    assertThat(sink.received()).containsExactly(1);
  }

  @Test
  void closingTheTopicEndsEverySubscriptionAndLaterPublishesDoNothing()
      throws InterruptedException {
    Topic<Integer> topic = topic(16, OverflowPolicy.DISCONNECT);
    Subscription a = topic.subscribe(RecordingSink.open());
    Subscription b = topic.subscribe(RecordingSink.<Integer>gated());
    topic.publish(1);

    topic.close();
    topic.close();

    assertThat(a.awaitTermination(WAIT)).isTrue();
    assertThat(a.isActive()).isFalse();
    assertThat(b.isActive()).isFalse();
    assertThat(topic.publish(2)).isZero();
    assertThat(topic.stats().published()).isEqualTo(1);
    assertThat(topic.isOpen()).isFalse();
    assertThatThrownBy(() -> topic.subscribe(RecordingSink.open()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("topic t is closed");
  }

  @Test
  void writerThreadIsNamedAfterTheTopicAndSubscriber() {
    Topic<String> topic = Topic.builder().name("news").create();
    topics.add(topic);
    RecordingSink<String> sink = RecordingSink.open();
    Subscription s = topic.subscribe(sink);
    topic.publish("hello");

    await().atMost(WAIT).until(() -> sink.count() == 1);
    assertThat(sink.threadName()).isEqualTo("topic-news-sub-" + s.id());
  }

  @Test
  void configHasDocumentedDefaultsAndLiteralValidationMessages() {
    TopicConfig c = Topic.builder().build();
    assertThat(c.queueCapacity()).isEqualTo(1024);
    assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.DISCONNECT);
    assertThat(c.name()).isEqualTo("topic");
    assertThatThrownBy(() -> Topic.builder().queueCapacity(-3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queueCapacity must be > 0, got -3");
    Topic<String> topic = topic(1, OverflowPolicy.DISCONNECT);
    assertThatThrownBy(() -> topic.subscribe(RecordingSink.open(), OverflowPolicy.DROP_NEWEST, 0))
        .hasMessage("queueCapacity must be > 0, got 0");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
