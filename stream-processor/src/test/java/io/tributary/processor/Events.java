package io.tributary.processor;

import io.tributary.schema.Call;
import io.tributary.schema.Category;
import io.tributary.schema.Custom;
import io.tributary.schema.Event;
import io.tributary.schema.EventType;
import io.tributary.schema.ExceptionEvent;
import io.tributary.schema.HttpRequest;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.Priority;
import io.tributary.schema.Return;
import io.tributary.schema.SessionStart;
import java.util.UUID;

/** Builders of test events. Times are milliseconds since the epoch. */
public final class Events {
    private Events() {
    }

    public static Event.Builder base(EventType type, String service, String session, long tsMs) {
        return Event.newBuilder().setEventId(UUID.randomUUID().toString()).setType(type)
                .setCategory(type == EventType.EXCEPTION ? Category.ERROR : Category.TRACE)
                .setPriority(Priority.NORMAL).setTsNs(tsMs * 1_000_000L).setService(service).setSessionId(session);
    }

    public static Event sessionStart(String service, String session, String tag, long tsMs) {
        return base(EventType.SESSION_START, service, session, tsMs).setPayload(new SessionStart(tag, null)).build();
    }

    public static Event call(String service, String session, String func, long tsMs) {
        return base(EventType.CALL, service, session, tsMs)
                .setPayload(new Call(func, null, null, null, tsMs * 1_000_000L, null)).build();
    }

    public static Event ret(String service, String session, String func, long tsMs, long dtNs) {
        return base(EventType.RETURN, service, session, tsMs)
                .setPayload(new Return(func, tsMs * 1_000_000L, dtNs, null)).build();
    }

    public static Event exception(String service, String session, String typeName, long tsMs) {
        return base(EventType.EXCEPTION, service, session, tsMs)
                .setPayload(new ExceptionEvent(null, typeName, "boom")).build();
    }

    public static Event request(String service, String session, String method, String url, long tsMs, long bytesOut) {
        return base(EventType.HTTP_REQUEST, service, session, tsMs)
                .setPayload(new HttpRequest(method, url, tsMs * 1_000_000L, null, bytesOut, null)).build();
    }

    public static Event response(String service, String session, int status, long tsMs, long dtNs, long bytesIn) {
        return base(EventType.HTTP_RESPONSE, service, session, tsMs).setPayload(new HttpResponse(status,
                tsMs * 1_000_000L, dtNs, null, null, null, bytesIn, null, null)).build();
    }

    public static Event custom(String service, String session, String name, long tsMs) {
        return base(EventType.CUSTOM, service, session, tsMs).setCategory(Category.USAGE)
                .setPayload(new Custom(name, "{}")).build();
    }
}
