package io.tributary.schema.codec;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.tributary.schema.Category;
import io.tributary.schema.EventType;
import io.tributary.schema.Priority;
import java.util.Locale;

/**
 * The names of the JSON line format, pre-encoded once: field names and the lower-case enum symbols. Shared by
 * everything that writes the format ({@link JsonEventWriter}, {@link EventJsonTranscoder}), so they agree byte for
 * byte.
 */
final class JsonNames {
    static final SerializableString ARGS_PREVIEW = new SerializedString("args_preview");
    static final SerializableString ATTRS = new SerializedString("attrs");
    static final SerializableString BYTES_IN = new SerializedString("bytes_in");
    static final SerializableString BYTES_OUT = new SerializedString("bytes_out");
    static final SerializableString CATEGORY = new SerializedString("category");
    static final SerializableString DATA = new SerializedString("data");
    static final SerializableString DT_NS = new SerializedString("dt_ns");
    static final SerializableString ERROR = new SerializedString("error");
    static final SerializableString EVENT_ID = new SerializedString("event_id");
    static final SerializableString FILE = new SerializedString("file");
    static final SerializableString FUNC = new SerializedString("func");
    static final SerializableString HEADERS = new SerializedString("headers");
    static final SerializableString LANGUAGE = new SerializedString("language");
    static final SerializableString LINE = new SerializedString("line");
    static final SerializableString LOCALS_PREVIEW = new SerializedString("locals_preview");
    static final SerializableString MESSAGE = new SerializedString("message");
    static final SerializableString METHOD = new SerializedString("method");
    static final SerializableString MODULE = new SerializedString("module");
    static final SerializableString NAME = new SerializedString("name");
    static final SerializableString PRIORITY = new SerializedString("priority");
    static final SerializableString REQUEST_BODY = new SerializedString("request_body");
    static final SerializableString RESPONSE_BODY = new SerializedString("response_body");
    static final SerializableString RUNTIME = new SerializedString("runtime");
    static final SerializableString SAMPLE_RATE = new SerializedString("sample_rate");
    static final SerializableString SERVICE = new SerializedString("service");
    static final SerializableString SESSION_ID = new SerializedString("session_id");
    static final SerializableString SPAN_ID = new SerializedString("span_id");
    static final SerializableString STATUS = new SerializedString("status");
    static final SerializableString T0_NS = new SerializedString("t0_ns");
    static final SerializableString T1_NS = new SerializedString("t1_ns");
    static final SerializableString TAG = new SerializedString("tag");
    static final SerializableString TRACE_ID = new SerializedString("trace_id");
    static final SerializableString TS_NS = new SerializedString("ts_ns");
    static final SerializableString TYPE = new SerializedString("type");
    static final SerializableString TYPE_NAME = new SerializedString("type_name");
    static final SerializableString URL = new SerializedString("url");
    static final SerializableString VERSION = new SerializedString("version");

    /** Lower-case symbols by ordinal, as the format writes them. */
    static final String[] TYPE_NAMES = lowerCaseNames(EventType.values());
    static final String[] CATEGORY_NAMES = lowerCaseNames(Category.values());
    static final String[] PRIORITY_NAMES = lowerCaseNames(Priority.values());

    /** The sample rate 1.0 as Jackson writes a double, so the common case is not formatted per event. */
    static final String ONE = Double.toString(1.0);

    private JsonNames() {
    }

    private static String[] lowerCaseNames(Enum<?>[] values) {
        String[] names = new String[values.length];
        for (Enum<?> v : values) {
            names[v.ordinal()] = v.name().toLowerCase(Locale.ROOT);
        }
        return names;
    }
}
