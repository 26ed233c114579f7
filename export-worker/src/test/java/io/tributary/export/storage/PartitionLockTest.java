package io.tributary.export.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLockTest {
    @TempDir
    Path dir;

    @Test
    void oneHolderAtATimeAndTheFileOutlivesIt() throws IOException {
        Path file = dir.resolve("_staging/3.lock");
        PartitionLock first = PartitionLock.tryAcquire(file).orElseThrow();
        assertThat(PartitionLock.tryAcquire(file)).isEmpty();
        assertThat(PartitionLock.tryAcquire(dir.resolve("_staging/../_staging/3.lock"))).isEmpty();
        assertThat(PartitionLock.tryAcquire(dir.resolve("_staging/4.lock"))).isPresent();

        first.release();
        assertThat(file).exists();
        Optional<PartitionLock> second = PartitionLock.tryAcquire(file);
        assertThat(second).isPresent();

        first.release(); // a second release must not free the lock the next holder took
        assertThat(PartitionLock.tryAcquire(file)).isEmpty();
        second.get().release();
        assertThat(PartitionLock.tryAcquire(file)).isPresent();
    }
}
