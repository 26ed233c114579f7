package io.tributary.export.format;

import java.util.List;

/**
 * Defuses CSV injection (OWASP "CSV Injection"): spreadsheet programs run a cell that starts with {@code =},
 * {@code +}, {@code -} or {@code @} as a formula, and OWASP also lists a leading tab ({@code \t}) and carriage
 * return ({@code \r}). Such a cell gets a leading apostrophe ({@code '}), so it is shown as text and never run.
 *
 * <p>Which cells, decided per column type: only text columns ({@link FlatTable.ColumnType#STRING}) are escaped,
 * whose values come from event data (function names, messages, URLs, attributes, JSON previews, ...). Numeric
 * and boolean columns are written as numbers and booleans, so a negative {@code dt_ns} or {@code status} such as
 * {@code -5} stays {@code -5}. {@link FlatTable.ColumnType#BYTES} columns hold Tributary's own Base64 (the
 * latency sketch): it can start with {@code +}, and a {@code '} would break its decoding while its alphabet
 * cannot form a function call. Empty strings and missing values are left as they are; the header row holds
 * Tributary's column names and is never escaped.
 * Instances are immutable and thread-safe.
 */
final class CsvFormulaEscaping {
    /** The leading characters that make a spreadsheet run a cell: {@code = + - @}, tab and carriage return. */
    static final String FORMULA_STARTS = "=+-@\t\r";

    private final boolean[] textColumns;

    /** Escaping for rows of the given columns, in their order. */
    CsvFormulaEscaping(List<FlatTable.Column> columns) {
        textColumns = new boolean[columns.size()];
        for (int i = 0; i < textColumns.length; i++) {
            textColumns[i] = columns.get(i).type() == FlatTable.ColumnType.STRING;
        }
    }

    /** Escapes the text cells of {@code row} in place and returns it. */
    Object[] apply(Object[] row) {
        for (int i = 0; i < row.length; i++) {
            if (textColumns[i] && row[i] instanceof String cell) {
                row[i] = escape(cell);
            }
        }
        return row;
    }

    /** {@code cell} with a leading {@code '} when it starts with one of {@link #FORMULA_STARTS}, else as it is. */
    static String escape(String cell) {
        return !cell.isEmpty() && FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }
}
