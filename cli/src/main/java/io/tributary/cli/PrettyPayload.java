package io.tributary.cli;

import io.tributary.schema.Call;
import io.tributary.schema.Custom;
import io.tributary.schema.Event;
import io.tributary.schema.ExceptionEvent;
import io.tributary.schema.HttpRequest;
import io.tributary.schema.HttpResponse;
import io.tributary.schema.Return;
import io.tributary.schema.SessionStart;

/** One-line summaries of payloads for {@code tail --format pretty}. */
final class PrettyPayload {
    private PrettyPayload() {
    }

    static String describe(Event event) {
        Object p = event.getPayload();
        if (p instanceof SessionStart s) {
            return "tag=" + s.getTag();
        } else if (p instanceof Call c) {
            return c.getFunc() + (c.getModule() != null ? " (" + c.getModule() + ")" : "");
        } else if (p instanceof Return r) {
            return r.getFunc() + " " + String.format("%.3f ms", r.getDtNs() / 1e6);
        } else if (p instanceof ExceptionEvent x) {
            return x.getTypeName() + ": " + x.getMessage();
        } else if (p instanceof HttpRequest h) {
            return h.getMethod() + " " + h.getUrl();
        } else if (p instanceof HttpResponse h) {
            return h.getStatus() + " " + String.format("%.3f ms", h.getDtNs() / 1e6)
                    + (h.getError() != null ? " error=" + h.getError() : "");
        } else if (p instanceof Custom c) {
            return c.getName() + " " + (c.getData() != null ? c.getData() : "");
        }
        return String.valueOf(p);
    }
}
