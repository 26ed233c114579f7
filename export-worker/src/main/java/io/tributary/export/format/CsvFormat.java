package io.tributary.export.format;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.avro.generic.IndexedRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * CSV per RFC 4180, written and read with Apache Commons CSV: UTF-8, a header row naming the
 * {@link FlatTable} columns, records terminated by CRLF. Text fields are always quoted (quotes inside
 * doubled), numbers are not, and a {@code null} is an empty unquoted field, so an empty string ({@code ""})
 * stays distinguishable from a missing value. Nested values are JSON strings.
 *
 * <p>With {@link FormatOptions#csvEscapeFormulas()} (the default), a text cell that a spreadsheet would run as a
 * formula (it starts with {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage return) is written with a
 * leading {@code '}; numeric columns are never changed. See {@link CsvFormulaEscaping}.
 */
public final class CsvFormat extends TextFormat {
    /** The configuration name. */
    public static final String NAME = "csv";

    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder()
            .setQuoteMode(QuoteMode.NON_NUMERIC)
            .setNullString("")
            .setRecordSeparator("\r\n")
            .get();
    private static final CSVFormat READ = CSVFormat.RFC4180.builder().get();

    private final boolean escapeFormulas;

    /** CSV with the given options. */
    public CsvFormat(FormatOptions options) {
        super(options);
        this.escapeFormulas = options.csvEscapeFormulas();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Whether text cells that start a formula get a leading {@code '}: {@link FormatOptions#csvEscapeFormulas()}. */
    @Override
    public boolean escapesFormulas() {
        return escapeFormulas;
    }

    @Override
    public RecordWriter open(OutputStream sink, RecordKind kind) throws IOException {
        FlatTable table = FlatTable.of(kind);
        CSVPrinter printer = new CSVPrinter(
                new BufferedWriter(new OutputStreamWriter(compressed(sink), StandardCharsets.UTF_8), 16 * 1024), WRITE);
        List<FlatTable.Column> columns = table.columns();
        for (FlatTable.Column column : columns) {
            printer.print(column.name());
        }
        printer.println();
        UnaryOperator<Object[]> cells = escapeFormulas ? new CsvFormulaEscaping(columns)::apply
                : UnaryOperator.identity();
        return new RecordWriter() {
            @Override
            public void write(IndexedRecord record) throws IOException {
                printer.printRecord(cells.apply(table.row(record)));
            }

            @Override
            public void close() throws IOException {
                printer.close();
            }
        };
    }

    @Override
    public long countRecords(Path file) throws IOException {
        try (Reader in = new InputStreamReader(decompressed(file), StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(in, READ)) {
            long count = -1;
            int width = -1;
            for (CSVRecord record : parser) {
                if (width < 0) {
                    width = record.size();
                } else if (record.size() != width) {
                    throw new IOException("record " + (count + 1) + " has " + record.size() + " fields, the header "
                            + width);
                }
                count++;
            }
            if (width < 0) {
                throw new IOException("CSV file has no header row");
            }
            return count;
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new IOException("malformed CSV in " + file + ": " + e.getMessage(), e);
        }
    }
}
