package io.tributary.export.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Parquet files ({@code .parquet}) with the flat column set of {@link FlatTable}, so DuckDB and Spark see
 * plain typed columns ({@code SELECT func, avg(dt_ns) FROM 'x.parquet'}). Compression is the page codec:
 * {@code ZSTD} at the configured level for zstd, {@code GZIP}, or {@code UNCOMPRESSED}; there is never an outer
 * compression. Memory per open file is bounded by {@link FormatOptions#parquetRowGroupBytes()}.
 *
 * <p>This class, {@link StreamOutputFile} and {@link ParquetCodecs} are the only users of Parquet; they write
 * and read through Parquet's {@code OutputFile}/{@code InputFile} abstractions, a plain configuration and
 * codecs of their own, never a Hadoop {@code FileSystem}, {@code Configuration} or codec.
 */
public final class ParquetFormat implements ExportFormat {
    /** The configuration name. */
    public static final String NAME = "parquet";
    private static final int PAGE_BYTES = 256 * 1024;

    private final FormatOptions options;

    /** Parquet with the given options. */
    public ParquetFormat(FormatOptions options) {
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
        FlatTable table = FlatTable.of(kind);
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new StreamOutputFile(sink))
                .withConf(conf)
                .withSchema(table.rowSchema())
                .withDataModel(GenericData.get())
                .withCodecFactory(new ParquetCodecs(options.zstdLevel()))
                .withCompressionCodec(codec())
                .withRowGroupSize(options.parquetRowGroupBytes())
                .withPageSize(PAGE_BYTES)
                .build();
        return new RecordWriter() {
            @Override
            public void write(IndexedRecord record) throws IOException {
                Object[] row = table.row(record);
                GenericData.Record out = new GenericData.Record(table.rowSchema());
                for (int i = 0; i < row.length; i++) {
                    out.put(i, row[i]);
                }
                writer.write(out);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    private CompressionCodecName codec() {
        switch (options.compression()) {
            case ZSTD:
                return CompressionCodecName.ZSTD;
            case GZIP:
                return CompressionCodecName.GZIP;
            default:
                return CompressionCodecName.UNCOMPRESSED;
        }
    }

    @Override
    public long countRecords(Path file) throws IOException {
        long count = 0;
        try (ParquetFileReader reader = open(file)) {
            MessageType schema = reader.getFileMetaData().getSchema();
            MessageColumnIO columns = new ColumnIOFactory().getColumnIO(schema);
            for (PageReadStore rowGroup = reader.readNextRowGroup(); rowGroup != null;
                    rowGroup = reader.readNextRowGroup()) {
                RecordReader<Group> records = columns.getRecordReader(rowGroup, new GroupRecordConverter(schema));
                for (long i = 0; i < rowGroup.getRowCount(); i++) {
                    if (records.read() == null) {
                        throw new IOException("row group ends after " + i + " of " + rowGroup.getRowCount() + " rows");
                    }
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Opens a Parquet file for reading with this module's codecs and no Hadoop configuration; read its rows
     * with parquet-java's {@code ColumnIOFactory} and a {@code GroupRecordConverter}.
     */
    public static ParquetFileReader open(Path file) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(new ParquetCodecs(FormatOptions.DEFAULT_ZSTD_LEVEL))
                .build();
        return ParquetFileReader.open(new LocalInputFile(file), options);
    }
}
