package io.tributary.cli;

import java.util.concurrent.CountDownLatch;

/** Blocks a long-running command until Ctrl-C (SIGINT/SIGTERM), then lets it close its parts in order. */
final class Shutdown {
    private final CountDownLatch signalled = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    private Shutdown() {
    }

    /** Installs the JVM hook; the hook waits (bounded) for the command to finish closing. */
    static Shutdown onSignal() {
        Shutdown shutdown = new Shutdown();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown.signalled.countDown();
            try {
                shutdown.finished.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tributary-shutdown"));
        return shutdown;
    }

    /** Waits for the signal. */
    void await() throws InterruptedException {
        signalled.await();
    }

    /** Waits up to the timeout; true if the signal came. */
    boolean await(long millis) throws InterruptedException {
        return signalled.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Called when everything is closed, so the JVM can exit. */
    void done() {
        finished.countDown();
    }
}
