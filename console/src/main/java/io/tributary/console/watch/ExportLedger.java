package io.tributary.console.watch;

import io.tributary.export.file.ExportLayout;
import io.tributary.export.file.Manifest;
import io.tributary.export.file.ManifestFile;
import io.tributary.export.file.ManifestJson;
import io.tributary.export.storage.Storage;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ledger of file-export flushes, read from the manifests on the export's storage (a directory or an
 * {@code s3://} prefix), and the result of the last {@code verify} run from the console. New manifests are read
 * on each {@link #refresh()}; the latest {@value #LATEST} are kept, the totals cover all. Thread-safe.
 */
public final class ExportLedger implements AutoCloseable {
    public static final int LATEST = 1_000;

    /** One flush as the ledger shows it. */
    public record Flush(Instant exportedAt, String topic, int partition, long startOffset, long endOffset,
            long events, long bytes, int files, String format, String compression) {
    }

    /** A verify run: running, or finished with its report (or the error that stopped it). */
    public record VerifyRun(Instant started, Instant finished, VerifyReport report, String error) {
        public boolean running() {
            return finished == null;
        }
    }

    private final Storage storage;
    private final long sinceMs;
    private final Flow flow;
    private final Set<String> read = new HashSet<>();
    private final TreeSet<Flush> latest = new TreeSet<>(Comparator.comparing(Flush::exportedAt)
            .thenComparing(Flush::topic).thenComparingInt(Flush::partition).thenComparingLong(Flush::startOffset));
    private final ExecutorService verifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tributary-console-verify");
        t.setDaemon(true);
        return t;
    });
    private long flushes;
    private long events;
    private long bytes;
    private VerifyRun lastVerify;
    private String problem = "";

    /**
     * @param sinceMs flushes published from then on count in the flow's exported stage
     */
    public ExportLedger(Storage storage, long sinceMs, Flow flow) {
        this.storage = storage;
        this.sinceMs = sinceMs;
        this.flow = flow;
    }

    /** Where the export is, e.g. the directory or {@code s3://bucket/prefix}. */
    public String location() {
        return storage.locate("");
    }

    /** Reads the manifests published since the last refresh. */
    public void refresh() {
        List<Manifest> found = new ArrayList<>();
        try {
            for (String name : storage.list("")) {
                if (isManifest(name) && !alreadyRead(name)) {
                    found.add(ManifestJson.read(storage.readAll(name)));
                    markRead(name);
                }
            }
            setProblem("");
        } catch (IOException | RuntimeException e) {
            setProblem("cannot read the manifests at " + location() + ": " + e.getMessage());
        }
        found.forEach(this::add);
    }

    private static boolean isManifest(String name) {
        int dir = name.indexOf('/' + ExportLayout.MANIFEST_DIR + '/');
        return dir > 0 && name.endsWith(".json") && name.indexOf('/', dir + ExportLayout.MANIFEST_DIR.length() + 2) < 0
                && !name.startsWith("_") && !name.startsWith(".");
    }

    private synchronized boolean alreadyRead(String name) {
        return read.contains(name);
    }

    private synchronized void markRead(String name) {
        read.add(name);
    }

    private synchronized void setProblem(String problem) {
        this.problem = problem;
    }

    private void add(Manifest m) {
        long size = m.files().stream().mapToLong(ManifestFile::bytes).sum();
        Flush flush = new Flush(m.exportedAt(), m.topic(), m.partition(), m.startOffset(), m.endOffset(),
                m.eventCount(), size, m.files().size(), m.format(), m.compression());
        synchronized (this) {
            flushes++;
            events += flush.events();
            bytes += size;
            latest.add(flush);
            if (latest.size() > LATEST) {
                latest.pollFirst();
            }
        }
        if (m.exportedAt().toEpochMilli() >= sinceMs) {
            flow.add(Flow.Stage.EXPORTED, m.exportedAt().toEpochMilli(), m.eventCount());
        }
    }

    /** The latest flushes, newest first. */
    public synchronized List<Flush> latest() {
        return new ArrayList<>(latest.descendingSet());
    }

    public synchronized long flushes() {
        return flushes;
    }

    public synchronized long events() {
        return events;
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** Why the manifests cannot be read, or empty. */
    public synchronized String problem() {
        return problem;
    }

    /** The last verify run, or null when none was asked for. */
    public synchronized VerifyRun lastVerify() {
        return lastVerify;
    }

    /** Starts a verify run unless one is running; returns the run in progress. */
    public synchronized VerifyRun verifyNow() {
        if (lastVerify != null && lastVerify.running()) {
            return lastVerify;
        }
        VerifyRun run = new VerifyRun(Instant.now(), null, null, null);
        lastVerify = run;
        verifier.execute(() -> finish(run));
        return run;
    }

    private void finish(VerifyRun run) {
        VerifyRun done;
        try {
            done = new VerifyRun(run.started(), Instant.now(), ExportVerifier.verify(storage), null);
        } catch (RuntimeException e) {
            done = new VerifyRun(run.started(), Instant.now(), null, String.valueOf(e.getMessage()));
        }
        synchronized (this) {
            lastVerify = done;
        }
    }

    @Override
    public void close() {
        verifier.shutdownNow();
    }
}
