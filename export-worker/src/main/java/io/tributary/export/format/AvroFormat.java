package io.tributary.export.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Avro object container files ({@code .avro}) holding the records with their full schema (the event
 * envelope with its payload union), so nothing is flattened or lost. Compression is the container's block
 * codec: {@code zstandard} for zstd, {@code deflate} (level 6) for gzip, {@code null} for none. Readable by
 * Avro's {@code DataFileReader}, Spark's {@code avro} source and DuckDB's {@code read_avro}.
 */
public final class AvroFormat implements ExportFormat {
    /** The configuration name. */
    public static final String NAME = "avro";
    private static final int SYNC_INTERVAL = 256 * 1024;

    private final FormatOptions options;

    /** Avro containers with the given options. */
    public AvroFormat(FormatOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Compression compression() {
        return options.compression();
    }

    @Override
    public String extension() {
        return NAME;
    }

    @Override
    public RecordWriter open(OutputStream sink, RecordKind kind) throws IOException {
        DataFileWriter<IndexedRecord> writer = new DataFileWriter<>(new SpecificDatumWriter<>(kind.schema()));
        writer.setCodec(codec());
        writer.setSyncInterval(SYNC_INTERVAL);
        writer.create(kind.schema(), sink);
        return new RecordWriter() {
            @Override
            public void write(IndexedRecord record) throws IOException {
                writer.append(record);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    private CodecFactory codec() {
        switch (options.compression()) {
            case ZSTD:
                return CodecFactory.zstandardCodec(options.zstdLevel());
            case GZIP:
                return CodecFactory.deflateCodec(6);
            default:
                return CodecFactory.nullCodec();
        }
    }

    @Override
    public long countRecords(Path file) throws IOException {
        long count = 0;
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            GenericRecord reuse = null;
            while (reader.hasNext()) {
                reuse = reader.next(reuse);
                count++;
            }
        }
        return count;
    }
}
