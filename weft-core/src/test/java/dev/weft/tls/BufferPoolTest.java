package dev.weft.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
  @Test
  void aReturnedBufferIsReusedClearedForTheSameSize() {
    BufferPool pool = new BufferPool(true, 1 << 20);
    ByteBuffer a = pool.take(1000);
    assertThat(a.isDirect()).isTrue();
    a.put(new byte[10]).flip();
    pool.give(a);
    assertThat(pool.freeBytes()).isEqualTo(1000);
    assertThat(pool.take(2000)).isNotSameAs(a); // another size: a new buffer
    ByteBuffer again = pool.take(1000);
    assertThat(again).isSameAs(a);
    assertThat(again.position()).isZero();
    assertThat(again.limit()).isEqualTo(1000);
    assertThat(pool.freeBytes()).isZero();
  }

  @Test
  void aTrimKeepsWhatWasTakenSinceTheLastTrimOrTheFloor() {
    BufferPool pool = new BufferPool(false, 1 << 20);
    java.util.List<ByteBuffer> burst = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      burst.add(pool.take(1000));
    }
    burst.forEach(pool::give);
    pool.trim(0);
    assertThat(pool.freeBytes()).isEqualTo(10_000); // all ten were taken in this interval
    pool.give(pool.take(1000));
    pool.trim(0);
    assertThat(pool.freeBytes()).isEqualTo(1000); // one was taken since: the burst's rest goes
    pool.trim(2500);
    assertThat(pool.freeBytes()).isEqualTo(1000); // under the floor: kept
  }

  @Test
  void keepsNoMoreThanItsCapAndOnlyItsOwnKind() {
    BufferPool pool = new BufferPool(true, 2500);
    pool.give(pool.take(1000));
    pool.give(ByteBuffer.allocateDirect(1000));
    pool.give(ByteBuffer.allocateDirect(1000)); // over the cap: left to the GC
    pool.give(ByteBuffer.allocate(100)); // heap, in a direct pool
    pool.give(CipherIo.NONE);
    assertThat(pool.freeBytes()).isEqualTo(2000);
    BufferPool heap = new BufferPool(false, 2500);
    heap.give(ByteBuffer.allocateDirect(100));
    heap.give(ByteBuffer.allocate(100));
    assertThat(heap.freeBytes()).isEqualTo(100);
    assertThat(heap.take(100).isDirect()).isFalse();
  }
}
