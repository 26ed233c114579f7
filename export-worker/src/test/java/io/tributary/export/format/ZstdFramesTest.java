package io.tributary.export.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zstd in frames: what is written comes back whole, through zstd-jni and through DuckDB. */
class ZstdFramesTest {
    private final ZstdFrames zstd = new ZstdFrames(3);

    @Test
    void manyFramesDecodeAsOneStream() throws IOException {
        byte[] lines = ndjson(12_000, 7); // about 3.3 MiB: four frames
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (OutputStream out = zstd.open(file)) {
            writeInVariedPieces(out, lines, new Random(1));
        }
        byte[] compressed = file.toByteArray();

        assertThat(decompress(compressed)).isEqualTo(lines);
        assertThat(frameSizes(compressed)).hasSize((lines.length + ZstdFrames.FRAME_BYTES - 1) / ZstdFrames.FRAME_BYTES);
        assertThat(compressed.length).isLessThan(lines.length / 4);
    }

    @Test
    void anEmptyStreamIsAnEmptyZstdFile() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        zstd.open(file).close();

        assertThat(file.size()).isPositive();
        assertThat(frameSizes(file.toByteArray())).hasSize(1);
        assertThat(decompress(file.toByteArray())).isEmpty();
    }

    @Test
    void streamsInterleavedOnOneThreadAndAcrossThreadsStayApart() throws Exception {
        int streams = 6;
        List<byte[]> inputs = new ArrayList<>();
        List<ByteArrayOutputStream> files = new ArrayList<>();
        List<OutputStream> outs = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            inputs.add(ndjson(5_000 + 1_000 * i, 100 + i));
            files.add(new ByteArrayOutputStream());
            outs.add(zstd.open(files.get(i)));
        }
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int first = 2 * t;
                // Each thread alternates between its two streams in slices, as an export loop does between partitions.
                done.add(threads.submit(() -> {
                    alternate(outs.get(first), inputs.get(first), outs.get(first + 1), inputs.get(first + 1));
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        for (int i = 0; i < streams; i++) {
            outs.get(i).close();
            assertThat(decompress(files.get(i).toByteArray())).as("stream %d", i).isEqualTo(inputs.get(i));
        }
    }

    @Test
    void writingAfterCloseFailsAndCloseTwiceIsHarmless() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        OutputStream out = zstd.open(file);
        out.write('x');
        out.close();
        out.close();

        assertThatThrownBy(() -> out.write('y')).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> out.write(new byte[3], 0, 3)).isInstanceOf(IOException.class);
        assertThat(decompress(file.toByteArray())).containsExactly('x');
    }

    @Test
    void levelsOutsideZstdsRangeAreRefused() {
        assertThatThrownBy(() -> new ZstdFrames(0)).hasMessageContaining("not 0");
        assertThatThrownBy(() -> new ZstdFrames(23)).hasMessageContaining("not 23");
    }

    @Test
    void duckDbReadsEveryLineOfAManyFrameFile(@TempDir Path dir) throws Exception {
        byte[] lines = ndjson(9_000, 11);
        Path file = dir.resolve("events.ndjson.zst");
        try (OutputStream out = zstd.open(Files.newOutputStream(file))) {
            out.write(lines);
        }
        assertThat(frameSizes(Files.readAllBytes(file))).hasSizeGreaterThan(1);

        long expectedSum = 0;
        for (int i = 0; i < 9_000; i++) {
            expectedSum += i;
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = duck.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), sum(seq), count(DISTINCT note) FROM read_json('"
                     + file + "', format = 'newline_delimited')")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(1)).isEqualTo(9_000);
            assertThat(r.getLong(2)).isEqualTo(expectedSum);
            assertThat(r.getLong(3)).isEqualTo(9_000);
        }
    }

    /** Lines of JSON with a sequence number and a random note, compressible as event lines are. */
    private static byte[] ndjson(int count, long seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append("{\"type\":\"CALL\",\"seq\":").append(i).append(",\"note\":\"")
                    .append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong()))
                    .append("\",\"func\":\"checkout\",\"module\":\"shop.cart\",\"file\":\"cart.py\",\"line\":")
                    .append(random.nextInt(500)).append(",\"attrs\":{\"region\":\"eu-west-1\",\"tier\":\"gold\"}")
                    .append(",\"category\":\"TRACE\",\"priority\":\"NORMAL\",\"sample_rate\":1}\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeInVariedPieces(OutputStream out, byte[] data, Random random) throws IOException {
        int at = 0;
        while (at < data.length) {
            if (random.nextInt(10) == 0) {
                out.write(data[at++]);
                continue;
            }
            int n = Math.min(data.length - at, 1 + random.nextInt(200_000));
            out.write(data, at, n);
            at += n;
        }
    }

    private static void alternate(OutputStream a, byte[] dataA, OutputStream b, byte[] dataB) throws IOException {
        int slice = 100_000;
        for (int at = 0; at < Math.max(dataA.length, dataB.length); at += slice) {
            if (at < dataA.length) {
                a.write(dataA, at, Math.min(slice, dataA.length - at));
            }
            if (at < dataB.length) {
                b.write(dataB, at, Math.min(slice, dataB.length - at));
            }
        }
    }

    private static byte[] decompress(byte[] compressed) throws IOException {
        try (InputStream in = Compression.ZSTD.decompress(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    /** The compressed size of each frame, walking the file frame by frame. */
    private static List<Long> frameSizes(byte[] compressed) {
        List<Long> sizes = new ArrayList<>();
        for (int at = 0; at < compressed.length; ) {
            long size = Zstd.findFrameCompressedSize(compressed, at);
            assertThat(size).isPositive();
            sizes.add(size);
            at += (int) size;
        }
        return sizes;
    }
}
