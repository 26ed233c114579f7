package io.tributary.export.format;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet page codecs implemented with zstd-jni and {@code java.util.zip}, so that writing and reading
 * Parquet never instantiates a Hadoop {@code Configuration} or Hadoop codec (whose dependency tree stays
 * excluded). Supports ZSTD, GZIP and UNCOMPRESSED, the codecs the exporter writes.
 */
final class ParquetCodecs implements CompressionCodecFactory {
    private final int zstdLevel;

    ParquetCodecs(int zstdLevel) {
        this.zstdLevel = zstdLevel;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                switch (codec) {
                    case ZSTD:
                        return BytesInput.from(Zstd.compress(toArray(bytes), zstdLevel));
                    case GZIP:
                        ByteArrayOutputStream out = new ByteArrayOutputStream((int) bytes.size() / 4 + 64);
                        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                            bytes.writeAllTo(gzip);
                        }
                        return BytesInput.from(out.toByteArray());
                    case UNCOMPRESSED:
                        return bytes;
                    default:
                        throw new IOException("unsupported Parquet codec " + codec);
                }
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
                // nothing pooled
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
                return BytesInput.from(decompress(toArray(bytes), uncompressedSize));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                    throws IOException {
                byte[] in = new byte[compressedSize];
                input.duplicate().get(in);
                output.put(decompress(in, uncompressedSize));
            }

            private byte[] decompress(byte[] in, int uncompressedSize) throws IOException {
                switch (codec) {
                    case ZSTD:
                        return Zstd.decompress(in, uncompressedSize);
                    case GZIP:
                        try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(in))) {
                            return gzip.readNBytes(uncompressedSize);
                        }
                    case UNCOMPRESSED:
                        return in;
                    default:
                        throw new IOException("unsupported Parquet codec " + codec);
                }
            }

            @Override
            public void release() {
                // nothing pooled
            }
        };
    }

    @Override
    public void release() {
        // nothing pooled
    }

    private static byte[] toArray(BytesInput bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) bytes.size());
        bytes.writeAllTo(out);
        return out.toByteArray();
    }
}
