package io.tributary.export.http;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * An HTTP export worker alone in a JVM, for tests that kill it with SIGKILL: no shutdown hook, no close, no
 * final commit. Arguments are {@code key=value} settings.
 */
public final class HttpWorkerProcess {
    private HttpWorkerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, Object> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        HttpExportWorker.create(new HttpExportConfig(settings)).start();
        new CountDownLatch(1).await();
    }
}
