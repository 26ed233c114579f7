package io.tributary.export.format;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.IndexedRecord;

/**
 * The flat, stable column set of a record kind, shared by CSV and Parquet so that both load as a plain
 * table. Top-level fields keep their names; the fields of every branch of a record union (the event
 * {@code payload}) become columns of their own, merged by name ({@code t0_ns} of calls and of HTTP requests
 * is one column), empty for records of another branch. Nested values (maps such as {@code attrs}, records
 * such as {@code runtime}) become JSON strings; fields already holding JSON text ({@code args_preview},
 * {@code data}, ...) are kept as that text. Enum symbols are written in lower case, as in the JSON lines.
 * Instances are immutable and thread-safe.
 */
public final class FlatTable {
    /**
     * Value type of a column; every column is nullable. {@code BYTES} columns (such as {@code latency_sketch})
     * hold Base64 text, a {@link String} in rows and a string in {@link #rowSchema()}, like {@code STRING}; they
     * are told apart because their text is Tributary's encoding, not event data.
     */
    public enum ColumnType {
        STRING, INT, LONG, DOUBLE, BOOLEAN, BYTES
    }

    /** One column: its name, type, and where its value comes from. */
    public record Column(String name, ColumnType type, int topLevelPos, boolean fromUnionBranch) {
    }

    private static final Map<RecordKind, FlatTable> BY_KIND = new EnumMap<>(RecordKind.class);

    static {
        for (RecordKind kind : RecordKind.values()) {
            BY_KIND.put(kind, new FlatTable(kind.schema()));
        }
    }

    private final List<Column> columns;
    private final Schema rowSchema;
    private final Map<Schema, int[]> branchPositions = new ConcurrentHashMap<>();

    private FlatTable(Schema schema) {
        Map<String, Column> byName = new LinkedHashMap<>();
        for (Schema.Field field : schema.getFields()) {
            List<Schema> branches = recordBranches(field.schema());
            if (branches.isEmpty()) {
                byName.put(field.name(), new Column(field.name(), typeOf(field.schema()), field.pos(), false));
                continue;
            }
            for (Schema branch : branches) {
                for (Schema.Field inner : branch.getFields()) {
                    ColumnType type = typeOf(inner.schema());
                    Column known = byName.get(inner.name());
                    if (known == null) {
                        byName.put(inner.name(), new Column(inner.name(), type, field.pos(), true));
                    } else if (known.type() != type) {
                        byName.put(inner.name(), new Column(inner.name(), ColumnType.STRING, field.pos(), true));
                    }
                }
            }
        }
        this.columns = List.copyOf(byName.values());
        this.rowSchema = buildRowSchema(schema.getName() + "Row", schema.getNamespace(), columns);
    }

    /** The table of a record kind. */
    public static FlatTable of(RecordKind kind) {
        return BY_KIND.get(kind);
    }

    /** The columns, in their stable order. */
    public List<Column> columns() {
        return columns;
    }

    /** An Avro record schema with one nullable field per column, for writers that need one (Parquet). */
    public Schema rowSchema() {
        return rowSchema;
    }

    /**
     * The record's values in column order: {@link String}, {@link Integer}, {@link Long}, {@link Double},
     * {@link Boolean} or {@code null}.
     */
    public Object[] row(IndexedRecord record) {
        Object[] row = new Object[columns.size()];
        IndexedRecord branch = null;
        int[] branchPos = null;
        for (int i = 0; i < row.length; i++) {
            Column column = columns.get(i);
            Object raw;
            if (!column.fromUnionBranch()) {
                raw = record.get(column.topLevelPos());
            } else {
                if (branchPos == null) {
                    branch = (IndexedRecord) record.get(column.topLevelPos());
                    branchPos = branch == null ? new int[columns.size()]
                            : branchPositions.computeIfAbsent(branch.getSchema(), this::positionsIn);
                }
                raw = branch == null || branchPos[i] < 0 ? null : branch.get(branchPos[i]);
            }
            row[i] = convert(raw, column.type());
        }
        return row;
    }

    private int[] positionsIn(Schema branch) {
        int[] pos = new int[columns.size()];
        for (int i = 0; i < pos.length; i++) {
            Schema.Field f = columns.get(i).fromUnionBranch() ? branch.getField(columns.get(i).name()) : null;
            pos[i] = f == null ? -1 : f.pos();
        }
        return pos;
    }

    private static Object convert(Object raw, ColumnType type) {
        if (raw == null) {
            return null;
        }
        switch (type) {
            case LONG:
                return ((Number) raw).longValue();
            case INT:
                return ((Number) raw).intValue();
            case DOUBLE:
                return ((Number) raw).doubleValue();
            case BOOLEAN:
                return raw;
            default:
                return raw instanceof CharSequence ? raw.toString()
                        : isNested(raw) ? AvroJson.toJson(raw) : AvroJson.plainString(raw);
        }
    }

    private static boolean isNested(Object raw) {
        return raw instanceof IndexedRecord || raw instanceof Map<?, ?> || raw instanceof java.util.Collection<?>;
    }

    private static List<Schema> recordBranches(Schema schema) {
        List<Schema> records = new ArrayList<>();
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() == Schema.Type.RECORD) {
                    records.add(branch);
                }
            }
        }
        return records.size() >= 2 ? records : List.of();
    }

    private static ColumnType typeOf(Schema schema) {
        Schema s = schema;
        if (s.getType() == Schema.Type.UNION) {
            List<Schema> nonNull = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
            if (nonNull.size() != 1) {
                return ColumnType.STRING;
            }
            s = nonNull.get(0);
        }
        switch (s.getType()) {
            case INT:
                return ColumnType.INT;
            case LONG:
                return ColumnType.LONG;
            case FLOAT:
            case DOUBLE:
                return ColumnType.DOUBLE;
            case BOOLEAN:
                return ColumnType.BOOLEAN;
            case BYTES:
                return ColumnType.BYTES;
            default:
                return ColumnType.STRING;
        }
    }

    private static Schema buildRowSchema(String name, String namespace, List<Column> columns) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(name).namespace(namespace).fields();
        for (Column c : columns) {
            SchemaBuilder.BaseFieldTypeBuilder<Schema> nullable = fields.name(c.name()).type().nullable();
            switch (c.type()) {
                case INT -> fields = nullable.intType().noDefault();
                case LONG -> fields = nullable.longType().noDefault();
                case DOUBLE -> fields = nullable.doubleType().noDefault();
                case BOOLEAN -> fields = nullable.booleanType().noDefault();
                default -> fields = nullable.stringType().noDefault();
            }
        }
        return fields.endRecord();
    }
}
