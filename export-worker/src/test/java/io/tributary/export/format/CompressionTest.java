package io.tributary.export.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each compression writes what it reads back, at the level it is given. */
class CompressionTest {
    @Test
    void gzipHonoursItsLevel() throws IOException {
        byte[] lines = lines();
        byte[] fastest = compress(Compression.GZIP, lines, 1);
        byte[] smallest = compress(Compression.GZIP, lines, 9);

        assertThat(decompress(Compression.GZIP, fastest)).isEqualTo(lines);
        assertThat(decompress(Compression.GZIP, smallest)).isEqualTo(lines);
        assertThat(smallest.length).isLessThan(fastest.length);
    }

    @Test
    void everyCompressionRoundTrips() throws IOException {
        byte[] lines = lines();
        for (Compression c : Compression.values()) {
            assertThat(decompress(c, compress(c, lines, 6))).as(c.configName()).isEqualTo(lines);
        }
    }

    private static byte[] compress(Compression compression, byte[] data, int gzipLevel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = compression.compress(out, 3, gzipLevel)) {
            c.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] decompress(Compression compression, byte[] data) throws IOException {
        try (InputStream in = compression.decompress(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    private static byte[] lines() {
        Random random = new Random(5);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            out.append("{\"type\":\"RETURN\",\"event_id\":\"").append(Long.toHexString(random.nextLong()))
                    .append("\",\"func\":\"").append(random.nextBoolean() ? "checkout" : "cart.add")
                    .append("\",\"dt_ns\":").append(random.nextInt(5_000_000)).append("}\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
