package io.tributary.export.file;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A file export worker alone in a JVM, for tests that kill it with SIGKILL: no shutdown hook, no close, no
 * final commit; whatever the process had in flight dies with it. Arguments are {@code key=value} settings.
 */
public final class WorkerProcess {
    private WorkerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, Object> settings = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            settings.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        FileExportWorker worker = FileExportWorker.create(new FileExportConfig(settings));
        worker.start();
        new CountDownLatch(1).await();
    }
}
