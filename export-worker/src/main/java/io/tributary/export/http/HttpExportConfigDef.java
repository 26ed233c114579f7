package io.tributary.export.http;

import static io.tributary.export.http.HttpExportConfig.*;

import io.tributary.export.core.FilterSettings;
import io.tributary.export.core.LoopThreads;
import io.tributary.runtime.config.SharedConfigDef;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/** The definitions behind {@link HttpExportConfig#CONFIG}: {@link SharedConfigDef}'s keys and the exporter's. */
final class HttpExportConfigDef {
    private HttpExportConfigDef() {
    }

    static ConfigDef define() {
        ConfigDef def = SharedConfigDef.define();
        kafka(def);
        endpoint(def);
        batching(def);
        retries(def);
        FilterSettings.define(def);
        LoopThreads.define(def);
        return def;
    }

    private static void kafka(ConfigDef def) {
        def.define(TOPICS, Type.LIST, "", Importance.HIGH,
                "Topics to forward, full names. Empty: <prefix>events.sampled.");
        def.define(GROUP_ID, Type.STRING, "tributary-export-http", new ConfigDef.NonEmptyString(),
                Importance.HIGH, "Consumer group; workers in one group share the partitions.");
        def.define(POLL_TIMEOUT_MS, Type.LONG, 100L, Range.between(1, 60_000), Importance.LOW,
                "Longest wait for records per loop turn; bounds how late an idle partition's age batch leaves.");
        def.define(SHUTDOWN_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                "On shutdown or partition revocation, how long to let in-flight batches finish before they are "
                        + "abandoned uncommitted (the next owner resends them under the same Idempotency-Key).");
    }

    private static void endpoint(ConfigDef def) {
        def.define(ENDPOINT, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                Importance.HIGH, "URL batches are POSTed to. Must be https:// unless " + ALLOW_INSECURE
                        + " is true.");
        def.define(ALLOW_INSECURE, Type.BOOLEAN, false, Importance.MEDIUM,
                "Allow a plain http:// endpoint (loopback tests, a sidecar). The token then travels in clear.");
        def.define(TOKEN, Type.PASSWORD, null, Importance.HIGH,
                "Bearer token sent as 'Authorization: Bearer <token>'; usually from TRIBUTARY_HTTP_TOKEN. Never "
                        + "logged. Empty with no " + TOKEN_FILE + ": no Authorization header.");
        def.define(TOKEN_FILE, Type.STRING, "", Importance.HIGH,
                "File holding the bearer token (surrounding whitespace ignored). Re-read when it changes, so a "
                        + "rotated token is picked up without a restart. Wins over " + TOKEN + ".");
        def.define(COMPRESSION, Type.STRING, "gzip", ValidString.in("gzip", "zstd", "none"), Importance.MEDIUM,
                "Body compression, announced in Content-Encoding: gzip, zstd or none.");
        def.define(ZSTD_LEVEL, Type.INT, 3, Range.between(1, 22), Importance.LOW, "zstd compression level.");
        def.define(GZIP_LEVEL, Type.INT, 1, Range.between(1, 9), Importance.LOW,
                "gzip (DEFLATE) level of the bodies. 1, like nginx's gzip_comp_level, compresses event lines 1.7x "
                        + "faster than zlib's default 6 for bodies about 19% larger; 6 or 9 when bandwidth is dearer "
                        + "than CPU.");
        def.define(CONNECT_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.MEDIUM,
                "TCP/TLS connect timeout; a timeout is retried like any network error.");
        def.define(REQUEST_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.MEDIUM,
                "Timeout of one request until its response headers; a timeout is retried.");
        def.define(CONCURRENCY, Type.INT, 4, Range.between(1, 256), Importance.MEDIUM,
                "Batches in flight at once, across partitions. Within a partition one batch is in flight at a "
                        + "time, so order is kept.");
    }

    private static void batching(ConfigDef def) {
        def.define(BATCH_EVENTS, Type.INT, 5_000, Range.between(1, 1_000_000), Importance.MEDIUM,
                "A batch leaves when it holds this many events.");
        def.define(BATCH_BYTES, Type.LONG, 4L * 1024 * 1024, Range.atLeast(1), Importance.MEDIUM,
                "A batch leaves before its uncompressed NDJSON would exceed this many bytes (a single larger "
                        + "event travels alone).");
        def.define(BATCH_AGE_MS, Type.LONG, 1_000L, Range.atLeast(0), Importance.MEDIUM,
                "A batch leaves when its first event waited this long, even if small.");
    }

    private static void retries(ConfigDef def) {
        def.define(RETRY_INITIAL_MS, Type.LONG, 100L, Range.atLeast(1), Importance.LOW,
                "Backoff cap of the first retry; the wait is drawn uniformly from [0, cap] (full jitter).");
        def.define(RETRY_MULTIPLIER, Type.DOUBLE, 2.0, Range.between(1.0, 100.0), Importance.LOW,
                "Factor by which the backoff cap grows per failed attempt.");
        def.define(RETRY_MAX_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                "Largest backoff cap.");
        def.define(RETRY_MAX_ELAPSED_MS, Type.LONG, 300_000L, Range.atLeast(0), Importance.MEDIUM,
                "How long a batch is retried before " + RETRY_EXHAUSTED + " applies.");
        def.define(RETRY_EXHAUSTED, Type.STRING, "block", ValidString.in("block", "dlq"), Importance.MEDIUM,
                "After " + RETRY_MAX_ELAPSED_MS + ": 'block' keeps retrying at the largest delay, forever, with "
                        + "health DEGRADED (nothing is lost); 'dlq' moves the batch's events to the dead-letter "
                        + "topic. Authentication failures always block.");
        def.define(RETRY_AFTER_MAX_MS, Type.LONG, 600_000L, Range.atLeast(0), Importance.LOW,
                "Largest wait taken from a Retry-After header; longer values are cut to this.");
        def.define(AUTH_RETRY_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.MEDIUM,
                "After a 401 or 403, the partition pauses and the batch is retried at this interval until the "
                        + "token is accepted.");
    }
}
