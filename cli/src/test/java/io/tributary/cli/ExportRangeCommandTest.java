package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors of {@code export range} and {@code export schedule}: exit 2, one clear line, no broker needed. */
class ExportRangeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        return TributaryCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private void assertUsageError(String expected, String... args) {
        err.getBuffer().setLength(0);
        assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
        assertThat(err.toString()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void bothCommandsHaveHelp() {
        assertThat(run("export", "range", "--help")).isZero();
        assertThat(out.toString()).contains("--incremental").contains("--from").contains("--session");
        assertThat(run("export", "schedule", "--help")).isZero();
        assertThat(out.toString()).contains("--cron").contains("--retention").contains("Unix");
    }

    @Test
    void badRangeFlagsExitWithTwoNamingTheFlag() {
        String o = dir.toString();
        assertUsageError("--from: 'yesterday' is not a time", "export", "range", "--from", "yesterday", "--out", o);
        assertUsageError("--type: unknown event type 'teleport'", "export", "range", "--type", "call,teleport",
                "--out", o);
        assertUsageError("--category: unknown category 'errors'", "export", "range", "--category", "errors",
                "--out", o);
        assertUsageError("--format: unknown format 'xml'", "export", "range", "--format", "xml", "--out", o);
        assertUsageError("--compression: unknown compression 'lz4'", "export", "range", "--compression", "lz4",
                "--out", o);
        assertUsageError("must be before", "export", "range", "--from", "2025-11-22T09:00:00Z", "--to",
                "2025-11-22T08:00:00Z", "--out", o);
        assertUsageError("--incremental needs --state FILE", "export", "range", "--incremental", "--out", o);
        assertUsageError("--state is only used with --incremental", "export", "range", "--state",
                dir.resolve("s.json").toString(), "--out", o);
        assertUsageError("Missing required option: '--out=DIR'", "export", "range");
    }

    @Test
    void badScheduleFlagsExitWithTwo() {
        String o = dir.toString();
        assertUsageError("not a Unix cron expression", "export", "schedule", "--cron", "0 0 * * * ?",
                "--retention", "3", "--out", o);
        assertUsageError("retention must be at least 1, got 0", "export", "schedule", "--cron", "0 * * * *",
                "--retention", "0", "--out", o);
        assertUsageError("--type: unknown event type", "export", "schedule", "--cron", "0 * * * *",
                "--retention", "3", "--type", "nope", "--out", o);
        assertUsageError("Missing required option", "export", "schedule", "--out", o);
    }
}
