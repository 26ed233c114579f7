package io.tributary.schema.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import io.tributary.schema.codec.EventDecodeException.Reason;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of one JSON line, read with a streaming parser and checked for JSON type as they come. Which of
 * them an event type requires is decided later, by {@link JsonEventParser}.
 */
final class JsonFields {
    String type;
    String id;
    String service;
    String sessionId;
    String traceId;
    String spanId;
    String tag;
    String func;
    String module;
    String file;
    String typeName;
    String message;
    String method;
    String url;
    String error;
    String name;
    String category;
    String priority;
    Long tsNs;
    Long t0Ns;
    Long t1Ns;
    Long dtNs;
    Long bytesOut;
    Long bytesIn;
    Integer line;
    Integer status;
    Double sampleRate;
    Map<String, String> attrs;
    String runtimeLanguage;
    String runtimeVersion;
    boolean hasRuntime;
    String argsPreview;
    String localsPreview;
    String headers;
    String requestBody;
    String responseBody;
    String data;

    private final JsonTextCopier copier;

    JsonFields(JsonTextCopier copier) {
        this.copier = copier;
    }

    /** Reads the field the parser is positioned on (its value token already current). */
    void read(String field, JsonParser p) throws IOException {
        switch (field) {
            case "type" -> type = string(field, p);
            case "id", "event_id" -> id = string(field, p);
            case "service" -> service = string(field, p);
            case "session_id" -> sessionId = string(field, p);
            case "trace_id" -> traceId = string(field, p);
            case "span_id" -> spanId = string(field, p);
            case "tag" -> tag = string(field, p);
            case "func" -> func = string(field, p);
            case "module" -> module = string(field, p);
            case "file" -> file = string(field, p);
            case "type_name" -> typeName = string(field, p);
            case "message" -> message = string(field, p);
            case "method" -> method = string(field, p);
            case "url" -> url = string(field, p);
            case "error" -> error = string(field, p);
            case "name" -> name = string(field, p);
            case "category" -> category = string(field, p);
            case "priority" -> priority = string(field, p);
            case "ts_ns" -> tsNs = integer(field, p);
            case "t0_ns" -> t0Ns = integer(field, p);
            case "t1_ns" -> t1Ns = integer(field, p);
            case "dt_ns" -> dtNs = integer(field, p);
            case "bytes_out" -> bytesOut = integer(field, p);
            case "bytes_in" -> bytesIn = integer(field, p);
            case "line" -> line = intValue(field, p);
            case "status" -> status = intValue(field, p);
            case "sample_rate" -> sampleRate = number(field, p);
            case "attrs" -> attrs = stringMap(field, p);
            case "runtime" -> readRuntime(field, p);
            case "args_preview" -> argsPreview = jsonText(field, p, false);
            case "locals_preview" -> localsPreview = jsonText(field, p, false);
            case "headers" -> headers = jsonText(field, p, true);
            case "request_body" -> requestBody = jsonText(field, p, false);
            case "response_body" -> responseBody = jsonText(field, p, false);
            case "data" -> data = jsonText(field, p, true);
            default -> p.skipChildren(); // unknown fields are ignored, so newer producers keep working
        }
    }

    private static String string(String field, JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw wrongType(field, "a string", t);
        }
        return p.getText();
    }

    private static Long integer(String field, JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(field, "an integer", t);
        }
        try {
            return p.getLongValue();
        } catch (InputCoercionException e) {
            throw new EventDecodeException(Reason.INVALID_VALUE, field, "integer out of 64-bit range: " + p.getText(), e);
        }
    }

    private static Integer intValue(String field, JsonParser p) throws IOException {
        Long value = integer(field, p);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new EventDecodeException(Reason.INVALID_VALUE, field, "integer out of 32-bit range: " + value);
        }
        return value.intValue();
    }

    private static Double number(String field, JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType(field, "a number", t);
        }
        return p.getDoubleValue();
    }

    private static Map<String, String> stringMap(String field, JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw wrongType(field, "an object of strings", t);
        }
        Map<String, String> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (value != JsonToken.VALUE_STRING) {
                throw wrongType(field + "." + key, "a string", value);
            }
            map.put(key, p.getText());
        }
        return map;
    }

    private void readRuntime(String field, JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            throw wrongType(field, "an object", t);
        }
        hasRuntime = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "language" -> runtimeLanguage = string("runtime.language", p);
                case "version" -> runtimeVersion = string("runtime.version", p);
                default -> p.skipChildren();
            }
        }
    }

    /** Copies any JSON value verbatim as text; {@code null} for JSON null. */
    private String jsonText(String field, JsonParser p, boolean objectOnly) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (objectOnly && t != JsonToken.START_OBJECT) {
            throw wrongType(field, "an object", t);
        }
        return copier.copy(p);
    }

    private static EventDecodeException wrongType(String field, String expected, JsonToken actual) {
        return new EventDecodeException(Reason.WRONG_FIELD_TYPE, field,
                "expected " + expected + ", got " + describe(actual));
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.asString();
        };
    }
}
