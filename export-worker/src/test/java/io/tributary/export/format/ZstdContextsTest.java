package io.tributary.export.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Whole bodies compressed as one zstd frame each, from pooled contexts shared by threads. */
class ZstdContextsTest {
    private final ZstdContexts zstd = new ZstdContexts(3);

    @Test
    void aLargeBodyIsOneFrameThatDecodesWhole() throws IOException {
        byte[] body = lines(12_000, 7); // over 3 MiB
        byte[] compressed = zstd.compress(body, 0, body.length);

        assertThat(Zstd.findFrameCompressedSize(compressed)).isEqualTo(compressed.length);
        assertThat(decompress(compressed)).isEqualTo(body);
        assertThat(compressed.length).isLessThan(body.length / 4);
    }

    @Test
    void aSliceAndAnEmptyBody() throws IOException {
        byte[] body = lines(100, 3);
        assertThat(decompress(zstd.compress(body, 10, 500))).isEqualTo(java.util.Arrays.copyOfRange(body, 10, 510));
        assertThat(decompress(zstd.compress(body, 0, 0))).isEmpty();
    }

    @Test
    void threadsSharingThePoolEachGetTheirOwnBodyBack() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        byte[] body = lines(500 + 50 * i, seed * 100 + i);
                        if (!java.util.Arrays.equals(decompress(zstd.compress(body, 0, body.length)), body)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void levelsOutsideZstdsRangeAreRefused() {
        assertThatThrownBy(() -> new ZstdContexts(0)).hasMessageContaining("not 0");
        assertThatThrownBy(() -> new ZstdContexts(23)).hasMessageContaining("not 23");
    }

    private static byte[] decompress(byte[] compressed) throws IOException {
        try (InputStream in = Compression.ZSTD.decompress(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    private static byte[] lines(int count, long seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append("{\"type\":\"CALL\",\"seq\":").append(i).append(",\"note\":\"")
                    .append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong()))
                    .append("\",\"func\":\"checkout\",\"module\":\"shop.cart\",\"file\":\"cart.py\",\"line\":")
                    .append(random.nextInt(500)).append(",\"category\":\"TRACE\",\"priority\":\"NORMAL\"}\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
