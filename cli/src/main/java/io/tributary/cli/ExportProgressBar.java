package io.tributary.cli;

import io.tributary.export.range.ExportProgress;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** A progress bar on stderr for range exports, counting offsets read; shown only on a terminal. */
final class ExportProgressBar implements ExportProgress {
    private final PrintStream stream;
    private final String task;
    private ProgressBar bar;

    private ExportProgressBar(PrintStream stream, String task) {
        this.stream = stream;
        this.task = task;
    }

    /** A bar on stderr when it is a terminal and {@code enabled}, else no progress at all. */
    static ExportProgress forTerminal(boolean enabled, String task) {
        return enabled && System.console() != null ? new ExportProgressBar(System.err, task) : ExportProgress.NONE;
    }

    @Override
    public void started(long totalOffsets) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalOffsets)
                .setConsumer(new ConsoleProgressBarConsumer(stream)).setUnit(" offsets", 1)
                .setUpdateIntervalMillis(250).build();
    }

    @Override
    public void advanced(long offsetsRead, long eventsExported) {
        if (bar != null) {
            bar.stepTo(offsetsRead);
            bar.setExtraMessage(eventsExported + " events");
        }
    }

    @Override
    public void finished() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
