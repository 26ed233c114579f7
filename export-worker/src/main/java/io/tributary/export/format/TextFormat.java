package io.tributary.export.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;

/** Base of the text formats: the whole file goes through the configured compression. */
abstract class TextFormat implements ExportFormat {
    /** Shared Jackson factory: one JSON value per root, no separator between roots. */
    static final JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactoryBuilder().rootValueSeparator("").build();

    private final FormatOptions options;

    TextFormat(FormatOptions options) {
        this.options = options;
    }

    @Override
    public Compression compression() {
        return options.compression();
    }

    @Override
    public String extension() {
        return name() + options.compression().suffix();
    }

    /** The sink wrapped in the configured compression. */
    OutputStream compressed(OutputStream sink) throws IOException {
        return options.compression().compress(sink, options.zstdLevel(), Deflater.DEFAULT_COMPRESSION);
    }

    /** The decompressed content of a file. */
    InputStream decompressed(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        try {
            return new BufferedInputStream(options.compression().decompress(raw), 64 * 1024);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /** A UTF-8 JSON generator on the compressed sink. */
    JsonGenerator generator(OutputStream sink) throws IOException {
        return JSON.createGenerator(compressed(sink));
    }
}
