package io.tributary.export.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The shared pool lends at most its capacity, never allocates past it, and reports contention until a return. */
class PartBufferPoolTest {
    @Test
    void lendsAtMostItsCapacityAndReusesReturnedBuffers() {
        PartBufferPool pool = new PartBufferPool(16, 2);
        byte[] a = pool.tryAcquire();
        byte[] b = pool.tryAcquire();
        assertThat(a).hasSize(16);
        assertThat(b).isNotSameAs(a);
        assertThat(pool.contended()).isFalse();
        assertThat(pool.tryAcquire()).isNull();
        assertThat(pool.contended()).isTrue();
        assertThat(pool.inUse()).isEqualTo(2);
        pool.release(a);
        assertThat(pool.contended()).isFalse();
        assertThat(pool.tryAcquire()).isSameAs(a);
    }
}
